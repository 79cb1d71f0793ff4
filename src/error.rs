//! The core's one error type. Each variant carries the data an edge needs to act on it: the
//! CLI's exit status and the UI's branch come from [`Error::code`], a form puts an
//! [`Error::Invalid`] at its field, an import screen explains a [`Refusal`] by its kind, and an
//! [`Error::Io`] names its path. Nobody needs to read the message to know what happened.

use crate::model::RecordKind;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::PathBuf;
use ts_rs::TS;

/// Everything that can go wrong in the core.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A company, record or file that does not exist.
    #[error("{0}")]
    NotFound(String),
    /// Input that breaks a rule not tied to one field (the message says which).
    #[error("{0}")]
    Validation(String),
    /// A record or request that breaks a rule on one field.
    #[error("{}", field_message(what, field, problem))]
    Invalid {
        /// The record in words ("allegation 0197…", "company deepseek"); empty for a request.
        what: String,
        /// The kind of record, when the field belongs to one.
        record: Option<RecordKind>,
        /// The field, as the record's JSON names it (`summary`, `responses.responder`).
        field: String,
        /// What is wrong with it, e.g. "must not be empty".
        problem: String,
    },
    /// A write that would clash with what is stored (a hit already reviewed, a record still
    /// referenced, a file that exists).
    #[error("{0}")]
    Conflict(String),
    /// A value that must be unique is already used by another record.
    #[error("{what}: its {field} is already used by another record")]
    Taken {
        /// The record being written, in words.
        what: String,
        /// The field whose value is taken (`slug`).
        field: String,
        /// SQLite's words for the clash (for logs; not shown).
        detail: String,
    },
    /// A file or package refused as a whole (a bundle, a list file, a key), with why.
    #[error("{message}")]
    Refused {
        /// Why, as the UI and scripts branch on it.
        kind: Refusal,
        /// The file and the reason in words, ending with what was left unchanged.
        message: String,
    },
    /// The file system failed on `path` (missing, full disk, no permission, …).
    #[error("{message}")]
    Io {
        /// The file or folder RiskBrief was reading or writing.
        path: PathBuf,
        /// The operating system's kind of failure.
        kind: std::io::ErrorKind,
        /// The path and the failure in words.
        message: String,
    },
    /// The database was written by a newer RiskBrief, or is not a RiskBrief database.
    #[error("{0}")]
    Schema(String),
    /// The database file is damaged (SQLite found corrupt pages): restore a backup.
    #[error("{0}")]
    Corrupt(String),
    /// Any other SQLite failure.
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
    /// A bug or an impossible state; the message is for a maintainer.
    #[error("{0}")]
    Internal(String),
}

fn field_message(what: &str, field: &str, problem: &str) -> String {
    if what.is_empty() {
        format!("field `{field}`: {problem}")
    } else {
        format!("{what}: field `{field}`: {problem}")
    }
}

/// Why a bundle, list file or key was refused as a whole. Each kind has one remedy a user can
/// take, which is why the UI branches on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum Refusal {
    /// The file is not a RiskBrief bundle (or key) at all.
    WrongFormat,
    /// The file ends early: cut short while copying or downloading.
    Truncated,
    /// The file has the right format but a broken structure or a record that breaks a rule.
    Malformed,
    /// Written by a newer RiskBrief (schema or bundle version): upgrade first.
    NewerVersion,
    /// The bundle's content does not match its SHA-256: altered or damaged after export.
    Altered,
    /// The signature does not match the content: altered, or signed with another key.
    BadSignature,
    /// Signed by a key this database does not trust.
    UntrustedKey,
    /// Unsigned, and this database accepts only signed bundles.
    Unsigned,
    /// Text in an encoding RiskBrief does not read (UTF-16, or bytes that are not UTF-8).
    Encoding,
    /// A list file that carries no date: the user must give the list's as-of date.
    NoDate,
    /// The same list files were already imported.
    AlreadyImported,
    /// The current snapshot of the list is newer than these files.
    OlderSnapshot,
    /// The list file holds no entries (empty, a header only, or another format).
    NoEntries,
    /// Screening needs a list, and none has been imported.
    NoList,
}

impl Refusal {
    /// The code this refusal crosses to the edges with.
    pub fn code(self) -> ErrorCode {
        match self {
            Refusal::AlreadyImported | Refusal::OlderSnapshot => ErrorCode::Conflict,
            _ => ErrorCode::Validation,
        }
    }
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

/// The core's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The codes that cross to the UI (and set the CLI's exit status).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// Something named does not exist (exit status 3).
    NotFound,
    /// Input was refused (exit status 4).
    Validation,
    /// The input clashes with what is stored (exit status 5).
    Conflict,
    /// Reading or writing a file failed (exit status 4, or 3 for a missing file).
    Io,
    /// A damaged or newer database, or a bug (exit status 1).
    Internal,
}

impl Error {
    /// The code the edges branch on.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::NotFound(_) => ErrorCode::NotFound,
            Error::Validation(_) | Error::Invalid { .. } => ErrorCode::Validation,
            Error::Conflict(_) | Error::Taken { .. } => ErrorCode::Conflict,
            Error::Refused { kind, .. } => kind.code(),
            Error::Io { kind: std::io::ErrorKind::NotFound, .. } => ErrorCode::NotFound,
            Error::Io { .. } => ErrorCode::Io,
            Error::Schema(_) | Error::Corrupt(_) | Error::Sqlite(_) | Error::Internal(_) => ErrorCode::Internal,
        }
    }

    /// A refusal of a whole file: `kind` says why, `message` says it in words.
    pub fn refused(kind: Refusal, message: impl Into<String>) -> Error {
        Error::Refused { kind, message: message.into() }
    }

    /// A rule broken by one field of a record (`what` names the record, e.g. "source 0197…").
    pub fn invalid(
        what: impl fmt::Display,
        record: Option<RecordKind>,
        field: &str,
        problem: impl fmt::Display,
    ) -> Error {
        Error::Invalid { what: what.to_string(), record, field: field.into(), problem: problem.to_string() }
    }

    /// Wraps a SQLite failure that happened while writing `what` (e.g. "allegation 0197…"),
    /// turning constraint violations into validation or conflict errors that name the record.
    /// A UNIQUE clash names its column as the field (`companies.slug` → `slug`). `what` is
    /// formatted only if the write fails: pass `format_args!`, not a `String` built for every
    /// write (a bundle import makes hundreds of thousands).
    pub fn writing(what: impl fmt::Display) -> impl FnOnce(rusqlite::Error) -> Error {
        move |e| match &e {
            rusqlite::Error::SqliteFailure(f, msg) if f.code == rusqlite::ErrorCode::ConstraintViolation => {
                let detail = msg.clone().unwrap_or_else(|| e.to_string());
                if let Some(columns) = detail.strip_prefix("UNIQUE constraint failed: ") {
                    let field = columns.split(", ").last().and_then(|c| c.rsplit('.').next()).unwrap_or(columns);
                    Error::Taken { what: what.to_string(), field: field.to_string(), detail }
                } else if detail.contains("FOREIGN KEY") {
                    Error::Conflict(format!("{what}: {detail}"))
                } else {
                    Error::Validation(format!("{what}: {detail}"))
                }
            }
            _ => Error::from(e),
        }
    }
}
