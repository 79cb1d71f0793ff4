//! The layout engine's page breaks, read back from the drawing operations of each page: the
//! lines of text as a reader sees them, top to bottom.

use super::layout::*;
use crate::brief::fonts::FontSet;
use crate::brief::*;
use crate::{dataset, risk, Store};
use chrono::NaiveDate;
use printpdf::{Op, Pt, TextItem, TextMatrix};
use std::sync::OnceLock;

/// The bundled fonts only: their CJK subset covers the bundled dataset.
fn fonts() -> &'static FontSet {
    static F: OnceLock<FontSet> = OnceLock::new();
    F.get_or_init(|| FontSet::new(None).unwrap())
}

/// The text lines of each finished page, top to bottom: the runs drawn on one baseline, joined.
fn page_lines(p: &Pager) -> Vec<Vec<String>> {
    p.pages
        .iter()
        .map(|ops| {
            let mut lines: Vec<(f32, String)> = Vec::new();
            let mut y = 0.0;
            for op in ops {
                match op {
                    Op::SetTextMatrix { matrix: TextMatrix::Translate(_, Pt(baseline)) } => y = *baseline,
                    Op::ShowText { items } => {
                        let text: String =
                            items.iter().map(|i| if let TextItem::Text(t) = i { t.as_str() } else { "" }).collect();
                        match lines.iter_mut().find(|(b, _)| *b == y) {
                            Some((_, line)) => line.push_str(&text),
                            None => lines.push((y, text)),
                        }
                    }
                    _ => {}
                }
            }
            lines.sort_by(|a, b| b.0.total_cmp(&a.0));
            lines.into_iter().map(|(_, l)| l).collect()
        })
        .collect()
}

/// A paragraph of `n` lines, one per numbered sentence (mandatory breaks).
fn numbered(prefix: &str, n: usize) -> Block {
    let text = (1..=n).map(|i| format!("{prefix} line {i}")).collect::<Vec<_>>().join("\n");
    Block::Paragraph(vec![Span::plain(text)])
}

/// How many lines starting with `prefix` each page holds.
fn per_page(pages: &[Vec<String>], prefix: &str) -> Vec<usize> {
    pages.iter().map(|lines| lines.iter().filter(|l| l.starts_with(prefix)).count()).collect()
}

/// A pager with room for `lines` body lines (and a little less than one more) on its first page.
fn pager_with_room(lines: f32) -> Pager<'static> {
    let mut p = Pager::new(fonts());
    p.y = BOTTOM + (lines + 0.5) * BODY * LEADING;
    p
}

#[test]
fn a_paragraph_breaks_with_two_lines_at_the_foot_and_three_at_the_top() {
    // Room for 5 of 6 lines: 3 stay, 3 go (not 5 and a widow of 1).
    let mut p = pager_with_room(5.0);
    if let Block::Paragraph(t) = numbered("P", 6) {
        p.paragraph(&t, LEFT, WIDTH, BODY);
    }
    p.new_page();
    assert_eq!(per_page(&page_lines(&p), "P line"), [3, 3]);

    // 4 lines cannot leave 2 and carry 3: the paragraph moves whole.
    let mut p = pager_with_room(3.0);
    if let Block::Paragraph(t) = numbered("Q", 4) {
        p.paragraph(&t, LEFT, WIDTH, BODY);
    }
    p.new_page();
    assert_eq!(per_page(&page_lines(&p), "Q line"), [0, 4]);

    // Room for one line of three: no orphan either.
    let mut p = pager_with_room(1.0);
    if let Block::Paragraph(t) = numbered("R", 3) {
        p.paragraph(&t, LEFT, WIDTH, BODY);
    }
    p.new_page();
    assert_eq!(per_page(&page_lines(&p), "R line"), [0, 3]);
}

#[test]
fn a_heading_goes_to_the_next_page_with_what_it_introduces() {
    // Room for the heading and one line: the paragraph under it must move, and the heading with it.
    let s = Section { title: "Heading H".into(), blocks: vec![numbered("H", 3)] };
    let mut p = pager_with_room(2.5);
    p.section(&s);
    p.new_page();
    let pages = page_lines(&p);
    assert_eq!(pages[0], Vec::<String>::new(), "{pages:?}");
    assert_eq!(pages[1][0], "Heading H");
    assert_eq!(per_page(&pages, "H line"), [0, 3]);

    // A one-line paragraph under a sub-heading brings the block after it along.
    let s = Section {
        title: "Section S".into(),
        blocks: vec![
            numbered("A", 8),
            Block::Heading { text: "Sub-heading".into(), outline: true },
            numbered("B", 1),
            numbered("C", 4),
        ],
    };
    let mut p = pager_with_room(13.7);
    p.section(&s);
    p.new_page();
    let pages = page_lines(&p);
    assert_eq!(pages[0].last().map(String::as_str), Some("A line 8"), "{pages:?}");
    assert_eq!(pages[1][..2], ["Sub-heading", "B line 1"]);
    // The outline points at the page the sub-heading is drawn on.
    assert_eq!(
        p.outline.iter().map(|o| (o.title.as_str(), o.page)).collect::<Vec<_>>(),
        [("Section S", 0), ("Sub-heading", 1)]
    );
}

