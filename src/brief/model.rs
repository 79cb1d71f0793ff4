//! What a brief says, independent of how it is drawn. `build` fills it; `pdf` and `html` render it.

use crate::risk::Band;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Everything one brief says, ready to render: its identity, front matter and sections in order.
/// The same data, options and as-of date give the same `Brief`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Brief {
    /// Short stable identifier, e.g. "RB-3F9A12C4" (a hash of data, options and date).
    pub id: String,
    /// `fingerprint` of the data the brief was built from: SHA-256 (hex) over its versioned facts
    /// projection. `verify` compares it with the data now.
    pub data_fingerprint: String,
    /// Handling marking printed at the top and foot of every page (e.g. "CONFIDENTIAL — INTERNAL USE").
    pub marking: String,
    /// Who the brief is about: the company's short name, or "Portfolio". The PDF's Subject
    /// metadata and the brief's record start with it.
    pub subject: String,
    /// The document title, on the first page, in the running header and the PDF metadata
    /// ("Vendor risk brief: DeepSeek").
    pub title: String,
    /// The line under the title: the company's legal name, or the portfolio's company count.
    pub subtitle: String,
    /// The day the facts are assessed at: the assessment's as-of date.
    pub as_of: NaiveDate,
    /// The day the brief was produced (chosen by the edge, never read from the clock here).
    pub generated: NaiveDate,
    /// Keywords for the PDF metadata (e.g. "RiskBrief", the company, "High risk", its country).
    pub keywords: Vec<String>,
    /// The body, in reading order; each is a top-level entry of the PDF outline.
    pub sections: Vec<Section>,
}

/// A titled part of a brief ("Bottom line up front", "Allegations", "Sources", …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    /// The section heading, also its entry in the PDF outline.
    pub title: String,
    /// The content under the heading, in reading order.
    pub blocks: Vec<Block>,
}

/// The colour a span is drawn in, by role rather than by value (renderers pick the colours).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tone {
    /// The surrounding text's colour.
    Normal,
    /// Grey: secondary matter such as notes, grades and placeholders ("—").
    Muted,
    /// Full ink, even where the surrounding text is muted.
    Strong,
}

/// A run of text with one style; `link` makes it clickable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Span {
    /// The characters; a `\n` forces a line break.
    pub text: String,
    /// Drawn in the bold face (in the PDF, bold wins over `italic`: there is no bold italic).
    pub bold: bool,
    /// Drawn in the italic face.
    pub italic: bool,
    /// Its colour role (a link is drawn in the link colour whatever its tone).
    pub tone: Tone,
    /// The web address the text links to, if any.
    pub link: Option<String>,
}

impl Span {
    /// Regular text in the normal tone, without a link.
    pub fn plain(text: impl Into<String>) -> Span {
        Span { text: text.into(), bold: false, italic: false, tone: Tone::Normal, link: None }
    }
    /// Bold text.
    pub fn bold(text: impl Into<String>) -> Span {
        Span { bold: true, ..Span::plain(text) }
    }
    /// Italic text.
    pub fn italic(text: impl Into<String>) -> Span {
        Span { italic: true, ..Span::plain(text) }
    }
    /// Regular text in the muted tone.
    pub fn muted(text: impl Into<String>) -> Span {
        Span { tone: Tone::Muted, ..Span::plain(text) }
    }
    /// Regular text that links to `url`.
    pub fn link(text: impl Into<String>, url: impl Into<String>) -> Span {
        Span { link: Some(url.into()), ..Span::plain(text) }
    }
}

/// A run of styled text: the spans in order, wrapped as one paragraph.
pub type Text = Vec<Span>;

/// A table: titled columns and rows of cells. In the PDF a row never splits: a table breaks
/// between rows and repeats its header row on the next page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// Column titles and their relative widths (fractions of the text width; they need not sum to 1).
    pub columns: Vec<(String, f32)>,
    /// The rows, each with one cell per column.
    pub rows: Vec<Vec<Text>>,
}

/// One bar of a chart: a score factor's points against its cap, with why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bar {
    /// The factor's name, beside the bar.
    pub label: String,
    /// Points scored; the filled part of the bar is `points / max`, clamped to 0..=1.
    pub points: f64,
    /// The factor's cap (the full length of the bar).
    pub max: f64,
    /// The reasoning behind the points, under the bar.
    pub rationale: Text,
}

impl Bar {
    /// The filled amount as printed: a whole number without decimals ("7"), else one ("21.1").
    pub fn amount(&self) -> String {
        if self.points.fract() == 0.0 {
            format!("{:.0}", self.points)
        } else {
            format!("{:.1}", self.points)
        }
    }
}

