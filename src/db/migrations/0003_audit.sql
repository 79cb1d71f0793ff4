-- 0003: the audit trail, and the data each brief was built from (to say what changed since).

CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL CHECK (length(at) > 0),
    actor      TEXT NOT NULL CHECK (length(actor) > 0),
    action     TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete')),
    table_name TEXT NOT NULL CHECK (table_name IN ('companies', 'sources', 'allegations', 'designations',
                       'restrictions', 'cloud_offerings')),
    record_id  TEXT NOT NULL CHECK (length(record_id) = 36),
    -- The company the record belongs to (none for a source). No foreign key: the trail outlives deletes.
    company_id TEXT,
    -- {"field": [before, after], ...}
    changes    TEXT NOT NULL CHECK (json_valid(changes) AND json_type(changes) = 'object')
) STRICT;
CREATE INDEX audit_company ON audit_log(company_id, id);
CREATE INDEX audit_record ON audit_log(record_id, id);

ALTER TABLE briefs ADD COLUMN data_snapshot TEXT CHECK (data_snapshot IS NULL OR json_valid(data_snapshot));
