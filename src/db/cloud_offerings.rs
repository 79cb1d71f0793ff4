//! The `cloud_offerings` table: one row per company product offered on a cloud platform.

use super::{col, col_json, col_opt, json, opt_str};
use crate::error::{Error, Result};
use crate::model::CloudOffering;
use rusqlite::{params, Connection, OptionalExtension, Row};
use uuid::Uuid;

fn from_row(r: &Row) -> rusqlite::Result<CloudOffering> {
    Ok(CloudOffering {
        id: col(r, 0)?,
        company_id: col(r, 1)?,
        product: r.get(2)?,
        platform: r.get(3)?,
        service: r.get(4)?,
        offering_type: col(r, 5)?,
        data_path: col(r, 6)?,
        regions: col_json(r, 7)?,
        available_since: col_opt(r, 8)?,
        last_verified: col_opt(r, 9)?,
        source_id: col_opt(r, 10)?,
        note: r.get(11)?,
        updated_at: r.get(12)?,
    })
}

/// Inserts the offering, or replaces the one with its id. A constraint violation (e.g. an
/// unknown company or source) is a validation or conflict error naming the offering.
pub fn upsert(conn: &Connection, o: &CloudOffering) -> Result<()> {
    super::exec(
        conn,
        "INSERT INTO cloud_offerings (id, company_id, product, platform, service, offering_type, data_path,
                                      regions, available_since, last_verified, source_id, note, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
         ON CONFLICT(id) DO UPDATE SET company_id = excluded.company_id, product = excluded.product,
           platform = excluded.platform, service = excluded.service,
           offering_type = excluded.offering_type, data_path = excluded.data_path,
           regions = excluded.regions, available_since = excluded.available_since,
           last_verified = excluded.last_verified, source_id = excluded.source_id,
           note = excluded.note, updated_at = excluded.updated_at",
        params![
            o.id.to_string(),
            o.company_id.to_string(),
            o.product,
            o.platform,
            o.service,
            o.offering_type.code(),
            o.data_path.code(),
            json(&o.regions),
            opt_str(&o.available_since),
            opt_str(&o.last_verified),
            o.source_id.map(|s| s.to_string()),
            o.note,
            o.updated_at
        ],
    )
    .map_err(Error::writing(format_args!("cloud offering {}", o.id)))?;
    Ok(())
}

/// The company's cloud offerings, by platform, then date available (undated last), then service.
pub fn for_company(conn: &Connection, company_id: Uuid) -> Result<Vec<CloudOffering>> {
    in_scope(conn, super::bulk::Scope::Of(&[company_id]))
}

const SELECT: &str = "SELECT id, company_id, product, platform, service, offering_type, data_path, regions,
                available_since, last_verified, source_id, note, updated_at
         FROM cloud_offerings";

/// Every cloud offering, by id, handed to `f` one at a time as read: a whole-database
/// export holds one at a time, not all.
pub fn each(conn: &Connection, f: &mut dyn FnMut(CloudOffering) -> Result<()>) -> Result<()> {
    super::bulk::each(conn, &format!("{SELECT} ORDER BY id"), from_row, f)
}

/// One company's cloud offerings (or of a batch) or every company's, grouped by company, each company's
/// in the order of `for_company`.
pub(super) fn in_scope(conn: &Connection, company: super::bulk::Scope<'_>) -> Result<Vec<CloudOffering>> {
    super::bulk::rows(conn, SELECT, "platform, coalesce(available_since, '9999'), service, id", company, from_row)
}

/// Deletes the offering; not found when there is no such offering.
pub fn delete(conn: &Connection, id: Uuid) -> Result<()> {
    match super::exec(conn, "DELETE FROM cloud_offerings WHERE id = ?1", [id.to_string()])? {
        0 => Err(Error::NotFound(format!("no cloud offering with id {id}"))),
        _ => Ok(()),
    }
}

/// The offering with this id; `None` when absent.
pub fn get_opt(conn: &Connection, id: Uuid) -> Result<Option<CloudOffering>> {
    Ok(super::query_row(conn, "SELECT id, company_id, product, platform, service, offering_type, data_path, regions, available_since, last_verified, source_id, note, updated_at FROM cloud_offerings WHERE id = ?1", [id.to_string()], from_row).optional()?)
}
