-- Searches as a person types ("giải ph") read FTS5's prefix indexes instead of merging
-- every word that begins so, and the month a document arrived is carried in the index
-- (tokens like m202610), so that a date filter narrows the match inside FTS5 instead of
-- skipping newer matches row by row. The index is contentless, so it is refilled from the
-- documents by the program (incoming::rebuild_search) when it finds the marker below.
DROP TABLE incoming_search;
CREATE VIRTUAL TABLE incoming_search USING fts5(
    text, month, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0',
    prefix = '2 3'
);
CREATE TABLE search_rebuild (index_name TEXT PRIMARY KEY) STRICT;
INSERT INTO search_rebuild (index_name) VALUES ('incoming_search');
