//! Backups that restore. A backup is a folder: `vanphong.db`, a consistent snapshot taken
//! by `VACUUM INTO` inside one read transaction (so writers never make it start over, and
//! it is bounded by the database's size, not by how busy the office is); `attachments/`,
//! every stored file the snapshot refers to, each checked against its SHA-256; and
//! `manifest.json`, what was taken and the hashes to check it by. [`verify`] checks a
//! backup without touching it; [`restore`] puts one in place of an empty data directory,
//! without the live server's sessions. The server takes one on demand and on a daily
//! schedule with retention ([`spawn_scheduler`]).

use crate::app::App;
use crate::audit::{ObjectRef, Writer, said};
use crate::error::{CoreError, CoreResult};
use chrono::{DateTime, NaiveTime, Utc};
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use ts_rs::TS;

const DATABASE: &str = "vanphong.db";
const MANIFEST: &str = "manifest.json";
const ATTACHMENTS: &str = "attachments";

/// What a backup holds, written beside it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Manifest {
    pub created_at: DateTime<Utc>,
    #[ts(type = "number")]
    pub schema_version: i64,
    pub database_sha256: String,
    #[ts(type = "number")]
    pub database_bytes: u64,
    /// SHA-256 of every stored file included.
    pub attachments: Vec<String>,
    #[ts(type = "number")]
    pub incoming_documents: i64,
    #[ts(type = "number")]
    pub outgoing_documents: i64,
}

fn io(error: impl std::fmt::Display) -> CoreError {
    CoreError::Io(std::io::Error::other(error.to_string()))
}

fn sha256_file(path: &Path) -> CoreResult<(String, u64)> {
    let bytes = std::fs::read(path)?;
    Ok((hex::encode(Sha256::digest(&bytes)), bytes.len() as u64))
}

fn blob_path(root: &Path, sha256: &str) -> PathBuf {
    root.join(&sha256[..2]).join(&sha256[2..])
}

fn write_private(path: &Path, bytes: &[u8]) -> CoreResult<()> {
    crate::db::private_file(path)?;
    let mut file = std::fs::OpenOptions::new().write(true).truncate(true).open(path)?;
    std::io::Write::write_all(&mut file, bytes)?;
    file.sync_all()?;
    Ok(())
}

