//! What a caller chooses about a brief: its marking, the day it is produced, the brief it follows.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub const DEFAULT_MARKING: &str = "CONFIDENTIAL — INTERNAL USE";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BriefOptions {
    /// Handling marking printed on every page.
    pub marking: String,
    /// The day the brief is produced (read from the clock by the edge).
    pub generated: NaiveDate,
    /// The last earlier brief of the same company built from different data, and what changed.
    #[serde(default)]
    pub previous: Option<PreviousBrief>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PreviousBrief {
    pub brief_id: String,
    pub as_of: NaiveDate,
    pub changes: crate::changes::ChangeSet,
}
