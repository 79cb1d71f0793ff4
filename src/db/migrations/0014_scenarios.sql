-- 0014: saved scenarios — named sets of hypothetical changes (a listing, an allegation's new
-- status, a restriction, a withdrawn cloud offering, a deployment's new route or data), run in
-- memory over the real data and never written into it. The changes are kept as a JSON array of
-- tagged objects (`ScenarioChange`). Audited like every record a user keeps: the audit trail's
-- table check is widened once more (a rebuild, ids kept).
-- Append-only: never edit a migration that has shipped; add the next number instead.

CREATE TABLE scenarios (
    id          TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
    name        TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    description TEXT,
    as_of       TEXT CHECK (as_of IS NULL OR length(as_of) = 10),
    changes     TEXT NOT NULL CHECK (json_valid(changes) AND json_type(changes) = 'array' AND json_array_length(changes) > 0),
    updated_at  TEXT NOT NULL
) STRICT;

CREATE TABLE audit_log_new (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL CHECK (length(at) > 0),
    actor      TEXT NOT NULL CHECK (length(actor) > 0),
    action     TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete')),
    table_name TEXT NOT NULL CHECK (table_name IN ('companies', 'sources', 'allegations', 'designations',
                       'restrictions', 'cloud_offerings', 'deployments', 'scenarios')),
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
