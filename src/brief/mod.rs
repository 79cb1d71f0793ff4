//! Risk briefs: `build` turns data and an assessment into a `Brief` (everything the document
//! says); `pdf` and `html` render the same `Brief`. All pure: no clock, no file system.

mod build;
pub mod fonts;
pub mod html;
mod model;
pub mod pdf;

pub use build::{
    build, build_portfolio, estimate, fingerprint, platform_order, short_name, BriefOptions, PortfolioEntry,
    PreviousBrief, DEFAULT_MARKING, FACTS_VERSION,
};
pub use model::*;
