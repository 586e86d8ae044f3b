-- What this Office sent over the axis: the outbox carries documents as well as statuses,
-- and each recipient's delivery is followed by the statuses it sends back.
ALTER TABLE exchange_outbox ADD COLUMN kind TEXT NOT NULL DEFAULT 'status';

CREATE TABLE exchange_sent (
    id INTEGER PRIMARY KEY,
    outgoing_id INTEGER NOT NULL REFERENCES outgoing_document (id),
    agency_id INTEGER REFERENCES agency (id),
    to_code TEXT NOT NULL,
    to_name TEXT NOT NULL,
    document_id TEXT NOT NULL,
    sent_at TEXT NOT NULL,
    -- The last status the recipient reported ('' until one comes), and when.
    status_code TEXT NOT NULL DEFAULT '',
    status_at TEXT,
    status_note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX exchange_sent_outgoing ON exchange_sent (outgoing_id);
CREATE INDEX exchange_sent_document ON exchange_sent (document_id, to_code);
