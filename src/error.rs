//! The core's one error type. Each variant maps to a small set of codes the UI and CLI branch on.

use std::fmt;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A company, record or file that does not exist.
    #[error("{0}")]
    NotFound(String),
    /// Input that breaks a rule; the message names the record and field.
    #[error("{0}")]
    Validation(String),
    /// A write that would clash with what is stored (duplicate slug, record still referenced).
    #[error("{0}")]
    Conflict(String),
    /// The database was written by a newer RiskBrief, or is not a RiskBrief database.
    #[error("{0}")]
    Schema(String),
    /// The database file is damaged (SQLite found corrupt pages): restore a backup.
    #[error("{0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
    #[error("{0}")]
    Internal(String),
}

impl From<rusqlite::Error> for Error {
    /// Damage to the file is told apart from other SQLite failures, plainly and with the remedy.
    fn from(e: rusqlite::Error) -> Error {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseCorrupt) => Error::Corrupt(format!(
                "the database file is damaged ({e}); nothing was changed. Restore a backup with \
                 `riskbrief restore BACKUP --yes`"
            )),
            _ => Error::Sqlite(e),
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The codes that cross to the UI (and set the CLI's exit status).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    NotFound,
    Validation,
    Conflict,
    Internal,
}

impl Error {
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::NotFound(_) => ErrorCode::NotFound,
            Error::Validation(_) => ErrorCode::Validation,
            Error::Conflict(_) => ErrorCode::Conflict,
            Error::Schema(_) | Error::Corrupt(_) | Error::Sqlite(_) | Error::Internal(_) => ErrorCode::Internal,
        }
    }

    /// Wraps a SQLite failure that happened while writing `what` (e.g. "allegation 0197…"),
    /// turning constraint violations into validation or conflict errors that name the record.
    pub fn writing(what: impl fmt::Display) -> impl FnOnce(rusqlite::Error) -> Error {
        move |e| match &e {
            rusqlite::Error::SqliteFailure(f, msg) if f.code == rusqlite::ErrorCode::ConstraintViolation => {
                let detail = msg.clone().unwrap_or_else(|| e.to_string());
                if detail.contains("UNIQUE") || detail.contains("FOREIGN KEY") {
                    Error::Conflict(format!("{what}: {detail}"))
                } else {
                    Error::Validation(format!("{what}: {detail}"))
                }
            }
            _ => Error::from(e),
        }
    }
}
