//! Renders a `Brief` to PDF bytes with printpdf. Layout is ours: measure with the fonts' own
//! metrics, break lines at Unicode line-break opportunities, paginate, emit drawing operations.
//! Deterministic: fixed font ids, fixed dates, a trailer /ID derived from the brief.
//!
//! `layout` is the engine (measuring, line breaking, pagination), `blocks` draws each kind of
//! block with it, `write` turns the pages into the PDF file, `read` reads a PDF back.

mod blocks;
mod layout;
mod read;
#[cfg(test)]
mod tests;
mod write;

pub use layout::band_color;
pub use read::read_identity;
pub use write::{render, Rendered};
