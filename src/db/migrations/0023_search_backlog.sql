-- 0023: a bundle import no longer builds the search index inside its transaction. Building it
-- was a third of a 10,000-company import and ten of the 28 seconds of a 100,000-company one, and
-- the records were neither stored nor usable until it was done. Now an import lists the records
-- it added or changed in `search_backlog` and commits; the index catches up afterwards, in
-- transactions of its own (`search::catch_up`): a search first indexes whatever the backlog
-- holds, so it never answers from an index that lacks a stored record, and the desktop app
-- works the backlog off in the background as soon as an import ends.
--
-- `search_pause.paused` (0011) now means "the index is behind": while it is 1, the backlog lists
-- every record whose search document the index lacks or holds in an older version, and the
-- insert and update triggers that index a record at once (0011, 0017, 0020, 0021) stand aside.
-- The triggers below take their place then, noting the record in the backlog, so that an edit
-- made while the index catches up is indexed in its new version. `importing` is 1 only inside a
-- bundle import's transaction (no other connection sees it): the import notes its records in
-- bulk at the end, so no trigger does anything per record. Deletion triggers are unchanged: a
-- deleted record's entry goes at once, and a backlog row of a record no longer stored indexes
-- nothing.
-- Append-only: never edit a migration that has shipped; add the next number instead.

CREATE TABLE search_backlog (
    ref_id  TEXT PRIMARY KEY NOT NULL CHECK (length(ref_id) = 36),
    -- 1: the index may hold an older entry of the record, to be removed before it is indexed.
    replace INTEGER NOT NULL CHECK (replace = 0 OR replace = 1)
) STRICT, WITHOUT ROWID;

ALTER TABLE search_pause ADD COLUMN importing INTEGER NOT NULL DEFAULT 0 CHECK (importing = 0 OR importing = 1);

CREATE TRIGGER companies_backlog_ai AFTER INSERT ON companies
WHEN (SELECT paused = 1 AND importing = 0 FROM search_pause) BEGIN
    INSERT INTO search_backlog (ref_id, replace) VALUES (new.id, 0) ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER companies_backlog_au AFTER UPDATE ON companies
WHEN (SELECT paused = 1 AND importing = 0 FROM search_pause) BEGIN
    INSERT INTO search_backlog (ref_id, replace) VALUES (new.id, 1) ON CONFLICT (ref_id) DO UPDATE SET replace = 1;
    -- A relation's document names its parties.
    INSERT INTO search_backlog (ref_id, replace)
    SELECT id, 1 FROM relations
    WHERE old.legal_name IS NOT new.legal_name AND (from_company_id = new.id OR to_company_id = new.id)
    ON CONFLICT (ref_id) DO UPDATE SET replace = 1;
END;
CREATE TRIGGER allegations_backlog_ai AFTER INSERT ON allegations
WHEN (SELECT paused = 1 AND importing = 0 FROM search_pause) BEGIN
    INSERT INTO search_backlog (ref_id, replace) VALUES (new.id, 0) ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER allegations_backlog_au AFTER UPDATE ON allegations
WHEN (SELECT paused = 1 AND importing = 0 FROM search_pause) BEGIN
    INSERT INTO search_backlog (ref_id, replace) VALUES (new.id, 1) ON CONFLICT (ref_id) DO UPDATE SET replace = 1;
END;
CREATE TRIGGER sources_backlog_ai AFTER INSERT ON sources
WHEN (SELECT paused = 1 AND importing = 0 FROM search_pause) BEGIN
    INSERT INTO search_backlog (ref_id, replace) VALUES (new.id, 0) ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER sources_backlog_au AFTER UPDATE ON sources
WHEN (SELECT paused = 1 AND importing = 0 FROM search_pause) BEGIN
    INSERT INTO search_backlog (ref_id, replace) VALUES (new.id, 1) ON CONFLICT (ref_id) DO UPDATE SET replace = 1;
END;
CREATE TRIGGER deployments_backlog_ai AFTER INSERT ON deployments
WHEN (SELECT paused = 1 AND importing = 0 FROM search_pause) BEGIN
    INSERT INTO search_backlog (ref_id, replace) VALUES (new.id, 0) ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER deployments_backlog_au AFTER UPDATE ON deployments
WHEN (SELECT paused = 1 AND importing = 0 FROM search_pause) BEGIN
    INSERT INTO search_backlog (ref_id, replace) VALUES (new.id, 1) ON CONFLICT (ref_id) DO UPDATE SET replace = 1;
END;
CREATE TRIGGER persons_backlog_ai AFTER INSERT ON persons
WHEN (SELECT paused = 1 AND importing = 0 FROM search_pause) BEGIN
    INSERT INTO search_backlog (ref_id, replace) VALUES (new.id, 0) ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER persons_backlog_au AFTER UPDATE ON persons
WHEN (SELECT paused = 1 AND importing = 0 FROM search_pause) BEGIN
    INSERT INTO search_backlog (ref_id, replace) VALUES (new.id, 1) ON CONFLICT (ref_id) DO UPDATE SET replace = 1;
    INSERT INTO search_backlog (ref_id, replace)
    SELECT id, 1 FROM relations WHERE from_person_id = new.id
    ON CONFLICT (ref_id) DO UPDATE SET replace = 1;
END;
CREATE TRIGGER relations_backlog_ai AFTER INSERT ON relations
WHEN (SELECT paused = 1 AND importing = 0 FROM search_pause) BEGIN
    INSERT INTO search_backlog (ref_id, replace) VALUES (new.id, 0) ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER relations_backlog_au AFTER UPDATE ON relations
WHEN (SELECT paused = 1 AND importing = 0 FROM search_pause) BEGIN
    INSERT INTO search_backlog (ref_id, replace) VALUES (new.id, 1) ON CONFLICT (ref_id) DO UPDATE SET replace = 1;
END;
