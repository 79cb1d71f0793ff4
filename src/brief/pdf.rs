//! Renders a `Brief` to PDF bytes with printpdf. Layout is ours: measure with the fonts' own
//! metrics, break lines at Unicode line-break opportunities, paginate, emit drawing operations.
//! Deterministic: fixed font ids, fixed dates, a trailer /ID derived from the brief.

use super::fonts::{Face, FontSet, Style};
use super::model::*;
use crate::risk::Band;
use printpdf::*;
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;

// A4 in points, margins.
const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const LEFT: f32 = 54.0;
const RIGHT: f32 = PAGE_W - 54.0;
const WIDTH: f32 = RIGHT - LEFT;
const TOP: f32 = PAGE_H - 66.0;
const BOTTOM: f32 = 60.0;

const BODY: f32 = 9.0;
const SMALL: f32 = 7.9;
const LEADING: f32 = 1.34;

type Rgbf = (f32, f32, f32);
const INK: Rgbf = (0.11, 0.13, 0.16);
const MUTED: Rgbf = (0.36, 0.40, 0.45);
const RULE: Rgbf = (0.80, 0.83, 0.86);
const SHADE: Rgbf = (0.94, 0.95, 0.96);
const LINK: Rgbf = (0.05, 0.33, 0.65);
const BAR: Rgbf = (0.25, 0.31, 0.40);

pub fn band_color(b: Band) -> Rgbf {
    match b {
        Band::Low => (0.18, 0.49, 0.20),
        Band::Moderate => (0.70, 0.45, 0.0),
        Band::High => (0.78, 0.26, 0.05),
        Band::Severe => (0.55, 0.07, 0.17),
    }
}

fn color(c: Rgbf) -> Color {
    Color::Rgb(Rgb::new(c.0, c.1, c.2, None))
}

/// The PDF bytes and anything the edge should log (e.g. characters no font could draw).
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub warnings: Vec<String>,
}

/// A laid-out piece of one line: text in one face, size, colour and link.
struct Run<'f> {
    text: String,
    face: &'f Face,
    size: f32,
    color: Rgbf,
    link: Option<String>,
    x: f32,
    width: f32,
}

struct Line<'f> {
    runs: Vec<Run<'f>>,
}

struct OutlineItem {
    level: u8,
    title: String,
    page: usize,
    y: f32,
}

struct Pager<'f> {
    fonts: &'f FontSet,
    pages: Vec<Vec<Op>>,
    ops: Vec<Op>,
    /// Top of the free space on the current page.
    y: f32,
    outline: Vec<OutlineItem>,
    missing: BTreeSet<char>,
}

impl<'f> Pager<'f> {
    fn new(fonts: &'f FontSet) -> Self {
        Pager { fonts, pages: vec![], ops: vec![], y: TOP, outline: vec![], missing: BTreeSet::new() }
    }

    fn new_page(&mut self) {
        self.pages.push(std::mem::take(&mut self.ops));
        self.y = TOP;
    }

    /// Starts a new page unless `h` points fit on this one.
    fn ensure(&mut self, h: f32) {
        if self.y - h < BOTTOM && self.y < TOP {
            self.new_page();
        }
    }

