//! The `companies` table: one row per company profile. Deleting a company deletes what is
//! recorded about it (foreign keys cascade).

use super::{col, col_json, found, json};
use crate::error::{Error, Result};
use crate::model::{Company, CompanySummary};
use rusqlite::{params, Connection, OptionalExtension, Row};
use uuid::Uuid;

const COLUMNS: &str = "id, slug, legal_name, native_name, aliases, country, headquarters, owner, \
                       sector, website, description, products, source_ids, updated_at";

fn from_row(r: &Row) -> rusqlite::Result<Company> {
    Ok(Company {
        id: col(r, 0)?,
        slug: r.get(1)?,
        legal_name: r.get(2)?,
        native_name: r.get(3)?,
        aliases: col_json(r, 4)?,
        country: r.get(5)?,
        headquarters: r.get(6)?,
        owner: r.get(7)?,
        sector: r.get(8)?,
        website: r.get(9)?,
        description: r.get(10)?,
        products: col_json(r, 11)?,
        source_ids: col_json(r, 12)?,
        updated_at: r.get(13)?,
    })
}

/// Inserts the company, or replaces the one with its id. A slug already used by another company
/// is `Error::Taken`; another constraint violation is a validation error naming the company.
pub fn upsert(conn: &Connection, c: &Company) -> Result<()> {
    super::exec(
        conn,
        "INSERT INTO companies (id, slug, legal_name, native_name, aliases, country, headquarters,
                                owner, sector, website, description, products, source_ids, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
         ON CONFLICT(id) DO UPDATE SET slug = excluded.slug, legal_name = excluded.legal_name,
           native_name = excluded.native_name, aliases = excluded.aliases, country = excluded.country,
           headquarters = excluded.headquarters, owner = excluded.owner, sector = excluded.sector,
           website = excluded.website, description = excluded.description,
           products = excluded.products, source_ids = excluded.source_ids,
           updated_at = excluded.updated_at",
        params![
            c.id.to_string(),
            c.slug,
            c.legal_name,
            c.native_name,
            json(&c.aliases),
            c.country,
            c.headquarters,
            c.owner,
            c.sector,
            c.website,
            c.description,
            json(&c.products),
            json(&c.source_ids),
            c.updated_at
        ],
    )
    .map_err(Error::writing(format_args!("company {} ({})", c.slug, c.id)))?;
    Ok(())
}

/// The company with this id; not found when absent.
pub fn get(conn: &Connection, id: Uuid) -> Result<Company> {
    let mut st = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM companies WHERE id = ?1"))?;
    found(st.query_row([id.to_string()], from_row), || format!("no company with id {id}"))
}

/// Every company, by legal name (ignoring case), then id: the portfolio's order.
pub fn all(conn: &Connection) -> Result<Vec<Company>> {
    let mut st =
        conn.prepare_cached(&format!("SELECT {COLUMNS} FROM companies ORDER BY legal_name COLLATE NOCASE, id"))?;
    let rows = st.query_map([], from_row)?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Every company's id, in order.
pub fn ids(conn: &Connection) -> Result<Vec<Uuid>> {
    let mut st = conn.prepare_cached("SELECT id FROM companies ORDER BY id")?;
    let rows = st.query_map([], |r| col(r, 0))?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Every company, by id, handed to `f` one at a time as read.
pub fn each(conn: &Connection, f: &mut dyn FnMut(Company) -> Result<()>) -> Result<()> {
    super::bulk::each(conn, &format!("SELECT {COLUMNS} FROM companies ORDER BY id"), from_row, f)
}

/// By slug, then id, then case-insensitive legal name, alias or unique name prefix.
pub fn find(conn: &Connection, reference: &str) -> Result<Company> {
    let reference = reference.trim();
    let by = |sql: &str, arg: &str| -> Result<Option<Company>> {
        Ok(super::query_row(conn, &format!("SELECT {COLUMNS} FROM companies WHERE {sql}"), [arg], from_row)
            .optional()?)
    };
    if let Some(c) = by("slug = ?1", &reference.to_lowercase())? {
        return Ok(c);
    }
    if let Some(c) = by("id = ?1", reference)? {
        return Ok(c);
    }
    // A legal name that begins with the reference, a native name, or an alias: each an index
    // range or lookup (migration 0008), never a scan of every company.
    let mut st = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM companies WHERE id IN (
            SELECT id FROM companies WHERE lower(legal_name) >= lower(?1) AND lower(legal_name) < lower(?1) || char(1114111)
            UNION SELECT id FROM companies WHERE native_name = ?1
            UNION SELECT company_id FROM company_aliases WHERE alias = lower(?1))
         ORDER BY slug"
    ))?;
    let hits: Vec<Company> = st.query_map(params![reference], from_row)?.collect::<rusqlite::Result<_>>()?;
    match hits.len() {
        1 => Ok(hits.into_iter().next().unwrap()),
        0 => Err(Error::NotFound(format!("no company matches {reference:?}; run `riskbrief list` to see the slugs"))),
        _ => Err(Error::Validation(format!(
            "{reference:?} matches several companies ({}); use a slug",
            hits.iter().map(|c| c.slug.as_str()).collect::<Vec<_>>().join(", ")
        ))),
    }
}

