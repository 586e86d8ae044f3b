//! Passwords, sessions, and the workstations an account has logged in from (which the
//! login throttle, `crate::throttle`, trusts).

use crate::audit::{ObjectRef, Writer, said};
use crate::clock::timestamp;
use crate::error::{CoreError, CoreResult};
use crate::throttle;
use crate::vocabulary::Actor;
use crate::vocabulary::UserId;
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use chrono::{DateTime, Duration, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

/// A session ends after this long without use …
pub const SESSION_IDLE_LIMIT: Duration = Duration::hours(12);
/// … and this long after login, however much it is used.
pub const SESSION_MAX_AGE: Duration = Duration::days(7);
/// The shortest password a person may choose.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// How stale `last_seen_at` may get before a request refreshes it (saves a write per call).
const SESSION_TOUCH_INTERVAL: Duration = Duration::minutes(5);

pub fn hash_password(password: &str) -> CoreResult<String> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| CoreError::Io(std::io::Error::other(e.to_string())))?;
    let salt = SaltString::encode_b64(&salt).expect("16 bytes is a valid salt");
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| CoreError::Io(std::io::Error::other(e.to_string())))
}

pub fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash)
        .is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

/// Characters that print nothing: in a password they make it impossible to type again.
pub fn is_invisible(c: char) -> bool {
    c.is_control() || crate::fold::is_invisible(c)
}

/// A password someone was given or chose, checked by the rule below and hashed (slow on
/// purpose: before any transaction).
pub fn checked_hash(field: &'static str, password: &str, personal: &[&str]) -> CoreResult<String> {
    validate_new_password(field, password, personal)?;
    hash_password(password)
}

/// The rule for passwords people choose: at least [`MIN_PASSWORD_CHARS`] characters, none
/// invisible, and not easy to guess — judged by zxcvbn (Dropbox's strength estimator),
/// which knows common passwords, words, keyboard walks, dates and repeats, and is told the
/// person's own names (`personal`) so that "nguyenvana2026" counts as weak for Nguyễn Văn A.
pub fn validate_new_password(field: &'static str, password: &str, personal: &[&str]) -> CoreResult<()> {
    if password.chars().any(is_invisible) {
        return Err(CoreError::invalid(
            field,
            "Mật khẩu không được chứa ký tự điều khiển hoặc ký tự vô hình.",
            "A password cannot contain control or invisible characters.",
        ));
    }
    if password.chars().count() < MIN_PASSWORD_CHARS || password.len() > 256 {
        return Err(CoreError::invalid(
            field,
            format!("Mật khẩu phải có từ {MIN_PASSWORD_CHARS} ký tự trở lên."),
            format!("A password needs at least {MIN_PASSWORD_CHARS} characters."),
        ));
    }
    let mut words: Vec<String> = vec!["vanphong".into(), "ubnd".into()];
    for name in personal {
        words.push(crate::fold::fold(name).replace(' ', ""));
        words.extend(crate::fold::fold(name).split_whitespace().map(str::to_string));
    }
    let words: Vec<&str> = words.iter().map(String::as_str).filter(|w| w.len() >= 3).collect();
    if (zxcvbn::zxcvbn(password, &words).score() as u8) < 3 {
        return Err(CoreError::invalid(
            field,
            "Mật khẩu quá dễ đoán (từ thông dụng, tên, ngày tháng hoặc dãy phím). Hãy dùng một cụm từ dài hơn, khó đoán hơn.",
            "This password is too easy to guess (a common word, a name, a date or a keyboard run). Use a longer, less guessable phrase.",
        ));
    }
    Ok(())
}

