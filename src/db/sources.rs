//! The `sources` table: one row per source. A source still cited (by a citation, a record's
//! `source_id` or a company profile) cannot be deleted.

use super::{col, col_opt, found, opt_str};
use crate::error::{Error, Result};
use crate::model::Source;
use rusqlite::{params, Connection, OptionalExtension, Row};
use uuid::Uuid;

const COLUMNS: &str = "id, publisher, title, url, published, kind, reliability, note, updated_at";

fn from_row(r: &Row) -> rusqlite::Result<Source> {
    Ok(Source {
        id: col(r, 0)?,
        publisher: r.get(1)?,
        title: r.get(2)?,
        url: r.get(3)?,
        published: col_opt(r, 4)?,
        kind: col(r, 5)?,
        reliability: col(r, 6)?,
        note: r.get(7)?,
        updated_at: r.get(8)?,
    })
}

/// Inserts the source, or replaces the one with its id. A constraint violation is a validation
/// error naming the source.
pub fn upsert(conn: &Connection, s: &Source) -> Result<()> {
    super::exec(
        conn,
        "INSERT INTO sources (id, publisher, title, url, published, kind, reliability, note, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT(id) DO UPDATE SET publisher = excluded.publisher, title = excluded.title,
           url = excluded.url, published = excluded.published, kind = excluded.kind,
           reliability = excluded.reliability, note = excluded.note, updated_at = excluded.updated_at",
        params![
            s.id.to_string(),
            s.publisher,
            s.title,
            s.url,
            opt_str(&s.published),
            s.kind.code(),
            s.reliability.code(),
            s.note,
            s.updated_at
        ],
    )
    .map_err(Error::writing(format_args!("source {}", s.id)))?;
    Ok(())
}

/// The source with this id; not found when absent.
pub fn get(conn: &Connection, id: Uuid) -> Result<Source> {
    let mut st = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM sources WHERE id = ?1"))?;
    found(st.query_row([id.to_string()], from_row), || format!("no source with id {id}"))
}

/// Every source, by publisher, then title.
pub fn all(conn: &Connection) -> Result<Vec<Source>> {
    let mut st = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM sources ORDER BY publisher, title, id"))?;
    let rows = st.query_map([], from_row)?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Every source, by id, handed to `f` one at a time as read.
pub fn each(conn: &Connection, f: &mut dyn FnMut(Source) -> Result<()>) -> Result<()> {
    super::bulk::each(conn, &format!("SELECT {COLUMNS} FROM sources ORDER BY id"), from_row, f)
}

/// How many sources are stored.
pub fn count(conn: &Connection) -> Result<i64> {
    Ok(super::query_row(conn, "SELECT count(*) FROM sources", [], |r| r.get(0))?)
}

/// Deletes the source. A conflict when it is still cited (by a record or a company profile);
/// not found when there is no such source.
pub fn delete(conn: &Connection, id: Uuid) -> Result<()> {
    let n =
        super::exec(conn, "DELETE FROM sources WHERE id = ?1", [id.to_string()]).map_err(|e| {
            match Error::writing(format_args!("source {id}"))(e) {
                Error::Conflict(_) => {
                    Error::Conflict(format!("source {id} is still cited; remove the citations before deleting it"))
                }
                other => other,
            }
        })?;
    // Company profiles cite sources in a JSON list, which foreign keys cannot see.
    let cited: i64 = super::query_row(
        conn,
        "SELECT count(*) FROM companies, json_each(companies.source_ids) WHERE json_each.value = ?1",
        [id.to_string()],
        |r| r.get(0),
    )?;
    if cited > 0 {
        return Err(Error::Conflict(format!(
            "source {id} is still cited by a company profile; remove the citation before deleting it"
        )));
    }
    if n == 0 {
        return Err(Error::NotFound(format!("no source with id {id}")));
    }
    Ok(())
}

/// The source with this id; `None` when absent.
pub fn get_opt(conn: &Connection, id: Uuid) -> Result<Option<Source>> {
    Ok(super::query_row(conn, &format!("SELECT {COLUMNS} FROM sources WHERE id = ?1"), [id.to_string()], from_row)
        .optional()?)
}
