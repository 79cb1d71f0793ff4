//! Risk briefs: `build` turns data and an assessment into a `Brief` (everything the document
//! says); `pdf` and `html` render the same `Brief`. All pure: no clock, no file system.

mod company;
mod digest;
mod exposure;
mod facts;
pub mod fonts;
pub mod html;
mod judgments;
mod model;
mod options;
pub mod pdf;
mod portfolio;
pub mod scenario;
mod text;

pub use company::{build, platform_order};
pub use digest::{build_digest, DigestData, DigestDecision};
pub use exposure::build_exposure;
pub use facts::{facts, facts_json, fingerprint, fingerprint_each, ListFingerprint, FACTS_VERSION};
pub use judgments::estimate;
pub use model::*;
pub use options::{BriefOptions, PreviousBrief, DEFAULT_MARKING};
pub use portfolio::{build_portfolio, PortfolioLine, TABLE_MAX};
pub use text::short_name;
