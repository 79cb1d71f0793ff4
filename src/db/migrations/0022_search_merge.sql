-- 0022: the search index merges its segments sixteen at a time instead of four. FTS5 writes the
-- terms of a large import as segments and merges a level's segments into one of the next level
-- once `automerge` of them are there (4 by default), so every term of a large import is
-- rewritten at each level it climbs; sixteen at a time, it climbs half as many (log 16 against
-- log 4). Building the index of a 100,000-company database's 700,673 documents took 14.7–15.1 s
-- with the defaults and 10.8–11.2 s with these (10,000 companies: 0.83 s and 0.60 s), with about
-- as many index rows and queries as fast (a common word, 330–400 ms at 100,000 either way). A
-- level is merged whole at once when it reaches `crisismerge` segments (16 by default, which
-- would now be as soon as `automerge` is reached): 64 keeps the defaults' ratio. Small writes (an
-- analyst's edits) each leave a small segment, and up to 15 of them wait at a level before they
-- are merged instead of 3; a query looks each up. See docs/performance.md, twelfth round.
INSERT INTO search_index (search_index, rank) VALUES ('automerge', 16);
INSERT INTO search_index (search_index, rank) VALUES ('crisismerge', 64);
