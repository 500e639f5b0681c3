//! Answers written as they are produced (`graphql::produced`): over HTTP each object
//! that resolves in place is written as JSON when it finishes, instead of the whole
//! answer being built as a tree first. The written answer must be the tree's answer,
//! byte for byte: fields in query order, fragments and aliases, nulls where failed
//! fields put them.

use async_graphql::{Response, Value};
use daleel::graphql::nulls::FieldTypes;
use daleel::graphql::ordering::response_json;
use serde_json::json;

use crate::helpers::TestApp;
use crate::in_process::Recorder;

/// Facilities down to officers' postings, with citations and their sources at each
/// level, as a dashboard asks.
const NESTED: &str = r#"{
  facilities(first: 20) {
    totalCount
    nodes {
      name kind citations { quote source { title kind } }
      branches(first: 5) {
        nodes {
          name number
          agency { name }
          officers(first: 10) {
            totalCount
            nodes {
              name roles
              postings(first: 5) { nodes { role period { edtf } branch { name } } }
              citations { quote source { title } }
            }
          }
        }
      }
    }
  }
}"#;

/// The same through fragments, aliases and a directive: objects that need the
/// query's document to be ordered stay trees, and the writer's plan orders them.
const SHAPED: &str = r#"query {
  first: facilities(first: 10) { nodes { ...Place branches(first: 3) { nodes { label: name ... on Branch { city } } } } }
  again: facilities(first: 10) { nodes { name @include(if: true) citations { source { title } quote } } }
}
fragment Place on Facility { name slug }"#;

/// A field that fails inside a nullable object (`agency`) of every branch: the agency
/// is null and each failure has its error.
const FAILING: &str = r#"{
  branches(first: 20) { nodes { name parent { name } agency { name branches(first: -1) { totalCount } } citations { quote } } }
}"#;

/// `response` as the HTTP handler writes it: nulls mended, fields in query order.
fn answer(query: &str, mut response: Response) -> String {
    let doc = async_graphql::parser::parse_query(query).unwrap();
    let sdl =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/schema.graphql")).unwrap();
    FieldTypes::of_sdl(&sdl).propagate(&doc, None, &mut response);
    String::from_utf8(response_json(&doc, None, &response, usize::MAX).unwrap()).unwrap()
}

/// How many values of the answer were written as they were produced.
fn written(value: &Value) -> usize {
    match value {
        Value::Binary(_) => 1,
        Value::List(items) => items.iter().map(written).sum(),
        Value::Object(fields) => fields.values().map(written).sum(),
        _ => 0,
    }
}

async fn the_written_answer_is_the_tree_answer(app: TestApp) {
    let recorder = Recorder::connect(&app).await;
    for query in [NESTED, SHAPED, FAILING] {
        let tree = recorder.response(query, json!({}), false).await;
        let produced = recorder.response(query, json!({}), true).await;
        assert_eq!(
            written(&tree.data),
            0,
            "only asked for, the tree is written"
        );
        let failing = !tree.errors.is_empty();
        assert_eq!(failing, query == FAILING, "{:?}", tree.errors);
        assert_eq!(produced.errors.len(), tree.errors.len());
        let (tree, produced) = (answer(query, tree), answer(query, produced));
        assert_eq!(produced, tree, "{query}");
        // Over HTTP: the same data (the handler adds codes to the errors).
        let body = app.post_graphql(query, json!({})).await;
        let tree: serde_json::Value = serde_json::from_str(&tree).unwrap();
        assert_eq!(
            serde_json::to_string(&body["data"]).unwrap(),
            serde_json::to_string(&tree["data"]).unwrap()
        );
    }

    // The dashboard's facilities are written whole as they finish; with an error in
    // the request, what encloses the failure stays a tree for the nulls to be mended.
    let produced = recorder.response(NESTED, json!({}), true).await;
    let facilities = &produced.data;
    let Value::Object(root) = facilities else {
        panic!("data")
    };
    let Some(Value::Object(page)) = root.get("facilities") else {
        panic!("facilities")
    };
    let Some(Value::List(nodes)) = page.get("nodes") else {
        panic!("nodes")
    };
    assert!(!nodes.is_empty());
    assert!(nodes.iter().all(|node| matches!(node, Value::Binary(_))));
    let failing = recorder.response(FAILING, json!({}), true).await;
    let body = answer(FAILING, failing);
    let body: serde_json::Value = serde_json::from_str(&body).unwrap();
    let branches = body["data"]["branches"]["nodes"].as_array().unwrap();
    assert!(!branches.is_empty());
    for branch in branches {
        assert!(branch["agency"].is_null(), "{branch}");
        assert!(branch["name"].is_string(), "{branch}");
    }
}

crate::backend_tests!(the_written_answer_is_the_tree_answer);
