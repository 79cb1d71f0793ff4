-- 0013: the organisation's own register of deployments: each use of a vendor's product, the
-- route its data takes and what data it handles (exposure). A deployment's vendor may be a
-- company in the database or, until it is assessed, only a name (`company_id` NULL). A company
-- with deployments is unlinked from them (audited) before it is deleted; the row is never
-- dropped. `offering_id` names a cloud offering but has no foreign key: an offering deleted
-- later leaves the deployment judged by its platform alone.
-- Append-only: never edit a migration that has shipped; add the next number instead.

CREATE TABLE deployments (
    id          TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    owner       TEXT,
    company_id  TEXT REFERENCES companies(id) ON DELETE RESTRICT,
    vendor_name TEXT NOT NULL CHECK (length(trim(vendor_name)) > 0),
    product     TEXT,
    route       TEXT NOT NULL CHECK (route IN ('vendor_service', 'cloud_hosted', 'self_hosted', 'on_site', 'other')),
    platform    TEXT,
    offering_id TEXT CHECK (offering_id IS NULL OR length(offering_id) = 36),
    data_class  TEXT NOT NULL CHECK (data_class IN ('public', 'internal', 'confidential', 'personal', 'regulated')),
    status      TEXT NOT NULL CHECK (status IN ('planned', 'pilot', 'production', 'retired')),
    users       INTEGER CHECK (users IS NULL OR users >= 0),
    review_date TEXT CHECK (review_date IS NULL OR length(review_date) IN (4, 7, 10)),
    notes       TEXT,
    reported_by TEXT,
    reported_on TEXT CHECK (reported_on IS NULL OR length(reported_on) IN (4, 7, 10)),
    updated_at  TEXT NOT NULL
) STRICT;
CREATE INDEX deployments_company ON deployments(company_id);

-- The audit trail files deployments too: its table-name check is widened (SQLite rebuilds a
-- table to change a CHECK; ids are kept, so the data version they give is unchanged).
CREATE TABLE audit_log_new (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL CHECK (length(at) > 0),
    actor      TEXT NOT NULL CHECK (length(actor) > 0),
    action     TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete')),
    table_name TEXT NOT NULL CHECK (table_name IN ('companies', 'sources', 'allegations', 'designations',
                       'restrictions', 'cloud_offerings', 'deployments')),
    record_id  TEXT NOT NULL CHECK (length(record_id) = 36),
    company_id TEXT,
    changes    TEXT NOT NULL CHECK (json_valid(changes) AND json_type(changes) = 'object')
) STRICT;
INSERT INTO audit_log_new (id, at, actor, action, table_name, record_id, company_id, changes)
    SELECT id, at, actor, action, table_name, record_id, company_id, changes FROM audit_log;
DROP TABLE audit_log;
ALTER TABLE audit_log_new RENAME TO audit_log;
CREATE INDEX audit_company ON audit_log(company_id, id);
CREATE INDEX audit_record ON audit_log(record_id, id);

-- Deployments are found by search too: the view that defines what the index holds gains them.
DROP VIEW search_documents;
CREATE VIEW search_documents (kind, ref_id, company_id, title, body) AS
    SELECT 'company', id, id, legal_name,
           concat_ws(' ', slug, native_name,
                     (SELECT group_concat(value, ' ') FROM json_each(aliases)),
                     (SELECT group_concat(value, ' ') FROM json_each(products)),
                     sector, description, headquarters, owner)
    FROM companies
    UNION ALL
    SELECT 'allegation', id, company_id, summary, coalesce(detail, '') FROM allegations
    UNION ALL
    SELECT 'source', id, NULL, title, concat_ws(' ', publisher, url, note) FROM sources
    UNION ALL
    SELECT 'deployment', id, company_id, name, concat_ws(' ', vendor_name, product, owner, platform, notes)
    FROM deployments;

CREATE TRIGGER deployments_ai AFTER INSERT ON deployments WHEN (SELECT paused FROM search_pause) = 0 BEGIN
    INSERT INTO search_index (kind, ref_id, company_id, title, body)
    SELECT kind, ref_id, company_id, title, body FROM search_documents WHERE kind = 'deployment' AND ref_id = new.id;
END;
CREATE TRIGGER deployments_au AFTER UPDATE ON deployments WHEN (SELECT paused FROM search_pause) = 0 BEGIN
    DELETE FROM search_index WHERE kind = 'deployment' AND ref_id = old.id;
    INSERT INTO search_index (kind, ref_id, company_id, title, body)
    SELECT kind, ref_id, company_id, title, body FROM search_documents WHERE kind = 'deployment' AND ref_id = new.id;
END;
CREATE TRIGGER deployments_ad AFTER DELETE ON deployments BEGIN
    DELETE FROM search_index WHERE kind = 'deployment' AND ref_id = old.id;
END;
