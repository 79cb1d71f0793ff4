//! The `list_changes` table: the entries added to and removed from a list between a snapshot and
//! the one it replaced. Kept after the replaced snapshot's entries are dropped.

use super::col;
use crate::error::Result;
use crate::model::ListChange;
use rusqlite::{params, Connection};
use uuid::Uuid;

/// Records what snapshot `new` added to and removed from snapshot `old` (by entry key, with the
/// name each is listed under); returns how many entries were added and removed. Both snapshots'
/// entries must still be stored.
pub fn insert_between(conn: &Connection, old: Uuid, new: Uuid) -> Result<(u32, u32)> {
    let ids = params![old.to_string(), new.to_string()];
    let added = super::exec(
        conn,
        "INSERT INTO list_changes (snapshot_id, added, key, name) \
         SELECT ?2, 1, n.key, n.name FROM list_entries n WHERE n.snapshot_id = ?2 \
         AND NOT EXISTS (SELECT 1 FROM list_entries o WHERE o.snapshot_id = ?1 AND o.key = n.key)",
        ids,
    )?;
    let removed = super::exec(
        conn,
        "INSERT INTO list_changes (snapshot_id, added, key, name) \
         SELECT ?2, 0, o.key, o.name FROM list_entries o WHERE o.snapshot_id = ?1 \
         AND NOT EXISTS (SELECT 1 FROM list_entries n WHERE n.snapshot_id = ?2 AND n.key = o.key)",
        ids,
    )?;
    Ok((added as u32, removed as u32))
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
