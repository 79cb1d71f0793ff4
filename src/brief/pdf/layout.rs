//! The layout engine: page geometry and colours, measuring text with the fonts' own metrics,
//! breaking lines at Unicode line-break opportunities, and flowing lines down pages as printpdf
//! drawing operations.

use crate::brief::fonts::{Face, FontSet, Style};
use crate::brief::model::*;
use crate::risk::Band;
use printpdf::*;
use std::collections::BTreeSet;

// A4 in points, margins.
pub(super) const PAGE_W: f32 = 595.28;
pub(super) const PAGE_H: f32 = 841.89;
pub(super) const LEFT: f32 = 54.0;
pub(super) const RIGHT: f32 = PAGE_W - 54.0;
pub(super) const WIDTH: f32 = RIGHT - LEFT;
pub(super) const TOP: f32 = PAGE_H - 66.0;
pub(super) const BOTTOM: f32 = 60.0;

pub(super) const BODY: f32 = 9.0;
pub(super) const SMALL: f32 = 7.9;
pub(super) const LEADING: f32 = 1.34;

/// Fewest lines of a paragraph left at the foot of a page when it breaks (orphans).
pub(super) const ORPHANS: usize = 2;
/// Fewest lines of a paragraph carried to the top of the next page when it breaks (widows).
pub(super) const WIDOWS: usize = 3;

pub(super) type Rgbf = (f32, f32, f32);
pub(super) const INK: Rgbf = (0.11, 0.13, 0.16);
pub(super) const MUTED: Rgbf = (0.36, 0.40, 0.45);
pub(super) const RULE: Rgbf = (0.80, 0.83, 0.86);
pub(super) const SHADE: Rgbf = (0.94, 0.95, 0.96);
pub(super) const LINK: Rgbf = (0.05, 0.33, 0.65);
pub(super) const BAR: Rgbf = (0.25, 0.31, 0.40);

/// The colour of a risk band (its badge in the PDF) as red, green and blue, each from 0 to 1.
pub fn band_color(b: Band) -> Rgbf {
    match b {
        Band::Low => (0.18, 0.49, 0.20),
        Band::Moderate => (0.70, 0.45, 0.0),
        Band::High => (0.78, 0.26, 0.05),
        Band::Severe => (0.55, 0.07, 0.17),
    }
}

pub(super) fn color(c: Rgbf) -> Color {
    Color::Rgb(Rgb::new(c.0, c.1, c.2, None))
}

/// A laid-out piece of one line: text in one face, size, colour and link.
pub(super) struct Run<'f> {
    pub(super) text: String,
    pub(super) face: &'f Face,
    pub(super) size: f32,
    pub(super) color: Rgbf,
    pub(super) link: Option<String>,
    pub(super) x: f32,
    pub(super) width: f32,
}

pub(super) struct Line<'f> {
    pub(super) runs: Vec<Run<'f>>,
}

pub(super) struct OutlineItem {
    pub(super) level: u8,
    pub(super) title: String,
    pub(super) page: usize,
    pub(super) y: f32,
}

pub(super) struct Pager<'f> {
    fonts: &'f FontSet,
    pub(super) pages: Vec<Vec<Op>>,
    pub(super) ops: Vec<Op>,
    /// Top of the free space on the current page.
    pub(super) y: f32,
    pub(super) outline: Vec<OutlineItem>,
    missing: BTreeSet<char>,
    /// Where the free space ended on each finished page (`y` at its page break).
    ends: Vec<f32>,
    /// A higher foot for one page (its index, and the lowest `y` content may reach there): set
    /// while a section is laid out again so that its last page does not hold only a few lines.
    pub(super) raised: Option<(usize, f32)>,
}

/// A point in the layout to come back to, to lay what follows out again with other page breaks.
pub(super) struct Mark {
    /// How many pages were finished at the mark.
    pub(super) pages: usize,
    ops: usize,
    /// The cursor at the mark.
    pub(super) y: f32,
    outline: usize,
}

