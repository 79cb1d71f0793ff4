//! The `assessment_cache` table: each company's score and band for one as-of date, scoring
//! model and data version (the newest audit row's id). See migration 0010.

use super::col;
use crate::error::Result;
use crate::risk::Band;
use chrono::NaiveDate;
use rusqlite::{params, Connection};
use std::collections::HashMap;
use uuid::Uuid;

/// The data version: the id of the newest audit row (0 for none). Every write to a record a
/// score reads (companies, sources, allegations with their citations and responses,
/// designations, restrictions, cloud offerings) adds an audit row in its transaction.
pub fn data_version(conn: &Connection) -> Result<i64> {
    Ok(super::query_row(conn, "SELECT coalesce(max(id), 0) FROM audit_log", [], |r| r.get(0))?)
}

/// The cached scores and bands of every company, when every company has one for this as-of
/// date, model and version; otherwise `None` (compute them again).
pub fn get(
    conn: &Connection,
    as_of: NaiveDate,
    model: &str,
    version: i64,
) -> Result<Option<HashMap<Uuid, (u32, Band)>>> {
    let mut st = conn.prepare_cached(
        "SELECT company_id, score, band FROM assessment_cache WHERE as_of = ?1 AND model = ?2 AND version = ?3",
    )?;
    let rows: HashMap<Uuid, (u32, Band)> = st
        .query_map(params![as_of.to_string(), model, version], |r| Ok((col(r, 0)?, (r.get(1)?, col(r, 2)?))))?
        .collect::<rusqlite::Result<_>>()?;
    let companies: i64 = super::query_row(conn, "SELECT count(*) FROM companies", [], |r| r.get(0))?;
    Ok((rows.len() as i64 == companies).then_some(rows))
}

/// The `limit` companies with the highest cached scores for this as-of date, model and version,
/// ties by legal name (the portfolio's order), when every company has one; otherwise `None`.
pub fn top(
    conn: &Connection,
    as_of: NaiveDate,
    model: &str,
    version: i64,
    limit: usize,
) -> Result<Option<Vec<(Uuid, u32, Band)>>> {
    let cached: i64 = super::query_row(
        conn,
        "SELECT count(*) FROM assessment_cache WHERE as_of = ?1 AND model = ?2 AND version = ?3",
        params![as_of.to_string(), model, version],
        |r| r.get(0),
    )?;
    let companies: i64 = super::query_row(conn, "SELECT count(*) FROM companies", [], |r| r.get(0))?;
    if cached != companies {
        return Ok(None);
    }
    let mut st = conn.prepare_cached(
        "SELECT a.company_id, a.score, a.band FROM assessment_cache a JOIN companies c ON c.id = a.company_id
         WHERE a.as_of = ?1 AND a.model = ?2 AND a.version = ?3
         ORDER BY a.score DESC, c.legal_name, c.id LIMIT ?4",
    )?;
    let rows = st
        .query_map(params![as_of.to_string(), model, version, limit as i64], |r| {
            Ok((col(r, 0)?, r.get(1)?, col(r, 2)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some(rows))
}

/// Replaces the cache with these scores, in the caller's transaction.
pub fn put(conn: &Connection, as_of: NaiveDate, model: &str, version: i64, scores: &[(Uuid, u32, Band)]) -> Result<()> {
    super::exec(conn, "DELETE FROM assessment_cache", [])?;
    let mut st = conn.prepare_cached(
        "INSERT INTO assessment_cache (company_id, as_of, model, version, score, band) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    let day = as_of.to_string();
    for (id, score, band) in scores {
        st.execute(params![id.to_string(), day, model, version, score, band.code()])?;
    }
    Ok(())
}