/// A person's change of their own password, checked: the current password right, the
/// new one strong (see [`validate_new_password`]) and not the current one. Gives the new
/// hash, made outside any transaction (it is slow on purpose).
pub fn checked_own_password(
    conn: &Connection,
    actor: &Actor,
    current: &str,
    new: &str,
) -> CoreResult<String> {
    let current_hash: String =
        conn.query_row("SELECT password_hash FROM user WHERE id = ?1", [actor.user_id], |r| r.get(0))?;
    if !verify_password(&current_hash, current) {
        return Err(CoreError::invalid(
            "currentPassword",
            "Mật khẩu hiện tại không đúng.",
            "The current password is wrong.",
        ));
    }
    validate_new_password("newPassword", new, &[&actor.username, &actor.full_name])?;
    if new == current {
        return Err(CoreError::invalid(
            "newPassword",
            "Mật khẩu mới phải khác mật khẩu hiện tại.",
            "The new password must differ from the current one.",
        ));
    }
    hash_password(new)
}

/// Store a person's own new password (its `hash`): the temporary one is replaced, their
/// other sessions end (`keep` is the one they changed it from), and the log says so.
pub fn set_own_password(w: &mut Writer<'_>, user: UserId, hash: &str, keep: &str) -> CoreResult<()> {
    w.execute(
        "UPDATE user SET password_hash = ?2, must_change_password = 0, updated_at = ?3 WHERE id = ?1",
        params![user, hash, w.now_text()],
    )?;
    revoke_other_sessions(w, user, keep)?;
    w.audit(ObjectRef::user(user), said("Đổi mật khẩu", "Changed the password"), &())
}

pub fn new_token() -> CoreResult<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| CoreError::Io(std::io::Error::other(e.to_string())))?;
    Ok(hex::encode(bytes))
}

fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

pub(crate) fn create_session(conn: &Connection, user: UserId, now: DateTime<Utc>) -> CoreResult<String> {
    let token = new_token()?;
    conn.execute(
        "INSERT INTO session (token_hash, user_id, created_at, last_seen_at, expires_at)
         VALUES (?1, ?2, ?3, ?3, ?4)",
        params![token_hash(&token), user, timestamp(now), timestamp(now + SESSION_IDLE_LIMIT)],
    )?;
    Ok(token)
}

pub(crate) fn end_session(conn: &Connection, token: &str) -> CoreResult<()> {
    conn.execute("DELETE FROM session WHERE token_hash = ?1", [token_hash(token)])?;
    Ok(())
}

/// The person logs out: this session ends, and the log says so.
pub fn log_out(w: &mut Writer<'_>, user: UserId, token: &str) -> CoreResult<()> {
    end_session(w, token)?;
    w.audit(ObjectRef::user(user), said("Đăng xuất", "Logged out"), &())
}

pub(crate) fn revoke_sessions(conn: &Connection, user: UserId) -> CoreResult<()> {
    conn.execute("DELETE FROM session WHERE user_id = ?1", [user])?;
    Ok(())
}

/// Revoke every session of `user` except the one presenting `keep`.
pub(crate) fn revoke_other_sessions(conn: &Connection, user: UserId, keep: &str) -> CoreResult<()> {
    conn.execute(
        "DELETE FROM session WHERE user_id = ?1 AND token_hash <> ?2",
        params![user, token_hash(keep)],
    )?;
    Ok(())
}

/// A session found valid: whose it is, and whether its idle timer is due to move.
pub struct SessionCheck {
    pub actor: Actor,
    /// The session should have its idle timer pushed forward.
    pub needs_touch: bool,
}

/// The person `id` as the rules see them (role, department, clearance, agency), if the
/// account exists and is active; for deciding what reaches someone who is not asking
/// (alerts, the event stream).
pub fn actor(conn: &Connection, id: UserId) -> CoreResult<Option<Actor>> {
    Ok(conn
        .query_row(
            &format!("SELECT {ACTOR_COLUMNS} FROM user u WHERE u.id = ?1 AND u.active = 1"),
            [id],
            |r| actor_from(r, 0),
        )
        .optional()?)
}

/// The columns of `user u` an [`Actor`] is made of, in [`actor_from`]'s order.
const ACTOR_COLUMNS: &str = "u.id, u.username, u.full_name, u.role, u.department_id, u.clearance, u.must_change_password, u.agency_id";

