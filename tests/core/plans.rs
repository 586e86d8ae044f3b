//! What every list, count and print reads, on a database without the planner's
//! statistics (an Office's database before the app has kept them, or a table grown
//! tenfold since): no statement walks a whole large table, and none needs an index
//! SQLite has to build on the fly. Issue #22: the plan chosen without statistics for a
//! specialist's inbox read every assigned document of the Office.
//!
//! Every command that only reads is called by every kind of person, with an empty
//! request and with the requests that make it read the most (a year's registers, a
//! search); each statement's own counters say what it walked.

use crate::support::test_clock;
use std::sync::Mutex;
use vanphong::App;
use vanphong::commands;

/// One statement as it finished: its SQL, the rows it stepped through in full table
/// scans, and the automatic indexes it built.
struct Seen {
    sql: String,
    full_scan_rows: i32,
    automatic_indexes: i32,
}

static SEEN: Mutex<Vec<Seen>> = Mutex::new(Vec::new());

thread_local! {
    /// Statements begun on this thread and not yet finished, with their counters when
    /// they began: a cached statement's counters add up over its runs.
    static BEGUN: std::cell::RefCell<Vec<(String, i32, i32)>> = const { std::cell::RefCell::new(Vec::new()) };
}

fn observe(event: rusqlite::trace::TraceEvent<'_>) {
    use rusqlite::StatementStatus::{AutoIndex, FullscanStep};
    use rusqlite::trace::TraceEvent;
    match event {
        TraceEvent::Stmt(statement, _) => BEGUN.with_borrow_mut(|begun| {
            begun.push((
                statement.sql().into_owned(),
                statement.get_status(FullscanStep),
                statement.get_status(AutoIndex),
            ))
        }),
        TraceEvent::Profile(statement, _) => {
            let sql = statement.sql().into_owned();
            let (scanned, indexes) = BEGUN.with_borrow_mut(|begun| {
                match begun.iter().rposition(|(begun_sql, ..)| *begun_sql == sql) {
                    Some(at) => {
                        let (_, scanned, indexes) = begun.remove(at);
                        (scanned, indexes)
                    }
                    None => (0, 0),
                }
            });
            let seen = Seen {
                full_scan_rows: statement.get_status(FullscanStep) - scanned,
                automatic_indexes: statement.get_status(AutoIndex) - indexes,
                sql,
            };
            SEEN.lock().unwrap_or_else(|p| p.into_inner()).push(seen);
        }
        _ => {}
    }
}

/// Rows a full scan may step through: the small tables (departments, people, rooms, the
/// settings, the directory) are read whole; a table that grows with the Office's work
/// (documents, steps, directions, the schedule, the audit) never is. The office below
/// has about 4,400 incoming documents and 800 schedule entries, so a scan of any of them
/// goes past this.
const FULL_SCAN_LIMIT: i32 = 500;

/// A list reads the ids of its first `LIMIT n` matches in the order of an index
/// (`search::Conditions::page`): a walk bounded by its limit, not by the table. It may
/// step past the rows the conditions turn down, up to half as many again.
fn allowed_scan(sql: &str) -> i32 {
    let limit = sql.rsplit_once(" LIMIT ").and_then(|(_, n)| n.trim().parse::<i32>().ok());
    match limit {
        Some(limit) => FULL_SCAN_LIMIT.max(limit + limit / 2),
        None => FULL_SCAN_LIMIT,
    }
}

#[test]
fn no_list_count_or_print_walks_a_large_table_without_statistics() {
    let dir = tempfile::tempdir().unwrap();
    let app = App::open(dir.path(), test_clock()).unwrap();
    // Twenty documents a working day since January: about 4,500 incoming documents, with
    // the directions, meetings, outgoing documents and schedule the demo makes beside.
    vanphong_tools::demo::fill(&app, 40, 20).unwrap();
    let incoming: i64 = app
        .db()
        .read(|c| Ok(c.query_row("SELECT count(*) FROM incoming_document", [], |r| r.get(0))?))
        .unwrap();
    assert!(incoming > 3 * FULL_SCAN_LIMIT as i64, "the office is large enough to tell ({incoming})");
    // The statistics the app keeps are dropped: every connection plans without them.
    app.db()
        .write(|tx| {
            Ok(tx.execute_batch("DROP TABLE IF EXISTS sqlite_stat1; DROP TABLE IF EXISTS sqlite_stat4;")?)
        })
        .unwrap();

    let people = [
        "admin", "vt1", "vt2", "cvp", "pcvp1", "pcvp2", "pct1", "tv1", "tp.kt", "cv.kt1", "cv.kt2", "stc",
        "cv.cttdt",
    ];
    let tokens: Vec<(String, String)> = people
        .iter()
        .map(|username| {
            let request = commands::LoginRequest {
                username: (*username).into(),
                password: vanphong_tools::demo::DEMO_PASSWORD.into(),
                device: None,
            };
            let login = commands::execute::<commands::SessionLogin>(&app, None, request)
                .unwrap_or_else(|e| panic!("{username} logs in: {e:?}"));
            (username.to_string(), login.token)
        })
        .collect();
    let registers: Vec<i64> = app
        .db()
        .read(|c| {
            let mut statement = c.prepare("SELECT id FROM register ORDER BY id")?;
            let ids = statement.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
            Ok(ids)
        })
        .unwrap();

    // What makes the reads read the most: the whole year, searches, every register.
    let mut bodies = vec![serde_json::json!({}), serde_json::Value::Null];
    bodies.push(serde_json::json!({ "search": "ngân sách" }));
    bodies.push(serde_json::json!({ "search": "tham m", "openOnly": true }));
    bodies.push(serde_json::json!({ "text": "họp" }));
    bodies.push(serde_json::json!({ "year": 2026 }));
    bodies.push(serde_json::json!({ "from": "2026-01-01", "to": "2026-12-31" }));
    for register in &registers {
        bodies.push(serde_json::json!({ "registerId": register, "from": "2026-01-01", "to": "2026-12-31" }));
    }

    let reads: Vec<&str> = commands::catalogue()
        .into_iter()
        .map(|info| info.name)
        .filter(|name| !commands::writes(name) && !matches!(*name, "session_login" | "session_logout"))
        .collect();
    assert!(reads.len() > 60, "{} reading commands", reads.len());

    SEEN.lock().unwrap().clear();
    app.db().observe_statements(Some(observe));
    for (_, token) in &tokens {
        for name in &reads {
            for body in &bodies {
                // Many requests are refused (a field missing, not this person's): what
                // they read before saying so counts as well.
                let _ = commands::dispatch(&app, Some(token), name, body.clone());
            }
        }
    }
    app.db().observe_statements(None);

    let seen = std::mem::take(&mut *SEEN.lock().unwrap());
    assert!(seen.len() > 5_000, "the statements were observed ({})", seen.len());
    let mut heavy: Vec<String> = seen
        .iter()
        .filter(|s| s.full_scan_rows > allowed_scan(&s.sql) || s.automatic_indexes > 0)
        .map(|s| {
            format!(
                "{} rows scanned, {} automatic indexes: {}",
                s.full_scan_rows,
                s.automatic_indexes,
                s.sql.split_whitespace().collect::<Vec<_>>().join(" ")
            )
        })
        .collect();
    heavy.sort();
    heavy.dedup();
    assert!(heavy.is_empty(), "statements that walk a large table:\n{}", heavy.join("\n"));
}
