//! Prometheus metrics for `GET /metrics`.
//!
//! The interface other modules call is fixed here; the exposition is filled in by the
//! operations work (issue 5, item 6).

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

/// Counters and histograms shared by every worker.
#[derive(Debug, Default)]
pub struct Metrics {}

impl Metrics {
    /// One GraphQL request finished: its operation kind, how long it took, and the
    /// `extensions.code` of each error it returned.
    pub fn observe_operation(&self, _kind: OperationKind, _seconds: f64, _error_codes: &[&str]) {}

    /// A subscription started streaming to a client.
    pub fn subscription_opened(&self) {}

    /// A subscription ended (completed, cancelled, or its connection closed).
    pub fn subscription_closed(&self) {}
}
