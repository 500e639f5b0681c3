//! The documented examples (the README's example section and every example in
//! `docs/api.md`), run against a fresh server with the built-in data, give the documented
//! answers: the documentation cannot drift from what daleel does.

use serde_json::{Value, json};

use crate::helpers::{Backend, spawn_app};

/// The body of the first fenced block of `lang` after `from` in `text`, and where it ends.
fn fenced_block<'a>(text: &'a str, lang: &str, from: usize) -> Option<(&'a str, usize)> {
    let fence = format!("```{lang}\n");
    let start = text[from..].find(&fence).map(|i| from + i + fence.len())?;
    let end = text[start..].find("\n```").map(|i| start + i)?;
    Some((&text[start..end], end))
}

/// The (query, answer) pairs in `text` (a section or a whole file), in order: each fenced
/// `graphql` block whose next fenced block is a `json` one. A `graphql` block followed by
/// anything else (a subscription and its client code, an SDL) is not an example.
fn examples(text: &str) -> Vec<(String, Value)> {
    let mut pairs = Vec::new();
    let mut from = 0;
    while let Some((query, after_query)) = fenced_block(text, "graphql", from) {
        let closed = after_query + "\n```".len();
        let answered = text[closed..]
            .find("```")
            .is_some_and(|i| text[closed + i..].starts_with("```json\n"));
        if !answered {
            from = closed;
            continue;
        }
        let (answer, after_answer) =
            fenced_block(text, "json", after_query).expect("each example has its answer");
        let answer = serde_json::from_str(answer)
            .unwrap_or_else(|e| panic!("the answer to\n{query}\nis not JSON: {e}"));
        pairs.push((query.to_owned(), answer));
        from = after_answer;
    }
    pairs
}

/// The section of `text` that starts at `heading`, up to the next `## ` heading.
fn section<'a>(text: &'a str, heading: &str) -> &'a str {
    let start = text
        .find(heading)
        .unwrap_or_else(|| panic!("there is a section {heading:?}"));
    let end = text[start + 1..]
        .find("\n## ")
        .map_or(text.len(), |i| start + 1 + i);
    &text[start..end]
}

fn read(path: &str) -> String {
    std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR")))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[tokio::test]
async fn the_readme_examples_give_the_readme_answers() {
    let readme = read("README.md");
    let api = read("docs/api.md");
    let readme_examples = examples(section(&readme, "## Example"));
    assert!(!readme_examples.is_empty(), "the README has an example");
    let api_examples = examples(&api);
    assert!(api_examples.len() >= 2, "{} examples", api_examples.len());

    let app = spawn_app(Backend::Sqlite).await.unwrap();
    let editor = app.key(daleel::service::access::Role::Editor).await;
    for (file, pairs) in [
        ("README.md", readme_examples),
        ("docs/api.md", api_examples),
    ] {
        for (query, expected) in pairs {
            // Mutations need a key; queries are shown as the public reader sees them.
            let data = if query.trim_start().starts_with("mutation") {
                app.query_as(&editor, &query, json!({})).await
            } else {
                app.query_ok(&query, json!({})).await
            };
            assert_eq!(
                json!({ "data": data }),
                expected,
                "update the answer in {file} to:\n{query}"
            );
        }
    }
}
