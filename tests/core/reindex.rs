//! The search indexes a migration rebuilt (0026 drops and recreates both), refilled from
//! the documents newest first, a short step at a time, while searches say they are
//! incomplete; resumed where it stopped after a restart; finished at open when little is
//! left, left to the background when much is.

use crate::incoming::Office;
use crate::outgoing::{Leaders, content, leaders_of, save};
use crate::support::TestApp;
use vanphong::commands;
use vanphong::db::Database;
use vanphong::incoming::views::IncomingFilter;
use vanphong::outgoing::OutgoingFilter;
use vanphong::register::Issuer;
use vanphong::reindex::{self, Step};
use vanphong::search::Page;

/// What migration 0026 leaves in a database that already holds documents: both indexes
/// empty and marked to be refilled from the start.
fn as_after_the_migration(db: &Database) {
    db.write(|c| {
        Ok(c.execute_batch(
            "INSERT INTO incoming_search (incoming_search) VALUES ('delete-all');
             INSERT INTO outgoing_search (outgoing_search) VALUES ('delete-all');
             INSERT INTO search_rebuild (index_name) VALUES ('incoming_search'), ('outgoing_search');",
        )?)
    })
    .unwrap();
}

/// The indexes still being rebuilt and their cursors.
fn markers(db: &Database) -> Vec<(String, Option<i64>)> {
    db.read(|c| {
        let mut statement = c.prepare("SELECT index_name, below FROM search_rebuild ORDER BY index_name")?;
        Ok(statement.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<_, _>>()?)
    })
    .unwrap()
}

/// The incoming documents a clerk finds for "cầu treo" (in name order), and whether the
/// list said its index is being rebuilt.
fn incoming_found(l: &Leaders) -> (Vec<String>, bool) {
    let page =
        l.o.t
            .call::<commands::IncomingList>(
                Some(&l.o.clerk),
                IncomingFilter { search: Some("cầu treo".into()), ..Default::default() },
            )
            .unwrap();
    found(page, |r| r.number_symbol.clone())
}

/// As [`incoming_found`], for the outgoing documents the chief of office finds.
fn outgoing_found(l: &Leaders) -> (Vec<String>, bool) {
    let page =
        l.o.t
            .call::<commands::OutgoingList>(
                Some(&l.chief),
                OutgoingFilter { search: Some("cầu treo".into()), ..Default::default() },
            )
            .unwrap();
    found(page, |r| r.summary.clone())
}

fn found<T>(page: Page<T>, name: impl Fn(&T) -> String) -> (Vec<String>, bool) {
    let mut names: Vec<String> = page.items.iter().map(name).collect();
    assert_eq!(page.total as usize, names.len(), "counted as listed");
    names.sort();
    let mut distinct = names.clone();
    distinct.dedup();
    assert_eq!(distinct, names, "each document once");
    (names, page.indexing)
}

/// `n` incoming documents "1/SXD" … and `drafts` outgoing drafts "Đợt 1" …, all about
/// "cầu treo", oldest first.
fn documents(l: &Leaders, n: usize, drafts: usize) {
    for i in 1..=n {
        l.o.register(l.o.input(&format!("{i}/SXD"), &format!("Về việc sửa chữa cầu treo bản số {i}")));
    }
    for i in 1..=drafts {
        save(l, &l.chief, None, content("CV", Issuer::Office, &format!("Đợt {i} sửa chữa cầu treo")));
    }
}

/// The incoming documents numbered `numbers` (below 10), in name order.
fn symbols(numbers: &[usize]) -> Vec<String> {
    let mut names: Vec<String> = numbers.iter().map(|n| format!("{n}/SXD")).collect();
    names.sort();
    names
}

/// The drafts numbered `numbers` (below 10), in name order.
fn drafts(numbers: &[usize]) -> Vec<String> {
    let mut names: Vec<String> = numbers.iter().map(|n| format!("Đợt {n} sửa chữa cầu treo")).collect();
    names.sort();
    names
}

