//! Writing the PDF: the laid-out pages into a printpdf document with fixed metadata, then
//! through lopdf the brief's identity, a nested outline and a trailer /ID derived from the brief.

use super::layout::{OutlineItem, Pager};
use crate::brief::fonts::{FontSet, Style};
use crate::brief::model::*;
use printpdf::*;
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;

/// The PDF bytes and anything the edge should log (e.g. characters no font could draw).
pub struct Rendered {
    /// The whole PDF file.
    pub bytes: Vec<u8>,
    /// One sentence each, for the user; empty when the brief rendered in full. The same font
    /// notice is also printed at the top of the brief.
    pub warnings: Vec<String>,
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
    p.document(&brief);
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
            d.set("RiskBriefFactsVersion", lopdf::Object::Integer(crate::brief::FACTS_VERSION.into()));
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
