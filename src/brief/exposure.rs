//! The exposure brief: for the executive who asks "are we exposed?" — the bottom line and the
//! three most urgent actions first, then verdicts by route, a table per vendor, each
//! deployment's reasons and controls, and the sources behind them.

use super::company::sources_appendix;
use super::facts::brief_id;
use super::model::*;
use super::BriefOptions;
use crate::exposure::export::verdict_text;
use crate::exposure::{urgency, ExposureRow, FactRef, Register};
use crate::model::*;
use crate::risk::{Band, Verdict};
use chrono::NaiveDate;
use std::collections::BTreeMap;
use uuid::Uuid;

/// The record a reason rests on, to the source that documents it.
fn source_of(f: &FactRef, vendors: &[&CompanyData]) -> Option<Uuid> {
    vendors.iter().find_map(|d| match f.table {
        RecordKind::Designation => d.designations.iter().find(|x| x.id == f.id).and_then(|x| x.source_id),
        RecordKind::Restriction => d.restrictions.iter().find(|x| x.id == f.id).and_then(|x| x.source_id),
        RecordKind::CloudOffering => d.cloud_offerings.iter().find(|x| x.id == f.id).and_then(|x| x.source_id),
        _ => None,
    })
}

fn action_line(r: &ExposureRow) -> Option<Text> {
    let first = r.judgement.controls.first()?;
    let d = &r.deployment;
    let mut who = vec![];
    if let Some(o) = &d.owner {
        who.push(format!("owner {o}"));
    }
    if let Some(date) = d.review_date {
        who.push(format!("review {}", date.human()));
    }
    Some(vec![
        Span::bold(format!("{first}: ")),
        Span::plain(format!("{} ({}; {})", d.name, vendor_name(r), verdict_text(r).to_lowercase())),
        Span::muted(if who.is_empty() { String::new() } else { format!(" — {}", who.join(", ")) }),
    ])
}

fn vendor_name(r: &ExposureRow) -> String {
    r.vendor_display.clone().unwrap_or_else(|| r.deployment.vendor_name.clone())
}

