-- A registered incoming document can be cancelled (Decree 30 registers have no gaps: the
-- number stays, marked "đã hủy") or corrected (the trail keeps the old values).
ALTER TABLE incoming_document ADD COLUMN cancelled_at TEXT;
ALTER TABLE incoming_document ADD COLUMN cancel_reason TEXT;
