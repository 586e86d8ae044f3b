-- An entry removed before it was published is kept, marked removed, so that its id (and
-- the audit entries about it) is never given to another entry.
ALTER TABLE schedule_entry ADD COLUMN removed_at TEXT;