/// Take a backup of the data directory `data_dir` into the new folder `destination`,
/// while the office works (no lock is taken; writers go on).
pub fn create(data_dir: &Path, destination: &Path, now: DateTime<Utc>) -> CoreResult<Manifest> {
    let source = data_dir.join(DATABASE);
    if !source.exists() {
        return Err(CoreError::NotADatabase { path: source.display().to_string() });
    }
    if destination.exists() && std::fs::read_dir(destination)?.next().is_some() {
        return Err(CoreError::conflict(
            format!("Thư mục {} đã có dữ liệu; hãy chọn một thư mục mới.", destination.display()),
            format!("{} is not empty; choose a new folder.", destination.display()),
        ));
    }
    std::fs::create_dir_all(destination)?;
    crate::db::private_dir(destination)?;
    let snapshot = destination.join(format!("{DATABASE}.partial"));
    let connection = Connection::open_with_flags(&source, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    connection.busy_timeout(std::time::Duration::from_secs(30))?;
    connection.execute("VACUUM INTO ?1", [snapshot.to_string_lossy()])?;
    drop(connection);
    let database = destination.join(DATABASE);
    std::fs::rename(&snapshot, &database)?;
    crate::db::private_file(&database)?;

    // The files the snapshot refers to, checked on the way.
    let copy = Connection::open_with_flags(&database, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let blobs: Vec<String> = copy
        .prepare("SELECT sha256 FROM attachment_blob ORDER BY sha256")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let count = |table: &str| -> CoreResult<i64> {
        Ok(copy.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)
    };
    let (incoming_documents, outgoing_documents) = (count("incoming_document")?, count("outgoing_document")?);
    let schema_version: i64 = copy.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    drop(copy);
    let store = crate::attachments::AttachmentStore::new(data_dir.join(ATTACHMENTS));
    let target = destination.join(ATTACHMENTS);
    crate::db::private_dir_all(&target)?;
    for sha256 in &blobs {
        let bytes = store.get(sha256)?;
        let path = blob_path(&target, sha256);
        crate::db::private_dir_all(path.parent().expect("a folder"))?;
        write_private(&path, &bytes)?;
    }
    let (database_sha256, database_bytes) = sha256_file(&database)?;
    let manifest = Manifest {
        created_at: now,
        schema_version,
        database_sha256,
        database_bytes,
        attachments: blobs,
        incoming_documents,
        outgoing_documents,
    };
    write_private(&destination.join(MANIFEST), &serde_json::to_vec_pretty(&manifest).map_err(io)?)?;
    Ok(manifest)
}

/// What checking a backup found.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Verified {
    pub manifest: Manifest,
    /// Problems found; empty when the backup is whole.
    pub problems: Vec<String>,
}

impl Verified {
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Check the backup in `folder`: the database's hash and SQLite's integrity check, and
/// every stored file it refers to, present with the right hash.
pub fn verify(folder: &Path) -> CoreResult<Verified> {
    let manifest: Manifest = serde_json::from_slice(&std::fs::read(folder.join(MANIFEST))?).map_err(io)?;
    let mut problems = Vec::new();
    let database = folder.join(DATABASE);
    let (sha, _) = sha256_file(&database)?;
    if sha != manifest.database_sha256 {
        problems.push(format!("vanphong.db: SHA-256 {sha}, expected {}", manifest.database_sha256));
    }
    let connection = Connection::open_with_flags(&database, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let integrity: String = connection.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if integrity != "ok" {
        problems.push(format!("integrity_check: {integrity}"));
    }
    let referred: Vec<String> = connection
        .prepare("SELECT sha256 FROM attachment_blob ORDER BY sha256")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    for sha256 in &referred {
        match std::fs::read(blob_path(&folder.join(ATTACHMENTS), sha256)) {
            Ok(bytes) if hex::encode(Sha256::digest(&bytes)) == *sha256 => {}
            Ok(_) => problems.push(format!("attachment {sha256}: damaged")),
            Err(_) => problems.push(format!("attachment {sha256}: missing")),
        }
    }
    Ok(Verified { manifest, problems })
}

/// Put the backup in `folder` in place as the data of `data_dir`, which must hold no
/// database yet. The restored office accepts none of the sessions that were open when
/// the backup was taken; everyone logs in again.
pub fn restore(folder: &Path, data_dir: &Path, now: DateTime<Utc>) -> CoreResult<Manifest> {
    let verified = verify(folder)?;
    if !verified.ok() {
        return Err(CoreError::conflict(
            format!("Bản sao lưu bị hỏng: {}", verified.problems.join("; ")),
            format!("The backup is damaged: {}", verified.problems.join("; ")),
        ));
    }
    let database = data_dir.join(DATABASE);
    if database.exists() {
        return Err(CoreError::conflict(
            format!("{} đã có dữ liệu; khôi phục vào một thư mục dữ liệu trống.", data_dir.display()),
            format!("{} already holds data; restore into an empty data directory.", data_dir.display()),
        ));
    }
    std::fs::create_dir_all(data_dir)?;
    crate::db::private_dir(data_dir)?;
    crate::db::private_file(&database)?;
    std::fs::copy(folder.join(DATABASE), &database)?;
    let store = crate::attachments::AttachmentStore::new(data_dir.join(ATTACHMENTS));
    for sha256 in &verified.manifest.attachments {
        let bytes = std::fs::read(blob_path(&folder.join(ATTACHMENTS), sha256))?;
        store.put(&bytes)?;
    }
    let app = App::open(data_dir, std::sync::Arc::new(crate::clock::ManualClock::new(now)))?;
    app.write(now, (None, crate::audit::OPERATOR_NAME.to_string()), "backup_restore", |w| {
        let ended = w.execute("DELETE FROM session WHERE 1", [])?;
        w.audit(
            crate::audit::ObjectRef::system(),
            {
                let taken = verified
                    .manifest
                    .created_at
                    .with_timezone(&crate::clock::vietnam_offset())
                    .format("%d/%m/%Y %H:%M")
                    .to_string();
                crate::audit::said(
                    format!("Khôi phục từ bản sao lưu ngày {taken}; {ended} phiên làm việc cũ bị hủy"),
                    format!("Restored from the backup of {taken}; {ended} old sessions ended"),
                )
            },
            &serde_json::json!({ "folder": folder.display().to_string(), "manifest": verified.manifest }),
        )
    })?;
    Ok(verified.manifest)
}

/// Where the server keeps the backups it takes.
pub fn folder_of(app: &App) -> PathBuf {
    app.data_dir().join("backups")
}

/// One backup kept by the server.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BackupEntry {
    pub name: String,
    pub path: String,
    pub manifest: Manifest,
}

/// The server's backups, newest first.
pub fn list(app: &App) -> CoreResult<Vec<BackupEntry>> {
    let root = folder_of(app);
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(&root) else { return Ok(out) };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(bytes) = std::fs::read(path.join(MANIFEST)) else { continue };
        let Ok(manifest) = serde_json::from_slice::<Manifest>(&bytes) else { continue };
        out.push(BackupEntry {
            name: entry.file_name().to_string_lossy().into_owned(),
            path: path.display().to_string(),
            manifest,
        });
    }
    out.sort_by_key(|b| std::cmp::Reverse(b.manifest.created_at));
    Ok(out)
}

/// How the Office's data stands, for monitoring (`/health`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Health {
    pub status: &'static str,
    pub version: &'static str,
    /// The database's schema version (its last migration).
    pub schema: i64,
    /// The database and its write-ahead log, in bytes.
    pub database_bytes: u64,
    /// When the newest backup in the server's folder was taken.
    pub last_backup: Option<DateTime<Utc>>,
}

