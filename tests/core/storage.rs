//! The database file and the data directory under bad conditions: a newer version's
//! database, a file that is not a database, a second instance, a read-only directory,
//! a process killed mid-write. Each gets a clear message, and nothing is lost.

use std::path::Path;
use std::process::Command;
use vanphong::{App, CoreError};

fn open(dir: &Path) -> Result<App, CoreError> {
    App::open(dir, crate::support::test_clock())
}

fn cli(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_vanphong"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .output()
        .expect("the vanphong binary runs")
}

#[test]
fn reopening_applies_no_migration_twice() {
    let dir = tempfile::tempdir().unwrap();
    drop(open(dir.path()).unwrap());
    let app = open(dir.path()).expect("a second open finds the schema current");
    let (version, steps): (i64, i64) = app
        .db()
        .read(|c| {
            Ok((
                c.query_row("PRAGMA user_version", [], |r| r.get(0))?,
                c.query_row("SELECT count(*) FROM schema_migration", [], |r| r.get(0))?,
            ))
        })
        .unwrap();
    assert_eq!(version, vanphong::db::schema_version());
    assert_eq!(steps, version, "each migration is recorded once");
}

#[test]
fn a_database_from_a_newer_version_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    drop(open(dir.path()).unwrap());
    let db = dir.path().join("vanphong.db");
    {
        let raw = rusqlite::Connection::open(&db).unwrap();
        raw.pragma_update(None, "user_version", 999).unwrap();
        raw.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let before = std::fs::read(&db).unwrap();
    let error = open(dir.path()).err().expect("refused");
    assert!(matches!(error, CoreError::DatabaseTooNew { found: 999, .. }), "{error:?}");
    let message = error.message();
    assert!(message.vi.contains("phiên bản mới hơn") && message.en.contains("newer version"));
    assert_eq!(std::fs::read(&db).unwrap(), before, "not a byte changed");
    assert!(!dir.path().join("vanphong.db-wal").exists(), "not even a WAL file was started");
}

#[test]
fn a_file_that_is_not_a_database_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("vanphong.db");
    let content = b"So den: 123/QD-UBND -- a register someone saved over the database\n".repeat(100);
    std::fs::write(&db, &content).unwrap();
    let error = open(dir.path()).err().expect("refused");
    assert_eq!(error.code(), "storage.not_a_database");
    assert!(error.message().vi.contains("không phải là cơ sở dữ liệu"));
    assert_eq!(std::fs::read(&db).unwrap(), content);

    // Another program's SQLite database is not ours either.
    std::fs::remove_file(&db).unwrap();
    rusqlite::Connection::open(&db).unwrap().execute_batch("CREATE TABLE photos (id INTEGER);").unwrap();
    assert_eq!(open(dir.path()).err().expect("refused").code(), "storage.not_a_database");
}

#[test]
fn a_second_instance_on_the_same_data_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let first = open(dir.path()).unwrap();
    let error = open(dir.path()).err().expect("the second is refused");
    assert_eq!(error.code(), "storage.already_running");
    assert!(error.message().vi.contains("đang dùng dữ liệu"));

    let output = cli(dir.path(), &["user", "list"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("Another Văn phòng số is using"), "{stderr}");
    drop(first);
    assert!(open(dir.path()).is_ok(), "free again once the first has closed");
}

#[test]
fn a_read_only_data_directory_gets_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    assert!(cli(dir.path(), &["init"]).status.success());
    let output = if unsafe_is_root() {
        // Root writes anywhere; run as nobody, for whom the directory is read-only.
        Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_vanphong"))
            .arg("--data-dir")
            .arg(dir.path())
            .args(["user", "list"])
            .output()
            .expect("setpriv runs")
    } else {
        use std::os::unix::fs::PermissionsExt;
        std::fs::remove_file(dir.path().join("vanphong.lock")).unwrap();
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o555)).unwrap();
        let output = cli(dir.path(), &["user", "list"]);
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        output
    };
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("Không ghi được vào thư mục dữ liệu"), "{stderr}");
    assert!(stderr.contains("Cannot write to the data directory"), "{stderr}");
    assert!(open(dir.path()).is_ok(), "the data is intact for whoever may write");
}

fn unsafe_is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .map(|s| s.lines().any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(1) == Some("0")))
        .unwrap_or(false)
}

/// The bytes the demo has written so far (the database and its write-ahead log).
fn written(dir: &std::path::Path) -> u64 {
    ["vanphong.db", "vanphong.db-wal"]
        .iter()
        .filter_map(|name| std::fs::metadata(dir.join(name)).ok())
        .map(|m| m.len())
        .sum()
}

