-- A clerk's "việc cần làm" holds the issued documents not yet dispatched. Asked as
-- "issued AND NOT EXISTS (a dispatch)", it read every issued document of the Office's
-- years to find the few still waiting, at every count of every clerk's sidebar. A
-- document now says whether it has been dispatched; the dispatch table's trigger keeps it
-- (dispatches are only ever added), and the documents waiting are read from an index.
ALTER TABLE outgoing_document ADD COLUMN dispatched INTEGER NOT NULL DEFAULT 0;
UPDATE outgoing_document SET dispatched = 1 WHERE id IN (SELECT document_id FROM outgoing_dispatch);
CREATE TRIGGER outgoing_dispatched AFTER INSERT ON outgoing_dispatch
BEGIN
    UPDATE outgoing_document SET dispatched = 1 WHERE id = NEW.document_id AND dispatched = 0;
END;
CREATE INDEX outgoing_undispatched ON outgoing_document(status, dispatched) WHERE dispatched = 0;
