//! The `inbox_events` table: what changed for the portfolio, kept until decided on and never
//! deleted (an acknowledged event stays, with who, when and why).

use super::{col, col_opt, found, opt_str};
use crate::error::{Error, Result};
use crate::model::{EventStatus, InboxEvent};
use rusqlite::{params, Connection, Row};
use uuid::Uuid;

const COLUMNS: &str =
    "id, at, kind, company_id, snapshot_id, hit_id, title, detail, status, assignee, decided_by, decided_at, note";

fn from_row(r: &Row) -> rusqlite::Result<InboxEvent> {
    Ok(InboxEvent {
        id: col(r, 0)?,
        at: r.get(1)?,
        kind: col(r, 2)?,
        company_id: col_opt(r, 3)?,
        snapshot_id: col_opt(r, 4)?,
        hit_id: col_opt(r, 5)?,
        title: r.get(6)?,
        detail: r.get(7)?,
        status: col(r, 8)?,
        assignee: r.get(9)?,
        decided_by: r.get(10)?,
        decided_at: r.get(11)?,
        note: r.get(12)?,
    })
}

/// Records a new event.
pub fn insert(conn: &Connection, e: &InboxEvent) -> Result<()> {
    conn.prepare_cached(&format!(
        "INSERT INTO inbox_events ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
    ))?
    .execute(params![
        e.id.to_string(),
        e.at,
        e.kind.code(),
        opt_str(&e.company_id),
        opt_str(&e.snapshot_id),
        opt_str(&e.hit_id),
        e.title,
        e.detail,
        e.status.code(),
        e.assignee,
        e.decided_by,
        e.decided_at,
        e.note
    ])
    .map_err(Error::writing(format_args!("inbox event {}", e.title)))?;
    Ok(())
}

/// Events not yet acknowledged (or every event with `all`), newest first.
pub fn list(conn: &Connection, all: bool) -> Result<Vec<InboxEvent>> {
    let filter = if all { "" } else { "WHERE status <> 'acknowledged'" };
    let rows = conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM inbox_events {filter} ORDER BY at DESC, id DESC"))?
        .query_map([], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The events raised at or after `since`, oldest first (for a digest).
pub fn since(conn: &Connection, since: &str) -> Result<Vec<InboxEvent>> {
    let rows = conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM inbox_events WHERE at >= ?1 ORDER BY at, id"))?
        .query_map([since], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// One event; not found when absent.
pub fn get(conn: &Connection, id: Uuid) -> Result<InboxEvent> {
    found(
        super::query_row(
            conn,
            &format!("SELECT {COLUMNS} FROM inbox_events WHERE id = ?1"),
            [id.to_string()],
            from_row,
        ),
        || format!("no inbox event with id {id}"),
    )
}

/// Stores a decision: the status, assignee, who, when and the note.
pub fn decide(conn: &Connection, e: &InboxEvent) -> Result<()> {
    debug_assert!(e.status != EventStatus::Open);
    super::exec(
        conn,
        "UPDATE inbox_events SET status = ?2, assignee = ?3, decided_by = ?4, decided_at = ?5, note = ?6 WHERE id = ?1",
        params![e.id.to_string(), e.status.code(), e.assignee, e.decided_by, e.decided_at, e.note],
    )
    .map_err(Error::writing(format_args!("decision on inbox event {}", e.id)))?;
    Ok(())
}

/// Acknowledges the open new-hit events of a hit just reviewed, with the review as their
/// decision (who, when, and "Confirmed" or "Dismissed: reason").
pub fn settle_hit(conn: &Connection, h: &crate::model::ScreeningHit) -> Result<()> {
    let note = match &h.reason {
        Some(r) => format!("{}: {r}", h.status.label()),
        None => h.status.label().to_string(),
    };
    super::exec(
        conn,
        "UPDATE inbox_events SET status = 'acknowledged', decided_by = ?2, decided_at = ?3, note = ?4
          WHERE hit_id = ?1 AND kind = 'new_hit' AND status <> 'acknowledged'",
        params![h.id.to_string(), h.reviewed_by, h.reviewed_at, note],
    )
    .map_err(Error::writing(format_args!("inbox events of hit {}", h.id)))?;
    Ok(())
}

/// Points the events of hit `from` at `to`, the hit that continues it on a newer snapshot.
pub fn follow_hit(conn: &Connection, from: Uuid, to: Uuid) -> Result<()> {
    conn.prepare_cached("UPDATE inbox_events SET hit_id = ?2 WHERE hit_id = ?1")?
        .execute(params![from.to_string(), to.to_string()])?;
    Ok(())
}
