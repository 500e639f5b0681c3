//! The search normaliser: never panics, is idempotent, keeps no invisible or control
//! characters, and its skeleton is idempotent with one token per token.
#![no_main]

use daleel_fuzz::normalize::{normalize, skeleton};
use libfuzzer_sys::fuzz_target;

fn invisible_or_control(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}'
                | '\u{FEFF}'
                | '\u{061C}'
                | '\u{00AD}'
        )
}

fuzz_target!(|text: &str| {
    let once = normalize(text);
    assert_eq!(normalize(&once), once, "{text:?}");
    assert!(
        !once.chars().any(invisible_or_control),
        "{text:?} -> {once:?}"
    );
    let skel = skeleton(&once);
    assert_eq!(skeleton(&skel), skel, "{text:?}");
    assert_eq!(
        skel.split_whitespace().count(),
        once.split_whitespace().count()
    );
});
