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
use std::sync::{Arc, Mutex, MutexGuard};

/// `PRAGMA application_id` of a vanphong database ("VPHG").
const APPLICATION_ID: i64 = 0x5650_4847;
pub const DATABASE_FILE: &str = "vanphong.db";
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
    ("0008_incoming_corrections", include_str!("migrations/0008_incoming_corrections.sql")),
    ("0009_inbox_count_indexes", include_str!("migrations/0009_inbox_count_indexes.sql")),
    ("0010_search_prefixes_and_months", include_str!("migrations/0010_search_prefixes_and_months.sql")),
    ("0011_uploads", include_str!("migrations/0011_uploads.sql")),
    ("0012_newest_first_and_autosave", include_str!("migrations/0012_newest_first_and_autosave.sql")),
    ("0013_saved_filters", include_str!("migrations/0013_saved_filters.sql")),
    ("0014_trail_in_english", include_str!("migrations/0014_trail_in_english.sql")),
    ("0015_audit_in_english", include_str!("migrations/0015_audit_in_english.sql")),
    ("0016_meetings", include_str!("migrations/0016_meetings.sql")),
    ("0017_meeting_document_secrecy", include_str!("migrations/0017_meeting_document_secrecy.sql")),
    ("0018_schedules", include_str!("migrations/0018_schedules.sql")),
    ("0019_delegations", include_str!("migrations/0019_delegations.sql")),
    ("0020_gazette", include_str!("migrations/0020_gazette.sql")),
    ("0021_work_programme", include_str!("migrations/0021_work_programme.sql")),
    ("0022_schedule_entries_kept", include_str!("migrations/0022_schedule_entries_kept.sql")),
    ("0023_secret_ballots_in_memory", include_str!("migrations/0023_secret_ballots_in_memory.sql")),
    ("0024_public_id_salt", include_str!("migrations/0024_public_id_salt.sql")),
    ("0025_corrections_index", include_str!("migrations/0025_corrections_index.sql")),
    ("0026_search_every_prefix", include_str!("migrations/0026_search_every_prefix.sql")),
    (
        "0027_directions_and_meetings_indexed",
        include_str!("migrations/0027_directions_and_meetings_indexed.sql"),
    ),
    ("0028_outgoing_dispatched", include_str!("migrations/0028_outgoing_dispatched.sql")),
    ("0029_outgoing_to_gazette", include_str!("migrations/0029_outgoing_to_gazette.sql")),
    ("0030_workstation_address", include_str!("migrations/0030_workstation_address.sql")),
    ("0031_exchange", include_str!("migrations/0031_exchange.sql")),
    ("0032_exchange_sent", include_str!("migrations/0032_exchange_sent.sql")),
    ("0033_exchange_links", include_str!("migrations/0033_exchange_links.sql")),
    ("0034_urgent_received", include_str!("migrations/0034_urgent_received.sql")),
    ("0035_outgoing_signed_files", include_str!("migrations/0035_outgoing_signed_files.sql")),
    ("0036_exchange_reason_en", include_str!("migrations/0036_exchange_reason_en.sql")),
];

pub fn schema_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// The schema version of the database in `data_dir` when it is older than this program's
/// (opening it would migrate it), read without writing a byte; `None` for a database
/// that is current, newer, or not there yet.
pub fn upgrade_pending(data_dir: &Path) -> CoreResult<Option<i64>> {
    let path = data_dir.join(DATABASE_FILE);
    if !path.exists() {
        return Ok(None);
    }
    let connection = Connection::open_with_flags(&path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| map_open_error(e, &path))?;
    let version: i64 = connection
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| map_open_error(e, &path))?;
    Ok((version > 0 && version < schema_version()).then_some(version))
}

/// The writer's page cache (negative: KiB), 64 MB: a registration touches a dozen indexes
/// and the search index of a million documents, and pages the writer re-reads from the
/// operating system cost it time on every write (readers map the file instead).
pub const WRITER_CACHE: i64 = -65_536;

/// Connections that only read, beside the one that writes: in WAL mode readers see the
/// last committed state and never wait for the writer or for each other.
pub const READERS: usize = 4;

