//! Properties of the three functions that read hostile text first: the EDTF parser, the
//! id and cursor decoders, and the search normaliser (and of how a parsed date reads). The fuzz targets in `fuzz/` drive
//! the same functions with coverage guidance; these run in `cargo test` (a few seconds).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::NaiveDate;
use daleel::edtf::Edtf;
use daleel::i18n::Language;
use daleel::i18n::dates::{DateStyle, display};
use daleel::ids::{
    MAX_CURSOR_INDEX, NodeType, decode_cursor, decode_id, decode_id_of, encode_cursor, encode_id,
};
use daleel::search::normalize::{normalize, skeleton, tokens};
use proptest::prelude::*;
use uuid::Uuid;

const CASES: u32 = 2048;

/// Invisible characters that normalised text must never hold.
fn is_invisible_or_control(c: char) -> bool {
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

/// Text near EDTF: its characters, in any order.
fn edtf_like() -> impl Strategy<Value = String> {
    "[0-9XY?~%./\\- ]{0,24}"
}

/// One date side, built from valid-looking parts (many of them still invalid: 2019-02-30).
fn edtf_date() -> impl Strategy<Value = String> {
    let year = prop_oneof![
        (0u32..10_000).prop_map(|y| format!("{y:04}")),
        (0u32..1000).prop_map(|y| format!("{y:03}X")),
        (0u32..100).prop_map(|y| format!("{y:02}XX")),
        (0u64..100_000_000_000).prop_map(|y| format!("Y{y}")),
    ];
    let month = prop_oneof![
        Just(String::new()),
        (0u32..26).prop_map(|m| format!("-{m:02}")),
        Just("-XX".to_owned()),
    ];
    let day = prop_oneof![
        Just(String::new()),
        (0u32..33).prop_map(|d| format!("-{d:02}")),
        Just("-XX".to_owned()),
    ];
    let qualifier = prop_oneof![Just(""), Just("?"), Just("~"), Just("%")];
    (any::<bool>(), year, month, day, qualifier).prop_map(|(negative, y, m, d, q)| {
        let sign = if negative && !y.starts_with('Y') {
            "-"
        } else {
            ""
        };
        format!("{sign}{y}{m}{d}{q}")
    })
}

/// A date or an interval of two sides (each a date, open or unknown).
fn edtf_expression() -> impl Strategy<Value = String> {
    let side = prop_oneof![
        4 => edtf_date(),
        1 => Just("..".to_owned()),
        1 => Just(String::new()),
    ];
    prop_oneof![
        edtf_date(),
        (side.clone(), side).prop_map(|(a, b)| format!("{a}/{b}")),
    ]
}

/// Names as they arrive: Arabic and Latin letters with harakat, joiners, bidi marks,
/// article-like prefixes, punctuation and digits.
fn name_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[a-zA-Zéàü'ʿ -]{1,6}",
        "[\u{0621}-\u{064A}]{1,6}",
        "[\u{064B}-\u{065F}\u{0640}\u{0670}]",
        "[\u{200B}-\u{200F}\u{202A}-\u{202E}\u{2066}-\u{2069}\u{FEFF}\u{061C}\u{00AD}]",
        Just("ال".to_owned()),
        Just("al-".to_owned()),
        "[0-9٠-٩۰-۹]{1,3}",
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..12).prop_map(|pieces| pieces.concat())
}

