//! OpenTelemetry traces: a server started with `--otlp-endpoint` sends its spans over
//! OTLP HTTP/protobuf to a receiver in this test process. One nested query, sent with a
//! W3C `traceparent`, makes one tree in the caller's trace: the HTTP request (a child
//! of the caller's span), the GraphQL operation under it, its loader batches under the
//! operation, and their SQL statements under them; and no span carries a variable's
//! value, the API key or a literal of SQL.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use actix_web::{App, HttpResponse, HttpServer, web};
use daleel::service::access::Role;
use opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceRequest;
use opentelemetry_proto::tonic::common::v1::any_value::Value as AnyValue;
use opentelemetry_proto::tonic::trace::v1::Span;
use opentelemetry_proto::tonic::trace::v1::span::SpanKind;
use prost::Message;
use serde_json::json;

use crate::helpers::spawn_each;

type Received = Arc<Mutex<Vec<Span>>>;

/// Receives OTLP/HTTP protobuf exports, as a collector would, keeping every span.
async fn receiver() -> (String, Received) {
    let spans: Received = Arc::default();
    let kept = spans.clone();
    let server = HttpServer::new(move || {
        let kept = kept.clone();
        App::new().route(
            "/v1/traces",
            web::post().to(move |body: web::Bytes| {
                let kept = kept.clone();
                async move {
                    let request = ExportTraceServiceRequest::decode(body).unwrap();
                    for resource in request.resource_spans {
                        for scope in resource.scope_spans {
                            kept.lock().unwrap().extend(scope.spans);
                        }
                    }
                    HttpResponse::Ok()
                        .content_type("application/x-protobuf")
                        .finish()
                }
            }),
        )
    })
    .workers(1)
    .bind(("127.0.0.1", 0))
    .unwrap();
    let address = format!("http://{}", server.addrs()[0]);
    tokio::spawn(server.run());
    (address, spans)
}

fn attribute(span: &Span, key: &str) -> Option<String> {
    let value = span
        .attributes
        .iter()
        .find(|a| a.key == key)?
        .value
        .as_ref()?;
    Some(match value.value.as_ref()? {
        AnyValue::StringValue(s) => s.clone(),
        AnyValue::IntValue(n) => n.to_string(),
        AnyValue::BoolValue(b) => b.to_string(),
        AnyValue::DoubleValue(d) => d.to_string(),
        other => format!("{other:?}"),
    })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

const NESTED: &str = r#"query Nested($name: String) {
  facilities(first: 5, filter: { text: $name }) { nodes { name
    branches(first: 5) { nodes { name officers(first: 5) { nodes { name
      verdicts(first: 5) { nodes { charges(first: 10) { nodes { crime } } citations { quote } } } } } } } } }
}"#;

