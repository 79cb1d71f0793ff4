-- 0019: monitoring, and persons on lists. The inbox keeps the events that matter to the portfolio — a new possible
-- match, a matched entry taken off its list, a designation's list snapshot replaced, a company's
-- band or a deployment's verdict changed — until someone decides on each; an event is never
-- deleted, only acknowledged (kept with who, when and why) or assigned. `monitor_state` keeps the
-- band and verdicts seen at the last check, so the next one reports what changed since.
CREATE TABLE inbox_events (
    id          TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
    at          TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('new_hit', 'entry_removed', 'snapshot_replaced', 'band_changed',
                                              'verdict_changed')),
    -- The company it concerns; kept as a name in `title` if the company is deleted.
    company_id  TEXT REFERENCES companies(id) ON DELETE SET NULL,
    snapshot_id TEXT REFERENCES list_snapshots(id),
    hit_id      TEXT REFERENCES screening_hits(id) ON DELETE SET NULL,
    title       TEXT NOT NULL CHECK (length(trim(title)) > 0),
    detail      TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'assigned', 'acknowledged')),
    assignee    TEXT,
    decided_by  TEXT,
    decided_at  TEXT,
    note        TEXT,
    CHECK (status <> 'assigned' OR length(trim(coalesce(assignee, ''))) > 0),
    CHECK (status <> 'acknowledged' OR (decided_by IS NOT NULL AND decided_at IS NOT NULL))
) STRICT;
CREATE INDEX inbox_events_open ON inbox_events(status, at);

CREATE TABLE monitor_state (
    -- 'band' of a company (subject = company id) or 'verdict' of a deployment (subject = its id).
    what       TEXT NOT NULL CHECK (what IN ('band', 'verdict')),
    subject    TEXT NOT NULL CHECK (length(subject) = 36),
    value      TEXT NOT NULL,
    checked_at TEXT NOT NULL,
    PRIMARY KEY (what, subject)
) STRICT;

-- A decision on a hit holds for the entry on later snapshots of its list: found by company and entry.
CREATE INDEX screening_hits_entry ON screening_hits(company_id, entry_key);

-- A person can be on an official list (a screening hit via the person, confirmed): the listings,
-- each citing the list snapshot's source, as JSON; a cited source cannot be deleted.
ALTER TABLE persons ADD COLUMN lists TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(lists) AND json_type(lists) = 'array');
CREATE TRIGGER sources_cited_by_persons BEFORE DELETE ON sources
WHEN EXISTS (SELECT 1 FROM persons, json_each(persons.lists) WHERE json_extract(json_each.value, '$.source_id') = old.id)
BEGIN
    SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: a person listing cites this source');
END;
