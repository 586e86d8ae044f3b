-- Files uploaded outside JSON (streamed to the content-addressed store by the office
-- server's upload endpoint or the desktop shell), waiting for the command that attaches
-- them. An upload is usable by the person who sent it only, once.
CREATE TABLE upload (
    id TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    file_name TEXT NOT NULL,
    uploaded_by INTEGER NOT NULL REFERENCES user(id),
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX upload_created ON upload(created_at);
