-- A meeting document carries its secrecy: a file uploaded into a meeting takes the
-- meeting's level when it is added, a linked document its own. A meeting's secrecy may
-- not be lowered below that of a document it holds.
ALTER TABLE agenda_document ADD COLUMN secrecy TEXT NOT NULL DEFAULT 'none'
    CHECK (secrecy IN ('none', 'mat', 'toi_mat', 'tuyet_mat'));
UPDATE agenda_document SET secrecy = coalesce(
    (SELECT secrecy FROM incoming_document WHERE id = agenda_document.incoming_id),
    (SELECT secrecy FROM outgoing_document WHERE id = agenda_document.outgoing_id),
    (SELECT m.secrecy FROM agenda_item i JOIN meeting m ON m.id = i.meeting_id WHERE i.id = agenda_document.item_id),
    'none');
