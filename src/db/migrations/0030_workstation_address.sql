-- The workstations an account logs in from, as the administrator sees them: the address
-- each last logged in from (empty for the desktop app on local data).
ALTER TABLE login_device ADD COLUMN last_address TEXT NOT NULL DEFAULT '';
