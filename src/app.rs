//! The application: one open database, the clock, the event bus and the file store,
//! shared by every transport in a process.

use crate::attachments::AttachmentStore;
use crate::audit::Writer;
use crate::clock::Clock;
use crate::db::Database;
use crate::error::{CoreError, CoreResult};
use crate::events::EventBus;
use crate::vocabulary::UserId;
use chrono::{DateTime, Utc};
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub struct App {
    db: Database,
    clock: Arc<dyn Clock>,
    events: EventBus,
    attachments: AttachmentStore,
    data_dir: PathBuf,
    sessions: crate::auth::SessionCache,
    downloads: crate::attachments::Downloads,
    max_file: std::sync::atomic::AtomicU64,
    /// Hours a recipient of a document sent over the axis may stay silent.
    answer_hours: std::sync::atomic::AtomicU64,
    ballots: crate::ballot::BallotBox,
    signing: std::sync::RwLock<crate::signature::Keys>,
}

/// `~/.local/share/vanphong` on Linux, the platform's data directory elsewhere.
pub fn default_data_dir() -> PathBuf {
    dirs::data_dir().unwrap_or_else(|| PathBuf::from(".")).join("vanphong")
}

impl App {
    /// Open the data directory: database (locked to this process), attachment store.
    /// A secret vote left running by a process that stopped is made void: its ballots
    /// were only in that process's memory. A search index a migration rebuilt is refilled
    /// here when few documents are left to index, else by `reindex::spawn`.
    pub fn open(data_dir: &Path, clock: Arc<dyn Clock>) -> CoreResult<App> {
        let db = Database::open(data_dir)?;
        crate::reindex::finish_if_small(&db)?;
        db.keep_statistics(true)?;
        let app = App {
            db,
            clock,
            events: EventBus::default(),
            attachments: AttachmentStore::new(data_dir.join("attachments")),
            signing: std::sync::RwLock::new(crate::signature::Keys::new(data_dir.join("signing"))),
            data_dir: data_dir.to_path_buf(),
            sessions: Default::default(),
            downloads: Default::default(),
            max_file: std::sync::atomic::AtomicU64::new(crate::attachments::DEFAULT_MAX_FILE),
            answer_hours: std::sync::atomic::AtomicU64::new(crate::settings::AXIS_ANSWER_HOURS),
            ballots: Default::default(),
        };
        app.void_interrupted_votes()?;
        Ok(app)
    }

