-- 0009: what the full-text index holds for each record is defined once, by the view
-- `search_documents`; the triggers that keep `search_index` in step read it, and so does a
-- large bundle import, which fills the index for all its records in one statement instead of
-- one per record (FTS5 flushes its pending terms at every statement inside a transaction).
-- Append-only: never edit a migration that has shipped; add the next number instead.

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
    SELECT 'source', id, NULL, title, concat_ws(' ', publisher, url, note) FROM sources;

DROP TRIGGER companies_ai;
DROP TRIGGER companies_au;
DROP TRIGGER allegations_ai;
DROP TRIGGER allegations_au;
DROP TRIGGER sources_ai;
DROP TRIGGER sources_au;

CREATE TRIGGER companies_ai AFTER INSERT ON companies BEGIN
    INSERT INTO search_index (kind, ref_id, company_id, title, body)
    SELECT kind, ref_id, company_id, title, body FROM search_documents WHERE kind = 'company' AND ref_id = new.id;
END;
CREATE TRIGGER companies_au AFTER UPDATE ON companies BEGIN
    DELETE FROM search_index WHERE kind = 'company' AND ref_id = old.id;
    INSERT INTO search_index (kind, ref_id, company_id, title, body)
    SELECT kind, ref_id, company_id, title, body FROM search_documents WHERE kind = 'company' AND ref_id = new.id;
END;
CREATE TRIGGER allegations_ai AFTER INSERT ON allegations BEGIN
    INSERT INTO search_index (kind, ref_id, company_id, title, body)
    SELECT kind, ref_id, company_id, title, body FROM search_documents WHERE kind = 'allegation' AND ref_id = new.id;
END;
CREATE TRIGGER allegations_au AFTER UPDATE ON allegations BEGIN
    DELETE FROM search_index WHERE kind = 'allegation' AND ref_id = old.id;
    INSERT INTO search_index (kind, ref_id, company_id, title, body)
    SELECT kind, ref_id, company_id, title, body FROM search_documents WHERE kind = 'allegation' AND ref_id = new.id;
END;
CREATE TRIGGER sources_ai AFTER INSERT ON sources BEGIN
    INSERT INTO search_index (kind, ref_id, company_id, title, body)
    SELECT kind, ref_id, company_id, title, body FROM search_documents WHERE kind = 'source' AND ref_id = new.id;
END;
CREATE TRIGGER sources_au AFTER UPDATE ON sources BEGIN
    DELETE FROM search_index WHERE kind = 'source' AND ref_id = old.id;
    INSERT INTO search_index (kind, ref_id, company_id, title, body)
    SELECT kind, ref_id, company_id, title, body FROM search_documents WHERE kind = 'source' AND ref_id = new.id;
END;