/// Readers lent first come, first served: a returned connection goes straight to the
/// longest waiter, so that under load every request waits about as long as any other.
///
/// While a write is under way, at most `while_writing` readers run (as many as the
/// machine has cores): on a small server a hundred people reading would otherwise crowd
/// the writer off the processors, and a clerk registering a document would wait behind
/// all of them. The other reads queue until the write has committed. (One core fewer, as
/// it was, left a core idle while the writer waited for the disk: on 2 cores, 1M
/// documents, three interleaved runs of bench server each, 2,700-3,500 reads/s and p95
/// 39-51 ms against 3,400-4,000 and 31-40 ms now, the clerk's 230-250 registrations a
/// second the same.)
struct Pool {
    state: Mutex<PoolState>,
    while_writing: usize,
}

#[derive(Default)]
struct PoolState {
    free: Vec<Connection>,
    waiting: std::collections::VecDeque<Arc<Handoff>>,
    /// Connections lent out now.
    lent: usize,
    /// Writes under way or waiting for the writer's connection.
    writers: usize,
}

/// Where one waiter receives its connection.
#[derive(Default)]
struct Handoff {
    connection: Mutex<Option<Connection>>,
    given: std::sync::Condvar,
}

impl Pool {
    fn new(free: Vec<Connection>, while_writing: usize) -> Pool {
        Pool { state: Mutex::new(PoolState { free, ..Default::default() }), while_writing }
    }

    fn state(&self) -> MutexGuard<'_, PoolState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A connection may be lent now.
    fn may_lend(&self, state: &PoolState) -> bool {
        !state.free.is_empty() && (state.writers == 0 || state.lent < self.while_writing)
    }

    fn take(&self) -> Connection {
        let handoff = {
            let mut state = self.state();
            // A write that reads does not wait for the readers it holds back.
            let writer_reads = WRITING.get() && !state.free.is_empty();
            let first = WRITER_FIRST.get();
            if writer_reads || ((first || state.waiting.is_empty()) && self.may_lend(&state)) {
                state.lent += 1;
                return state.free.pop().expect("a free connection");
            }
            let handoff = Arc::new(Handoff::default());
            // A request that will write reads before the queue of readers.
            if first {
                state.waiting.push_front(handoff.clone());
            } else {
                state.waiting.push_back(handoff.clone());
            }
            handoff
        };
        let mut slot = handoff.connection.lock().unwrap_or_else(|p| p.into_inner());
        loop {
            if let Some(connection) = slot.take() {
                return connection;
            }
            slot = handoff.given.wait(slot).unwrap_or_else(|p| p.into_inner());
        }
    }

    /// Run `f` on a connection of the pool; it goes back even if `f` panics.
    fn lend<T>(&self, f: impl FnOnce(&Connection) -> T) -> T {
        struct Lent<'a>(&'a Pool, Option<Connection>);
        impl Drop for Lent<'_> {
            fn drop(&mut self) {
                if let Some(connection) = self.1.take() {
                    self.0.give_back(connection);
                }
            }
        }
        let lent = Lent(self, Some(self.take()));
        f(lent.1.as_ref().expect("lent"))
    }

    fn give_back(&self, connection: Connection) {
        let mut state = self.state();
        state.lent -= 1;
        state.free.push(connection);
        self.hand_out(&mut state);
    }

    /// Give free connections to the longest waiters, as far as may be lent now.
    fn hand_out(&self, state: &mut PoolState) {
        while self.may_lend(state) {
            let Some(handoff) = state.waiting.pop_front() else { break };
            state.lent += 1;
            let connection = state.free.pop().expect("a free connection");
            *handoff.connection.lock().unwrap_or_else(|p| p.into_inner()) = Some(connection);
            handoff.given.notify_one();
        }
    }

    /// A write begins (`true`) or has ended (`false`).
    fn writing(&self, begins: bool) {
        let mut state = self.state();
        if begins {
            state.writers += 1;
        } else {
            state.writers -= 1;
            self.hand_out(&mut state);
        }
    }

    /// Run `f` on each connection not lent out now.
    fn each_free(&self, f: &impl Fn(&Connection)) {
        self.state().free.iter().for_each(f);
    }
}

/// What committed writes changed of accounts and sessions, for caches of who is logged
/// in: a version of the session table, a count of changes to accounts, and a version per
/// account. Versions move only after the commit that made the change.
#[derive(Default)]
pub struct AccountVersions {
    sessions: std::sync::atomic::AtomicU64,
    account_changes: std::sync::atomic::AtomicU64,
    accounts: Mutex<std::collections::HashMap<i64, u64>>,
}

