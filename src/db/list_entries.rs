//! The `list_entries` table: the entries of list snapshots, each stored whole as JSON with its
//! key and primary name. Only the current snapshot of a list keeps its entries.

use super::json;
use crate::error::{Error, Result};
use crate::model::{ListEntry, ListOwner};
use rusqlite::{params, Connection, OptionalExtension};
use uuid::Uuid;

/// Writes one entry of a snapshot; false, with nothing written, when the snapshot has an entry
/// with its key already.
pub fn insert(conn: &Connection, snapshot: Uuid, e: &ListEntry) -> Result<bool> {
    let n = super::exec(
        conn,
        "INSERT INTO list_entries (snapshot_id, key, name, entry) VALUES (?1, ?2, ?3, ?4) \
         ON CONFLICT (snapshot_id, key) DO NOTHING",
        params![snapshot.to_string(), e.key, e.name, json(e)],
    )
    .map_err(Error::writing(format_args!("list entry {} ({})", e.key, e.name)))?;
    Ok(n == 1)
}

/// Adds `owners` to the entry of a snapshot with `key`: the entry as it now stands, or None when
/// the snapshot has no entry with that key.
pub fn add_owners(conn: &Connection, snapshot: Uuid, key: &str, owners: &[ListOwner]) -> Result<Option<ListEntry>> {
    let Some(mut e) = get(conn, snapshot, key)? else { return Ok(None) };
    e.owners.extend_from_slice(owners);
    super::exec(
        conn,
        "UPDATE list_entries SET entry = ?3 WHERE snapshot_id = ?1 AND key = ?2",
        params![snapshot.to_string(), key, json(&e)],
    )
    .map_err(Error::writing(format_args!("the owners of list entry {} ({})", e.key, e.name)))?;
    Ok(Some(e))
}

/// The entry of a snapshot with `key`, if any.
pub fn get(conn: &Connection, snapshot: Uuid, key: &str) -> Result<Option<ListEntry>> {
    Ok(super::query_row(
        conn,
        "SELECT entry FROM list_entries WHERE snapshot_id = ?1 AND key = ?2",
        params![snapshot.to_string(), key],
        |r| super::col_json(r, 0),
    )
    .optional()?)
}

/// The entries of snapshot `new` that snapshot `old` does not list under the same screened names
/// (`ListEntry::screened_names`): added or renamed; by key. Only the entries whose stored form
/// differs are compared, one pair at a time.
pub fn changed(conn: &Connection, old: Uuid, new: Uuid) -> Result<Vec<ListEntry>> {
    let mut st = conn.prepare_cached(
        "SELECT n.entry, o.entry FROM list_entries n \
         LEFT JOIN list_entries o ON o.snapshot_id = ?2 AND o.key = n.key \
         WHERE n.snapshot_id = ?1 AND (o.entry IS NULL OR o.entry != n.entry) ORDER BY n.key",
    )?;
    let mut rows = st.query(params![new.to_string(), old.to_string()])?;
    let mut out = vec![];
    while let Some(r) = rows.next()? {
        let n: ListEntry = super::col_json(r, 0)?;
        let o: Option<ListEntry> = match r.get_ref(1)? {
            rusqlite::types::ValueRef::Null => None,
            _ => Some(super::col_json(r, 1)?),
        };
        if o.is_none_or(|o| o.screened_names() != n.screened_names()) {
            out.push(n);
        }
    }
    Ok(out)
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
