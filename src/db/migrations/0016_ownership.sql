-- 0016: ownership and control — natural persons, and relations (who owns, controls, founded,
-- funds, directs, acts for or operates a company, or whose subsidiary it is), each with the
-- sources that report it (a JSON array of citations, like a scenario's changes; a trigger keeps a
-- cited source from being deleted, as the foreign keys do for allegations). A share is stored
-- only when a source states one. Audited like every record a user keeps: the audit trail's table
-- check is widened once more (a rebuild, ids kept).
-- Append-only: never edit a migration that has shipped; add the next number instead.

CREATE TABLE persons (
    id          TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    native_name TEXT,
    nationality TEXT CHECK (nationality IS NULL OR length(nationality) = 2),
    note        TEXT,
    updated_at  TEXT NOT NULL
) STRICT;

CREATE TABLE relations (
    id              TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
    from_company_id TEXT REFERENCES companies(id),
    from_person_id  TEXT REFERENCES persons(id),
    to_company_id   TEXT NOT NULL REFERENCES companies(id),
    kind            TEXT NOT NULL CHECK (kind IN ('owns_shares', 'controls', 'subsidiary_of', 'founded', 'funds',
                            'directs', 'acts_for', 'operates')),
    share           REAL CHECK (share IS NULL OR (share > 0 AND share <= 100)),
    since           TEXT CHECK (since IS NULL OR length(since) IN (4, 7, 10)),
    until           TEXT CHECK (until IS NULL OR length(until) IN (4, 7, 10)),
    citations       TEXT NOT NULL CHECK (json_valid(citations) AND json_type(citations) = 'array'
                                         AND json_array_length(citations) > 0),
    note            TEXT,
    updated_at      TEXT NOT NULL,
    CHECK ((from_company_id IS NULL) <> (from_person_id IS NULL)),
    CHECK (from_company_id IS NULL OR from_company_id <> to_company_id)
) STRICT;
CREATE INDEX relations_to ON relations(to_company_id);
CREATE INDEX relations_from_company ON relations(from_company_id) WHERE from_company_id IS NOT NULL;
CREATE INDEX relations_from_person ON relations(from_person_id) WHERE from_person_id IS NOT NULL;

-- A source a relation cites cannot be deleted (the same conflict a cited allegation source gives).
CREATE TRIGGER sources_cited_by_relations BEFORE DELETE ON sources
WHEN EXISTS (SELECT 1 FROM relations, json_each(relations.citations)
             WHERE json_extract(json_each.value, '$.source_id') = old.id)
BEGIN
    SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: a relation cites this source');
END;

CREATE TABLE audit_log_new (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL CHECK (length(at) > 0),
    actor      TEXT NOT NULL CHECK (length(actor) > 0),
    action     TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete')),
    table_name TEXT NOT NULL CHECK (table_name IN ('companies', 'sources', 'allegations', 'designations',
                       'restrictions', 'cloud_offerings', 'deployments', 'scenarios', 'persons', 'relations')),
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
