//! The `allegations` table: one row per allegation. Its citations and responses live in
//! `allegation_sources` and `responses`; `records` reads and writes the three together.

use super::{col, col_opt, opt_str};
use crate::error::{Error, Result};
use crate::model::Allegation;
use rusqlite::{params, Connection, OptionalExtension, Row};
use uuid::Uuid;

/// Reads the allegation row; citations and responses are filled in by their own modules.
fn from_row(r: &Row) -> rusqlite::Result<Allegation> {
    Ok(Allegation {
        id: col(r, 0)?,
        company_id: col(r, 1)?,
        category: col(r, 2)?,
        summary: r.get(3)?,
        detail: r.get(4)?,
        status: col(r, 5)?,
        first_reported: col_opt(r, 6)?,
        citations: Vec::new(),
        responses: Vec::new(),
        updated_at: r.get(7)?,
        attribution: r.get(8)?,
    })
}

/// Inserts the allegation row, or replaces the one with its id (citations and responses aside).
/// A constraint violation is a validation or conflict error naming the allegation.
pub fn upsert(conn: &Connection, a: &Allegation) -> Result<()> {
    super::exec(
        conn,
        "INSERT INTO allegations (id, company_id, category, summary, detail, status, first_reported, updated_at, attribution)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT(id) DO UPDATE SET company_id = excluded.company_id, category = excluded.category,
           summary = excluded.summary, detail = excluded.detail, status = excluded.status,
           first_reported = excluded.first_reported, updated_at = excluded.updated_at,
           attribution = excluded.attribution",
        params![
            a.id.to_string(),
            a.company_id.to_string(),
            a.category.code(),
            a.summary,
            a.detail,
            a.status.code(),
            opt_str(&a.first_reported),
            a.updated_at,
            a.attribution
        ],
    )
    .map_err(Error::writing(format_args!("allegation {}", a.id)))?;
    Ok(())
}

/// The company's allegations, first reported first (undated last), with empty citations and
/// responses.
pub fn for_company(conn: &Connection, company_id: Uuid) -> Result<Vec<Allegation>> {
    in_scope(conn, super::bulk::Scope::Of(&[company_id]))
}

const SELECT: &str = "SELECT id, company_id, category, summary, detail, status, first_reported, updated_at, attribution
         FROM allegations";

/// Every allegation (with empty citations and responses), by id, handed to `f` one at a time as read: a whole-database
/// export holds one at a time, not all.
pub fn each(conn: &Connection, f: &mut dyn FnMut(Allegation) -> Result<()>) -> Result<()> {
    super::bulk::each(conn, &format!("{SELECT} ORDER BY id"), from_row, f)
}

/// One company's allegations (or of a batch) or every company's, grouped by company, each company's in
/// the order of `for_company`.
pub(super) fn in_scope(conn: &Connection, company: super::bulk::Scope<'_>) -> Result<Vec<Allegation>> {
    super::bulk::rows(conn, SELECT, "coalesce(first_reported, '9999'), id", company, from_row)
}

/// Deletes the allegation (its citations and responses go with it, by cascade); not found when
/// there is no such allegation.
pub fn delete(conn: &Connection, id: Uuid) -> Result<()> {
    match super::exec(conn, "DELETE FROM allegations WHERE id = ?1", [id.to_string()])? {
        0 => Err(Error::NotFound(format!("no allegation with id {id}"))),
        _ => Ok(()),
    }
}

/// The allegation row with this id, with empty citations and responses; `None` when absent.
pub fn get_opt(conn: &Connection, id: Uuid) -> Result<Option<Allegation>> {
    Ok(super::query_row(conn, "SELECT id, company_id, category, summary, detail, status, first_reported, updated_at, attribution FROM allegations WHERE id = ?1", [id.to_string()], from_row).optional()?)
}
