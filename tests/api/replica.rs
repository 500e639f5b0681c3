//! Scaling out on PostgreSQL: with `--read-database-url`, queries are served by a
//! streaming replica and mutations by the primary, as the two servers' own statistics
//! show; a writer reads its own write even while the replica lags.

use std::time::{Duration, Instant};

use daleel::config::Settings;
use daleel::service::access::Role;
use daleel::startup::Application;
use sea_orm::{ConnectionTrait, DatabaseConnection};
use serde_json::{Value, json};

use crate::pg_cluster::{PgCluster, query_i64, wait_for_replay};

const READ: &str = "{ facilities(first: 10) { totalCount nodes { id name } } }";
const CREATE: &str =
    "mutation($input: CreateFacilityInput!) { createFacility(input: $input) { id slug name } }";
const BY_ID: &str = "query($id: ID!) { facility(id: $id) { slug } }";

/// What one server says it did in the `daleel` database.
#[derive(Debug, Clone, Copy)]
struct Stats {
    /// Transactions committed (every statement outside a transaction is one).
    commits: i64,
    /// Rows inserted, in any table.
    inserted: i64,
    /// Scans of the `facility` table (sequential and by index).
    facility_scans: i64,
    /// Rows inserted into `facility`.
    facility_inserted: i64,
}

impl Stats {
    async fn of(db: &DatabaseConnection) -> Stats {
        // Each read is a transaction of its own, whose statistics snapshot is fresh.
        Stats {
            commits: query_i64(
                db,
                "SELECT xact_commit FROM pg_stat_database WHERE datname = 'daleel'",
            )
            .await,
            inserted: query_i64(
                db,
                "SELECT tup_inserted FROM pg_stat_database WHERE datname = 'daleel'",
            )
            .await,
            facility_scans: query_i64(
                db,
                "SELECT coalesce(seq_scan, 0) + coalesce(idx_scan, 0) FROM pg_stat_user_tables WHERE relname = 'facility'",
            )
            .await,
            facility_inserted: query_i64(
                db,
                "SELECT n_tup_ins FROM pg_stat_user_tables WHERE relname = 'facility'",
            )
            .await,
        }
    }

    fn since(self, before: Stats) -> Stats {
        Stats {
            commits: self.commits - before.commits,
            inserted: self.inserted - before.inserted,
            facility_scans: self.facility_scans - before.facility_scans,
            facility_inserted: self.facility_inserted - before.facility_inserted,
        }
    }
}

/// Makes both servers' counters complete. A server process publishes its counters when
/// it goes idle, but at most once a second, holding the rest up to ten seconds; it
/// publishes everything when it exits. So end daleel's (idle) connections: the pool
/// opens new ones as needed, which is itself recovery from cut connections.
async fn flush(servers: [&DatabaseConnection; 2]) {
    for db in servers {
        query_i64(
            db,
            "SELECT count(pg_terminate_backend(pid, 5000)) FROM pg_stat_activity \
             WHERE datname = 'daleel' AND pid <> pg_backend_pid() AND backend_type = 'client backend'",
        )
        .await;
    }
}

struct Client {
    http: reqwest::Client,
    address: String,
}