/// The database answers, its size on disk, and the last backup taken.
pub fn health(app: &App) -> CoreResult<Health> {
    let schema: i64 = app.db().read(|conn| Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?))?;
    let size = |name: &str| std::fs::metadata(app.data_dir().join(name)).map_or(0, |m| m.len());
    let database = crate::db::DATABASE_FILE;
    Ok(Health {
        status: "ok",
        version: env!("CARGO_PKG_VERSION"),
        schema,
        database_bytes: size(database) + size(&format!("{database}-wal")),
        last_backup: list(app)?.first().map(|b| b.manifest.created_at),
    })
}

/// Take a backup into the server's folder, named by the time (Vietnam).
pub fn take(app: &App, now: DateTime<Utc>) -> CoreResult<BackupEntry> {
    let root = folder_of(app);
    crate::db::private_dir_all(&root)?;
    let mut name = now.with_timezone(&crate::clock::vietnam_offset()).format("%Y-%m-%d_%H%M%S").to_string();
    if root.join(&name).exists() {
        name.push_str(&format!("_{}", now.timestamp_subsec_millis()));
    }
    let path = root.join(&name);
    let manifest = create(app.data_dir(), &path, now)?;
    Ok(BackupEntry { name, path: path.display().to_string(), manifest })
}

/// The daily backup the administrator set: when (Vietnam time) and how many to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[serde(deny_unknown_fields)]
pub struct Schedule {
    /// Off when absent.
    pub daily_at: Option<NaiveTime>,
    /// Backups kept; older ones are removed after a new one is taken.
    pub keep: u32,
}

const SCHEDULE: &str = "backup_schedule";

pub fn schedule(conn: &Connection) -> CoreResult<Schedule> {
    let stored: Option<String> =
        conn.query_row("SELECT value FROM setting WHERE key = ?1", [SCHEDULE], |r| r.get(0)).optional()?;
    Ok(stored.and_then(|s| serde_json::from_str(&s).ok()).unwrap_or(Schedule { daily_at: None, keep: 7 }))
}

