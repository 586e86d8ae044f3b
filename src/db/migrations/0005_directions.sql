-- Directions (nhiệm vụ, chỉ đạo), the working calendar's overrides, agency accounts and
-- deadline alerts.

-- The administrator's decision about one day, over the holiday rules: a day off added, a
-- holiday taken back, a Saturday worked in the Government's yearly swap.
CREATE TABLE calendar_override (
    date       TEXT PRIMARY KEY,             -- YYYY-MM-DD
    working    INTEGER NOT NULL CHECK (working IN (0, 1)),
    name       TEXT NOT NULL,
    changed_by INTEGER REFERENCES user(id),
    changed_at TEXT NOT NULL
) STRICT;

-- An account held by an agency outside the Office (a department, a commune) to report on
-- the directions it leads. Such an account sees only its agency's directions.
ALTER TABLE user ADD COLUMN agency_id INTEGER REFERENCES agency(id);
-- Working days before a deadline at which the user is alerted, largest first: "3,1".
ALTER TABLE user ADD COLUMN alert_days TEXT NOT NULL DEFAULT '3,1';

CREATE TABLE direction (
    id                 INTEGER PRIMARY KEY,
    year               INTEGER NOT NULL,
    number             INTEGER NOT NULL,        -- tracking number within the year
    source             TEXT NOT NULL CHECK (source IN ('incoming', 'conclusion', 'programme',
                           'government', 'manual')),
    incoming_id        INTEGER REFERENCES incoming_document(id),   -- the directed document
    outgoing_id        INTEGER REFERENCES outgoing_document(id),   -- the conclusion notice
    source_reference   TEXT NOT NULL DEFAULT '',  -- programme item, Government document …
    content            TEXT NOT NULL,
    leader_id          INTEGER NOT NULL REFERENCES user(id),
    lead_agency_id     INTEGER NOT NULL REFERENCES agency(id),
    follower_id        INTEGER NOT NULL REFERENCES user(id),      -- the Office's specialist
    priority           TEXT NOT NULL CHECK (priority IN ('normal', 'high', 'urgent')),
    assigned_on        TEXT NOT NULL,           -- the day it was given
    deadline           TEXT NOT NULL,
    completed_on       TEXT,
    result             TEXT NOT NULL DEFAULT '',
    result_outgoing_id INTEGER REFERENCES outgoing_document(id),
    result_incoming_id INTEGER REFERENCES incoming_document(id),
    completed_by       INTEGER REFERENCES user(id),
    percent            INTEGER NOT NULL DEFAULT 0,   -- from the latest progress report
    search_text        TEXT NOT NULL,
    created_by         INTEGER REFERENCES user(id),
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    UNIQUE (year, number),
    CHECK (completed_on IS NULL OR result <> '' OR result_outgoing_id IS NOT NULL
           OR result_incoming_id IS NOT NULL)
) STRICT;
CREATE INDEX direction_agency ON direction(lead_agency_id, assigned_on);
CREATE INDEX direction_follower ON direction(follower_id, completed_on);
CREATE INDEX direction_open_deadline ON direction(deadline) WHERE completed_on IS NULL;
CREATE INDEX direction_assigned ON direction(assigned_on);
CREATE INDEX direction_incoming ON direction(incoming_id) WHERE incoming_id IS NOT NULL;
CREATE INDEX direction_outgoing ON direction(outgoing_id) WHERE outgoing_id IS NOT NULL;

CREATE TABLE direction_cooperator (
    direction_id INTEGER NOT NULL REFERENCES direction(id),
    agency_id    INTEGER NOT NULL REFERENCES agency(id),
    PRIMARY KEY (direction_id, agency_id)
) STRICT;
CREATE INDEX direction_cooperator_agency ON direction_cooperator(agency_id);

CREATE TABLE direction_progress (
    id           INTEGER PRIMARY KEY,
    direction_id INTEGER NOT NULL REFERENCES direction(id),
    reported_on  TEXT NOT NULL,
    text         TEXT NOT NULL,
    percent      INTEGER NOT NULL CHECK (percent BETWEEN 0 AND 100),
    author_id    INTEGER REFERENCES user(id),
    author_name  TEXT NOT NULL,
    agency_id    INTEGER REFERENCES agency(id),  -- when reported by the agency's account
    created_at   TEXT NOT NULL
) STRICT;
CREATE INDEX direction_progress_direction ON direction_progress(direction_id, id);

