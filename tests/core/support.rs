use chrono::{TimeZone, Utc};
use std::sync::Arc;
use vanphong::clock::ManualClock;
use vanphong::commands::{self, Command, LoginResponse};
use vanphong::org::user::{User, UserProfile};
use vanphong::vocabulary::{Clearance, DepartmentId, Role};
use vanphong::{ApiError, App};

/// What each migration that an upgrade test goes back over did, undone: the test takes a
/// stopped office's database back to an older schema, and the next open upgrades it as
/// it would an Office's database left there. A migration later than the oldest such test
/// needs its undo here, or those tests fail at the reopen.
const UNDO: &[(i64, &str)] = &[
    (
        27,
        "DROP TABLE direction_search;
         DROP TABLE meeting_search;
         UPDATE direction SET search_text = 'nv ' || substr(search_text, 7) WHERE search_text LIKE 'nv %';",
    ),
    (
        28,
        "DROP TRIGGER outgoing_dispatched;
         DROP INDEX outgoing_undispatched;
         ALTER TABLE outgoing_document DROP COLUMN dispatched;",
    ),
    (
        29,
        "DROP INDEX outgoing_to_gazette;
         ALTER TABLE outgoing_document DROP COLUMN to_gazette;",
    ),
    (30, "ALTER TABLE login_device DROP COLUMN last_address;"),
    (31, "DROP TABLE exchange_outbox; DROP TABLE exchange_message;"),
    (32, "DROP TABLE exchange_sent; ALTER TABLE exchange_outbox DROP COLUMN kind;"),
    (
        33,
        "ALTER TABLE exchange_sent DROP COLUMN outbox_id; ALTER TABLE exchange_outbox DROP COLUMN outgoing_id;",
    ),
    (34, "DROP INDEX incoming_urgent_received;"),
    (
        35,
        "ALTER TABLE outgoing_document DROP COLUMN signed_file;
         ALTER TABLE outgoing_document DROP COLUMN sealed_file;",
    ),
    (36, "ALTER TABLE exchange_message DROP COLUMN reason_en;"),
];

/// Take the database in `dir` (its office stopped) back to schema `version`.
pub fn back_to_schema(dir: &std::path::Path, version: i64) {
    let db = vanphong::db::Database::open(dir).unwrap();
    let current = vanphong::db::schema_version();
    db.write(|c| {
        for later in (version + 1..=current).rev() {
            let (_, undo) = UNDO
                .iter()
                .find(|(v, _)| *v == later)
                .unwrap_or_else(|| panic!("support::UNDO has no undo of migration {later}"));
            c.execute_batch(undo)?;
        }
        c.execute("DELETE FROM schema_migration WHERE version > ?1", [version])?;
        c.pragma_update(None, "user_version", version)?;
        Ok(())
    })
    .unwrap();
}

/// The repository's root: the test binary belongs to `tools/`, one level below.
pub fn repo_root() -> &'static std::path::Path {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tools/ is inside the repository")
}

pub const ADMIN_PASSWORD: &str = "Sen-vang-2026";
pub const PASSWORD: &str = "Lua-thom-2026";
pub const NGHE_AN: i32 = 40;

pub struct TestApp {
    pub app: Arc<App>,
    pub clock: Arc<ManualClock>,
    pub dir: tempfile::TempDir,
}

/// The tests' "now": Friday 20 November 2026, 08:00 in Vietnam — never the day they run.
pub fn test_now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 1, 0, 0).unwrap()
}

/// A clock standing at [`test_now`] until a test moves it.
pub fn test_clock() -> Arc<ManualClock> {
    Arc::new(ManualClock::new(test_now()))
}

impl TestApp {
    /// An empty in-memory office on Friday 20 November 2026, 08:00 in Vietnam.
    pub fn new() -> TestApp {
        let dir = tempfile::tempdir().expect("temporary directory");
        let clock = test_clock();
        let app = Arc::new(App::in_memory(dir.path(), clock.clone()).expect("in-memory app"));
        TestApp { app, clock, dir }
    }

    /// As [`TestApp::new`], with its data directory on disk (database, write-ahead log,
    /// files), as the server and the desktop app keep it.
    pub fn on_disk() -> TestApp {
        let dir = tempfile::tempdir().expect("temporary directory");
        let clock = test_clock();
        let app = Arc::new(App::open(dir.path(), clock.clone()).expect("app on disk"));
        TestApp { app, clock, dir }
    }

    /// Stop the app and open its data directory again, as a restarted server would.
    pub fn restart(&mut self) {
        self.stopped(|_| {});
    }

    /// Stop the office on disk, take its database back to schema `version` (as an Office's
    /// database left by an older release), and open it again: the upgrade runs.
    pub fn reopen_from_schema(&mut self, version: i64) {
        self.stopped(|dir| back_to_schema(dir, version));
    }

