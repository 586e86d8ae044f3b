//! The search indexes a migration rebuilt, refilled from the documents while the Office
//! works. Both indexes are contentless (the text is folded by the program, `fold`), so a
//! migration that recreates one can only mark it in `search_rebuild`; the program then
//! indexes the documents again, newest first, in short steps: each step is one write
//! transaction of at most [`STEP`] documents that also moves the marker's cursor
//! (`below`: the id under which documents are still to be indexed, NULL before the
//! first step), and the last one deletes the marker. A process stopped at any point
//! resumes at the cursor its last step committed.
//!
//! Documents registered or changed meanwhile are indexed as always, by their own
//! transaction; indexing one again replaces its entry, so none is ever found twice or
//! with stale words. Until the marker is gone a search of that list says it is
//! incomplete (`search::Page::indexing`).
//!
//! `App::open` finishes a small rebuild itself ([`finish_if_small`]); a larger one is
//! driven by [`spawn`], started by the server and the desktop app beside the deadline
//! watcher.

use crate::db::Database;
use crate::error::CoreResult;
use rusqlite::{Connection, OptionalExtension, params};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Documents indexed per step, so that a step holds the writer briefly. Measured on a
/// release build rebuilding 900,000 incoming documents (demo texts) while a write and a
/// search were timed every 50 ms: 73 s in all; a write waited a median 8 ms, 36 ms at the
/// 95th percentile, 114 ms at most; searches took 1–2 ms. A step of 2,000 took a median
/// 90 ms and FTS5's merges made more of them slow.
pub const STEP: usize = 500;

/// `App::open` finishes a rebuild itself when at most this many documents are left
/// (under a second); a larger one is left to [`spawn`], so the server answers at once.
pub const AT_OPEN: usize = 20_000;

/// The pause between two steps of [`spawn`], so that the requests waiting for the writer
/// (and readers) get through between batches.
const PAUSE: Duration = Duration::from_millis(20);

/// After a step failed (a full disk, say), the next try.
const RETRY: Duration = Duration::from_secs(60);

/// [`spawn`] logs its progress every this many documents.
const LOG_EVERY: usize = 100_000;

/// An index the program fills: its table, the documents' table (whose ids are its rowids)
/// and what one document puts in it.
struct Rebuilt {
    index: &'static str,
    search: crate::search::Index,
    documents: &'static str,
    entry: fn(&Connection, i64) -> CoreResult<crate::search::Entry>,
}

const INDEXES: [Rebuilt; 2] = [
    Rebuilt {
        index: "incoming_search",
        search: crate::search::Index::Incoming,
        documents: "incoming_document",
        entry: |conn, id| crate::incoming::model::search_entry(conn, crate::incoming::model::IncomingId(id)),
    },
    Rebuilt {
        index: "outgoing_search",
        search: crate::search::Index::Outgoing,
        documents: "outgoing_document",
        entry: |conn, id| crate::outgoing::draft::search_entry(conn, crate::outgoing::OutgoingId(id)),
    },
];

/// What one step did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// Documents indexed.
    pub indexed: usize,
    /// No index is being rebuilt any more.
    pub done: bool,
}

/// The rebuild's cursor for `index`: `None` when it is not being rebuilt, `Some(None)`
/// before its first step.
fn cursor(conn: &Connection, index: &str) -> CoreResult<Option<Option<i64>>> {
    Ok(conn
        .prepare_cached("SELECT below FROM search_rebuild WHERE index_name = ?1")?
        .query_row([index], |r| r.get(0))
        .optional()?)
}

/// The indexes being rebuilt, with their cursors.
fn pending(conn: &Connection) -> CoreResult<Vec<(&'static Rebuilt, Option<i64>)>> {
    let mut found = Vec::new();
    for rebuilt in &INDEXES {
        if let Some(below) = cursor(conn, rebuilt.index)? {
            found.push((rebuilt, below));
        }
    }
    Ok(found)
}

