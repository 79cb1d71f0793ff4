//! The `briefs` table: a record of each brief generated (its id, subject, as-of date, marking, data
//! fingerprint and PDF hash), with a JSON snapshot of the data it was built from, which lets
//! `verify` and the next brief say what changed since.

use super::col;
use crate::error::{Error, Result};
use crate::model::BriefRecord;
use rusqlite::{params, Connection, OptionalExtension, Row};
use uuid::Uuid;

const COLUMNS: &str =
    "id, brief_id, company_id, subject, as_of, marking, data_fingerprint, pdf_sha256, path, created_at";

fn from_row(r: &Row) -> rusqlite::Result<BriefRecord> {
    Ok(BriefRecord {
        id: col(r, 0)?,
        brief_id: r.get(1)?,
        company_id: super::col_opt(r, 2)?,
        subject: r.get(3)?,
        as_of: col(r, 4)?,
        marking: r.get(5)?,
        data_fingerprint: r.get(6)?,
        pdf_sha256: r.get(7)?,
        path: r.get(8)?,
        created_at: r.get(9)?,
    })
}

/// Records a brief; `snapshot` is the JSON of the data it was built from (kept to compare with
/// later). A constraint violation is a validation error naming the brief id.
pub fn insert(conn: &Connection, b: &BriefRecord, snapshot: Option<&str>) -> Result<()> {
    super::exec(
        conn,
        &format!("INSERT INTO briefs ({COLUMNS}, data_snapshot) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"),
        params![
            b.id.to_string(),
            b.brief_id,
            b.company_id.map(|c| c.to_string()),
            b.subject,
            b.as_of.to_string(),
            b.marking,
            b.data_fingerprint,
            b.pdf_sha256,
            b.path,
            b.created_at,
            snapshot
        ],
    )
    .map_err(Error::writing(format_args!("brief record {}", b.brief_id)))?;
    Ok(())
}

/// Newest first.
pub fn for_company(conn: &Connection, company_id: Uuid) -> Result<Vec<BriefRecord>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM briefs WHERE company_id = ?1 ORDER BY created_at DESC, id DESC"
    ))?;
    let rows = st.query_map([company_id.to_string()], from_row)?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The newest brief of a company built from data other than `fingerprint`, with its data.
pub fn previous(conn: &Connection, company_id: Uuid, fingerprint: &str) -> Result<Option<(BriefRecord, String)>> {
    Ok(conn
        .query_row(
            &format!(
                "SELECT {COLUMNS}, data_snapshot FROM briefs
                 WHERE company_id = ?1 AND data_fingerprint <> ?2 AND data_snapshot IS NOT NULL
                 ORDER BY created_at DESC, id DESC LIMIT 1"
            ),
            params![company_id.to_string(), fingerprint],
            |r| Ok((from_row(r)?, r.get(10)?)),
        )
        .optional()?)
}

/// The brief whose PDF has this SHA-256, with its data snapshot.
pub fn by_pdf_hash(conn: &Connection, sha256: &str) -> Result<Option<(BriefRecord, Option<String>)>> {
    Ok(conn
        .query_row(
            &format!(
                "SELECT {COLUMNS}, data_snapshot FROM briefs WHERE pdf_sha256 = ?1 ORDER BY created_at DESC LIMIT 1"
            ),
            [sha256],
            |r| Ok((from_row(r)?, r.get(10)?)),
        )
        .optional()?)
}

/// Briefs recorded under a brief id (the id printed on the document).
pub fn by_brief_id(conn: &Connection, brief_id: &str) -> Result<Vec<BriefRecord>> {
    let mut st =
        conn.prepare_cached(&format!("SELECT {COLUMNS} FROM briefs WHERE brief_id = ?1 ORDER BY created_at DESC"))?;
    let rows = st.query_map([brief_id], from_row)?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}
