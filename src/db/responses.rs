//! The `responses` table: the answers to an allegation, in order. Owned by the allegation:
//! written and read with it (`records`), deleted with it.

use super::{col, col_opt, opt_str};
use crate::error::{Error, Result};
use crate::model::Response;
use rusqlite::{params, Connection};
use uuid::Uuid;

/// Replaces the responses to one allegation, keeping their order.
pub fn replace(conn: &Connection, allegation_id: Uuid, responses: &[Response]) -> Result<()> {
    super::exec(conn, "DELETE FROM responses WHERE allegation_id = ?1", [allegation_id.to_string()])?;
    let mut st = conn.prepare_cached(
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
        .map_err(Error::writing(format_args!("allegation {allegation_id}: response {}", r.id)))?;
    }
    Ok(())
}

const SELECT: &str = "SELECT x.allegation_id, x.id, x.responder, x.statement, x.date, x.source_id FROM responses x";

/// Every row, by allegation id and position: what `bulk::each_allegation` joins to allegations.
pub(super) const ALL_BY_ALLEGATION: &str = "SELECT x.allegation_id, x.id, x.responder, x.statement, x.date, x.source_id FROM responses x ORDER BY x.allegation_id, x.position";

/// The responses to one allegation, in their order; empty when it has none (or does not exist).
pub fn for_allegation(conn: &Connection, allegation_id: Uuid) -> Result<Vec<Response>> {
    let rows = conn
        .prepare_cached(
            "SELECT allegation_id, id, responder, statement, date, source_id FROM responses
             WHERE allegation_id = ?1 ORDER BY position",
        )?
        .query_map([allegation_id.to_string()], from_row)?
        .map(|r| r.map(|(_, x)| x))
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The responses to the allegations of one company (or of a batch) or of every company, each with its
/// allegation's id, grouped by allegation, in their order.
pub(super) fn in_scope(conn: &Connection, company: super::bulk::Scope<'_>) -> Result<Vec<(Uuid, Response)>> {
    super::bulk::allegation_rows(conn, SELECT, company, from_row)
}

pub(super) fn from_row(r: &rusqlite::Row) -> rusqlite::Result<(Uuid, Response)> {
    Ok((
        col(r, 0)?,
        Response {
            id: col(r, 1)?,
            responder: r.get(2)?,
            statement: r.get(3)?,
            date: col_opt(r, 4)?,
            source_id: col_opt(r, 5)?,
        },
    ))
}