/// Index the `most` newest documents of `rebuilt` under `below` and move its cursor past
/// them, or end its rebuild when none are left; true while some are.
fn batch(conn: &Connection, rebuilt: &Rebuilt, below: Option<i64>, most: usize) -> CoreResult<(usize, bool)> {
    let ids: Vec<i64> = conn
        .prepare_cached(&format!(
            "SELECT id FROM {} WHERE id < ?1 ORDER BY id DESC LIMIT ?2",
            rebuilt.documents
        ))?
        .query_map(params![below.unwrap_or(i64::MAX), most as i64], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    // One statement for the whole step: FTS5 writes one segment, not one a document.
    let entries: Vec<_> =
        ids.iter().map(|&id| Ok((id, (rebuilt.entry)(conn, id)?))).collect::<CoreResult<_>>()?;
    crate::search::index_many(conn, rebuilt.search, &entries)?;
    match ids.last() {
        Some(&last) if ids.len() == most => {
            conn.prepare_cached("UPDATE search_rebuild SET below = ?1 WHERE index_name = ?2")?
                .execute(params![last, rebuilt.index])?;
            Ok((ids.len(), true))
        }
        _ => {
            conn.prepare_cached("DELETE FROM search_rebuild WHERE index_name = ?1")?
                .execute([rebuilt.index])?;
            Ok((ids.len(), false))
        }
    }
}

/// One step of every rebuild, in one write transaction: at most `most` documents, shared
/// among the indexes being rebuilt (each gets its newest), each index's cursor moved with
/// its documents.
pub fn step(db: &Database, most: usize) -> CoreResult<Step> {
    db.write(|tx| {
        let pending = pending(tx)?;
        let share = (most / pending.len().max(1)).max(1);
        let (mut indexed, mut done) = (0, true);
        for (rebuilt, below) in pending {
            let (count, more) = batch(tx, rebuilt, below, share)?;
            indexed += count;
            done &= !more;
        }
        Ok(Step { indexed, done })
    })
}

/// An index is being rebuilt.
pub fn rebuilding(db: &Database) -> CoreResult<bool> {
    db.read(|conn| Ok(!pending(conn)?.is_empty()))
}

/// The documents still to be indexed, counted up to `most`.
pub fn left(db: &Database, most: usize) -> CoreResult<usize> {
    let most = i64::try_from(most).unwrap_or(i64::MAX);
    db.read(|conn| {
        let mut left: i64 = 0;
        for (rebuilt, below) in pending(conn)? {
            let count: i64 = conn
                .prepare_cached(&format!(
                    "SELECT count(*) FROM (SELECT 1 FROM {} WHERE id < ?1 LIMIT ?2)",
                    rebuilt.documents
                ))?
                .query_row(params![below.unwrap_or(i64::MAX), most - left], |r| r.get(0))?;
            left += count;
        }
        Ok(left as usize)
    })
}

/// Run steps until every rebuild is done; returns the documents indexed.
pub fn finish(db: &Database) -> CoreResult<usize> {
    let mut indexed = 0;
    loop {
        let step = step(db, STEP)?;
        indexed += step.indexed;
        if step.done {
            return Ok(indexed);
        }
    }
}

/// At open: finish the rebuilds when at most [`AT_OPEN`] documents are left (a fresh
/// database, the tests, a small office), else leave them to [`spawn`]. True when none is
/// left.
pub fn finish_if_small(db: &Database) -> CoreResult<bool> {
    if !rebuilding(db)? {
        return Ok(true);
    }
    let left = left(db, AT_OPEN + 1)?;
    if left > AT_OPEN {
        tracing::info!(more_than = AT_OPEN, "the search indexes are rebuilt in the background");
        return Ok(false);
    }
    let started = Instant::now();
    let indexed = finish(db)?;
    if indexed > 0 {
        tracing::info!(
            documents = indexed,
            ms = started.elapsed().as_millis() as u64,
            "search indexes rebuilt"
        );
    }
    Ok(true)
}

/// Run `f` on the database on a blocking thread.
async fn blocking<A, T>(owner: &Arc<A>, f: fn(&Database) -> CoreResult<T>) -> Option<CoreResult<T>>
where
    A: AsRef<Database> + Send + Sync + 'static,
    T: Send + 'static,
{
    let owner = Arc::clone(owner);
    match tokio::task::spawn_blocking(move || f(owner.as_ref().as_ref())).await {
        Ok(result) => Some(result),
        Err(error) => {
            tracing::warn!(%error, "rebuilding the search indexes stopped");
            None
        }
    }
}

/// Drive the rebuilds step by step until done, pausing between steps; logs at start,
/// every [`LOG_EVERY`] documents and at the end. Nothing to do ends it at once.
pub fn spawn<A>(owner: Arc<A>) -> tokio::task::JoinHandle<()>
where
    A: AsRef<Database> + Send + Sync + 'static,
{
    tokio::spawn(async move {
        let left = loop {
            match blocking(
                &owner,
                |db| if rebuilding(db)? { left(db, usize::MAX).map(Some) } else { Ok(None) },
            )
            .await
            {
                None | Some(Ok(None)) => return,
                Some(Ok(Some(left))) => break left,
                Some(Err(error)) => {
                    tracing::warn!(%error, "cannot read what the search indexes lack");
                    tokio::time::sleep(RETRY).await;
                }
            }
        };
        tracing::info!(documents = left, "rebuilding the search indexes, newest documents first");
        let started = Instant::now();
        let mut indexed = 0;
        let mut steps = 0u64;
        loop {
            match blocking(&owner, |db| step(db, STEP)).await {
                None => return,
                Some(Ok(step)) => {
                    steps += 1;
                    let milestone = (indexed + step.indexed) / LOG_EVERY > indexed / LOG_EVERY;
                    if milestone {
                        tracing::info!(
                            documents = indexed + step.indexed,
                            of = left,
                            "rebuilding the search indexes"
                        );
                    }
                    indexed += step.indexed;
                    if step.done {
                        break;
                    }
                    if steps == 1 || milestone {
                        keep_statistics(&owner).await;
                    }
                    tokio::time::sleep(PAUSE).await;
                }
                Some(Err(error)) => {
                    tracing::warn!(%error, documents = indexed, "a step of the search index rebuild failed; trying again");
                    tokio::time::sleep(RETRY).await;
                }
            }
        }
        keep_statistics(&owner).await;
        tracing::info!(documents = indexed, seconds = started.elapsed().as_secs(), "search indexes rebuilt");
    })
}

/// The planner's statistics of the indexes' own tables brought up to date with what the
/// rebuild has written. Those taken at open describe them nearly empty, and with them
/// the statements FTS5 runs on them choose plans that made each step several times
/// slower as the index grew (the 900,000 documents above took 300 s instead of 73);
/// `PRAGMA optimize` does not analyse them again (`_data` has no index). Each table is
/// analysed in its own write (at most about 60 ms for a million documents' index).
async fn keep_statistics<A>(owner: &Arc<A>)
where
    A: AsRef<Database> + Send + Sync + 'static,
{
    if let Some(Err(error)) = blocking(owner, analyse).await {
        tracing::warn!(%error, "keeping the statistics of the search indexes failed");
    }
}

fn analyse(db: &Database) -> CoreResult<()> {
    for rebuilt in &INDEXES {
        for table in ["data", "idx"] {
            db.write(|tx| Ok(tx.execute_batch(&format!("ANALYZE {}_{table}", rebuilt.index))?))?;
        }
    }
    Ok(())
}
