//! Numbered, append-only migrations embedded in the binary, applied in one transaction at open.
//! The schema version is SQLite's `user_version`.

use crate::error::{Error, Result};
use rusqlite::Connection;

const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_init.sql"),
    include_str!("migrations/0002_briefs_settings.sql"),
    include_str!("migrations/0003_audit.sql"),
    include_str!("migrations/0004_trusted_keys.sql"),
    include_str!("migrations/0005_lists.sql"),
];

/// The schema version this binary writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

pub fn version(conn: &Connection) -> Result<i64> {
    Ok(conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
}

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
    let tx = conn.transaction()?;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        tx.execute_batch(sql)
            .map_err(|e| Error::Schema(format!("{name}: migration {} failed: {e}", i + 1)))?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
    }
    tx.commit()?;
    Ok(())
}
