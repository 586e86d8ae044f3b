-- The national document interconnection axis (edXML). Every message that came in is
-- kept, as it came (its bytes in the file store, by hash), with what the clerk decided;
-- every message this Office writes waits in the outbox until the server hands it to the
-- gateway's folder.
CREATE TABLE exchange_message (
    id INTEGER PRIMARY KEY,
    received_at TEXT NOT NULL,
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    -- 'document', 'status', or 'unreadable'.
    kind TEXT NOT NULL,
    -- 'waiting' (for the clerk), 'registered', 'refused', 'unreadable', 'recorded' (a status).
    state TEXT NOT NULL,
    from_code TEXT NOT NULL DEFAULT '',
    from_name TEXT NOT NULL DEFAULT '',
    document_id TEXT NOT NULL DEFAULT '',
    -- 0 new, 1 recall, 2 update, 3 replace (the trace header's business type).
    business INTEGER NOT NULL DEFAULT 0,
    number_symbol TEXT NOT NULL DEFAULT '',
    subject TEXT NOT NULL DEFAULT '',
    -- For a status: its code ('01'…'16').
    status_code TEXT NOT NULL DEFAULT '',
    -- Why it could not be read, or why the clerk refused it.
    reason TEXT NOT NULL DEFAULT '',
    incoming_id INTEGER REFERENCES incoming_document (id),
    decided_by INTEGER REFERENCES user (id),
    decided_at TEXT
);
-- The same file twice (a gateway that delivers again) is one message.
CREATE UNIQUE INDEX exchange_message_file ON exchange_message (sha256);
CREATE INDEX exchange_message_state ON exchange_message (state, id);
CREATE INDEX exchange_message_document ON exchange_message (document_id);
CREATE INDEX exchange_message_incoming ON exchange_message (incoming_id) WHERE incoming_id IS NOT NULL;

CREATE TABLE exchange_outbox (
    id INTEGER PRIMARY KEY,
    created_at TEXT NOT NULL,
    -- The message answered (a status about a document that came in).
    message_id INTEGER REFERENCES exchange_message (id),
    to_code TEXT NOT NULL,
    status_code TEXT NOT NULL DEFAULT '',
    content TEXT NOT NULL,
    -- When the server wrote it into the gateway's folder.
    written_at TEXT
);
CREATE INDEX exchange_outbox_unwritten ON exchange_outbox (id) WHERE written_at IS NULL;
CREATE INDEX exchange_outbox_message ON exchange_outbox (message_id, status_code);
