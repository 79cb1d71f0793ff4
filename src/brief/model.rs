//! What a brief says, independent of how it is drawn. `build` fills it; `pdf` and `html` render it.

use crate::risk::Band;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Brief {
    /// Short stable identifier, e.g. "RB-3F9A12C4" (a hash of data, options and date).
    pub id: String,
    /// SHA-256 over the canonical serialisation of the data the brief was built from.
    pub data_fingerprint: String,
    pub marking: String,
    /// Running header: the company's (or portfolio's) name.
    pub subject: String,
    pub title: String,
    pub subtitle: String,
    pub as_of: NaiveDate,
    pub generated: NaiveDate,
    pub keywords: Vec<String>,
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    pub title: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tone {
    Normal,
    Muted,
    Strong,
}

/// A run of text with one style; `link` makes it clickable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Span {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
    pub tone: Tone,
    pub link: Option<String>,
}

impl Span {
    pub fn plain(text: impl Into<String>) -> Span {
        Span { text: text.into(), bold: false, italic: false, tone: Tone::Normal, link: None }
    }
    pub fn bold(text: impl Into<String>) -> Span {
        Span { bold: true, ..Span::plain(text) }
    }
    pub fn italic(text: impl Into<String>) -> Span {
        Span { italic: true, ..Span::plain(text) }
    }
    pub fn muted(text: impl Into<String>) -> Span {
        Span { tone: Tone::Muted, ..Span::plain(text) }
    }
    pub fn link(text: impl Into<String>, url: impl Into<String>) -> Span {
        Span { link: Some(url.into()), ..Span::plain(text) }
    }
}

pub type Text = Vec<Span>;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// Column titles and their relative widths.
    pub columns: Vec<(String, f32)>,
    pub rows: Vec<Vec<Text>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bar {
    pub label: String,
    pub points: f64,
    pub max: f64,
    pub rationale: Text,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Block {
    /// The band as a coloured badge with the score.
    Badge {
        band: Band,
        score: u32,
        note: Option<String>,
    },
    Paragraph(Text),
    /// A sub-heading inside a section (an allegation's title, say); `outline` puts it in the PDF outline.
    Heading {
        text: String,
        outline: bool,
    },
    /// Label/value pairs (a profile).
    Fields(Vec<(String, Text)>),
    Bullets(Vec<Text>),
    Table(Table),
    /// Indented, ruled-off text: a response of the accused beside the allegation.
    Quote(Text),
    Chart(Vec<Bar>),
    /// The numbered sources appendix.
    References(Vec<Text>),
}
