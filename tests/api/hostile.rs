//! Hostile input: a corpus of malformed, oversized, deeply nested, injected and
//! ill-typed requests, sent over real HTTP. Each one gets a 4xx or a GraphQL error with a
//! code (never a 5xx, a panic, `INTERNAL` or a leak of internals), the server answers a
//! healthy query afterwards, and no table changes: every write in the corpus is one the
//! server must refuse.
//!
//! Invisible characters inside a real name are not hostile: copy-pasted Arabic carries
//! zero-width joiners and bidi marks, and a researcher's spelling is kept as written. A
//! name made only of them is refused; a name containing them is stored as written and
//! found by search with or without them (`invisible_characters_in_a_name_are_kept_and_searchable`).

use daleel::service::access::Role;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

use crate::helpers::TestApp;

/// Every table the migrations create.
const TABLES: [&str; 21] = [
    "agency",
    "alias",
    "api_key",
    "audit_log",
    "branch",
    "charge",
    "citation",
    "event",
    "event_link",
    "facility",
    "facility_operation",
    "name_key",
    "organization",
    "person",
    "posting",
    "sanction",
    "source",
    "statistic",
    "testimony",
    "trial",
    "verdict",
];

/// Words that would betray SQL or internals in a response.
const LEAKS: [&str; 9] = [
    "SELECT",
    "sqlx",
    "sea_orm",
    "DbErr",
    "panicked",
    "src/",
    "syntax error at",
    "SQLSTATE",
    "stack backtrace",
];

/// Codes that mean the server, not the request, is at fault.
const SERVER_FAULTS: [&str; 2] = ["INTERNAL", "UNAVAILABLE"];

/// Zero-width space, non-joiner, joiner and the byte-order mark.
const ZERO_WIDTH: &str = "\u{200B}\u{200C}\u{200D}\u{FEFF}";
/// Right-to-left override, the classic trick to make text display reversed.
const RLO: char = '\u{202E}';

/// 1.5 MiB of text: under the 2 MiB body limit, far over any field's limit.
fn huge(unit: &str) -> String {
    unit.repeat((3 << 19) / unit.len())
}

enum Request {
    /// A POST with these bytes and this content type.
    Raw(&'static str, Vec<u8>),
    /// A GET with this query string.
    Get(String),
    /// A well-formed POST of a GraphQL document and its variables.
    Graphql(String, Value),
}

/// What a case must get, beyond "no 5xx, every error has a code".
#[derive(Clone, Copy, PartialEq, Debug)]
enum Expect {
    /// A 4xx, or a 200 whose errors say why (and no data for a mutation).
    Refused,
    /// Either refused, or answered with nothing found: every `totalCount` is 0 and every
    /// `nodes` list is empty (a wildcard or an injection matched literally).
    Nothing,
    /// Anything that is not a server fault (the request is odd but legitimate).
    Answered,
}

struct Case {
    name: String,
    request: Request,
    key: Option<Role>,
    expect: Expect,
}

fn raw(name: &str, body: impl Into<Vec<u8>>) -> Case {
    raw_as(name, "application/json", body)
}

fn raw_as(name: &str, content_type: &'static str, body: impl Into<Vec<u8>>) -> Case {
    Case {
        name: name.into(),
        request: Request::Raw(content_type, body.into()),
        key: None,
        expect: Expect::Refused,
    }
}

fn get(name: &str, query_string: &str) -> Case {
    Case {
        name: name.into(),
        request: Request::Get(query_string.into()),
        key: None,
        expect: Expect::Refused,
    }
}

fn gql(name: &str, query: impl Into<String>, variables: Value, expect: Expect) -> Case {
    Case {
        name: name.into(),
        request: Request::Graphql(query.into(), variables),
        key: None,
        expect,
    }
}

/// A write an editor attempts, which must be refused.
fn write(name: &str, query: &str, variables: Value) -> Case {
    Case {
        key: Some(Role::Editor),
        ..gql(name, query, variables, Expect::Refused)
    }
}

/// Ids and versions of seeded records the corpus points at.
struct Seeded {
    facility: String,
    facility_version: i64,
    person: String,
    person_cursor: String,
    facility_cursor: String,
}

async fn seeded(app: &TestApp) -> Seeded {
    let data = app
        .query_ok(
            "{ facilities(first: 1) { edges { cursor node { id version } } }
               persons(first: 1) { edges { cursor node { id } } } }",
            json!({}),
        )
        .await;
    let facility = &data["facilities"]["edges"][0];
    let person = &data["persons"]["edges"][0];
    Seeded {
        facility: facility["node"]["id"].as_str().unwrap().into(),
        facility_version: facility["node"]["version"].as_i64().unwrap(),
        facility_cursor: facility["cursor"].as_str().unwrap().into(),
        person: person["node"]["id"].as_str().unwrap().into(),
        person_cursor: person["cursor"].as_str().unwrap().into(),
    }
}