/// A compact timeline figure: a lane per kind of fact, each dated fact a mark, over whole years.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Timeline {
    /// The first year on the axis.
    pub first_year: i32,
    /// The last year on the axis (the as-of date's).
    pub last_year: i32,
    /// The date the brief is as of, marked on the axis.
    pub as_of: NaiveDate,
    /// The lanes, top to bottom; none is empty.
    pub lanes: Vec<Lane>,
}

/// A gridline of a timeline's axis.
#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    /// Where.
    pub date: NaiveDate,
    /// Its label, if it has one.
    pub label: Option<String>,
    /// A year's start (a stronger line) rather than a quarter's.
    pub major: bool,
}

impl Timeline {
    /// The axis runs from 1 January of the first year to 1 January after the last.
    pub fn range(&self) -> (NaiveDate, NaiveDate) {
        let day = |y| NaiveDate::from_ymd_opt(y, 1, 1).expect("a year on the axis");
        (day(self.first_year), day(self.last_year + 1))
    }

    /// The gridlines: every year's start, and over three years or fewer every quarter's too,
    /// labelled "Jan 2025", "Apr", "Jul", "Oct"; over more, years labelled (every second or fifth
    /// when they are many). The axis's end is the last tick, unlabelled.
    pub fn ticks(&self) -> Vec<Tick> {
        let years = self.last_year - self.first_year + 1;
        let every = match years {
            ..=12 => 1,
            13..=24 => 2,
            _ => 5,
        };
        let mut out = vec![];
        for y in self.first_year..=self.last_year {
            let labelled = (y - self.first_year) % every == 0;
            for (q, month) in [(0, "Jan"), (1, "Apr"), (2, "Jul"), (3, "Oct")] {
                if q > 0 && years > 3 {
                    break;
                }
                let date = NaiveDate::from_ymd_opt(y, 1 + 3 * q, 1).expect("a quarter's start");
                let label = match (q, years > 3) {
                    (0, true) => labelled.then(|| y.to_string()),
                    (0, false) => Some(format!("{month} {y}")),
                    _ => Some(month.to_string()),
                };
                out.push(Tick { date, label, major: q == 0 });
            }
        }
        out.push(Tick { date: self.range().1, label: None, major: true });
        out
    }
}

/// One lane of a timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lane {
    /// What its marks are ("Allegations").
    pub label: String,
    /// Its marks, oldest first.
    pub marks: Vec<Mark>,
}

/// A dated fact on a timeline: a day is a tick, a date known only to the month or year a bar
/// over that month or year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mark {
    /// The first day it may fall on.
    pub from: NaiveDate,
    /// The last day it may fall on (`from` for a day).
    pub to: NaiveDate,
    /// A short tag above it ("A2"), if any.
    pub tag: Option<String>,
}

/// One piece of a section's content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Block {
    /// The band as a coloured badge with the score.
    Badge {
        /// The risk band, which sets the badge's colour and label.
        band: Band,
        /// The score, 0 to 100.
        score: u32,
        /// Why the band is higher than the score alone gives (a band floor), printed under it.
        note: Option<String>,
    },
    /// A paragraph of running text.
    Paragraph(Text),
    /// A sub-heading inside a section (an allegation's title, say); `outline` puts it in the PDF outline.
    Heading {
        /// The heading's words.
        text: String,
        /// Whether the heading is an entry (under its section) in the PDF outline.
        outline: bool,
    },
    /// Label/value pairs (a profile).
    Fields(Vec<(String, Text)>),
    /// A bulleted list, one item per `Text`.
    Bullets(Vec<Text>),
    /// A table with a header row.
    Table(Table),
    /// Indented, ruled-off text: a response of the accused beside the allegation.
    Quote(Text),
    /// Horizontal bars, one per score factor.
    Chart(Vec<Bar>),
    /// A timeline figure.
    Timeline(Timeline),
    /// A graph figure: who stands behind a company.
    Graph(Graph),
    /// The numbered sources appendix.
    References(Vec<Text>),
}

/// A figure of who stands behind a company: boxes in layers (0 at the top), each arrow from a
/// party down to the company it stands behind. Placed by `Graph::place`, drawn by the PDF and
/// HTML renderers alike.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Graph {
    /// The boxes.
    pub nodes: Vec<GraphNode>,
    /// The arrows, each from a node to one in a lower layer.
    pub edges: Vec<GraphEdge>,
}

