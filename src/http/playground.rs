//! GraphiQL for analysts, opened with the example dashboard query.

/// The nested query a newcomer sees first (also the README's example).
pub const EXAMPLE_QUERY: &str = include_str!("example_query.graphql");

const TEMPLATE: &str = include_str!("playground.html");

/// The playground page with the example query preloaded.
pub fn page() -> String {
    // A JSON string literal is a valid JavaScript string literal; `</` is escaped so the
    // query can never close the script element.
    let query = serde_json::Value::String(EXAMPLE_QUERY.to_owned())
        .to_string()
        .replace("</", "<\\/");
    TEMPLATE.replace("__EXAMPLE_QUERY__", &query)
}
