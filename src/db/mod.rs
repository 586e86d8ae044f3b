//! Storage: one SQLite file in the data directory, opened once per process.
//!
//! Opening is careful because a clerk's data must survive whatever happens to the
//! program: the data directory is locked so two instances never share it, the file is
//! recognised before anything is written to it, a database from a newer version is
//! refused untouched, and pending migrations run in one transaction.

use crate::error::{CoreError, CoreResult};
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use sha2::{Digest, Sha256};
use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

/// `PRAGMA application_id` of a vanphong database ("VPHG").
const APPLICATION_ID: i64 = 0x5650_4847;
const DATABASE_FILE: &str = "vanphong.db";
const LOCK_FILE: &str = "vanphong.lock";

/// The schema, in order. Append only: never edit or remove an entry that has shipped;
/// `open` refuses a database whose recorded checksum of an applied migration differs.
const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_foundation", include_str!("migrations/0001_foundation.sql")),
    ("0002_incoming", include_str!("migrations/0002_incoming.sql")),
    ("0003_incoming_queues", include_str!("migrations/0003_incoming_queues.sql")),
    ("0004_outgoing", include_str!("migrations/0004_outgoing.sql")),
    ("0005_directions", include_str!("migrations/0005_directions.sql")),
    ("0006_secrecy_follows_links", include_str!("migrations/0006_secrecy_follows_links.sql")),
    ("0007_login_throttle", include_str!("migrations/0007_login_throttle.sql")),
];

pub fn schema_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// Connections that only read, beside the one that writes: in WAL mode readers see the
/// last committed state and never wait for the writer or for each other.
const READERS: usize = 4;

pub struct Database {
    /// The one connection that writes (writes are serialised by SQLite anyway).
    connection: Mutex<Connection>,
    /// Read-only connections, lent one per read; empty for an in-memory database, whose
    /// reads use the writer's connection.
    readers: Mutex<Vec<Connection>>,
    returned: std::sync::Condvar,
    path: Option<PathBuf>,
    // Held for the life of the process; the OS releases it if we crash.
    _lock: Option<File>,
}

impl Database {
    /// Open (creating if needed) the database in `data_dir`, taking the instance lock.
    pub fn open(data_dir: &Path) -> CoreResult<Database> {
        let not_writable = |source: std::io::Error| CoreError::DataDirNotWritable {
            path: data_dir.display().to_string(),
            source,
        };
        std::fs::create_dir_all(data_dir).map_err(not_writable)?;
        // Secret documents live here: the service's user only.
        private_dir(data_dir).map_err(not_writable)?;
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(data_dir.join(LOCK_FILE))
            .map_err(not_writable)?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(CoreError::AlreadyRunning { path: data_dir.display().to_string() });
            }
            Err(std::fs::TryLockError::Error(error)) => return Err(not_writable(error)),
        }
        let path = data_dir.join(DATABASE_FILE);
        check_file_header(&path)?;
        // Created owner-only before SQLite opens it; its journal files take its mode.
        private_file(&path).map_err(not_writable)?;
        let connection = Connection::open(&path).map_err(|e| map_open_error(e, &path))?;
        prepare(connection, Some(path), Some(lock))
    }

    /// A private database in memory, for tests.
    pub fn open_in_memory() -> CoreResult<Database> {
        prepare(Connection::open_in_memory()?, None, None)
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    fn connection(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave a half-written transaction behind
        // (SQLite rolls it back when the Transaction drops), so a poisoned lock is safe.
        self.connection.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Run `f` on a reader (waiting for one to be free), or on the writer's connection for
    /// an in-memory database.
    pub fn read<T>(&self, f: impl FnOnce(&Connection) -> CoreResult<T>) -> CoreResult<T> {
        if self.path.is_none() {
            return f(&self.connection());
        }
        let reader = {
            let mut free = self.readers.lock().unwrap_or_else(|p| p.into_inner());
            loop {
                if let Some(reader) = free.pop() {
                    break reader;
                }
                free = self.returned.wait(free).unwrap_or_else(|p| p.into_inner());
            }
        };
        // The reader goes back even if `f` panics.
        struct Lent<'a>(&'a Database, Option<Connection>);
        impl Drop for Lent<'_> {
            fn drop(&mut self) {
                if let Some(reader) = self.1.take() {
                    self.0.readers.lock().unwrap_or_else(|p| p.into_inner()).push(reader);
                    self.0.returned.notify_one();
                }
            }
        }
        let lent = Lent(self, Some(reader));
        f(lent.1.as_ref().expect("lent"))
    }

    /// Run `f` in one immediate transaction: all of it is saved, or none of it.
    pub fn write<T>(&self, f: impl FnOnce(&Transaction<'_>) -> CoreResult<T>) -> CoreResult<T> {
        let mut connection = self.connection();
        let tx = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// Copy the live database to `destination` with SQLite's online backup.
    pub fn backup_to(&self, destination: &Path) -> CoreResult<()> {
        let connection = self.connection();
        backup(&connection, destination)
    }
}

/// Back up the database of `data_dir` without taking the instance lock, so a backup can
/// run while the app is open.
pub fn backup_data_dir(data_dir: &Path, destination: &Path) -> CoreResult<()> {
    let path = data_dir.join(DATABASE_FILE);
    if !path.exists() {
        return Err(CoreError::NotADatabase { path: path.display().to_string() });
    }
    check_file_header(&path)?;
    let connection = Connection::open_with_flags(
        &path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| map_open_error(e, &path))?;
    backup(&connection, destination)
}

fn backup(connection: &Connection, destination: &Path) -> CoreResult<()> {
    let mut target = Connection::open(destination)?;
    let step = rusqlite::backup::Backup::new(connection, &mut target)?;
    step.run_to_completion(256, std::time::Duration::from_millis(5), None)?;
    Ok(())
}

/// Recognise a file that is not SQLite at all before SQLite touches it.
/// Make `dir` readable by its owner only (0700).
pub fn private_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

/// Create `path` if missing, and make it readable by its owner only (0600).
pub fn private_file(path: &Path) -> std::io::Result<()> {
    let mut options = OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        options.mode(0o600);
        options.open(path)?;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    #[cfg(not(unix))]
    options.open(path)?;
    Ok(())
}

fn check_file_header(path: &Path) -> CoreResult<()> {
    use std::io::Read;
    let mut file = match File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e.into()),
    };
    let mut header = [0u8; 16];
    let read = file.read(&mut header)?;
    if read == 0 {
        return Ok(());
    }
    if read < 16 || &header != b"SQLite format 3\0" {
        return Err(CoreError::NotADatabase { path: path.display().to_string() });
    }
    Ok(())
}

