//! Writing the judged register as a spreadsheet: XLSX (a frozen, filtered register sheet with a
//! coloured verdict column, and a summary per vendor) or CSV. Both re-import without loss: the
//! first sixteen columns are the deployment's fields under headers the importer knows; the
//! verdict, band, reasons and controls after them are read back as nothing. Every value is
//! written as text or a number, never a formula; CSV cells that a spreadsheet would evaluate
//! are prefixed with `'`.

use super::{ExposureRow, Register};
use crate::error::{Error, Result};
use crate::model::*;
use crate::risk::Verdict;
use crate::screening::spreadsheet_safe;
use rust_xlsxwriter::{Color, ExcelDateTime, Format, FormatAlign, Workbook, XlsxError};
use std::collections::BTreeMap;

/// The register's columns, in order; the first 16 are the deployment's fields.
pub const HEADERS: [&str; 20] = [
    "Id",
    "Name",
    "Vendor",
    "Vendor company",
    "Product",
    "Owner",
    "Route",
    "Platform",
    "Cloud offering",
    "Data handled",
    "Status",
    "Users or devices",
    "Review date",
    "Notes",
    "Reported by",
    "Reported on",
    "Verdict",
    "Band",
    "Reasons",
    "Controls",
];

/// A cell of the register: text, a whole number, or a date.
enum Value {
    Text(String),
    Count(u32),
    Date(PartialDate),
}

fn opt(s: &Option<String>) -> Value {
    Value::Text(s.clone().unwrap_or_default())
}

/// The verdict as the register shows it, saying when the vendor was not assessed.
pub fn verdict_text(r: &ExposureRow) -> String {
    if r.judgement.not_assessed {
        format!("{} (vendor not assessed)", r.judgement.verdict.label())
    } else {
        r.judgement.verdict.label().to_string()
    }
}

fn values(r: &ExposureRow) -> Vec<Value> {
    let d = &r.deployment;
    let date = |p: Option<PartialDate>| p.map(Value::Date).unwrap_or(Value::Text(String::new()));
    vec![
        Value::Text(d.id.to_string()),
        Value::Text(d.name.clone()),
        Value::Text(d.vendor_name.clone()),
        opt(&r.vendor_slug),
        opt(&d.product),
        opt(&d.owner),
        Value::Text(d.route.label().into()),
        opt(&d.platform),
        opt(&r.offering),
        Value::Text(d.data.label().into()),
        Value::Text(d.status.label().into()),
        d.users.map(Value::Count).unwrap_or(Value::Text(String::new())),
        date(d.review_date),
        opt(&d.notes),
        opt(&d.reported_by),
        date(d.reported_on),
        Value::Text(verdict_text(r)),
        Value::Text(r.judgement.band.map(|b| b.label().to_string()).unwrap_or_else(|| "Not assessed".into())),
        Value::Text(r.judgement.reasons.iter().map(|x| x.text.as_str()).collect::<Vec<_>>().join("\n")),
        Value::Text(r.judgement.controls.join("\n")),
    ]
}

/// The register as CSV (UTF-8, a header row, one row per deployment).
pub fn to_csv(reg: &Register) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(vec![]);
    w.write_record(HEADERS).expect("writing to memory");
    for r in &reg.rows {
        let cells: Vec<String> = values(r)
            .into_iter()
            .map(|v| match v {
                Value::Text(s) => spreadsheet_safe(&s).into_owned(),
                Value::Count(n) => n.to_string(),
                Value::Date(d) => d.to_string(),
            })
            .collect();
        w.write_record(&cells).expect("writing to memory");
    }
    w.into_inner().expect("writing to memory")
}

fn verdict_colour(v: Verdict) -> (u32, u32) {
    match v {
        Verdict::Acceptable => (0xDCEFD9, 0x1E5631),
        Verdict::AcceptableWithControls => (0xFFF1C7, 0x6B4E00),
        Verdict::NotRecommended => (0xFBD9C4, 0x8A3A00),
        Verdict::Prohibited => (0xF4C7C7, 0x8B0000),
    }
}

