//! A small HTTP load generator: `concurrency` clients, each sending one request after
//! another for a fixed time, recording each latency.

use std::sync::Arc;
use std::time::{Duration, Instant};

/// What one load run measured.
pub struct Run {
    pub latencies: Vec<Duration>,
    pub elapsed: Duration,
    pub failures: usize,
}

impl Run {
    pub fn median_ms(&self) -> f64 {
        percentile(&self.latencies, 50)
    }

    pub fn p99_ms(&self) -> f64 {
        percentile(&self.latencies, 99)
    }

    pub fn throughput(&self) -> f64 {
        self.latencies.len() as f64 / self.elapsed.as_secs_f64()
    }
}

pub fn percentile(samples: &[Duration], p: usize) -> f64 {
    if samples.is_empty() {
        return f64::NAN;
    }
    let mut sorted = samples.to_vec();
    sorted.sort();
    let i = ((sorted.len() * p) / 100).min(sorted.len() - 1);
    sorted[i].as_secs_f64() * 1000.0
}

pub fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

/// One request; an answer that is not 200 or carries `errors` is a failure.
pub async fn send(client: &reqwest::Client, url: &str, body: &[u8]) -> Result<usize, String> {
    let response = client
        .post(url)
        .header("content-type", "application/json")
        .body(body.to_vec())
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let status = response.status();
    let bytes = response.bytes().await.map_err(|e| e.to_string())?;
    // Errors, when any, come first in neither server's answer; look at the tail only
    // for the key rather than parse megabytes of JSON per request.
    let text = String::from_utf8_lossy(&bytes);
    if status != 200 || text.contains("\"errors\":") {
        return Err(format!(
            "{status}: {}",
            text.chars().take(400).collect::<String>()
        ));
    }
    Ok(bytes.len())
}

/// Runs `concurrency` clients against `url` for `duration`; bodies rotate per request.
pub async fn run(
    client: &reqwest::Client,
    url: &str,
    bodies: Arc<Vec<Vec<u8>>>,
    concurrency: usize,
    duration: Duration,
) -> Run {
    let started = Instant::now();
    let deadline = started + duration;
    let mut tasks = Vec::new();
    for worker in 0..concurrency {
        let (client, url, bodies) = (client.clone(), url.to_owned(), bodies.clone());
        tasks.push(tokio::spawn(async move {
            let (mut latencies, mut failures) = (Vec::new(), 0);
            let mut i = worker;
            while Instant::now() < deadline {
                let body = &bodies[i % bodies.len()];
                i += concurrency;
                let t = Instant::now();
                match send(&client, &url, body).await {
                    Ok(_) => latencies.push(t.elapsed()),
                    Err(e) => {
                        failures += 1;
                        if failures == 1 {
                            eprintln!("request failed: {e}");
                        }
                    }
                }
            }
            (latencies, failures)
        }));
    }
    let mut run = Run {
        latencies: Vec::new(),
        elapsed: Duration::ZERO,
        failures: 0,
    };
    for task in tasks {
        if let Ok((latencies, failures)) = task.await {
            run.latencies.extend(latencies);
            run.failures += failures;
        }
    }
    run.elapsed = started.elapsed();
    run
}
