-- A person's named filters of a list ("Công văn Sở Tài chính quá hạn"): the list's state
-- as its address carries it, kept for that person on every workstation. Their own
-- preference, not a record: not audited.
CREATE TABLE saved_filter (
    user_id INTEGER NOT NULL REFERENCES user(id),
    list TEXT NOT NULL,
    name TEXT NOT NULL,
    query TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    PRIMARY KEY (user_id, list, name)
) STRICT;