fn incoming_id(l: &Leaders, symbol: &str) -> i64 {
    l.o.t
        .app
        .db()
        .read(|c| {
            Ok(c.query_row("SELECT id FROM incoming_document WHERE number_symbol = ?1", [symbol], |r| {
                r.get(0)
            })?)
        })
        .unwrap()
}

#[test]
fn a_rebuilt_index_is_refilled_newest_first_a_step_at_a_time() {
    let l = leaders_of(Office::new());
    documents(&l, 5, 3);
    let db = l.o.t.app.db();
    as_after_the_migration(db);
    assert_eq!(incoming_found(&l), (vec![], true), "nothing found yet, and the list says why");
    assert_eq!(outgoing_found(&l), (vec![], true));

    // Four documents a step, shared: the two newest of each list.
    assert_eq!(reindex::step(db, 4).unwrap(), Step { indexed: 4, done: false });
    assert_eq!(incoming_found(&l), (symbols(&[5, 4]), true), "the newest first, the older not yet");
    assert_eq!(outgoing_found(&l), (drafts(&[3, 2]), true));
    assert_eq!(markers(db)[0], ("incoming_search".to_string(), Some(incoming_id(&l, "4/SXD"))));

    // Registered meanwhile: indexed by its own registration, above the cursor.
    l.o.register(l.o.input("6/SXD", "Về việc sửa chữa cầu treo bản số 6"));
    assert_eq!(incoming_found(&l), (symbols(&[6, 5, 4]), true));

    assert_eq!(reindex::step(db, 4).unwrap(), Step { indexed: 3, done: false });
    assert_eq!(incoming_found(&l), (symbols(&[6, 5, 4, 3, 2]), true));
    assert_eq!(outgoing_found(&l), (drafts(&[3, 2, 1]), false), "the outgoing index is whole");
    assert_eq!(markers(db).len(), 1);

    // Only the incoming index is left: the whole step is its.
    assert_eq!(reindex::step(db, 4).unwrap(), Step { indexed: 1, done: true });
    assert_eq!(incoming_found(&l), (symbols(&[6, 5, 4, 3, 2, 1]), false), "every document, once");
    assert!(markers(db).is_empty());
    assert_eq!(reindex::step(db, 4).unwrap(), Step { indexed: 0, done: true }, "nothing more to do");
}

#[test]
fn a_rebuild_stopped_between_steps_resumes_at_its_cursor() {
    let mut l = leaders_of(Office::of(TestApp::set_up(TestApp::on_disk())));
    documents(&l, 5, 2);
    as_after_the_migration(l.o.t.app.db());
    assert_eq!(reindex::step(l.o.t.app.db(), 4).unwrap(), Step { indexed: 4, done: false });
    let cursor = incoming_id(&l, "4/SXD");

    // Stopped: the step's cursor was committed with its documents.
    let dir = l.o.t.dir.path().to_path_buf();
    let scratch = tempfile::tempdir().unwrap();
    let stopped = std::mem::replace(
        &mut l.o.t.app,
        std::sync::Arc::new(vanphong::App::in_memory(scratch.path(), l.o.t.clock.clone()).unwrap()),
    );
    assert_eq!(std::sync::Arc::strong_count(&stopped), 1);
    drop(stopped);
    let db = Database::open(&dir).unwrap();
    assert_eq!(markers(&db)[0], ("incoming_search".to_string(), Some(cursor)));
    let indexed = |db: &Database| -> Vec<i64> {
        db.read(|c| {
            let mut statement = c.prepare(
                "SELECT rowid FROM incoming_search WHERE incoming_search MATCH '\"cau\" \"treo\"' ORDER BY rowid DESC",
            )?;
            Ok(statement.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?)
        })
        .unwrap()
    };
    assert_eq!(indexed(&db), vec![cursor + 1, cursor]);
    // The next step goes on under the cursor; stopped again.
    assert_eq!(reindex::step(&db, 4).unwrap(), Step { indexed: 2, done: false });
    assert_eq!(indexed(&db), vec![cursor + 1, cursor, cursor - 1, cursor - 2]);
    assert_eq!(
        markers(&db),
        vec![("incoming_search".to_string(), Some(cursor - 2))],
        "the outgoing index is whole"
    );
    drop(db);

    // Opened again: so little is left that opening finishes it.
    l.o.t.restart();
    assert!(markers(l.o.t.app.db()).is_empty());
    assert_eq!(incoming_found(&l), (symbols(&[5, 4, 3, 2, 1]), false), "every document, once");
    assert_eq!(outgoing_found(&l), (drafts(&[2, 1]), false));
}

