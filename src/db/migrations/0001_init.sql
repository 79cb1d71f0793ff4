-- 0001: companies, sources, allegations (with citations and responses), designations,
-- restrictions, cloud offerings, and a full-text index over them.
-- Append-only: never edit a migration that has shipped; add the next number instead.

CREATE TABLE sources (
    id          TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
    publisher   TEXT NOT NULL CHECK (length(trim(publisher)) > 0),
    title       TEXT NOT NULL CHECK (length(trim(title)) > 0),
    url         TEXT CHECK (url IS NULL OR url GLOB 'http*://*'),
    published   TEXT CHECK (published IS NULL OR published GLOB '[0-9][0-9][0-9][0-9]'
                        OR published GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'
                        OR published GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    kind        TEXT NOT NULL CHECK (kind IN ('official_statement', 'anonymous_official_via_press',
                        'news_report', 'court_filing', 'government_record', 'company_statement',
                        'vendor_documentation', 'analysis')),
    reliability TEXT NOT NULL CHECK (reliability IN ('A', 'B', 'C', 'D', 'E', 'F')),
    note        TEXT,
    updated_at  TEXT NOT NULL
) STRICT;

CREATE TABLE companies (
    id           TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
    slug         TEXT NOT NULL UNIQUE CHECK (slug GLOB '[a-z0-9]*' AND slug NOT GLOB '*[^a-z0-9-]*'),
    legal_name   TEXT NOT NULL CHECK (length(trim(legal_name)) > 0),
    native_name  TEXT,
    aliases      TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(aliases) AND json_type(aliases) = 'array'),
    country      TEXT NOT NULL CHECK (length(country) = 2 AND country GLOB '[A-Z][A-Z]'),
    headquarters TEXT,
    owner        TEXT,
    sector       TEXT,
    website      TEXT,
    description  TEXT,
    products     TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(products) AND json_type(products) = 'array'),
    source_ids   TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(source_ids) AND json_type(source_ids) = 'array'),
    updated_at   TEXT NOT NULL
) STRICT;

CREATE TABLE allegations (
    id             TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
    company_id     TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    category       TEXT NOT NULL CHECK (category IN ('military_intelligence', 'export_control_evasion',
                           'data_sharing', 'sanctions_evasion', 'misrepresentation', 'cyber', 'other')),
    summary        TEXT NOT NULL CHECK (length(trim(summary)) > 0),
    detail         TEXT,
    status         TEXT NOT NULL CHECK (status IN ('alleged', 'under_investigation', 'corroborated',
                           'confirmed', 'disputed', 'refuted', 'resolved')),
    first_reported TEXT CHECK (first_reported IS NULL OR length(first_reported) IN (4, 7, 10)),
    updated_at     TEXT NOT NULL
) STRICT;
CREATE INDEX allegations_company ON allegations(company_id);

CREATE TABLE allegation_sources (
    allegation_id TEXT NOT NULL REFERENCES allegations(id) ON DELETE CASCADE,
    source_id     TEXT NOT NULL REFERENCES sources(id) ON DELETE RESTRICT,
    position      INTEGER NOT NULL CHECK (position >= 0),
    credibility   TEXT NOT NULL CHECK (credibility IN ('1', '2', '3', '4', '5', '6')),
    PRIMARY KEY (allegation_id, source_id)
) STRICT;

CREATE TABLE responses (
    id            TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
    allegation_id TEXT NOT NULL REFERENCES allegations(id) ON DELETE CASCADE,
    position      INTEGER NOT NULL CHECK (position >= 0),
    responder     TEXT NOT NULL CHECK (length(trim(responder)) > 0),
    statement     TEXT NOT NULL CHECK (length(trim(statement)) > 0),
    date          TEXT CHECK (date IS NULL OR length(date) IN (4, 7, 10)),
    source_id     TEXT REFERENCES sources(id) ON DELETE RESTRICT
) STRICT;
CREATE INDEX responses_allegation ON responses(allegation_id);

CREATE TABLE designations (
    id          TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
    company_id  TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    list        TEXT NOT NULL CHECK (list IN ('bis_entity_list', 'bis_meu', 'ofac_sdn', 'dod_1260h',
                        'fcc_covered', 'ndaa_889', 'other')),
    listed_name TEXT,
    status      TEXT NOT NULL CHECK (status IN ('listed', 'not_listed', 'delisted', 'under_review')),
    since       TEXT CHECK (since IS NULL OR length(since) IN (4, 7, 10)),
    until       TEXT CHECK (until IS NULL OR length(until) IN (4, 7, 10)),
    as_of       TEXT CHECK (as_of IS NULL OR length(as_of) IN (4, 7, 10)),
    citation    TEXT,
    source_id   TEXT REFERENCES sources(id) ON DELETE RESTRICT,
    note        TEXT,
    updated_at  TEXT NOT NULL,
    -- Compared at the coarser of the two precisions: since 2025-06, until 2025 is fine.
    CHECK (until IS NULL OR since IS NULL OR
           substr(until, 1, min(length(until), length(since))) >= substr(since, 1, min(length(until), length(since)))),
    CHECK (status <> 'not_listed' OR as_of IS NOT NULL)
) STRICT;
CREATE INDEX designations_company ON designations(company_id);