impl AccountVersions {
    pub fn sessions(&self) -> u64 {
        self.sessions.load(std::sync::atomic::Ordering::SeqCst)
    }

    pub fn account_changes(&self) -> u64 {
        self.account_changes.load(std::sync::atomic::Ordering::SeqCst)
    }

    pub fn account(&self, id: i64) -> u64 {
        *self.accounts.lock().unwrap_or_else(|p| p.into_inner()).get(&id).unwrap_or(&0)
    }

    fn committed(&self, pending: &mut Pending) {
        use std::sync::atomic::Ordering::SeqCst;
        if std::mem::take(&mut pending.sessions) {
            self.sessions.fetch_add(1, SeqCst);
        }
        if !pending.accounts.is_empty() {
            let mut accounts = self.accounts.lock().unwrap_or_else(|p| p.into_inner());
            for id in pending.accounts.drain() {
                *accounts.entry(id).or_default() += 1;
            }
            self.account_changes.fetch_add(1, SeqCst);
        }
    }
}

/// Rows of `session` and `user` the open transaction changed (filled by SQLite's update
/// hook on the writer's connection).
#[derive(Default)]
struct Pending {
    sessions: bool,
    accounts: std::collections::HashSet<i64>,
}

pub struct Database {
    /// The one connection that writes (writes are serialised by SQLite anyway).
    connection: Mutex<Connection>,
    /// Read-only connections, lent one per read; empty for an in-memory database, whose
    /// reads use the writer's connection.
    readers: Pool,
    /// A reader kept for the session check every request makes first: quick queries that
    /// must not queue behind long reads (a writer's request would wait behind them all).
    sessions: Option<Pool>,
    versions: Arc<AccountVersions>,
    pending: Arc<Mutex<Pending>>,
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

    /// Run the quick session check `f` on its own reader.
    pub fn read_session<T>(&self, f: impl FnOnce(&Connection) -> CoreResult<T>) -> CoreResult<T> {
        match &self.sessions {
            Some(pool) => pool.lend(f),
            None => f(&self.connection()),
        }
    }

    /// Run `f` on a reader (waiting for one to be free), or on the writer's connection for
    /// an in-memory database.
    pub fn read<T>(&self, f: impl FnOnce(&Connection) -> CoreResult<T>) -> CoreResult<T> {
        if self.path.is_none() {
            return f(&self.connection());
        }
        self.readers.lend(f)
    }

