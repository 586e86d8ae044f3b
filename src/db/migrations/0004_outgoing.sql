-- Outgoing documents (văn bản đi): drafts and their versions, approval paths, review
-- trail, numbering in outgoing registers, dispatch records, recall and correction.

-- Outgoing registers say which documents they number: the issuing body, the types they
-- cover ('' = every type without a register of its own, else comma-separated keys) and
-- whether they hold legal normative documents (whose symbol carries the year).
ALTER TABLE register ADD COLUMN issuer TEXT CHECK (issuer IN ('committee', 'office'));
ALTER TABLE register ADD COLUMN document_types TEXT NOT NULL DEFAULT '';
ALTER TABLE register ADD COLUMN legal_normative INTEGER NOT NULL DEFAULT 0 CHECK (legal_normative IN (0, 1));

INSERT INTO register (kind, code, name, secret, sort_order, issuer, document_types, legal_normative, created_at, updated_at) VALUES
    ('outgoing', 'QPPL', 'Sổ văn bản quy phạm pháp luật', 0, 10, 'committee', 'QĐ', 1, strftime('%Y-%m-%dT%H:%M:%fZ'), strftime('%Y-%m-%dT%H:%M:%fZ')),
    ('outgoing', 'QĐ', 'Sổ quyết định', 0, 20, 'committee', 'QĐ', 0, strftime('%Y-%m-%dT%H:%M:%fZ'), strftime('%Y-%m-%dT%H:%M:%fZ')),
    ('outgoing', 'CV', 'Sổ công văn', 0, 30, 'committee', 'CV,CĐ', 0, strftime('%Y-%m-%dT%H:%M:%fZ'), strftime('%Y-%m-%dT%H:%M:%fZ')),
    ('outgoing', 'UB', 'Sổ văn bản hành chính khác của UBND', 0, 40, 'committee', '', 0, strftime('%Y-%m-%dT%H:%M:%fZ'), strftime('%Y-%m-%dT%H:%M:%fZ')),
    ('outgoing', 'MAT', 'Sổ văn bản đi mật của UBND', 1, 50, 'committee', '', 0, strftime('%Y-%m-%dT%H:%M:%fZ'), strftime('%Y-%m-%dT%H:%M:%fZ')),
    ('outgoing', 'VP', 'Sổ văn bản đi của Văn phòng', 0, 60, 'office', '', 0, strftime('%Y-%m-%dT%H:%M:%fZ'), strftime('%Y-%m-%dT%H:%M:%fZ')),
    ('outgoing', 'VPMAT', 'Sổ văn bản đi mật của Văn phòng', 1, 70, 'office', '', 0, strftime('%Y-%m-%dT%H:%M:%fZ'), strftime('%Y-%m-%dT%H:%M:%fZ'));

-- Who reviews, verifies and signs, per issuing body and type ('' = every type without a
-- path of its own). `steps` is a JSON array of roles in order; the last one signs.
-- `by_authorisation`: the signer signs "TUQ." (by written authorisation) for the
-- Committee instead of "TL.".
CREATE TABLE approval_path (
    id               INTEGER PRIMARY KEY,
    issuer           TEXT NOT NULL CHECK (issuer IN ('committee', 'office')),
    document_type    TEXT NOT NULL DEFAULT '',
    steps            TEXT NOT NULL,
    by_authorisation INTEGER NOT NULL DEFAULT 0 CHECK (by_authorisation IN (0, 1)),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    UNIQUE (issuer, document_type)
) STRICT;

INSERT INTO approval_path (issuer, document_type, steps, created_at, updated_at) VALUES
    ('committee', '', '["department_head","deputy_chief","chief_of_office","vice_chairman"]', strftime('%Y-%m-%dT%H:%M:%fZ'), strftime('%Y-%m-%dT%H:%M:%fZ')),
    ('committee', 'TB', '["department_head","deputy_chief","chief_of_office"]', strftime('%Y-%m-%dT%H:%M:%fZ'), strftime('%Y-%m-%dT%H:%M:%fZ')),
    ('committee', 'GM', '["department_head","deputy_chief","chief_of_office"]', strftime('%Y-%m-%dT%H:%M:%fZ'), strftime('%Y-%m-%dT%H:%M:%fZ')),
    ('office', '', '["department_head","deputy_chief","chief_of_office"]', strftime('%Y-%m-%dT%H:%M:%fZ'), strftime('%Y-%m-%dT%H:%M:%fZ'));

