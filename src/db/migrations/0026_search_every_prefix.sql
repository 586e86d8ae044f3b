-- Searches as a person types, at every letter: the last word is always a prefix, and
-- FTS5 reads a prefix from its own index only for the lengths listed here; any other
-- length merges every posting of every word it begins ("phong" alone is in four
-- documents of ten). Folded Vietnamese syllables are at most seven letters, so one to six
-- cover every syllable being typed (seven letters is a whole syllable). Beside the month
-- a document arrived, the incoming index carries its lead department (`tags`: m202610
-- k12), so that a search within a department narrows inside the index. Both indexes are
-- contentless and refilled by the program (`reindex`), newest documents first
-- and in small steps while the Office works: `search_rebuild.below` is the id under
-- which documents are still to be indexed (NULL: none done yet).
DROP TABLE incoming_search;
CREATE VIRTUAL TABLE incoming_search USING fts5(
    text, tags, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0',
    prefix = '1 2 3 4 5 6'
);
DROP TABLE outgoing_search;
CREATE VIRTUAL TABLE outgoing_search USING fts5(
    text, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0',
    prefix = '1 2 3 4 5 6'
);
ALTER TABLE search_rebuild ADD COLUMN below INTEGER;
INSERT OR IGNORE INTO search_rebuild (index_name) VALUES ('incoming_search'), ('outgoing_search');

-- Lists are newest first since 0012 (today's urgent documents on top, a few rows read on
-- their own): the open lists read their index in that order instead of sorting every
-- open document.
DROP INDEX incoming_open_list;
DROP INDEX incoming_lead_open;
DROP INDEX incoming_handler_open;
CREATE INDEX incoming_open_list ON incoming_document(is_open, received_at DESC, id DESC, secrecy, urgency_rank);
CREATE INDEX incoming_lead_open ON incoming_document(lead_department_id, is_open, received_at DESC, id DESC, secrecy, urgency_rank);
CREATE INDEX incoming_handler_open ON incoming_document(handler_id, is_open, received_at DESC, id DESC, secrecy, urgency_rank);
