//! The `scenarios` table: saved sets of hypothetical changes, the changes as a JSON array.

use super::{col, col_json, json};
use crate::error::{Error, Result};
use crate::model::Scenario;
use rusqlite::{params, Connection, OptionalExtension, Row};
use uuid::Uuid;

const SELECT: &str = "SELECT id, name, description, as_of, changes, updated_at FROM scenarios";

fn from_row(r: &Row) -> rusqlite::Result<Scenario> {
    let as_of: Option<String> = r.get(3)?;
    Ok(Scenario {
        id: col(r, 0)?,
        name: r.get(1)?,
        description: r.get(2)?,
        as_of: as_of
            .map(|d| d.parse().map_err(|e: chrono::ParseError| super::conversion_error(3, e.to_string())))
            .transpose()?,
        changes: col_json(r, 4)?,
        updated_at: r.get(5)?,
    })
}

/// Inserts the scenario, or replaces the one with its id. A name another scenario has is
/// `Error::Taken` on `name`.
pub fn upsert(conn: &Connection, x: &Scenario) -> Result<()> {
    super::exec(
        conn,
        "INSERT INTO scenarios (id, name, description, as_of, changes, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, description = excluded.description,
           as_of = excluded.as_of, changes = excluded.changes, updated_at = excluded.updated_at",
        params![
            x.id.to_string(),
            x.name,
            x.description,
            x.as_of.map(|d| d.to_string()),
            json(&x.changes),
            x.updated_at
        ],
    )
    .map_err(Error::writing(format_args!("scenario {:?}", x.name)))?;
    Ok(())
}

/// Every scenario, by name (ignoring case).
pub fn all(conn: &Connection) -> Result<Vec<Scenario>> {
    Ok(conn
        .prepare_cached(&format!("{SELECT} ORDER BY lower(name), id"))?
        .query_map([], from_row)?
        .collect::<rusqlite::Result<_>>()?)
}

/// Every scenario, by id, handed to `f` one at a time (a whole-database export).
pub fn each(conn: &Connection, f: &mut dyn FnMut(Scenario) -> Result<()>) -> Result<()> {
    super::bulk::each(conn, &format!("{SELECT} ORDER BY id"), from_row, f)
}

/// Deletes the scenario; not found when there is no such scenario.
pub fn delete(conn: &Connection, id: Uuid) -> Result<()> {
    match super::exec(conn, "DELETE FROM scenarios WHERE id = ?1", [id.to_string()])? {
        0 => Err(Error::NotFound(format!("no scenario with id {id}"))),
        _ => Ok(()),
    }
}

/// The scenario with this id; `None` when absent.
pub fn get_opt(conn: &Connection, id: Uuid) -> Result<Option<Scenario>> {
    Ok(super::query_row(conn, &format!("{SELECT} WHERE id = ?1"), [id.to_string()], from_row).optional()?)
}
