//! The `restrictions` table: one row per government measure against a company.

use super::{col, col_opt, opt_str};
use crate::error::{Error, Result};
use crate::model::Restriction;
use rusqlite::{params, Connection, OptionalExtension, Row};
use uuid::Uuid;

fn from_row(r: &Row) -> rusqlite::Result<Restriction> {
    Ok(Restriction {
        id: col(r, 0)?,
        company_id: col(r, 1)?,
        jurisdiction: r.get(2)?,
        body: r.get(3)?,
        measure: r.get(4)?,
        scope: col(r, 5)?,
        date: col_opt(r, 6)?,
        source_id: col_opt(r, 7)?,
        updated_at: r.get(8)?,
    })
}

/// Inserts the restriction, or replaces the one with its id. A constraint violation is a
/// validation or conflict error naming the restriction.
pub fn upsert(conn: &Connection, x: &Restriction) -> Result<()> {
    super::exec(
        conn,
        "INSERT INTO restrictions (id, company_id, jurisdiction, body, measure, scope, date, source_id, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT(id) DO UPDATE SET company_id = excluded.company_id,
           jurisdiction = excluded.jurisdiction, body = excluded.body, measure = excluded.measure,
           scope = excluded.scope, date = excluded.date, source_id = excluded.source_id,
           updated_at = excluded.updated_at",
        params![
            x.id.to_string(),
            x.company_id.to_string(),
            x.jurisdiction,
            x.body,
            x.measure,
            x.scope.code(),
            opt_str(&x.date),
            x.source_id.map(|s| s.to_string()),
            x.updated_at
        ],
    )
    .map_err(Error::writing(format_args!("restriction {}", x.id)))?;
    Ok(())
}

/// The company's restrictions, oldest first (undated last), then by jurisdiction.
pub fn for_company(conn: &Connection, company_id: Uuid) -> Result<Vec<Restriction>> {
    in_scope(conn, super::bulk::Scope::Of(&[company_id]))
}

const SELECT: &str =
    "SELECT id, company_id, jurisdiction, body, measure, scope, date, source_id, updated_at FROM restrictions";

/// Every restriction, by id, handed to `f` one at a time as read: a whole-database
/// export holds one at a time, not all.
pub fn each(conn: &Connection, f: &mut dyn FnMut(Restriction) -> Result<()>) -> Result<()> {
    super::bulk::each(conn, &format!("{SELECT} ORDER BY id"), from_row, f)
}

/// One company's restrictions (or of a batch) or every company's, grouped by company, each company's in
/// the order of `for_company`.
pub(super) fn in_scope(conn: &Connection, company: super::bulk::Scope<'_>) -> Result<Vec<Restriction>> {
    super::bulk::rows(conn, SELECT, "coalesce(date, '9999'), jurisdiction, id", company, from_row)
}

/// Deletes the restriction; not found when there is no such restriction.
pub fn delete(conn: &Connection, id: Uuid) -> Result<()> {
    match super::exec(conn, "DELETE FROM restrictions WHERE id = ?1", [id.to_string()])? {
        0 => Err(Error::NotFound(format!("no restriction with id {id}"))),
        _ => Ok(()),
    }
}

/// The restriction with this id; `None` when absent.
pub fn get_opt(conn: &Connection, id: Uuid) -> Result<Option<Restriction>> {
    Ok(super::query_row(conn, "SELECT id, company_id, jurisdiction, body, measure, scope, date, source_id, updated_at FROM restrictions WHERE id = ?1", [id.to_string()], from_row).optional()?)
}
