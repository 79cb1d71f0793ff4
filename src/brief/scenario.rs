//! The scenario brief: what would change if the scenario's hypothetical changes happened. Marked
//! "HYPOTHETICAL" on every page and in its metadata, with an id of its own kind (`SCN-…`) so
//! that `verify` names it a scenario brief and never takes it for a recorded one.

use super::facts::brief_id;
use super::model::*;
use super::BriefOptions;
use crate::risk::Verdict;
use crate::scenario::ScenarioRun;
use chrono::NaiveDate;

/// The prefix of a scenario brief's id ("SCN-1A2B3C4D"); a recorded brief's is "RB-".
pub const ID_PREFIX: &str = "SCN-";

/// The marking every page of a scenario brief carries, before the user's own.
pub fn marking(scenario: &str, user: &str) -> String {
    format!("HYPOTHETICAL — scenario: {scenario} — {user}")
}

fn verdict(v: Option<Verdict>) -> String {
    v.map(|v| v.label().to_string()).unwrap_or_else(|| "— (no longer offered)".into())
}

/// Builds the scenario brief from a run. `fingerprint` identifies the run's inputs.
pub fn build_scenario(run: &ScenarioRun, fingerprint: String, options: &BriefOptions, as_of: NaiveDate) -> Brief {
    let s = &run.scenario;
    let mut assumed = vec![Block::Paragraph(vec![
        Span::bold("Hypothetical. "),
        Span::plain(
            "Nothing in this brief has happened. It shows what would change if the changes below did, computed by the same rules as RiskBrief's real assessments, over the data recorded today.",
        ),
    ])];
    if let Some(d) = &s.description {
        assumed.push(Block::Paragraph(vec![Span::italic(d.clone())]));
    }
    assumed.push(Block::Bullets(run.assumed.iter().map(|a| vec![Span::plain(a.clone())]).collect()));
    if !run.missing.is_empty() {
        assumed.push(Block::Paragraph(vec![Span::muted(format!(
            "Left out (not in the database): {}.",
            run.missing.join("; ")
        ))]));
    }
    let moved = run.companies.iter().filter(|c| c.band_before != c.band_after).count();
    let worse = run.deployments.iter().filter(|d| d.after.verdict > d.before.verdict).count();
    let better = run.deployments.iter().filter(|d| d.after.verdict < d.before.verdict).count();
    let mut bottom = vec![Block::Paragraph(vec![Span::plain(format!(
        "{} vendor{} would change band; {} of our deployments would get a stricter verdict and {} a milder one; {} would need to move because a cloud offering is withdrawn.",
        moved,
        if moved == 1 { "" } else { "s" },
        worse,
        better,
        run.deployments.iter().filter(|d| d.offering_withdrawn).count()
    ))])];
    let urgent: Vec<Text> = run
        .deployments
        .iter()
        .filter(|d| d.after.verdict >= Verdict::NotRecommended || d.offering_withdrawn)
        .take(5)
        .filter_map(|d| {
            let c = d.after.controls.first()?;
            let owner = d.deployment.owner.as_deref().map(|o| format!(" — owner {o}")).unwrap_or_default();
            Some(vec![
                Span::bold(format!("{c}: ")),
                Span::plain(format!("{} ({}){owner}", d.deployment.name, d.vendor)),
            ])
        })
        .collect();
    if !urgent.is_empty() {
        bottom.push(Block::Heading { text: "What we would have to do first".into(), outline: false });
        bottom.push(Block::Bullets(urgent));
    }
    let mut sections = vec![
        Section { title: "Changes assumed".into(), blocks: assumed },
        Section { title: "Bottom line".into(), blocks: bottom },
    ];
    let rows = run
        .companies
        .iter()
        .map(|c| {
            let factors: Vec<String> =
                c.factors.iter().map(|f| format!("{} {:.1} → {:.1}", f.name, f.before, f.after)).collect();
            vec![
                vec![Span::bold(c.name.clone())],
                vec![Span::plain(format!("{} → {}", c.score_before, c.score_after))],
                vec![Span::bold(format!("{} → {}", c.band_before.label(), c.band_after.label()))],
                vec![Span::plain(if factors.is_empty() { "No factor moves".into() } else { factors.join("; ") })],
            ]
        })
        .collect();
    let mut vendor_blocks = vec![Block::Table(Table {
        columns: vec![
            ("Vendor".into(), 0.2),
            ("Score".into(), 0.12),
            ("Band".into(), 0.2),
            ("What moves".into(), 0.48),
        ],
        rows,
    })];
    let route_rows: Vec<Vec<Text>> = run
        .companies
        .iter()
        .flat_map(|c| c.routes.iter().map(move |r| (c, r)))
        .map(|(c, r)| {
            vec![
                vec![Span::plain(c.name.clone())],
                vec![Span::plain(r.name.clone())],
                vec![Span::plain(verdict(r.before))],
                vec![Span::bold(verdict(r.after))],
            ]
        })
        .collect();
    if !route_rows.is_empty() {
        vendor_blocks
            .push(Block::Heading { text: "Recommendations by route that would change".into(), outline: false });
        vendor_blocks.push(Block::Table(Table {
            columns: vec![
                ("Vendor".into(), 0.16),
                ("Route".into(), 0.4),
                ("Today".into(), 0.22),
                ("Then".into(), 0.22),
            ],
            rows: route_rows,
        }));
    }
    sections.push(Section { title: "Vendors before and after".into(), blocks: vendor_blocks });
    let dep_rows: Vec<Vec<Text>> = run
        .deployments
        .iter()
        .map(|d| {
            let x = &d.deployment;
            vec![
                vec![Span::bold(x.name.clone()), Span::muted(format!("\n{}", d.vendor))],
                vec![Span::plain(x.owner.clone().unwrap_or_else(|| "—".into()))],
                vec![Span::plain(d.before.verdict.label())],
                vec![Span::bold(d.after.verdict.label())],
                vec![Span::plain(d.after.controls.first().cloned().unwrap_or_else(|| "—".into()))],
            ]
        })
        .collect();
    sections.push(Section {
        title: "Our deployments".into(),
        blocks: if dep_rows.is_empty() {
            vec![Block::Paragraph(vec![Span::plain("No deployment's verdict or controls would change.")])]
        } else {
            vec![Block::Table(Table {
                columns: vec![
                    ("Deployment".into(), 0.24),
                    ("Owner".into(), 0.14),
                    ("Today".into(), 0.16),
                    ("Then".into(), 0.16),
                    ("First control then".into(), 0.3),
                ],
                rows: dep_rows,
            })]
        },
    });
    if !run.consequences.is_empty() {
        let items = run
            .consequences
            .iter()
            .map(|c| {
                let k = &c.consequence;
                let mut t = vec![
                    Span::bold(format!("{} on the {}: ", c.company, k.list.label())),
                    Span::plain(format!("{}. ", k.consequence)),
                    Span::muted(format!("{}, {}.", k.source.publisher, k.source.title)),
                ];
                if let Some(u) = &k.source.url {
                    t.push(Span::plain(" "));
                    t.push(Span::link(u.clone(), u.clone()));
                }
                t
            })
            .collect();
        sections.push(Section { title: "What the listings would mean".into(), blocks: vec![Block::Bullets(items)] });
    }
    let mut id = brief_id(&fingerprint, options, as_of);
    id.replace_range(..3, ID_PREFIX);
    Brief {
        id,
        data_fingerprint: fingerprint,
        marking: options.marking.clone(),
        subject: format!("Scenario: {}", s.name),
        title: format!("Scenario brief: {}", s.name),
        subtitle: "Hypothetical — what would change, not what has".into(),
        as_of,
        generated: options.generated,
        keywords: vec!["RiskBrief".into(), "scenario".into(), "hypothetical".into()],
        sections,
    }
}
