//! What the office server tells a monitoring system, in Prometheus' text format
//! (`GET /metrics`): requests and their time per command, the database's size, the age of
//! the last backup, the event streams open. Only the machine itself may ask, or the
//! addresses the settings name (`metrics_from`): the figures say how busy the Office is.
//!
//! Counted in this process, from its start; command names come from the registry, so a
//! caller cannot make up new series.

use std::collections::HashMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 10] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 5.0];

#[derive(Default)]
struct Series {
    ok: u64,
    failed: u64,
    /// Requests at or under each bound of [`BUCKETS`] (not cumulative here).
    buckets: [u64; BUCKETS.len()],
    seconds: f64,
}

static COMMANDS: Mutex<Option<HashMap<&'static str, Series>>> = Mutex::new(None);
static LISTENERS: AtomicI64 = AtomicI64::new(0);

/// One answered request to command `name` (a registered name; anything else counts as
/// `unknown`), how long it took and whether it succeeded.
pub fn record(name: &str, took: Duration, ok: bool) {
    let name = vanphong::commands::known_name(name).unwrap_or("unknown");
    let seconds = took.as_secs_f64();
    let mut all = COMMANDS.lock().expect("metrics lock");
    let series = all.get_or_insert_with(HashMap::new).entry(name).or_default();
    if ok {
        series.ok += 1;
    } else {
        series.failed += 1;
    }
    series.seconds += seconds;
    if let Some(bucket) = BUCKETS.iter().position(|bound| seconds <= *bound) {
        series.buckets[bucket] += 1;
    }
}

/// An event stream open for as long as this lives.
pub struct Listening(());

impl Listening {
    pub fn start() -> Listening {
        LISTENERS.fetch_add(1, Ordering::Relaxed);
        Listening(())
    }
}

impl Drop for Listening {
    fn drop(&mut self) {
        LISTENERS.fetch_sub(1, Ordering::Relaxed);
    }
}

/// The text a scrape reads, with the data's own figures from `health`.
pub fn render(health: &vanphong::backup::Health, now: chrono::DateTime<chrono::Utc>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# HELP vanphong_requests_total Commands answered, by command and outcome.");
    let _ = writeln!(out, "# TYPE vanphong_requests_total counter");
    let all = COMMANDS.lock().expect("metrics lock");
    let mut names: Vec<(&&str, &Series)> = all.iter().flatten().collect();
    names.sort_by_key(|(name, _)| **name);
    for (name, series) in &names {
        let _ = writeln!(out, "vanphong_requests_total{{command=\"{name}\",outcome=\"ok\"}} {}", series.ok);
        let _ = writeln!(
            out,
            "vanphong_requests_total{{command=\"{name}\",outcome=\"error\"}} {}",
            series.failed
        );
    }
    let _ = writeln!(out, "# HELP vanphong_request_seconds Time to answer a command.");
    let _ = writeln!(out, "# TYPE vanphong_request_seconds histogram");
    for (name, series) in &names {
        let mut cumulative = 0;
        for (bound, count) in BUCKETS.iter().zip(series.buckets) {
            cumulative += count;
            let _ = writeln!(
                out,
                "vanphong_request_seconds_bucket{{command=\"{name}\",le=\"{bound}\"}} {cumulative}"
            );
        }
        let total = series.ok + series.failed;
        let _ = writeln!(out, "vanphong_request_seconds_bucket{{command=\"{name}\",le=\"+Inf\"}} {total}");
        let _ = writeln!(out, "vanphong_request_seconds_sum{{command=\"{name}\"}} {}", series.seconds);
        let _ = writeln!(out, "vanphong_request_seconds_count{{command=\"{name}\"}} {total}");
    }
    drop(all);
    let gauge = |out: &mut String, name: &str, help: &str, value: String| {
        let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} gauge\n{name} {value}");
    };
    gauge(
        &mut out,
        "vanphong_database_bytes",
        "The database and its write-ahead log.",
        health.database_bytes.to_string(),
    );
    gauge(&mut out, "vanphong_schema_version", "The database's last migration.", health.schema.to_string());
    let age = health.last_backup.map(|taken| (now - taken).num_seconds().max(0));
    // No backup yet: NaN, which alerting rules see as missing rather than as fresh.
    gauge(
        &mut out,
        "vanphong_last_backup_age_seconds",
        "Since the last backup in the server's folder.",
        age.map_or("NaN".to_string(), |a| a.to_string()),
    );
    gauge(
        &mut out,
        "vanphong_event_listeners",
        "Event streams open.",
        LISTENERS.load(Ordering::Relaxed).to_string(),
    );
    out
}
