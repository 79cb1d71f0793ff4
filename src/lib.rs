//! RiskBrief core: domain model, SQLite store, risk scoring, brief building and rendering.
//!
//! The core never reads the clock and never touches the file system except through the
//! database path it is given: the CLI and the desktop shell are the edges that do.

#![warn(missing_docs)]

pub mod app;
pub mod brief;
pub mod bundle;
pub mod changes;
pub mod dataset;
pub mod db;
pub mod edge;
pub mod error;
pub mod exposure;
#[doc(hidden)]
pub mod fuzz;
pub mod lists;
pub mod matching;
pub mod model;
pub mod ownership;
pub mod pack;
pub mod risk;
pub mod scenario;
pub mod screening;
pub mod timeline;
pub mod validate;

pub use db::Store;
pub use error::{Error, ErrorCode, Refusal, Result};
