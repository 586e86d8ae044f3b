-- Foundation: organisation, people, agencies, sessions, audit log, attachments, settings.
-- Times are UTC, RFC 3339 text. Names are stored NFC.

CREATE TABLE setting (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE department (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE COLLATE NOCASE, -- short symbol used in document symbols: KT in 05/UBND-KT
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('department', 'unit', 'leadership')),
    sort_order  INTEGER NOT NULL DEFAULT 0,
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;

CREATE TABLE user (
    id                   INTEGER PRIMARY KEY,
    username             TEXT NOT NULL UNIQUE COLLATE NOCASE,
    full_name            TEXT NOT NULL,
    title                TEXT NOT NULL DEFAULT '',
    role                 TEXT NOT NULL CHECK (role IN ('clerk', 'specialist', 'department_head',
                             'deputy_chief', 'chief_of_office', 'chairman', 'vice_chairman',
                             'committee_member', 'administrator')),
    department_id        INTEGER REFERENCES department(id),
    clearance            TEXT NOT NULL DEFAULT 'none'
                             CHECK (clearance IN ('none', 'mat', 'toi_mat', 'tuyet_mat')),
    email                TEXT NOT NULL DEFAULT '',
    phone                TEXT NOT NULL DEFAULT '',
    active               INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    password_hash        TEXT NOT NULL,
    must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
    failed_logins        INTEGER NOT NULL DEFAULT 0,
    locked_until         TEXT,
    search_text          TEXT NOT NULL DEFAULT '',
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL
) STRICT;
CREATE INDEX user_department ON user(department_id);

-- The fields (lĩnh vực) and departments a deputy chief supervises.
CREATE TABLE supervised_department (
    user_id       INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
    department_id INTEGER NOT NULL REFERENCES department(id),
    PRIMARY KEY (user_id, department_id)
) STRICT;

CREATE TABLE supervised_field (
    user_id INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
    field   TEXT NOT NULL,
    PRIMARY KEY (user_id, field)
) STRICT;

CREATE TABLE agency (
    id            INTEGER PRIMARY KEY,
    code          TEXT UNIQUE,            -- national agency code, e.g. 000.00.00.H41
    name          TEXT NOT NULL,
    abbreviation  TEXT NOT NULL DEFAULT '',
    agency_group  TEXT NOT NULL CHECK (agency_group IN ('government', 'ministry',
                      'provincial_department', 'commune', 'other')),
    province_code INTEGER,
    commune_code  INTEGER,
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    search_text   TEXT NOT NULL,          -- folded name, abbreviation and code
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
) STRICT;
CREATE INDEX agency_group_name ON agency(agency_group, name);

CREATE TABLE session (
    token_hash   TEXT PRIMARY KEY,        -- SHA-256 of the bearer token; the token itself is never stored
    user_id      INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at   TEXT NOT NULL
) STRICT;
CREATE INDEX session_user ON session(user_id);

CREATE TABLE audit_entry (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    actor_id    INTEGER REFERENCES user(id),
    actor_name  TEXT NOT NULL,
    action      TEXT NOT NULL,            -- the command, e.g. user_create
    object_type TEXT NOT NULL,
    object_id   INTEGER,
    summary     TEXT NOT NULL,
    details     TEXT NOT NULL DEFAULT '{}'
) STRICT;
CREATE INDEX audit_entry_object ON audit_entry(object_type, object_id);
CREATE INDEX audit_entry_actor ON audit_entry(actor_id, id);

-- The audit log is append-only, whatever code runs against the database.
CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;

CREATE TABLE attachment_blob (
    sha256     TEXT PRIMARY KEY,
    size       INTEGER NOT NULL,
    created_at TEXT NOT NULL
) STRICT;