fn xlsx_error(e: XlsxError) -> Error {
    Error::Internal(format!("writing the workbook: {e}"))
}

/// The register as an XLSX workbook: sheet "Register" (header frozen, filters on, verdict
/// coloured) and sheet "By vendor" (one row per vendor: band, deployments and verdict counts).
pub fn to_xlsx(reg: &Register) -> Result<Vec<u8>> {
    let mut book = Workbook::new();
    let header = Format::new().set_bold().set_background_color(Color::RGB(0x1F3A5F)).set_font_color(Color::White);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let top = Format::new().set_align(FormatAlign::Top);
    let date = Format::new().set_num_format("yyyy-mm-dd").set_align(FormatAlign::Top);
    {
        let ws = book.add_worksheet();
        ws.set_name("Register").map_err(xlsx_error)?;
        for (c, h) in HEADERS.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &header).map_err(xlsx_error)?;
        }
        let widths = [38, 28, 18, 16, 22, 18, 26, 14, 22, 14, 12, 10, 12, 30, 16, 12, 30, 12, 60, 60];
        for (c, w) in widths.iter().enumerate() {
            ws.set_column_width(c as u16, *w).map_err(xlsx_error)?;
        }
        for (i, r) in reg.rows.iter().enumerate() {
            let row = i as u32 + 1;
            for (c, v) in values(r).into_iter().enumerate() {
                let c = c as u16;
                match v {
                    Value::Text(s) if c == 16 => {
                        let (bg, fg) = verdict_colour(r.judgement.verdict);
                        let f =
                            top.clone().set_bold().set_background_color(Color::RGB(bg)).set_font_color(Color::RGB(fg));
                        ws.write_string_with_format(row, c, s, &f)
                    }
                    Value::Text(s) if c >= 18 || c == 13 => ws.write_string_with_format(row, c, s, &wrap),
                    Value::Text(s) => ws.write_string_with_format(row, c, s, &top),
                    Value::Count(n) => ws.write_number_with_format(row, c, n, &top),
                    Value::Date(d) if d.precision() == DatePrecision::Day => {
                        let x = d.first_day();
                        use chrono::Datelike;
                        let dt = ExcelDateTime::from_ymd(x.year() as u16, x.month() as u8, x.day() as u8)
                            .map_err(xlsx_error)?;
                        ws.write_datetime_with_format(row, c, &dt, &date)
                    }
                    Value::Date(d) => ws.write_string_with_format(row, c, d.to_string(), &top),
                }
                .map_err(xlsx_error)?;
            }
        }
        ws.set_freeze_panes(1, 0).map_err(xlsx_error)?;
        ws.autofilter(0, 0, reg.rows.len() as u32, HEADERS.len() as u16 - 1).map_err(xlsx_error)?;
    }
    {
        let ws = book.add_worksheet();
        ws.set_name("By vendor").map_err(xlsx_error)?;
        let cols = [
            "Vendor",
            "Band",
            "Deployments",
            "Prohibited",
            "Not recommended",
            "With controls",
            "Acceptable",
            "Retired",
        ];
        for (c, h) in cols.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &header).map_err(xlsx_error)?;
            ws.set_column_width(c as u16, if c == 0 { 30 } else { 16 }).map_err(xlsx_error)?;
        }
        let mut by: BTreeMap<String, (String, [u32; 6])> = BTreeMap::new();
        for r in &reg.rows {
            let name = r.vendor_display.clone().unwrap_or_else(|| r.deployment.vendor_name.clone());
            let e = by.entry(name.to_lowercase()).or_insert_with(|| {
                let band = r.judgement.band.map(|b| b.label().to_string()).unwrap_or_else(|| "Not assessed".into());
                (format!("{name}\t{band}"), [0; 6])
            });
            e.1[0] += 1;
            let i = if r.deployment.status == DeploymentStatus::Retired {
                5
            } else {
                match r.judgement.verdict {
                    Verdict::Prohibited => 1,
                    Verdict::NotRecommended => 2,
                    Verdict::AcceptableWithControls => 3,
                    Verdict::Acceptable => 4,
                }
            };
            e.1[i] += 1;
        }
        for (i, (label, counts)) in by.values().enumerate() {
            let row = i as u32 + 1;
            let (name, band) = label.split_once('\t').expect("name and band");
            ws.write_string(row, 0, name).map_err(xlsx_error)?;
            ws.write_string(row, 1, band).map_err(xlsx_error)?;
            for (c, n) in counts.iter().enumerate() {
                ws.write_number(row, c as u16 + 2, *n).map_err(xlsx_error)?;
            }
        }
        ws.set_freeze_panes(1, 0).map_err(xlsx_error)?;
        ws.autofilter(0, 0, by.len() as u32, cols.len() as u16 - 1).map_err(xlsx_error)?;
    }
    // A sheet per vendor: its deployments with verdict and first control, riskiest first.
    let mut names: Vec<String> = vec![];
    let mut vendors: BTreeMap<String, Vec<&ExposureRow>> = BTreeMap::new();
    for r in &reg.rows {
        let name = r.vendor_display.clone().unwrap_or_else(|| r.deployment.vendor_name.clone());
        vendors.entry(name).or_default().push(r);
    }
    for (vendor, mut rows) in vendors {
        rows.sort_by(|a, b| {
            b.judgement.verdict.cmp(&a.judgement.verdict).then(a.deployment.name.cmp(&b.deployment.name))
        });
        let ws = book.add_worksheet();
        ws.set_name(sheet_name(&vendor, &mut names)).map_err(xlsx_error)?;
        let cols = ["Deployment", "Owner", "Route", "Data handled", "Status", "Verdict", "First control"];
        for (c, h) in cols.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &header).map_err(xlsx_error)?;
            ws.set_column_width(c as u16, [30, 18, 28, 14, 12, 30, 60][c]).map_err(xlsx_error)?;
        }
        for (i, r) in rows.iter().enumerate() {
            let d = &r.deployment;
            let row = i as u32 + 1;
            let cells = [
                d.name.clone(),
                d.owner.clone().unwrap_or_default(),
                d.route.label().to_string(),
                d.data.label().to_string(),
                d.status.label().to_string(),
                verdict_text(r),
                r.judgement.controls.first().cloned().unwrap_or_default(),
            ];
            for (c, v) in cells.into_iter().enumerate() {
                if c == 5 {
                    let (bg, fg) = verdict_colour(r.judgement.verdict);
                    let f = top.clone().set_bold().set_background_color(Color::RGB(bg)).set_font_color(Color::RGB(fg));
                    ws.write_string_with_format(row, c as u16, v, &f).map_err(xlsx_error)?;
                } else {
                    ws.write_string_with_format(row, c as u16, v, &wrap).map_err(xlsx_error)?;
                }
            }
        }
        ws.set_freeze_panes(1, 0).map_err(xlsx_error)?;
    }
    book.save_to_buffer().map_err(xlsx_error)
}

/// A worksheet name for a vendor: Excel's rules (at most 31 characters, none of `[]:*?/\`, not
/// blank), unique among `taken` (case-insensitively), which it joins.
fn sheet_name(vendor: &str, taken: &mut Vec<String>) -> String {
    let clean: String = vendor.chars().map(|c| if "[]:*?/\\'".contains(c) { ' ' } else { c }).collect();
    let base: String = clean.trim().chars().take(28).collect();
    let base = if base.is_empty() || ["register", "by vendor"].contains(&base.to_lowercase().as_str()) {
        format!("Vendor {}", taken.len() + 1)
    } else {
        base
    };
    let mut name = base.clone();
    let mut n = 2;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&name)) {
        name = format!("{base} {n}");
        n += 1;
    }
    taken.push(name.clone());
    name
}
