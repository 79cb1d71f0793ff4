//! Renders a `Brief` as a self-contained HTML page: the desktop app's on-screen preview, and
//! the input of the Chromium comparison benchmark. Same content as the PDF, from the same model.

use super::model::*;
use crate::risk::Band;
use std::fmt::Write;

fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            '\n' => o.push_str("<br>"),
            c => o.push(c),
        }
    }
    o
}

fn text(t: &[Span]) -> String {
    let mut o = String::new();
    for s in t {
        let mut inner = esc(&s.text);
        if s.bold {
            inner = format!("<strong>{inner}</strong>");
        }
        if s.italic {
            inner = format!("<em>{inner}</em>");
        }
        if s.tone == Tone::Muted {
            inner = format!("<span class=\"muted\">{inner}</span>");
        }
        if let Some(u) = &s.link {
            inner = format!("<a href=\"{}\" rel=\"noreferrer\">{inner}</a>", esc(u));
        }
        o.push_str(&inner);
    }
    o
}

fn band_class(b: Band) -> &'static str {
    match b {
        Band::Low => "low",
        Band::Moderate => "moderate",
        Band::High => "high",
        Band::Severe => "severe",
    }
}

const STYLE: &str = r#"
body{font-family:"Noto Sans",system-ui,sans-serif;color:#1c2129;max-width:48rem;margin:0 auto;padding:1.5rem;line-height:1.45;font-size:10pt}
.marking{text-align:center;font-weight:700;font-size:8pt;letter-spacing:.04em}
header .meta,.muted{color:#5c6673}
h1{font-size:19pt;margin:.6rem 0 0}h2{font-size:13pt;border-bottom:1.5px solid #1c2129;margin-top:1.6rem;padding-bottom:.1rem}
h3{font-size:10.5pt;margin:1rem 0 .2rem}
table{border-collapse:collapse;width:100%;font-size:8.5pt;margin:.4rem 0 .8rem}th{background:#eff1f4;text-align:left}
th,td{padding:4px;border-bottom:1px solid #cdd3d9;vertical-align:top}
blockquote{border-left:3px solid #cdd3d9;margin:.3rem 0;padding-left:.8rem}
.badge{display:inline-block;color:#fff;font-weight:700;padding:.4rem 1rem;font-size:13pt}
.score{font-weight:700;font-size:14pt;margin-left:1rem}
.low{background:#2e7d33}.moderate{background:#b37300}.high{background:#c7420d}.severe{background:#8c122b}
.bar{display:flex;gap:.6rem;align-items:center}.track{background:#eff1f4;width:16rem;height:.6rem}.fill{background:#404f66;height:100%}.timeline{width:100%;max-width:44rem;font-size:9px}.timeline text{fill:currentColor}.tl-lane{fill:#eff1f4}.tl-year{stroke:#ccd3db}.tl-span{fill:#404f66}.tl-day{fill:#1c2129}.tl-now{stroke:#0d54a6;stroke-width:1.2}.graph{width:100%;max-width:44rem;font-size:9px}.graph text{fill:currentColor}.g-node{fill:#eff1f4;stroke:#8c96a3}.g-focus{fill:#dfe6ef;stroke:#1c2129;stroke-width:1.4}.g-listed{fill:#f6dde1;stroke:#8c1230;stroke-width:1.2}.g-edge{fill:none;stroke:#5c6673}.g-head{fill:#5c6673}.g-label{fill:#fff}
ol.refs{font-size:8.5pt;padding-left:1.6rem}
@media (prefers-color-scheme:dark){body{background:#16191d;color:#e3e6ea}th{background:#262b31}.track{background:#262b31}.fill{background:#9fb0c8}.tl-lane{fill:#262b31}.tl-year{stroke:#3a414a}.tl-span{fill:#9fb0c8}.tl-day{fill:#e3e6ea}.tl-now{stroke:#8ab4f8}h2{border-color:#e3e6ea}a{color:#8ab4f8}}
"#;

/// A complete HTML document.
pub fn render(brief: &Brief) -> String {
    let mut o = String::new();
    let _ = write!(
        o,
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title><style>{STYLE}</style></head><body>",
        esc(&brief.title)
    );
    let _ = write!(o, "{}", fragment(brief));
    o.push_str("</body></html>");
    o
}

/// The brief's body, for embedding in the app's preview pane.
pub fn fragment(brief: &Brief) -> String {
    let mut o = String::new();
    let _ = write!(
        o,
        "<article class=\"brief\"><div class=\"marking\">{}</div><header><h1>{}</h1><div class=\"muted\">{}</div><div class=\"meta\">Brief {} · data as of {} · generated {}</div></header>",
        esc(&brief.marking),
        esc(&brief.title),
        esc(&brief.subtitle),
        esc(&brief.id),
        brief.as_of,
        brief.generated
    );
    for s in &brief.sections {
        let _ = write!(o, "<section><h2>{}</h2>", esc(&s.title));
        for b in &s.blocks {
            block(&mut o, b);
        }
        o.push_str("</section>");
    }
    let _ = write!(o, "<div class=\"marking\">{}</div></article>", esc(&brief.marking));
    o
}

fn table(o: &mut String, t: &Table, header: bool) {
    o.push_str("<table>");
    if header {
        o.push_str("<thead><tr>");
        for (c, _) in &t.columns {
            let _ = write!(o, "<th>{}</th>", esc(c));
        }
        o.push_str("</tr></thead>");
    }
    o.push_str("<tbody>");
    for row in &t.rows {
        o.push_str("<tr>");
        for cell in row {
            let _ = write!(o, "<td>{}</td>", text(cell));
        }
        o.push_str("</tr>");
    }
    o.push_str("</tbody></table>");
}

fn block(o: &mut String, b: &Block) {
    match b {
        Block::Badge { band, score, note } => {
            let _ = write!(
                o,
                "<p><span class=\"badge {}\">{} RISK</span><span class=\"score\">Score {score} / 100</span></p>",
                band_class(*band),
                band.label().to_uppercase()
            );
            if let Some(n) = note {
                let _ = write!(o, "<p><em>{}</em></p>", esc(n));
            }
        }
        Block::Paragraph(t) => {
            let _ = write!(o, "<p>{}</p>", text(t));
        }
        Block::Heading { text: t, .. } => {
            let _ = write!(o, "<h3>{}</h3>", esc(t));
        }
        Block::Fields(f) => {
            let t = Table {
                columns: vec![],
                rows: f.iter().map(|(k, v)| vec![vec![Span::muted(k.clone())], v.clone()]).collect(),
            };
            table(o, &t, false);
        }
        Block::Bullets(items) => {
            o.push_str("<ul>");
            for i in items {
                let _ = write!(o, "<li>{}</li>", text(i));
            }
            o.push_str("</ul>");
        }
        Block::Table(t) => table(o, t, true),
        Block::Quote(t) => {
            let _ = write!(o, "<blockquote>{}</blockquote>", text(t));
        }
        Block::Chart(bars) => {
            for bar in bars {
                let pct = if bar.max > 0.0 { (bar.points / bar.max * 100.0).clamp(0.0, 100.0) } else { 0.0 };
                let _ = write!(
                    o,
                    "<div class=\"bar\"><strong style=\"width:10rem\">{}</strong><div class=\"track\"><div class=\"fill\" style=\"width:{pct:.1}%\"></div></div><span>{} of {}</span></div><p class=\"muted\" style=\"margin-left:10.6rem\">{}</p>",
                    esc(&bar.label),
                    bar.amount(),
                    bar.max,
                    text(&bar.rationale)
                );
            }
        }
        Block::Timeline(t) => timeline(o, t),
        Block::Graph(g) => graph(o, g),
        Block::References(refs) => {
            o.push_str("<ol class=\"refs\">");
            for r in refs {
                let _ = write!(o, "<li>{}</li>", text(r));
            }
            o.push_str("</ol>");
        }
    }
}

/// The ownership graph as inline SVG: the PDF's drawing (`Graph::place`), 600 units wide.
fn graph(o: &mut String, g: &Graph) {
    let p = g.place();
    let (width, box_h, gap) = (600.0, 34.0, 40.0);
    let box_w = (width / p.widest.max(1) as f64 - 14.0).min(170.0);
    let height = p.layers as f64 * box_h + p.layers.saturating_sub(1) as f64 * gap + 4.0;
    let y_top = |l: usize| 2.0 + l as f64 * (box_h + gap);
    let x_of = |f: f32| f as f64 * width;
    let _ = write!(
        o,
        "<svg class=\"graph\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"Who stands behind {}\">",
        esc(&g.nodes.iter().find(|n| n.focus).map(|n| n.label.clone()).unwrap_or_default())
    );
    for (e, pts) in g.edges.iter().zip(&p.edges) {
        let mut d = String::new();
        for (i, (fx, l)) in pts.iter().enumerate() {
            let x = x_of(*fx);
            if i == 0 {
                let _ = write!(d, "M{x:.1},{:.1}", y_top(*l) + box_h);
            } else if i + 1 == pts.len() {
                let _ = write!(d, " L{x:.1},{:.1}", y_top(*l) - 5.0);
            } else {
                let _ = write!(d, " L{x:.1},{:.1} L{x:.1},{:.1}", y_top(*l), y_top(*l) + box_h);
            }
        }
        let _ = write!(o, "<path class=\"g-edge\" d=\"{d}\"><title>{}</title></path>", esc(&e.label));
        let (ex, el) = pts[pts.len() - 1];
        let (x, y) = (x_of(ex), y_top(el));
        let _ = write!(
            o,
            "<path class=\"g-head\" d=\"M{:.1},{:.1} L{:.1},{:.1} L{x:.1},{y:.1} Z\"/>",
            x - 3.5,
            y - 6.0,
            x + 3.5,
            y - 6.0
        );
        let (fx, fl) = pts[pts.len() - 2];
        let (mx, my) = (x_of(fx) + (x - x_of(fx)) * 0.35, y_top(fl) + box_h + (y - y_top(fl) - box_h) * 0.35);
        let _ = write!(
            o,
            "<text x=\"{mx:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"7\">{}</text>",
            my + 2.0,
            esc(&e.label)
        );
    }
    for (n, fx) in g.nodes.iter().zip(&p.nodes) {
        let (x, y) = (x_of(*fx) - box_w / 2.0, y_top(n.layer));
        let class = if n.listed {
            "g-listed"
        } else if n.focus {
            "g-focus"
        } else {
            "g-node"
        };
        let _ = write!(
            o,
            "<rect class=\"{class}\" x=\"{x:.1}\" y=\"{y:.1}\" width=\"{box_w:.1}\" height=\"{box_h}\" rx=\"3\"/>"
        );
        let weight = if n.focus { " font-weight=\"bold\"" } else { "" };
        let (cx, line1) = (x + box_w / 2.0, if n.note.is_some() { y + 14.0 } else { y + 20.0 });
        let _ =
            write!(o, "<text x=\"{cx:.1}\" y=\"{line1:.1}\" text-anchor=\"middle\"{weight}>{}</text>", esc(&n.label));
        if let Some(note) = &n.note {
            let _ = write!(
                o,
                "<text x=\"{cx:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"7\">{}</text>",
                y + 26.0,
                esc(note)
            );
        }
    }
    o.push_str("</svg>");
}

/// The timeline figure as inline SVG: the PDF's drawing, in a 600-unit-wide box.
fn timeline(o: &mut String, t: &Timeline) {
    let (label_w, lane_h, width) = (110.0, 18.0, 600.0);
    let bottom = t.lanes.len() as f64 * lane_h + 8.0;
    let (start, end) = t.range();
    let span = (end - start).num_days().max(1) as f64;
    let x_of = |d: chrono::NaiveDate| label_w + (d - start).num_days() as f64 / span * (width - label_w);
    let _ = write!(
        o,
        "<svg class=\"timeline\" viewBox=\"0 0 {width} {}\" role=\"img\" aria-label=\"Timeline of dated facts, {}–{}\">",
        bottom + 16.0,
        t.first_year,
        t.last_year
    );
    for (i, lane) in t.lanes.iter().enumerate() {
        let y = 8.0 + i as f64 * lane_h;
        if i % 2 == 0 {
            let w = width - label_w;
            let _ = write!(o, "<rect class=\"tl-lane\" x=\"{label_w}\" y=\"{y}\" width=\"{w}\" height=\"{lane_h}\"/>");
        }
        let _ = write!(o, "<text x=\"0\" y=\"{}\">{}</text>", y + 12.0, esc(&lane.label));
    }
    for tick in t.ticks() {
        let x = x_of(tick.date);
        let _ = write!(o, "<line class=\"tl-year\" x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"8\" y2=\"{}\"/>", bottom + 3.0);
        if let Some(label) = tick.label {
            let _ = write!(o, "<text x=\"{:.1}\" y=\"{}\">{}</text>", x + 2.0, bottom + 12.0, esc(&label));
        }
    }
    for (i, lane) in t.lanes.iter().enumerate() {
        let mid = 8.0 + i as f64 * lane_h + lane_h / 2.0 + 2.0;
        for m in &lane.marks {
            let (a, b) = (x_of(m.from), x_of(m.to + chrono::Duration::days(1)));
            let what = match &m.tag {
                Some(tag) => format!("{tag}, {}", m.from),
                None => m.from.to_string(),
            };
            if m.from == m.to {
                let y = mid - 4.5;
                let _ = write!(o, "<rect class=\"tl-day\" x=\"{:.1}\" y=\"{y}\" width=\"2\" height=\"9\"><title>{what}</title></rect>", a - 1.0);
            } else {
                let (y, w) = (mid - 2.5, (b - a).max(2.0));
                let _ = write!(o, "<rect class=\"tl-span\" x=\"{a:.1}\" y=\"{y}\" width=\"{w:.1}\" height=\"5\"><title>{what}</title></rect>");
            }
            if let Some(tag) = &m.tag {
                let _ = write!(o, "<text x=\"{a:.1}\" y=\"{}\" font-size=\"7\">{}</text>", mid - 5.0, esc(tag));
            }
        }
    }
    let now = x_of(t.as_of + chrono::Duration::days(1));
    let _ = write!(o, "<line class=\"tl-now\" x1=\"{now:.1}\" x2=\"{now:.1}\" y1=\"8\" y2=\"{}\"/>", bottom);
    let _ = write!(o, "<text x=\"{:.1}\" y=\"6\" font-size=\"7\" text-anchor=\"end\">as of</text>", now - 1.0);
    o.push_str("</svg>");
}
