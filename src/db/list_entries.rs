//! The `list_entries` table: the entries of list snapshots, each stored whole as JSON with its
//! key and primary name. Only the current snapshot of a list keeps its entries.

use super::json;
use crate::error::{Error, Result};
use crate::model::ListEntry;
use rusqlite::{params, Connection};
use std::collections::HashMap;
use uuid::Uuid;

/// Writes a snapshot's entries; `progress(done)` every few thousand rows.
pub fn insert_all(
    conn: &Connection,
    snapshot: Uuid,
    entries: &[ListEntry],
    progress: &mut dyn FnMut(usize),
) -> Result<()> {
    let mut st =
        conn.prepare_cached("INSERT INTO list_entries (snapshot_id, key, name, entry) VALUES (?1, ?2, ?3, ?4)")?;
    let id = snapshot.to_string();
    for (i, e) in entries.iter().enumerate() {
        st.execute(params![id, e.key, e.name, json(e)])
            .map_err(Error::writing(format!("list entry {} ({})", e.key, e.name)))?;
        if i % 2000 == 1999 {
            progress(i + 1);
        }
    }
    progress(entries.len());
    Ok(())
}

/// Key → primary name of a snapshot's entries.
pub fn names(conn: &Connection, snapshot: Uuid) -> Result<HashMap<String, String>> {
    let mut st = conn.prepare_cached("SELECT key, name FROM list_entries WHERE snapshot_id = ?1")?;
    let rows =
        st.query_map([snapshot.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// A snapshot's entries, by key; empty once the snapshot is replaced.
pub fn for_snapshot(conn: &Connection, snapshot: Uuid) -> Result<Vec<ListEntry>> {
    let mut st = conn.prepare_cached("SELECT entry FROM list_entries WHERE snapshot_id = ?1 ORDER BY key")?;
    let rows = st.query_map([snapshot.to_string()], |r| super::col_json(r, 0))?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Drops a snapshot's entries (when a newer snapshot replaces it).
pub fn delete_for_snapshot(conn: &Connection, snapshot: Uuid) -> Result<()> {
    super::exec(conn, "DELETE FROM list_entries WHERE snapshot_id = ?1", [snapshot.to_string()])?;
    Ok(())
}