CREATE TABLE outgoing_document (
    id                   INTEGER PRIMARY KEY,
    status               TEXT NOT NULL CHECK (status IN ('draft', 'in_review', 'returned', 'signed',
                             'issued', 'recalled', 'cancelled')),
    issuer               TEXT NOT NULL CHECK (issuer IN ('committee', 'office')),
    document_type        TEXT NOT NULL,
    legal_normative      INTEGER NOT NULL CHECK (legal_normative IN (0, 1)),
    summary              TEXT NOT NULL,
    urgency              TEXT NOT NULL CHECK (urgency IN ('normal', 'khan', 'thuong_khan', 'hoa_toc')),
    urgency_rank         INTEGER NOT NULL,
    secrecy              TEXT NOT NULL CHECK (secrecy IN ('none', 'mat', 'toi_mat', 'tuyet_mat')),
    drafter_id           INTEGER NOT NULL REFERENCES user(id),
    department_id        INTEGER NOT NULL REFERENCES department(id),   -- drafting unit
    version              INTEGER NOT NULL,                             -- current version number
    -- Review: the path taken (JSON roles, fixed at submission), the step reached, and the
    -- person it waits for.
    path_steps           TEXT NOT NULL DEFAULT '[]',
    by_authorisation     INTEGER NOT NULL DEFAULT 0 CHECK (by_authorisation IN (0, 1)),
    step_index           INTEGER,
    holder_id            INTEGER REFERENCES user(id),
    submitted_at         TEXT,
    -- Signature (the last step of the path).
    signer_id            INTEGER REFERENCES user(id),
    signed_at            TEXT,
    -- Links.
    reply_to_incoming_id INTEGER REFERENCES incoming_document(id),
    corrects_id          INTEGER REFERENCES outgoing_document(id),
    -- Issue (clerk).
    register_id          INTEGER REFERENCES register(id),
    year                 INTEGER,
    number               INTEGER,
    number_symbol        TEXT,
    symbol_key           TEXT,
    issue_date           TEXT,                                         -- YYYY-MM-DD, Vietnam
    issued_by            INTEGER REFERENCES user(id),
    issued_at            TEXT,
    electronic           INTEGER NOT NULL DEFAULT 1 CHECK (electronic IN (0, 1)),
    copies               INTEGER,
    page_count           INTEGER,
    recalled_at          TEXT,
    recall_reason        TEXT,
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL,
    UNIQUE (register_id, year, number),
    CHECK ((status IN ('issued', 'recalled')) = (number IS NOT NULL))
) STRICT;
-- Number and symbol are unique in a year within the ordinary documents and within the
-- secret ones (which Decree 30 numbers in a series of their own).
CREATE UNIQUE INDEX outgoing_number_symbol ON outgoing_document(year, number_symbol, secrecy = 'none') WHERE number_symbol IS NOT NULL;
CREATE INDEX outgoing_list ON outgoing_document(urgency_rank DESC, updated_at DESC, id DESC);
CREATE INDEX outgoing_status ON outgoing_document(status, urgency_rank DESC, updated_at DESC);
CREATE INDEX outgoing_holder ON outgoing_document(holder_id, status);
CREATE INDEX outgoing_drafter ON outgoing_document(drafter_id, status);
CREATE INDEX outgoing_issue_date ON outgoing_document(issue_date) WHERE issue_date IS NOT NULL;
CREATE INDEX outgoing_symbol ON outgoing_document(symbol_key) WHERE symbol_key IS NOT NULL;
CREATE INDEX outgoing_reply ON outgoing_document(reply_to_incoming_id) WHERE reply_to_incoming_id IS NOT NULL;

-- Every saved change is a version: the whole content as JSON, never edited afterwards.
CREATE TABLE outgoing_version (
    document_id INTEGER NOT NULL REFERENCES outgoing_document(id),
    version     INTEGER NOT NULL,
    content     TEXT NOT NULL,
    author_id   INTEGER REFERENCES user(id),
    author_name TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (document_id, version)
) STRICT;
CREATE TRIGGER outgoing_version_immutable BEFORE UPDATE ON outgoing_version
BEGIN SELECT RAISE(ABORT, 'versions are never changed'); END;
CREATE TRIGGER outgoing_version_kept BEFORE DELETE ON outgoing_version
BEGIN SELECT RAISE(ABORT, 'versions are never deleted'); END;

-- The timeline: created, edited, submitted, approved, returned, signed, issued,
-- dispatched, recalled, corrected, cancelled — with the comment given.
CREATE TABLE outgoing_step (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES outgoing_document(id),
    at          TEXT NOT NULL,
    actor_id    INTEGER REFERENCES user(id),
    actor_name  TEXT NOT NULL,
    kind        TEXT NOT NULL,
    comment     TEXT NOT NULL DEFAULT '',
    version     INTEGER,
    to_user_id  INTEGER REFERENCES user(id)
) STRICT;
CREATE INDEX outgoing_step_document ON outgoing_step(document_id, id);
CREATE INDEX outgoing_step_actor ON outgoing_step(actor_id, document_id);

CREATE TABLE outgoing_dispatch (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES outgoing_document(id),
    recipient   TEXT NOT NULL,
    agency_id   INTEGER REFERENCES agency(id),
    method      TEXT NOT NULL CHECK (method IN ('electronic', 'post', 'hand')),
    sent_at     TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    recorded_by INTEGER REFERENCES user(id),
    recorded_at TEXT NOT NULL
) STRICT;
CREATE INDEX outgoing_dispatch_document ON outgoing_dispatch(document_id);

-- Full-text index of summary, number and symbol, type, recipients and body, folded by
-- the core; rowid = outgoing_document.id.
CREATE VIRTUAL TABLE outgoing_search USING fts5(
    text, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0'
);

-- The incoming document a reply answers now points to a real outgoing document.
CREATE INDEX incoming_reply_outgoing ON incoming_document(reply_outgoing_id) WHERE reply_outgoing_id IS NOT NULL;