/// Set the daily backups; the log says what was set.
pub fn set_schedule(w: &mut Writer<'_>, schedule: &Schedule) -> CoreResult<()> {
    if !(1..=365).contains(&schedule.keep) {
        return Err(CoreError::invalid(
            "keep",
            "Số bản sao lưu giữ lại phải từ 1 đến 365.",
            "Keep between 1 and 365 backups.",
        ));
    }
    w.execute(
        "INSERT INTO setting (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        rusqlite::params![SCHEDULE, serde_json::to_string(schedule).map_err(io)?],
    )?;
    let when = schedule.daily_at.map(|t| t.format("%H:%M").to_string());
    w.audit(
        ObjectRef::system(),
        said(
            format!(
                "Đặt lịch sao lưu hằng ngày: {}, giữ {} bản",
                when.as_deref().unwrap_or("tắt"),
                schedule.keep
            ),
            format!("Daily backups: {}, keeping {}", when.as_deref().unwrap_or("off"), schedule.keep),
        ),
        schedule,
    )
}

/// Log a backup taken now and the old ones it replaced.
pub fn record_taken(w: &mut Writer<'_>, taken: &BackupEntry, removed: usize) -> CoreResult<()> {
    w.audit(
        ObjectRef::system(),
        said(
            format!("Sao lưu dữ liệu {} ({removed} bản cũ đã xóa)", taken.name),
            format!("Backed up {} ({removed} old ones removed)", taken.name),
        ),
        &taken.manifest,
    )
}

/// Remove the oldest backups beyond `keep`.
pub fn prune(app: &App, keep: u32) -> CoreResult<usize> {
    let mut removed = 0;
    for old in list(app)?.into_iter().skip(keep as usize) {
        std::fs::remove_dir_all(&old.path)?;
        removed += 1;
    }
    Ok(removed)
}

/// Whether the scheduled backup is due at `now`: past today's time and none taken since.
pub fn due(schedule: &Schedule, last: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    let Some(at) = schedule.daily_at else { return false };
    let offset = crate::clock::vietnam_offset();
    let today = now.with_timezone(&offset).date_naive();
    let Some(slot) = today.and_time(at).and_local_timezone(offset).single().map(|t| t.to_utc()) else {
        return false;
    };
    now >= slot && last.is_none_or(|last| last < slot)
}

/// Take the scheduled backup whenever it is due (checked every `interval`), audited, and
/// prune to the number kept.
pub fn spawn_scheduler(
    app: std::sync::Arc<App>,
    interval: std::time::Duration,
) -> tokio::task::JoinHandle<()> {
    let round = |app: &App| -> CoreResult<()> {
        let now = app.now();
        let schedule = app.db().read(schedule)?;
        let last = list(app)?.first().map(|b| b.manifest.created_at);
        if !due(&schedule, last, now) {
            return Ok(());
        }
        let taken = take(app, now)?;
        let removed = prune(app, schedule.keep)?;
        app.write(now, (None, "Sao lưu tự động".to_string()), "backup_scheduled", |w| {
            w.audit(
                crate::audit::ObjectRef::system(),
                crate::audit::said(
                    format!("Sao lưu tự động {} ({removed} bản cũ đã xóa)", taken.name),
                    format!("Scheduled backup {} ({removed} old ones removed)", taken.name),
                ),
                &taken.manifest,
            )
        })
    };
    crate::app::every(app, interval, round, |result| {
        if let Err(error) = result {
            tracing::error!(%error, "scheduled backup failed");
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_daily_backup_is_due_once_after_its_time() {
        let schedule = Schedule { daily_at: NaiveTime::from_hms_opt(2, 0, 0), keep: 7 };
        // 02:00 in Vietnam is 19:00 UTC the day before.
        let before = Utc.with_ymd_and_hms(2026, 12, 1, 18, 59, 0).unwrap();
        let after = Utc.with_ymd_and_hms(2026, 12, 1, 19, 1, 0).unwrap();
        assert!(!due(&schedule, None, before));
        assert!(due(&schedule, None, after));
        assert!(!due(&schedule, Some(after), after + chrono::Duration::hours(3)), "once a day");
        assert!(due(&schedule, Some(after), after + chrono::Duration::days(1)));
        assert!(!due(&Schedule { daily_at: None, keep: 7 }, None, after));
    }
}
