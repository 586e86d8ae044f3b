-- Incoming documents (văn bản đến): registers, documents, their attachments, timeline,
-- directions and assignments, routing rules, and the full-text index.

-- A register (sổ) numbers documents in its own yearly series. Secret documents go only
-- to a secret register.
CREATE TABLE register (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('incoming', 'outgoing')),
    code        TEXT NOT NULL COLLATE NOCASE,
    name        TEXT NOT NULL,
    secret      INTEGER NOT NULL DEFAULT 0 CHECK (secret IN (0, 1)),
    sort_order  INTEGER NOT NULL DEFAULT 0,
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    UNIQUE (kind, code)
) STRICT;

INSERT INTO register (kind, code, name, secret, sort_order, created_at, updated_at) VALUES
    ('incoming', 'DEN', 'Sổ đăng ký văn bản đến', 0, 10, strftime('%Y-%m-%dT%H:%M:%fZ'), strftime('%Y-%m-%dT%H:%M:%fZ')),
    ('incoming', 'MAT', 'Sổ đăng ký văn bản đến mật', 1, 20, strftime('%Y-%m-%dT%H:%M:%fZ'), strftime('%Y-%m-%dT%H:%M:%fZ'));

-- The last number given in each register and year; bumped in the same transaction as
-- the document that takes the number, so numbers have no gaps and no duplicates.
CREATE TABLE register_counter (
    register_id INTEGER NOT NULL REFERENCES register(id),
    year        INTEGER NOT NULL,
    last_number INTEGER NOT NULL,
    PRIMARY KEY (register_id, year)
) STRICT;

CREATE TABLE incoming_document (
    id                  INTEGER PRIMARY KEY,
    register_id         INTEGER NOT NULL REFERENCES register(id),
    year                INTEGER NOT NULL,
    number              INTEGER NOT NULL,               -- số đến
    received_at         TEXT NOT NULL,
    agency_id           INTEGER REFERENCES agency(id),
    agency_name         TEXT NOT NULL,                  -- as printed on the document
    number_symbol       TEXT NOT NULL,                  -- "123/QĐ-UBND" as printed
    symbol_key          TEXT NOT NULL,                  -- folded, for the duplicate check
    document_date       TEXT,                           -- YYYY-MM-DD
    document_type       TEXT NOT NULL,                  -- Decree 30 code: QĐ, CV, TB …
    summary             TEXT NOT NULL,                  -- trích yếu
    urgency             TEXT NOT NULL CHECK (urgency IN ('normal', 'khan', 'thuong_khan', 'hoa_toc')),
    urgency_rank        INTEGER NOT NULL,               -- 0 normal … 3 hỏa tốc: urgent first everywhere
    secrecy             TEXT NOT NULL CHECK (secrecy IN ('none', 'mat', 'toi_mat', 'tuyet_mat')),
    page_count          INTEGER,
    reply_deadline      TEXT,                           -- stated on the document, YYYY-MM-DD
    signer              TEXT NOT NULL DEFAULT '',
    electronic          INTEGER NOT NULL CHECK (electronic IN (0, 1)),
    status              TEXT NOT NULL CHECK (status IN ('registered', 'presented', 'directed',
                            'assigned', 'returned', 'closed')),
    routing_rule_id     INTEGER REFERENCES routing_rule(id),
    lead_department_id  INTEGER REFERENCES department(id),
    supervisor_id       INTEGER REFERENCES user(id),    -- deputy chief proposed by routing
    presented_to_id     INTEGER REFERENCES user(id),    -- the leader it waits for
    handler_id          INTEGER REFERENCES user(id),    -- lead specialist
    deadline            TEXT,                           -- handling deadline from the direction
    closed_at           TEXT,
    closure             TEXT CHECK (closure IN ('replied', 'for_information')),
    reply_outgoing_id   INTEGER,                        -- the outgoing reply (outgoing flow)
    reply_number_symbol TEXT,
    registered_by       INTEGER NOT NULL REFERENCES user(id),
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    UNIQUE (register_id, year, number)
) STRICT;
CREATE INDEX incoming_list ON incoming_document(urgency_rank DESC, received_at DESC);
CREATE INDEX incoming_status_list ON incoming_document(status, urgency_rank DESC, received_at DESC);
CREATE INDEX incoming_duplicate ON incoming_document(symbol_key, year);
CREATE INDEX incoming_presented ON incoming_document(presented_to_id, status);
CREATE INDEX incoming_lead ON incoming_document(lead_department_id, status);
CREATE INDEX incoming_handler ON incoming_document(handler_id, status);
CREATE INDEX incoming_open_deadline ON incoming_document(deadline) WHERE status <> 'closed';