    fn void_interrupted_votes(&self) -> CoreResult<()> {
        let running: bool = self.db.read(|conn| {
            Ok(conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM poll WHERE status = 'started' AND secret = 1)",
                [],
                |r| r.get(0),
            )?)
        })?;
        if running {
            self.write(self.now(), (None, "Hệ thống".to_string()), "poll_void", |w| {
                crate::ballot::void_interrupted(w).map(|_| ())
            })?;
        }
        Ok(())
    }

    /// The ballot boxes of the secret votes this process runs.
    pub fn ballots(&self) -> &crate::ballot::BallotBox {
        &self.ballots
    }

    /// An in-memory database with files under `scratch_dir`; for tests.
    pub fn in_memory(scratch_dir: &Path, clock: Arc<dyn Clock>) -> CoreResult<App> {
        let db = Database::open_in_memory()?;
        crate::reindex::finish(&db)?;
        Ok(App {
            db,
            clock,
            events: EventBus::default(),
            attachments: AttachmentStore::new(scratch_dir.join("attachments")),
            signing: std::sync::RwLock::new(crate::signature::Keys::new(scratch_dir.join("signing"))),
            data_dir: scratch_dir.to_path_buf(),
            sessions: Default::default(),
            downloads: Default::default(),
            max_file: std::sync::atomic::AtomicU64::new(crate::attachments::DEFAULT_MAX_FILE),
            answer_hours: std::sync::atomic::AtomicU64::new(crate::settings::AXIS_ANSWER_HOURS),
            ballots: Default::default(),
        })
    }

    /// The largest file a person may upload, in bytes.
    pub fn max_file(&self) -> u64 {
        self.max_file.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Set the largest file a person may upload (`vanphong serve --max-file-mb`).
    pub fn set_max_file(&self, bytes: u64) {
        self.max_file.store(bytes, std::sync::atomic::Ordering::Relaxed);
    }

    /// How long a recipient of a document sent over the axis may stay silent before the
    /// clerk is shown it never answered.
    pub fn answer_within(&self) -> chrono::Duration {
        let hours = self.answer_hours.load(std::sync::atomic::Ordering::Relaxed);
        chrono::Duration::hours(i64::try_from(hours).unwrap_or(i64::MAX / 3_600_000))
    }

    /// Set it (`vanphong serve --axis-answer-hours`).
    pub fn set_answer_within_hours(&self, hours: u64) {
        self.answer_hours.store(hours.max(1), std::sync::atomic::Ordering::Relaxed);
    }

    /// Stored files a command has handed to a person, waiting to be fetched.
    pub fn downloads(&self) -> &crate::attachments::Downloads {
        &self.downloads
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    pub fn db(&self) -> &Database {
        &self.db
    }

    /// Who holds which session token, remembered between requests.
    pub fn sessions(&self) -> &crate::auth::SessionCache {
        &self.sessions
    }

    pub fn events(&self) -> &EventBus {
        &self.events
    }

    pub fn attachments(&self) -> &AttachmentStore {
        &self.attachments
    }

    /// The Office's signing folder (key files and trusted authorities): `signing/` in
    /// the data directory unless the server is told another (`--signing-dir`), as an
    /// Office's should be, so that backups of the data carry no key.
    pub fn signing(&self) -> crate::signature::Keys {
        self.signing.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    pub fn set_signing_dir(&self, dir: &Path) {
        let mut keys = self.signing.write().unwrap_or_else(|p| p.into_inner());
        let stamper = keys.stamper();
        *keys = crate::signature::Keys::new(dir).stamped_by(stamper);
    }

    /// Have every signature the Office makes time-stamped by `stamper` (the time-stamp
    /// authority the server was configured with), or by none.
    pub fn set_time_stamper(
        &self,
        stamper: Option<std::sync::Arc<dyn crate::signature::stamper::TimeStamper>>,
    ) {
        let mut keys = self.signing.write().unwrap_or_else(|p| p.into_inner());
        *keys = keys.clone().stamped_by(stamper);
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// Change data in one transaction at `now`, in the name of `actor` (id and name), for
    /// `command`. The change must record at least one audit entry; each entry is
    /// published as a domain event once the transaction has committed. Commands write
    /// through this (`Ctx::write`), and so does the deadline watcher.
    pub fn write<T>(
        &self,
        now: DateTime<Utc>,
        actor: (Option<UserId>, String),
        command: &'static str,
        f: impl FnOnce(&mut Writer<'_>) -> CoreResult<T>,
    ) -> CoreResult<T> {
        let (value, events) = self.db.write(|tx| {
            let mut writer = Writer::new(tx, now, actor, command);
            let value = f(&mut writer)?;
            if writer.events.is_empty() {
                return Err(CoreError::Io(std::io::Error::other(format!(
                    "command {command} wrote without an audit entry"
                ))));
            }
            Ok((value, std::mem::take(&mut writer.events)))
        })?;
        for event in events {
            self.events.publish(event);
        }
        Ok(value)
    }
}

/// The database, for what works on it alone in the background (`reindex::spawn`).
impl AsRef<Database> for App {
    fn as_ref(&self) -> &Database {
        &self.db
    }
}

/// Run `work` on a blocking thread every `interval` for as long as the runtime runs (the
/// server's scheduled backups, the interconnection axis's folder); `done` hears each
/// round's result. A round that fails is tried again at the next tick.
pub fn every<T: Send + 'static>(
    app: Arc<App>,
    interval: std::time::Duration,
    work: impl Fn(&App) -> CoreResult<T> + Send + Sync + 'static,
    done: impl Fn(CoreResult<T>) + Send + 'static,
) -> tokio::task::JoinHandle<()> {
    let work = Arc::new(work);
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(interval);
        loop {
            ticks.tick().await;
            let (app, work) = (Arc::clone(&app), Arc::clone(&work));
            match tokio::task::spawn_blocking(move || work(&app)).await {
                Ok(result) => done(result),
                Err(error) => tracing::error!(%error, "a scheduled round stopped"),
            }
        }
    })
}