#[test]
fn a_section_does_not_end_with_a_line_alone_on_a_page() {
    // The first paragraph fills the page; the closing line would be alone on the next one.
    let s = Section { title: "Closing".into(), blocks: vec![numbered("A", 10), numbered("Z", 1)] };
    let mut p = pager_with_room(12.8);
    p.section(&s);
    p.new_page();
    let pages = page_lines(&p);
    assert_eq!(pages.len(), 2);
    assert!(pages[1].len() >= 3, "last page: {:?}", pages[1]);
    assert_eq!(per_page(&pages, "A line").iter().sum::<usize>(), 10);
    assert_eq!(pages[1].last().map(String::as_str), Some("Z line 1"));
}

/// Every brief of the bundled dataset (and the portfolio): no paragraph leaves fewer than 2 lines
/// at a page's foot or fewer than 3 at the next page's top, no heading ends a page, and the last
/// page holds at least 3 lines.
#[test]
fn bundled_briefs_have_no_widows_orphans_or_stranded_headings() {
    let mut store = Store::open_in_memory().unwrap();
    store.import_dataset(&dataset::bundled().unwrap()).unwrap();
    let datas = store.all_company_data().unwrap();
    let mut checked = Vec::new();
    for day in [(2026, 11, 1), (2026, 11, 28)] {
        let as_of = NaiveDate::from_ymd_opt(day.0, day.1, day.2).unwrap();
        let options =
            BriefOptions { marking: DEFAULT_MARKING.into(), generated: as_of, previous: None, exposure: vec![] };
        let assessments: Vec<_> = datas.iter().map(|d| risk::assess(d, as_of)).collect();
        let mut briefs: Vec<Brief> =
            datas.iter().zip(&assessments).map(|(d, a)| build(d, a, &options, as_of)).collect();
        let lines: Vec<PortfolioLine> = datas.iter().zip(&assessments).map(|(d, a)| PortfolioLine::new(d, a)).collect();
        briefs.push(build_portfolio(&lines, crate::brief::fingerprint_each(&datas), &options, as_of));
        for b in &briefs {
            check_breaks(b);
            checked.push(b.title.clone());
        }
    }
    assert!(checked.iter().any(|t| t.ends_with("DeepSeek")), "{checked:?}");
}

fn check_breaks(b: &Brief) {
    let mut p = Pager::new(fonts());
    p.document(b);
    let pages = page_lines(&p);
    let name = &b.title;
    let last = pages.last().unwrap();
    assert!(last.len() >= 3, "{name}: the last page holds only {last:?}");

    // Paragraphs, found in reading order.
    let flat: Vec<(usize, &str)> =
        pages.iter().enumerate().flat_map(|(i, lines)| lines.iter().map(move |l| (i, l.as_str()))).collect();
    let mut at = 0;
    for t in b.sections.iter().flat_map(|s| &s.blocks).filter_map(|b| match b {
        Block::Paragraph(t) => Some(t),
        _ => None,
    }) {
        let lines: Vec<String> = p
            .wrap(t, BODY, WIDTH, INK)
            .iter()
            .map(|l| l.runs.iter().map(|r| r.text.as_str()).collect())
            .filter(|l: &String| !l.is_empty())
            .collect();
        if lines.is_empty() {
            continue;
        }
        let start = (at..flat.len())
            .find(|&i| lines.iter().enumerate().all(|(k, l)| flat.get(i + k).is_some_and(|f| f.1 == l)))
            .unwrap_or_else(|| panic!("{name}: paragraph not found in reading order: {:?}", lines[0]));
        at = start + lines.len();
        let first_page = flat[start].0;
        let here = flat[start..at].iter().filter(|f| f.0 == first_page).count();
        if here < lines.len() {
            assert!(
                here >= 2 && lines.len() - here >= 3,
                "{name}: {:?} breaks {here} + {} over pages {} and {}",
                lines[0],
                lines.len() - here,
                first_page + 1,
                first_page + 2
            );
        }
    }

    // No page ends with a heading.
    let headings: Vec<&str> = b
        .sections
        .iter()
        .flat_map(|s| {
            std::iter::once(s.title.as_str()).chain(s.blocks.iter().filter_map(|b| match b {
                Block::Heading { text, .. } => Some(text.as_str()),
                _ => None,
            }))
        })
        .collect();
    for (i, lines) in pages.iter().enumerate().take(pages.len() - 1) {
        let end = lines.last().map(String::as_str).unwrap_or_default();
        assert!(
            end.is_empty() || !headings.iter().any(|h| h.ends_with(end)),
            "{name}: page {} ends with a heading: {end:?}",
            i + 1
        );
    }
}
