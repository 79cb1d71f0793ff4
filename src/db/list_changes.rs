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
    // The entries of snapshot `from` that `other` does not list, recorded as added or removed.
    let record = |added: bool, from: Uuid, other: Uuid| -> Result<u32> {
        let n = super::exec(
            conn,
            "INSERT INTO list_changes (snapshot_id, added, key, name) \
             SELECT ?1, ?2, e.key, e.name FROM list_entries e WHERE e.snapshot_id = ?3 \
             AND NOT EXISTS (SELECT 1 FROM list_entries x WHERE x.snapshot_id = ?4 AND x.key = e.key)",
            params![new.to_string(), added, from.to_string(), other.to_string()],
        )?;
        Ok(n as u32)
    };
    Ok((record(true, new, old)?, record(false, old, new)?))
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
