-- The Committee's work programme (chương trình công tác, DOMAIN.md §6): the year's items
-- that agencies must submit, month by month, with their status; the monthly programme's
-- publications; and each return of a submission for rework (counted in the quarterly
-- evaluation of advisory quality).

CREATE TABLE programme_item (
    id                   INTEGER PRIMARY KEY,
    year                 INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    -- The month it is due in; a postponed item moves to a later month.
    month                INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    planned_month        INTEGER NOT NULL CHECK (planned_month BETWEEN 1 AND 12),
    kind                 TEXT NOT NULL CHECK (kind IN ('scheme', 'report', 'decision', 'resolution', 'other')),
    title                TEXT NOT NULL,
    agency_id            INTEGER NOT NULL REFERENCES agency(id),
    leader_id            INTEGER REFERENCES user(id),
    office_department_id INTEGER REFERENCES department(id),
    status               TEXT NOT NULL DEFAULT 'not_started'
                             CHECK (status IN ('not_started', 'submitted', 'on_agenda', 'passed', 'postponed')),
    status_reason        TEXT NOT NULL DEFAULT '',
    submitted_on         TEXT,
    meeting_id           INTEGER REFERENCES meeting(id),
    created_by           INTEGER REFERENCES user(id),
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL
) STRICT;
CREATE INDEX programme_item_month ON programme_item(year, month);
CREATE INDEX programme_item_agency ON programme_item(agency_id, year);

CREATE TABLE programme_return (
    id          INTEGER PRIMARY KEY,
    item_id     INTEGER NOT NULL REFERENCES programme_item(id),
    returned_on TEXT NOT NULL,
    reason      TEXT NOT NULL CHECK (reason <> ''),
    returned_by INTEGER NOT NULL REFERENCES user(id)
) STRICT;
CREATE INDEX programme_return_item ON programme_return(item_id);

-- A month's programme as published (revision 1, then each adjustment), its lines kept.
CREATE TABLE programme_publication (
    id           INTEGER PRIMARY KEY,
    year         INTEGER NOT NULL,
    month        INTEGER NOT NULL,
    revision     INTEGER NOT NULL CHECK (revision >= 1),
    published_at TEXT NOT NULL,
    published_by INTEGER NOT NULL REFERENCES user(id),
    lines        TEXT NOT NULL,
    UNIQUE (year, month, revision)
) STRICT;

CREATE TRIGGER programme_publication_kept BEFORE UPDATE ON programme_publication
BEGIN SELECT RAISE(ABORT, 'a publication is never changed'); END;
CREATE TRIGGER programme_publication_not_deleted BEFORE DELETE ON programme_publication
BEGIN SELECT RAISE(ABORT, 'a publication is never deleted'); END;
CREATE TRIGGER programme_return_kept BEFORE UPDATE ON programme_return
BEGIN SELECT RAISE(ABORT, 'a return is never changed'); END;
CREATE TRIGGER programme_return_not_deleted BEFORE DELETE ON programme_return
BEGIN SELECT RAISE(ABORT, 'a return is never deleted'); END;
