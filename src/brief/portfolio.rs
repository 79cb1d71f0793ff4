//! The portfolio brief: every company on one table, riskiest first.

use super::company::methodology;
use super::facts::{brief_id, fingerprint_each};
use super::model::*;
use super::text::{dedup, short_name};
use super::BriefOptions;
use crate::model::*;
use crate::risk::{Assessment, Band, RouteKind};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// One company's line in a portfolio brief.
pub struct PortfolioEntry<'a> {
    /// Everything recorded about the company.
    pub data: &'a CompanyData,
    /// Its assessment, at the portfolio brief's as-of date.
    pub assessment: &'a Assessment,
}

/// The most companies the portfolio brief's table lists, riskiest first. A larger portfolio gets
/// the riskiest ones in the table and the rest counted by band and country in an appendix: a
/// board reads a few dozen pages, not thousands (the full list is `riskbrief list`).
pub const TABLE_MAX: usize = 500;

/// Builds the portfolio brief: the companies in a table, riskiest first, one line of rationale
/// each (at most `TABLE_MAX`; the others are counted in an appendix).
pub fn build_portfolio(entries: &[PortfolioEntry], options: &BriefOptions, as_of: NaiveDate) -> Brief {
    let fp = fingerprint_each(entries.iter().map(|e| e.data));
    let mut sorted: Vec<&PortfolioEntry> = entries.iter().collect();
    sorted.sort_by(|x, y| {
        y.assessment
            .band
            .cmp(&x.assessment.band)
            .then(y.assessment.score.cmp(&x.assessment.score))
            .then(short_name(&x.data.company).cmp(short_name(&y.data.company)))
    });
    let mut counts: BTreeMap<Band, usize> = BTreeMap::new();
    for e in entries {
        *counts.entry(e.assessment.band).or_default() += 1;
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
            let a = e.assessment;
            let top = a
                .factors
                .iter()
                .filter(|f| f.points > 0.0)
                .max_by(|x, y| x.points.total_cmp(&y.points))
                .map(|f| format!("{}: {}", f.name, f.rationale))
                .unwrap_or_else(|| "Nothing recorded that adds risk.".into());
            let vendor =
                a.routes.iter().find(|r| r.route == RouteKind::VendorOperated).map(|r| r.verdict.label()).unwrap_or("");
            vec![
                vec![
                    Span::bold(short_name(&e.data.company).to_string()),
                    Span::muted(format!("\n{}", e.data.company.slug)),
                ],
                vec![Span::plain(e.data.company.country.clone())],
                vec![Span::bold(a.band.label())],
                vec![Span::plain(a.score.to_string())],
                vec![Span::plain(format!(
                    "{} listed · {} allegations",
                    dedup(
                        e.data
                            .designations
                            .iter()
                            .filter(|d| d.status == DesignationStatus::Listed)
                            .map(|d| d.list.code())
                    )
                    .len(),
                    e.data.allegations.len()
                ))],
                vec![Span::plain(top)],
                vec![Span::plain(vendor)],
            ]
        })
        .collect();
    let mut sections = vec![
        Section {
            title: "Portfolio at a glance".into(),
            blocks: vec![
                Block::Paragraph(vec![
                    Span::bold(format!("{} companies as of {}: ", entries.len(), as_of.format("%-d %b %Y"))),
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
        subtitle: format!("{} companies", entries.len()),
        as_of,
        generated: options.generated,
        keywords: vec!["RiskBrief".into(), "portfolio".into()],
        sections,
    }
}

/// The companies beyond the table, counted by country and band (countries with the most first).
fn appendix(rest: &[&PortfolioEntry]) -> Section {
    let bands = [Band::Severe, Band::High, Band::Moderate, Band::Low];
    let mut by_country: BTreeMap<&str, [usize; 4]> = BTreeMap::new();
    for e in rest {
        let i = bands.iter().position(|b| *b == e.assessment.band).unwrap_or(3);
        by_country.entry(e.data.company.country.as_str()).or_default()[i] += 1;
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