CREATE TABLE incoming_attachment (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES incoming_document(id),
    sha256      TEXT NOT NULL REFERENCES attachment_blob(sha256),
    file_name   TEXT NOT NULL,
    media_type  TEXT NOT NULL,
    size        INTEGER NOT NULL,
    added_by    INTEGER NOT NULL REFERENCES user(id),
    added_at    TEXT NOT NULL
) STRICT;
CREATE INDEX incoming_attachment_document ON incoming_attachment(document_id);

-- The document's trail: every step, who, when, and the words of a direction.
CREATE TABLE incoming_step (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES incoming_document(id),
    at          TEXT NOT NULL,
    actor_id    INTEGER REFERENCES user(id),
    actor_name  TEXT NOT NULL,
    kind        TEXT NOT NULL,      -- registered, presented, directed, assigned, returned, progress, closed
    text        TEXT NOT NULL DEFAULT '',
    details     TEXT NOT NULL DEFAULT '{}'
) STRICT;
CREATE INDEX incoming_step_document ON incoming_step(document_id, id);

-- Co-operating departments named in a direction.
CREATE TABLE incoming_cooperation (
    document_id   INTEGER NOT NULL REFERENCES incoming_document(id),
    department_id INTEGER NOT NULL REFERENCES department(id),
    PRIMARY KEY (document_id, department_id)
) STRICT;

-- Specialists working on a document besides the lead handler.
CREATE TABLE incoming_assignee (
    document_id INTEGER NOT NULL REFERENCES incoming_document(id),
    user_id     INTEGER NOT NULL REFERENCES user(id),
    PRIMARY KEY (document_id, user_id)
) STRICT;
CREATE INDEX incoming_assignee_user ON incoming_assignee(user_id);

-- Routing (phân luồng): ordered rules, first match wins.
CREATE TABLE routing_rule (
    id                 INTEGER PRIMARY KEY,
    position           INTEGER NOT NULL,
    name               TEXT NOT NULL,
    sender_group       TEXT CHECK (sender_group IN ('government', 'ministry',
                           'provincial_department', 'commune', 'other')),
    sender_agency_id   INTEGER REFERENCES agency(id),
    document_type      TEXT,
    keywords           TEXT NOT NULL DEFAULT '',   -- folded words, any of which must appear
    lead_department_id INTEGER NOT NULL REFERENCES department(id),
    supervisor_id      INTEGER REFERENCES user(id),
    -- For documents a commune should have sent elsewhere: the competent agency, named in
    -- a warning to the clerk.
    competent_agency_id INTEGER REFERENCES agency(id),
    active             INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
) STRICT;

-- Which department follows which communes (territory), for documents from communes.
CREATE TABLE department_commune (
    agency_id     INTEGER PRIMARY KEY REFERENCES agency(id),
    department_id INTEGER NOT NULL REFERENCES department(id)
) STRICT;

-- Full-text index of summary, number and symbol, sender and attachment names, folded
-- (no diacritics, đ → d) by the core; rowid = incoming_document.id.
CREATE VIRTUAL TABLE incoming_search USING fts5(
    text, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0'
);
