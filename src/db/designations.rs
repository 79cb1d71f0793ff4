//! The `designations` table: one row per company status on an official list.

use super::{col, col_opt, opt_str};
use crate::error::{Error, Result};
use crate::model::Designation;
use rusqlite::{params, Connection, OptionalExtension, Row};
use uuid::Uuid;

fn from_row(r: &Row) -> rusqlite::Result<Designation> {
    Ok(Designation {
        id: col(r, 0)?,
        company_id: col(r, 1)?,
        list: col(r, 2)?,
        listed_name: r.get(3)?,
        status: col(r, 4)?,
        since: col_opt(r, 5)?,
        until: col_opt(r, 6)?,
        as_of: col_opt(r, 7)?,
        citation: r.get(8)?,
        source_id: col_opt(r, 9)?,
        note: r.get(10)?,
        updated_at: r.get(11)?,
    })
}

/// Inserts the designation, or replaces the one with its id. A constraint violation (e.g.
/// "not listed" without `as_of`, `until` before `since`) is a validation or conflict error naming it.
pub fn upsert(conn: &Connection, d: &Designation) -> Result<()> {
    super::exec(
        conn,
        "INSERT INTO designations (id, company_id, list, listed_name, status, since, until, as_of,
                                   citation, source_id, note, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
         ON CONFLICT(id) DO UPDATE SET company_id = excluded.company_id, list = excluded.list,
           listed_name = excluded.listed_name, status = excluded.status, since = excluded.since,
           until = excluded.until, as_of = excluded.as_of, citation = excluded.citation,
           source_id = excluded.source_id, note = excluded.note, updated_at = excluded.updated_at",
        params![
            d.id.to_string(),
            d.company_id.to_string(),
            d.list.code(),
            d.listed_name,
            d.status.code(),
            opt_str(&d.since),
            opt_str(&d.until),
            opt_str(&d.as_of),
            d.citation,
            d.source_id.map(|s| s.to_string()),
            d.note,
            d.updated_at
        ],
    )
    .map_err(Error::writing(format_args!("designation {}", d.id)))?;
    Ok(())
}

/// The company's designations, by list code, then date (`since`, else `as_of`).
pub fn for_company(conn: &Connection, company_id: Uuid) -> Result<Vec<Designation>> {
    in_scope(conn, super::bulk::Scope::Of(&[company_id]))
}

const SELECT: &str = "SELECT id, company_id, list, listed_name, status, since, until, as_of, citation, source_id,
                note, updated_at
         FROM designations";

/// Every designation, by id, handed to `f` one at a time as read: a whole-database
/// export holds one at a time, not all.
pub fn each(conn: &Connection, f: &mut dyn FnMut(Designation) -> Result<()>) -> Result<()> {
    super::bulk::each(conn, &format!("{SELECT} ORDER BY id"), from_row, f)
}

/// One company's designations (or of a batch) or every company's, grouped by company, each company's in
/// the order of `for_company`.
pub(super) fn in_scope(conn: &Connection, company: super::bulk::Scope<'_>) -> Result<Vec<Designation>> {
    super::bulk::rows(conn, SELECT, "list, coalesce(since, as_of, ''), id", company, from_row)
}

/// Deletes the designation; not found when there is no such designation.
pub fn delete(conn: &Connection, id: Uuid) -> Result<()> {
    match super::exec(conn, "DELETE FROM designations WHERE id = ?1", [id.to_string()])? {
        0 => Err(Error::NotFound(format!("no designation with id {id}"))),
        _ => Ok(()),
    }
}

/// The designation with this id; `None` when absent.
pub fn get_opt(conn: &Connection, id: Uuid) -> Result<Option<Designation>> {
    Ok(super::query_row(conn, "SELECT id, company_id, list, listed_name, status, since, until, as_of, citation, source_id, note, updated_at FROM designations WHERE id = ?1", [id.to_string()], from_row).optional()?)
}

/// The lists each of these companies is on now (status `listed`, no end date), by list code.
pub fn current_lists(
    conn: &Connection,
    ids: &[Uuid],
) -> Result<std::collections::HashMap<Uuid, Vec<crate::model::OfficialList>>> {
    let arg = serde_json::to_string(&ids.iter().map(Uuid::to_string).collect::<Vec<_>>()).expect("ids");
    let mut st = conn.prepare_cached(
        "SELECT DISTINCT company_id, list FROM designations
         WHERE status = 'listed' AND until IS NULL AND company_id IN (SELECT value FROM json_each(?1))
         ORDER BY company_id, list",
    )?;
    let mut out: std::collections::HashMap<Uuid, Vec<crate::model::OfficialList>> = std::collections::HashMap::new();
    for row in st.query_map([arg], |r| Ok((col(r, 0)?, col(r, 1)?)))? {
        let (id, list) = row?;
        out.entry(id).or_default().push(list);
    }
    Ok(out)
}
