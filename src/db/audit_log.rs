//! The `audit_log` table: one row per create, update or delete of a user's record, written in
//! the same transaction as the change, with who, when and the changed fields before and after.
//! A creation is written without its fields (`{}`): they are the record's current fields with
//! every later change undone (each update row holds the fields it changed, as they were; a
//! deletion row the whole record), so `records::fill_creations` derives them when the trail is
//! read. Creation rows written before (with their fields) are read as written.

use crate::error::{Error, Result};
use crate::model::{AuditAction, AuditEntry, RecordKind, Timestamp};
use rusqlite::{params, Connection};
use serde::Serialize;
use serde_json::{Map, Value};
use uuid::Uuid;

/// Who is writing, and the clock that stamps the trail. Set by the edge.
#[derive(Clone)]
pub struct AuditContext {
    /// Who the trail names for the changes: the analyst, the OS user, or e.g. "bundled dataset".
    pub actor: String,
    /// The clock. The core never reads the clock itself; the edge passes one in (the default
    /// stops at `Timestamp::UNSTORED`, 1970).
    pub now: fn() -> Timestamp,
}

impl Default for AuditContext {
    fn default() -> Self {
        AuditContext { actor: "unknown".into(), now: || Timestamp::UNSTORED }
    }
}

/// Field-by-field differences between two versions of a record (`updated_at` aside), by field
/// name. Takes both versions, so that no value is copied.
fn diff(before: Value, after: Value) -> Map<String, Value> {
    let fields = |v: Value| match v {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    let (mut b, a) = (fields(before), fields(after));
    let mut changed: Vec<(String, Value)> = Vec::new();
    for (k, y) in a {
        let x = b.remove(&k).unwrap_or(Value::Null);
        if x != y {
            changed.push((k, Value::Array(vec![x, y])));
        }
    }
    changed.extend(b.into_iter().filter(|(_, x)| !x.is_null()).map(|(k, x)| (k, Value::Array(vec![x, Value::Null]))));
    changed.retain(|(k, _)| k != "updated_at");
    changed.sort_by(|x, y| x.0.cmp(&y.0));
    changed.into_iter().collect()
}

/// The fields that differ between two versions of a record, as the trail stores them (a JSON
/// object of `[before, after]` by field name); None is no record.
fn changes<T: Serialize>(before: Option<&T>, after: Option<&T>) -> String {
    let json = |v: Option<&T>| v.map(|x| serde_json::to_value(x).expect("plain data")).unwrap_or(Value::Null);
    Value::Object(diff(json(before), json(after))).to_string()
}

/// Records a change in the writer's transaction. An update that changes nothing leaves no row.
pub fn record<T: Serialize>(
    conn: &Connection,
    ctx: &AuditContext,
    table: &str,
    record_id: Uuid,
    company_id: Option<Uuid>,
    before: Option<&T>,
    after: Option<&T>,
) -> Result<()> {
    let action = match (before, after) {
        (None, _) => AuditAction::Create,
        (Some(_), Some(_)) => AuditAction::Update,
        (Some(_), None) => AuditAction::Delete,
    };
    // A creation's fields are derived when read (see the module's comment).
    let changes = if action == AuditAction::Create { "{}".to_string() } else { changes(before, after) };
    if action == AuditAction::Update && changes == "{}" {
        return Ok(());
    }
    write(conn, ctx, table, record_id, company_id, action, changes)
}

fn write(
    conn: &Connection,
    ctx: &AuditContext,
    table: &str,
    record_id: Uuid,
    company_id: Option<Uuid>,
    action: AuditAction,
    changes: String,
) -> Result<()> {
    super::exec(
        conn,
        "INSERT INTO audit_log (at, actor, action, table_name, record_id, company_id, changes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            (ctx.now)(),
            ctx.actor,
            action.code(),
            table,
            record_id.to_string(),
            company_id.map(|c| c.to_string()),
            changes
        ],
    )
    .map_err(Error::writing(format_args!("audit entry for {table} {record_id}")))?;
    Ok(())
}

/// The rows written about one record after the row `after`, newest first: what was done and
/// the fields it changed.
pub fn later(conn: &Connection, record_id: Uuid, after: i64) -> Result<Vec<(AuditAction, Map<String, Value>)>> {
    let mut st =
        conn.prepare_cached("SELECT action, changes FROM audit_log WHERE record_id = ?1 AND id > ?2 ORDER BY id DESC")?;
    let rows = st
        .query_map(params![record_id.to_string(), after], |r| Ok((super::col(r, 0)?, super::col_json(r, 1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Changes to a company and everything recorded about it, newest first, as stored (a creation
/// written without its fields has none: see `records::fill_creations`).
pub fn for_company(conn: &Connection, company_id: Uuid) -> Result<Vec<AuditEntry>> {
    let mut st = conn.prepare_cached(
        "SELECT id, at, actor, action, table_name, record_id, company_id, changes FROM audit_log
         WHERE company_id = ?1 ORDER BY id DESC",
    )?;
    let rows = st
        .query_map([company_id.to_string()], |r| {
            Ok(AuditEntry {
                id: r.get(0)?,
                at: r.get(1)?,
                actor: r.get(2)?,
                action: super::col(r, 3)?,
                table: {
                    let t: String = r.get(4)?;
                    RecordKind::from_table(&t)
                        .ok_or_else(|| super::conversion_error(4, format!("{t:?} is not a table of records")))?
                },
                record_id: super::col(r, 5)?,
                company_id: super::col_opt(r, 6)?,
                changes: super::col_json(r, 7)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}
