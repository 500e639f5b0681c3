//! Prometheus metrics for `GET /metrics` (OpenMetrics text).
//!
//! Counters the handlers update live in a registry built once; what other parts of the
//! process already count (SQL statements, the connection pool) is read at scrape time,
//! so nothing is counted twice and a scrape never goes stale.

use std::fmt;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::web::{self, ServiceConfig};
use actix_web::{HttpResponse, get};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::encoding::text::{encode_eof, encode_registry};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::{Registry, Unit};
use sea_orm::{DatabaseBackend, DatabaseConnection};

use crate::db::StatementCounter;
use crate::http::AppState;

/// What kind of GraphQL operation a request ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OperationKind {
    Query,
    Mutation,
    Subscription,
    /// Refused before an operation was known (parse errors, bad JSON, refused documents).
    Unknown,
}

impl OperationKind {
    pub fn as_str(self) -> &'static str {
        match self {
            OperationKind::Query => "query",
            OperationKind::Mutation => "mutation",
            OperationKind::Subscription => "subscription",
            OperationKind::Unknown => "unknown",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct OperationLabels {
    operation: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct CodeLabels {
    code: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct StatusLabels {
    class: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct PoolLabels {
    state: &'static str,
}

/// Latency buckets from 1 ms to 10 s: most reads land in the low milliseconds, and the
/// upper buckets show the slow nested queries worth a look.
const LATENCY_BUCKETS: [f64; 13] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

fn latency_histogram() -> Histogram {
    Histogram::new(LATENCY_BUCKETS)
}

/// Counters and histograms shared by every worker.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    requests: Family<OperationLabels, Counter>,
    durations: Family<OperationLabels, Histogram, fn() -> Histogram>,
    errors: Family<CodeLabels, Counter>,
    http_responses: Family<StatusLabels, Counter>,
    live_subscriptions: Gauge,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("daleel");
        let requests = Family::<OperationLabels, Counter>::default();
        let durations =
            Family::<OperationLabels, Histogram, fn() -> Histogram>::new_with_constructor(
                latency_histogram,
            );
        let errors = Family::<CodeLabels, Counter>::default();
        let http_responses = Family::<StatusLabels, Counter>::default();
        let live_subscriptions = Gauge::default();
        registry.register(
            "graphql_requests",
            "GraphQL requests by operation type",
            requests.clone(),
        );
        registry.register_with_unit(
            "graphql_request_duration",
            "Time to answer a GraphQL request, by operation type",
            Unit::Seconds,
            durations.clone(),
        );
        registry.register(
            "graphql_errors",
            "GraphQL errors returned, by extensions.code",
            errors.clone(),
        );
        registry.register(
            "http_responses",
            "HTTP responses by status class (2xx, 4xx, ...)",
            http_responses.clone(),
        );
        registry.register(
            "live_subscriptions",
            "Subscriptions currently streaming to clients",
            live_subscriptions.clone(),
        );
        // Every operation kind starts at zero, so its series exist (and `rate()` works)
        // before the first request of that kind.
        for kind in [
            OperationKind::Query,
            OperationKind::Mutation,
            OperationKind::Subscription,
            OperationKind::Unknown,
        ] {
            let labels = OperationLabels {
                operation: kind.as_str(),
            };
            let _ = requests.get_or_create(&labels);
            let _ = durations.get_or_create(&labels);
        }
        Metrics {
            registry,
            requests,
            durations,
            errors,
            http_responses,
            live_subscriptions,
        }
    }
}

impl Metrics {
    /// One GraphQL request finished: its operation kind, how long it took, and the
    /// `extensions.code` of each error it returned.
    pub fn observe_operation(&self, kind: OperationKind, seconds: f64, error_codes: &[&str]) {
        let labels = OperationLabels {
            operation: kind.as_str(),
        };
        self.requests.get_or_create(&labels).inc();
        self.durations.get_or_create(&labels).observe(seconds);
        for code in error_codes {
            self.errors
                .get_or_create(&CodeLabels {
                    code: bounded_code(code),
                })
                .inc();
        }
    }

    /// A subscription started streaming to a client.
    pub fn subscription_opened(&self) {
        self.live_subscriptions.inc();
    }

    /// A subscription ended (completed, cancelled, or its connection closed).
    pub fn subscription_closed(&self) {
        self.live_subscriptions.dec();
    }

    /// One HTTP response went out with `status`.
    pub fn observe_http(&self, status: u16) {
        let class = match status {
            100..=199 => "1xx",
            200..=299 => "2xx",
            300..=399 => "3xx",
            400..=499 => "4xx",
            _ => "5xx",
        };
        self.http_responses
            .get_or_create(&StatusLabels { class })
            .inc();
    }

    /// The OpenMetrics text of everything above plus what is read at scrape time.
    pub fn render(&self, scrape: &ScrapeTime) -> Result<String, fmt::Error> {
        let mut text = String::new();
        encode_registry(&mut text, &self.registry)?;
        encode_registry(&mut text, &scrape.registry())?;
        encode_eof(&mut text)?;
        Ok(text)
    }
}

/// Codes are the server's own (`BAD_USER_INPUT`, ...); anything else becomes `OTHER`
/// so that an unexpected code can never grow the label set without bound.
fn bounded_code(code: &str) -> String {
    let plausible = !code.is_empty()
        && code.len() <= 40
        && code.bytes().all(|b| b.is_ascii_uppercase() || b == b'_');
    if plausible { code } else { "OTHER" }.to_owned()
}

/// Values other parts of the process keep, read when Prometheus scrapes.
#[derive(Debug, Default)]
pub struct ScrapeTime {
    pub sql_statements: u64,
    pub pool: Option<PoolUse>,
    /// Operations waiting for a database turn (`http::queue`).
    pub queued: u64,
}

/// The connection pool at one moment.
#[derive(Debug, Clone, Copy)]
pub struct PoolUse {
    pub idle: u64,
    pub in_use: u64,
    pub max: u64,
}

impl ScrapeTime {
    pub fn read(db: &DatabaseConnection, statements: &StatementCounter, queued: usize) -> Self {
        ScrapeTime {
            sql_statements: statements.get(),
            pool: pool_use(db),
            queued: u64::try_from(queued).unwrap_or(u64::MAX),
        }
    }

    fn registry(&self) -> Registry {
        let mut registry = Registry::with_prefix("daleel");
        let statements = Counter::<u64>::default();
        statements.inc_by(self.sql_statements);
        registry.register(
            "sql_statements",
            "SQL statements run since start",
            statements,
        );
        let queued = Gauge::<i64>::default();
        queued.set(i64::try_from(self.queued).unwrap_or(i64::MAX));
        registry.register(
            "queued_operations",
            "Operations waiting for a database turn",
            queued,
        );
        if let Some(pool) = self.pool {
            let connections = Family::<PoolLabels, Gauge>::default();
            for (state, value) in [("idle", pool.idle), ("in_use", pool.in_use)] {
                connections
                    .get_or_create(&PoolLabels { state })
                    .set(i64::try_from(value).unwrap_or(i64::MAX));
            }
            let max = Gauge::<i64>::default();
            max.set(i64::try_from(pool.max).unwrap_or(i64::MAX));
            registry.register(
                "db_pool_connections",
                "Open database connections by state",
                connections,
            );
            registry.register(
                "db_pool_max_connections",
                "Most connections the pool may open",
                max,
            );
        }
        registry
    }
}

/// Reads the sqlx pool behind `db`; the backend is checked first because sea-orm's
/// per-backend accessors panic on the wrong one.
fn pool_use(db: &DatabaseConnection) -> Option<PoolUse> {
    fn of<DB: sea_orm::sqlx::Database>(pool: &sea_orm::sqlx::Pool<DB>) -> Option<PoolUse> {
        if pool.is_closed() {
            return None;
        }
        let size = u64::from(pool.size());
        let idle = u64::try_from(pool.num_idle()).unwrap_or(u64::MAX).min(size);
        Some(PoolUse {
            idle,
            in_use: size - idle,
            max: u64::from(pool.options().get_max_connections()),
        })
    }
    match db.get_database_backend() {
        DatabaseBackend::Sqlite => of(db.get_sqlite_connection_pool()),
        DatabaseBackend::Postgres => of(db.get_postgres_connection_pool()),
        DatabaseBackend::MySql => of(db.get_mysql_connection_pool()),
        _ => None,
    }
}

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(serve_metrics);
}

/// The exposition Prometheus scrapes.
#[get("/metrics")]
async fn serve_metrics(state: web::Data<AppState>) -> HttpResponse {
    let scrape = ScrapeTime::read(&state.db, &state.statements, state.queue.waiting());
    match state.metrics.render(&scrape) {
        Ok(text) => HttpResponse::Ok()
            .content_type("application/openmetrics-text; version=1.0.0; charset=utf-8")
            .body(text),
        Err(err) => {
            tracing::error!(error = %err, "cannot encode the metrics");
            HttpResponse::InternalServerError().finish()
        }
    }
}

/// Counts every HTTP response by status class, preflights and refusals included.
pub async fn count_responses(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let metrics = req
        .app_data::<web::Data<AppState>>()
        .map(|state| state.metrics.clone());
    let result = next.call(req).await;
    if let Some(metrics) = metrics {
        let status = match &result {
            Ok(res) => res.status(),
            Err(err) => err.as_response_error().status_code(),
        };
        metrics.observe_http(status.as_u16());
    }
    result
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn rendered(metrics: &Metrics) -> String {
        metrics.render(&ScrapeTime::default()).unwrap()
    }

    #[test]
    fn operations_are_counted_by_kind_with_latency_and_error_codes() {
        let metrics = Metrics::default();
        metrics.observe_operation(OperationKind::Query, 0.003, &[]);
        metrics.observe_operation(OperationKind::Query, 0.2, &["NOT_FOUND"]);
        metrics.observe_operation(OperationKind::Mutation, 0.02, &["FORBIDDEN", "not a code"]);
        let text = rendered(&metrics);
        for line in [
            "daleel_graphql_requests_total{operation=\"query\"} 2",
            "daleel_graphql_requests_total{operation=\"mutation\"} 1",
            "daleel_graphql_request_duration_seconds_count{operation=\"query\"} 2",
            "daleel_graphql_request_duration_seconds_bucket{le=\"0.005\",operation=\"query\"} 1",
            "daleel_graphql_errors_total{code=\"NOT_FOUND\"} 1",
            "daleel_graphql_errors_total{code=\"FORBIDDEN\"} 1",
            "daleel_graphql_errors_total{code=\"OTHER\"} 1",
        ] {
            assert!(text.contains(line), "{line} missing in\n{text}");
        }
        assert!(text.ends_with("# EOF\n"), "{text}");
        assert_eq!(text.matches("# EOF").count(), 1, "{text}");
    }

    #[test]
    fn live_subscriptions_go_up_and_down() {
        let metrics = Metrics::default();
        metrics.subscription_opened();
        metrics.subscription_opened();
        metrics.subscription_closed();
        assert!(
            rendered(&metrics).contains("daleel_live_subscriptions 1\n"),
            "{}",
            rendered(&metrics)
        );
    }

    #[test]
    fn scrape_time_values_are_exposed() {
        let metrics = Metrics::default();
        let scrape = ScrapeTime {
            sql_statements: 42,
            pool: Some(PoolUse {
                idle: 3,
                in_use: 1,
                max: 10,
            }),
            queued: 7,
        };
        let text = metrics.render(&scrape).unwrap();
        for line in [
            "daleel_sql_statements_total 42",
            "daleel_queued_operations 7",
            "daleel_db_pool_connections{state=\"idle\"} 3",
            "daleel_db_pool_connections{state=\"in_use\"} 1",
            "daleel_db_pool_max_connections 10",
        ] {
            assert!(text.contains(line), "{line} missing in\n{text}");
        }
    }
}
