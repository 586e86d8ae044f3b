//! The gateway's folder: the seam between the axis gateway and the Office's server. The
//! gateway drops the messages it fetched into `inbox/`; the server takes each into the
//! exchange inbox and moves it to `archive/` (a file it cannot take stays, and is tried
//! again); the messages the Office writes go to `outbox/`, each written whole under a
//! temporary name and then renamed, so the gateway never reads half a file.

use super::{ExchangeRow, unwritten, written};
use crate::app::App;
use crate::error::CoreResult;
use chrono::{DateTime, Utc};
use std::path::{Path, PathBuf};

/// The three folders under the directory given to `vanphong serve --exchange-dir`.
#[derive(Debug, Clone)]
pub struct Folders {
    pub inbox: PathBuf,
    pub outbox: PathBuf,
    pub archive: PathBuf,
}

impl Folders {
    /// The folders under `dir`, made if absent.
    pub fn open(dir: &Path) -> std::io::Result<Folders> {
        let folders =
            Folders { inbox: dir.join("inbox"), outbox: dir.join("outbox"), archive: dir.join("archive") };
        for d in [&folders.inbox, &folders.outbox, &folders.archive] {
            std::fs::create_dir_all(d)?;
        }
        Ok(folders)
    }
}

/// What one pass did.
#[derive(Debug, Default)]
pub struct Pass {
    pub received: Vec<ExchangeRow>,
    pub sent: usize,
}

/// One pass: take what arrived, queue the statuses the registered documents reached,
/// write what waits in the outbox. A file that fails stays for the next pass.
pub fn pass(app: &App, folders: &Folders, now: DateTime<Utc>) -> CoreResult<Pass> {
    let mut done = Pass::default();
    let mut names: Vec<PathBuf> = std::fs::read_dir(&folders.inbox)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.file_name().is_some_and(|n| finished(&n.to_string_lossy())))
        .collect();
    names.sort();
    for path in names {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let limit = super::message_limit(app);
        let size = std::fs::metadata(&path)?.len();
        let row = if size > limit {
            // Streamed into the store, never read whole; kept as too large.
            let (sha256, size) = app.attachments().put_stream(&mut std::fs::File::open(&path)?, u64::MAX)?;
            match app.db().read(|conn| super::known(conn, &sha256))? {
                Some(row) => row,
                None => app.write(now, (None, OPERATOR.to_string()), "exchange_receive", |w| {
                    super::receive_too_large(w, &name, &sha256, (size, limit))
                })?,
            }
        } else {
            let bytes = std::fs::read(&path)?;
            super::receive_file(app, now, (None, OPERATOR.to_string()), &name, &bytes)?
        };
        let archived = folders.archive.join(format!("{}-{name}", row.id.0));
        std::fs::rename(&path, &archived).or_else(|_| std::fs::remove_file(&path))?;
        done.received.push(row);
    }
    let due = app.db().read(super::progress_due)?;
    if !due.is_empty() {
        app.write(now, (None, OPERATOR.to_string()), "exchange_pass", |w| super::report_progress(w, &due))?;
    }
    let waiting = app.db().read(|conn| unwritten(conn, 500))?;
    if waiting.is_empty() {
        return Ok(done);
    }
    let mut ids = Vec::new();
    for message in &waiting {
        let name = match message.kind.as_str() {
            "document" => format!("{:08}-document-{}.edxml", message.id, message.to_code),
            _ => format!("{:08}-status-{}-{}.edxml", message.id, message.status_code, message.to_code),
        };
        let temporary = folders.outbox.join(format!(".{name}.tmp"));
        std::fs::write(&temporary, message.content.as_bytes())?;
        std::fs::rename(&temporary, folders.outbox.join(&name))?;
        ids.push(message.id);
    }
    app.write(now, (None, OPERATOR.to_string()), "exchange_pass", |w| written(w, &ids))?;
    done.sent = ids.len();
    Ok(done)
}

/// A file the gateway has finished writing: not hidden, not named as one still being
/// written (`.tmp`, `.part`).
fn finished(name: &str) -> bool {
    !name.starts_with('.') && !name.ends_with(".tmp") && !name.ends_with(".part")
}

/// The name the server's own steps on the axis are recorded under.
pub const OPERATOR: &str = "Trục liên thông";

/// Follow the gateway's folder under `dir` every `interval`, for as long as the server
/// runs. A pass that fails is logged and tried again at the next tick.
pub fn spawn(
    app: std::sync::Arc<App>,
    dir: PathBuf,
    interval: std::time::Duration,
) -> tokio::task::JoinHandle<()> {
    let folder = dir.clone();
    let round = move |app: &App| -> CoreResult<Pass> { pass(app, &Folders::open(&folder)?, app.now()) };
    crate::app::every(app, interval, round, move |result| match result {
        Ok(done) if !done.received.is_empty() || done.sent > 0 => {
            tracing::info!(received = done.received.len(), sent = done.sent, "interconnection axis")
        }
        Err(error) => tracing::warn!(%error, dir = %dir.display(), "interconnection axis pass failed"),
        Ok(_) => {}
    })
}
