-- The paperless meeting room (DOMAIN.md §5): meetings and written-opinion rounds, their
-- people and agenda, the live state of the room (attendance, current item, speakers,
-- votes), members' private notes, and the conclusion's points.

CREATE TABLE meeting (
    id               INTEGER PRIMARY KEY,
    kind             TEXT NOT NULL CHECK (kind IN ('regular', 'topical', 'working', 'written')),
    title            TEXT NOT NULL,
    chair_id         INTEGER NOT NULL REFERENCES user(id),
    place            TEXT NOT NULL DEFAULT '',
    online_link      TEXT NOT NULL DEFAULT '',
    starts_at        TEXT NOT NULL,              -- RFC 3339, UTC
    ends_at          TEXT NOT NULL,
    secrecy          TEXT NOT NULL DEFAULT 'none' CHECK (secrecy IN ('none', 'mat', 'toi_mat', 'tuyet_mat')),
    status           TEXT NOT NULL DEFAULT 'preparing'
                         CHECK (status IN ('preparing', 'invited', 'open', 'closed', 'cancelled')),
    -- The share of the members that must be present (2/3 for the Committee's sessions;
    -- 0/1 for none).
    quorum_num       INTEGER NOT NULL,
    quorum_den       INTEGER NOT NULL CHECK (quorum_den > 0),
    current_item_id  INTEGER REFERENCES agenda_item(id),
    -- A written round: its deadline, whether silence counts as agreeing, when closed.
    opinion_deadline TEXT,
    silence_agrees   INTEGER NOT NULL DEFAULT 1 CHECK (silence_agrees IN (0, 1)),
    opinion_sent_at  TEXT,
    opinion_closed_at TEXT,
    reminders_sent   INTEGER NOT NULL DEFAULT 0,
    invitation_id    INTEGER REFERENCES outgoing_document(id),
    invited_at       TEXT,
    notice_id        INTEGER REFERENCES outgoing_document(id),
    opened_at        TEXT,
    closed_at        TEXT,
    secretary_notes  TEXT NOT NULL DEFAULT '',
    search_text      TEXT NOT NULL DEFAULT '',
    created_by       INTEGER REFERENCES user(id),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
) STRICT;
CREATE INDEX meeting_starts ON meeting(starts_at);

-- Who takes part, and how: a member of the Committee (counted for the quorum, votes), an
-- invited person, the Office's secretary or specialist. Attendance is marked in the room.
CREATE TABLE meeting_person (
    meeting_id INTEGER NOT NULL REFERENCES meeting(id),
    user_id    INTEGER NOT NULL REFERENCES user(id),
    part       TEXT NOT NULL CHECK (part IN ('member', 'invited', 'secretary', 'specialist')),
    attendance TEXT NOT NULL DEFAULT 'unknown'
                   CHECK (attendance IN ('unknown', 'room', 'online', 'absent', 'delegated')),
    reason     TEXT NOT NULL DEFAULT '',
    delegate   TEXT NOT NULL DEFAULT '',
    marked_at  TEXT,
    PRIMARY KEY (meeting_id, user_id),
    CHECK (attendance NOT IN ('absent', 'delegated') OR reason <> '' OR delegate <> '')
) STRICT;
CREATE INDEX meeting_person_user ON meeting_person(user_id);

CREATE TABLE meeting_agency (
    meeting_id INTEGER NOT NULL REFERENCES meeting(id),
    agency_id  INTEGER NOT NULL REFERENCES agency(id),
    PRIMARY KEY (meeting_id, agency_id)
) STRICT;

-- An agenda item (or, for a written round, a question put to the members); nested one
-- level (1, 1.1 …) by `parent_id`, ordered by `position` among its siblings.
CREATE TABLE agenda_item (
    id                  INTEGER PRIMARY KEY,
    meeting_id          INTEGER NOT NULL REFERENCES meeting(id),
    parent_id           INTEGER REFERENCES agenda_item(id),
    position            INTEGER NOT NULL,
    title               TEXT NOT NULL,
    presenter_agency_id INTEGER REFERENCES agency(id),
    specialist_id       INTEGER REFERENCES user(id),
    minutes             INTEGER NOT NULL DEFAULT 0 CHECK (minutes BETWEEN 0 AND 600),
    decision_asked      TEXT NOT NULL DEFAULT '',
    files_complete      INTEGER NOT NULL DEFAULT 0 CHECK (files_complete IN (0, 1)),
    admitted            INTEGER NOT NULL DEFAULT 0 CHECK (admitted IN (0, 1)),
    override_reason     TEXT NOT NULL DEFAULT '',
    override_by         INTEGER REFERENCES user(id),
    outcome             TEXT NOT NULL DEFAULT '',
    created_at          TEXT NOT NULL
) STRICT;
CREATE INDEX agenda_item_meeting ON agenda_item(meeting_id, parent_id, position);