#[test]
fn killing_the_process_mid_write_never_corrupts_the_database() {
    // Killed once the demo has written this much: early (the first users), in the
    // middle of the documents, and late; by its progress, not by a clock.
    for kill_at in [64 * 1024u64, 512 * 1024, 2 << 20] {
        let dir = tempfile::tempdir().unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_vanphong"))
            .arg("--data-dir")
            .arg(dir.path())
            .arg("demo")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        while written(dir.path()) < kill_at {
            if let Some(status) = child.try_wait().unwrap() {
                panic!("the demo ended ({status}) before writing {kill_at} bytes");
            }
            // A pause between looks at the files, not a guess at how long anything takes.
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        let _ = child.kill();
        let _ = child.wait();
        let app = open(dir.path()).expect("the database opens after a kill");
        let (integrity, broken_links, users, audited): (String, i64, i64, i64) = app
            .db()
            .read(|c| {
                Ok((
                    c.query_row("PRAGMA integrity_check", [], |r| r.get(0))?,
                    c.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0))?,
                    c.query_row("SELECT count(*) FROM user", [], |r| r.get(0))?,
                    c.query_row("SELECT count(*) FROM audit_entry WHERE action IN ('user_create', 'setup_create_administrator') AND object_type = 'user'", [], |r| r.get(0))?,
                ))
            })
            .unwrap();
        assert_eq!(integrity, "ok", "killed after {kill_at} bytes");
        assert_eq!(broken_links, 0);
        assert_eq!(users, audited, "every user that exists was committed with its audit entry");
    }
}

#[test]
fn a_backup_is_a_complete_database_even_while_the_app_runs() {
    let dir = tempfile::tempdir().unwrap();
    assert!(cli(dir.path(), &["demo", "--documents-per-day", "0"]).status.success());
    let running = open(dir.path()).unwrap();
    let target = dir.path().join("backup");
    let output = cli(dir.path(), &["backup", target.to_str().unwrap()]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let output = cli(dir.path(), &["backup", "--verify", target.to_str().unwrap()]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stdout));
    assert!(String::from_utf8_lossy(&output.stdout).contains("nguyên vẹn"));
    // Restored with the command line into an empty data directory.
    let restored = dir.path().join("restored");
    let output = cli(&restored, &["restore", target.to_str().unwrap()]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let copy = open(&restored).unwrap();
    let users: i64 =
        copy.db().read(|c| Ok(c.query_row("SELECT count(*) FROM user", [], |r| r.get(0))?)).unwrap();
    let live: i64 =
        running.db().read(|c| Ok(c.query_row("SELECT count(*) FROM user", [], |r| r.get(0))?)).unwrap();
    assert_eq!(users, live);
    assert!(users >= 40, "the demo has about forty people ({users})");
}

#[test]
fn the_audit_log_cannot_be_rewritten() {
    let (t, _) = crate::support::TestApp::with_admin();
    let result =
        t.app.db().write(|tx| Ok(tx.execute("UPDATE audit_entry SET summary = 'nothing happened'", [])?));
    assert!(result.is_err(), "updates are refused by the database itself");
    let result = t.app.db().write(|tx| Ok(tx.execute("DELETE FROM audit_entry", [])?));
    assert!(result.is_err(), "deletes too");
}

#[test]
fn attachments_are_stored_once_and_checked_on_read() {
    let t = crate::support::TestApp::new();
    let store = t.app.attachments();
    let pdf = b"%PDF-1.7 Quyet dinh so 15/QD-UBND".to_vec();
    let sha = store.put(&pdf).unwrap();
    use sha2::Digest;
    assert_eq!(sha, hex::encode(sha2::Sha256::digest(&pdf)), "the name is the SHA-256 of the bytes");
    assert_eq!(store.put(&pdf).unwrap(), sha, "the same bytes keep one name");
    assert_eq!(store.get(&sha).unwrap(), pdf);

    let path = t.dir.path().join("attachments").join(&sha[..2]).join(&sha[2..]);
    std::fs::write(&path, b"%PDF-1.7 Quyet dinh so 16/QD-UBND").unwrap();
    assert_eq!(
        store.get(&sha).unwrap_err().code(),
        "storage.attachment_damaged",
        "a changed file is not served"
    );
    std::fs::remove_file(&path).unwrap();
    assert_eq!(store.get(&sha).unwrap_err().code(), "storage.attachment_damaged");
    assert!(store.get("../../etc/passwd").is_err(), "names outside the store are refused");
}

#[test]
fn the_app_keeps_the_query_planners_statistics_itself() {
    let dir = tempfile::tempdir().unwrap();
    {
        let app = open(dir.path()).unwrap();
        app.db()
            .write(|tx| {
                let mut insert =
                    tx.prepare("INSERT INTO login_failure (account, source, at) VALUES (?1, ?2, ?3)")?;
                for n in 0..5000 {
                    insert.execute(rusqlite::params![
                        format!("nguoi.{}", n % 700),
                        format!("10.0.{}.{}", n % 7, n % 250),
                        format!("2026-11-20T01:{:02}:00Z", n % 60)
                    ])?;
                }
                Ok(())
            })
            .unwrap();
    }
    // Nobody ran ANALYZE: opening again leaves the planner statistics for the table.
    let app = open(dir.path()).unwrap();
    let analysed: i64 = app
        .db()
        .read(|conn| {
            Ok(conn.query_row("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'login_failure'", [], |r| {
                r.get(0)
            })?)
        })
        .unwrap();
    assert!(analysed > 0, "the planner knows the table's indexes");
}
