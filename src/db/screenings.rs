//! The `screenings` table: that a company was screened against a list snapshot, when, and at
//! what threshold (one row per company and snapshot; the latest screening wins).

use super::col;
use crate::error::Result;
use crate::model::{Screening, Timestamp};
use rusqlite::{params, Connection};
use uuid::Uuid;

/// Records that the company was screened against the snapshot at `at` (RFC 3339) with
/// `threshold` (0–100), replacing an earlier screening against the same snapshot.
pub fn upsert(conn: &Connection, company_id: Uuid, snapshot_id: Uuid, at: Timestamp, threshold: u8) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO screenings (company_id, snapshot_id, screened_at, threshold) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(company_id, snapshot_id) DO UPDATE SET screened_at = excluded.screened_at, threshold = excluded.threshold",
    )?
    .execute(params![company_id.to_string(), snapshot_id.to_string(), at, threshold])?;
    Ok(())
}

/// The screenings against current list snapshots, with hit counts by status, of one company
/// (or of a batch) or of every company, grouped by company, by list title.
pub(super) fn in_scope(conn: &Connection, company: super::bulk::Scope<'_>) -> Result<Vec<Screening>> {
    let (filter, args) = company.filter("s.company_id");
    let sql = format!(
        "SELECT s.company_id, s.snapshot_id, l.title, l.as_of, l.entry_count, s.screened_at, s.threshold,
                (SELECT count(*) FROM screening_hits h WHERE h.company_id = s.company_id AND h.snapshot_id = s.snapshot_id AND h.status = 'open'),
                (SELECT count(*) FROM screening_hits h WHERE h.company_id = s.company_id AND h.snapshot_id = s.snapshot_id AND h.status = 'confirmed'),
                (SELECT count(*) FROM screening_hits h WHERE h.company_id = s.company_id AND h.snapshot_id = s.snapshot_id AND h.status = 'dismissed'),
                l.list
         FROM screenings s JOIN list_snapshots l ON l.id = s.snapshot_id
         WHERE l.replaced_at IS NULL {}
         ORDER BY s.company_id, l.title",
        filter.replace("WHERE", "AND")
    );
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st
        .query_map(rusqlite::params_from_iter(args), |r| {
            Ok(Screening {
                company_id: col(r, 0)?,
                snapshot_id: col(r, 1)?,
                list_title: r.get(2)?,
                list_as_of: col(r, 3)?,
                entry_count: r.get(4)?,
                screened_at: r.get(5)?,
                threshold: r.get(6)?,
                open_hits: r.get(7)?,
                confirmed_hits: r.get(8)?,
                dismissed_hits: r.get(9)?,
                regime: crate::lists::regime(&r.get::<_, String>(10)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The companies screened against `snapshot`, with the threshold of that screening.
pub fn of_snapshot(conn: &Connection, snapshot: Uuid) -> Result<std::collections::HashMap<Uuid, u8>> {
    let mut st = conn.prepare_cached("SELECT company_id, threshold FROM screenings WHERE snapshot_id = ?1")?;
    let rows =
        st.query_map([snapshot.to_string()], |r| Ok((col(r, 0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}