CREATE TABLE restrictions (
    id           TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
    company_id   TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    jurisdiction TEXT NOT NULL CHECK (length(trim(jurisdiction)) > 0),
    body         TEXT NOT NULL CHECK (length(trim(body)) > 0),
    measure      TEXT NOT NULL CHECK (length(trim(measure)) > 0),
    scope        TEXT NOT NULL CHECK (scope IN ('government_devices', 'public_sector', 'app_distribution',
                         'data_processing', 'procurement', 'proposed', 'other')),
    date         TEXT CHECK (date IS NULL OR length(date) IN (4, 7, 10)),
    source_id    TEXT REFERENCES sources(id) ON DELETE RESTRICT,
    updated_at   TEXT NOT NULL
) STRICT;
CREATE INDEX restrictions_company ON restrictions(company_id);

CREATE TABLE cloud_offerings (
    id              TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
    company_id      TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    product         TEXT NOT NULL CHECK (length(trim(product)) > 0),
    platform        TEXT NOT NULL CHECK (length(trim(platform)) > 0),
    service         TEXT NOT NULL CHECK (length(trim(service)) > 0),
    offering_type   TEXT NOT NULL CHECK (offering_type IN ('managed_api', 'marketplace', 'self_deploy_weights')),
    data_path       TEXT NOT NULL CHECK (data_path IN ('provider_region', 'reaches_vendor', 'unknown')),
    regions         TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(regions) AND json_type(regions) = 'array'),
    available_since TEXT CHECK (available_since IS NULL OR length(available_since) IN (4, 7, 10)),
    last_verified   TEXT CHECK (last_verified IS NULL OR length(last_verified) IN (4, 7, 10)),
    source_id       TEXT REFERENCES sources(id) ON DELETE RESTRICT,
    note            TEXT,
    updated_at      TEXT NOT NULL
) STRICT;
CREATE INDEX cloud_offerings_company ON cloud_offerings(company_id);

-- Full-text index. Trigram tokens find substrings in any script (深度求索, "deepseek", "H800").
-- Kept in step with its tables by the triggers below, inside the writer's transaction.
CREATE VIRTUAL TABLE search_index USING fts5(
    kind UNINDEXED, ref_id UNINDEXED, company_id UNINDEXED, title, body,
    tokenize = 'trigram remove_diacritics 1'
);

CREATE TRIGGER companies_ai AFTER INSERT ON companies BEGIN
    INSERT INTO search_index (kind, ref_id, company_id, title, body)
    VALUES ('company', new.id, new.id, new.legal_name,
            concat_ws(' ', new.slug, new.native_name,
                      (SELECT group_concat(value, ' ') FROM json_each(new.aliases)),
                      (SELECT group_concat(value, ' ') FROM json_each(new.products)),
                      new.sector, new.description, new.headquarters, new.owner));
END;
CREATE TRIGGER companies_ad AFTER DELETE ON companies BEGIN
    DELETE FROM search_index WHERE kind = 'company' AND ref_id = old.id;
END;
CREATE TRIGGER companies_au AFTER UPDATE ON companies BEGIN
    DELETE FROM search_index WHERE kind = 'company' AND ref_id = old.id;
    INSERT INTO search_index (kind, ref_id, company_id, title, body)
    VALUES ('company', new.id, new.id, new.legal_name,
            concat_ws(' ', new.slug, new.native_name,
                      (SELECT group_concat(value, ' ') FROM json_each(new.aliases)),
                      (SELECT group_concat(value, ' ') FROM json_each(new.products)),
                      new.sector, new.description, new.headquarters, new.owner));
END;

CREATE TRIGGER allegations_ai AFTER INSERT ON allegations BEGIN
    INSERT INTO search_index (kind, ref_id, company_id, title, body)
    VALUES ('allegation', new.id, new.company_id, new.summary, coalesce(new.detail, ''));
END;
CREATE TRIGGER allegations_ad AFTER DELETE ON allegations BEGIN
    DELETE FROM search_index WHERE kind = 'allegation' AND ref_id = old.id;
END;
CREATE TRIGGER allegations_au AFTER UPDATE ON allegations BEGIN
    DELETE FROM search_index WHERE kind = 'allegation' AND ref_id = old.id;
    INSERT INTO search_index (kind, ref_id, company_id, title, body)
    VALUES ('allegation', new.id, new.company_id, new.summary, coalesce(new.detail, ''));
END;

CREATE TRIGGER sources_ai AFTER INSERT ON sources BEGIN
    INSERT INTO search_index (kind, ref_id, company_id, title, body)
    VALUES ('source', new.id, NULL, new.title, concat_ws(' ', new.publisher, new.url, new.note));
END;
CREATE TRIGGER sources_ad AFTER DELETE ON sources BEGIN
    DELETE FROM search_index WHERE kind = 'source' AND ref_id = old.id;
END;
CREATE TRIGGER sources_au AFTER UPDATE ON sources BEGIN
    DELETE FROM search_index WHERE kind = 'source' AND ref_id = old.id;
    INSERT INTO search_index (kind, ref_id, company_id, title, body)
    VALUES ('source', new.id, NULL, new.title, concat_ws(' ', new.publisher, new.url, new.note));
END;
