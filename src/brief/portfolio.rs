//! The portfolio brief: every company on one table, riskiest first.

use super::company::methodology;
use super::facts::brief_id;
use super::model::*;
use super::text::{dedup, short_name};
use super::BriefOptions;
use crate::model::*;
use crate::risk::{Assessment, Band, RouteKind};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// One company's line in a portfolio brief: what the brief shows of it, taken from its data and
/// assessment, so that a portfolio brief holds a line a company, not every company's records.
#[derive(Debug, Clone, PartialEq)]
pub struct PortfolioLine {
    /// The company's short name.
    pub name: String,
    /// Its slug.
    pub slug: String,
    /// Its country.
    pub country: String,
    /// Its band.
    pub band: Band,
    /// Its score.
    pub score: u32,
    /// How many distinct lists it is listed on.
    pub listed: usize,
    /// How many allegations are recorded.
    pub allegations: usize,
    /// The factor adding the most points, with its rationale.
    pub reason: String,
    /// The verdict on using the vendor's own service ("" when not assessed).
    pub vendor: &'static str,
}

impl PortfolioLine {
    /// The line of a company with this data and assessment.
    pub fn new(data: &CompanyData, a: &Assessment) -> Self {
        PortfolioLine {
            name: short_name(&data.company).to_string(),
            slug: data.company.slug.clone(),
            country: data.company.country.clone(),
            band: a.band,
            score: a.score,
            listed: dedup(
                data.designations.iter().filter(|d| d.status == DesignationStatus::Listed).map(|d| d.list.code()),
            )
            .len(),
            allegations: data.allegations.len(),
            reason: a
                .factors
                .iter()
                .filter(|f| f.points > 0.0)
                .max_by(|x, y| x.points.total_cmp(&y.points))
                .map(|f| format!("{}: {}", f.name, f.rationale))
                .unwrap_or_else(|| "Nothing recorded that adds risk.".into()),
            vendor: a
                .routes
                .iter()
                .find(|r| r.route == RouteKind::VendorOperated)
                .map(|r| r.verdict.label())
                .unwrap_or(""),
        }
    }
}

/// The most companies the portfolio brief's table lists, riskiest first. A larger portfolio gets
/// the riskiest ones in the table and the rest counted by band and country in an appendix: a
/// board reads a few dozen pages, not thousands (the full list is `riskbrief list`).
pub const TABLE_MAX: usize = 500;

/// Builds the portfolio brief from a line per company and the fingerprint of their data (see
/// `ListFingerprint`): the companies in a table, riskiest first, one line of rationale each (at
/// most `TABLE_MAX`; the others are counted in an appendix).
pub fn build_portfolio(lines: &[PortfolioLine], fp: String, options: &BriefOptions, as_of: NaiveDate) -> Brief {
    let mut sorted: Vec<&PortfolioLine> = lines.iter().collect();
    sorted.sort_by(|x, y| y.band.cmp(&x.band).then(y.score.cmp(&x.score)).then(x.name.cmp(&y.name)));
    let mut counts: BTreeMap<Band, usize> = BTreeMap::new();
    for e in lines {
        *counts.entry(e.band).or_default() += 1;
    }
    let summary = [Band::Severe, Band::High, Band::Moderate, Band::Low]
        .iter()
        .map(|b| format!("{} {}", counts.get(b).copied().unwrap_or(0), b.label()))
        .collect::<Vec<_>>()
        .join(" · ");
    let rows = sorted
        .iter()
        .take(TABLE_MAX)
        .map(|e| {
            vec![
                vec![Span::bold(e.name.clone()), Span::muted(format!("\n{}", e.slug))],
                vec![Span::plain(e.country.clone())],
                vec![Span::bold(e.band.label())],
                vec![Span::plain(e.score.to_string())],
                vec![Span::plain(format!("{} listed · {} allegations", e.listed, e.allegations))],
                vec![Span::plain(e.reason.clone())],
                vec![Span::plain(e.vendor)],
            ]
        })
        .collect();
    let mut sections = vec![
        Section {
            title: "Portfolio at a glance".into(),
            blocks: vec![
                Block::Paragraph(vec![
                    Span::bold(format!("{} companies as of {}: ", lines.len(), as_of.format("%-d %b %Y"))),
                    Span::plain(summary),
                ]),
                Block::Table(Table {
                    columns: vec![
                        ("Company".into(), 0.15),
                        ("Ctry".into(), 0.06),
                        ("Band".into(), 0.1),
                        ("Score".into(), 0.07),
                        ("Record".into(), 0.14),
                        ("Main reason".into(), 0.32),
                        ("Vendor's own service".into(), 0.16),
                    ],
                    rows,
                }),
                Block::Paragraph(vec![Span::muted(
                    "Each company has its own brief with every fact, grade and source behind its line here (riskbrief brief <company>).",
                )]),
            ],
        },
    ];
    if sorted.len() > TABLE_MAX {
        if let Some(Block::Paragraph(p)) = sections[0].blocks.first_mut() {
            p.push(Span::plain(format!(
                ". The table lists the {TABLE_MAX} riskiest; the other {} are counted by band and country in the appendix, and every company is in the portfolio list (riskbrief list).",
                sorted.len() - TABLE_MAX
            )));
        }
        sections.push(appendix(&sorted[TABLE_MAX..]));
    }
    sections.push(methodology());
    Brief {
        id: brief_id(&fp, options, as_of),
        data_fingerprint: fp,
        marking: options.marking.clone(),
        subject: "Portfolio".into(),
        title: "Vendor risk portfolio".into(),
        subtitle: format!("{} companies", lines.len()),
        as_of,
        generated: options.generated,
        keywords: vec!["RiskBrief".into(), "portfolio".into()],
        sections,
    }
}

/// The companies beyond the table, counted by country and band (countries with the most first).
fn appendix(rest: &[&PortfolioLine]) -> Section {
    let bands = [Band::Severe, Band::High, Band::Moderate, Band::Low];
    let mut by_country: BTreeMap<&str, [usize; 4]> = BTreeMap::new();
    for e in rest {
        let i = bands.iter().position(|b| *b == e.band).unwrap_or(3);
        by_country.entry(e.country.as_str()).or_default()[i] += 1;
    }
    let mut countries: Vec<(&str, [usize; 4])> = by_country.into_iter().collect();
    countries.sort_by(|x, y| y.1.iter().sum::<usize>().cmp(&x.1.iter().sum::<usize>()).then(x.0.cmp(y.0)));
    let mut columns = vec![("Country".to_string(), 0.2)];
    columns.extend(bands.iter().map(|b| (b.label().to_string(), 0.16)));
    columns.push(("All".into(), 0.16));
    let rows = countries
        .iter()
        .map(|(country, n)| {
            let mut row = vec![vec![Span::bold(country.to_string())]];
            row.extend(n.iter().map(|k| vec![Span::plain(k.to_string())]));
            row.push(vec![Span::plain(n.iter().sum::<usize>().to_string())]);
            row
        })
        .collect();
    Section {
        title: format!("Appendix: the other {} companies", rest.len()),
        blocks: vec![
            Block::Paragraph(vec![Span::plain(
                "Companies beyond the table, by country and band. Each has its own brief (riskbrief brief <company>).",
            )]),
            Block::Table(Table { columns, rows }),
        ],
    }
}