/// One summary row per company in scope, with its counts and platforms, by legal name (ignoring
/// case).
pub(super) fn summaries(conn: &Connection, scope: super::bulk::Scope<'_>) -> Result<Vec<CompanySummary>> {
    let (filter, args) = scope.filter("c.id");
    let mut st = conn.prepare_cached(&format!(
        "SELECT c.id, c.slug, c.legal_name, c.country, c.updated_at, c.aliases,
           (SELECT count(*) FROM allegations a WHERE a.company_id = c.id),
           (SELECT count(DISTINCT d.list) FROM designations d WHERE d.company_id = c.id AND d.status = 'listed'),
           (SELECT count(*) FROM restrictions r WHERE r.company_id = c.id),
           (SELECT json_group_array(platform) FROM
              (SELECT DISTINCT platform FROM cloud_offerings o WHERE o.company_id = c.id ORDER BY platform))
         FROM companies c {filter} ORDER BY c.legal_name COLLATE NOCASE, c.id"
    ))?;
    let rows = st
        .query_map(rusqlite::params_from_iter(args), |r| {
            let (aliases, legal_name): (Vec<String>, String) = (col_json(r, 5)?, r.get(2)?);
            Ok(CompanySummary {
                display_name: crate::model::display_name(&aliases, &legal_name).to_string(),
                id: col(r, 0)?,
                slug: r.get(1)?,
                legal_name,
                country: r.get(3)?,
                updated_at: r.get(4)?,
                allegations: r.get(6)?,
                designations_listed: r.get(7)?,
                restrictions: r.get(8)?,
                platforms: col_json(r, 9)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// How many companies are stored.
pub fn count(conn: &Connection) -> Result<i64> {
    Ok(super::query_row(conn, "SELECT count(*) FROM companies", [], |r| r.get(0))?)
}

/// Deletes the company and, by cascade, its allegations, designations, restrictions, cloud
/// offerings, screening hits and screenings; not found when there is no such company.
pub fn delete(conn: &Connection, id: Uuid) -> Result<()> {
    match super::exec(conn, "DELETE FROM companies WHERE id = ?1", [id.to_string()])? {
        0 => Err(Error::NotFound(format!("no company with id {id}"))),
        _ => Ok(()),
    }
}

/// The company with this id; `None` when absent.
pub fn get_opt(conn: &Connection, id: Uuid) -> Result<Option<Company>> {
    Ok(super::query_row(conn, &format!("SELECT {COLUMNS} FROM companies WHERE id = ?1"), [id.to_string()], from_row)
        .optional()?)
}

/// The companies with these ids (those that exist) as parties: id, slug and display name.
pub fn as_parties(conn: &Connection, ids: &[Uuid]) -> Result<Vec<(Uuid, String, String)>> {
    let arg = serde_json::to_string(&ids.iter().map(Uuid::to_string).collect::<Vec<_>>()).expect("ids");
    let mut st = conn.prepare_cached(
        "SELECT id, slug, legal_name, aliases FROM companies WHERE id IN (SELECT value FROM json_each(?1)) ORDER BY id",
    )?;
    let rows = st.query_map([arg], |r| {
        let aliases: Vec<String> = col_json(r, 3)?;
        let legal: String = r.get(2)?;
        Ok((col(r, 0)?, r.get(1)?, crate::model::display_name(&aliases, &legal).to_string()))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
