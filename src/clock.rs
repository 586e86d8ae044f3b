//! Where time comes from. Logic never asks the system for the time: the transport reads
//! the application's clock once per command and passes the instant down, so tests can
//! set the clock to any day (a holiday, a deadline, a year boundary).

use chrono::{DateTime, Duration, Utc};
use std::sync::Mutex;

pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

/// The real wall clock.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that stands still until it is moved; for tests and demos.
pub struct ManualClock {
    instant: Mutex<DateTime<Utc>>,
}

impl ManualClock {
    pub fn new(start: DateTime<Utc>) -> Self {
        ManualClock { instant: Mutex::new(start) }
    }

    pub fn set(&self, instant: DateTime<Utc>) {
        *self.instant.lock().expect("clock lock") = instant;
    }

    pub fn advance(&self, by: Duration) {
        *self.instant.lock().expect("clock lock") += by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.instant.lock().expect("clock lock")
    }
}

/// The clock of a running app: the wall clock, or a [`FileClock`] on `clock_file` when a
/// test asked for one.
pub fn wall_or_file(clock_file: Option<std::path::PathBuf>) -> std::sync::Arc<dyn Clock> {
    match clock_file {
        Some(path) => std::sync::Arc::new(FileClock::new(path)),
        None => std::sync::Arc::new(SystemClock),
    }
}

/// The wall clock, unless a file holds an instant (RFC 3339) to use instead; read at
/// every tick. For end-to-end tests of a running server ("the clock passes the
/// deadline"): `vanphong serve --clock-file F`. Never used unless asked for.
pub struct FileClock {
    path: std::path::PathBuf,
}

impl FileClock {
    pub fn new(path: std::path::PathBuf) -> Self {
        FileClock { path }
    }
}

impl Clock for FileClock {
    fn now(&self) -> DateTime<Utc> {
        std::fs::read_to_string(&self.path)
            .ok()
            .and_then(|text| DateTime::parse_from_rfc3339(text.trim()).ok())
            .map(|instant| instant.to_utc())
            .unwrap_or_else(Utc::now)
    }
}
