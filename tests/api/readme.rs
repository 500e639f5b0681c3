//! The README's example query, run against the built-in data, gives the README's answer.

use serde_json::{Value, json};

use crate::helpers::{Backend, spawn_app};

/// The body of the first fenced block of `lang` after `from` in `text`, and where it ends.
fn fenced_block<'a>(text: &'a str, lang: &str, from: usize) -> (&'a str, usize) {
    let fence = format!("```{lang}\n");
    let start = text[from..]
        .find(&fence)
        .map(|i| from + i + fence.len())
        .expect("the README has the block");
    let end = text[start..]
        .find("\n```")
        .map(|i| start + i)
        .expect("the block is closed");
    (&text[start..end], end)
}

#[tokio::test]
async fn the_readme_example_gives_the_readme_answer() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let example = readme
        .find("## Example")
        .expect("the README has an example section");
    let (query, end) = fenced_block(&readme, "graphql", example);
    let (answer, _) = fenced_block(&readme, "json", end);
    let expected: Value = serde_json::from_str(answer).expect("the README's answer is JSON");

    let app = spawn_app(Backend::Sqlite).await.unwrap();
    let data = app.query_ok(query, json!({})).await;
    assert_eq!(
        json!({ "data": data }),
        expected,
        "update the README's example answer"
    );
}
