//! The `monitor_state` table: each company's band and each deployment's verdict as seen at the
//! last check, so the next check reports what changed since.

use crate::error::Result;
use crate::model::Timestamp;
use rusqlite::{params, Connection};
use std::collections::HashMap;

/// What was seen of `what` ("band" or "verdict"), by subject id.
pub fn seen(conn: &Connection, what: &str) -> Result<HashMap<String, String>> {
    let rows = conn
        .prepare_cached("SELECT subject, value FROM monitor_state WHERE what = ?1")?
        .query_map([what], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Records what is seen now.
pub fn set(conn: &Connection, what: &str, subject: &str, value: &str, at: Timestamp) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO monitor_state (what, subject, value, checked_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(what, subject) DO UPDATE SET value = excluded.value, checked_at = excluded.checked_at",
    )?
    .execute(params![what, subject, value, at])?;
    Ok(())
}