const FACILITY_TEXT: &str =
    "query($t: String) { facilities(filter: { text: $t }) { totalCount nodes { name } } }";
const PERSON_TEXT: &str = "query($t: String) { persons(filter: { text: $t }) { totalCount } }";
const SEARCH: &str = "query($q: String!) { search(query: $q) { nodes { matchedName } } }";
const CREATE_FACILITY: &str =
    "mutation($i: CreateFacilityInput!) { createFacility(input: $i) { id name opened { edtf } } }";
const UPDATE_FACILITY: &str = "mutation($id: ID!, $v: Int!, $i: UpdateFacilityInput!) {
    updateFacility(id: $id, expectedVersion: $v, input: $i) { id version } }";
const CREATE_PERSON: &str =
    "mutation($i: CreatePersonInput!) { createPerson(input: $i) { id name } }";
const FIRST: &str = "query($n: Int) { facilities(first: $n) { totalCount } }";

fn facility_input(overrides: Value) -> Value {
    let mut input = json!({
        "slug": "hostile-facility",
        "name": "Hostile facility",
        "kind": "PRISON",
        "status": "ACTIVE",
    });
    for (k, v) in overrides.as_object().unwrap() {
        input[k] = v.clone();
    }
    input
}

fn person_input(name: &str) -> Value {
    json!({ "slug": "hostile-person", "name": name, "roles": ["OFFICER"] })
}

/// `[[[…1…]]]`, `depth` lists deep.
fn nested_lists(depth: usize) -> String {
    format!("{}1{}", "[".repeat(depth), "]".repeat(depth))
}

/// `{"a":{"a":…{}…}}`, `depth` objects deep.
fn nested_objects(depth: usize) -> String {
    format!("{}{{}}{}", "{\"a\":".repeat(depth), "}".repeat(depth))
}

