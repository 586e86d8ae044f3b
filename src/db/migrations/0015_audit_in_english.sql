-- The line the system writes in the audit log, in English too, for the English
-- interface (empty for entries written before, which show the Vietnamese).
ALTER TABLE audit_entry ADD COLUMN summary_en TEXT NOT NULL DEFAULT '';