impl<'f> Pager<'f> {
    pub(super) fn new(fonts: &'f FontSet) -> Self {
        Pager {
            fonts,
            pages: vec![],
            ops: vec![],
            y: TOP,
            outline: vec![],
            missing: BTreeSet::new(),
            ends: vec![],
            raised: None,
        }
    }

    pub(super) fn new_page(&mut self) {
        self.pages.push(std::mem::take(&mut self.ops));
        self.ends.push(self.y);
        self.y = TOP;
    }

    /// Where the free space on the finished page `page` ended.
    pub(super) fn end_of(&self, page: usize) -> f32 {
        self.ends[page]
    }

    /// The lowest `y` content may reach on the current page.
    pub(super) fn bottom(&self) -> f32 {
        match self.raised {
            Some((page, floor)) if page == self.page_index() => floor.max(BOTTOM),
            _ => BOTTOM,
        }
    }

    /// Starts a new page unless `h` points fit on this one.
    pub(super) fn ensure(&mut self, h: f32) {
        if self.y - h < self.bottom() && self.y < TOP {
            self.new_page();
        }
    }

    /// How many of `n` lines, `lh` apart, to draw on this page before a page break: all of them
    /// when they fit. Otherwise at least `orphans` stay at the foot of this page and at least
    /// `WIDOWS` go to the top of the next, and 0 (all on the next page) when both cannot hold. At
    /// the top of a page, at least one line, since no page holds more.
    pub(super) fn lines_here(&self, n: usize, lh: f32, orphans: usize) -> usize {
        let bottom = self.bottom();
        let (mut room, mut y) = (0, self.y);
        while room < n && (y - lh >= bottom || y >= TOP) {
            y -= lh;
            room += 1;
        }
        if room >= n {
            return n;
        }
        let here = room.min(n.saturating_sub(WIDOWS));
        if here >= orphans.max(1) {
            here
        } else if self.y >= TOP {
            room.max(1)
        } else {
            0
        }
    }

    /// Starts a new page when none of `n` lines may start on this one (see `lines_here`): call
    /// it before drawing anything beside the lines' first (a bullet, a reference number).
    pub(super) fn begin_lines(&mut self, n: usize, lh: f32, orphans: usize) {
        if n > 0 && self.lines_here(n, lh, orphans) == 0 {
            self.new_page();
        }
    }

    /// The current point, to come back to with `restore`.
    pub(super) fn mark(&self) -> Mark {
        Mark { pages: self.pages.len(), ops: self.ops.len(), y: self.y, outline: self.outline.len() }
    }

    /// Drops everything laid out since `m`, and puts the cursor back there.
    pub(super) fn restore(&mut self, m: &Mark) {
        if self.pages.len() > m.pages {
            self.pages.truncate(m.pages + 1);
            self.ends.truncate(m.pages);
            self.ops = self.pages.pop().expect("the marked page");
        }
        self.ops.truncate(m.ops);
        self.y = m.y;
        self.outline.truncate(m.outline);
    }

    pub(super) fn page_index(&self) -> usize {
        self.pages.len()
    }

    // ---- text measurement and line breaking ----

    fn style_of(span: &Span) -> Style {
        if span.bold {
            Style::Bold
        } else if span.italic {
            Style::Italic
        } else {
            Style::Regular
        }
    }