fn corpus(seeded: &Seeded) -> Vec<Case> {
    let mut cases = vec![
        // Malformed JSON and bodies that are JSON but not a request.
        raw("empty body", ""),
        raw("truncated JSON", r#"{"query": "{ facilities { totalCount } }""#),
        raw("truncated string", r#"{"query": "{ facil"#),
        raw("trailing garbage", r#"{"query": "{ facilities { totalCount } }"} x"#),
        raw("null", "null"),
        raw("number", "42"),
        raw("string", r#""{ facilities { totalCount } }""#),
        raw("array (batch)", r#"[{"query": "{ facilities { totalCount } }"}]"#),
        raw("query is a number", r#"{"query": 42}"#),
        raw("query is null", r#"{"query": null}"#),
        raw("variables is a string", r#"{"query": "{ facilities { totalCount } }", "variables": "{}"}"#),
        raw("variables is an array", r#"{"query": "{ facilities { totalCount } }", "variables": [1]}"#),
        raw("single quotes", "{'query': '{ facilities { totalCount } }'}"),
        raw("NaN literal", r#"{"query": "query($n: Int) { facilities(first: $n) { totalCount } }", "variables": {"n": NaN}}"#),
        raw("lone surrogate escape", r#"{"query": "{ facilities(filter: {text: \"\ud800\"}) { totalCount } }"}"#),
        // Invalid UTF-8: in the body, and inside a JSON string.
        raw("invalid UTF-8 byte", b"{\"query\": \"{ facilities { totalCount } }\xff\"}".to_vec()),
        raw("invalid UTF-8 in a variable", b"{\"query\": \"query($t: String) { facilities(filter: {text: $t}) { totalCount } }\", \"variables\": {\"t\": \"\xc3\x28\"}}".to_vec()),
        raw("overlong UTF-8 slash", b"{\"query\": \"{ facilities { totalCount } }\", \"x\": \"\xc0\xaf\"}".to_vec()),
        raw("UTF-16 body", "{\"query\": \"{ facilities { totalCount } }\"}".encode_utf16().flat_map(u16::to_le_bytes).collect::<Vec<u8>>()),
        raw_as("text/plain body", "text/plain", r#"{"query": "{ facilities { totalCount } }"}"#),
        raw_as("form body", "application/x-www-form-urlencoded", "query=%7B%20facilities%20%7B%20totalCount%20%7D%20%7D"),
        raw_as("latin-1 charset", "application/json; charset=latin1", r#"{"query": "{ facilities { totalCount } }"}"#),
        // Numbers JSON or GraphQL cannot hold, or `first` must not take.
        raw("first: 1e400", format!(r#"{{"query": "{FIRST}", "variables": {{"n": 1e400}}}}"#)),
        raw("first: 99999999999999999999", format!(r#"{{"query": "{FIRST}", "variables": {{"n": 99999999999999999999}}}}"#)),
        raw("first: -1e-400", format!(r#"{{"query": "{FIRST}", "variables": {{"n": -1e-400}}}}"#)),
        gql("first: 2^31", FIRST, json!({ "n": 2_147_483_648_i64 }), Expect::Refused),
        gql("first: -1", FIRST, json!({ "n": -1 }), Expect::Refused),
        gql("first: 1.5", FIRST, json!({ "n": 1.5 }), Expect::Refused),
        gql("first: \"10\"", FIRST, json!({ "n": "10" }), Expect::Refused),
        gql("first: 1000000", FIRST, json!({ "n": 1_000_000 }), Expect::Refused),
        gql("first literal 99999999999999999999", "{ facilities(first: 99999999999999999999) { totalCount } }", json!({}), Expect::Refused),
        gql("first literal 1e400", "{ facilities(first: 1e400) { totalCount } }", json!({}), Expect::Refused),
        gql("latitude 1e308", CREATE_FACILITY, json!({ "i": facility_input(json!({ "location": { "latitude": 1e308, "longitude": 0 } })) }), Expect::Refused),
        // Deep nesting: serde_json's recursion limit, the GraphQL parser's, and the depth limit.
        raw("10,000 nested lists in variables", format!(r#"{{"query": "{{ facilities {{ totalCount }} }}", "variables": {{"x": {}}}}}"#, nested_lists(10_000))),
        raw("10,000 nested objects in variables", format!(r#"{{"query": "{{ facilities {{ totalCount }} }}", "variables": {}}}"#, nested_objects(10_000))),
        raw("10,000 nested lists as the body", nested_lists(10_000)),
        gql("100 nested lists for a list argument", "mutation($i: CreatePersonInput!) { createPerson(input: $i) { id } }", json!({ "i": { "slug": "x", "name": "x", "roles": serde_json::from_str::<Value>(&nested_lists(100)).unwrap() } }), Expect::Refused),
        gql("100 nested objects for a filter", "query($f: FacilityFilter) { facilities(filter: $f) { totalCount } }", json!({ "f": serde_json::from_str::<Value>(&nested_objects(100)).unwrap() }), Expect::Refused),
        gql("10,000 nested list literals", format!("{{ facilities(filter: {{ text: {} }}) {{ totalCount }} }}", nested_lists(10_000)), json!({}), Expect::Refused),
        gql("10,000 nested object literals", format!("{{ facilities(filter: {{ openDuring: {} }}) {{ totalCount }} }}", nested_objects(10_000).replace('"', "")), json!({}), Expect::Refused),
        gql("10,000 nested selections", format!("{}{}", "{ facilities { nodes ".repeat(10_000), "}".repeat(20_000)), json!({}), Expect::Refused),
        gql("10,000 nested fragments spreads", format!("{{ ...F0 }} {} fragment F10000 on Query {{ __typename }}", (0..10_000).map(|i| format!("fragment F{i} on Query {{ ...F{} }}", i + 1)).collect::<String>()), json!({}), Expect::Refused),
        gql("fragment cycle", "{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }", json!({}), Expect::Refused),
        // Huge strings, under the body limit.
        gql("1.5 MiB filter text", FACILITY_TEXT, json!({ "t": huge("x") }), Expect::Refused),
        gql("1.5 MiB of % in a filter", FACILITY_TEXT, json!({ "t": huge("%") }), Expect::Refused),
        gql("1.5 MiB search", SEARCH, json!({ "q": huge("خطيب ") }), Expect::Refused),
        gql("1.5 MiB id", "query($id: ID!) { facility(id: $id) { name } }", json!({ "id": huge("QQ") }), Expect::Refused),
        gql("1.5 MiB cursor", "query($c: String) { facilities(after: $c) { totalCount } }", json!({ "c": huge("QQ") }), Expect::Refused),
        gql("1.5 MiB country", "query($c: String) { facilities(filter: { country: $c }) { totalCount } }", json!({ "c": huge("S") }), Expect::Nothing),
        raw("1.5 MiB operation name", serde_json::to_vec(&json!({ "query": "query Q { facilities { totalCount } }", "operationName": huge("Q") })).unwrap()),
        gql("1.5 MiB string literal", format!("{{ facilities(filter: {{ text: \"{}\" }}) {{ totalCount }} }}", huge("y")), json!({}), Expect::Refused),
        write("1.5 MiB name", CREATE_FACILITY, json!({ "i": facility_input(json!({ "name": huge("n") })) })),
        write("1.5 MiB EDTF", CREATE_FACILITY, json!({ "i": facility_input(json!({ "opened": huge("1") })) })),
        raw("over the body limit", format!(r#"{{"query": "{{ facilities {{ totalCount }} }}", "x": "{}"}}"#, "z".repeat(3 << 20))),
        // SQL and LIKE wildcards: matched literally, so nothing matches.
        gql("injection in a filter", FACILITY_TEXT, json!({ "t": "'; DROP TABLE facility; --" }), Expect::Nothing),
        gql("quote-or in a filter", FACILITY_TEXT, json!({ "t": "' OR '1'='1" }), Expect::Nothing),
        gql("% in a filter", FACILITY_TEXT, json!({ "t": "%" }), Expect::Nothing),
        gql("_ in a filter", FACILITY_TEXT, json!({ "t": "_" }), Expect::Nothing),
        gql("backslash in a filter", FACILITY_TEXT, json!({ "t": "\\" }), Expect::Nothing),
        gql("backslash-% in a filter", FACILITY_TEXT, json!({ "t": "\\%" }), Expect::Nothing),
        gql("Khatib% in a filter", FACILITY_TEXT, json!({ "t": "Khatib%" }), Expect::Nothing),
        gql("K_atib in a filter", FACILITY_TEXT, json!({ "t": "K_atib" }), Expect::Nothing),
        gql("[a-z] in a filter", FACILITY_TEXT, json!({ "t": "[a-z]" }), Expect::Nothing),
        gql("% in a person filter", PERSON_TEXT, json!({ "t": "%%" }), Expect::Nothing),
        gql("injection in country", "query($c: String) { facilities(filter: { country: $c }) { totalCount } }", json!({ "c": "SY' OR '1'='1" }), Expect::Nothing),
        gql("injection in city", "query($c: String) { facilities(filter: { city: $c }) { totalCount } }", json!({ "c": "x' OR 1=1; --" }), Expect::Nothing),
        gql("% in search", SEARCH, json!({ "q": "%" }), Expect::Nothing),
        gql("_ in search", SEARCH, json!({ "q": "_" }), Expect::Nothing),
        gql("backslash in search", SEARCH, json!({ "q": "\\" }), Expect::Nothing),
        gql("injection in search", SEARCH, json!({ "q": "'; DROP TABLE name_key; --" }), Expect::Nothing),
        // Search is no LIKE: punctuation separates words, so `kh%` is the prefix `kh`
        // (checked against the plain query below), and `%` alone is no word at all.
        // Null bytes: PostgreSQL cannot store or compare them in text.
        gql("NUL in a filter", FACILITY_TEXT, json!({ "t": "Khatib\u{0}" }), Expect::Refused),
        gql("NUL in country", "query($c: String) { facilities(filter: { country: $c }) { totalCount } }", json!({ "c": "S\u{0}" }), Expect::Refused),
        gql("NUL in city", "query($c: String) { facilities(filter: { city: $c }) { totalCount } }", json!({ "c": "Damascus\u{0}" }), Expect::Refused),
        gql("NUL in search", SEARCH, json!({ "q": "\u{0}khatib" }), Expect::Answered),
        gql("NUL in an id", "query($id: ID!) { node(id: $id) { id } }", json!({ "id": "\u{0}" }), Expect::Refused),
        gql("NUL in a literal", "{ facilities(filter: { text: \"a\\u0000b\" }) { totalCount } }", json!({}), Expect::Refused),
        write("NUL in a name", CREATE_FACILITY, json!({ "i": facility_input(json!({ "name": "Sednaya\u{0}" })) })),
        write("NUL-only name", CREATE_PERSON, json!({ "i": person_input("\u{0}") })),
        write("NUL in a description", CREATE_FACILITY, json!({ "i": facility_input(json!({ "description": "a\u{0}b" })) })),
        write("NUL in an EDTF date", CREATE_FACILITY, json!({ "i": facility_input(json!({ "opened": "2019\u{0}" })) })),
        write("NUL in a slug", CREATE_FACILITY, json!({ "i": facility_input(json!({ "slug": "a\u{0}b" })) })),
        write("control characters in a name", CREATE_PERSON, json!({ "i": person_input("Ali\u{1b}[31m\u{7}") })),
        // Invalid EDTF on create and update.
        write("EDTF month 13", CREATE_FACILITY, json!({ "i": facility_input(json!({ "opened": "2019-13" })) })),
        write("EDTF February 30", CREATE_FACILITY, json!({ "i": facility_input(json!({ "opened": "2019-02-30" })) })),
        write("EDTF reversed interval", CREATE_FACILITY, json!({ "i": facility_input(json!({ "opened": "2012/2011" })) })),
        write("EDTF long year overflow", CREATE_FACILITY, json!({ "i": facility_input(json!({ "opened": "Y99999999999999999999" })) })),
        write("EDTF with a time", CREATE_FACILITY, json!({ "i": facility_input(json!({ "opened": "2019-01-01T00:00:00" })) })),
        write("EDTF in Arabic digits", CREATE_FACILITY, json!({ "i": facility_input(json!({ "opened": "٢٠١٩" })) })),
        write("EDTF double qualifier", CREATE_FACILITY, json!({ "i": facility_input(json!({ "opened": "2019?~" })) })),
        write("EDTF open both ends", CREATE_FACILITY, json!({ "i": facility_input(json!({ "opened": "../.." })) })),
        write("EDTF level 2 set", CREATE_FACILITY, json!({ "i": facility_input(json!({ "opened": "[2019,2020]" })) })),
        write("EDTF injection", CREATE_FACILITY, json!({ "i": facility_input(json!({ "opened": "2019'); DROP TABLE facility; --" })) })),
        write("EDTF zero-width", CREATE_FACILITY, json!({ "i": facility_input(json!({ "opened": "2019\u{200B}" })) })),
        write("update with invalid EDTF", UPDATE_FACILITY, json!({ "id": seeded.facility, "v": seeded.facility_version, "i": { "closed": "2019-00" } })),
        write("update with an EDTF interval ending first", UPDATE_FACILITY, json!({ "id": seeded.facility, "v": seeded.facility_version, "i": { "opened": "2020-05/2020-04" } })),
        // Names: invisible-only, bidi overrides, overlong Arabic, injection in a slug.
        write("zero-width-only name", CREATE_PERSON, json!({ "i": person_input(ZERO_WIDTH) })),
        write("bidi-controls-only name", CREATE_PERSON, json!({ "i": person_input("\u{202E}\u{202B}\u{202C}\u{200F}\u{2066}\u{2069}\u{061C}") })),
        write("overlong Arabic with RLO", CREATE_PERSON, json!({ "i": person_input(&format!("{RLO}{}", "محمد\u{200D}".repeat(200))) })),
        write("overlong Arabic name on update", UPDATE_FACILITY, json!({ "id": seeded.facility, "v": seeded.facility_version, "i": { "name": "سجن".repeat(100) } })),
        write("injection in a slug", CREATE_FACILITY, json!({ "i": facility_input(json!({ "slug": "'; DROP TABLE facility; --" })) })),
        write("Arabic slug", CREATE_FACILITY, json!({ "i": facility_input(json!({ "slug": "سجن" })) })),
        write("URL scheme", "mutation($i: CreateSourceInput!) { createSource(input: $i) { id } }", json!({ "i": { "title": "x", "kind": "REPORT", "url": "javascript:alert(1)" } })),
        gql("zero-width-only search", SEARCH, json!({ "q": ZERO_WIDTH }), Expect::Nothing),
        gql("bidi-only search", SEARCH, json!({ "q": "\u{202E}\u{202C}\u{200F}" }), Expect::Nothing),
        gql("overlong Arabic search with RLO", SEARCH, json!({ "q": format!("{RLO}{}", "الخطيب\u{200B}".repeat(40)) }), Expect::Refused),
        // Unknown enum values.
        gql("unknown enum literal", "{ facilities(filter: { status: EXPLODED }) { totalCount } }", json!({}), Expect::Refused),
        gql("unknown enum variable", "query($s: FacilityStatus) { facilities(filter: { status: $s }) { totalCount } }", json!({ "s": "EXPLODED" }), Expect::Refused),
        gql("lower-case enum variable", "query($s: FacilityStatus) { facilities(filter: { status: $s }) { totalCount } }", json!({ "s": "active" }), Expect::Refused),
        // async-graphql reads a string literal naming an enum value as that value (the spec
        // wants the bare name); it cannot name any other, so this is lenient, not unsafe.
        gql("enum as a string literal", "{ facilities(filter: { status: \"ACTIVE\" }) { totalCount } }", json!({}), Expect::Answered),
        gql("unknown enum as a string literal", "{ facilities(filter: { status: \"EXPLODED\" }) { totalCount } }", json!({}), Expect::Refused),
        gql("enum as a number", "query($s: FacilityStatus) { facilities(filter: { status: $s }) { totalCount } }", json!({ "s": 1 }), Expect::Refused),
        gql("unknown order field", "{ facilities(orderBy: { field: \"name; DROP TABLE facility\" }) { totalCount } }", json!({}), Expect::Refused),
        gql("unknown search type", "{ search(query: \"khatib\", types: [Facility, BOGUS]) { nodes { score } } }", json!({}), Expect::Refused),
        write("unknown enum in a write", CREATE_FACILITY, json!({ "i": facility_input(json!({ "kind": "DUNGEON" })) })),
        write("unknown role in a list", CREATE_PERSON, json!({ "i": { "slug": "x", "name": "x", "roles": ["OFFICER", "KING"] } })),
        gql("unknown field in an input", "query($f: FacilityFilter) { facilities(filter: $f) { totalCount } }", json!({ "f": { "text": "x", "sql": "1=1" } }), Expect::Refused),
        // Ids and cursors of another type, and garbage.
        gql("person id for a facility", "query($id: ID!) { facility(id: $id) { name } }", json!({ "id": seeded.person }), Expect::Refused),
        gql("facility id for a person", "query($id: ID!) { person(id: $id) { name } }", json!({ "id": seeded.facility }), Expect::Refused),
        gql("person id as a branch filter", "query($id: ID) { facilities(filter: { branchId: $id }) { totalCount } }", json!({ "id": seeded.person }), Expect::Refused),
        gql("cursor as an id", "query($id: ID!) { node(id: $id) { id } }", json!({ "id": seeded.facility_cursor }), Expect::Refused),
        gql("id as a cursor", "query($c: String) { facilities(after: $c) { totalCount } }", json!({ "c": seeded.facility }), Expect::Refused),
        gql("person cursor on facilities", "query($c: String) { facilities(after: $c) { totalCount } }", json!({ "c": seeded.person_cursor }), Expect::Refused),
        gql("facility cursor as before on persons", "query($c: String) { persons(before: $c, last: 1) { totalCount } }", json!({ "c": seeded.facility_cursor }), Expect::Refused),
        gql("search cursor from a list", "query($c: String) { search(query: \"khatib\", after: $c) { nodes { score } } }", json!({ "c": seeded.facility_cursor }), Expect::Refused),
        write("update a person id as a facility", UPDATE_FACILITY, json!({ "id": seeded.person, "v": 1, "i": { "name": "x" } })),
        write("archive an id of no type", "mutation($id: ID!) { archiveRecord(id: $id) { __typename } }", json!({ "id": "QWdlbmN5Og" })),
    ];
    for garbage in [
        "",
        "!!!!",
        "====",
        "QQ",
        "YQ==",
        "Og",
        "Facility:1",
        "RmFjaWxpdHk6",
        "RmFjaWxpdHk6bm90LWEtdXVpZA",
        "Y3Vyc29yOkZhY2lsaXR5Oi0x",
        "Y3Vyc29yOkZhY2lsaXR5Ojk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5",
        "Y3Vyc29yOkZhY2lsaXR5OjE4NDQ2NzQ0MDczNzA5NTUxNjE1",
        "/w",
        "__--",
        "' OR '1'='1",
        "%",
        "_",
        "\\",
        "\u{202E}\u{200B}",
    ] {
        cases.push(gql(
            &format!("garbage id {garbage:?}"),
            "query($id: ID!) { facility(id: $id) { name } }",
            json!({ "id": garbage }),
            Expect::Refused,
        ));
        cases.push(gql(
            &format!("garbage cursor {garbage:?}"),
            "query($c: String) { facilities(after: $c) { totalCount } }",
            json!({ "c": garbage }),
            Expect::Refused,
        ));
    }
    cases.extend([
        // Hostile GETs.
        get("GET bad variables JSON", "query=%7B%20facilities%20%7B%20totalCount%20%7D%20%7D&variables=%7Bnope"),
        get("GET bad percent-encoding", "query=%ZZ%7B"),
        get("GET invalid UTF-8", "query=%7B%20facilities%20%7B%20totalCount%20%7D%20%7D%FF"),
        get("GET NUL in a variable", "query=query(%24t%3AString)%7Bfacilities(filter%3A%7Btext%3A%24t%7D)%7BtotalCount%7D%7D&variables=%7B%22t%22%3A%22a%5Cu0000%22%7D"),
        raw("raw NUL in the document", r#"{"query": "{ facilities\u0000 { totalCount } }"}"#),
        raw("NUL in a variable's name", r#"{"query": "{ facilities { totalCount } }", "variables": {"a\u0000": 1}}"#),
        get("GET mutation", "query=mutation%7BarchiveRecord(id%3A%22x%22)%7B__typename%7D%7D"),
        get("GET nested variables", &format!("query=%7B%20facilities%20%7B%20totalCount%20%7D%20%7D&variables=%7B%22x%22%3A{}%7D", "%5B".repeat(5_000))),
        // Persisted-document fields that are not what they should be.
        raw("persisted hash injection", r#"{"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "'; DROP TABLE facility; --"}}}"#),
        raw("persisted version garbage", r#"{"extensions": {"persistedQuery": {"version": "1", "sha256Hash": "00"}}}"#),
        raw("documentId garbage", r#"{"documentId": "sha256:\u0000"}"#),
        raw("operationName of no operation", r#"{"query": "query A { facilities { totalCount } }", "operationName": "'; DROP"}"#),
        // Role checks come before anything else: a public write and an editor's import.
        gql("public write", CREATE_FACILITY, json!({ "i": facility_input(json!({})) }), Expect::Refused),
        Case {
            key: Some(Role::Editor),
            ..gql("editor import", "mutation($d: JSON!) { importDataset(dataset: $d) }", json!({ "d": { "format": "daleel-dataset", "version": 1, "tables": {} } }), Expect::Refused)
        },
    ]);
    cases
}

/// Imports an admin may try: each is refused whole.
fn hostile_imports(template: &Value) -> Vec<Case> {
    let import = "mutation($d: JSON!) { importDataset(dataset: $d) }";
    let dataset = |row: Value| json!({ "format": "daleel-dataset", "version": 1, "tables": { "facility": [row] } });
    let with = |field: &str, value: Value| {
        let mut row = template.clone();
        row["id"] = json!("7d7b5a52-57f2-4b5c-9b0f-6d5f3f8b2a11");
        row["slug"] = json!("hostile-import");
        row[field] = value;
        row
    };
    let admin = |name: &str, d: Value| Case {
        key: Some(Role::Admin),
        ..gql(name, import, json!({ "d": d }), Expect::Refused)
    };
    vec![
        admin(
            "import of garbage",
            json!({ "format": "daleel-dataset", "version": 1, "tables": { "facility": [{ "id": "x" }] } }),
        ),
        admin(
            "import of an unknown table",
            json!({ "format": "daleel-dataset", "version": 1, "tables": { "pg_catalog": [] } }),
        ),
        admin(
            "import with a huge version",
            json!({ "format": "daleel-dataset", "version": 99999999999999999999.0, "tables": {} }),
        ),
        admin(
            "import of deeply nested JSON",
            serde_json::from_str::<Value>(&nested_objects(100)).unwrap(),
        ),
        admin(
            "import with invalid EDTF",
            dataset(with("opened", json!("2019-13"))),
        ),
        admin(
            "import with a NUL in a name",
            dataset(with("name", json!("Sednaya\u{0}"))),
        ),
        admin(
            "import with a zero-width name",
            dataset(with("name", json!(ZERO_WIDTH))),
        ),
    ]
}

/// The number of rows in every table, in `TABLES` order.
async fn row_counts(app: &TestApp) -> Vec<(&'static str, i64)> {
    let mut counts = Vec::new();
    for table in TABLES {
        let sql = format!("SELECT COUNT(*) AS n FROM {table}");
        let row = app
            .db
            .query_one_raw(Statement::from_string(app.db.get_database_backend(), sql))
            .await
            .unwrap()
            .unwrap();
        counts.push((table, row.try_get::<i64>("", "n").unwrap()));
    }
    counts
}

/// Everything stored, in the exchange format (catches changes in place, not only new rows).
async fn exported(app: &TestApp) -> Value {
    let dataset = daleel::service::exchange::export(&app.db, None)
        .await
        .map_err(|e| e.message())
        .unwrap();
    serde_json::to_value(dataset).unwrap()
}

async fn send(app: &TestApp, case: &Case, keys: &Keys) -> (u16, Vec<u8>) {
    let url = format!("{}/graphql", app.address);
    let builder = match &case.request {
        Request::Raw(content_type, body) => app
            .client
            .post(&url)
            .header("content-type", *content_type)
            .body(body.clone()),
        Request::Get(query_string) => app.client.get(format!("{url}?{query_string}")),
        Request::Graphql(query, variables) => app
            .client
            .post(&url)
            .json(&json!({ "query": query, "variables": variables })),
    };
    let builder = match case.key {
        Some(Role::Admin) => builder.bearer_auth(&keys.admin),
        Some(_) => builder.bearer_auth(&keys.editor),
        None => builder,
    };
    let response = builder
        .header("accept", "application/json")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{}: the server answers: {e}", case.name));
    let status = response.status().as_u16();
    (status, response.bytes().await.unwrap().to_vec())
}

struct Keys {
    editor: String,
    admin: String,
}

/// Checks one answer; returns a complaint, or `None` when the answer is right.
fn judge(case: &Case, status: u16, body: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(body);
    let short: String = text.chars().take(400).collect();
    if status >= 500 {
        return Some(format!("status {status}: {short}"));
    }
    if !(200..500).contains(&status) || (status != 200 && status < 400) {
        return Some(format!("unexpected status {status}: {short}"));
    }
    let Ok(json) = serde_json::from_slice::<Value>(body) else {
        return Some(format!("status {status}, not JSON: {short}"));
    };
    if let Some(leak) = LEAKS.iter().find(|leak| text.contains(*leak)) {
        return Some(format!("leaks `{leak}`: {short}"));
    }
    let errors = json["errors"].as_array().map(Vec::as_slice).unwrap_or(&[]);
    for error in errors {
        match error["extensions"]["code"].as_str() {
            None => return Some(format!("an error without a code: {short}")),
            Some(code) if SERVER_FAULTS.contains(&code) => {
                return Some(format!("a server fault {code}: {short}"));
            }
            Some(_) => {}
        }
    }
    if status >= 400 && errors.is_empty() {
        return Some(format!("status {status} without errors: {short}"));
    }
    let refused = status >= 400 || !errors.is_empty();
    match case.expect {
        Expect::Refused if !refused => Some(format!("accepted: {short}")),
        Expect::Refused if case.key.is_some() && status == 200 => match &json["data"] {
            Value::Null => None,
            Value::Object(fields) if fields.values().all(Value::is_null) => None,
            data => Some(format!("a refused write returned data {data}")),
        },
        Expect::Nothing if !refused && found_something(&json["data"]) => {
            Some(format!("matched records: {short}"))
        }
        _ => None,
    }
}

/// Whether any `totalCount` in `data` is above 0 or any `nodes` list is not empty.
fn found_something(data: &Value) -> bool {
    match data {
        Value::Object(fields) => fields
            .iter()
            .any(|(name, value)| match (name.as_str(), value) {
                ("totalCount", count) => count.as_i64() != Some(0),
                ("nodes", Value::Array(nodes)) => !nodes.is_empty(),
                _ => found_something(value),
            }),
        Value::Array(items) => items.iter().any(found_something),
        _ => false,
    }
}

async fn the_hostile_corpus_is_refused_and_stores_nothing(app: TestApp) {
    let keys = Keys {
        editor: app.key(Role::Editor).await,
        admin: app.key(Role::Admin).await,
    };
    let seeded = seeded(&app).await;
    let template = exported(&app).await["tables"]["facility"][0].clone();
    let (counts, stored) = (row_counts(&app).await, exported(&app).await);
    // The literal-match cases below only mean something if the plain word does match.
    let khatib = app.query_ok(FACILITY_TEXT, json!({ "t": "Khatib" })).await;
    assert!(khatib["facilities"]["totalCount"].as_i64().unwrap() > 0);

    let mut cases = corpus(&seeded);
    cases.extend(hostile_imports(&template));
    let mut failures = Vec::new();
    for case in &cases {
        let (status, body) = send(&app, case, &keys).await;
        if let Some(complaint) = judge(case, status, &body) {
            failures.push(format!("{}: {complaint}", case.name));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed on {:?}:\n{}",
        failures.len(),
        cases.len(),
        app.backend,
        failures.join("\n")
    );

    // Punctuation in a search is a word break, never a wildcard.
    for (hostile, plain) in [("kh%", "kh"), ("kh_", "kh"), ("%kh", "kh"), ("k%b", "k b")] {
        assert_eq!(
            app.query_ok(SEARCH, json!({ "q": hostile })).await,
            app.query_ok(SEARCH, json!({ "q": plain })).await,
            "{hostile}"
        );
    }

    // Still serving, and nothing stored or changed.
    let after = app.query_ok(FACILITY_TEXT, json!({ "t": "Khatib" })).await;
    assert_eq!(after, khatib);
    assert_eq!(row_counts(&app).await, counts);
    assert_eq!(exported(&app).await, stored);
}

/// Zero-width joiners and bidi marks inside a real name are legitimate (copy-pasted
/// Arabic carries them): the name is stored as written, and search folds them away on
/// both sides, so the plain spelling finds it and the decorated spelling finds the plain.
async fn invisible_characters_in_a_name_are_kept_and_searchable(app: TestApp) {
    let editor = app.key(Role::Editor).await;
    let name = format!("{RLO}\u{200F}فراس\u{200D} الطلاس\u{200B}\u{FEFF}");
    let created = app
        .query_as(&editor, CREATE_PERSON, json!({ "i": person_input(&name) }))
        .await;
    assert_eq!(created["createPerson"]["name"], name.trim());

    for query in [
        "فراس الطلاس",
        "فراس",
        "طلاس",
        name.as_str(),
        "\u{200B}فر\u{200C}اس",
    ] {
        let data = app.query_ok(SEARCH, json!({ "q": query })).await;
        let names: Vec<&str> = data["search"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|n| n["matchedName"].as_str())
            .collect();
        assert!(names.contains(&name.trim()), "{query:?} finds {names:?}");
    }
}

crate::backend_tests!(
    the_hostile_corpus_is_refused_and_stores_nothing,
    invisible_characters_in_a_name_are_kept_and_searchable,
);
