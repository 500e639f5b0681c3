//! Log output, and OpenTelemetry traces when `--otlp-endpoint` names a collector. Log
//! lines carry the request id (from the request span) and never request bodies,
//! variables or SQL: those may hold personal data. Spans carry the same: an HTTP request
//! (method and route pattern, never the path or query string), a GraphQL operation (its
//! type and name), each loader batch (relation, key count) and each SQL statement (the
//! database and the statement's shape, every literal replaced by `?`; `sql_shape.rs`).

mod sql_shape;

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use opentelemetry::trace::{Span as _, SpanKind, Status, TraceContextExt as _, Tracer as _};
use opentelemetry::{KeyValue, global};
use opentelemetry_otlp::{Protocol, WithExportConfig};
use opentelemetry_sdk::Resource;
use opentelemetry_sdk::propagation::TraceContextPropagator;
use opentelemetry_sdk::trace::SdkTracerProvider;
use tracing_opentelemetry::OpenTelemetrySpanExt;
use tracing_subscriber::filter::filter_fn;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Layer};

use crate::config::LogFormat;

/// The name spans are exported under when `OTEL_SERVICE_NAME` does not say.
const SERVICE_NAME: &str = "daleel";

/// Whether spans are exported: statement spans are built only then.
static EXPORTING: AtomicBool = AtomicBool::new(false);
/// The provider, flushed at shutdown.
static PROVIDER: OnceLock<SdkTracerProvider> = OnceLock::new();

/// Whether traces are exported.
pub fn exporting() -> bool {
    EXPORTING.load(Ordering::Relaxed)
}

/// The exporter of spans to `endpoint`, the collector's base URL (traces go to
/// `/v1/traces` under it), over OTLP HTTP/protobuf. The `OTEL_EXPORTER_OTLP_HEADERS`,
/// `…_TIMEOUT` and `…_COMPRESSION` variables, the batch processor's `OTEL_BSP_*`, the
/// sampler's `OTEL_TRACES_SAMPLER(_ARG)` and `OTEL_SERVICE_NAME`/`OTEL_RESOURCE_ATTRIBUTES`
/// are read by the OpenTelemetry SDK as the specification says.
fn provider(endpoint: &str) -> Result<SdkTracerProvider, String> {
    let exporter = opentelemetry_otlp::SpanExporter::builder()
        .with_http()
        .with_protocol(Protocol::HttpBinary)
        .with_endpoint(format!("{}/v1/traces", endpoint.trim_end_matches('/')))
        .build()
        .map_err(|e| format!("the OTLP endpoint `{endpoint}` cannot be used: {e}"))?;
    let mut resource = Resource::builder();
    if std::env::var_os("OTEL_SERVICE_NAME").is_none() {
        resource = resource.with_service_name(SERVICE_NAME);
    }
    Ok(SdkTracerProvider::builder()
        .with_batch_exporter(exporter)
        .with_resource(resource.build())
        .build())
}

/// Installs the global subscriber, exporting spans to `otlp_endpoint` when one is
/// given; a second call (as in tests) is a no-op. Fails only on an endpoint the
/// exporter cannot use.
pub fn init(format: LogFormat, filter: &str, otlp_endpoint: Option<&str>) -> Result<(), String> {
    let filter = EnvFilter::try_new(filter).unwrap_or_else(|_| EnvFilter::new("info"));
    let fmt = match format {
        LogFormat::Pretty => tracing_subscriber::fmt::layer()
            .with_writer(std::io::stderr)
            .boxed(),
        LogFormat::Json => tracing_subscriber::fmt::layer()
            .json()
            .flatten_event(true)
            .with_writer(std::io::stderr)
            .boxed(),
    };
    let tracer = match otlp_endpoint.filter(|e| !e.is_empty()) {
        Some(endpoint) => {
            let provider = provider(endpoint)?;
            let tracer = opentelemetry::trace::TracerProvider::tracer(&provider, SERVICE_NAME);
            global::set_tracer_provider(provider.clone());
            global::set_text_map_propagator(TraceContextPropagator::new());
            let _ = PROVIDER.set(provider);
            EXPORTING.store(true, Ordering::Relaxed);
            Some(tracer)
        }
        None => None,
    };
    // Only daleel's own spans (not their events: those are log lines), whatever the
    // log filter lets through.
    let traces = tracer.map(|tracer| {
        tracing_opentelemetry::layer()
            .with_tracer(tracer)
            .with_filter(filter_fn(|meta| {
                meta.is_span() && meta.target().starts_with("daleel")
            }))
    });
    let _ = tracing_subscriber::registry()
        .with(fmt.with_filter(filter))
        .with(traces)
        .try_init();
    Ok(())
}

/// Sends the spans not yet exported; called as the server stops.
pub fn shutdown() {
    if let Some(provider) = PROVIDER.get()
        && let Err(err) = provider.shutdown()
    {
        tracing::warn!(error = %err, "spans could not all be exported at shutdown");
    }
}

/// Reads the W3C `traceparent` (and `tracestate`) of an incoming request.
struct Headers<'a>(&'a actix_web::http::header::HeaderMap);

impl opentelemetry::propagation::Extractor for Headers<'_> {
    fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).and_then(|v| v.to_str().ok())
    }

    fn keys(&self) -> Vec<&str> {
        self.0.keys().map(|k| k.as_str()).collect()
    }
}

/// Continues the caller's trace in `span` when the request carries a `traceparent`.
pub fn continue_trace(span: &tracing::Span, headers: &actix_web::http::header::HeaderMap) {
    if !exporting() {
        return;
    }
    let parent = global::get_text_map_propagator(|p| p.extract(&Headers(headers)));
    if parent.span().span_context().is_valid() {
        let _ = span.set_parent(parent);
    }
}

/// A span for one SQL statement that just ran, as a child of the current span (a loader
/// batch, or the request): the database, the operation and table, and the statement's
/// shape without its values.
pub fn statement(info: &sea_orm::metric::Info<'_>) {
    if !exporting() {
        return;
    }
    let end = std::time::SystemTime::now();
    let start = end.checked_sub(info.elapsed).unwrap_or(end);
    let system = match info.statement.db_backend {
        sea_orm::DbBackend::Postgres => "postgresql",
        sea_orm::DbBackend::MySql => "mysql",
        sea_orm::DbBackend::Sqlite => "sqlite",
        _ => "other_sql",
    };
    let shape = sql_shape::shape(&info.statement.sql);
    let summary = sql_shape::summary(&shape);
    let tracer = global::tracer(SERVICE_NAME);
    let parent = tracing::Span::current().context();
    let mut span = tracer
        .span_builder(summary.clone())
        .with_kind(SpanKind::Client)
        .with_start_time(start)
        .with_attributes([
            KeyValue::new("db.system.name", system),
            KeyValue::new("db.query.summary", summary),
            KeyValue::new("db.query.text", shape),
        ])
        .start_with_context(&tracer, &parent);
    if info.failed {
        span.set_status(Status::error("the statement failed"));
    }
    span.end_with_timestamp(end);
}
