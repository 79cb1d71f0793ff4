//! Drawing each kind of block of a brief, and the running header and footer, with the layout
//! engine's primitives.

use super::layout::*;
use crate::brief::model::*;
use crate::risk::Band;
use chrono::NaiveDate;

/// The least height a section may occupy on its last page when it began on an earlier one:
/// `WIDOWS` lines of small type. Less, and the page before ends earlier.
const TAIL_MIN: f32 = WIDOWS as f32 * SMALL * LEADING;

/// How many times a section is laid out again to give its last page enough.
const TAIL_TRIES: usize = 3;

/// The least a heading keeps below it on its page: `ORPHANS` lines of body text (whole blocks,
/// so a one-line paragraph under a heading brings the block after it along).
const KEEP: f32 = ORPHANS as f32 * BODY * LEADING;

impl<'f> Pager<'f> {
    /// Lays out the whole brief: the title, then each section. Ends with the last page finished,
    /// ready for `furniture`.
    pub(super) fn document(&mut self, brief: &Brief) {
        self.title(brief);
        for s in &brief.sections {
            self.section(s);
        }
        self.new_page();
    }

    /// Lays out one section, so that it does not end with less than `TAIL_MIN` alone at the top of
    /// a page: then it is laid out again with the page before ending higher, carrying more lines
    /// over (as many times as `TAIL_TRIES`).
    pub(super) fn section(&mut self, s: &Section) {
        let start = self.mark();
        for attempt in 0..=TAIL_TRIES {
            self.section_blocks(s);
            let page = self.page_index();
            let tail = TOP - self.y;
            self.raised = None;
            if page == start.pages || tail >= TAIL_MIN || attempt == TAIL_TRIES {
                break;
            }
            // The page before the last ends `TAIL_MIN - tail` higher than it did.
            let floor = self.end_of(page - 1) + (TAIL_MIN - tail);
            self.restore(&start);
            self.raised = Some((page - 1, floor));
        }
    }

    /// The section's heading and blocks. A heading (the section's, or a sub-heading) is never the
    /// last thing on a page: when less than `KEEP` of what it introduces stays below it, the
    /// heading is laid out again on the next page with it.
    fn section_blocks(&mut self, s: &Section) {
        let mut title = Some(s.title.as_str());
        let mut i = 0;
        while title.is_some() || i < s.blocks.len() {
            let mark = self.mark();
            let (mut next, stranded) = self.headed_block(title, &s.blocks, i);
            if stranded && mark.y < TOP {
                self.restore(&mark);
                self.new_page();
                next = self.headed_block(title, &s.blocks, i).0;
            }
            title = None;
            i = next;
        }
    }

