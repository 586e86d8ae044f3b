-- Directions and meetings searched as incoming and outgoing documents are (0026): a
-- contentless FTS5 index each, keyed by the row's id, holding the row's folded
-- `search_text` (folded by the program, `fold`), with prefixes of one to six letters for
-- the word being typed. Every typed word is a whole word, the last a prefix; before, each
-- was a substring of `search_text`, read row by row.
--
-- The program keeps `search_text` and the index together from now on
-- (`directions::write_cooperators`, `meetings::refresh_search`). What is already there is
-- indexed here, from the `search_text` the program wrote, in the upgrade's own
-- transaction: an Office's directions and meetings are tens of thousands of short rows
-- (20,000 directions of thirty words each are indexed in about 0.2 s on a 2-core
-- machine), so the first search after the upgrade finds them all.
-- A direction's code is found as the list shows it ("NV 05/2026") as well as without its
-- zero ("5/2026"): the text held only "nv 5 2026", and a typed "05" is now a whole word.
UPDATE direction SET search_text = printf('nv %02d ', number) || substr(search_text, 4)
WHERE search_text LIKE 'nv %';
CREATE VIRTUAL TABLE direction_search USING fts5(
    text, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0',
    prefix = '1 2 3 4 5 6'
);
INSERT INTO direction_search (rowid, text) SELECT id, search_text FROM direction ORDER BY id;
CREATE VIRTUAL TABLE meeting_search USING fts5(
    text, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0',
    prefix = '1 2 3 4 5 6'
);
INSERT INTO meeting_search (rowid, text) SELECT id, search_text FROM meeting ORDER BY id;
