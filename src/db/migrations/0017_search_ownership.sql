-- 0017: persons and relations of ownership and control are found by search too. A person's
-- document is its names, nationality and note; a relation's is who stands behind which company
-- and how ("Liang Wenfeng founded DeepSeek"), with its note, and it belongs to that company.
-- Append-only: never edit a migration that has shipped; add the next number instead.

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
    FROM deployments
    UNION ALL
    SELECT 'person', id, NULL, name, concat_ws(' ', native_name, nationality, note) FROM persons
    UNION ALL
    SELECT 'relation', r.id,
           CASE WHEN r.kind = 'subsidiary_of' THEN r.from_company_id ELSE r.to_company_id END,
           concat_ws(' ', coalesce(p.name, f.legal_name),
                     CASE r.kind WHEN 'owns_shares' THEN 'owns shares in' WHEN 'subsidiary_of' THEN 'is a subsidiary of'
                                 WHEN 'funds' THEN 'funds or incubated' WHEN 'acts_for' THEN 'acts for'
                                 ELSE r.kind END,
                     t.legal_name),
           concat_ws(' ', p.native_name, r.note)
    FROM relations r
    LEFT JOIN persons p ON p.id = r.from_person_id
    LEFT JOIN companies f ON f.id = r.from_company_id
    JOIN companies t ON t.id = r.to_company_id;

INSERT INTO search_index (kind, ref_id, company_id, title, body)
    SELECT kind, ref_id, company_id, title, body FROM search_documents WHERE kind IN ('person', 'relation');

CREATE TRIGGER persons_ai AFTER INSERT ON persons WHEN (SELECT paused FROM search_pause) = 0 BEGIN
    INSERT INTO search_index (kind, ref_id, company_id, title, body)
    SELECT kind, ref_id, company_id, title, body FROM search_documents WHERE kind = 'person' AND ref_id = new.id;
END;
-- A renamed person renames the relations it is on.
CREATE TRIGGER persons_au AFTER UPDATE ON persons WHEN (SELECT paused FROM search_pause) = 0 BEGIN
    DELETE FROM search_index WHERE kind = 'person' AND ref_id = old.id;
    DELETE FROM search_index WHERE kind = 'relation'
        AND ref_id IN (SELECT id FROM relations WHERE from_person_id = new.id);
    INSERT INTO search_index (kind, ref_id, company_id, title, body)
    SELECT d.kind, d.ref_id, d.company_id, d.title, d.body FROM search_documents d
    WHERE (d.kind = 'person' AND d.ref_id = new.id)
       OR (d.kind = 'relation' AND d.ref_id IN (SELECT id FROM relations WHERE from_person_id = new.id));
END;
CREATE TRIGGER persons_ad AFTER DELETE ON persons BEGIN
    DELETE FROM search_index WHERE kind = 'person' AND ref_id = old.id;
END;
CREATE TRIGGER relations_ai AFTER INSERT ON relations WHEN (SELECT paused FROM search_pause) = 0 BEGIN
    INSERT INTO search_index (kind, ref_id, company_id, title, body)
    SELECT kind, ref_id, company_id, title, body FROM search_documents WHERE kind = 'relation' AND ref_id = new.id;
END;
CREATE TRIGGER relations_au AFTER UPDATE ON relations WHEN (SELECT paused FROM search_pause) = 0 BEGIN
    DELETE FROM search_index WHERE kind = 'relation' AND ref_id = old.id;
    INSERT INTO search_index (kind, ref_id, company_id, title, body)
    SELECT kind, ref_id, company_id, title, body FROM search_documents WHERE kind = 'relation' AND ref_id = new.id;
END;
CREATE TRIGGER relations_ad AFTER DELETE ON relations BEGIN
    DELETE FROM search_index WHERE kind = 'relation' AND ref_id = old.id;
END;
