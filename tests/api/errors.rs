//! Bad requests get clear errors with codes; the server stays up; nothing internal leaks.

use serde_json::{Value, json};

use crate::helpers::{TestApp, error_code, single_error};

/// Words that would betray SQL or internals in an error message.
const LEAKS: [&str; 8] = [
    "SELECT",
    "sqlx",
    "sea_orm",
    "DbErr",
    "panicked",
    "src/",
    "syntax error at",
    "SQLSTATE",
];

fn assert_no_leak(body: &Value) {
    let text = body.to_string();
    for leak in LEAKS {
        assert!(!text.contains(leak), "response leaks `{leak}`: {text}");
    }
}

async fn malformed_json_is_a_400_with_a_json_error(app: TestApp) {
    for body in ["{not json", "", "[1, 2", "{\"query\": 42}"] {
        let response = app
            .client
            .post(format!("{}/graphql", app.address))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400, "{body}");
        let json: Value = response.json().await.expect("the error body is JSON");
        assert_eq!(json["errors"][0]["extensions"]["code"], "BAD_REQUEST");
        assert!(
            json["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("query")
        );
        assert_no_leak(&json);
    }
    // And the server still answers.
    app.query_ok("{ facilities { totalCount } }", json!({}))
        .await;
}

async fn an_unknown_field_is_a_validation_error_naming_it(app: TestApp) {
    let body = app
        .post_graphql("{ facilities { nodes { name secretField } } }", json!({}))
        .await;
    let error = single_error(&body);
    assert_eq!(error["extensions"]["code"], "GRAPHQL_VALIDATION_FAILED");
    let message = error["message"].as_str().unwrap();
    assert!(
        message.contains("secretField") && message.contains("Facility"),
        "{message}"
    );
    assert!(body["data"].is_null());
}

async fn a_syntax_error_is_reported_with_a_code(app: TestApp) {
    let body = app.post_graphql("{ facilities { ", json!({})).await;
    assert_eq!(error_code(&body), "GRAPHQL_PARSE_FAILED");
    assert_no_leak(&body);
}

async fn bad_arguments_name_what_to_fix(app: TestApp) {
    let body = app
        .post_graphql(
            r#"{ verdicts(filter: { date: { from: "13/01/2022" } }) { totalCount } }"#,
            json!({}),
        )
        .await;
    let error = single_error(&body);
    assert!(
        error["message"].as_str().unwrap().contains("YYYY-MM-DD"),
        "{body:#}"
    );
    assert!(error["extensions"]["code"].is_string());

    let body = app
        .post_graphql(
            r#"{ facilities(filter: { status: EXPLODED }) { totalCount } }"#,
            json!({}),
        )
        .await;
    assert!(
        single_error(&body)["message"]
            .as_str()
            .unwrap()
            .contains("EXPLODED"),
        "{body:#}"
    );
}

async fn hostile_filter_text_matches_literally(app: TestApp) {
    // LIKE wildcards and SQL in a search are just text.
    for text in ["%", "_", "' OR 1=1 --", "\\", "Khatib%"] {
        let body = app
            .post_graphql(
                "query($t: String) { facilities(filter: { text: $t }) { totalCount } }",
                json!({ "t": text }),
            )
            .await;
        assert!(body.get("errors").is_none(), "{text}: {body:#}");
        assert_eq!(
            body["data"]["facilities"]["totalCount"], 0,
            "{text} must match literally"
        );
    }
}

crate::backend_tests!(
    malformed_json_is_a_400_with_a_json_error,
    an_unknown_field_is_a_validation_error_naming_it,
    a_syntax_error_is_reported_with_a_code,
    bad_arguments_name_what_to_fix,
    hostile_filter_text_matches_literally,
);