    /// Lays out the section heading `title` (if given), the sub-headings from `blocks[i]` on, and
    /// the blocks after them: one, or under a heading as many as it takes to fill `KEEP` below it
    /// (up to the next heading). Returns the index of the next block, and whether a heading was
    /// left with less than `KEEP` below it at the foot of its page.
    fn headed_block(&mut self, title: Option<&str>, blocks: &[Block], mut i: usize) -> (usize, bool) {
        let mut headed = false;
        if let Some(t) = title {
            self.section_heading(t);
            headed = true;
        }
        while let Some(Block::Heading { text, outline }) = blocks.get(i) {
            self.heading(text, *outline);
            headed = true;
            i += 1;
        }
        let (page, below) = (self.page_index(), self.y);
        while let Some(b) = blocks.get(i) {
            self.block(b);
            i += 1;
            let broke = self.page_index() > page;
            if !headed || broke || below - self.y >= KEEP || matches!(blocks.get(i), Some(Block::Heading { .. })) {
                break;
            }
        }
        (i, headed && self.page_index() > page && below - self.end_of(page) < KEEP)
    }

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
        // Whole on this page (`section_blocks` keeps it with what follows); a hair more than its
        // height, so that `flow` surely draws it here, where the outline points.
        let lines = self.wrap(&[Span::bold(title)], 13.0, WIDTH, INK);
        self.ensure(6.0 + lines.len() as f32 * 13.0 * LEADING + 0.01);
        self.y -= 6.0;
        self.outline.push(OutlineItem { level: 1, title: title.into(), page: self.page_index(), y: self.y });
        self.flow(&lines, LEFT, 13.0);
        self.hline(LEFT, RIGHT, self.y + 3.0, 0.8, INK);
        self.y -= 7.0;
    }

    fn heading(&mut self, text: &str, outline: bool) {
        let lines = self.wrap(&[Span::bold(text)], 10.3, WIDTH, INK);
        // Whole on this page, as `section_heading`.
        self.ensure(3.0 + lines.len() as f32 * 10.3 * LEADING + 0.01);
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
            self.begin_lines(lines.len(), BODY * LEADING, ORPHANS);
            let bullet = self.wrap(&[Span::bold("•")], BODY, 10.0, INK);
            self.place(&bullet, LEFT + 2.0, self.y, BODY);
            self.flow(&lines, LEFT + 14.0, BODY);
            self.y -= 3.0;
        }
        self.y -= 3.0;
    }

    fn quote(&mut self, text: &[Span]) {
        let lines = self.wrap(text, BODY, WIDTH - 20.0, INK);
        self.begin_lines(lines.len(), BODY * LEADING, 3);
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
            if self.y - h < self.bottom() && self.y < TOP {
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
            let value = self.wrap(&[Span::plain(format!("{} of {}", b.amount(), b.max))], BODY, 100.0, INK);
            self.place(&value, LEFT + label_w + track_w + 8.0, top, BODY);
            self.y = top - 16.0;
            self.flow(&rationale, LEFT + label_w, SMALL);
            self.y -= 6.0;
        }
        self.y -= 4.0;
    }

    /// A lane per kind over the axis's gridlines (`Timeline::ticks`), each fact a tick (a day) or
    /// a bar (its month or year), the as-of date a line; whole on one page.
    fn timeline(&mut self, t: &Timeline) {
        let (label_w, lane_h, axis_h) = (96.0, 17.0, 14.0);
        self.ensure(t.lanes.len() as f32 * lane_h + axis_h + 6.0);
        let top = self.y;
        let (x0, x1) = (LEFT + label_w, RIGHT);
        let (start, end) = t.range();
        let span = (end - start).num_days().max(1) as f32;
        let x_of = |d: NaiveDate| x0 + (d - start).num_days() as f32 / span * (x1 - x0);
        let bottom = top - t.lanes.len() as f32 * lane_h;
        for (i, lane) in t.lanes.iter().enumerate() {
            let lane_top = top - i as f32 * lane_h;
            if i % 2 == 0 {
                self.rect(x0, lane_top - lane_h, x1 - x0, lane_h, SHADE);
            }
            let label = self.wrap(&[Span::muted(lane.label.clone())], SMALL, label_w - 6.0, MUTED);
            self.place(&label[..1], LEFT, lane_top - 4.5, SMALL);
        }
        for tick in t.ticks() {
            let x = x_of(tick.date);
            let (reach, weight) = if tick.major { (3.0, 0.5) } else { (1.5, 0.25) };
            self.vline(x, top, bottom - reach, weight, RULE);
            if let Some(label) = tick.label {
                let l = self.wrap(&[Span::muted(label)], 6.8, 60.0, MUTED);
                self.place(&l, x + 1.5, bottom - 3.0, 6.8);
            }
        }
        self.hline(x0, x1, bottom, 0.6, MUTED);
        for (i, lane) in t.lanes.iter().enumerate() {
            let mid = top - i as f32 * lane_h - lane_h / 2.0 - 2.0;
            let mut tag_end = f32::MIN;
            for m in &lane.marks {
                let (a, b) = (x_of(m.from), x_of(m.to + chrono::Duration::days(1)));
                if m.from == m.to {
                    self.rect(a - 0.9, mid - 4.0, 1.8, 8.0, INK);
                } else {
                    self.rect(a, mid - 2.5, (b - a).max(1.8), 5.0, BAR);
                }
                if let Some(tag) = &m.tag {
                    let l = self.wrap(&[Span::plain(tag.clone())], 5.8, 60.0, INK);
                    let w: f32 = l[0].runs.iter().map(|r| r.width).sum();
                    let x = a.max(tag_end + 2.0);
                    if x + w <= x1 {
                        self.place(&l, x, mid + 10.5, 5.8);
                        tag_end = x + w;
                    }
                }
            }
        }
        let now = x_of(t.as_of + chrono::Duration::days(1));
        self.vline(now, top, bottom, 0.9, LINK);
        let l = self.wrap(&[Span::plain("as of")], 5.8, 30.0, LINK);
        let w: f32 = l[0].runs.iter().map(|r| r.width).sum();
        self.place(&l, (now - w - 1.5).max(x0), top + 7.0, 5.8);
        self.y = bottom - axis_h;
    }

    /// Boxes in layers, arrows down between them (`Graph::place`), each arrow labelled above the
    /// box it points to; a listed party's box in the Severe band's colour; whole on one page.
    fn graph(&mut self, g: &Graph) {
        let p = g.place();
        let (box_h, gap) = (30.0, 40.0);
        let height = p.layers as f32 * box_h + p.layers.saturating_sub(1) as f32 * gap;
        self.ensure(height + 10.0);
        let top = self.y - 4.0;
        let box_w = (WIDTH / p.widest.max(1) as f32 - 14.0).min(160.0);
        let x_of = |f: f32| LEFT + f * WIDTH;
        let y_top = |l: usize| top - l as f32 * (box_h + gap);
        for (e, pts) in g.edges.iter().zip(&p.edges) {
            let mut points = vec![];
            for (i, (fx, l)) in pts.iter().enumerate() {
                let x = x_of(*fx);
                if i == 0 {
                    points.push((x, y_top(*l) - box_h));
                } else if i + 1 == pts.len() {
                    points.push((x, y_top(*l) + 5.5));
                } else {
                    points.extend([(x, y_top(*l)), (x, y_top(*l) - box_h)]);
                }
            }
            self.polyline(&points, 0.7, MUTED);
            let (x, y) = (x_of(pts[pts.len() - 1].0), y_top(pts[pts.len() - 1].1));
            self.triangle([(x - 3.0, y + 6.0), (x + 3.0, y + 6.0), (x, y)], MUTED);
            // The label sits on the last stretch, a third of the way down (where arrows into
            // one box are still apart), on a white ground.
            let (fx, fl) = pts[pts.len() - 2];
            let mid_x = x_of(fx) + (x - x_of(fx)) * 0.35;
            let mid_y = y_top(fl) - box_h + (y - (y_top(fl) - box_h)) * 0.35;
            let lines = self.wrap(&[Span::plain(e.label.clone())], 6.2, box_w.min(130.0), INK);
            let lines = &lines[..lines.len().min(3)];
            let w = lines.iter().map(|l| l.runs.iter().map(|r| r.width).sum::<f32>()).fold(0.0, f32::max);
            let h = lines.len() as f32 * 6.2 * LEADING;
            self.rect(mid_x - w / 2.0 - 2.0, mid_y - h / 2.0 - 1.0, w + 4.0, h + 2.0, (1.0, 1.0, 1.0));
            for (i, l) in lines.iter().enumerate() {
                let lw: f32 = l.runs.iter().map(|r| r.width).sum();
                self.place(std::slice::from_ref(l), mid_x - lw / 2.0, mid_y + h / 2.0 - i as f32 * 6.2 * LEADING, 6.2);
            }
        }
        for (n, fx) in g.nodes.iter().zip(&p.nodes) {
            let (x, y) = (x_of(*fx) - box_w / 2.0, y_top(n.layer) - box_h);
            let (fill, border) = match (n.listed, n.focus) {
                (true, _) => ((0.97, 0.87, 0.88), band_color(Band::Severe)),
                (false, true) => ((0.87, 0.90, 0.94), INK),
                (false, false) => (SHADE, RULE),
            };
            self.rect(x - 0.8, y - 0.8, box_w + 1.6, box_h + 1.6, border);
            self.rect(x, y, box_w, box_h, fill);
            let label = if n.focus { Span::bold(n.label.clone()) } else { Span::plain(n.label.clone()) };
            let lines = self.wrap(&[label], 8.0, box_w - 8.0, INK);
            let first = &lines[..1];
            let lw: f32 = first[0].runs.iter().map(|r| r.width).sum();
            let text_top = if n.note.is_some() { y + box_h - 4.0 } else { y + box_h - 9.5 };
            self.place(first, x + (box_w - lw) / 2.0, text_top, 8.0);
            if let Some(note) = &n.note {
                let color = if n.listed { band_color(Band::Severe) } else { MUTED };
                let l = self.wrap(&[Span::plain(note.clone())], 6.5, box_w - 8.0, color);
                let nw: f32 = l[0].runs.iter().map(|r| r.width).sum();
                self.place(&l[..1], x + (box_w - nw) / 2.0, y + 12.5, 6.5);
            }
        }
        self.y = top - height - 10.0;
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
            self.begin_lines(lines.len(), SMALL * LEADING, 3);
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
            Block::Timeline(t) => self.timeline(t),
            Block::Graph(g) => self.graph(g),
            Block::References(r) => self.references(r),
        }
    }

    /// Header and footer on every page, once the page count is known.
    pub(super) fn furniture(&mut self, brief: &Brief) {
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