    fn face_for(&mut self, c: char, style: Style) -> &'f Face {
        let fonts = self.fonts;
        match fonts.pick(c, style) {
            Some(f) => f,
            None => {
                self.missing.insert(c);
                &fonts.regular
            }
        }
    }

    /// Breaks styled text into lines no wider than `width`.
    pub(super) fn wrap(&mut self, text: &[Span], size: f32, width: f32, base: Rgbf) -> Vec<Line<'f>> {
        // Flatten to chars with the index of their span.
        let mut full = String::new();
        let mut owner: Vec<usize> = Vec::new(); // per byte
        for (i, s) in text.iter().enumerate() {
            full.push_str(&s.text);
            owner.extend(std::iter::repeat_n(i, s.text.len()));
        }
        let widths: Vec<(usize, char, f32)> = full
            .char_indices()
            .map(|(b, c)| {
                let face = self.face_for(c, Self::style_of(&text[owner[b]]));
                (b, c, if c == '\n' { 0.0 } else { face.advance(c, size) })
            })
            .collect();
        // Prefix sums of advances, indexed by char position; `at` maps a byte offset to it.
        let mut prefix = vec![0.0f32];
        for w in &widths {
            prefix.push(prefix.last().unwrap() + w.2);
        }
        let at = |byte: usize| widths.partition_point(|(b, _, _)| *b < byte);
        let width_of = |from: usize, to: usize, trim: bool| -> f32 {
            let (i, mut j) = (at(from), at(to));
            if trim {
                while j > i && widths[j - 1].1.is_whitespace() {
                    j -= 1;
                }
            }
            prefix[j] - prefix[i]
        };

        let mut ranges: Vec<(usize, usize)> = Vec::new();
        let mut start = 0;
        let mut prev = 0;
        for (pos, opp) in unicode_linebreak::linebreaks(&full) {
            let seg_w = width_of(prev, pos, true);
            let line_w = width_of(start, prev, false);
            if prev > start && line_w + seg_w > width {
                ranges.push((start, prev));
                start = prev;
            }
            // A single segment wider than the line (a long URL): cut it by characters.
            if width_of(start, pos, true) > width {
                let mut acc = 0.0;
                for &(b, _, w) in &widths[at(start)..at(pos)] {
                    if acc + w > width && b > start {
                        ranges.push((start, b));
                        start = b;
                        acc = 0.0;
                    }
                    acc += w;
                }
            }
            if opp == unicode_linebreak::BreakOpportunity::Mandatory {
                ranges.push((start, pos));
                start = pos;
            }
            prev = pos;
        }
        if start < full.len() {
            ranges.push((start, full.len()));
        }

        ranges
            .into_iter()
            .map(|(from, to)| {
                let mut runs: Vec<Run> = Vec::new();
                let mut x = 0.0;
                let (i, mut j) = (at(from), at(to));
                while j > i && widths[j - 1].1.is_whitespace() {
                    j -= 1;
                }
                for &(b, c, w) in &widths[i..j] {
                    let span = &text[owner[b]];
                    let face = self.face_for(c, Self::style_of(span));
                    let col = if span.link.is_some() {
                        LINK
                    } else {
                        match span.tone {
                            Tone::Muted => MUTED,
                            Tone::Strong => INK,
                            Tone::Normal => base,
                        }
                    };
                    match runs.last_mut() {
                        Some(r) if std::ptr::eq(r.face, face) && r.color == col && r.link == span.link => {
                            r.text.push(c);
                            r.width += w;
                        }
                        _ => runs.push(Run {
                            text: c.to_string(),
                            face,
                            size,
                            color: col,
                            link: span.link.clone(),
                            x,
                            width: w,
                        }),
                    }
                    x += w;
                }
                Line { runs }
            })
            .collect()
    }

    // ---- drawing primitives ----

    fn text_at(&mut self, run: &Run, x: f32, baseline: f32) {
        self.ops.push(Op::StartTextSection);
        self.ops.push(Op::SetFillColor { col: color(run.color) });
        self.ops.push(Op::SetFont { font: PdfFontHandle::External(FontId(run.face.id.into())), size: Pt(run.size) });
        self.ops.push(Op::SetTextMatrix { matrix: TextMatrix::Translate(Pt(x), Pt(baseline)) });
        self.ops.push(Op::ShowText { items: vec![TextItem::Text(run.text.clone())] });
        self.ops.push(Op::EndTextSection);
        if let Some(url) = &run.link {
            self.ops.push(Op::LinkAnnotation {
                link: LinkAnnotation::new(
                    Rect::from_xywh(Pt(x), Pt(baseline - run.size * 0.25), Pt(run.width), Pt(run.size * 1.2)),
                    Actions::Uri(url.clone()),
                    Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                    Some(ColorArray::Transparent),
                    Some(HighlightingMode::None),
                ),
            });
        }
    }

    pub(super) fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, fill: Rgbf) {
        self.ops.push(Op::SetFillColor { col: color(fill) });
        self.ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: Pt(x),
                y: Pt(y),
                width: Pt(w),
                height: Pt(h),
                mode: Some(PaintMode::Fill),
                winding_order: None,
            },
        });
    }

    pub(super) fn hline(&mut self, x1: f32, x2: f32, y: f32, thickness: f32, c: Rgbf) {
        self.ops.push(Op::SetOutlineColor { col: color(c) });
        self.ops.push(Op::SetOutlineThickness { pt: Pt(thickness) });
        self.ops.push(Op::DrawLine {
            line: printpdf::Line {
                points: vec![
                    LinePoint { p: Point { x: Pt(x1), y: Pt(y) }, bezier: false },
                    LinePoint { p: Point { x: Pt(x2), y: Pt(y) }, bezier: false },
                ],
                is_closed: false,
            },
        });
    }

    /// A line through `points`.
    pub(super) fn polyline(&mut self, points: &[(f32, f32)], thickness: f32, c: Rgbf) {
        self.ops.push(Op::SetOutlineColor { col: color(c) });
        self.ops.push(Op::SetOutlineThickness { pt: Pt(thickness) });
        self.ops.push(Op::DrawLine {
            line: printpdf::Line {
                points: points
                    .iter()
                    .map(|(x, y)| LinePoint { p: Point { x: Pt(*x), y: Pt(*y) }, bezier: false })
                    .collect(),
                is_closed: false,
            },
        });
    }

    /// A filled triangle (an arrowhead).
    pub(super) fn triangle(&mut self, points: [(f32, f32); 3], fill: Rgbf) {
        self.ops.push(Op::SetFillColor { col: color(fill) });
        self.ops.push(Op::DrawPolygon {
            polygon: printpdf::Polygon {
                rings: vec![printpdf::PolygonRing {
                    points: points
                        .iter()
                        .map(|(x, y)| LinePoint { p: Point { x: Pt(*x), y: Pt(*y) }, bezier: false })
                        .collect(),
                }],
                mode: PaintMode::Fill,
                winding_order: printpdf::WindingOrder::NonZero,
            },
        });
    }

    pub(super) fn vline(&mut self, x: f32, y1: f32, y2: f32, thickness: f32, c: Rgbf) {
        self.ops.push(Op::SetOutlineColor { col: color(c) });
        self.ops.push(Op::SetOutlineThickness { pt: Pt(thickness) });
        self.ops.push(Op::DrawLine {
            line: printpdf::Line {
                points: vec![
                    LinePoint { p: Point { x: Pt(x), y: Pt(y1) }, bezier: false },
                    LinePoint { p: Point { x: Pt(x), y: Pt(y2) }, bezier: false },
                ],
                is_closed: false,
            },
        });
    }

    /// Draws lines from the cursor down, breaking pages between lines where `lines_here` says:
    /// no fewer than `ORPHANS` lines at the foot of a page, no fewer than `WIDOWS` at the top of
    /// the next (a short paragraph moves whole).
    pub(super) fn flow(&mut self, lines: &[Line], x: f32, size: f32) {
        let lh = size * LEADING;
        let mut rest = lines;
        while !rest.is_empty() {
            let here = self.lines_here(rest.len(), lh, ORPHANS);
            for line in &rest[..here] {
                let baseline = self.y - size * 1.02;
                for r in &line.runs {
                    self.text_at(r, x + r.x, baseline);
                }
                self.y -= lh;
            }
            rest = &rest[here..];
            if !rest.is_empty() {
                self.new_page();
            }
        }
    }

    /// Draws lines at a fixed position (inside a table cell); returns nothing, never breaks.
    pub(super) fn place(&mut self, lines: &[Line], x: f32, top: f32, size: f32) {
        let lh = size * LEADING;
        for (i, line) in lines.iter().enumerate() {
            let baseline = top - size * 1.02 - i as f32 * lh;
            for r in &line.runs {
                self.text_at(r, x + r.x, baseline);
            }
        }
    }

    pub(super) fn paragraph(&mut self, text: &[Span], x: f32, width: f32, size: f32) {
        let lines = self.wrap(text, size, width, INK);
        self.flow(&lines, x, size);
        self.y -= size * 0.55;
    }
}
