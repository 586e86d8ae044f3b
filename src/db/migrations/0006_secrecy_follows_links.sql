-- Secrecy follows every link (DOMAIN.md §3): a direction carries the secrecy of the
-- document it came from, an alert that of its object, and every audit entry that of the
-- object it is about, so that each can be read only by those cleared for it.

ALTER TABLE direction ADD COLUMN secrecy TEXT NOT NULL DEFAULT 'none'
    CHECK (secrecy IN ('none', 'mat', 'toi_mat', 'tuyet_mat'));
UPDATE direction SET secrecy = coalesce(
    (SELECT i.secrecy FROM incoming_document i WHERE i.id = direction.incoming_id),
    (SELECT o.secrecy FROM outgoing_document o WHERE o.id = direction.outgoing_id),
    'none');
CREATE INDEX direction_secret ON direction(secrecy) WHERE secrecy <> 'none';

ALTER TABLE alert ADD COLUMN secrecy TEXT NOT NULL DEFAULT 'none'
    CHECK (secrecy IN ('none', 'mat', 'toi_mat', 'tuyet_mat'));
UPDATE alert SET secrecy = coalesce(CASE object_type
    WHEN 'direction' THEN (SELECT secrecy FROM direction WHERE id = alert.object_id)
    WHEN 'incoming' THEN (SELECT secrecy FROM incoming_document WHERE id = alert.object_id)
    WHEN 'outgoing' THEN (SELECT secrecy FROM outgoing_document WHERE id = alert.object_id) END, 'none');

ALTER TABLE audit_entry ADD COLUMN secrecy TEXT NOT NULL DEFAULT 'none'
    CHECK (secrecy IN ('none', 'mat', 'toi_mat', 'tuyet_mat'));
-- The log is append-only; this one backfill of the new column lifts the guard inside
-- the migration's transaction and puts it back before it commits.
DROP TRIGGER audit_entry_no_update;
UPDATE audit_entry SET secrecy = coalesce(CASE object_type
    WHEN 'incoming_document' THEN (SELECT secrecy FROM incoming_document WHERE id = audit_entry.object_id)
    WHEN 'outgoing_document' THEN (SELECT secrecy FROM outgoing_document WHERE id = audit_entry.object_id)
    WHEN 'direction' THEN (SELECT secrecy FROM direction WHERE id = audit_entry.object_id)
    WHEN 'alert' THEN (SELECT secrecy FROM alert WHERE id = audit_entry.object_id) END, 'none');
CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