/// A box of a graph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GraphNode {
    /// The party's name.
    pub label: String,
    /// A second line: "person", the lists it is on.
    pub note: Option<String>,
    /// Its layer, 0 at the top.
    pub layer: usize,
    /// The company the figure is about.
    pub focus: bool,
    /// On an official list.
    pub listed: bool,
}

/// An arrow of a graph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GraphEdge {
    /// The upper node.
    pub from: usize,
    /// The lower node.
    pub to: usize,
    /// What the relations are ("owns (undisclosed) · controls · B2").
    pub label: String,
}

/// Where a graph's parts go, as fractions of the figure's width: each node's centre, and each
/// edge as the points it passes, one per layer from its upper node's to its lower node's.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    /// The number of layers.
    pub layers: usize,
    /// The most boxes (and passing edges) any layer holds.
    pub widest: usize,
    /// Each node's centre.
    pub nodes: Vec<f32>,
    /// Each edge's points, (x, layer).
    pub edges: Vec<Vec<(f32, usize)>>,
}

impl Graph {
    /// Places the graph: a slot per node in its layer, and per edge in each layer it passes
    /// over; slots ordered by the mean position of their neighbours above, then below (a few
    /// sweeps), and spread evenly across the width.
    pub fn place(&self) -> Placed {
        let layers = self.nodes.iter().map(|n| n.layer + 1).max().unwrap_or(0);
        // Slots: (layer, what): a node, or edge `e` passing over a layer.
        #[derive(Clone, Copy, PartialEq)]
        enum Slot {
            Node(usize),
            Pass(usize),
        }
        let mut rows: Vec<Vec<Slot>> = vec![vec![]; layers];
        for (i, n) in self.nodes.iter().enumerate() {
            rows[n.layer].push(Slot::Node(i));
        }
        for (e, edge) in self.edges.iter().enumerate() {
            let (a, b) = (self.nodes[edge.from].layer, self.nodes[edge.to].layer);
            for row in rows.iter_mut().take(b).skip(a + 1) {
                row.push(Slot::Pass(e));
            }
        }
        let x = |rows: &Vec<Vec<Slot>>, l: usize, s: Slot| -> f32 {
            let row = &rows[l];
            (row.iter().position(|t| *t == s).unwrap_or(0) as f32 + 0.5) / row.len() as f32
        };
        // The slot in layer `l` an edge occupies (its end node, or its pass).
        let at = |e: usize, l: usize| -> Slot {
            let edge = &self.edges[e];
            if self.nodes[edge.from].layer == l {
                Slot::Node(edge.from)
            } else if self.nodes[edge.to].layer == l {
                Slot::Node(edge.to)
            } else {
                Slot::Pass(e)
            }
        };
        let edges_of = |s: Slot| -> Vec<usize> {
            match s {
                Slot::Pass(e) => vec![e],
                Slot::Node(n) => {
                    (0..self.edges.len()).filter(|e| self.edges[*e].from == n || self.edges[*e].to == n).collect()
                }
            }
        };
        for sweep in 0..4 {
            let order: Vec<usize> =
                if sweep % 2 == 0 { (1..layers).collect() } else { (0..layers.saturating_sub(1)).rev().collect() };
            for l in order {
                let near = if sweep % 2 == 0 { l - 1 } else { l + 1 };
                let mut keyed: Vec<(f32, usize, Slot)> = rows[l]
                    .iter()
                    .enumerate()
                    .map(|(i, s)| {
                        let xs: Vec<f32> = edges_of(*s)
                            .into_iter()
                            .filter(|e| {
                                let (a, b) =
                                    (self.nodes[self.edges[*e].from].layer, self.nodes[self.edges[*e].to].layer);
                                a <= near && near <= b
                            })
                            .map(|e| x(&rows, near, at(e, near)))
                            .collect();
                        let key =
                            if xs.is_empty() { x(&rows, l, *s) } else { xs.iter().sum::<f32>() / xs.len() as f32 };
                        (key, i, *s)
                    })
                    .collect();
                keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
                rows[l] = keyed.into_iter().map(|k| k.2).collect();
            }
        }
        let nodes = (0..self.nodes.len()).map(|i| x(&rows, self.nodes[i].layer, Slot::Node(i))).collect();
        let edges = (0..self.edges.len())
            .map(|e| {
                let (a, b) = (self.nodes[self.edges[e].from].layer, self.nodes[self.edges[e].to].layer);
                (a..=b).map(|l| (x(&rows, l, at(e, l)), l)).collect()
            })
            .collect();
        Placed { layers, widest: rows.iter().map(Vec::len).max().unwrap_or(0), nodes, edges }
    }
}
