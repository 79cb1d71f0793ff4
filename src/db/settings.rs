//! The `settings` table: application settings as key/value pairs. The schema accepts only the keys
//! `briefs_dir` and `analyst`.

use crate::error::{Error, Result};
use rusqlite::{Connection, OptionalExtension};

/// The value of a setting; `None` when it was never set.
pub fn get(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(super::query_row(conn, "SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0)).optional()?)
}

/// Sets a setting, replacing its value. A key other than `briefs_dir` or `analyst` is a
/// validation error.
pub fn set(conn: &Connection, key: &str, value: &str) -> Result<()> {
    super::exec(
        conn,
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [key, value],
    )
    .map_err(Error::writing(format_args!("setting {key}")))?;
    Ok(())
}
