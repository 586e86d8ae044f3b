-- The leaders' weekly schedule (lịch công tác tuần, DOMAIN.md §6): the Office's rooms,
-- the schedule's entries with their leaders and agencies, and each week's publications
-- (the first and every adjustment after it), which keep the lines exactly as published.

CREATE TABLE room (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    name_folded TEXT NOT NULL UNIQUE,
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;
-- The rooms every provincial Committee's seat has; the Office adds its own.
INSERT INTO room (name, name_folded) VALUES
    ('Phòng họp số 1, trụ sở UBND tỉnh', 'phong hop so 1 tru so ubnd tinh'),
    ('Phòng họp số 2, trụ sở UBND tỉnh', 'phong hop so 2 tru so ubnd tinh'),
    ('Hội trường UBND tỉnh', 'hoi truong ubnd tinh');

CREATE TABLE schedule_entry (
    id                   INTEGER PRIMARY KEY,
    starts_at            TEXT NOT NULL,        -- Vietnam time
    ends_at              TEXT NOT NULL,
    content              TEXT NOT NULL,
    -- "Sở KH&ĐT chuẩn bị nội dung và giấy mời": the agency, and what it prepares.
    preparing_agency_id  INTEGER REFERENCES agency(id),
    preparing_note       TEXT NOT NULL DEFAULT '',
    -- One of the Office's rooms (booked: two entries never hold it at once), or a place.
    room_id              INTEGER REFERENCES room(id),
    place                TEXT NOT NULL DEFAULT '',
    participants         TEXT NOT NULL DEFAULT '',
    -- The Office's leader and department that follow it.
    office_leader_id     INTEGER REFERENCES user(id),
    office_department_id INTEGER REFERENCES department(id),
    notes                TEXT NOT NULL DEFAULT '',
    secrecy              TEXT NOT NULL DEFAULT 'none' CHECK (secrecy IN ('none', 'mat', 'toi_mat', 'tuyet_mat')),
    cancelled            INTEGER NOT NULL DEFAULT 0 CHECK (cancelled IN (0, 1)),
    cancel_reason        TEXT NOT NULL DEFAULT '',
    created_by           INTEGER REFERENCES user(id),
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL,
    CHECK (ends_at > starts_at),
    CHECK (room_id IS NOT NULL OR place <> '')
) STRICT;
CREATE INDEX schedule_entry_starts ON schedule_entry(starts_at);
CREATE INDEX schedule_entry_room ON schedule_entry(room_id, starts_at) WHERE room_id IS NOT NULL;

-- The leaders on an entry: the one who chairs it, and those who attend.
CREATE TABLE schedule_leader (
    entry_id INTEGER NOT NULL REFERENCES schedule_entry(id),
    user_id  INTEGER NOT NULL REFERENCES user(id),
    chairs   INTEGER NOT NULL DEFAULT 0 CHECK (chairs IN (0, 1)),
    position INTEGER NOT NULL,
    PRIMARY KEY (entry_id, user_id)
) STRICT;
CREATE INDEX schedule_leader_user ON schedule_leader(user_id);
CREATE UNIQUE INDEX schedule_one_chair ON schedule_leader(entry_id) WHERE chairs = 1;

CREATE TABLE schedule_agency (
    entry_id  INTEGER NOT NULL REFERENCES schedule_entry(id),
    agency_id INTEGER NOT NULL REFERENCES agency(id),
    position  INTEGER NOT NULL,
    PRIMARY KEY (entry_id, agency_id)
) STRICT;

-- A week published: revision 1 is the first publication, revision n the (n-1)th
-- adjustment ("Điều chỉnh lần n-1"). Never changed once written.
CREATE TABLE schedule_publication (
    id           INTEGER PRIMARY KEY,
    week_start   TEXT NOT NULL,                -- the Monday
    revision     INTEGER NOT NULL CHECK (revision >= 1),
    published_at TEXT NOT NULL,
    published_by INTEGER NOT NULL REFERENCES user(id),
    UNIQUE (week_start, revision)
) STRICT;

-- Each line of a publication as people read it (`line`, JSON), keyed by what it shows
-- ('entry:12', 'meeting:5'); how it differs from the revision before (`mark`); and its
-- calendar SEQUENCE, raised every time the line changes.
CREATE TABLE schedule_line (
    publication_id INTEGER NOT NULL REFERENCES schedule_publication(id),
    key            TEXT NOT NULL,
    position       INTEGER NOT NULL,
    mark           TEXT NOT NULL CHECK (mark IN ('same', 'new', 'changed', 'cancelled', 'moved')),
    sequence       INTEGER NOT NULL CHECK (sequence >= 0),
    starts_at      TEXT NOT NULL,
    line           TEXT NOT NULL,
    PRIMARY KEY (publication_id, key)
) STRICT;
CREATE INDEX schedule_line_key ON schedule_line(key, publication_id);

CREATE TRIGGER schedule_publication_kept BEFORE UPDATE ON schedule_publication
BEGIN SELECT RAISE(ABORT, 'a publication is never changed'); END;
CREATE TRIGGER schedule_publication_not_deleted BEFORE DELETE ON schedule_publication
BEGIN SELECT RAISE(ABORT, 'a publication is never deleted'); END;
CREATE TRIGGER schedule_line_kept BEFORE UPDATE ON schedule_line
BEGIN SELECT RAISE(ABORT, 'a published line is never changed'); END;
CREATE TRIGGER schedule_line_not_deleted BEFORE DELETE ON schedule_line
BEGIN SELECT RAISE(ABORT, 'a published line is never deleted'); END;