/// Builds the exposure brief from the judged register and the vendors' data (for the sources
/// behind the reasons). `fingerprint` identifies the data it was built from.
pub fn build_exposure(
    reg: &Register,
    vendors: &[&CompanyData],
    fingerprint: String,
    options: &BriefOptions,
    as_of: NaiveDate,
) -> Brief {
    let live: Vec<&ExposureRow> =
        reg.rows.iter().filter(|r| r.deployment.status != DeploymentStatus::Retired).collect();
    let retired = reg.rows.len() - live.len();
    let c = &reg.counts;
    let mut urgent: Vec<&ExposureRow> =
        live.iter().copied().filter(|r| r.judgement.verdict > Verdict::Acceptable).collect();
    urgent.sort_by_key(|r| urgency(r));

    // Bottom line.
    let mut bottom = vec![
        Span::bold(format!(
            "{} deployment{} in use or planned as of {}: ",
            live.len(),
            if live.len() == 1 { "" } else { "s" },
            as_of.format("%-d %B %Y")
        )),
        Span::plain(format!(
            "{} prohibited, {} not recommended, {} acceptable with controls, {} acceptable.",
            c.prohibited, c.not_recommended, c.acceptable_with_controls, c.acceptable
        )),
    ];
    if c.not_assessed > 0 {
        bottom.push(Span::plain(format!(
            " {} use{} a vendor RiskBrief has not assessed; {} not recommended until it is.",
            c.not_assessed,
            if c.not_assessed == 1 { "s" } else { "" },
            if c.not_assessed == 1 { "it is" } else { "they are" }
        )));
    }
    if retired > 0 {
        bottom.push(Span::muted(format!(" {retired} retired deployment(s) are listed but raise nothing.")));
    }
    let mut first = vec![Block::Paragraph(bottom)];
    let actions: Vec<Text> = urgent.iter().filter_map(|r| action_line(r)).take(3).collect();
    if actions.is_empty() {
        first.push(Block::Paragraph(vec![Span::plain("No deployment needs action.")]));
    } else {
        first.push(Block::Heading { text: "The three most urgent actions".into(), outline: false });
        first.push(Block::Bullets(actions));
    }
    let reporters: Vec<&str> = {
        let mut v: Vec<&str> = reg.rows.iter().filter_map(|r| r.deployment.reported_by.as_deref()).collect();
        v.sort();
        v.dedup();
        v
    };
    if !reporters.is_empty() {
        first.push(Block::Paragraph(vec![Span::muted(format!(
            "The register is the organisation's own record of its deployments, as reported by: {}.",
            reporters.join("; ")
        ))]));
    }
    let mut sections = vec![Section { title: "Bottom line up front".into(), blocks: first }];

    // Verdict by route.
    let verdicts = [Verdict::Prohibited, Verdict::NotRecommended, Verdict::AcceptableWithControls, Verdict::Acceptable];
    let mut by_route: BTreeMap<DeploymentRoute, [usize; 4]> = BTreeMap::new();
    for r in &live {
        let i = verdicts.iter().position(|v| *v == r.judgement.verdict).expect("every verdict");
        by_route.entry(r.deployment.route).or_default()[i] += 1;
    }
    let mut columns = vec![("Route".to_string(), 0.28)];
    columns.extend(verdicts.iter().map(|v| (v.label().to_string(), 0.15)));
    columns.push(("All".into(), 0.12));
    let cell = |n: usize| if n == 0 { vec![Span::muted("—")] } else { vec![Span::bold(n.to_string())] };
    let rows = by_route
        .iter()
        .map(|(route, n)| {
            let mut row = vec![vec![Span::plain(route.label())]];
            row.extend(n.iter().map(|k| cell(*k)));
            row.push(vec![Span::plain(n.iter().sum::<usize>().to_string())]);
            row
        })
        .collect();
    // The chart: per route, how many of its deployments need action (not recommended or
    // prohibited) of all it has.
    let bars = by_route
        .iter()
        .map(|(route, n)| {
            let all: usize = n.iter().sum();
            let serious = n[0] + n[1];
            Bar {
                label: route.label().to_string(),
                points: serious as f64,
                max: all as f64,
                rationale: vec![Span::plain(format!(
                    "{serious} of {all} not recommended or prohibited ({} prohibited); {} with controls, {} acceptable.",
                    n[0], n[2], n[3]
                ))],
            }
        })
        .collect();
    sections.push(Section {
        title: "Verdicts by route".into(),
        blocks: vec![
            Block::Paragraph(vec![Span::plain(
                "Where the data goes decides as much as who the vendor is: the same vendor can be acceptable hosted by a cloud provider and not recommended through its own service. Each bar is the share of a route's deployments that are not recommended or prohibited.",
            )]),
            Block::Chart(bars),
            Block::Table(Table { columns, rows }),
        ],
    });

    // A table per vendor, the riskiest vendor first.
    let mut by_vendor: BTreeMap<(std::cmp::Reverse<Option<Band>>, String), Vec<&ExposureRow>> = BTreeMap::new();
    for r in &reg.rows {
        by_vendor.entry((std::cmp::Reverse(r.judgement.band), vendor_name(r).to_lowercase())).or_default().push(r);
    }
    let mut blocks = vec![];
    for rows in by_vendor.values() {
        let r0 = rows[0];
        let band = match r0.judgement.band {
            Some(b) => format!("{} risk", b.label()),
            None => "not assessed".into(),
        };
        blocks.push(Block::Heading { text: format!("{} — {band}", vendor_name(r0)), outline: true });
        blocks.push(Block::Table(Table {
            columns: vec![
                ("Deployment".into(), 0.24),
                ("Owner".into(), 0.14),
                ("Route".into(), 0.2),
                ("Data".into(), 0.11),
                ("Status".into(), 0.12),
                ("Verdict".into(), 0.19),
            ],
            rows: rows
                .iter()
                .map(|r| {
                    let d = &r.deployment;
                    let route = match (&d.platform, &r.offering) {
                        (_, Some(o)) => format!("{}\n{o}", d.route.label()),
                        (Some(p), None) => format!("{}\n{p}", d.route.label()),
                        _ => d.route.label().to_string(),
                    };
                    vec![
                        vec![
                            Span::bold(d.name.clone()),
                            Span::muted(d.product.as_ref().map(|p| format!("\n{p}")).unwrap_or_default()),
                        ],
                        vec![Span::plain(d.owner.clone().unwrap_or_else(|| "—".into()))],
                        vec![Span::plain(route)],
                        vec![Span::plain(d.data.label())],
                        vec![Span::plain(d.status.label())],
                        vec![Span::bold(verdict_text(r))],
                    ]
                })
                .collect(),
        }));
    }
    sections.push(Section { title: "By vendor".into(), blocks });

    // Reasons and controls, most urgent first, with the sources behind them.
    let mut sources: Vec<Uuid> = vec![];
    let mut blocks = vec![];
    for r in &urgent {
        let d = &r.deployment;
        blocks.push(Block::Heading { text: format!("{} — {}", d.name, verdict_text(r)), outline: false });
        let mut fields = vec![("Vendor".to_string(), vec![Span::plain(vendor_name(r))])];
        if let Some(o) = &d.owner {
            fields.push(("Owner".into(), vec![Span::plain(o.clone())]));
        }
        fields.push((
            "Route · data · status".into(),
            vec![Span::plain(format!("{} · {} · {}", d.route.label(), d.data.label(), d.status.label()))],
        ));
        if let Some(x) = d.review_date {
            fields.push(("Review date".into(), vec![Span::plain(x.human())]));
        }
        blocks.push(Block::Fields(fields));
        let reasons = r
            .judgement
            .reasons
            .iter()
            .map(|x| {
                let mut t = vec![Span::plain(x.text.clone())];
                if let Some(s) = x.fact.as_ref().and_then(|f| source_of(f, vendors)) {
                    let n = match sources.iter().position(|y| *y == s) {
                        Some(i) => i + 1,
                        None => {
                            sources.push(s);
                            sources.len()
                        }
                    };
                    t.push(Span::muted(format!(" [{n}]")));
                }
                t
            })
            .collect();
        blocks.push(Block::Bullets(reasons));
        if !r.judgement.controls.is_empty() {
            blocks.push(Block::Paragraph(vec![Span::bold("Controls")]));
            blocks.push(Block::Bullets(r.judgement.controls.iter().map(|c| vec![Span::plain(c.clone())]).collect()));
        }
    }
    if blocks.is_empty() {
        blocks.push(Block::Paragraph(vec![Span::plain("Every deployment is acceptable as it is.")]));
    }
    sections.push(Section { title: "Reasons and controls".into(), blocks });
    let cited: Vec<Source> =
        sources.iter().filter_map(|id| vendors.iter().find_map(|d| d.source(*id)).cloned()).collect();
    sections.push(sources_appendix(&cited));
    sections.push(Section {
        title: "How verdicts are reached".into(),
        blocks: vec![
            Block::Paragraph(vec![Span::plain(
                "Each deployment is judged from its vendor's band, the route its data takes, the data it handles and its status. The route sets a first verdict (data that reaches the vendor is judged more strictly than data kept by a cloud provider or by the organisation); sensitive data can only make it stricter; an OFAC SDN listing or an outright U.S. ban prohibits; NDAA §889 and the FCC Covered List bar equipment and services that reach the vendor from U.S. federal use. A retired deployment raises nothing; a vendor not assessed is never acceptable.",
            )]),
            Block::Paragraph(vec![Span::plain("The rules in full are in docs/methodology.md of RiskBrief (\"Exposure\").")]),
        ],
    });
    Brief {
        id: brief_id(&fingerprint, options, as_of),
        data_fingerprint: fingerprint,
        marking: options.marking.clone(),
        subject: "Exposure".into(),
        title: "Exposure brief".into(),
        subtitle: format!("The organisation's deployments of vendors: {} in use or planned", live.len()),
        as_of,
        generated: options.generated,
        keywords: vec!["RiskBrief".into(), "exposure".into()],
        sections,
    }
}