fn actor_from(r: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<Actor> {
    Ok(Actor {
        user_id: r.get(first)?,
        username: r.get(first + 1)?,
        full_name: r.get(first + 2)?,
        role: r.get(first + 3)?,
        department_id: r.get(first + 4)?,
        clearance: r.get(first + 5)?,
        must_change_password: r.get(first + 6)?,
        agency_id: r.get(first + 7)?,
    })
}

/// Who holds which token, remembered between requests: every request checks its session
/// first, and asking SQLite each time made that check the one queue every request of the
/// office server stood in. An entry holds only while no committed write has touched the
/// session table or the person's account since it was read (`db::AccountVersions`), so a
/// logout, a disabled account or a changed clearance takes effect on the next request.
#[derive(Default)]
pub struct SessionCache {
    entries: std::sync::Mutex<std::collections::HashMap<String, Cached>>,
}

#[derive(Clone)]
struct Cached {
    check: CachedCheck,
    sessions: u64,
    account: u64,
}

#[derive(Clone)]
struct CachedCheck {
    expires_at: DateTime<Utc>,
    last_seen_at: DateTime<Utc>,
    created_at: DateTime<Utc>,
    active: bool,
    actor: Actor,
}

const SESSION_CACHE_LIMIT: usize = 10_000;

impl SessionCache {
    pub fn authenticate(
        &self,
        db: &crate::db::Database,
        token: &str,
        now: DateTime<Utc>,
    ) -> CoreResult<SessionCheck> {
        let key = token_hash(token);
        let versions = db.account_versions();
        let cached = self.entries.lock().unwrap_or_else(|p| p.into_inner()).get(&key).cloned();
        if let Some(cached) = cached
            && cached.sessions == versions.sessions()
            && cached.account == versions.account(cached.check.actor.user_id.0)
        {
            return judge(cached.check, now);
        }
        // Versions read before the query: a change committed meanwhile leaves the entry
        // older than the versions, so it is read again next time.
        let (sessions, changes) = (versions.sessions(), versions.account_changes());
        // An unknown token is most often one that was ended (logout, password reset) or
        // expired and swept: tell the person to log in again.
        let Some(check) = db.read_session(|conn| session_row(conn, &key))? else {
            return Err(CoreError::SessionExpired);
        };
        if versions.account_changes() == changes {
            let account = versions.account(check.actor.user_id.0);
            let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
            if entries.len() >= SESSION_CACHE_LIMIT {
                entries.clear();
            }
            entries.insert(key, Cached { check: check.clone(), sessions, account });
        }
        judge(check, now)
    }
}

fn session_row(conn: &Connection, key: &str) -> CoreResult<Option<CachedCheck>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT s.expires_at, s.last_seen_at, u.active, s.created_at, {ACTOR_COLUMNS}
             FROM session s JOIN user u ON u.id = s.user_id WHERE s.token_hash = ?1"
        ))?
        .query_row([key], |r| {
            Ok(CachedCheck {
                expires_at: r.get(0)?,
                last_seen_at: r.get(1)?,
                active: r.get(2)?,
                created_at: r.get(3)?,
                actor: actor_from(r, 4)?,
            })
        })
        .optional()?)
}

fn judge(check: CachedCheck, now: DateTime<Utc>) -> CoreResult<SessionCheck> {
    if check.expires_at <= now || check.created_at + SESSION_MAX_AGE <= now {
        return Err(CoreError::SessionExpired);
    }
    if !check.active {
        return Err(CoreError::AccountDisabled);
    }
    Ok(SessionCheck { actor: check.actor, needs_touch: now - check.last_seen_at >= SESSION_TOUCH_INTERVAL })
}