fn node_type() -> impl Strategy<Value = NodeType> {
    prop::sample::select(NodeType::ALL.to_vec())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn edtf_never_panics_on_any_text(text in any::<String>()) {
        let _ = Edtf::parse(&text);
    }

    #[test]
    fn edtf_accepted_bounds_are_ordered_and_round_trip(
        text in prop_oneof![edtf_like(), edtf_expression()]
    ) {
        if let Ok(edtf) = Edtf::parse(&text) {
            prop_assert!(edtf.earliest().is_some() || edtf.latest().is_some(), "{text}");
            if let (Some(lo), Some(hi)) = (edtf.earliest(), edtf.latest()) {
                prop_assert!(lo <= hi, "{text}: {lo} > {hi}");
            }
            prop_assert_eq!(Edtf::parse(&edtf.to_string()), Ok(edtf.clone()));
            prop_assert_eq!(edtf.as_str(), text.trim());
        }
    }

    #[test]
    fn every_accepted_date_reads_in_both_languages(
        text in prop_oneof![edtf_like(), edtf_expression()]
    ) {
        if let Ok(edtf) = Edtf::parse(&text) {
            for lang in Language::ALL {
                let style = DateStyle { lang: *lang, ..DateStyle::default() };
                let shown = display(&edtf, style);
                prop_assert!(!shown.trim().is_empty(), "{text}");
                // Nothing of the notation is left for a person to decode.
                prop_assert!(!shown.contains(['X', '~', '?', '%', '/', '{']), "{text}: {shown}");
                prop_assert!(!shown.contains(".."), "{text}: {shown}");
                let arabic = shown.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c));
                let wordless = shown.chars().all(|c| !c.is_alphabetic());
                prop_assert!(wordless || arabic == (*lang == Language::Ar), "{text}: {shown}");
            }
        }
    }

    #[test]
    fn edtf_every_real_day_is_exactly_itself(days in 0i64..3_652_059) {
        let day = NaiveDate::from_ymd_opt(1, 1, 1).unwrap() + chrono::Days::new(days as u64);
        let edtf = Edtf::parse(&day.format("%Y-%m-%d").to_string()).unwrap();
        prop_assert_eq!((edtf.earliest(), edtf.latest()), (Some(day), Some(day)));
        prop_assert!(!edtf.approximate() && !edtf.uncertain() && !edtf.is_interval());
    }

    #[test]
    fn ids_never_panic_on_any_text(text in any::<String>(), t in node_type()) {
        let _ = decode_id(&text);
        let _ = decode_id_of(t, &text);
        let _ = decode_cursor(t.name(), &text);
    }

    #[test]
    fn ids_never_panic_on_any_decoded_bytes(bytes in prop::collection::vec(any::<u8>(), 0..100)) {
        let encoded = URL_SAFE_NO_PAD.encode(&bytes);
        let _ = decode_id(&encoded);
        let _ = decode_cursor("Facility", &encoded);
    }

    #[test]
    fn ids_never_panic_on_near_misses(
        prefix in "(Facility|Person|cursor:Facility|cursor:Person|AuditEntry|Nope)?:?",
        rest in "[0-9a-fA-F{}:urn-]{0,40}",
    ) {
        let encoded = URL_SAFE_NO_PAD.encode(format!("{prefix}{rest}"));
        let _ = decode_id(&encoded);
        if let Ok(index) = decode_cursor("Facility", &encoded) {
            prop_assert!(index <= MAX_CURSOR_INDEX);
        }
    }

    #[test]
    fn ids_round_trip_and_refuse_other_types(
        bytes in any::<[u8; 16]>(),
        t in node_type(),
        other in node_type(),
    ) {
        let uuid = Uuid::from_bytes(bytes);
        let id = encode_id(t, uuid);
        prop_assert_eq!(decode_id(&id).map_err(|e| TestCaseError::fail(e.message()))?, (t, uuid));
        prop_assert_eq!(decode_id_of(t, &id).map_err(|e| TestCaseError::fail(e.message()))?, uuid);
        if other != t {
            let err = decode_id_of(other, &id).unwrap_err();
            prop_assert_eq!(err.code(), "BAD_USER_INPUT");
        }
        // An id is never a cursor, and a cursor never an id.
        prop_assert!(decode_cursor(t.name(), &id).is_err());
        prop_assert!(decode_id(&encode_cursor(t.name(), 0)).is_err());
    }

    #[test]
    fn cursors_round_trip_within_bounds_and_are_typed(
        index in prop_oneof![0..=MAX_CURSOR_INDEX, Just(MAX_CURSOR_INDEX)],
        past in (MAX_CURSOR_INDEX + 1)..=u64::MAX,
        t in node_type(),
        other in node_type(),
    ) {
        let cursor = encode_cursor(t.name(), index);
        prop_assert_eq!(decode_cursor(t.name(), &cursor).map_err(|e| TestCaseError::fail(e.message()))?, index);
        if other != t {
            prop_assert!(decode_cursor(other.name(), &cursor).is_err());
        }
        prop_assert!(decode_cursor(t.name(), &encode_cursor(t.name(), past)).is_err());
    }

    #[test]
    fn normalize_never_panics_and_is_idempotent(text in prop_oneof![any::<String>(), name_like()]) {
        let once = normalize(&text);
        prop_assert_eq!(normalize(&once), once.clone(), "{:?}", text);
        let skel = skeleton(&once);
        prop_assert_eq!(skeleton(&skel), skel.clone(), "{:?}", text);
        prop_assert_eq!(
            skel.split_whitespace().count(),
            once.split_whitespace().count(),
            "{:?}", text
        );
    }

    #[test]
    fn normalized_text_holds_no_invisible_or_control_characters(
        text in prop_oneof![any::<String>(), name_like()]
    ) {
        let once = normalize(&text);
        prop_assert!(!once.chars().any(is_invisible_or_control), "{:?} -> {:?}", text, once);
        prop_assert!(!once.starts_with(' ') && !once.ends_with(' ') && !once.contains("  "));
        for token in tokens(&text) {
            prop_assert!(!token.is_empty() && !token.contains(char::is_whitespace));
        }
    }

    #[test]
    fn invisible_characters_never_change_what_a_name_means(
        name in "[a-zA-Z\u{0621}-\u{064A} ]{1,20}",
        at in any::<prop::sample::Index>(),
        invisible in prop::sample::select(vec!['\u{200B}', '\u{200C}', '\u{200D}', '\u{FEFF}', '\u{202E}', '\u{200F}']),
    ) {
        let mut decorated: Vec<char> = name.chars().collect();
        decorated.insert(at.index(decorated.len() + 1), invisible);
        let decorated: String = decorated.into_iter().collect();
        prop_assert_eq!(normalize(&decorated), normalize(&name));
    }
}
