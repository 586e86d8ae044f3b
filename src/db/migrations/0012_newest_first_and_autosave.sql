-- The incoming list is newest first (today's urgent documents on top, read apart): the
-- rest is read in received order from this index, not sorted.
CREATE INDEX incoming_received ON incoming_document(received_at DESC, id DESC, secrecy);

-- What a person is writing and has not saved yet (a draft công văn, a registration form),
-- kept by the form as they type so that a closed window or a crash loses nothing. It is
-- that person's scratch: no one else reads it, it is not a version of any document and
-- not audited; saving the form for real removes it. `secrecy` is the level chosen in the
-- form: the text is given back only while the person is cleared for it.
CREATE TABLE autosave (
    user_id INTEGER NOT NULL REFERENCES user(id),
    form TEXT NOT NULL,
    content TEXT NOT NULL,
    secrecy TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    PRIMARY KEY (user_id, form)
) STRICT;
