//! The portfolio brief: every company on one table, riskiest first.

use super::company::methodology;
use super::facts::{brief_id, fingerprint};
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

/// Builds the portfolio brief: every company in a table, riskiest first, one line of rationale each.
pub fn build_portfolio(entries: &[PortfolioEntry], options: &BriefOptions, as_of: NaiveDate) -> Brief {
    let datas: Vec<&CompanyData> = entries.iter().map(|e| e.data).collect();
    let fp = fingerprint(&datas);
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
    let sections = vec![
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
        methodology(),
    ];
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
