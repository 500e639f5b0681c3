//! The soak load: many clients mixing reads and writes against one server for a set
//! time, then a check that every acknowledged write is stored with the content that was
//! acknowledged. Shared by the short run in the test suite (tests/api/soak.rs) and the
//! long run (`cargo bench --bench soak`).

use std::collections::HashMap;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const CREATE: &str = "mutation($input: CreateFacilityInput!) { createFacility(input: $input) { id version description } }";
const UPDATE: &str = "mutation($id: ID!, $v: Int!, $input: UpdateFacilityInput!) { updateFacility(id: $id, expectedVersion: $v, input: $input) { version description } }";
const DASHBOARD: &str = "{ facilities(first: 10) { totalCount nodes { name branches(first: 5) { nodes { name officers(first: 5) { nodes { name verdicts(first: 3) { nodes { outcome } } } } } } } } }";
const SEARCH: &str = "{ search(query: \"khatib\", first: 10) { totalCount } }";
const COUNTS: &str = "{ facilityCounts(by: STATUS) { key count } }";
const READ_BACK: &str =
    "query($id: ID!) { node(id: $id) { ... on Facility { version description } } }";

pub struct Soak {
    pub address: String,
    pub editor_key: String,
    pub clients: usize,
    pub duration: Duration,
}

/// What a write was acknowledged with: the stored version and description.
#[derive(Debug, Clone, PartialEq)]
struct Acknowledged {
    version: i64,
    description: String,
}

#[derive(Debug, Default)]
pub struct Report {
    pub requests: u64,
    pub reads: u64,
    pub writes_acknowledged: u64,
    /// Contended updates refused with CONFLICT, as optimistic locking should.
    pub conflicts: u64,
    /// Anything else that failed: a status other than 200, or an unexpected error.
    pub errors: u64,
    pub first_errors: Vec<String>,
    pub latencies: Vec<Duration>,
    /// Acknowledged records whose stored content differs (or that are missing).
    pub lost_or_wrong: Vec<String>,
    pub records_checked: usize,
    pub elapsed: Duration,
}

impl Report {
    pub fn percentile(&self, p: f64) -> Duration {
        if self.latencies.is_empty() {
            return Duration::ZERO;
        }
        let mut sorted = self.latencies.clone();
        sorted.sort();
        let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
        sorted[index]
    }

    pub fn print(&self, title: &str) {
        println!("{title}");
        println!(
            "  requests {}  ({:.0}/s)  reads {}  acknowledged writes {}  conflicts {}  errors {}",
            self.requests,
            self.requests as f64 / self.elapsed.as_secs_f64(),
            self.reads,
            self.writes_acknowledged,
            self.conflicts,
            self.errors
        );
        println!(
            "  latency p50 {:?}  p90 {:?}  p99 {:?}  max {:?}",
            self.percentile(0.5),
            self.percentile(0.9),
            self.percentile(0.99),
            self.percentile(1.0)
        );
        println!(
            "  records checked {}  lost or wrong {}",
            self.records_checked,
            self.lost_or_wrong.len()
        );
        for error in &self.first_errors {
            println!("  error: {error}");
        }
    }
}

struct Client {
    http: reqwest::Client,
    url: String,
    authorization: String,
}

enum Answer {
    Data(Value),
    Conflict,
    Failed(String),
}

impl Client {
    async fn send(&self, query: &str, variables: Value, keyed: bool) -> Answer {
        let mut request = self
            .http
            .post(&self.url)
            .json(&json!({ "query": query, "variables": variables }));
        if keyed {
            request = request.header("authorization", &self.authorization);
        }
        let response = match request.send().await {
            Ok(response) => response,
            Err(err) => return Answer::Failed(format!("transport: {err}")),
        };
        let status = response.status();
        let body: Value = match response.json().await {
            Ok(body) => body,
            Err(err) => return Answer::Failed(format!("{status}: body is not JSON: {err}")),
        };
        if status != 200 {
            return Answer::Failed(format!("{status}: {body}"));
        }
        match body["errors"][0]["extensions"]["code"].as_str() {
            None => Answer::Data(body["data"].clone()),
            Some("CONFLICT") => Answer::Conflict,
            Some(_) => Answer::Failed(body.to_string()),
        }
    }
}

fn facility(slug: &str, description: &str) -> Value {
    json!({ "input": { "slug": slug, "name": format!("Soak {slug}"), "kind": "MILITARY_PRISON",
                       "status": "UNKNOWN", "description": description } })
}