    /// Stop the app, run `meanwhile` on its data directory, and open it again.
    fn stopped(&mut self, meanwhile: impl FnOnce(&std::path::Path)) {
        let scratch = tempfile::tempdir().expect("temporary directory");
        let stopped = std::mem::replace(
            &mut self.app,
            Arc::new(App::in_memory(scratch.path(), self.clock.clone()).expect("in-memory app")),
        );
        assert_eq!(Arc::strong_count(&stopped), 1, "nothing else holds the app");
        drop(stopped);
        meanwhile(self.dir.path());
        self.app = Arc::new(App::open(self.dir.path(), self.clock.clone()).expect("app reopened"));
    }

    /// Call a command the way the UI does: JSON in, JSON out, by name.
    pub fn call<C: Command>(
        &self,
        token: Option<&str>,
        request: C::Request,
    ) -> Result<C::Response, ApiError> {
        let body = serde_json::to_value(&request).expect("request serialises");
        let response = commands::dispatch(&self.app, token, C::NAME, body)?;
        // A file handed over is fetched later by whoever asked, as the UI's client does.
        if let (Some(id), Some(token)) = (response.get("downloadId").and_then(|v| v.as_str()), token) {
            HANDED.with(|h| h.borrow_mut().insert(id.to_string(), (self.app.clone(), token.to_string())));
        }
        Ok(serde_json::from_value(response).expect("response deserialises"))
    }

    /// A set-up office with its administrator logged in; returns the admin's token.
    pub fn with_admin() -> (TestApp, String) {
        TestApp::set_up(TestApp::new())
    }

    /// `t` set up, with its administrator logged in; returns the admin's token.
    pub fn set_up(t: TestApp) -> (TestApp, String) {
        let response = t
            .call::<commands::SetupCreateAdministrator>(
                None,
                commands::SetupRequest {
                    username: "admin".into(),
                    full_name: "Quản trị viên".into(),
                    password: ADMIN_PASSWORD.into(),
                    province_code: NGHE_AN,
                },
            )
            .expect("first set-up succeeds");
        (t, response.token)
    }

    pub fn department(&self, token: &str, code: &str) -> DepartmentId {
        self.call::<commands::DepartmentList>(Some(token), ())
            .unwrap()
            .into_iter()
            .find(|d| d.code == code)
            .unwrap_or_else(|| panic!("department {code} exists"))
            .id
    }

    /// Create a user with `PASSWORD` and log them in past the first-login password change.
    pub fn user(&self, admin: &str, username: &str, role: Role) -> (User, String) {
        let department = matches!(role, Role::Clerk | Role::Specialist | Role::DepartmentHead)
            .then(|| self.department(admin, "KT"));
        self.person(admin, username, profile(username, role, department))
    }

    /// Create a user with `profile`, then log them in with `PASSWORD` past the first-login
    /// password change; returns the user and their token.
    pub fn person(&self, admin: &str, username: &str, profile: UserProfile) -> (User, String) {
        let user = self
            .call::<commands::UserCreate>(
                Some(admin),
                commands::UserCreateRequest {
                    username: username.into(),
                    password: "tamthoi123".into(),
                    profile,
                },
            )
            .expect("user created");
        let login = self.login(username, "tamthoi123").expect("first login");
        self.call::<commands::SessionChangePassword>(
            Some(&login.token),
            commands::ChangePasswordRequest {
                current_password: "tamthoi123".into(),
                new_password: PASSWORD.into(),
            },
        )
        .expect("password changed");
        (user, login.token)
    }

    pub fn clock_now(&self) -> chrono::DateTime<Utc> {
        use vanphong::clock::Clock;
        self.clock.now()
    }

    pub fn login(&self, username: &str, password: &str) -> Result<LoginResponse, ApiError> {
        self.call::<commands::SessionLogin>(
            None,
            commands::LoginRequest { username: username.into(), password: password.into(), device: None },
        )
    }
}

pub fn profile(name: &str, role: Role, department_id: Option<DepartmentId>) -> UserProfile {
    UserProfile {
        full_name: format!("Người dùng {name}"),
        title: String::new(),
        role,
        department_id,
        clearance: Clearance::None,
        email: String::new(),
        phone: String::new(),
        supervised_department_ids: Vec::new(),
        supervised_fields: Vec::new(),
        agency_id: None,
    }
}

thread_local! {
    /// The files commands handed over through [`TestApp::call`], with who asked.
    static HANDED: std::cell::RefCell<std::collections::HashMap<String, (Arc<App>, String)>> = Default::default();
}

/// The bytes of a file a command handed over through [`TestApp::call`], fetched by its
/// download reference as the person who asked, the way the transports do.
pub fn fetched(file: &commands::FileContent) -> Vec<u8> {
    let (app, token) =
        HANDED.with(|h| h.borrow().get(&file.download_id).cloned()).expect("handed over by a call");
    opened(&app, &token, file)
}

/// The bytes of a file handed to the holder of `token`, fetched by its reference.
pub fn opened(app: &App, token: &str, file: &commands::FileContent) -> Vec<u8> {
    let caller = commands::Caller { token: Some(token), source: None };
    let download =
        commands::download(app, caller, &file.download_id).expect("the file is handed to this person");
    assert_eq!(download.file_name, file.file_name);
    match download.body {
        commands::DownloadBody::File(path) => std::fs::read(path).unwrap(),
        commands::DownloadBody::Bytes(bytes) => bytes.to_vec(),
    }
}
