//! The `persons` table: natural persons who own, found, direct or control companies.

use super::{col, col_json, json};
use crate::error::{Error, Result};
use crate::model::Person;
use rusqlite::{params, Connection, OptionalExtension, Row};
use uuid::Uuid;

const SELECT: &str = "SELECT id, name, native_name, nationality, note, updated_at, lists FROM persons";

fn from_row(r: &Row) -> rusqlite::Result<Person> {
    Ok(Person {
        id: col(r, 0)?,
        name: r.get(1)?,
        native_name: r.get(2)?,
        nationality: r.get(3)?,
        note: r.get(4)?,
        updated_at: r.get(5)?,
        lists: col_json(r, 6)?,
    })
}

/// Inserts the person, or replaces the one with its id.
pub fn upsert(conn: &Connection, x: &Person) -> Result<()> {
    super::exec(
        conn,
        "INSERT INTO persons (id, name, native_name, nationality, note, updated_at, lists) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, native_name = excluded.native_name,
           nationality = excluded.nationality, note = excluded.note, updated_at = excluded.updated_at,
           lists = excluded.lists",
        params![x.id.to_string(), x.name, x.native_name, x.nationality, x.note, x.updated_at, json(&x.lists)],
    )
    .map_err(Error::writing(format_args!("person {:?}", x.name)))?;
    Ok(())
}

/// Every person, by name (ignoring case).
pub fn all(conn: &Connection) -> Result<Vec<Person>> {
    Ok(conn
        .prepare_cached(&format!("{SELECT} ORDER BY lower(name), id"))?
        .query_map([], from_row)?
        .collect::<rusqlite::Result<_>>()?)
}

/// Every person, by id, handed to `f` one at a time (a whole-database export).
pub fn each(conn: &Connection, f: &mut dyn FnMut(Person) -> Result<()>) -> Result<()> {
    super::bulk::each(conn, &format!("{SELECT} ORDER BY id"), from_row, f)
}

/// Deletes the person; not found when there is no such person.
pub fn delete(conn: &Connection, id: Uuid) -> Result<()> {
    match super::exec(conn, "DELETE FROM persons WHERE id = ?1", [id.to_string()])? {
        0 => Err(Error::NotFound(format!("no person with id {id}"))),
        _ => Ok(()),
    }
}

/// The person with this id; `None` when absent.
pub fn get_opt(conn: &Connection, id: Uuid) -> Result<Option<Person>> {
    Ok(super::query_row(conn, &format!("{SELECT} WHERE id = ?1"), [id.to_string()], from_row).optional()?)
}

/// The names and listings of the persons with these ids (those that exist).
pub fn names(conn: &Connection, ids: &[Uuid]) -> Result<Vec<(Uuid, String, Vec<crate::model::PersonListing>)>> {
    let arg = serde_json::to_string(&ids.iter().map(Uuid::to_string).collect::<Vec<_>>()).expect("ids");
    let mut st = conn.prepare_cached(
        "SELECT id, name, lists FROM persons WHERE id IN (SELECT value FROM json_each(?1)) ORDER BY id",
    )?;
    let rows = st.query_map([arg], |r| Ok((col(r, 0)?, r.get(1)?, col_json(r, 2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