-- The agencies whose opinion an item needs before it can be decided.
CREATE TABLE agenda_opinion_required (
    item_id   INTEGER NOT NULL REFERENCES agenda_item(id),
    agency_id INTEGER NOT NULL REFERENCES agency(id),
    PRIMARY KEY (item_id, agency_id)
) STRICT;

-- An item's documents: the submission (tờ trình), drafts, supporting files and the
-- agencies' opinions; each an uploaded file or a link to an incoming or outgoing document.
CREATE TABLE agenda_document (
    id          INTEGER PRIMARY KEY,
    item_id     INTEGER NOT NULL REFERENCES agenda_item(id),
    role        TEXT NOT NULL CHECK (role IN ('submission', 'draft', 'supporting', 'opinion')),
    agency_id   INTEGER REFERENCES agency(id),          -- whose opinion, for 'opinion'
    title       TEXT NOT NULL,
    incoming_id INTEGER REFERENCES incoming_document(id),
    outgoing_id INTEGER REFERENCES outgoing_document(id),
    sha256      TEXT REFERENCES attachment_blob(sha256),
    file_name   TEXT,
    media_type  TEXT,
    size        INTEGER,
    added_by    INTEGER NOT NULL REFERENCES user(id),
    added_at    TEXT NOT NULL,
    removed_at  TEXT,
    CHECK ((incoming_id IS NOT NULL) + (outgoing_id IS NOT NULL) + (sha256 IS NOT NULL) = 1),
    CHECK (role <> 'opinion' OR agency_id IS NOT NULL)
) STRICT;
CREATE INDEX agenda_document_item ON agenda_document(item_id);

-- A member's private notes on a document: read and written by that member only, through
-- their own session; never audited, never in a backup's report, kept after the meeting.
CREATE TABLE meeting_note (
    user_id     INTEGER NOT NULL REFERENCES user(id),
    document_id INTEGER NOT NULL REFERENCES agenda_document(id),
    text        TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (user_id, document_id)
) STRICT;

-- Requests to speak on an item: points of order first, then in the order asked.
CREATE TABLE meeting_speaker (
    id             INTEGER PRIMARY KEY,
    item_id        INTEGER NOT NULL REFERENCES agenda_item(id),
    user_id        INTEGER NOT NULL REFERENCES user(id),
    point_of_order INTEGER NOT NULL DEFAULT 0 CHECK (point_of_order IN (0, 1)),
    status         TEXT NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'speaking', 'done', 'withdrawn')),
    requested_at   TEXT NOT NULL,
    started_at     TEXT,
    ended_at       TEXT
) STRICT;
CREATE INDEX meeting_speaker_item ON meeting_speaker(item_id, status);
-- One open request per person and item, and one person speaking per item.
CREATE UNIQUE INDEX meeting_speaker_one_request ON meeting_speaker(item_id, user_id)
    WHERE status IN ('waiting', 'speaking');
CREATE UNIQUE INDEX meeting_speaker_one_floor ON meeting_speaker(item_id) WHERE status = 'speaking';

-- A vote (biểu quyết): created → started → finished → published. Stopping freezes the
-- counts and the base (members, present).
CREATE TABLE poll (
    id           INTEGER PRIMARY KEY,
    meeting_id   INTEGER NOT NULL REFERENCES meeting(id),
    item_id      INTEGER REFERENCES agenda_item(id),
    question     TEXT NOT NULL,
    secret       INTEGER NOT NULL CHECK (secret IN (0, 1)),
    status       TEXT NOT NULL CHECK (status IN ('started', 'finished', 'published')),
    started_at   TEXT NOT NULL,
    finished_at  TEXT,
    published_at TEXT,
    members      INTEGER,
    present      INTEGER,
    voted        INTEGER,
    yes          INTEGER,
    no           INTEGER,
    abstain      INTEGER
) STRICT;
CREATE INDEX poll_meeting ON poll(meeting_id, id);
-- At most one vote running per meeting.
CREATE UNIQUE INDEX poll_one_running ON poll(meeting_id) WHERE status = 'started';

-- Who has voted, for every vote; the primary key is "each member votes once".
CREATE TABLE poll_voter (
    poll_id INTEGER NOT NULL REFERENCES poll(id),
    user_id INTEGER NOT NULL REFERENCES user(id),
    PRIMARY KEY (poll_id, user_id)
) WITHOUT ROWID, STRICT;

