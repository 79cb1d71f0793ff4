//! The `screening_hits` table: possible list matches kept for review. A hit is unique per company,
//! snapshot and entry; the names, scores and entry are stored as one JSON column.

use super::{col, col_json, col_opt, found, json};
use crate::error::{Error, Result};
use crate::model::{HitStatus, ListEntry, NameMatch, ScreeningHit};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The part of a hit stored as JSON.
#[derive(Serialize, Deserialize)]
struct Body {
    list: String,
    list_title: String,
    entry_name: String,
    query_name: String,
    matched_name: String,
    matches: Vec<NameMatch>,
    entry: ListEntry,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    via: Option<crate::model::Via>,
}

const COLUMNS: &str = "id, company_id, snapshot_id, entry_key, score, hit, status, reason, reviewed_by, reviewed_at,
                       designation_id, found_at";

fn from_row(r: &Row) -> rusqlite::Result<ScreeningHit> {
    let b: Body = col_json(r, 5)?;
    Ok(ScreeningHit {
        id: col(r, 0)?,
        company_id: col(r, 1)?,
        snapshot_id: col(r, 2)?,
        entry_key: r.get(3)?,
        score: r.get(4)?,
        regime: crate::lists::regime(&b.list),
        list: b.list,
        list_title: b.list_title,
        entry_name: b.entry_name,
        query_name: b.query_name,
        matched_name: b.matched_name,
        matches: b.matches,
        entry: b.entry,
        via: b.via,
        status: col(r, 6)?,
        reason: r.get(7)?,
        reviewed_by: r.get(8)?,
        reviewed_at: r.get(9)?,
        designation_id: col_opt(r, 10)?,
        found_at: r.get(11)?,
    })
}

/// What storing a found hit did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stored {
    /// A new hit, open for review.
    New,
    /// A new hit on a later snapshot of an entry already decided on for the company, whose
    /// screened names have not changed: the decision (dismissal or confirmation) is carried over.
    Decided,
    /// Already found on this snapshot: an open one gets the new score; a reviewed one is kept.
    Known,
}

/// The latest decision on the company's hits on `entry_key` in an earlier snapshot of `list`,
/// with the entry as it was then.
fn prior_decision(conn: &Connection, h: &ScreeningHit) -> Result<Option<ScreeningHit>> {
    let prior = conn
        .prepare_cached(&format!(
            "SELECT {} FROM screening_hits h JOIN list_snapshots s ON s.id = h.snapshot_id
              WHERE h.company_id = ?1 AND h.entry_key = ?2 AND s.list = ?3 AND h.status <> 'open' AND h.snapshot_id <> ?4
              ORDER BY h.reviewed_at DESC, h.id DESC LIMIT 1",
            COLUMNS.split(',').map(|c| format!("h.{}", c.trim())).collect::<Vec<_>>().join(", ")
        ))?
        .query_row(params![h.company_id.to_string(), h.entry_key, h.list, h.snapshot_id.to_string()], from_row)
        .optional()?;
    Ok(prior)
}

/// Inserts a new hit; an open hit already found for the same company, snapshot and entry gets
/// the new score and names; a reviewed one is left as it is. A new hit on an entry the company's
/// hits on an earlier snapshot of the same list were decided on keeps that decision while the
/// entry's screened names are the same: a dismissal is not raised again unless they change.
pub fn upsert_found(conn: &Connection, h: &ScreeningHit) -> Result<Stored> {
    let body = body(h);
    let existed: bool = conn
        .prepare_cached(
            "SELECT EXISTS(SELECT 1 FROM screening_hits WHERE company_id = ?1 AND snapshot_id = ?2 AND entry_key = ?3)",
        )?
        .query_row(params![h.company_id.to_string(), h.snapshot_id.to_string(), h.entry_key], |r| r.get(0))?;
    if !existed {
        if let Some(p) = prior_decision(conn, h)?.filter(|p| p.entry.screened_names() == h.entry.screened_names()) {
            let mut decided = h.clone();
            decided.status = p.status;
            decided.reason = p.reason;
            decided.reviewed_by = p.reviewed_by;
            decided.reviewed_at = p.reviewed_at;
            decided.designation_id = p.designation_id;
            insert(conn, &decided)?;
            return Ok(Stored::Decided);
        }
    }
    conn.prepare_cached(&format!(
        "INSERT INTO screening_hits ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'open', NULL, NULL, NULL, NULL, ?7)
             ON CONFLICT(company_id, snapshot_id, entry_key) DO UPDATE SET score = excluded.score, hit = excluded.hit
             WHERE status = 'open'"
    ))?
    .execute(params![
        h.id.to_string(),
        h.company_id.to_string(),
        h.snapshot_id.to_string(),
        h.entry_key,
        h.score,
        json(&body),
        h.found_at
    ])
    .map_err(Error::writing(format_args!("screening hit on {}", h.entry_name)))?;
    Ok(if existed { Stored::Known } else { Stored::New })
}

