-- 0002: the history of generated briefs, and application settings.

CREATE TABLE briefs (
    id               TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
    brief_id         TEXT NOT NULL CHECK (brief_id GLOB 'RB-*'),
    -- NULL for a portfolio brief, or once the company is deleted.
    company_id       TEXT REFERENCES companies(id) ON DELETE SET NULL,
    subject          TEXT NOT NULL,
    as_of            TEXT NOT NULL CHECK (length(as_of) = 10),
    marking          TEXT NOT NULL,
    data_fingerprint TEXT NOT NULL CHECK (length(data_fingerprint) = 64),
    pdf_sha256       TEXT NOT NULL CHECK (length(pdf_sha256) = 64),
    path             TEXT,
    created_at       TEXT NOT NULL
) STRICT;
CREATE INDEX briefs_company ON briefs(company_id, created_at);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY NOT NULL CHECK (key IN ('briefs_dir', 'analyst')),
    value TEXT NOT NULL
) STRICT;