/// Runs the load, then reads every acknowledged record back.
pub async fn run(soak: &Soak) -> Report {
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(soak.clients)
        .build()
        .expect("an HTTP client");
    let client = Client {
        http,
        url: format!("{}/graphql", soak.address),
        authorization: format!("Bearer {}", soak.editor_key),
    };
    let run_id = uuid::Uuid::new_v4().simple().to_string()[..8].to_owned();
    // One record every client competes for: CONFLICTs are expected, lost updates not.
    let shared = match client
        .send(
            CREATE,
            facility(&format!("soak-{run_id}-shared"), "v1"),
            true,
        )
        .await
    {
        Answer::Data(data) => data["createFacility"]["id"].as_str().unwrap().to_owned(),
        _ => panic!("the shared record could not be created"),
    };
    let started = Instant::now();
    let deadline = started + soak.duration;
    let workers = (0..soak.clients).map(|n| {
        let client = Client {
            http: client.http.clone(),
            url: client.url.clone(),
            authorization: client.authorization.clone(),
        };
        let (run_id, shared) = (run_id.clone(), shared.clone());
        tokio::spawn(async move { worker(n, client, &run_id, &shared, deadline).await })
    });
    // Spawned now, all at once (the iterator is lazy).
    let workers: Vec<_> = workers.collect();
    let mut report = Report::default();
    let mut acknowledged: HashMap<String, Acknowledged> = HashMap::new();
    let mut shared_acks: Vec<Acknowledged> = Vec::new();
    for worker in workers {
        let done = worker.await.expect("a worker finished");
        report.requests += done.requests;
        report.reads += done.reads;
        report.writes_acknowledged += done.writes;
        report.conflicts += done.conflicts;
        report.errors += done.errors.len() as u64;
        report.first_errors.extend(
            done.errors
                .into_iter()
                .take(3 - report.first_errors.len().min(3)),
        );
        report.latencies.extend(done.latencies);
        acknowledged.extend(done.records);
        shared_acks.extend(done.shared);
    }
    report.elapsed = started.elapsed();
    // The shared record holds what its highest acknowledged version said.
    if let Some(last) = shared_acks.iter().max_by_key(|a| a.version) {
        acknowledged.insert(shared, last.clone());
    }
    for (id, expected) in &acknowledged {
        match client.send(READ_BACK, json!({ "id": id }), true).await {
            Answer::Data(data) => {
                let stored = Acknowledged {
                    version: data["node"]["version"].as_i64().unwrap_or(-1),
                    description: data["node"]["description"]
                        .as_str()
                        .unwrap_or_default()
                        .to_owned(),
                };
                if &stored != expected {
                    report.lost_or_wrong.push(format!(
                        "{id}: acknowledged {expected:?}, stored {stored:?}"
                    ));
                }
            }
            _ => report
                .lost_or_wrong
                .push(format!("{id}: cannot be read back")),
        }
    }
    report.records_checked = acknowledged.len();
    report
}

#[derive(Default)]
struct WorkerReport {
    requests: u64,
    reads: u64,
    writes: u64,
    conflicts: u64,
    errors: Vec<String>,
    latencies: Vec<Duration>,
    records: HashMap<String, Acknowledged>,
    shared: Vec<Acknowledged>,
}

async fn worker(
    n: usize,
    client: Client,
    run_id: &str,
    shared: &str,
    deadline: Instant,
) -> WorkerReport {
    let mut report = WorkerReport::default();
    let mut own: Vec<(String, i64)> = Vec::new();
    let mut shared_version = 1_i64;
    let mut step = 0_usize;
    while Instant::now() < deadline {
        step += 1;
        let description = format!("client {n} step {step}");
        let started = Instant::now();
        let (answer, kind) = match step % 10 {
            0..=5 => {
                let query = [DASHBOARD, SEARCH, COUNTS][step % 3];
                (client.send(query, json!({}), false).await, "read")
            }
            6 | 7 if own.is_empty() || step.is_multiple_of(3) => {
                let slug = format!("soak-{run_id}-{n}-{step}");
                (
                    client
                        .send(CREATE, facility(&slug, &description), true)
                        .await,
                    "create",
                )
            }
            6 | 7 => {
                let (id, version) = own[step % own.len()].clone();
                let variables =
                    json!({ "id": id, "v": version, "input": { "description": description } });
                (client.send(UPDATE, variables, true).await, "update")
            }
            8 => {
                let variables = json!({ "id": shared, "v": shared_version, "input": { "description": description } });
                (client.send(UPDATE, variables, true).await, "shared")
            }
            _ => {
                let id = own.first().map_or(shared, |(id, _)| id.as_str());
                (
                    client.send(READ_BACK, json!({ "id": id }), true).await,
                    "read",
                )
            }
        };
        report.latencies.push(started.elapsed());
        report.requests += 1;
        match (answer, kind) {
            (Answer::Data(_), "read") => report.reads += 1,
            (Answer::Data(data), "create") => {
                let made = &data["createFacility"];
                let id = made["id"].as_str().unwrap_or_default().to_owned();
                own.push((id.clone(), 1));
                report.records.insert(
                    id,
                    Acknowledged {
                        version: 1,
                        description,
                    },
                );
                report.writes += 1;
            }
            (Answer::Data(data), "update") => {
                let version = data["updateFacility"]["version"].as_i64().unwrap_or(-1);
                let index = step % own.len();
                own[index].1 = version;
                report.records.insert(
                    own[index].0.clone(),
                    Acknowledged {
                        version,
                        description,
                    },
                );
                report.writes += 1;
            }
            (Answer::Data(data), _) => {
                let version = data["updateFacility"]["version"].as_i64().unwrap_or(-1);
                shared_version = version;
                report.shared.push(Acknowledged {
                    version,
                    description,
                });
                report.writes += 1;
            }
            (Answer::Conflict, "shared") => {
                report.conflicts += 1;
                // Catch up with the others, as a client refreshing its copy would.
                if let Answer::Data(data) =
                    client.send(READ_BACK, json!({ "id": shared }), true).await
                {
                    shared_version = data["node"]["version"].as_i64().unwrap_or(shared_version);
                }
            }
            (Answer::Conflict, _) => report.errors.push(format!("{kind}: unexpected CONFLICT")),
            (Answer::Failed(error), _) => report.errors.push(format!("{kind}: {error}")),
        }
    }
    report
}
