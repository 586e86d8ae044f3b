//! Structured logs: to a daily-rotated file in `<data dir>/logs` (14 files kept), level
//! from `RUST_LOG` (default `info`); warnings also go to standard error.

use std::path::Path;
use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt;
use tracing_subscriber::prelude::*;

/// Start logging to standard error only, at `RUST_LOG` (default `info`), without colours or
/// times: for a service under systemd, whose journal keeps, stamps and rotates the lines.
pub fn init_journal() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let layer = fmt::layer().with_writer(std::io::stderr).with_ansi(false).without_time().with_filter(filter);
    let _ = tracing_subscriber::registry().with(layer).try_init();
}

/// Start logging. Keep the returned guard alive for the life of the process: dropping it
/// flushes the file. If the log directory cannot be created, logs go to standard error
/// only; the data directory's own checks report the problem to the user.
pub fn init(data_dir: Option<&Path>) -> Option<WorkerGuard> {
    let stderr = fmt::layer().with_writer(std::io::stderr).with_filter(EnvFilter::new("warn"));
    let file_appender = data_dir.and_then(|dir| {
        std::fs::create_dir_all(dir.join("logs")).ok()?;
        tracing_appender::rolling::Builder::new()
            .rotation(tracing_appender::rolling::Rotation::DAILY)
            .max_log_files(14)
            .filename_prefix("vanphong")
            .filename_suffix("log")
            .build(dir.join("logs"))
            .ok()
    });
    let (file, guard) = match file_appender {
        Some(appender) => {
            let (writer, guard) = tracing_appender::non_blocking(appender);
            let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
            (Some(fmt::layer().with_writer(writer).with_ansi(false).with_filter(filter)), Some(guard))
        }
        None => (None, None),
    };
    let _ = tracing_subscriber::registry().with(file).with(stderr).try_init();
    guard
}
