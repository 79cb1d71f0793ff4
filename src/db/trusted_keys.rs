//! The `trusted_keys` table: the Ed25519 public keys whose signed bundles this database accepts.

use crate::error::{Error, Result};
use crate::model::TrustedKey;
use rusqlite::{params, Connection};

/// Trusts a key; a key already trusted keeps its `added_at` and takes the new name. A key that is
/// not 64 lower-case hex characters, or an empty name, is a validation error.
pub fn add(conn: &Connection, k: &TrustedKey) -> Result<()> {
    super::exec(
        conn,
        "INSERT INTO trusted_keys (public_key, name, added_at) VALUES (?1, ?2, ?3)
         ON CONFLICT(public_key) DO UPDATE SET name = excluded.name",
        params![k.public_key, k.name, k.added_at],
    )
    .map_err(Error::writing(format_args!("trusted key {}", k.name)))?;
    Ok(())
}

/// Every trusted key, by name.
pub fn all(conn: &Connection) -> Result<Vec<TrustedKey>> {
    let mut st =
        conn.prepare_cached("SELECT public_key, name, added_at FROM trusted_keys ORDER BY name, public_key")?;
    let rows = st
        .query_map([], |r| Ok(TrustedKey { public_key: r.get(0)?, name: r.get(1)?, added_at: r.get(2)? }))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}
