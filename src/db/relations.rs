//! The `relations` table: who owns, controls, founded, funds, directs, acts for or operates a
//! company, with the sources that say so (a JSON array of citations; a trigger keeps a cited
//! source from being deleted).

use super::{col, col_json, json};
use crate::error::{Error, Result};
use crate::model::{Party, Relation};
use rusqlite::{params, Connection, OptionalExtension, Row};
use uuid::Uuid;

const SELECT: &str = "SELECT id, from_company_id, from_person_id, to_company_id, kind, share, since, until, \
                      citations, note, updated_at FROM relations";

fn from_row(r: &Row) -> rusqlite::Result<Relation> {
    let company: Option<String> = r.get(1)?;
    let from = match company {
        Some(_) => Party::Company(col(r, 1)?),
        None => Party::Person(col(r, 2)?),
    };
    Ok(Relation {
        id: col(r, 0)?,
        from,
        to: col(r, 3)?,
        kind: col(r, 4)?,
        share: r.get(5)?,
        since: super::col_opt(r, 6)?,
        until: super::col_opt(r, 7)?,
        citations: col_json(r, 8)?,
        note: r.get(9)?,
        updated_at: r.get(10)?,
    })
}

/// Inserts the relation, or replaces the one with its id. A cited source that does not exist is
/// a validation error naming the citation.
pub fn upsert(conn: &Connection, x: &Relation) -> Result<()> {
    let what = format!("relation {}", x.id);
    for (i, c) in x.citations.iter().enumerate() {
        let found: Option<i64> =
            super::query_row(conn, "SELECT 1 FROM sources WHERE id = ?1", [c.source_id.to_string()], |r| r.get(0))
                .optional()?;
        if found.is_none() {
            return Err(Error::invalid(
                &what,
                Some(crate::model::RecordKind::Relation),
                &format!("citations[{i}].source_id"),
                format!("no source {}", c.source_id),
            ));
        }
    }
    let (company, person) = match x.from {
        Party::Company(id) => (Some(id.to_string()), None),
        Party::Person(id) => (None, Some(id.to_string())),
    };
    super::exec(
        conn,
        "INSERT INTO relations (id, from_company_id, from_person_id, to_company_id, kind, share, since, until,
           citations, note, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
         ON CONFLICT(id) DO UPDATE SET from_company_id = excluded.from_company_id,
           from_person_id = excluded.from_person_id, to_company_id = excluded.to_company_id, kind = excluded.kind,
           share = excluded.share, since = excluded.since, until = excluded.until, citations = excluded.citations,
           note = excluded.note, updated_at = excluded.updated_at",
        params![
            x.id.to_string(),
            company,
            person,
            x.to.to_string(),
            x.kind.code(),
            x.share,
            x.since.map(|d| d.to_string()),
            x.until.map(|d| d.to_string()),
            json(&x.citations),
            x.note,
            x.updated_at
        ],
    )
    .map_err(Error::writing(what))?;
    Ok(())
}

/// Every relation, by id: the whole ownership graph.
pub fn all(conn: &Connection) -> Result<Vec<Relation>> {
    Ok(conn
        .prepare_cached(&format!("{SELECT} ORDER BY id"))?
        .query_map([], from_row)?
        .collect::<rusqlite::Result<_>>()?)
}

/// Every relation, by id, handed to `f` one at a time (a whole-database export).
pub fn each(conn: &Connection, f: &mut dyn FnMut(Relation) -> Result<()>) -> Result<()> {
    super::bulk::each(conn, &format!("{SELECT} ORDER BY id"), from_row, f)
}

/// The ids of the relations a party is on either side of (to unlink them when it is deleted).
pub fn ids_of_party(conn: &Connection, party: Party) -> Result<Vec<Uuid>> {
    let sql = match party {
        Party::Company(_) => "SELECT id FROM relations WHERE from_company_id = ?1 OR to_company_id = ?1 ORDER BY id",
        Party::Person(_) => "SELECT id FROM relations WHERE from_person_id = ?1 ORDER BY id",
    };
    let mut st = conn.prepare_cached(sql)?;
    let ids = st.query_map([party.id().to_string()], |r| col(r, 0))?.collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// Deletes the relation; not found when there is no such relation.
pub fn delete(conn: &Connection, id: Uuid) -> Result<()> {
    match super::exec(conn, "DELETE FROM relations WHERE id = ?1", [id.to_string()])? {
        0 => Err(Error::NotFound(format!("no relation with id {id}"))),
        _ => Ok(()),
    }
}

/// The relation with this id; `None` when absent.
pub fn get_opt(conn: &Connection, id: Uuid) -> Result<Option<Relation>> {
    Ok(super::query_row(conn, &format!("{SELECT} WHERE id = ?1"), [id.to_string()], from_row).optional()?)
}

/// The relations into these companies and into every company upstream of them (a holder, a
/// funder, a parent … and theirs), of any date, by id; read a level at a time, at most `depth`
/// levels up. A `subsidiary_of` relation is upstream of its subsidiary (`from`), other kinds of
/// the company they point to (`to`).
pub fn upstream(conn: &Connection, ids: &[Uuid], depth: usize) -> Result<Vec<Relation>> {
    let mut st = conn.prepare_cached(&format!(
        "{SELECT} WHERE (kind <> 'subsidiary_of' AND to_company_id IN (SELECT value FROM json_each(?1)))
            OR (kind = 'subsidiary_of' AND from_company_id IN (SELECT value FROM json_each(?1)))"
    ))?;
    let mut seen: std::collections::HashSet<Uuid> = ids.iter().copied().collect();
    let mut found: std::collections::BTreeMap<Uuid, Relation> = std::collections::BTreeMap::new();
    let mut level: Vec<Uuid> = ids.to_vec();
    for _ in 0..depth {
        if level.is_empty() {
            break;
        }
        let arg = serde_json::to_string(&level.iter().map(Uuid::to_string).collect::<Vec<_>>()).expect("ids");
        let mut next = vec![];
        for r in st.query_map([arg], from_row)? {
            let r = r?;
            if let Some(up) = crate::ownership::upstream_company(&r) {
                if seen.insert(up) {
                    next.push(up);
                }
            }
            found.insert(r.id, r);
        }
        level = next;
    }
    Ok(found.into_values().collect())
}
