//! The `allegation_sources` table: an allegation's citations (source and credibility), in order.
//! Owned by the allegation: written and read with it (`records`). A cited source cannot be deleted.

use super::col;
use crate::error::{Error, Result};
use crate::model::Citation;
use rusqlite::{params, Connection};
use uuid::Uuid;

/// Replaces the citations of one allegation, keeping their order.
pub fn replace(conn: &Connection, allegation_id: Uuid, citations: &[Citation]) -> Result<()> {
    conn.execute("DELETE FROM allegation_sources WHERE allegation_id = ?1", [allegation_id.to_string()])?;
    let mut st = conn.prepare(
        "INSERT INTO allegation_sources (allegation_id, source_id, position, credibility) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (i, c) in citations.iter().enumerate() {
        st.execute(params![allegation_id.to_string(), c.source_id.to_string(), i as i64, c.credibility.code()])
            .map_err(Error::writing(format!("allegation {allegation_id}: citation of source {}", c.source_id)))?;
    }
    Ok(())
}

/// The citations of one allegation, in their order; empty when it has none (or does not exist).
pub fn for_allegation(conn: &Connection, allegation_id: Uuid) -> Result<Vec<Citation>> {
    let mut st = conn
        .prepare("SELECT source_id, credibility FROM allegation_sources WHERE allegation_id = ?1 ORDER BY position")?;
    let rows = st
        .query_map([allegation_id.to_string()], |r| Ok(Citation { source_id: col(r, 0)?, credibility: col(r, 1)? }))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}