#[test]
fn opening_a_small_database_finishes_its_rebuild() {
    let mut l = leaders_of(Office::of(TestApp::set_up(TestApp::on_disk())));
    assert!(markers(l.o.t.app.db()).is_empty(), "a new database: the migration's markers are gone at open");
    documents(&l, 3, 2);
    as_after_the_migration(l.o.t.app.db());
    assert_eq!(incoming_found(&l), (vec![], true));
    l.o.t.restart();
    assert!(markers(l.o.t.app.db()).is_empty());
    assert_eq!(incoming_found(&l), (symbols(&[3, 2, 1]), false));
    assert_eq!(outgoing_found(&l), (drafts(&[2, 1]), false));
}

#[test]
fn opening_a_large_database_leaves_the_rebuild_to_the_background() {
    let mut l = leaders_of(Office::of(TestApp::set_up(TestApp::on_disk())));
    documents(&l, 1, 0);
    // More documents than opening indexes: copies of the first, numbered on.
    l.o.t
        .app
        .db()
        .write(|c| {
            let columns: Vec<String> = c
                .prepare("SELECT name FROM pragma_table_info('incoming_document') WHERE name <> 'id'")?
                .query_map([], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            let copied: Vec<String> = columns
                .iter()
                .map(|c| if c == "number" { "number + n".to_string() } else { c.clone() })
                .collect();
            let sql = format!(
                "WITH RECURSIVE n(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM n WHERE n < {})
                 INSERT INTO incoming_document ({}) SELECT {} FROM incoming_document, n",
                reindex::AT_OPEN,
                columns.join(", "),
                copied.join(", ")
            );
            Ok(c.execute(&sql, [])?)
        })
        .unwrap();
    as_after_the_migration(l.o.t.app.db());
    l.o.t.restart();
    assert_eq!(markers(l.o.t.app.db()).len(), 2, "opening did not rebuild");
    assert_eq!(incoming_found(&l), (vec![], true));
    assert_eq!(reindex::left(l.o.t.app.db(), usize::MAX).unwrap(), reindex::AT_OPEN + 1);
    // What the background task does first.
    assert_eq!(reindex::step(l.o.t.app.db(), 3).unwrap(), Step { indexed: 1, done: false });
    let (newest, indexing) = incoming_found(&l);
    assert_eq!((newest.len(), indexing), (1, true), "the newest is found");
}

#[test]
fn the_background_task_drives_a_rebuild_to_its_end() {
    let l = leaders_of(Office::new());
    documents(&l, 4, 2);
    as_after_the_migration(l.o.t.app.db());
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let app = l.o.t.app.clone();
    runtime.block_on(async { reindex::spawn(app).await }).unwrap();
    assert!(markers(l.o.t.app.db()).is_empty());
    assert_eq!(incoming_found(&l), (symbols(&[4, 3, 2, 1]), false));
    assert_eq!(outgoing_found(&l), (drafts(&[2, 1]), false));
    // Nothing to rebuild: the task ends at once.
    let app = l.o.t.app.clone();
    runtime.block_on(async { reindex::spawn(app).await }).unwrap();
}
