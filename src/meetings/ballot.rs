//! The ballot box of a secret vote: the counts of the choices, kept in the memory of the
//! process that runs the vote and nowhere else.
//!
//! Nothing written to disk during a secret vote — the database, its write-ahead log, a
//! backup taken meanwhile, the audit log, the events — differs according to a member's
//! choice: a ballot writes only that the member has voted (`poll_voter`), the same row
//! whatever the choice. The counts reach the database once, when the vote is stopped,
//! and only when they cannot identify a ballot (see `room::stop_poll`); the box is then
//! emptied. A process that stops while a vote runs loses its box: the vote is void and
//! is held again (`room::void_interrupted`). No ballot is recoverable from anything left.

use super::PollId;
use super::room::Choice;
use std::collections::HashMap;
use std::sync::Mutex;

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
    running: Mutex<HashMap<PollId, Counts>>,
}

impl BallotBox {
    fn running(&self) -> std::sync::MutexGuard<'_, HashMap<PollId, Counts>> {
        self.running.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// An empty box for a secret vote that starts now.
    pub fn open(&self, poll: PollId) {
        self.running().insert(poll, Counts::default());
    }

    /// Whether this process holds the box of `poll` (it does not after a restart).
    pub fn holds(&self, poll: PollId) -> bool {
        self.running().contains_key(&poll)
    }

    /// Put one ballot in. False when there is no box: the vote was interrupted.
    pub fn cast(&self, poll: PollId, choice: Choice) -> bool {
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
    pub fn take(&self, poll: PollId) -> Option<Counts> {
        self.running().remove(&poll)
    }
}
