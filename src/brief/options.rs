//! What a caller chooses about a brief: its marking, the day it is produced, the brief it follows.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The handling marking a brief carries unless the user gives another.
pub const DEFAULT_MARKING: &str = "CONFIDENTIAL — INTERNAL USE";

/// What the caller decides about a brief, beside the data and the as-of date. Part of what the
/// brief id hashes, so different options give a different id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BriefOptions {
    /// Handling marking printed on every page.
    pub marking: String,
    /// The day the brief is produced (read from the clock by the edge).
    pub generated: NaiveDate,
    /// The last earlier brief of the same company built from different data, and what changed.
    #[serde(default)]
    pub previous: Option<PreviousBrief>,
    /// The organisation's deployments of the company, judged, for the brief's "Our exposure"
    /// section (none: no section, and the brief id is what it was without it).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exposure: Vec<crate::exposure::ExposureRow>,
}

/// The brief a new one follows, for its "Changes since the previous brief" section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PreviousBrief {
    /// The earlier brief's id ("RB-…"), as printed on it.
    pub brief_id: String,
    /// The earlier brief's as-of date.
    pub as_of: NaiveDate,
    /// What changed in the facts and the score between the two.
    pub changes: crate::changes::ChangeSet,
}
