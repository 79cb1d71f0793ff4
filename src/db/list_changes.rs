//! The `list_changes` table: the entries added to and removed from a list between a snapshot and
//! the one it replaced. Kept after the replaced snapshot's entries are dropped.

use super::col;
use crate::error::Result;
use crate::model::ListChange;
use rusqlite::{params, Connection};
use uuid::Uuid;

/// Records one added or removed entry of a snapshot (unique per snapshot and entry key).
pub fn insert(conn: &Connection, c: &ListChange) -> Result<()> {
    super::exec(
        conn,
        "INSERT INTO list_changes (snapshot_id, added, key, name) VALUES (?1, ?2, ?3, ?4)",
        params![c.snapshot_id.to_string(), c.added, c.key, c.name],
    )?;
    Ok(())
}

/// Added entries first, then removed ones, by name.
pub fn for_snapshot(conn: &Connection, snapshot: Uuid) -> Result<Vec<ListChange>> {
    let mut st = conn.prepare_cached(
        "SELECT snapshot_id, added, key, name FROM list_changes WHERE snapshot_id = ?1 ORDER BY added DESC, name, key",
    )?;
    let rows = st
        .query_map([snapshot.to_string()], |r| {
            Ok(ListChange { snapshot_id: col(r, 0)?, added: r.get(1)?, key: r.get(2)?, name: r.get(3)? })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}
