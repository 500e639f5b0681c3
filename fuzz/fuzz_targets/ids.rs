//! The id and cursor decoders: never panic, on raw text or on any decoded bytes; what
//! they accept encodes back to an equivalent id or cursor.
#![no_main]

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use daleel_fuzz::ids::{
    MAX_CURSOR_INDEX, NodeType, decode_cursor, decode_id, decode_id_of, encode_cursor, encode_id,
};
use libfuzzer_sys::fuzz_target;

fn check(text: &str) {
    if let Ok((node_type, uuid)) = decode_id(text) {
        assert_eq!(
            decode_id(&encode_id(node_type, uuid)).ok(),
            Some((node_type, uuid))
        );
        for &other in NodeType::ALL {
            assert_eq!(decode_id_of(other, text).is_ok(), other == node_type);
        }
    }
    for kind in ["Facility", "Person", "SearchHit"] {
        if let Ok(index) = decode_cursor(kind, text) {
            assert!(index <= MAX_CURSOR_INDEX);
            assert_eq!(
                decode_cursor(kind, &encode_cursor(kind, index)).ok(),
                Some(index)
            );
        }
    }
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        check(text);
    }
    // Most raw text is not base64: also try the bytes as what an id decodes to.
    check(&URL_SAFE_NO_PAD.encode(data));
});
