//! What the office server tells a monitoring system, in Prometheus' text format
//! (`GET /metrics`): requests and their time per command, the database's size, the age of
//! the last backup, the event streams open. Only the machine itself may ask, or the
//! addresses the settings name (`metrics_from`): the figures say how busy the Office is.
//!
//! Counted in this process, from its start; command names come from the registry, so a
//! caller cannot make up new series.

use std::collections::HashMap;
use std::fmt::Write;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::time::Duration;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 10] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 5.0];

/// One command's figures, counted without a lock (a request adds to its own command's).
#[derive(Default)]
struct Series {
    ok: AtomicU64,
    failed: AtomicU64,
    /// Requests at or under each bound of [`BUCKETS`] (not cumulative here).
    buckets: [AtomicU64; BUCKETS.len()],
    micros: AtomicU64,
}

/// Every command's series, and `unknown`, made once from the registry.
fn series() -> &'static HashMap<&'static str, Series> {
    static SERIES: OnceLock<HashMap<&'static str, Series>> = OnceLock::new();
    SERIES.get_or_init(|| {
        let names = vanphong::commands::catalogue().into_iter().map(|c| c.name).chain(["unknown"]);
        names.map(|name| (name, Series::default())).collect()
    })
}

static LISTENERS: AtomicI64 = AtomicI64::new(0);

/// One answered request to command `name` (a registered name; anything else counts as
/// `unknown`), how long it took and whether it succeeded.
pub fn record(name: &str, took: Duration, ok: bool) {
    let all = series();
    let Some(series) = all.get(name).or_else(|| all.get("unknown")) else { return };
    let outcome = if ok { &series.ok } else { &series.failed };
    outcome.fetch_add(1, Ordering::Relaxed);
    series.micros.fetch_add(took.as_micros() as u64, Ordering::Relaxed);
    let seconds = took.as_secs_f64();
    if let Some(bucket) = BUCKETS.iter().position(|bound| seconds <= *bound) {
        series.buckets[bucket].fetch_add(1, Ordering::Relaxed);
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
    let mut names: Vec<(&&str, &Series)> = series()
        .iter()
        .filter(|(_, s)| s.ok.load(Ordering::Relaxed) + s.failed.load(Ordering::Relaxed) > 0)
        .collect();
    names.sort_by_key(|(name, _)| **name);
    for (name, series) in &names {
        let (ok, failed) = (series.ok.load(Ordering::Relaxed), series.failed.load(Ordering::Relaxed));
        let _ = writeln!(out, "vanphong_requests_total{{command=\"{name}\",outcome=\"ok\"}} {ok}");
        let _ = writeln!(out, "vanphong_requests_total{{command=\"{name}\",outcome=\"error\"}} {failed}");
    }
    let _ = writeln!(out, "# HELP vanphong_request_seconds Time to answer a command.");
    let _ = writeln!(out, "# TYPE vanphong_request_seconds histogram");
    for (name, series) in &names {
        let mut cumulative = 0;
        for (bound, count) in BUCKETS.iter().zip(&series.buckets) {
            cumulative += count.load(Ordering::Relaxed);
            let _ = writeln!(
                out,
                "vanphong_request_seconds_bucket{{command=\"{name}\",le=\"{bound}\"}} {cumulative}"
            );
        }
        let total = series.ok.load(Ordering::Relaxed) + series.failed.load(Ordering::Relaxed);
        let seconds = series.micros.load(Ordering::Relaxed) as f64 / 1e6;
        let _ = writeln!(out, "vanphong_request_seconds_bucket{{command=\"{name}\",le=\"+Inf\"}} {total}");
        let _ = writeln!(out, "vanphong_request_seconds_sum{{command=\"{name}\"}} {seconds}");
        let _ = writeln!(out, "vanphong_request_seconds_count{{command=\"{name}\"}} {total}");
    }
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
