//! Numbered, append-only migrations embedded in the binary, applied in one transaction at open.
//! The schema version is SQLite's `user_version`.

use crate::error::{Error, Result};
use rusqlite::{Connection, OptionalExtension};

/// The migrations' SQL, in order: migration N is `MIGRATIONS[N - 1]`. Public so that a test can
/// build a database of an earlier version, as an older RiskBrief left it.
pub const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_init.sql"),
    include_str!("migrations/0002_briefs_settings.sql"),
    include_str!("migrations/0003_audit.sql"),
    include_str!("migrations/0004_trusted_keys.sql"),
    include_str!("migrations/0005_lists.sql"),
    include_str!("migrations/0006_product_ban.sql"),
    include_str!("migrations/0007_allegation_attribution.sql"),
    include_str!("migrations/0008_name_lookup.sql"),
    include_str!("migrations/0009_search_documents.sql"),
    include_str!("migrations/0010_assessment_cache.sql"),
    include_str!("migrations/0011_search_pause.sql"),
    include_str!("migrations/0012_assessment_rank.sql"),
    include_str!("migrations/0013_deployments.sql"),
    include_str!("migrations/0014_scenarios.sql"),
    include_str!("migrations/0015_uflpa.sql"),
    include_str!("migrations/0016_ownership.sql"),
    include_str!("migrations/0017_search_ownership.sql"),
    include_str!("migrations/0018_more_lists.sql"),
    include_str!("migrations/0019_inbox.sql"),
    include_str!("migrations/0020_search_relation_parties.sql"),
    include_str!("migrations/0021_cheaper_checks.sql"),
    include_str!("migrations/0022_search_merge.sql"),
    include_str!("migrations/0023_search_backlog.sql"),
];

/// The schema version this binary writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// The database's schema version (SQLite's `user_version`; 0 for a new, empty file).
pub fn version(conn: &Connection) -> Result<i64> {
    Ok(conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
}

/// Brings the database to [`SCHEMA_VERSION`], applying the missing migrations in one transaction.
/// `name` (the file) is used in messages. A schema error when the database is newer than this
/// binary, when it is another application's (version 0 but not empty), or when a migration fails.
pub fn migrate(conn: &mut Connection, name: &str) -> Result<()> {
    let current = version(conn)?;
    if current > SCHEMA_VERSION {
        return Err(Error::Schema(format!(
            "{name} has schema version {current}, newer than this RiskBrief understands \
             ({SCHEMA_VERSION}); upgrade RiskBrief or use another database"
        )));
    }
    if current == SCHEMA_VERSION {
        return Ok(());
    }
    if current == 0 {
        let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
        if tables > 0 {
            return Err(Error::Schema(format!(
                "{name} is an SQLite database of another application, not a RiskBrief database; \
                 point --db at another file"
            )));
        }
    }
    // Foreign keys are off while migrating, as SQLite's procedure for changing a table's
    // constraints asks (a rebuilt table is dropped and its copy renamed: with them on, the drop
    // would cascade to every row that refers to it); they are checked before the commit instead.
    // (Inside a transaction that PRAGMA does nothing, and a rebuilt table's drop would delete.)
    if !conn.is_autocommit() {
        return Err(Error::Schema(format!("{name}: migrations must run outside a transaction")));
    }
    let fk: bool = conn.pragma_query_value(None, "foreign_keys", |r| r.get(0))?;
    conn.pragma_update(None, "foreign_keys", false)?;
    let applied = apply(conn, name);
    conn.pragma_update(None, "foreign_keys", fk)?;
    applied
}

fn apply(conn: &mut Connection, name: &str) -> Result<()> {
    // IMMEDIATE (the connection's default): another process migrating at the same moment makes
    // this one wait, and the version is read again under the lock.
    let tx = conn.transaction()?;
    let current = version(&tx)?;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        tx.execute_batch(sql).map_err(|e| Error::Schema(format!("{name}: migration {} failed: {e}", i + 1)))?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
    }
    let broken: Option<String> = tx
        .query_row(
            "SELECT \"table\" || ' row ' || rowid || ' → ' || parent FROM pragma_foreign_key_check LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(b) = broken {
        return Err(Error::Schema(format!("{name}: migrating would break a reference ({b}); nothing was changed")));
    }
    tx.commit()?;
    Ok(())
}

/// What `candidate` lacks of `reference`'s schema (both at the same version): the first missing
/// table, column, index or trigger, named; `None` when it has them all.
pub fn missing_schema(reference: &Connection, candidate: &Connection) -> Result<Option<String>> {
    let objects = |c: &Connection| -> Result<Vec<(String, String)>> {
        let mut st = c.prepare(
            "SELECT type, name FROM sqlite_master WHERE type IN ('table','index','trigger')
               AND name NOT LIKE 'sqlite_%' ORDER BY type, name",
        )?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    };
    let have = objects(candidate)?;
    for (kind, name) in objects(reference)? {
        if !have.contains(&(kind.clone(), name.clone())) {
            return Ok(Some(format!("the {kind} {name} is missing")));
        }
        if kind == "table" {
            let columns = |c: &Connection| -> Result<Vec<String>> {
                let mut st = c.prepare("SELECT name FROM pragma_table_info(?1)")?;
                let rows = st.query_map([&name], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
                Ok(rows)
            };
            let got = columns(candidate)?;
            if let Some(col) = columns(reference)?.into_iter().find(|c| !got.contains(c)) {
                return Ok(Some(format!("the column {name}.{col} is missing")));
            }
        }
    }
    Ok(None)
}
