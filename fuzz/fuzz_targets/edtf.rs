//! The EDTF parser: never panics; what it accepts has ordered bounds and round-trips.
#![no_main]

use daleel_fuzz::edtf::Edtf;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(edtf) = Edtf::parse(text) {
        if let (Some(lo), Some(hi)) = (edtf.earliest(), edtf.latest()) {
            assert!(lo <= hi, "{text:?}: {lo} > {hi}");
        }
        assert!(
            edtf.earliest().is_some() || edtf.latest().is_some(),
            "{text:?}"
        );
        assert_eq!(
            Edtf::parse(&edtf.to_string()).as_ref(),
            Ok(&edtf),
            "{text:?}"
        );
    }
});