#[tokio::test]
async fn one_nested_query_makes_one_tree_in_the_callers_trace() {
    for app in spawn_each(|_| {}).await {
        let (endpoint, spans) = receiver().await;
        let (mut command, base) = crate::helpers::serve_command(&[
            "--otlp-endpoint",
            &endpoint,
            "--rate-limit-per-address",
            "0",
            "--no-seed",
            "--database-url",
            app.database_url(),
        ]);
        // Export every 100 ms rather than every 5 s.
        let mut child = command
            .env("OTEL_BSP_SCHEDULE_DELAY", "100")
            .spawn()
            .unwrap();
        let client = reqwest::Client::new();
        crate::helpers::wait_until_up(&client, &base, "/healthz").await;
        let key = app.key(Role::Analyst).await;
        let trace_id = "4bf92f3577b34da6a3ce929d0e0e4736";
        let caller = "00f067aa0ba902b7";
        let response = client
            .post(format!("{base}/graphql"))
            .bearer_auth(&key)
            .header("traceparent", format!("00-{trace_id}-{caller}-01"))
            .json(&json!({ "query": NESTED, "operationName": "Nested", "variables": { "name": "Khatib" } }))
            .send()
            .await
            .unwrap();
        let body: serde_json::Value = response.json().await.unwrap();
        assert!(body.get("errors").is_none(), "{body:#}");
        assert_eq!(
            body["data"]["facilities"]["nodes"][0]["name"], "Al-Khatib prison",
            "the filter ran: {body:#}"
        );

        // The spans of the trace, once the statements' have arrived.
        let started = Instant::now();
        let trace: Vec<Span> = loop {
            let trace: Vec<Span> = spans
                .lock()
                .unwrap()
                .iter()
                .filter(|s| hex(&s.trace_id) == trace_id)
                .cloned()
                .collect();
            let has_sql = trace
                .iter()
                .any(|s| attribute(s, "db.system.name").is_some());
            let has_http = trace.iter().any(|s| s.kind == SpanKind::Server as i32);
            if (has_sql && has_http) || started.elapsed() > Duration::from_secs(30) {
                break trace;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        let _ = child.kill();
        let _ = child.wait();

        let by_id: HashMap<String, &Span> = trace.iter().map(|s| (hex(&s.span_id), s)).collect();
        let names: Vec<&str> = trace.iter().map(|s| s.name.as_str()).collect();
        // The HTTP request continues the caller's span.
        let http = trace
            .iter()
            .find(|s| s.kind == SpanKind::Server as i32)
            .unwrap_or_else(|| panic!("no server span in {names:?}"));
        assert_eq!(http.name, "POST /graphql");
        assert_eq!(hex(&http.parent_span_id), caller);
        assert_eq!(
            attribute(http, "http.request.method").as_deref(),
            Some("POST")
        );
        assert_eq!(attribute(http, "http.route").as_deref(), Some("/graphql"));
        assert_eq!(
            attribute(http, "http.response.status_code").as_deref(),
            Some("200")
        );
        // The operation, under the request.
        let operation = trace
            .iter()
            .find(|s| s.name == "query Nested")
            .unwrap_or_else(|| panic!("no operation span in {names:?}"));
        assert_eq!(hex(&operation.parent_span_id), hex(&http.span_id));
        assert_eq!(
            attribute(operation, "graphql.operation.type").as_deref(),
            Some("query")
        );
        assert_eq!(
            attribute(operation, "graphql.operation.name").as_deref(),
            Some("Nested")
        );
        // Its loader batches, under the operation: one per relation the query nests.
        let batches: Vec<&Span> = trace.iter().filter(|s| s.name == "loader batch").collect();
        assert!(batches.len() >= 4, "{names:?}");
        for batch in &batches {
            assert_eq!(
                hex(&batch.parent_span_id),
                hex(&operation.span_id),
                "{names:?}"
            );
            assert!(attribute(batch, "relation").is_some() && attribute(batch, "keys").is_some());
        }
        // Their statements, each under a batch or the operation, with the database.
        let statements: Vec<&Span> = trace
            .iter()
            .filter(|s| attribute(s, "db.system.name").is_some())
            .collect();
        let system = match app.backend {
            crate::helpers::Backend::Sqlite => "sqlite",
            crate::helpers::Backend::Postgres => "postgresql",
            crate::helpers::Backend::Mysql => "mysql",
        };
        assert!(statements.len() >= batches.len());
        for statement in &statements {
            assert_eq!(statement.kind, SpanKind::Client as i32);
            assert_eq!(
                attribute(statement, "db.system.name").as_deref(),
                Some(system)
            );
            assert!(attribute(statement, "db.query.text").is_some());
            // Under the request (the key's lookup), the operation or a batch.
            assert!(
                by_id.contains_key(&hex(&statement.parent_span_id)),
                "a statement outside the tree: {}",
                statement.name
            );
        }
        let in_batches = statements
            .iter()
            .filter(|s| {
                by_id
                    .get(&hex(&s.parent_span_id))
                    .is_some_and(|p| p.name == "loader batch")
            })
            .count();
        assert!(
            in_batches >= batches.len(),
            "statements run in their batches: {names:?}"
        );
        // No value of the request anywhere: not the variable, not the key, no literal.
        for span in &trace {
            for attr in &span.attributes {
                let value = format!("{:?}", attr.value);
                assert!(
                    !value.to_lowercase().contains("khatib")
                        && !value.contains(&key)
                        && !value.contains('\''),
                    "span {} carries {}: {value}",
                    span.name,
                    attr.key
                );
            }
        }
    }
}
