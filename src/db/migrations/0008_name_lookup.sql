-- 0008: finding a company by name without reading every company. A lower-cased legal name and
-- the native name are indexed, and each alias is a row of `company_aliases`, kept in step with
-- `companies.aliases` by triggers in the same transaction (the JSON list stays the record).
-- Append-only: never edit a migration that has shipped; add the next number instead.

CREATE INDEX companies_legal_name ON companies(lower(legal_name));
CREATE INDEX companies_native_name ON companies(native_name);

CREATE TABLE company_aliases (
    company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    alias      TEXT NOT NULL
) STRICT;
CREATE INDEX company_aliases_alias ON company_aliases(alias);
CREATE INDEX company_aliases_company ON company_aliases(company_id);

INSERT INTO company_aliases (company_id, alias)
    SELECT c.id, lower(j.value) FROM companies c, json_each(c.aliases) j;

CREATE TRIGGER companies_aliases_insert AFTER INSERT ON companies BEGIN
    INSERT INTO company_aliases (company_id, alias) SELECT new.id, lower(value) FROM json_each(new.aliases);
END;
CREATE TRIGGER companies_aliases_update AFTER UPDATE OF aliases ON companies BEGIN
    DELETE FROM company_aliases WHERE company_id = old.id;
    INSERT INTO company_aliases (company_id, alias) SELECT new.id, lower(value) FROM json_each(new.aliases);
END;
