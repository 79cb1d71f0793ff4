-- 0006: a restriction scope for outright product bans ('product_ban': the vendor's products may
-- not be sold to or updated for anyone in the jurisdiction, e.g. the Commerce ICTS ban on
-- Kaspersky software). SQLite cannot alter a CHECK constraint, so the table is rebuilt with the
-- same columns, keys and index; every row is kept. Nothing references `restrictions`, and no
-- trigger is defined on it.

CREATE TABLE restrictions_0006 (
    id           TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
    company_id   TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    jurisdiction TEXT NOT NULL CHECK (length(trim(jurisdiction)) > 0),
    body         TEXT NOT NULL CHECK (length(trim(body)) > 0),
    measure      TEXT NOT NULL CHECK (length(trim(measure)) > 0),
    scope        TEXT NOT NULL CHECK (scope IN ('government_devices', 'public_sector', 'app_distribution',
                         'data_processing', 'procurement', 'product_ban', 'proposed', 'other')),
    date         TEXT CHECK (date IS NULL OR length(date) IN (4, 7, 10)),
    source_id    TEXT REFERENCES sources(id) ON DELETE RESTRICT,
    updated_at   TEXT NOT NULL
) STRICT;

INSERT INTO restrictions_0006 (id, company_id, jurisdiction, body, measure, scope, date, source_id, updated_at)
    SELECT id, company_id, jurisdiction, body, measure, scope, date, source_id, updated_at FROM restrictions;

DROP TABLE restrictions;
ALTER TABLE restrictions_0006 RENAME TO restrictions;
CREATE INDEX restrictions_company ON restrictions(company_id);
