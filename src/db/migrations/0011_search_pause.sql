-- 0011: a bundle import pauses the search-index triggers inside its own transaction, by a flag
-- the triggers read, instead of dropping and recreating them (schema changes made concurrent
-- readers fail to open the full-text index). Other connections never see the flag set: it is
-- set and cleared in the importing transaction.
-- Append-only: never edit a migration that has shipped; add the next number instead.

CREATE TABLE search_pause (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    paused INTEGER NOT NULL CHECK (paused IN (0, 1))
) STRICT;
INSERT INTO search_pause (id, paused) VALUES (1, 0);

DROP TRIGGER companies_ai;
DROP TRIGGER companies_au;
DROP TRIGGER allegations_ai;
DROP TRIGGER allegations_au;
DROP TRIGGER sources_ai;
DROP TRIGGER sources_au;

CREATE TRIGGER companies_ai AFTER INSERT ON companies WHEN (SELECT paused FROM search_pause) = 0 BEGIN
    INSERT INTO search_index (kind, ref_id, company_id, title, body)
    SELECT kind, ref_id, company_id, title, body FROM search_documents WHERE kind = 'company' AND ref_id = new.id;
END;
CREATE TRIGGER companies_au AFTER UPDATE ON companies WHEN (SELECT paused FROM search_pause) = 0 BEGIN
    DELETE FROM search_index WHERE kind = 'company' AND ref_id = old.id;
    INSERT INTO search_index (kind, ref_id, company_id, title, body)
    SELECT kind, ref_id, company_id, title, body FROM search_documents WHERE kind = 'company' AND ref_id = new.id;
END;
CREATE TRIGGER allegations_ai AFTER INSERT ON allegations WHEN (SELECT paused FROM search_pause) = 0 BEGIN
    INSERT INTO search_index (kind, ref_id, company_id, title, body)
    SELECT kind, ref_id, company_id, title, body FROM search_documents WHERE kind = 'allegation' AND ref_id = new.id;
END;
CREATE TRIGGER allegations_au AFTER UPDATE ON allegations WHEN (SELECT paused FROM search_pause) = 0 BEGIN
    DELETE FROM search_index WHERE kind = 'allegation' AND ref_id = old.id;
    INSERT INTO search_index (kind, ref_id, company_id, title, body)
    SELECT kind, ref_id, company_id, title, body FROM search_documents WHERE kind = 'allegation' AND ref_id = new.id;
END;
CREATE TRIGGER sources_ai AFTER INSERT ON sources WHEN (SELECT paused FROM search_pause) = 0 BEGIN
    INSERT INTO search_index (kind, ref_id, company_id, title, body)
    SELECT kind, ref_id, company_id, title, body FROM search_documents WHERE kind = 'source' AND ref_id = new.id;
END;
CREATE TRIGGER sources_au AFTER UPDATE ON sources WHEN (SELECT paused FROM search_pause) = 0 BEGIN
    DELETE FROM search_index WHERE kind = 'source' AND ref_id = old.id;
    INSERT INTO search_index (kind, ref_id, company_id, title, body)
    SELECT kind, ref_id, company_id, title, body FROM search_documents WHERE kind = 'source' AND ref_id = new.id;
END;
