-- 0004: public keys whose signed dataset bundles this database accepts.

CREATE TABLE trusted_keys (
    public_key TEXT PRIMARY KEY NOT NULL CHECK (length(public_key) = 64 AND public_key NOT GLOB '*[^0-9a-f]*'),
    name       TEXT NOT NULL CHECK (length(trim(name)) > 0),
    added_at   TEXT NOT NULL
) STRICT;
