-- 0020: a relation's search document names its parties, so a company's new legal name now
-- re-indexes the relations that name it (as renaming a person already did, 0017). The search
-- documents of deployments, persons and relations are rebuilt: before this version a bundle
-- import left the ones it brought unindexed, and a company rename left its relations under the
-- old name.
-- Append-only: never edit a migration that has shipped; add the next number instead.

DROP TRIGGER companies_au;
CREATE TRIGGER companies_au AFTER UPDATE ON companies WHEN (SELECT paused FROM search_pause) = 0 BEGIN
    DELETE FROM search_index WHERE kind = 'company' AND ref_id = old.id;
    DELETE FROM search_index WHERE old.legal_name IS NOT new.legal_name AND kind = 'relation'
        AND ref_id IN (SELECT id FROM relations WHERE from_company_id = new.id OR to_company_id = new.id);
    INSERT INTO search_index (kind, ref_id, company_id, title, body)
    SELECT d.kind, d.ref_id, d.company_id, d.title, d.body FROM search_documents d
    WHERE (d.kind = 'company' AND d.ref_id = new.id)
       OR (old.legal_name IS NOT new.legal_name AND d.kind = 'relation'
           AND d.ref_id IN (SELECT id FROM relations WHERE from_company_id = new.id OR to_company_id = new.id));
END;

DELETE FROM search_index WHERE kind IN ('deployment', 'person', 'relation');
INSERT INTO search_index (kind, ref_id, company_id, title, body)
SELECT kind, ref_id, company_id, title, body FROM search_documents WHERE kind IN ('deployment', 'person', 'relation');
