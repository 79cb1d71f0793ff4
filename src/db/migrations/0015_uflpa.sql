-- 0015: the DHS UFLPA Entity List is a list kind of its own ('uflpa'). The list check is part of
-- the designations table, so the table is rebuilt with its rows and index. Dropping it sets
-- screening_hits.designation_id to NULL (ON DELETE SET NULL fires on the implicit delete), so
-- those links are kept aside and put back.
CREATE TEMP TABLE kept_hit_designations AS
    SELECT id, designation_id FROM screening_hits WHERE designation_id IS NOT NULL;

CREATE TABLE designations_new (
    id          TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
    company_id  TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    list        TEXT NOT NULL CHECK (list IN ('bis_entity_list', 'bis_meu', 'ofac_sdn', 'dod_1260h',
                        'fcc_covered', 'ndaa_889', 'uflpa', 'other')),
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

UPDATE screening_hits SET designation_id = (SELECT k.designation_id FROM kept_hit_designations k WHERE k.id = screening_hits.id)
    WHERE id IN (SELECT id FROM kept_hit_designations);
DROP TABLE kept_hit_designations;