pub(crate) fn touch_session(conn: &Connection, token: &str, now: DateTime<Utc>) -> CoreResult<()> {
    conn.execute(
        "UPDATE session SET last_seen_at = ?2, expires_at = ?3 WHERE token_hash = ?1",
        params![token_hash(token), timestamp(now), timestamp(now + SESSION_IDLE_LIMIT)],
    )?;
    // Sweep sessions that ended long ago, so the table stays small.
    conn.execute("DELETE FROM session WHERE expires_at < ?1", [timestamp(now - Duration::days(7))])?;
    Ok(())
}

/// A workstation's token stops being trusted when unused this long …
pub const DEVICE_IDLE_LIMIT: Duration = Duration::days(90);
/// … and a year after it was given, however much it is used: the workstation is given a
/// new one at its next login.
pub const DEVICE_LIFETIME: Duration = Duration::days(365);

/// Whether `device` is the token of a workstation `user` has logged in from before, and
/// still trusted at `now`. A token is bound to its account: another account's is nothing.
pub(crate) fn trusted_device(
    conn: &Connection,
    user: UserId,
    device: Option<&str>,
    now: DateTime<Utc>,
) -> CoreResult<bool> {
    let Some(device) = device.filter(|d| !d.is_empty()) else { return Ok(false) };
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM login_device WHERE token_hash = ?1 AND user_id = ?2
             AND last_used_at > ?3 AND created_at > ?4)",
        params![
            token_hash(device),
            user,
            timestamp(now - DEVICE_IDLE_LIMIT),
            timestamp(now - DEVICE_LIFETIME)
        ],
        |r| r.get(0),
    )?)
}

/// After a successful login: the workstation's token for `user` — the one it presented if
/// that is already known, else a new one — which the UI keeps for the next login.
pub(crate) fn remember_device(
    conn: &Connection,
    user: UserId,
    device: Option<&str>,
    source: &str,
    now: DateTime<Utc>,
) -> CoreResult<String> {
    if let Some(device) = device.filter(|d| !d.is_empty())
        && trusted_device(conn, user, Some(device), now)?
    {
        conn.execute(
            "UPDATE login_device SET last_used_at = ?2, last_address = ?3 WHERE token_hash = ?1",
            params![token_hash(device), timestamp(now), source],
        )?;
        return Ok(device.to_string());
    }
    // The account's tokens that are no longer trusted are forgotten.
    conn.execute(
        "DELETE FROM login_device WHERE user_id = ?1 AND (last_used_at <= ?2 OR created_at <= ?3)",
        params![user, timestamp(now - DEVICE_IDLE_LIMIT), timestamp(now - DEVICE_LIFETIME)],
    )?;
    let token = new_token()?;
    conn.execute(
        "INSERT INTO login_device (token_hash, user_id, created_at, last_used_at, last_address)
         VALUES (?1, ?2, ?3, ?3, ?4)",
        params![token_hash(&token), user, timestamp(now), source],
    )?;
    Ok(token)
}

/// What the login form needs to know about an account.
pub(crate) struct LoginRecord {
    pub id: UserId,
    pub full_name: String,
    pub password_hash: String,
    pub active: bool,
}

pub(crate) fn login_record(conn: &Connection, username: &str) -> CoreResult<Option<LoginRecord>> {
    Ok(conn
        .query_row(
            "SELECT id, full_name, password_hash, active FROM user WHERE username = ?1",
            [username.trim()],
            |r| {
                Ok(LoginRecord {
                    id: r.get(0)?,
                    full_name: r.get(1)?,
                    password_hash: r.get(2)?,
                    active: r.get(3)?,
                })
            },
        )
        .optional()?)
}

/// A hash to verify against when the username does not exist, so that a wrong username
/// takes as long as a wrong password.
pub(crate) fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_password("decoy-password-1").expect("hashing works"))
}

