-- Working and inspection delegations (đoàn công tác) organised through the Office, so
-- that no two delegations burden the same commune within a few working days
-- (DOMAIN.md §6): the delegation, the agencies that take part, the communes visited, and
-- the Office's resolution of an overlap between two of them.

CREATE TABLE delegation (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('inspection', 'working', 'survey')),
    purpose         TEXT NOT NULL,
    -- A leader whose schedule shows it, or a leader named in words (an agency's director).
    leader_user_id  INTEGER REFERENCES user(id),
    leader_name     TEXT NOT NULL DEFAULT '',
    lead_agency_id  INTEGER REFERENCES agency(id),
    members         TEXT NOT NULL DEFAULT '',
    sectors         TEXT NOT NULL DEFAULT '',
    starts_on       TEXT NOT NULL,
    ends_on         TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'approved', 'cancelled')),
    cancel_reason   TEXT NOT NULL DEFAULT '',
    approved_by     INTEGER REFERENCES user(id),
    approved_at     TEXT,
    created_by      INTEGER REFERENCES user(id),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    CHECK (ends_on >= starts_on),
    CHECK (leader_user_id IS NOT NULL OR leader_name <> '')
) STRICT;
CREATE INDEX delegation_dates ON delegation(starts_on, ends_on);

CREATE TABLE delegation_agency (
    delegation_id INTEGER NOT NULL REFERENCES delegation(id),
    agency_id     INTEGER NOT NULL REFERENCES agency(id),
    PRIMARY KEY (delegation_id, agency_id)
) STRICT;

-- The communes visited.
CREATE TABLE delegation_commune (
    delegation_id INTEGER NOT NULL REFERENCES delegation(id),
    commune_id    INTEGER NOT NULL REFERENCES agency(id),
    PRIMARY KEY (delegation_id, commune_id)
) STRICT;
CREATE INDEX delegation_commune_by_commune ON delegation_commune(commune_id, delegation_id);

-- The Office's decision on two delegations visiting one commune close together (kept
-- apart on purpose, merged, or one moved): `first_id` < `second_id`. Dropped when either
-- delegation changes, so the Office looks again.
CREATE TABLE delegation_resolution (
    first_id    INTEGER NOT NULL REFERENCES delegation(id),
    second_id   INTEGER NOT NULL REFERENCES delegation(id),
    commune_id  INTEGER NOT NULL REFERENCES agency(id),
    reason      TEXT NOT NULL CHECK (reason <> ''),
    resolved_by INTEGER NOT NULL REFERENCES user(id),
    resolved_at TEXT NOT NULL,
    PRIMARY KEY (first_id, second_id, commune_id),
    CHECK (first_id < second_id)
) STRICT;