-- The choices of an open (named) vote.
CREATE TABLE poll_vote (
    poll_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    choice  TEXT NOT NULL CHECK (choice IN ('yes', 'no', 'abstain')),
    PRIMARY KEY (poll_id, user_id),
    FOREIGN KEY (poll_id, user_id) REFERENCES poll_voter(poll_id, user_id)
) WITHOUT ROWID, STRICT;

-- The choices of a secret vote: counts only. No row names a person, carries a time or an
-- order, so nothing joins a ballot to the voter list above.
CREATE TABLE poll_tally (
    poll_id INTEGER NOT NULL REFERENCES poll(id),
    choice  TEXT NOT NULL CHECK (choice IN ('yes', 'no', 'abstain')),
    count   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (poll_id, choice)
) WITHOUT ROWID, STRICT;

-- A vote is cast only while the vote runs, by a member of its meeting present in the
-- room or online: enforced here, whatever the caller.
CREATE TRIGGER poll_voter_entitled BEFORE INSERT ON poll_voter
WHEN NOT EXISTS (
    SELECT 1 FROM poll p JOIN meeting_person m ON m.meeting_id = p.meeting_id
    WHERE p.id = NEW.poll_id AND p.status = 'started' AND m.user_id = NEW.user_id
      AND m.part = 'member' AND m.attendance IN ('room', 'online'))
BEGIN
    SELECT RAISE(ABORT, 'poll_voter: not entitled to vote');
END;
CREATE TRIGGER poll_voter_final BEFORE DELETE ON poll_voter
BEGIN
    SELECT RAISE(ABORT, 'poll_voter: a vote once cast stays');
END;
CREATE TRIGGER poll_vote_final BEFORE UPDATE ON poll_vote
BEGIN
    SELECT RAISE(ABORT, 'poll_vote: a vote once cast cannot be changed');
END;
CREATE TRIGGER poll_tally_running BEFORE UPDATE ON poll_tally
WHEN (SELECT status FROM poll WHERE id = NEW.poll_id) <> 'started'
BEGIN
    SELECT RAISE(ABORT, 'poll_tally: the vote is not running');
END;

-- A member's answer to a written round's question (phiếu lấy ý kiến).
CREATE TABLE opinion_answer (
    item_id     INTEGER NOT NULL REFERENCES agenda_item(id),
    user_id     INTEGER NOT NULL REFERENCES user(id),
    choice      TEXT NOT NULL CHECK (choice IN ('agree', 'disagree', 'other')),
    comment     TEXT NOT NULL DEFAULT '',
    answered_at TEXT NOT NULL,
    PRIMARY KEY (item_id, user_id),
    CHECK (choice <> 'other' OR comment <> '')
) STRICT;

-- The conclusion's points, drafted by the secretary from the items' outcomes; a point
-- that assigns work names the lead agency and the deadline, and becomes a direction.
CREATE TABLE conclusion_point (
    id           INTEGER PRIMARY KEY,
    meeting_id   INTEGER NOT NULL REFERENCES meeting(id),
    position     INTEGER NOT NULL,
    text         TEXT NOT NULL,
    agency_id    INTEGER REFERENCES agency(id),
    deadline     TEXT,
    direction_id INTEGER REFERENCES direction(id),
    CHECK ((agency_id IS NULL) = (deadline IS NULL))
) STRICT;
CREATE INDEX conclusion_point_meeting ON conclusion_point(meeting_id, position);

-- Alerts about meetings: the invitation, a written round's request and its reminders.
CREATE TABLE alert_new (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES user(id),
    kind        TEXT NOT NULL CHECK (kind IN ('due_soon', 'due_today', 'overdue', 'invitation',
                    'opinion_request', 'reminder')),
    days        INTEGER NOT NULL DEFAULT 0,
    object_type TEXT NOT NULL CHECK (object_type IN ('direction', 'incoming', 'outgoing', 'meeting')),
    object_id   INTEGER NOT NULL,
    deadline    TEXT NOT NULL,
    title       TEXT NOT NULL,
    raised_at   TEXT NOT NULL,
    read_at     TEXT,
    secrecy     TEXT NOT NULL DEFAULT 'none' CHECK (secrecy IN ('none', 'mat', 'toi_mat', 'tuyet_mat')),
    UNIQUE (user_id, object_type, object_id, deadline, kind, days)
) STRICT;
INSERT INTO alert_new (id, user_id, kind, days, object_type, object_id, deadline, title, raised_at, read_at,
    secrecy)
    SELECT id, user_id, kind, days, object_type, object_id, deadline, title, raised_at, read_at, secrecy FROM alert;
DROP TABLE alert;
ALTER TABLE alert_new RENAME TO alert;
CREATE INDEX alert_user ON alert(user_id, id DESC);
CREATE INDEX alert_unread ON alert(user_id) WHERE read_at IS NULL;