/// One login, from the name typed to its outcome: the account's and the address's
/// lock-out (the throttle), the check of the password, and what is recorded. In three
/// steps, because hashing is slow on purpose and runs outside any database lock:
/// [`LoginAttempt::begin`] reads, [`LoginAttempt::password_matches`] hashes,
/// [`LoginAttempt::finish`] writes.
pub struct LoginAttempt {
    /// The throttle's key for the name as typed, so the answer is the same whether the
    /// account exists or not.
    account: String,
    source: String,
    /// Where its failure is counted: the address, or the trusted workstation.
    pace: throttle::Pace,
    record: Option<LoginRecord>,
}

/// A login that succeeded: the session's token and the workstation's.
pub struct LoggedIn {
    pub user_id: UserId,
    pub token: String,
    pub device: String,
}

impl LoginAttempt {
    /// Who the name is, and whether the account or the address must wait first
    /// ([`CoreError::TooManyAttempts`]). A workstation the account has logged in from
    /// before (`device`) is not slowed by a stranger's failures elsewhere.
    pub fn begin(
        conn: &Connection,
        username: &str,
        device: Option<&str>,
        source: &str,
        now: DateTime<Utc>,
    ) -> CoreResult<LoginAttempt> {
        let account = throttle::account_key(username);
        let record = login_record(conn, username)?;
        let pace = match (&record, device) {
            (Some(record), Some(device)) if trusted_device(conn, record.id, Some(device), now)? => {
                throttle::Pace::Workstation(token_hash(device)[..16].to_string())
            }
            _ => throttle::Pace::Address(source.to_string()),
        };
        if let Some(until) = throttle::must_wait(conn, &account, &pace, now)? {
            return Err(CoreError::TooManyAttempts { until });
        }
        Ok(LoginAttempt { account, source: source.to_string(), pace, record })
    }

    /// Whether `password` is the account's; as slow for a name that does not exist, so
    /// that the timing tells nothing either.
    pub fn password_matches(&self, password: &str) -> bool {
        match &self.record {
            Some(record) => verify_password(&record.password_hash, password),
            None => {
                let _ = verify_password(decoy_hash(), password);
                false
            }
        }
    }

    /// Record the outcome. A wrong password is itself a change that must be committed
    /// (the throttle's record, the account's `locked_until`, an audit entry from the
    /// address), so it comes back as `Ok(Err(WrongCredentials))`; a disabled account as
    /// `Ok(Err(AccountDisabled))`; a right one opens a session. A success does not wipe
    /// a stranger's failures: they still slow other workstations until they age out or an
    /// administrator unlocks the account ([`unlock`]).
    pub fn finish(
        self,
        w: &mut Writer<'_>,
        password_ok: bool,
        device: Option<&str>,
    ) -> CoreResult<Result<LoggedIn, CoreError>> {
        let now = w.now();
        let LoginAttempt { account, source, pace, record } = self;
        if record.is_none() && w.query_row("SELECT count(*) FROM user", [], |r| r.get::<_, i64>(0))? == 0 {
            return Err(CoreError::SetupRequired);
        }
        // Asked again inside the write: attempts made at once all passed `begin` before any
        // of them failed; those the failures recorded meanwhile would have held back wait
        // now, and learn nothing of their password.
        if let Some(until) = throttle::must_wait(w, &account, &pace, now)? {
            return Err(CoreError::TooManyAttempts { until });
        }
        let Some(record) = record.as_ref().filter(|_| password_ok) else {
            // Not the owner's act: audited as coming from the address, about the account
            // when it exists.
            let from = if source.is_empty() { "máy này".to_string() } else { source.clone() };
            w.set_actor(None, format!("Không xác định ({from})"));
            let slowed = throttle::record_failure(w, &account, &pace.key(), now)?;
            let object = match &record {
                Some(record) => {
                    w.execute(
                        "UPDATE user SET locked_until = ?2 WHERE id = ?1",
                        params![record.id, slowed.map(timestamp)],
                    )?;
                    ObjectRef::user(record.id)
                }
                None => ObjectRef::system(),
            };
            w.audit(
                object,
                said(format!("Đăng nhập sai mật khẩu từ {from}"), format!("Wrong password from {from}")),
                &serde_json::json!({ "account": account, "source": source }),
            )?;
            return Ok(Err(CoreError::WrongCredentials));
        };
        w.set_actor(Some(record.id), record.full_name.clone());
        if !record.active {
            w.audit(
                ObjectRef::user(record.id),
                said(
                    "Đăng nhập bị từ chối: tài khoản đã vô hiệu hóa",
                    "Login refused: the account is disabled",
                ),
                &(),
            )?;
            return Ok(Err(CoreError::AccountDisabled));
        }
        let device = remember_device(w, record.id, device, &source, now)?;
        let token = create_session(w, record.id, now)?;
        w.audit(
            ObjectRef::user(record.id),
            said("Đăng nhập", "Logged in"),
            &serde_json::json!({ "source": source }),
        )?;
        Ok(Ok(LoggedIn { user_id: record.id, token, device }))
    }
}

