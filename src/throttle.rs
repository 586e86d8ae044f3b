//! Throttling of logins, in place of a lock-out that a stranger could turn against the
//! owner. Each wrong password is recorded against the account *as typed* (whether or not
//! it exists, so that the answers never tell which accounts exist) and against the
//! caller's address. After a few failures within [`WINDOW`], the next attempt must wait,
//! longer with each failure: for the account up to [`ACCOUNT_CAP`], for the address up to
//! [`SOURCE_CAP`]. A workstation the owner has logged in from before carries a token that
//! lifts both delays, so an attacker cannot keep the owner out (even from the same
//! address, as behind a reverse proxy); but that workstation keeps a pace of its own: its
//! own failures are counted under its token and slow it as an account's would, so a token
//! is never a way to guess the password quickly. An administrator can clear an account's
//! failures at any time.

use crate::clock::timestamp;
use crate::error::CoreResult;
use chrono::{DateTime, Duration, Utc};
use rusqlite::{Connection, params};

/// Failures older than this are forgotten.
pub const WINDOW: Duration = Duration::minutes(15);
/// Failures allowed before any delay.
pub const FREE_ATTEMPTS: u32 = 3;
pub const ACCOUNT_CAP: Duration = Duration::minutes(5);
pub const SOURCE_CAP: Duration = Duration::minutes(15);

/// The key failures of an account are recorded under.
pub fn account_key(username: &str) -> String {
    username.trim().to_lowercase()
}

/// The wait after `failures` recent failures: none for the first few, then 2, 4, 8 …
/// seconds, up to `cap`.
pub fn delay(failures: u32, cap: Duration) -> Duration {
    if failures < FREE_ATTEMPTS {
        return Duration::zero();
    }
    let exponent = (failures - FREE_ATTEMPTS + 1).min(20);
    Duration::seconds(1 << exponent).min(cap)
}

fn wait(
    conn: &Connection,
    column: &str,
    key: &str,
    cap: Duration,
    now: DateTime<Utc>,
) -> CoreResult<Option<DateTime<Utc>>> {
    let (count, last): (u32, Option<DateTime<Utc>>) = conn.query_row(
        &format!("SELECT count(*), max(at) FROM login_failure WHERE {column} = ?1 AND at > ?2"),
        params![key, timestamp(now - WINDOW)],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(last.map(|last| last + delay(count, cap)).filter(|until| *until > now))
}

/// Where failures are counted: the caller's address, or the trusted workstation it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pace {
    Address(String),
    /// A workstation the account's owner has logged in from before, by its key.
    Workstation(String),
}

impl Pace {
    /// What is written in `login_failure.source`.
    pub fn key(&self) -> String {
        match self {
            Pace::Address(address) => address.clone(),
            Pace::Workstation(key) => format!("workstation:{key}"),
        }
    }
}

/// Until when an attempt for `account` at `pace` must wait, if it must.
pub fn must_wait(
    conn: &Connection,
    account: &str,
    pace: &Pace,
    now: DateTime<Utc>,
) -> CoreResult<Option<DateTime<Utc>>> {
    let source = match pace {
        // The owner's own workstation is not slowed by strangers' failures (behind a
        // reverse proxy or a shared office address, the stranger's address may be the
        // owner's too), only by its own: at the account's pace.
        Pace::Workstation(_) => return wait(conn, "source", &pace.key(), ACCOUNT_CAP, now),
        Pace::Address(address) => address.as_str(),
    };
    let by_account = wait(conn, "account", account, ACCOUNT_CAP, now)?;
    let by_source = if source.is_empty() { None } else { wait(conn, "source", source, SOURCE_CAP, now)? };
    Ok(by_account.max(by_source))
}

/// Record a wrong password; returns until when logins to the account are slowed for
/// untrusted workstations (when its failures age out; for the administrator to see), if
/// they are.
pub fn record_failure(
    conn: &Connection,
    account: &str,
    source: &str,
    now: DateTime<Utc>,
) -> CoreResult<Option<DateTime<Utc>>> {
    conn.execute(
        "INSERT INTO login_failure (account, source, at) VALUES (?1, ?2, ?3)",
        params![account, source, timestamp(now)],
    )?;
    conn.execute("DELETE FROM login_failure WHERE at <= ?1", [timestamp(now - WINDOW)])?;
    let failures: u32 =
        conn.query_row("SELECT count(*) FROM login_failure WHERE account = ?1", [account], |r| r.get(0))?;
    Ok((failures >= FREE_ATTEMPTS).then(|| now + WINDOW))
}

/// Forget an account's failures: when an administrator unlocks it or resets its password.
pub fn clear(conn: &Connection, account: &str) -> CoreResult<()> {
    conn.execute("DELETE FROM login_failure WHERE account = ?1", [account])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_after_the_free_attempts_and_stop_at_the_cap() {
        let cap = Duration::minutes(5);
        assert_eq!(delay(2, cap), Duration::zero());
        assert_eq!(delay(3, cap), Duration::seconds(2));
        assert_eq!(delay(4, cap), Duration::seconds(4));
        assert_eq!(delay(10, cap), Duration::seconds(256));
        assert_eq!(delay(11, cap), cap);
        assert_eq!(delay(1000, cap), cap);
    }
}
