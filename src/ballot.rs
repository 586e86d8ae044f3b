//! The ballot box of a secret vote: the counts of the choices, kept in the memory of the
//! process that runs the vote and nowhere else.
//!
//! Nothing written to disk during a secret vote — the database, its write-ahead log, a
//! backup taken meanwhile, the audit log, the events — differs according to a member's
//! choice: a ballot writes only that the member has voted (`poll_voter`), the same row
//! whatever the choice. The counts reach the database once, when the vote is stopped,
//! and only when they cannot identify a ballot (see `meetings::room::stop_poll`); the box
//! is then emptied. A process that stops while a vote runs loses its box: when the app
//! opens again the vote is void and is held again ([`void_interrupted`]). No ballot is
//! recoverable from anything left.
//!
//! It stands apart from `meetings` so that the app, which holds the boxes and voids what
//! a stopped process left, needs nothing of the meeting room.

use crate::audit::{ObjectRef, Writer, said};
use crate::error::CoreResult;
use crate::vocabulary::{ObjectKind, text_enum};
use rusqlite::params;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Mutex;
use ts_rs::TS;

/// A vote, by its id (`poll`).
pub type PollKey = i64;

text_enum! {
    /// A member's choice in a vote, named or secret.
    pub enum Choice {
        /// Tán thành.
        Yes = "yes",
        /// Không tán thành.
        No = "no",
        /// Không biểu quyết.
        Abstain = "abstain",
    }
}

/// How many chose what, in one running secret vote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub yes: u32,
    pub no: u32,
    pub abstain: u32,
}

impl Counts {
    pub fn total(&self) -> u32 {
        self.yes + self.no + self.abstain
    }
}

/// The boxes of the running secret votes of one process (`App::ballots`).
#[derive(Debug, Default)]
pub struct BallotBox {
    running: Mutex<HashMap<PollKey, Counts>>,
}

impl BallotBox {
    fn running(&self) -> std::sync::MutexGuard<'_, HashMap<PollKey, Counts>> {
        self.running.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// An empty box for a secret vote that starts now.
    pub fn open(&self, poll: PollKey) {
        self.running().insert(poll, Counts::default());
    }

    /// Whether this process holds the box of `poll` (it does not after a restart).
    pub fn holds(&self, poll: PollKey) -> bool {
        self.running().contains_key(&poll)
    }

    /// Put one ballot in. False when there is no box: the vote was interrupted.
    pub fn cast(&self, poll: PollKey, choice: Choice) -> bool {
        let mut running = self.running();
        let Some(counts) = running.get_mut(&poll) else { return false };
        match choice {
            Choice::Yes => counts.yes += 1,
            Choice::No => counts.no += 1,
            Choice::Abstain => counts.abstain += 1,
        }
        true
    }

    /// Empty the box and hand over its counts; `None` when there was none.
    pub fn take(&self, poll: PollKey) -> Option<Counts> {
        self.running().remove(&poll)
    }
}

/// At start: every secret vote left running by a process that stopped is void — its
/// ballot box went with that process. Audited against each meeting.
pub fn void_interrupted(w: &mut Writer<'_>) -> CoreResult<usize> {
    let polls: Vec<(PollKey, i64, String)> = w
        .prepare("SELECT id, meeting_id, question FROM poll WHERE status = 'started' AND secret = 1")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    for (poll, meeting, question) in &polls {
        w.execute(
            "UPDATE poll SET status = 'finished', outcome = 'void', finished_at = ?2,
                 voted = (SELECT count(*) FROM poll_voter v WHERE v.poll_id = poll.id) WHERE id = ?1",
            params![poll, w.now_text()],
        )?;
        w.audit(
            ObjectRef { kind: ObjectKind::Meeting, id: Some(*meeting) },
            said(
                format!(
                    "Biểu quyết kín bị hủy do máy chủ dừng khi đang bỏ phiếu: {question} — cần biểu quyết lại"
                ),
                format!(
                    "Secret vote void: the server stopped during the vote: {question} — to be held again"
                ),
            ),
            &serde_json::json!({ "pollId": poll, "outcome": "void" }),
        )?;
    }
    Ok(polls.len())
}