    /// Run `f` in one immediate transaction: all of it is saved, or none of it.
    pub fn write<T>(&self, f: impl FnOnce(&Transaction<'_>) -> CoreResult<T>) -> CoreResult<T> {
        // Readers make room for the write until it has committed, even if `f` panics.
        struct Writing<'a>(&'a Pool, bool);
        impl Drop for Writing<'_> {
            fn drop(&mut self) {
                WRITING.set(self.1);
                self.0.writing(false);
            }
        }
        self.readers.writing(true);
        let _writing = Writing(&self.readers, WRITING.replace(true));
        let mut connection = self.connection();
        let result = (|| {
            let tx = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let value = f(&tx)?;
            tx.commit()?;
            Ok(value)
        })();
        let mut pending = self.pending.lock().unwrap_or_else(|p| p.into_inner());
        match &result {
            Ok(_) => self.versions.committed(&mut pending),
            Err(_) => *pending = Pending::default(),
        }
        result
    }

    /// Keep the query planner's statistics, as no Office runs ANALYZE: SQLite's `PRAGMA
    /// optimize`, which analyses only the tables whose statistics are missing or stale,
    /// each on a sample (a temporary analysis limit), so it is quick on any size.
    /// `thorough` at open checks every table; otherwise (hourly, by the deadline watcher)
    /// those the planner has used since.
    pub fn keep_statistics(&self, thorough: bool) -> CoreResult<()> {
        let pragma = if thorough { "PRAGMA optimize = 0x10002" } else { "PRAGMA optimize" };
        self.write(|tx| Ok(tx.execute_batch(pragma)?))
    }

    /// Copy everything the write-ahead log holds into the database file and empty the
    /// log (after loading a large amount at once).
    pub fn checkpoint(&self) -> CoreResult<()> {
        Ok(self.connection().execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")?)
    }

    /// Have `observer` told of every statement as it begins and finishes, on every
    /// connection (the writer's and the readers' not lent out now; `None` stops it): with
    /// its counters
    /// (`StmtRef::get_status`: rows stepped through in full scans, automatic indexes),
    /// for the test that checks what every list, count and print reads.
    #[doc(hidden)]
    pub fn observe_statements(&self, observer: Option<fn(rusqlite::trace::TraceEvent<'_>)>) {
        let install = |connection: &Connection| {
            connection.trace_v2(
                rusqlite::trace::TraceEventCodes::SQLITE_TRACE_STMT
                    | rusqlite::trace::TraceEventCodes::SQLITE_TRACE_PROFILE,
                observer,
            )
        };
        install(&self.connection());
        self.readers.each_free(&install);
        if let Some(sessions) = &self.sessions {
            sessions.each_free(&install);
        }
    }

    /// What committed writes changed of accounts and sessions.
    pub fn account_versions(&self) -> &AccountVersions {
        &self.versions
    }
}

/// Create `dir` and its parents, and make it readable by its owner only (0700).
pub fn private_dir_all(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    private_dir(dir)
}

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
    connection.set_prepared_statement_cache_capacity(64);
    connection.pragma_update(None, "foreign_keys", true)?;
    // What is deleted or overwritten is zeroed, not left in free pages.
    connection.pragma_update(None, "secure_delete", true)?;
    if path.is_some() {
        let mode: String =
            connection.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0)).map_err(map)?;
        tracing::debug!(%mode, "journal mode");
        // FULL: a committed transaction is on disk before the commit returns, even in WAL
        // mode, so a register number once given survives a power cut (NORMAL could lose
        // the last commits, and the number would be given again).
        connection.pragma_update(None, "synchronous", "FULL")?;
        connection.pragma_update(None, "cache_size", WRITER_CACHE)?;
        // After a burst of writes (an upgrade's index rebuild, an import) the log is cut
        // back to this size once checkpointed, instead of keeping its largest size.
        connection.pragma_update(None, "journal_size_limit", 64i64 << 20)?;
        grow_in_chunks(&connection)?;
    }
    migrate(&mut connection, version).map_err(|e| match e {
        CoreError::Database(e) => map(e),
        other => other,
    })?;
    let mut readers = Vec::new();
    if let Some(path) = &path {
        for _ in 0..=READERS {
            let reader = Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
            .map_err(map)?;
            reader.busy_timeout(std::time::Duration::from_secs(5))?;
            reader.set_prepared_statement_cache_capacity(64);
            // Pages read through memory mapping, not copied in by read(): a write by the
            // writer empties every reader's page cache, and the next read re-reads. As much
            // as SQLite maps (2 GB; twenty years of a busy Office is about 1.5 GB): only
            // address space, the pages are the operating system's file cache.
            reader.pragma_update(None, "mmap_size", 0x7fff_0000i64)?;
            readers.push(reader);
        }
    }
    let sessions = (!readers.is_empty()).then(|| Pool::new(vec![readers.pop().expect("a reader")], 1));
    let pending = Arc::new(Mutex::new(Pending::default()));
    let noted = pending.clone();
    connection.update_hook(Some(move |_: rusqlite::hooks::Action, _: &str, table: &str, row: i64| {
        let mut pending = noted.lock().unwrap_or_else(|p| p.into_inner());
        match table {
            "session" => pending.sessions = true,
            "user" => {
                pending.accounts.insert(row);
            }
            _ => {}
        }
    }))?;
    Ok(Database {
        connection: Mutex::new(connection),
        sessions,
        versions: Arc::new(AccountVersions::default()),
        pending,
        readers: Pool::new(readers, while_writing()),
        path,
        _lock: lock,
    })
}

thread_local! {
    /// This thread is inside [`Database::write`].
    static WRITING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// This thread serves a request that writes ([`writer_first`]).
    static WRITER_FIRST: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Run `f`, a request that will write when `writes`, with its reads served before those
/// of requests that only read: a clerk registering a document beside a hundred people
/// reading waits for one read, not for all of theirs (the session check, the duplicate
/// check and the rest it reads before writing).
pub fn writer_first<T>(writes: bool, f: impl FnOnce() -> T) -> T {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            WRITER_FIRST.set(self.0);
        }
    }
    let _restore = Restore(WRITER_FIRST.replace(writes));
    f()
}

