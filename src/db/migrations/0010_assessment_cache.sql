-- 0010: each company's score and band, kept so that the portfolio does not assess every
-- company on every read. A row is valid only for its as-of date, the scoring model that made
-- it, and the data version it was computed at: the id of the newest audit row, which every
-- write to a scored record adds in its own transaction. So no cached score can outlive the
-- data it was computed from.
-- Append-only: never edit a migration that has shipped; add the next number instead.

CREATE TABLE assessment_cache (
    company_id TEXT PRIMARY KEY NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    as_of      TEXT NOT NULL,
    model      TEXT NOT NULL,
    version    INTEGER NOT NULL,
    score      INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
    band       TEXT NOT NULL
) STRICT;
