//! Opaque, stable ids. A global id is base64url("<Type>:<uuid>"): the UUID is the
//! record's primary key, so the id survives restarts, exports and imports, and the type
//! prefix lets `node(id:)` dispatch and lets us reject an id of the wrong type.
//! A cursor is base64url("cursor:<Type>:<index>"), the 0-based position in an ordering.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use uuid::Uuid;

use crate::error::{AppError, AppResult};

pub use crate::records::NodeType;

/// Encodes the global id of a record.
pub fn encode_id(node_type: NodeType, id: Uuid) -> String {
    URL_SAFE_NO_PAD.encode(format!("{}:{}", node_type.name(), id.as_hyphenated()))
}

/// Decodes any global id into its type and UUID.
pub fn decode_id(id: &str) -> AppResult<(NodeType, Uuid)> {
    let malformed = || {
        AppError::bad_input(format!(
            "`{}` is not a valid id; use an `id` value returned by this API",
            truncate(id)
        ))
    };
    let text = decode_text(id).ok_or_else(malformed)?;
    let (type_name, uuid) = text.split_once(':').ok_or_else(malformed)?;
    let node_type = NodeType::from_name(type_name).ok_or_else(malformed)?;
    let uuid = Uuid::parse_str(uuid).map_err(|_| malformed())?;
    Ok((node_type, uuid))
}

/// Decodes a global id that must be of one type (e.g. the argument of `facility(id:)`).
pub fn decode_id_of(expected: NodeType, id: &str) -> AppResult<Uuid> {
    let (found, uuid) = decode_id(id)?;
    if found != expected {
        return Err(AppError::bad_input(format!(
            "`{}` is the id of a {}, but a {} id is expected here",
            truncate(id),
            found.name(),
            expected.name()
        )));
    }
    Ok(uuid)
}

/// The largest position a cursor may name: 2^53 - 1, far past any list's length, exact in
/// JavaScript, and small enough that a window computed from it (position + page size)
/// stays within the signed 64-bit integers the databases bind. A larger position once
/// reached SQLite's driver as an unsigned value it could not convert, and it panicked.
pub const MAX_CURSOR_INDEX: u64 = (1 << 53) - 1;

/// Encodes the cursor of the item at `index` in a list of `kind` (a type name).
pub fn encode_cursor(kind: &str, index: u64) -> String {
    URL_SAFE_NO_PAD.encode(format!("cursor:{kind}:{index}"))
}

/// Decodes a cursor that must come from a list of `expected` (a type name).
pub fn decode_cursor(expected: &str, cursor: &str) -> AppResult<u64> {
    let malformed = || {
        AppError::bad_input(format!(
            "`{}` is not a valid cursor for a list of {}; use a `cursor` or `pageInfo` value from the same list",
            truncate(cursor),
            expected
        ))
    };
    let text = decode_text(cursor).ok_or_else(malformed)?;
    let rest = text.strip_prefix("cursor:").ok_or_else(malformed)?;
    let (type_name, index) = rest.split_once(':').ok_or_else(malformed)?;
    if type_name != expected {
        return Err(malformed());
    }
    index
        .parse::<u64>()
        .ok()
        .filter(|&i| i <= MAX_CURSOR_INDEX)
        .ok_or_else(malformed)
}

fn decode_text(encoded: &str) -> Option<String> {
    // Ids are short; refusing long input early keeps hostile strings cheap.
    if encoded.len() > 128 {
        return None;
    }
    let bytes = URL_SAFE_NO_PAD.decode(encoded.trim_end_matches('=')).ok()?;
    String::from_utf8(bytes).ok()
}

/// Shortens user input quoted back in an error message.
fn truncate(input: &str) -> String {
    const MAX: usize = 64;
    match input.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &input[..cut]),
        None => input.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_for_every_type() {
        let uuid = Uuid::new_v4();
        for &t in NodeType::ALL {
            let id = encode_id(t, uuid);
            assert_eq!(decode_id(&id).unwrap(), (t, uuid));
            assert_eq!(decode_id_of(t, &id).unwrap(), uuid);
        }
    }

    #[test]
    fn an_id_of_another_type_is_rejected_with_both_names() {
        let id = encode_id(NodeType::Branch, Uuid::new_v4());
        let err = decode_id_of(NodeType::Facility, &id).unwrap_err();
        assert_eq!(err.code(), "BAD_USER_INPUT");
        let msg = err.message();
        assert!(msg.contains("Branch") && msg.contains("Facility"), "{msg}");
    }

    #[test]
    fn garbage_ids_are_bad_input() {
        for bad in [
            "",
            "abc",
            "!!!",
            &"x".repeat(500),
            &URL_SAFE_NO_PAD.encode("Nope:123"),
        ] {
            assert_eq!(
                decode_id(bad).unwrap_err().code(),
                "BAD_USER_INPUT",
                "{bad}"
            );
        }
    }

    #[test]
    fn cursors_round_trip_and_are_typed() {
        let c = encode_cursor("Person", 41);
        assert_eq!(decode_cursor("Person", &c).unwrap(), 41);
        assert!(decode_cursor("Facility", &c).is_err());
        let id = encode_id(NodeType::Person, Uuid::new_v4());
        assert!(decode_cursor("Person", &id).is_err());
    }

    #[test]
    fn cursor_positions_past_any_list_are_bad_input() {
        let edge = encode_cursor("Person", MAX_CURSOR_INDEX);
        assert_eq!(decode_cursor("Person", &edge).unwrap(), MAX_CURSOR_INDEX);
        for index in [MAX_CURSOR_INDEX + 1, i64::MAX as u64, u64::MAX] {
            let err = decode_cursor("Person", &encode_cursor("Person", index)).unwrap_err();
            assert_eq!(err.code(), "BAD_USER_INPUT", "{index}");
        }
    }
}