/// A workstation an account has logged in from and still trusts (its logins are not slowed
/// by strangers' wrong passwords), as the administrator sees it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Workstation {
    /// Which one, to revoke it (not its token, which only the workstation holds).
    pub id: i64,
    pub first_login: DateTime<Utc>,
    pub last_login: DateTime<Utc>,
    /// The address of its last login; empty for the desktop app on local data.
    pub last_address: String,
}

/// The workstations `user` logs in from that are still trusted at `now`, the latest first.
pub fn workstations(conn: &Connection, user: UserId, now: DateTime<Utc>) -> CoreResult<Vec<Workstation>> {
    let mut statement = conn.prepare(
        "SELECT rowid, created_at, last_used_at, last_address FROM login_device
         WHERE user_id = ?1 AND last_used_at > ?2 AND created_at > ?3 ORDER BY last_used_at DESC, rowid DESC",
    )?;
    let rows = statement.query_map(
        params![user, timestamp(now - DEVICE_IDLE_LIMIT), timestamp(now - DEVICE_LIFETIME)],
        |r| {
            Ok(Workstation {
                id: r.get(0)?,
                first_login: r.get(1)?,
                last_login: r.get(2)?,
                last_address: r.get(3)?,
            })
        },
    )?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Stop trusting workstation `id` of `user`: its next login counts as a stranger's
/// (slowed by wrong passwords like any other), and it is given a new token then.
pub fn revoke_workstation(w: &mut Writer<'_>, user: UserId, id: i64) -> CoreResult<()> {
    let address: Option<String> = w
        .query_row(
            "SELECT last_address FROM login_device WHERE rowid = ?1 AND user_id = ?2",
            params![id, user],
            |r| r.get(0),
        )
        .optional()?;
    let Some(address) = address else {
        return Err(CoreError::NotFound { what: crate::error::Noun::Workstation });
    };
    w.execute("DELETE FROM login_device WHERE rowid = ?1 AND user_id = ?2", params![id, user])?;
    let from = if address.is_empty() { "máy này".to_string() } else { address };
    w.audit(
        ObjectRef::user(user),
        said(format!("Thu hồi máy trạm tin cậy ({from})"), format!("Workstation no longer trusted ({from})")),
        &(),
    )
}

/// Forget an account's wrong passwords, from any address, without changing its password
/// (the administrator's "mở khóa").
pub fn unlock(w: &mut Writer<'_>, id: UserId) -> CoreResult<()> {
    let (username, full_name): (String, String) =
        w.query_row("SELECT username, full_name FROM user WHERE id = ?1", [id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    throttle::clear(w, &throttle::account_key(&username))?;
    w.execute(
        "UPDATE user SET failed_logins = 0, locked_until = NULL, updated_at = ?2 WHERE id = ?1",
        params![id, w.now_text()],
    )?;
    w.audit(
        ObjectRef::user(id),
        said(
            format!("Mở khóa tài khoản {full_name} ({username})"),
            format!("Unlocked {full_name} ({username})"),
        ),
        &(),
    )
}
