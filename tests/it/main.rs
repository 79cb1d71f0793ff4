//! Integration tests of the RiskBrief core and CLI: one test binary (`cargo test --test it`),
//! one module per area. Every store test uses a real SQLite file in a temporary directory.
//! (Full-text search tests live in `db`, next to the triggers they exercise.)

mod common;

mod audit;
mod brief;
mod cli;
mod dataset;
mod db;
mod exposure;
mod fuzz_corpus;
mod lists;
mod matching;
mod monitoring;
mod more_lists;
mod ownership;
mod provenance;
mod reliability;
mod risk;
mod scenario;
mod timeline;
