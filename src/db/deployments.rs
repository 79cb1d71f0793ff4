//! The `deployments` table: the organisation's register, one row per use of a vendor's product.

use super::{col, col_opt, opt_str};
use crate::error::{Error, Result};
use crate::model::Deployment;
use rusqlite::{params, Connection, OptionalExtension, Row};
use uuid::Uuid;

const SELECT: &str = "SELECT id, name, owner, company_id, vendor_name, product, route, platform, offering_id,
    data_class, status, users, review_date, notes, reported_by, reported_on, updated_at FROM deployments";

fn from_row(r: &Row) -> rusqlite::Result<Deployment> {
    Ok(Deployment {
        id: col(r, 0)?,
        name: r.get(1)?,
        owner: r.get(2)?,
        company_id: col_opt(r, 3)?,
        vendor_name: r.get(4)?,
        product: r.get(5)?,
        route: col(r, 6)?,
        platform: r.get(7)?,
        offering_id: col_opt(r, 8)?,
        data: col(r, 9)?,
        status: col(r, 10)?,
        users: r.get(11)?,
        review_date: col_opt(r, 12)?,
        notes: r.get(13)?,
        reported_by: r.get(14)?,
        reported_on: col_opt(r, 15)?,
        updated_at: r.get(16)?,
    })
}

/// Inserts the deployment, or replaces the one with its id. A constraint violation is a
/// validation or conflict error naming the deployment.
pub fn upsert(conn: &Connection, x: &Deployment) -> Result<()> {
    super::exec(
        conn,
        "INSERT INTO deployments (id, name, owner, company_id, vendor_name, product, route, platform, offering_id,
           data_class, status, users, review_date, notes, reported_by, reported_on, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, owner = excluded.owner,
           company_id = excluded.company_id, vendor_name = excluded.vendor_name, product = excluded.product,
           route = excluded.route, platform = excluded.platform, offering_id = excluded.offering_id,
           data_class = excluded.data_class, status = excluded.status, users = excluded.users,
           review_date = excluded.review_date, notes = excluded.notes, reported_by = excluded.reported_by,
           reported_on = excluded.reported_on, updated_at = excluded.updated_at",
        params![
            x.id.to_string(),
            x.name,
            x.owner,
            x.company_id.map(|c| c.to_string()),
            x.vendor_name,
            x.product,
            x.route.code(),
            x.platform,
            x.offering_id.map(|o| o.to_string()),
            x.data.code(),
            x.status.code(),
            x.users,
            opt_str(&x.review_date),
            x.notes,
            x.reported_by,
            opt_str(&x.reported_on),
            x.updated_at
        ],
    )
    .map_err(Error::writing(format_args!("deployment {}", x.id)))?;
    Ok(())
}

/// Every deployment, by vendor name (ignoring case), then name, then id.
pub fn all(conn: &Connection) -> Result<Vec<Deployment>> {
    Ok(conn
        .prepare_cached(&format!("{SELECT} ORDER BY lower(vendor_name), lower(name), id"))?
        .query_map([], from_row)?
        .collect::<rusqlite::Result<_>>()?)
}

/// The deployments of one company's products, by name.
pub fn for_company(conn: &Connection, company_id: Uuid) -> Result<Vec<Deployment>> {
    Ok(conn
        .prepare_cached(&format!("{SELECT} WHERE company_id = ?1 ORDER BY lower(name), id"))?
        .query_map([company_id.to_string()], from_row)?
        .collect::<rusqlite::Result<_>>()?)
}

/// Every deployment, by id, handed to `f` one at a time as read (a whole-database export).
pub fn each(conn: &Connection, f: &mut dyn FnMut(Deployment) -> Result<()>) -> Result<()> {
    super::bulk::each(conn, &format!("{SELECT} ORDER BY id"), from_row, f)
}

/// Deletes the deployment; not found when there is no such deployment.
pub fn delete(conn: &Connection, id: Uuid) -> Result<()> {
    match super::exec(conn, "DELETE FROM deployments WHERE id = ?1", [id.to_string()])? {
        0 => Err(Error::NotFound(format!("no deployment with id {id}"))),
        _ => Ok(()),
    }
}

/// The deployment with this id; `None` when absent.
pub fn get_opt(conn: &Connection, id: Uuid) -> Result<Option<Deployment>> {
    Ok(super::query_row(conn, &format!("{SELECT} WHERE id = ?1"), [id.to_string()], from_row).optional()?)
}
