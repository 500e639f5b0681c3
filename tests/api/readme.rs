//! The README's examples, run against a fresh server with the built-in data, give the
//! README's answers: the README cannot drift from what daleel does.

use serde_json::{Value, json};

use crate::helpers::{Backend, spawn_app};

/// The body of the first fenced block of `lang` after `from` in `text`, and where it ends.
fn fenced_block<'a>(text: &'a str, lang: &str, from: usize) -> Option<(&'a str, usize)> {
    let fence = format!("```{lang}\n");
    let start = text[from..].find(&fence).map(|i| from + i + fence.len())?;
    let end = text[start..].find("\n```").map(|i| start + i)?;
    Some((&text[start..end], end))
}

/// The (query, answer) pairs of the README's example section, in order.
fn examples(readme: &str) -> Vec<(String, Value)> {
    let start = readme
        .find("## Example")
        .expect("the README has an example section");
    let end = readme[start + 1..]
        .find("\n## ")
        .map_or(readme.len(), |i| start + 1 + i);
    let section = &readme[start..end];
    let mut pairs = Vec::new();
    let mut from = 0;
    while let Some((query, after_query)) = fenced_block(section, "graphql", from) {
        let (answer, after_answer) =
            fenced_block(section, "json", after_query).expect("each example has its answer");
        let answer = serde_json::from_str(answer)
            .unwrap_or_else(|e| panic!("the answer to\n{query}\nis not JSON: {e}"));
        pairs.push((query.to_owned(), answer));
        from = after_answer;
    }
    pairs
}

#[tokio::test]
async fn the_readme_examples_give_the_readme_answers() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let examples = examples(&readme);
    assert!(examples.len() >= 3, "{} examples", examples.len());
    let app = spawn_app(Backend::Sqlite).await.unwrap();
    let editor = app.key(daleel::service::access::Role::Editor).await;
    for (query, expected) in examples {
        // Mutations need a key; queries are shown as the public reader sees them.
        let data = if query.trim_start().starts_with("mutation") {
            app.query_as(&editor, &query, json!({})).await
        } else {
            app.query_ok(&query, json!({})).await
        };
        assert_eq!(
            json!({ "data": data }),
            expected,
            "update the README's answer to:\n{query}"
        );
    }
}
