-- The outgoing register asks, for each of its lines, whether a correcting công văn has
-- been issued for it (`corrects_id`): without an index that is a scan of every outgoing
-- document per line.
CREATE INDEX outgoing_corrects ON outgoing_document(corrects_id) WHERE corrects_id IS NOT NULL;
