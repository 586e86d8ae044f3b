-- What the Office publishes names its entries by opaque identifiers (the calendar feeds'
-- UIDs), never by the database's ids, whose gaps would count what is not published
-- (secret engagements among them). They are keyed digests of the ids under this random
-- value, made once per installation and never shown.
INSERT OR IGNORE INTO setting (key, value) VALUES ('public_id_salt', lower(hex(randomblob(32))));
