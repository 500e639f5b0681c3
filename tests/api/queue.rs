//! Turns at the database: more requests than pooled connections wait their turn, first
//! come first served, within the request timeout, instead of failing when the pool's
//! acquire timeout runs out; past `--max-queued` waiting, a request is told at once to
//! come back (503, `Retry-After`).

use std::time::Duration;

use daleel::http::playground::EXAMPLE_QUERY;
use futures_util::future::join_all;
use sea_orm::{ConnectionTrait, TransactionTrait};
use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, spawn_each};

const COUNT: &str = "{ facilities { totalCount } }";

/// Sends `n` copies of `query` at once; returns each answer's status, its
/// `Retry-After` and its body.
async fn burst(app: &TestApp, query: &str, n: usize) -> Vec<(u16, Option<String>, Value)> {
    let requests = (0..n).map(|_| async {
        let response = app
            .client
            .post(format!("{}/graphql", app.address))
            .json(&json!({ "query": query }))
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get("retry-after")
            .map(|v| v.to_str().unwrap().to_owned());
        (status, retry_after, response.json::<Value>().await.unwrap())
    });
    join_all(requests).await
}

#[tokio::test]
async fn requests_behind_a_slow_one_wait_their_turn_instead_of_failing() {
    // One connection, which a request gives up waiting for after 1 s. The first request
    // takes it and is held 2.5 s by a table lock; the five behind it wait longer than
    // the acquire timeout, and must be answered, not refused with UNAVAILABLE.
    for app in spawn_each(|settings| {
        settings.db_pool_size = 1;
        settings.db_acquire_timeout = 1;
    })
    .await
    {
        let (lock, unlock) = match app.backend {
            Backend::Postgres => ("LOCK TABLE facility IN ACCESS EXCLUSIVE MODE", "COMMIT"),
            Backend::Mysql => ("LOCK TABLES facility WRITE", "UNLOCK TABLES"),
            // SQLite's readers are never blocked by a writer (WAL).
            Backend::Sqlite => continue,
        };
        let expected = app.query_ok(COUNT, json!({})).await;
        let locker = sea_orm::Database::connect(app.database_url())
            .await
            .unwrap();
        let held = locker.begin().await.unwrap();
        held.execute_unprepared(lock).await.unwrap();
        let release = async {
            tokio::time::sleep(Duration::from_millis(2_500)).await;
            held.execute_unprepared(unlock).await.unwrap();
            held.commit().await.ok();
        };
        let (answers, ()) = tokio::join!(burst(&app, COUNT, 6), release);
        for (status, _, body) in answers {
            assert_eq!(status, 200, "{:?}: {body:#}", app.backend);
            assert!(body.get("errors").is_none(), "{:?}: {body:#}", app.backend);
            assert_eq!(body["data"], expected);
        }
    }
}

#[tokio::test]
async fn past_the_queue_a_request_is_told_to_come_back() {
    for app in spawn_each(|settings| {
        settings.db_pool_size = 1;
        settings.max_queued = 2;
    })
    .await
    {
        let answers = burst(&app, EXAMPLE_QUERY, 32).await;
        let (mut answered, mut refused) = (0, 0);
        for (status, retry_after, body) in &answers {
            match status {
                200 => {
                    assert!(body.get("errors").is_none(), "{body:#}");
                    answered += 1;
                }
                503 => {
                    assert_eq!(body["errors"][0]["extensions"]["code"], "BUSY", "{body:#}");
                    assert_eq!(retry_after.as_deref(), Some("1"));
                    refused += 1;
                }
                other => panic!("{other}: {body:#}"),
            }
        }
        // One running and two waiting at any moment: of 32 sent at once, some are refused.
        assert!(answered >= 3, "{:?}: {answered} answered", app.backend);
        assert!(refused >= 1, "{:?}: {refused} refused", app.backend);
        // The server is still up and answers once the burst is over.
        app.query_ok("{ facilities { totalCount } }", json!({}))
            .await;
    }
}