fn body(h: &ScreeningHit) -> Body {
    Body {
        list: h.list.clone(),
        list_title: h.list_title.clone(),
        entry_name: h.entry_name.clone(),
        query_name: h.query_name.clone(),
        matched_name: h.matched_name.clone(),
        matches: h.matches.clone(),
        entry: h.entry.clone(),
        via: h.via.clone(),
    }
}

/// Inserts a hit as it is, with its status and review (a hit carried to a new snapshot).
pub fn insert(conn: &Connection, h: &ScreeningHit) -> Result<()> {
    conn.prepare_cached(&format!(
        "INSERT INTO screening_hits ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
    ))?
    .execute(params![
        h.id.to_string(),
        h.company_id.to_string(),
        h.snapshot_id.to_string(),
        h.entry_key,
        h.score,
        json(&body(h)),
        h.status.code(),
        h.reason,
        h.reviewed_by,
        h.reviewed_at,
        h.designation_id.map(|d| d.to_string()),
        h.found_at
    ])
    .map_err(Error::writing(format_args!("screening hit on {}", h.entry_name)))?;
    Ok(())
}

/// Every hit on a snapshot.
pub fn for_snapshot(conn: &Connection, snapshot: Uuid) -> Result<Vec<ScreeningHit>> {
    let rows = conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM screening_hits WHERE snapshot_id = ?1 ORDER BY id"))?
        .query_map([snapshot.to_string()], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The hit with this id; not found when absent.
pub fn get(conn: &Connection, id: Uuid) -> Result<ScreeningHit> {
    found(
        super::query_row(
            conn,
            &format!("SELECT {COLUMNS} FROM screening_hits WHERE id = ?1"),
            [id.to_string()],
            from_row,
        ),
        || format!("no screening hit with id {id}"),
    )
}

/// Hits on current snapshots, optionally of one company and in one status; open first, best
/// score first.
pub fn list(conn: &Connection, company_id: Option<Uuid>, status: Option<HitStatus>) -> Result<Vec<ScreeningHit>> {
    // One company's hits are read through the (company_id, …) unique index; an `?1 IS NULL OR`
    // filter would make SQLite scan every hit for each company screened.
    // Only hits on current snapshots: a replaced snapshot's hits were carried to the new one
    // (or their entry left the list, which raised an event), so they await nothing.
    let order = "ORDER BY status <> 'open', score DESC, found_at, id";
    let current = "snapshot_id IN (SELECT id FROM list_snapshots WHERE replaced_at IS NULL)";
    let status = status.map(|s| s.code());
    let rows = match company_id {
        Some(c) => conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM screening_hits WHERE company_id = ?1 AND (?2 IS NULL OR status = ?2) AND {current} {order}"
            ))?
            .query_map(params![c.to_string(), status], from_row)?
            .collect::<rusqlite::Result<_>>()?,
        None => conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM screening_hits WHERE (?1 IS NULL OR status = ?1) AND {current} {order}"
            ))?
            .query_map(params![status], from_row)?
            .collect::<rusqlite::Result<_>>()?,
    };
    Ok(rows)
}

/// Stores a review: the hit's status, reason, reviewer, review time and designation.
pub fn review(conn: &Connection, h: &ScreeningHit) -> Result<()> {
    super::exec(
        conn,
        "UPDATE screening_hits SET status = ?2, reason = ?3, reviewed_by = ?4, reviewed_at = ?5, designation_id = ?6 WHERE id = ?1",
        params![
            h.id.to_string(), h.status.code(), h.reason, h.reviewed_by, h.reviewed_at, h.designation_id.map(|d| d.to_string())
        ],
    )
    .map_err(Error::writing(format_args!("review of hit {}", h.id)))?;
    Ok(())
}
