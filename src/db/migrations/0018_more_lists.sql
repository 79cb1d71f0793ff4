-- 0018: more official lists (BIS Denied Persons, OFAC non-SDN, UN Security Council, EU, UK) and
-- the formats they are read in. Both checks are table constraints, so designations and
-- list_snapshots are rebuilt with their rows and indexes; foreign keys are off while migrating
-- (migrate.rs), so rows referring to them stay as they are, and are checked before the commit.
CREATE TABLE designations_new (
    id          TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
    company_id  TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    list        TEXT NOT NULL CHECK (list IN ('bis_entity_list', 'bis_meu', 'ofac_sdn', 'dod_1260h',
                        'fcc_covered', 'ndaa_889', 'uflpa', 'bis_dpl', 'ofac_non_sdn', 'un_sc', 'eu_fsf',
                        'uk_sanctions', 'other')),
    listed_name TEXT,
    status      TEXT NOT NULL CHECK (status IN ('listed', 'not_listed', 'delisted', 'under_review')),
    since       TEXT CHECK (since IS NULL OR length(since) IN (4, 7, 10)),
    until       TEXT CHECK (until IS NULL OR length(until) IN (4, 7, 10)),
    as_of       TEXT CHECK (as_of IS NULL OR length(as_of) IN (4, 7, 10)),
    citation    TEXT,
    source_id   TEXT REFERENCES sources(id) ON DELETE RESTRICT,
    note        TEXT,
    updated_at  TEXT NOT NULL,
    -- Compared at the coarser of the two precisions: since 2025-06, until 2025 is fine.
    CHECK (until IS NULL OR since IS NULL OR
           substr(until, 1, min(length(until), length(since))) >= substr(since, 1, min(length(until), length(since)))),
    CHECK (status <> 'not_listed' OR as_of IS NOT NULL)
) STRICT;
INSERT INTO designations_new SELECT * FROM designations;
DROP TABLE designations;
ALTER TABLE designations_new RENAME TO designations;
CREATE INDEX designations_company ON designations(company_id);

CREATE TABLE list_snapshots_new (
    id          TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
    list        TEXT NOT NULL CHECK (length(trim(list)) > 0),
    title       TEXT NOT NULL,
    publisher   TEXT NOT NULL,
    url         TEXT,
    format      TEXT NOT NULL CHECK (format IN ('ofac', 'dod_1260h', 'fcc_covered', 'ndaa_889', 'bis_meu',
                                                'opensanctions_csv', 'opensanctions_ftm', 'csl',
                                                'ofac_consolidated', 'un_xml', 'bis_dpl', 'eu_fsf_xml',
                                                'uk_sanctions_xml')),
    as_of       TEXT NOT NULL CHECK (length(as_of) = 10),
    file_hash   TEXT NOT NULL CHECK (length(file_hash) = 64),
    files       TEXT NOT NULL CHECK (json_valid(files)),
    entry_count INTEGER NOT NULL CHECK (entry_count >= 0),
    imported_at TEXT NOT NULL,
    previous_id TEXT REFERENCES list_snapshots(id),
    added       INTEGER NOT NULL DEFAULT 0,
    removed     INTEGER NOT NULL DEFAULT 0,
    -- NULL while the snapshot is the list's current one.
    replaced_at TEXT
) STRICT;
INSERT INTO list_snapshots_new SELECT * FROM list_snapshots;
DROP TABLE list_snapshots;
ALTER TABLE list_snapshots_new RENAME TO list_snapshots;
CREATE UNIQUE INDEX list_snapshots_current ON list_snapshots(list) WHERE replaced_at IS NULL;