/// The database file grows 8 MB at a time, not a page at a time. Every reader maps the
/// file; when its size changes each of them maps it again and faults every page it reads
/// back in. Growing by a page at each checkpoint, that was a seventh of the server's time
/// under load (a clerk registering beside a hundred readers, on a million documents).
fn grow_in_chunks(connection: &Connection) -> CoreResult<()> {
    let mut chunk: std::ffi::c_int = 8 << 20;
    // SAFETY: the handle is this open connection's, "main" names its database, and
    // SQLITE_FCNTL_CHUNK_SIZE reads one int from the pointer, which lives across the call.
    let code = unsafe {
        rusqlite::ffi::sqlite3_file_control(
            connection.handle(),
            c"main".as_ptr(),
            rusqlite::ffi::SQLITE_FCNTL_CHUNK_SIZE,
            (&raw mut chunk).cast(),
        )
    };
    if code != rusqlite::ffi::SQLITE_OK {
        return Err(CoreError::Database(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(code),
            None,
        )));
    }
    Ok(())
}

/// Readers that run beside a write: as many as the machine has cores, at most all of them.
fn while_writing() -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    cores.clamp(1, READERS)
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

#[cfg(test)]
mod tests {
    use super::{Pool, WRITING};
    use rusqlite::Connection;
    use std::sync::Arc;

    fn pool(connections: usize, while_writing: usize) -> Arc<Pool> {
        let free = (0..connections).map(|_| Connection::open_in_memory().expect("in memory")).collect();
        Arc::new(Pool::new(free, while_writing))
    }

    /// Waits (yielding, not sleeping) until `n` readers queue.
    fn until_waiting(pool: &Pool, n: usize) {
        while pool.state().waiting.len() < n {
            std::thread::yield_now();
        }
    }

    #[test]
    fn while_a_write_is_under_way_readers_beyond_the_bound_queue_until_it_commits() {
        let pool = pool(3, 1);
        let first = pool.take();
        pool.writing(true);
        let queued = std::thread::spawn({
            let pool = pool.clone();
            move || pool.take()
        });
        until_waiting(&pool, 1);
        assert_eq!(pool.state().lent, 1, "one reader runs beside the write, the other waits");
        // The write itself may read, on a free connection, past the queue.
        WRITING.set(true);
        let own = pool.take();
        WRITING.set(false);
        assert_eq!(pool.state().waiting.len(), 1, "the queued reader still waits");
        pool.give_back(own);
        pool.writing(false);
        let second = queued.join().expect("the queued reader gets a connection once the write is done");
        assert_eq!(pool.state().lent, 2);
        pool.give_back(first);
        pool.give_back(second);
        assert_eq!(pool.state().free.len(), 3);
    }

    #[test]
    fn a_request_that_will_write_reads_before_the_queue_of_readers() {
        let pool = pool(1, 1);
        let held = pool.take();
        let (order, served) = std::sync::mpsc::channel();
        let reader = std::thread::spawn({
            let (pool, order) = (pool.clone(), order.clone());
            move || {
                let connection = pool.take();
                order.send("reader").unwrap();
                pool.give_back(connection);
            }
        });
        until_waiting(&pool, 1);
        let writer = std::thread::spawn({
            let (pool, order) = (pool.clone(), order.clone());
            move || {
                super::writer_first(true, || {
                    let connection = pool.take();
                    order.send("writer").unwrap();
                    pool.give_back(connection);
                })
            }
        });
        until_waiting(&pool, 2);
        assert!(pool.state().waiting.len() == 2);
        pool.give_back(held);
        writer.join().unwrap();
        reader.join().unwrap();
        assert_eq!(served.try_iter().collect::<Vec<_>>(), vec!["writer", "reader"], "though it came second");
        assert!(!super::WRITER_FIRST.get(), "only for the request that writes");
    }

    #[test]
    fn without_writes_every_connection_is_lent() {
        let pool = pool(3, 1);
        let taken: Vec<_> = (0..3).map(|_| pool.take()).collect();
        assert_eq!(pool.state().lent, 3);
        for connection in taken {
            pool.give_back(connection);
        }
    }
}