    fn page_index(&self) -> usize {
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
    fn wrap(&mut self, text: &[Span], size: f32, width: f32, base: Rgbf) -> Vec<Line<'f>> {
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

    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, fill: Rgbf) {
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

    fn hline(&mut self, x1: f32, x2: f32, y: f32, thickness: f32, c: Rgbf) {
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

    fn vline(&mut self, x: f32, y1: f32, y2: f32, thickness: f32, c: Rgbf) {
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

    /// Draws lines from the cursor down, breaking pages between lines.
    fn flow(&mut self, lines: &[Line], x: f32, size: f32) {
        let lh = size * LEADING;
        for line in lines {
            self.ensure(lh);
            let baseline = self.y - size * 1.02;
            for r in &line.runs {
                self.text_at(r, x + r.x, baseline);
            }
            self.y -= lh;
        }
    }

    /// Draws lines at a fixed position (inside a table cell); returns nothing, never breaks.
    fn place(&mut self, lines: &[Line], x: f32, top: f32, size: f32) {
        let lh = size * LEADING;
        for (i, line) in lines.iter().enumerate() {
            let baseline = top - size * 1.02 - i as f32 * lh;
            for r in &line.runs {
                self.text_at(r, x + r.x, baseline);
            }
        }
    }

    fn paragraph(&mut self, text: &[Span], x: f32, width: f32, size: f32) {
        let lines = self.wrap(text, size, width, INK);
        // Keep two lines together at a page end.
        self.ensure((lines.len().min(2)) as f32 * size * LEADING);
        self.flow(&lines, x, size);
        self.y -= size * 0.55;
    }

    // ---- blocks ----

    fn title(&mut self, brief: &Brief) {
        let t = self.wrap(&[Span::bold(brief.title.clone())], 19.0, WIDTH, INK);
        self.flow(&t, LEFT, 19.0);
        let s = self.wrap(&[Span::muted(brief.subtitle.clone())], 11.0, WIDTH, MUTED);
        self.flow(&s, LEFT, 11.0);
        self.y -= 4.0;
        let meta = format!(
            "Brief {} · data as of {} · generated {}",
            brief.id,
            brief.as_of.format("%-d %B %Y"),
            brief.generated.format("%-d %B %Y")
        );
        let m = self.wrap(&[Span::muted(meta)], SMALL, WIDTH, MUTED);
        self.flow(&m, LEFT, SMALL);
        self.y -= 8.0;
    }

    fn section_heading(&mut self, title: &str) {
        // Keep the heading with at least a few lines of what follows.
        self.ensure(14.0 * LEADING + 70.0);
        self.y -= 6.0;
        self.outline.push(OutlineItem { level: 1, title: title.into(), page: self.page_index(), y: self.y });
        let lines = self.wrap(&[Span::bold(title)], 13.0, WIDTH, INK);
        self.flow(&lines, LEFT, 13.0);
        self.hline(LEFT, RIGHT, self.y + 3.0, 0.8, INK);
        self.y -= 7.0;
    }

    fn heading(&mut self, text: &str, outline: bool) {
        let lines = self.wrap(&[Span::bold(text)], 10.3, WIDTH, INK);
        self.ensure(lines.len() as f32 * 10.3 * LEADING + 50.0);
        self.y -= 3.0;
        if outline {
            self.outline.push(OutlineItem { level: 2, title: text.into(), page: self.page_index(), y: self.y });
        }
        self.flow(&lines, LEFT, 10.3);
        self.y -= 2.0;
    }

    fn badge(&mut self, band: Band, score: u32, note: &Option<String>) {
        self.ensure(40.0);
        let (w, h) = (132.0, 30.0);
        let top = self.y;
        self.rect(LEFT, top - h, w, h, band_color(band));
        let label = format!("{} RISK", band.label().to_uppercase());
        let mut lines = self.wrap(&[Span::bold(label)], 13.0, w, INK);
        for r in lines.iter_mut().flat_map(|l| l.runs.iter_mut()) {
            r.color = (1.0, 1.0, 1.0);
        }
        let lw: f32 = lines[0].runs.iter().map(|r| r.width).sum();
        self.place(&lines, LEFT + (w - lw) / 2.0, top - 6.0, 13.0);
        let s = self.wrap(&[Span::bold(format!("Score {score} / 100"))], 14.0, 200.0, INK);
        self.place(&s, LEFT + w + 14.0, top - 5.0, 14.0);
        self.y = top - h - 8.0;
        if let Some(n) = note {
            self.paragraph(&[Span::italic(n.clone())], LEFT, WIDTH, BODY);
        }
    }

    fn bullets(&mut self, items: &[Text]) {
        for item in items {
            let lines = self.wrap(item, BODY, WIDTH - 14.0, INK);
            self.ensure((lines.len().min(2)) as f32 * BODY * LEADING);
            let bullet = self.wrap(&[Span::bold("•")], BODY, 10.0, INK);
            self.place(&bullet, LEFT + 2.0, self.y, BODY);
            self.flow(&lines, LEFT + 14.0, BODY);
            self.y -= 3.0;
        }
        self.y -= 3.0;
    }

    fn quote(&mut self, text: &[Span]) {
        let lines = self.wrap(text, BODY, WIDTH - 20.0, INK);
        let h = lines.len() as f32 * BODY * LEADING;
        self.ensure(h.min(3.0 * BODY * LEADING));
        let top = self.y;
        self.flow(&lines, LEFT + 16.0, BODY);
        // The rule beside the quote, on the page where it ended.
        let y1 = if self.y < top { top } else { TOP };
        self.vline(LEFT + 6.0, y1, self.y + 2.0, 2.0, RULE);
        self.y -= 4.0;
    }

    fn table(&mut self, t: &Table, header: bool) {
        let total: f32 = t.columns.iter().map(|c| c.1).sum();
        let widths: Vec<f32> = t.columns.iter().map(|c| c.1 / total * WIDTH).collect();
        let pad = 4.0;
        let size = SMALL;
        let lh = size * LEADING;

        let head: Vec<Vec<Line>> = if header {
            t.columns
                .iter()
                .zip(&widths)
                .map(|(c, w)| self.wrap(&[Span::bold(c.0.clone())], size, w - 2.0 * pad, INK))
                .collect()
        } else {
            vec![]
        };
        let head_h = head.iter().map(|l| l.len()).max().unwrap_or(0) as f32 * lh + 2.0 * pad;
        let rows: Vec<Vec<Vec<Line>>> = t
            .rows
            .iter()
            .map(|row| row.iter().zip(&widths).map(|(cell, w)| self.wrap(cell, size, w - 2.0 * pad, INK)).collect())
            .collect();

        let draw_header = |p: &mut Pager<'f>, head: &Vec<Vec<Line>>| {
            if head.is_empty() {
                return;
            }
            let top = p.y;
            p.rect(LEFT, top - head_h, WIDTH, head_h, SHADE);
            let mut x = LEFT;
            for (cell, w) in head.iter().zip(&widths) {
                p.place(cell, x + pad, top - pad, size);
                x += w;
            }
            p.y = top - head_h;
            p.hline(LEFT, RIGHT, p.y, 0.6, MUTED);
        };

        // The header travels with the first row.
        let first_h = rows.first().map(|r| row_height(r, lh, pad)).unwrap_or(0.0);
        self.ensure(head_h + first_h.min(TOP - BOTTOM - head_h));
        draw_header(self, &head);
        for row in &rows {
            let h = row_height(row, lh, pad);
            if self.y - h < BOTTOM && self.y < TOP {
                self.new_page();
                draw_header(self, &head);
            }
            let top = self.y;
            let mut x = LEFT;
            for (cell, w) in row.iter().zip(&widths) {
                self.place(cell, x + pad, top - pad, size);
                x += w;
            }
            self.y = top - h;
            self.hline(LEFT, RIGHT, self.y, 0.4, RULE);
        }
        self.y -= 8.0;
    }

    fn chart(&mut self, bars: &[Bar]) {
        let label_w = 128.0;
        let track_w = 230.0;
        for b in bars {
            let rationale = self.wrap(&b.rationale, SMALL, WIDTH - label_w, MUTED);
            let h = 16.0 + rationale.len() as f32 * SMALL * LEADING + 6.0;
            self.ensure(h);
            let top = self.y;
            let label = self.wrap(&[Span::bold(b.label.clone())], BODY, label_w - 6.0, INK);
            self.place(&label, LEFT, top, BODY);
            let bar_y = top - 11.5;
            self.rect(LEFT + label_w, bar_y, track_w, 9.0, SHADE);
            let filled = if b.max > 0.0 { (b.points / b.max).clamp(0.0, 1.0) as f32 * track_w } else { 0.0 };
            if filled > 0.0 {
                self.rect(LEFT + label_w, bar_y, filled, 9.0, BAR);
            }
            let value = self.wrap(&[Span::plain(format!("{:.1} of {}", b.points, b.max))], BODY, 100.0, INK);
            self.place(&value, LEFT + label_w + track_w + 8.0, top, BODY);
            self.y = top - 16.0;
            self.flow(&rationale, LEFT + label_w, SMALL);
            self.y -= 6.0;
        }
        self.y -= 4.0;
    }

    fn fields(&mut self, fields: &[(String, Text)]) {
        let t = Table {
            columns: vec![("".into(), 0.24), ("".into(), 0.76)],
            rows: fields.iter().map(|(k, v)| vec![vec![Span::muted(k.clone())], v.clone()]).collect(),
        };
        self.table(&t, false);
    }

    fn references(&mut self, refs: &[Text]) {
        for (i, r) in refs.iter().enumerate() {
            let lines = self.wrap(r, SMALL, WIDTH - 26.0, INK);
            self.ensure((lines.len().min(3)) as f32 * SMALL * LEADING);
            let n = self.wrap(&[Span::bold(format!("[{}]", i + 1))], SMALL, 26.0, INK);
            self.place(&n, LEFT, self.y, SMALL);
            self.flow(&lines, LEFT + 26.0, SMALL);
            self.y -= 3.5;
        }
    }

    fn block(&mut self, b: &Block) {
        match b {
            Block::Badge { band, score, note } => self.badge(*band, *score, note),
            Block::Paragraph(t) => self.paragraph(t, LEFT, WIDTH, BODY),
            Block::Heading { text, outline } => self.heading(text, *outline),
            Block::Fields(f) => self.fields(f),
            Block::Bullets(items) => self.bullets(items),
            Block::Table(t) => self.table(t, true),
            Block::Quote(t) => self.quote(t),
            Block::Chart(bars) => self.chart(bars),
            Block::References(r) => self.references(r),
        }
    }

    /// Header and footer on every page, once the page count is known.
    fn furniture(&mut self, brief: &Brief) {
        let total = self.pages.len();
        for i in 0..total {
            let saved = std::mem::take(&mut self.ops);
            let marking = self.wrap(&[Span::bold(brief.marking.clone())], 8.0, WIDTH, INK);
            let mw: f32 = marking.first().map(|l| l.runs.iter().map(|r| r.width).sum()).unwrap_or(0.0);
            self.place(&marking, LEFT + (WIDTH - mw) / 2.0, PAGE_H - 22.0, 8.0);
            let left = self.wrap(&[Span::muted(brief.title.clone())], 7.5, WIDTH * 0.7, MUTED);
            self.place(&left[..1.min(left.len())], LEFT, PAGE_H - 38.0, 7.5);
            let right = self.wrap(&[Span::muted(brief.id.clone())], 7.5, 120.0, MUTED);
            let rw: f32 = right[0].runs.iter().map(|r| r.width).sum();
            self.place(&right, RIGHT - rw, PAGE_H - 38.0, 7.5);
            self.hline(LEFT, RIGHT, PAGE_H - 52.0, 0.5, RULE);

            self.hline(LEFT, RIGHT, 42.0, 0.5, RULE);
            let foot = format!("Generated {} · Data as of {}", brief.generated, brief.as_of);
            let f = self.wrap(&[Span::muted(foot)], 7.5, WIDTH * 0.6, MUTED);
            self.place(&f, LEFT, 38.0, 7.5);
            let pg = self.wrap(&[Span::muted(format!("Page {} of {}", i + 1, total))], 7.5, 100.0, MUTED);
            let pw: f32 = pg[0].runs.iter().map(|r| r.width).sum();
            self.place(&pg, RIGHT - pw, 38.0, 7.5);
            let mark = self.wrap(&[Span::bold(brief.marking.clone())], 7.0, WIDTH, INK);
            let mw: f32 = mark.first().map(|l| l.runs.iter().map(|r| r.width).sum()).unwrap_or(0.0);
            self.place(&mark, LEFT + (WIDTH - mw) / 2.0, 26.0, 7.0);

            let furniture = std::mem::replace(&mut self.ops, saved);
            self.pages[i].extend(furniture);
        }
    }
}

fn row_height(row: &[Vec<Line>], lh: f32, pad: f32) -> f32 {
    row.iter().map(|c| c.len()).max().unwrap_or(1).max(1) as f32 * lh + 2.0 * pad
}

/// Every character of the brief that no available font can draw.
fn undrawable(brief: &Brief, fonts: &FontSet) -> BTreeSet<char> {
    let json = serde_json::to_string(brief).expect("brief serialises");
    let parsed: serde_json::Value = serde_json::from_str(&json).expect("round trip");
    let mut out = BTreeSet::new();
    fn walk(v: &serde_json::Value, fonts: &FontSet, out: &mut BTreeSet<char>) {
        match v {
            serde_json::Value::String(s) => {
                for c in s.chars() {
                    if fonts.pick(c, Style::Regular).is_none() {
                        out.insert(c);
                    }
                }
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, fonts, out)),
            serde_json::Value::Object(o) => o.values().for_each(|x| walk(x, fonts, out)),
            _ => {}
        }
    }
    walk(&parsed, fonts, &mut out);
    out
}

/// Renders a brief to PDF.
pub fn render(brief: &Brief, fonts: &FontSet) -> Rendered {
    let mut warnings = Vec::new();
    let missing = undrawable(brief, fonts);
    let mut brief = brief.clone();
    if !missing.is_empty() {
        let chars: String = missing.iter().take(20).collect();
        let msg = format!(
            "{} character(s) in this brief ({chars}) could not be drawn: no installed font covers them. Install a CJK font (e.g. Debian's fonts-noto-cjk) and generate the brief again.",
            missing.len()
        );
        warnings.push(msg.clone());
        if let Some(first) = brief.sections.first_mut() {
            first.blocks.insert(0, Block::Paragraph(vec![Span::bold(format!("Font notice: {msg}"))]));
        }
    }

    let mut p = Pager::new(fonts);
    p.title(&brief);
    for s in &brief.sections {
        p.section_heading(&s.title);
        for b in &s.blocks {
            p.block(b);
        }
    }
    p.new_page();
    p.furniture(&brief);

    let mut doc = PdfDocument::new(&brief.title);
    for f in fonts.faces() {
        doc.resources.fonts.map.insert(FontId(f.id.into()), PdfFont::new(f.parsed.clone()));
    }
    let day = printpdf::date::DateTime::new_in_offset(
        printpdf::date::Date {
            year: chrono::Datelike::year(&brief.as_of),
            month: chrono::Datelike::month(&brief.as_of) as u8,
            day: chrono::Datelike::day(&brief.as_of) as u8,
        },
        printpdf::date::Time { hour: 0, minute: 0, second: 0, millisecond: 0 },
        printpdf::date::Offset { hours: 0, minutes: 0, seconds: 0, milliseconds: 0 },
    );
    let info = &mut doc.metadata.info;
    info.document_title = brief.title.clone();
    info.author = "RiskBrief".into();
    info.creator = "RiskBrief".into();
    info.producer = format!("RiskBrief {}", env!("CARGO_PKG_VERSION"));
    info.subject = format!("{} — {} (data as of {})", brief.subject, brief.subtitle, brief.as_of);
    info.keywords = brief.keywords.clone();
    info.identifier = brief.id.clone();
    info.creation_date = day;
    info.modification_date = day;
    info.metadata_date = day;

    let pages: Vec<PdfPage> = p.pages.drain(..).map(|ops| PdfPage::new(Mm(210.0), Mm(297.0), ops)).collect();
    let page_count = pages.len();
    doc.with_pages(pages);

    let opts = PdfSaveOptions { optimize: true, subset_fonts: true, secure: true, image_optimization: None };
    let mut pdf_warnings = Vec::new();
    let mut lo = doc.to_lopdf_document(&opts, &mut pdf_warnings);
    for w in pdf_warnings.iter().filter(|w| matches!(w.severity, PdfParseErrorSeverity::Error)) {
        warnings.push(format!("PDF: {}", w.msg));
    }

    // Brief id and data fingerprint in the document information, for verification.
    if let Ok(lopdf::Object::Reference(info_id)) = lo.trailer.get(b"Info").cloned() {
        if let Ok(lopdf::Object::Dictionary(d)) = lo.get_object_mut(info_id) {
            d.set("RiskBriefId", lopdf::Object::string_literal(brief.id.clone()));
            d.set("RiskBriefDataFingerprint", lopdf::Object::string_literal(brief.data_fingerprint.clone()));
            d.set("RiskBriefFactsVersion", lopdf::Object::Integer(super::build::FACTS_VERSION.into()));
        }
    }
    write_outline(&mut lo, &p.outline, page_count);
    let digest = Sha256::digest(format!("{}{}", brief.id, brief.data_fingerprint).as_bytes());
    let id = lopdf::Object::String(digest[..16].to_vec(), lopdf::StringFormat::Hexadecimal);
    lo.trailer.set("ID", lopdf::Object::Array(vec![id.clone(), id]));
    lo.compress();
    let mut bytes = Vec::new();
    lo.save_to(&mut bytes).expect("writing to memory cannot fail");
    Rendered { bytes, warnings }
}

/// PDF text string: UTF-16BE with a byte-order mark.
fn pdf_text(s: &str) -> lopdf::Object {
    let mut b = vec![0xFE, 0xFF];
    for u in s.encode_utf16() {
        b.extend(u.to_be_bytes());
    }
    lopdf::Object::String(b, lopdf::StringFormat::Hexadecimal)
}

/// A two-level outline (sections, and allegations under theirs), each entry pointing at its place.
fn write_outline(lo: &mut lopdf::Document, items: &[OutlineItem], page_count: usize) {
    use lopdf::{dictionary, Object};
    if items.is_empty() {
        return;
    }
    let pages = lo.get_pages();
    let root = lo.new_object_id();
    // Group: top-level items with their children.
    let mut tops: Vec<(usize, Vec<usize>)> = Vec::new();
    for (i, it) in items.iter().enumerate() {
        if it.level == 1 || tops.is_empty() {
            tops.push((i, vec![]));
        } else {
            tops.last_mut().unwrap().1.push(i);
        }
    }
    let ids: Vec<lopdf::ObjectId> = items.iter().map(|_| lo.new_object_id()).collect();
    let dest = |it: &OutlineItem| -> Object {
        let page = pages.get(&((it.page.min(page_count - 1) + 1) as u32)).copied().expect("page exists");
        Object::Array(vec![
            Object::Reference(page),
            "XYZ".into(),
            Object::Real(0.0),
            Object::Real(it.y + 14.0),
            Object::Null,
        ])
    };
    let link_siblings =
        |lo: &mut lopdf::Document, members: &[usize], parent: lopdf::ObjectId, kids: &dyn Fn(usize) -> Vec<usize>| {
            for (k, &i) in members.iter().enumerate() {
                let mut d = dictionary! {
                    "Title" => pdf_text(&items[i].title),
                    "Parent" => Object::Reference(parent),
                    "Dest" => dest(&items[i]),
                };
                if k > 0 {
                    d.set("Prev", Object::Reference(ids[members[k - 1]]));
                }
                if k + 1 < members.len() {
                    d.set("Next", Object::Reference(ids[members[k + 1]]));
                }
                let children = kids(i);
                if let (Some(f), Some(l)) = (children.first(), children.last()) {
                    d.set("First", Object::Reference(ids[*f]));
                    d.set("Last", Object::Reference(ids[*l]));
                    // Negative count: closed by default, so the outline opens at section level.
                    d.set("Count", Object::Integer(-(children.len() as i64)));
                }
                lo.objects.insert(ids[i], Object::Dictionary(d));
            }
        };
    let top_ids: Vec<usize> = tops.iter().map(|t| t.0).collect();
    let children_of = |i: usize| tops.iter().find(|t| t.0 == i).map(|t| t.1.clone()).unwrap_or_default();
    link_siblings(lo, &top_ids, root, &children_of);
    for (top, kids) in &tops {
        link_siblings(lo, kids, ids[*top], &|_| vec![]);
    }
    lo.objects.insert(
        root,
        Object::Dictionary(dictionary! {
            "Type" => "Outlines",
            "First" => Object::Reference(ids[top_ids[0]]),
            "Last" => Object::Reference(ids[*top_ids.last().unwrap()]),
            "Count" => Object::Integer(top_ids.len() as i64),
        }),
    );
    if let Ok(cat) = lo.catalog_mut() {
        cat.set("Outlines", Object::Reference(root));
        cat.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    }
}

/// The brief id and data fingerprint a RiskBrief PDF carries in its document information.
pub fn read_identity(pdf: &[u8]) -> Option<(String, String)> {
    let doc = lopdf::Document::load_mem(pdf).ok()?;
    let info = doc.trailer.get(b"Info").ok()?.as_reference().ok()?;
    let d = doc.get_dictionary(info).ok()?;
    let text = |k: &[u8]| d.get(k).ok()?.as_str().ok().map(|b| String::from_utf8_lossy(b).to_string());
    Some((text(b"RiskBriefId")?, text(b"RiskBriefDataFingerprint")?))
}
