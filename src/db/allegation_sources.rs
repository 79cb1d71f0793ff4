//! The `allegation_sources` table: an allegation's citations (source and credibility), in order.
//! Owned by the allegation: written and read with it (`records`). A cited source cannot be deleted.

use super::col;
use crate::error::{Error, Result};
use crate::model::Citation;
use rusqlite::{params, Connection};
use uuid::Uuid;

/// Replaces the citations of one allegation, keeping their order.
pub fn replace(conn: &Connection, allegation_id: Uuid, citations: &[Citation]) -> Result<()> {
    super::exec(conn, "DELETE FROM allegation_sources WHERE allegation_id = ?1", [allegation_id.to_string()])?;
    let mut st = conn.prepare_cached(
        "INSERT INTO allegation_sources (allegation_id, source_id, position, credibility) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (i, c) in citations.iter().enumerate() {
        st.execute(params![allegation_id.to_string(), c.source_id.to_string(), i as i64, c.credibility.code()])
            .map_err(Error::writing(format_args!("allegation {allegation_id}: citation of source {}", c.source_id)))?;
    }
    Ok(())
}

const SELECT: &str = "SELECT x.allegation_id, x.source_id, x.credibility FROM allegation_sources x";

/// Every row, by allegation id and position: what `bulk::each_allegation` joins to allegations.
pub(super) const ALL_BY_ALLEGATION: &str =
    "SELECT x.allegation_id, x.source_id, x.credibility FROM allegation_sources x ORDER BY x.allegation_id, x.position";

/// The citations of one allegation, in their order; empty when it has none (or does not exist).
pub fn for_allegation(conn: &Connection, allegation_id: Uuid) -> Result<Vec<Citation>> {
    let rows = conn
        .prepare_cached(
            "SELECT allegation_id, source_id, credibility FROM allegation_sources
             WHERE allegation_id = ?1 ORDER BY position",
        )?
        .query_map([allegation_id.to_string()], from_row)?
        .map(|r| r.map(|(_, c)| c))
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The citations of the allegations of one company (or of a batch) or of every company, each with its
/// allegation's id, grouped by allegation, in their order.
pub(super) fn in_scope(conn: &Connection, company: super::bulk::Scope<'_>) -> Result<Vec<(Uuid, Citation)>> {
    super::bulk::allegation_rows(conn, SELECT, company, from_row)
}

pub(super) fn from_row(r: &rusqlite::Row) -> rusqlite::Result<(Uuid, Citation)> {
    Ok((col(r, 0)?, Citation { source_id: col(r, 1)?, credibility: col(r, 2)? }))
}