CREATE TABLE direction_progress_attachment (
    id          INTEGER PRIMARY KEY,
    progress_id INTEGER NOT NULL REFERENCES direction_progress(id),
    sha256      TEXT NOT NULL REFERENCES attachment_blob(sha256),
    file_name   TEXT NOT NULL,
    media_type  TEXT NOT NULL,
    size        INTEGER NOT NULL
) STRICT;
CREATE INDEX direction_progress_attachment_progress ON direction_progress_attachment(progress_id);

CREATE TABLE direction_extension (
    id                INTEGER PRIMARY KEY,
    direction_id      INTEGER NOT NULL REFERENCES direction(id),
    requested_by      INTEGER REFERENCES user(id),
    requested_by_name TEXT NOT NULL,
    requested_at      TEXT NOT NULL,
    proposed_deadline TEXT NOT NULL,
    reason            TEXT NOT NULL,
    decision          TEXT NOT NULL DEFAULT 'pending' CHECK (decision IN ('pending', 'granted', 'refused')),
    decided_by        INTEGER REFERENCES user(id),
    decided_by_name   TEXT,
    decided_at        TEXT,
    decision_reason   TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX direction_extension_direction ON direction_extension(direction_id, id);
CREATE INDEX direction_extension_pending ON direction_extension(decision) WHERE decision = 'pending';

-- Every change of a deadline, never rewritten.
CREATE TABLE direction_deadline_change (
    id              INTEGER PRIMARY KEY,
    direction_id    INTEGER NOT NULL REFERENCES direction(id),
    old_deadline    TEXT,
    new_deadline    TEXT NOT NULL,
    reason          TEXT NOT NULL DEFAULT '',
    extension_id    INTEGER REFERENCES direction_extension(id),
    changed_by      INTEGER REFERENCES user(id),
    changed_by_name TEXT NOT NULL,
    changed_at      TEXT NOT NULL
) STRICT;
CREATE INDEX direction_deadline_change_direction ON direction_deadline_change(direction_id, id);
CREATE TRIGGER direction_deadline_change_kept BEFORE UPDATE ON direction_deadline_change
BEGIN SELECT RAISE(ABORT, 'deadline history is never changed'); END;
CREATE TRIGGER direction_deadline_change_not_deleted BEFORE DELETE ON direction_deadline_change
BEGIN SELECT RAISE(ABORT, 'deadline history is never deleted'); END;

-- Reminder công văn (đôn đốc) drafted for a direction.
CREATE TABLE direction_reminder (
    direction_id INTEGER NOT NULL REFERENCES direction(id),
    outgoing_id  INTEGER NOT NULL REFERENCES outgoing_document(id),
    created_at   TEXT NOT NULL,
    PRIMARY KEY (direction_id, outgoing_id)
) STRICT;
CREATE INDEX direction_reminder_outgoing ON direction_reminder(outgoing_id);

-- Deadline alerts. One row per person, object, deadline and kind: raising the same alert
-- twice is impossible, and a new deadline (an extension) may be alerted again.
CREATE TABLE alert (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES user(id),
    kind        TEXT NOT NULL CHECK (kind IN ('due_soon', 'due_today', 'overdue')),
    days        INTEGER NOT NULL DEFAULT 0,      -- working days left, for due_soon
    object_type TEXT NOT NULL CHECK (object_type IN ('direction', 'incoming', 'outgoing')),
    object_id   INTEGER NOT NULL,
    deadline    TEXT NOT NULL,
    title       TEXT NOT NULL,
    raised_at   TEXT NOT NULL,
    read_at     TEXT,
    UNIQUE (user_id, object_type, object_id, deadline, kind, days)
) STRICT;
CREATE INDEX alert_user ON alert(user_id, id DESC);
CREATE INDEX alert_unread ON alert(user_id) WHERE read_at IS NULL;
