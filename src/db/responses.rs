//! The `responses` table: the answers to an allegation, in order. Owned by the allegation:
//! written and read with it (`records`), deleted with it.

use super::{col, col_opt, opt_str};
use crate::error::{Error, Result};
use crate::model::Response;
use rusqlite::{params, Connection};
use uuid::Uuid;

/// Replaces the responses to one allegation, keeping their order.
pub fn replace(conn: &Connection, allegation_id: Uuid, responses: &[Response]) -> Result<()> {
    conn.execute("DELETE FROM responses WHERE allegation_id = ?1", [allegation_id.to_string()])?;
    let mut st = conn.prepare(
        "INSERT INTO responses (id, allegation_id, position, responder, statement, date, source_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (i, r) in responses.iter().enumerate() {
        st.execute(params![
            r.id.to_string(),
            allegation_id.to_string(),
            i as i64,
            r.responder,
            r.statement,
            opt_str(&r.date),
            r.source_id.map(|s| s.to_string())
        ])
        .map_err(Error::writing(format!("allegation {allegation_id}: response {}", r.id)))?;
    }
    Ok(())
}

/// The responses to one allegation, in their order; empty when it has none (or does not exist).
pub fn for_allegation(conn: &Connection, allegation_id: Uuid) -> Result<Vec<Response>> {
    let mut st = conn.prepare(
        "SELECT id, responder, statement, date, source_id FROM responses
         WHERE allegation_id = ?1 ORDER BY position",
    )?;
    let rows = st
        .query_map([allegation_id.to_string()], |r| {
            Ok(Response {
                id: col(r, 0)?,
                responder: r.get(1)?,
                statement: r.get(2)?,
                date: col_opt(r, 3)?,
                source_id: col_opt(r, 4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}
