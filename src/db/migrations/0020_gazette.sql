-- The province's official gazette (công báo, DOMAIN.md §6): issues numbered through the
-- year, and the issued documents each holds with the pages they take in it. An issue is
-- never changed or removed once made, and its number is never given again.

CREATE TABLE gazette_issue (
    id         INTEGER PRIMARY KEY,
    year       INTEGER NOT NULL,
    number     INTEGER NOT NULL CHECK (number >= 1),
    issued_on  TEXT NOT NULL,
    pages      INTEGER NOT NULL CHECK (pages >= 1),
    created_by INTEGER NOT NULL REFERENCES user(id),
    created_at TEXT NOT NULL,
    UNIQUE (year, number)
) STRICT;

CREATE TABLE gazette_item (
    issue_id    INTEGER NOT NULL REFERENCES gazette_issue(id),
    outgoing_id INTEGER NOT NULL UNIQUE REFERENCES outgoing_document(id),
    position    INTEGER NOT NULL,
    first_page  INTEGER NOT NULL,
    last_page   INTEGER NOT NULL,
    PRIMARY KEY (issue_id, outgoing_id),
    CHECK (last_page >= first_page)
) STRICT;

CREATE TRIGGER gazette_issue_kept BEFORE UPDATE ON gazette_issue
BEGIN SELECT RAISE(ABORT, 'a gazette issue is never changed'); END;
CREATE TRIGGER gazette_issue_not_deleted BEFORE DELETE ON gazette_issue
BEGIN SELECT RAISE(ABORT, 'a gazette issue is never deleted'); END;
CREATE TRIGGER gazette_item_kept BEFORE UPDATE ON gazette_item
BEGIN SELECT RAISE(ABORT, 'a gazette issue is never changed'); END;
CREATE TRIGGER gazette_item_not_deleted BEFORE DELETE ON gazette_item
BEGIN SELECT RAISE(ABORT, 'a gazette issue is never changed'); END;