impl Client {
    async fn post(&self, key: Option<&str>, query: &str, variables: Value) -> Value {
        let mut request = self
            .http
            .post(format!("{}/graphql", self.address))
            .json(&json!({ "query": query, "variables": variables }));
        if let Some(key) = key {
            request = request.bearer_auth(key);
        }
        let body: Value = request.send().await.unwrap().json().await.unwrap();
        assert!(body.get("errors").is_none(), "unexpected errors: {body:#}");
        body["data"].clone()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn queries_go_to_the_replica_and_writes_to_the_primary() {
    // Arrange: a primary, a replica built from it with pg_basebackup, daleel over both.
    let Some(primary) = PgCluster::start().await else {
        return;
    };
    primary.create_database("daleel").await;
    let mut replica = primary.replica().await;
    let mut settings = Settings::new(primary.url("daleel"), "127.0.0.1:0");
    settings.read_database_url = Some(replica.url("daleel").parse().unwrap());
    settings.read_your_writes_seconds = 2;
    settings.workers = 1;
    settings.db_pool_size = 4;
    let app = Application::build(settings)
        .await
        .expect("the server starts");
    let client = Client {
        http: reqwest::Client::new(),
        address: format!("http://127.0.0.1:{}", app.port()),
    };
    let key = daleel::service::keys::create(app.db(), "writer", Role::Editor)
        .await
        .map_err(|e| e.message())
        .unwrap()
        .secret;
    tokio::spawn(app.run_until_stopped());
    let on_primary = primary.connect("daleel").await;
    let on_replica = replica.connect("daleel").await;
    wait_for_replay(&on_primary, &on_replica).await;
    let ready: Value = client
        .http
        .get(format!("{}/readyz", client.address))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(ready["readReplica"], "ok", "{ready}");

    // Act: reads, as the public.
    flush([&on_primary, &on_replica]).await;
    let (primary_before, replica_before) =
        (Stats::of(&on_primary).await, Stats::of(&on_replica).await);
    for _ in 0..30 {
        let data = client.post(None, READ, json!({})).await;
        assert!(data["facilities"]["totalCount"].as_i64().unwrap() > 0);
    }
    flush([&on_primary, &on_replica]).await;
    let primary_reads = Stats::of(&on_primary).await.since(primary_before);
    let replica_reads = Stats::of(&on_replica).await.since(replica_before);
    eprintln!("30 queries: primary {primary_reads:?}, replica {replica_reads:?}");
    // Assert: the replica did the reading; the primary did not touch `facility`.
    assert!(replica_reads.facility_scans >= 30, "{replica_reads:?}");
    assert!(replica_reads.commits >= 30, "{replica_reads:?}");
    // (The primary's commit count is not compared: the pool's connection checks and
    // the change listener commit there too, more so on a busy machine.)
    assert_eq!(primary_reads.facility_scans, 0, "{primary_reads:?}");

    // Act: writes, with an editor's key.
    let (primary_before, replica_before) =
        (Stats::of(&on_primary).await, Stats::of(&on_replica).await);
    for n in 0..10 {
        let input = json!({ "slug": format!("replica-test-{n}"), "name": format!("Replica test {n}"),
                            "kind": "MILITARY_PRISON", "status": "DEFUNCT" });
        let data = client
            .post(Some(&key), CREATE, json!({ "input": input }))
            .await;
        // What the mutation reads back comes from the primary, in step with the write.
        assert_eq!(data["createFacility"]["name"], format!("Replica test {n}"));
    }
    wait_for_replay(&on_primary, &on_replica).await;
    flush([&on_primary, &on_replica]).await;
    let primary_writes = Stats::of(&on_primary).await.since(primary_before);
    let replica_writes = Stats::of(&on_replica).await.since(replica_before);
    eprintln!("10 mutations: primary {primary_writes:?}, replica {replica_writes:?}");
    // Assert: the primary inserted the rows; the replica only replayed them.
    assert_eq!(primary_writes.facility_inserted, 10, "{primary_writes:?}");
    assert!(
        primary_writes.inserted >= 30,
        "facility, audit and search rows: {primary_writes:?}"
    );
    assert_eq!(replica_writes.inserted, 0, "{replica_writes:?}");
    assert_eq!(replica_writes.facility_scans, 0, "{replica_writes:?}");
    assert_eq!(
        query_i64(
            &on_replica,
            "SELECT count(*) FROM facility WHERE slug LIKE 'replica-test-%'"
        )
        .await,
        10,
        "the replica has the rows by replication"
    );

    // Read-your-writes: with replay paused the replica lags for sure; the writer still
    // sees its write at once, the public (on the replica) not yet.
    tokio::time::sleep(Duration::from_secs(2)).await;
    on_replica
        .execute_unprepared("SELECT pg_wal_replay_pause()")
        .await
        .unwrap();
    let input = json!({ "slug": "read-your-writes", "name": "Read your writes",
                        "kind": "MILITARY_PRISON", "status": "DEFUNCT" });
    let written = Instant::now();
    let created = client
        .post(Some(&key), CREATE, json!({ "input": input }))
        .await;
    let id = created["createFacility"]["id"].clone();
    let own = client.post(Some(&key), BY_ID, json!({ "id": id })).await;
    assert_eq!(
        own["facility"]["slug"], "read-your-writes",
        "the writer sees its write"
    );
    let public = client.post(None, BY_ID, json!({ "id": id })).await;
    assert_eq!(
        public["facility"],
        Value::Null,
        "the lagging replica has not got it yet"
    );
    // Once the window has passed, the writer's queries go back to the replica.
    tokio::time::sleep(
        Duration::from_secs(2).saturating_sub(written.elapsed()) + Duration::from_millis(200),
    )
    .await;
    let own_later = client.post(Some(&key), BY_ID, json!({ "id": id })).await;
    assert_eq!(
        own_later["facility"],
        Value::Null,
        "queries are back on the replica"
    );
    on_replica
        .execute_unprepared("SELECT pg_wal_replay_resume()")
        .await
        .unwrap();
    wait_for_replay(&on_primary, &on_replica).await;
    let public = client.post(None, BY_ID, json!({ "id": id })).await;
    assert_eq!(public["facility"]["slug"], "read-your-writes");

    // A replica that is down makes the instance unready.
    replica.stop().await;
    let ready = client
        .http
        .get(format!("{}/readyz", client.address))
        .send()
        .await
        .unwrap();
    assert_eq!(ready.status(), 503);
    let ready: Value = ready.json().await.unwrap();
    assert_eq!(ready["readReplica"], "unreachable", "{ready}");
    assert_eq!(ready["database"], "ok", "{ready}");
}