fn map_open_error(error: rusqlite::Error, path: &Path) -> CoreError {
    match error.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => {
            CoreError::NotADatabase { path: path.display().to_string() }
        }
        Some(rusqlite::ErrorCode::ReadOnly | rusqlite::ErrorCode::CannotOpen) => {
            CoreError::DataDirNotWritable {
                path: path.parent().unwrap_or(path).display().to_string(),
                source: std::io::Error::new(std::io::ErrorKind::PermissionDenied, error),
            }
        }
        _ => CoreError::Database(error),
    }
}

fn prepare(mut connection: Connection, path: Option<PathBuf>, lock: Option<File>) -> CoreResult<Database> {
    let shown = path.as_ref().map(|p| p.display().to_string()).unwrap_or_default();
    let map = |e: rusqlite::Error| match &path {
        Some(p) => map_open_error(e, p),
        None => CoreError::Database(e),
    };
    // Read-only checks first: nothing may be written to a file we do not recognise.
    let version: i64 = connection.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(map)?;
    let application_id: i64 = connection.query_row("PRAGMA application_id", [], |r| r.get(0)).map_err(map)?;
    let table_count: i64 =
        connection.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0)).map_err(map)?;
    if application_id != APPLICATION_ID && table_count > 0 {
        return Err(CoreError::NotADatabase { path: shown });
    }
    if version > schema_version() {
        return Err(CoreError::DatabaseTooNew { path: shown, found: version, supported: schema_version() });
    }

    connection.busy_timeout(std::time::Duration::from_secs(5))?;
    connection.pragma_update(None, "foreign_keys", true)?;
    if path.is_some() {
        let mode: String =
            connection.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0)).map_err(map)?;
        tracing::debug!(%mode, "journal mode");
        // FULL: a committed transaction is on disk before the commit returns, even in WAL
        // mode, so a register number once given survives a power cut (NORMAL could lose
        // the last commits, and the number would be given again).
        connection.pragma_update(None, "synchronous", "FULL")?;
    }
    migrate(&mut connection, version).map_err(|e| match e {
        CoreError::Database(e) => map(e),
        other => other,
    })?;
    let mut readers = Vec::new();
    if let Some(path) = &path {
        for _ in 0..READERS {
            let reader = Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
            .map_err(map)?;
            reader.busy_timeout(std::time::Duration::from_secs(5))?;
            readers.push(reader);
        }
    }
    Ok(Database {
        connection: Mutex::new(connection),
        readers: Mutex::new(readers),
        returned: std::sync::Condvar::new(),
        path,
        _lock: lock,
    })
}

fn checksum(sql: &str) -> String {
    hex::encode(Sha256::digest(sql.as_bytes()))
}

fn migrate(connection: &mut Connection, applied: i64) -> CoreResult<()> {
    let tx = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migration (
             version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL
         ) STRICT;",
    )?;
    // Applied migrations must be byte-for-byte the ones that shipped.
    {
        let mut statement = tx.prepare("SELECT version, name, checksum FROM schema_migration")?;
        let rows = statement
            .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?;
        for row in rows {
            let (version, name, recorded) = row?;
            let Some((known_name, sql)) = MIGRATIONS.get((version - 1) as usize) else { continue };
            if *known_name != name || checksum(sql) != recorded {
                return Err(CoreError::conflict(
                    format!("Lược đồ cơ sở dữ liệu không khớp ở bước {version} ({name})."),
                    format!("Database schema step {version} ({name}) does not match this program."),
                ));
            }
        }
    }
    for (index, (name, sql)) in MIGRATIONS.iter().enumerate().skip(applied as usize) {
        let version = index as i64 + 1;
        tracing::info!(version, name, "applying migration");
        tx.execute_batch(sql)?;
        tx.execute(
            "INSERT INTO schema_migration (version, name, checksum) VALUES (?1, ?2, ?3)",
            rusqlite::params![version, name, checksum(sql)],
        )?;
        tx.pragma_update(None, "user_version", version)?;
    }
    tx.pragma_update(None, "application_id", APPLICATION_ID)?;
    tx.commit()?;
    Ok(())
}
