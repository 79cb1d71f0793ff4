//! The `list_snapshots` table: each imported version of an official list. At most one snapshot
//! per list is current (`replaced_at` is null; a partial unique index enforces it).

use super::{col, col_json, col_opt, found, json};
use crate::error::{Error, Result};
use crate::model::{ListFormat, ListSnapshot, Timestamp};
use rusqlite::{params, Connection, OptionalExtension, Row};
use uuid::Uuid;

const COLUMNS: &str = "id, list, title, publisher, url, format, as_of, file_hash, files, entry_count, imported_at,
                       previous_id, added, removed, replaced_at";

fn from_row(r: &Row) -> rusqlite::Result<ListSnapshot> {
    let list: String = r.get(1)?;
    Ok(ListSnapshot {
        id: col(r, 0)?,
        regime: crate::lists::regime(&list),
        list,
        title: r.get(2)?,
        publisher: r.get(3)?,
        url: r.get(4)?,
        format: col(r, 5)?,
        as_of: col(r, 6)?,
        file_hash: r.get(7)?,
        files: col_json(r, 8)?,
        entry_count: r.get(9)?,
        imported_at: r.get(10)?,
        previous_id: col_opt(r, 11)?,
        added: r.get(12)?,
        removed: r.get(13)?,
        replaced_at: r.get(14)?,
    })
}

/// The current snapshot read from exactly these files (`file_hash`) in `format`, if any: the
/// same files in the same format are the same list.
pub fn current_of_files(conn: &Connection, format: ListFormat, file_hash: &str) -> Result<Option<ListSnapshot>> {
    Ok(super::query_row(
        conn,
        &format!("SELECT {COLUMNS} FROM list_snapshots WHERE replaced_at IS NULL AND format = ?1 AND file_hash = ?2"),
        params![format.code(), file_hash],
        from_row,
    )
    .optional()?)
}

/// Records a new snapshot. A second current snapshot of the same list is refused by the unique
/// index (`Error::Taken`): mark the old one replaced first.
pub fn insert(conn: &Connection, s: &ListSnapshot) -> Result<()> {
    super::exec(
        conn,
        &format!("INSERT INTO list_snapshots ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"),
        params![
            s.id.to_string(), s.list, s.title, s.publisher, s.url, s.format.code(), s.as_of.to_string(),
            s.file_hash, json(&s.files), s.entry_count, s.imported_at, s.previous_id.map(|p| p.to_string()),
            s.added, s.removed, s.replaced_at
        ],
    )
    .map_err(Error::writing(format_args!("list snapshot of {}", s.list)))?;
    Ok(())
}

/// The list's current snapshot, if any.
pub fn current(conn: &Connection, list: &str) -> Result<Option<ListSnapshot>> {
    Ok(super::query_row(
        conn,
        &format!("SELECT {COLUMNS} FROM list_snapshots WHERE list = ?1 AND replaced_at IS NULL"),
        [list],
        from_row,
    )
    .optional()?)
}

/// The snapshot with this id, current or replaced; not found when absent.
pub fn get(conn: &Connection, id: Uuid) -> Result<ListSnapshot> {
    found(
        super::query_row(
            conn,
            &format!("SELECT {COLUMNS} FROM list_snapshots WHERE id = ?1"),
            [id.to_string()],
            from_row,
        ),
        || format!("no list snapshot with id {id}"),
    )
}

/// Marks a snapshot as no longer current, at `at` (an RFC 3339 timestamp).
pub fn mark_replaced(conn: &Connection, id: Uuid, at: Timestamp) -> Result<()> {
    super::exec(conn, "UPDATE list_snapshots SET replaced_at = ?2 WHERE id = ?1", params![id.to_string(), at])?;
    Ok(())
}

/// Every snapshot: current ones first, then by list and newest first.
pub fn all(conn: &Connection) -> Result<Vec<ListSnapshot>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM list_snapshots ORDER BY replaced_at IS NOT NULL, list, as_of DESC, imported_at DESC"
    ))?;
    let rows = st.query_map([], from_row)?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}
