-- 0005: official-list snapshots, their entries, what changed between snapshots, and the
-- screening of companies against them (hits kept for review).

CREATE TABLE list_snapshots (
    id          TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
    list        TEXT NOT NULL CHECK (length(trim(list)) > 0),
    title       TEXT NOT NULL,
    publisher   TEXT NOT NULL,
    url         TEXT,
    format      TEXT NOT NULL CHECK (format IN ('ofac', 'dod_1260h', 'fcc_covered', 'ndaa_889', 'bis_meu',
                                                'opensanctions_csv', 'opensanctions_ftm', 'csl')),
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
CREATE UNIQUE INDEX list_snapshots_current ON list_snapshots(list) WHERE replaced_at IS NULL;

-- Entries of current snapshots only: a replaced snapshot's entries are deleted with it.
CREATE TABLE list_entries (
    snapshot_id TEXT NOT NULL REFERENCES list_snapshots(id) ON DELETE CASCADE,
    key         TEXT NOT NULL,
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    -- The whole entry as JSON (aliases, programs, countries, addresses, dates, citation).
    entry       TEXT NOT NULL CHECK (json_valid(entry)),
    PRIMARY KEY (snapshot_id, key)
) STRICT;

CREATE TABLE list_changes (
    snapshot_id TEXT NOT NULL REFERENCES list_snapshots(id) ON DELETE CASCADE,
    added       INTEGER NOT NULL CHECK (added IN (0, 1)),
    key         TEXT NOT NULL,
    name        TEXT NOT NULL,
    PRIMARY KEY (snapshot_id, key)
) STRICT;

CREATE TABLE screening_hits (
    id             TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
    company_id     TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    snapshot_id    TEXT NOT NULL REFERENCES list_snapshots(id) ON DELETE CASCADE,
    entry_key      TEXT NOT NULL,
    score          INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
    -- The hit's names, matches and entry as JSON.
    hit            TEXT NOT NULL CHECK (json_valid(hit)),
    status         TEXT NOT NULL CHECK (status IN ('open', 'confirmed', 'dismissed')),
    reason         TEXT,
    reviewed_by    TEXT,
    reviewed_at    TEXT,
    designation_id TEXT REFERENCES designations(id) ON DELETE SET NULL,
    found_at       TEXT NOT NULL,
    CHECK (status <> 'dismissed' OR length(trim(coalesce(reason, ''))) > 0),
    UNIQUE (company_id, snapshot_id, entry_key)
) STRICT;
CREATE INDEX screening_hits_status ON screening_hits(status, company_id);

CREATE TABLE screenings (
    company_id  TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    snapshot_id TEXT NOT NULL REFERENCES list_snapshots(id) ON DELETE CASCADE,
    screened_at TEXT NOT NULL,
    threshold   INTEGER NOT NULL CHECK (threshold BETWEEN 0 AND 100),
    PRIMARY KEY (company_id, snapshot_id)
) STRICT;
