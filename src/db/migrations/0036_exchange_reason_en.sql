-- Why a message could not be read, in English too: the reason the app writes itself is
-- said in both languages (a clerk's reason for refusing is kept as typed, in `reason`).
ALTER TABLE exchange_message ADD COLUMN reason_en TEXT NOT NULL DEFAULT '';
