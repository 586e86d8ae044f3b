-- Throttling instead of lock-out: a stranger who types wrong passwords for an account
-- slows further attempts for that account and from their own address, but cannot lock
-- the owner out; the owner's workstations that logged in before are trusted.
-- (user.failed_logins and user.locked_until are no longer written; locked_until now
-- holds when the account's next attempt from an untrusted workstation is allowed.)

CREATE TABLE login_failure (
    id      INTEGER PRIMARY KEY,
    account TEXT NOT NULL,     -- the username as typed, trimmed and lower-cased, existing or not
    source  TEXT NOT NULL,     -- the caller's address; '' for the desktop app and the CLI
    at      TEXT NOT NULL
) STRICT;
CREATE INDEX login_failure_account ON login_failure(account, at);
CREATE INDEX login_failure_source ON login_failure(source, at);

CREATE TABLE login_device (
    token_hash   TEXT PRIMARY KEY,     -- SHA-256 of the workstation's token
    user_id      INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
    created_at   TEXT NOT NULL,
    last_used_at TEXT NOT NULL
) STRICT;
CREATE INDEX login_device_user ON login_device(user_id);
