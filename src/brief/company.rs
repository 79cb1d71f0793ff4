//! The brief on one company: its sections, from the bottom line to the methodology.

use super::facts::{brief_id, fingerprint};
use super::judgments::{estimate, key_judgments};
use super::model::*;
use super::text::{date, dedup, human_day, short_name, short_url, thousands, Refs};
use super::{BriefOptions, PreviousBrief};
use crate::model::*;
use crate::risk::{self, Assessment, Band, FactorKind};
use chrono::NaiveDate;

fn grade(data: &CompanyData, c: &Citation) -> String {
    let rel = data.source(c.source_id).map(|s| s.reliability.code()).unwrap_or("F");
    format!("{rel}{}", c.credibility.code())
}

/// Builds the brief on one company.
pub fn build(data: &CompanyData, a: &Assessment, options: &BriefOptions, as_of: NaiveDate) -> Brief {
    let fp = fingerprint(data);
    let c = &data.company;
    let name = short_name(c).to_string();
    let refs = Refs { data };
    let mut sections = vec![bottom_line(data, a, &refs, &name)];
    if let Some(p) = &options.previous {
        sections.push(changes_section(p));
    }
    if !options.exposure.is_empty() {
        sections.push(exposure_section(&options.exposure, &name));
    }
    sections.push(profile(data, &refs));
    sections.extend(timeline_section(data, as_of));
    sections.extend([
        lists(data, &refs),
        ownership(data, &refs, as_of),
        allegations(data, &refs),
        restrictions(data, &refs),
        cloud(data, a, &refs),
        score(a, data),
        sources_appendix(&data.sources),
        methodology(),
    ]);
    Brief {
        id: brief_id(&fp, options, as_of),
        data_fingerprint: fp,
        marking: options.marking.clone(),
        subject: name.clone(),
        title: format!("Vendor risk brief: {name}"),
        subtitle: c.legal_name.clone(),
        as_of,
        generated: options.generated,
        keywords: vec!["RiskBrief".into(), name, format!("{} risk", a.band.label()), c.country.clone()],
        sections,
    }
}

fn bottom_line(data: &CompanyData, a: &Assessment, refs: &Refs, name: &str) -> Section {
    let mut blocks = vec![Block::Badge { band: a.band, score: a.score, note: a.band_floor.clone() }];
    blocks
        .push(Block::Paragraph(vec![Span::bold(format!("{} risk. ", a.band.label())), Span::plain(a.band.meaning())]));
    blocks.push(Block::Heading { text: "Key judgments".into(), outline: false });
    blocks.push(Block::Bullets(key_judgments(data, a, refs, name)));
    blocks.push(Block::Paragraph(vec![Span::muted(
        "Likelihood uses the ICD 203 terms (almost no chance … almost certain); confidence (High, Moderate, Low) rates the sourcing, not the likelihood.",
    )]));
    blocks.push(Block::Heading { text: "Recommendation by route".into(), outline: false });
    blocks.push(Block::Table(routes_table(a, data, refs)));
    Section { title: "Bottom line up front".into(), blocks }
}

/// "Our exposure": the organisation's deployments of the company, each with its verdict and
/// first control (the exposure brief has the reasons in full).
fn exposure_section(rows: &[crate::exposure::ExposureRow], name: &str) -> Section {
    use crate::risk::Verdict;
    let live = rows.iter().filter(|r| r.deployment.status != DeploymentStatus::Retired).count();
    let serious = rows.iter().filter(|r| r.judgement.verdict >= Verdict::NotRecommended).count();
    let lead = format!(
        "The organisation records {} deployment{} of {name} ({live} in use or planned); {serious} {} not recommended or prohibited.",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" },
        if serious == 1 { "is" } else { "are" }
    );
    let table = Table {
        columns: vec![
            ("Deployment".into(), 0.19),
            ("Owner".into(), 0.12),
            ("Route · data".into(), 0.2),
            ("Status".into(), 0.12),
            ("Verdict".into(), 0.14),
            ("First control".into(), 0.23),
        ],
        rows: rows
            .iter()
            .map(|r| {
                let d = &r.deployment;
                vec![
                    vec![Span::bold(d.name.clone())],
                    vec![Span::plain(d.owner.clone().unwrap_or_else(|| "—".into()))],
                    vec![Span::plain(format!("{} · {}", d.route.label(), d.data.label()))],
                    vec![Span::plain(d.status.label())],
                    vec![Span::bold(r.judgement.verdict.label())],
                    vec![Span::plain(r.judgement.controls.first().cloned().unwrap_or_else(|| "—".into()))],
                ]
            })
            .collect(),
    };
    Section {
        title: "Our exposure".into(),
        blocks: vec![
            Block::Paragraph(vec![Span::plain(lead)]),
            Block::Table(table),
            Block::Paragraph(vec![Span::muted(
                "From the organisation's own register of deployments; the exposure brief gives every reason and control (riskbrief exposure brief).",
            )]),
        ],
    }
}

fn changes_section(p: &PreviousBrief) -> Section {
    let mut blocks = vec![Block::Paragraph(vec![Span::plain(format!(
        "Compared with brief {} (data as of {}).",
        p.brief_id,
        p.as_of.format("%-d %b %Y")
    ))])];
    if p.changes.is_empty() {
        blocks.push(Block::Paragraph(vec![Span::plain("No change to the recorded facts or the score.")]));
    } else {
        blocks.push(Block::Bullets(p.changes.changes.iter().map(|c| vec![Span::plain(c.text.clone())]).collect()));
    }
    Section { title: "Changes since the previous brief".into(), blocks }
}

fn routes_table(a: &Assessment, data: &CompanyData, refs: &Refs) -> Table {
    let rows = a
        .routes
        .iter()
        .map(|r| {
            let sources =
                data.cloud_offerings.iter().filter(|o| r.offering_ids.contains(&o.id)).filter_map(|o| o.source_id);
            vec![
                vec![Span::plain(format!("{}{}", r.name, refs.cite(sources)))],
                vec![Span::bold(r.verdict.label())],
                vec![Span::plain(r.rationale.clone())],
            ]
        })
        .collect();
    Table { columns: vec![("Route".into(), 0.34), ("Recommendation".into(), 0.2), ("Why".into(), 0.46)], rows }
}

fn profile(data: &CompanyData, refs: &Refs) -> Section {
    let c = &data.company;
    let mut f: Vec<(String, Text)> = vec![("Legal name".into(), vec![Span::plain(c.legal_name.clone())])];
    let mut opt = |label: &str, v: &Option<String>| {
        if let Some(v) = v {
            f.push((label.into(), vec![Span::plain(v.clone())]));
        }
    };
    opt("Native-script name", &c.native_name);
    if !c.aliases.is_empty() {
        f.push(("Aliases".into(), vec![Span::plain(c.aliases.join("; "))]));
    }
    f.push(("Country".into(), vec![Span::plain(c.country.clone())]));
    let mut opt = |label: &str, v: &Option<String>| {
        if let Some(v) = v {
            f.push((label.into(), vec![Span::plain(v.clone())]));
        }
    };
    opt("Headquarters", &c.headquarters);
    opt("Owner", &c.owner);
    opt("Sector", &c.sector);
    if let Some(w) = &c.website {
        f.push(("Website".into(), vec![Span::link(w.clone(), w.clone())]));
    }
    if !c.products.is_empty() {
        f.push(("Products".into(), vec![Span::plain(c.products.join(", "))]));
    }
    if let Some(d) = &c.description {
        f.push(("Description".into(), vec![Span::plain(d.clone())]));
    }
    let cite = refs.cite(c.source_ids.iter().copied());
    f.push((
        "Profile sources".into(),
        vec![Span::muted(if cite.is_empty() { "none recorded".to_string() } else { cite.trim().to_string() })],
    ));
    Section { title: "Company profile".into(), blocks: vec![Block::Fields(f)] }
}

/// The lanes of the brief's timeline figure, top to bottom: the facts about the company (not
/// our screenings, briefs or edits).
const TIMELINE_LANES: [(crate::timeline::TimelineKind, &str); 5] = {
    use crate::timeline::TimelineKind as K;
    [
        (K::Allegation, "Allegations"),
        (K::Response, "Responses"),
        (K::Designation, "Official lists"),
        (K::Restriction, "Government measures"),
        (K::Cloud, "Cloud offerings"),
    ]
};

/// The company's dated facts as a figure (`timeline::build`, a lane per kind), over the years
/// from the first fact to the as-of date; none when no fact is dated.
fn timeline_section(data: &CompanyData, as_of: NaiveDate) -> Option<Section> {
    use chrono::Datelike;
    let events = crate::timeline::build(data, &[], &[]);
    let mut n = 0;
    let lanes: Vec<Lane> = TIMELINE_LANES
        .iter()
        .map(|(kind, label)| {
            // Facts on the same dates are one mark, their tags joined ("A1–A7", "SDN, 1260H").
            let mut marks: Vec<(NaiveDate, NaiveDate, Vec<usize>, Vec<String>)> = vec![];
            for e in events.iter().filter(|e| e.kind == *kind && e.date.first_day() <= as_of) {
                n += 1;
                let (from, to) = (e.date.first_day(), e.date.last_day().min(as_of));
                let id = e.record.as_ref().map(|r| r.id);
                let number = match e.kind {
                    crate::timeline::TimelineKind::Allegation => {
                        data.allegations.iter().position(|a| Some(a.id) == id).map(|i| i + 1)
                    }
                    _ => None,
                };
                let tag = data.designations.iter().find(|d| Some(d.id) == id).and_then(|d| match d.list_tag() {
                    t if d.since == Some(e.date) && d.status != DesignationStatus::NotListed => Some(t.to_string()),
                    t if d.until == Some(e.date) => Some(format!("{t} ends")),
                    _ => None,
                });
                match marks.iter_mut().find(|m| (m.0, m.1) == (from, to)) {
                    Some(m) => {
                        m.2.extend(number);
                        m.3.extend(tag);
                    }
                    None => marks.push((from, to, number.into_iter().collect(), tag.into_iter().collect())),
                }
            }
            let marks = marks.into_iter().map(|(from, to, numbers, mut tags)| {
                tags.extend(allegation_tag(numbers));
                Mark { from, to, tag: (!tags.is_empty()).then(|| tags.join(", ")) }
            });
            Lane { label: label.to_string(), marks: marks.collect() }
        })
        .filter(|l| !l.marks.is_empty())
        .collect();
    let first_year = lanes.iter().flat_map(|l| &l.marks).map(|m| m.from.year()).min()?;
    let numbered = if data.allegations.is_empty() { "" } else { " A1, A2 … are the allegations below." };
    let blocks = vec![
        Block::Timeline(Timeline { first_year, last_year: as_of.year().max(first_year), as_of, lanes }),
        Block::Paragraph(vec![Span::muted(format!(
            "{n} dated fact{} from {first_year} to {}. A tick is a known day; a bar, a fact dated only to its month or year.{numbered}",
            if n == 1 { "" } else { "s" },
            PartialDate::from_date(as_of).human()
        ))]),
    ];
    Some(Section { title: "Timeline".into(), blocks })
}

/// "A3", "A1–A7" (a run), "A1, A4, A5"; none for no numbers.
fn allegation_tag(mut numbers: Vec<usize>) -> Option<String> {
    numbers.sort_unstable();
    numbers.dedup();
    let (first, last) = (*numbers.first()?, *numbers.last()?);
    Some(match numbers.len() {
        1 => format!("A{first}"),
        n if n > 2 && last - first + 1 == n => format!("A{first}–A{last}"),
        _ => numbers.iter().map(|i| format!("A{i}")).collect::<Vec<_>>().join(", "),
    })
}

fn lists(data: &CompanyData, refs: &Refs) -> Section {
    let blocks = if data.designations.is_empty() {
        vec![Block::Paragraph(vec![Span::plain(
            "No official-list status recorded. Absence of a record is not evidence of absence from a list.",
        )])]
    } else {
        let rows = data
            .designations
            .iter()
            .map(|d| {
                let period = match (d.since, d.until) {
                    (None, None) => "—".to_string(),
                    (s, None) => format!("since {}", date(s)),
                    (s, u) => format!("{} – {}", date(s), date(u)),
                };
                let mut status = vec![Span::bold(d.status.label())];
                if let Some(n) = &d.listed_name {
                    status.push(Span::muted(format!(" as “{n}”")));
                }
                vec![
                    vec![Span::plain(d.list.label())],
                    status,
                    vec![Span::plain(period)],
                    vec![Span::plain(date(d.as_of))],
                    match &d.citation {
                        // A long address would fill the table: its site, linked; the whole
                        // address is in the sources list under the reference number.
                        Some(u) if u.starts_with("http") => vec![Span::link(short_url(u), u.clone())],
                        Some(t) => vec![Span::plain(t.clone())],
                        None => vec![Span::muted("—")],
                    },
                    vec![Span::plain(refs.cite_opt(d.source_id).trim().to_string())],
                ]
            })
            .collect();
        vec![Block::Table(Table {
            columns: vec![
                ("List".into(), 0.2),
                ("Status".into(), 0.2),
                ("Period".into(), 0.14),
                ("As of".into(), 0.1),
                ("Citation".into(), 0.3),
                ("Ref.".into(), 0.06),
            ],
            rows,
        })]
    };
    let mut blocks = blocks;
    blocks.extend(screenings(data));
    Section { title: "Official-list status".into(), blocks }
}

/// Which list snapshots the company was screened against, when, and with what result.
fn screenings(data: &CompanyData) -> Vec<Block> {
    if data.screenings.is_empty() {
        return vec![Block::Paragraph(vec![Span::muted(
            "Not screened against an imported list snapshot in RiskBrief; the statuses above are as recorded from their sources.",
        )])];
    }
    let rows = data
        .screenings
        .iter()
        .map(|s| {
            let result = match (s.open_hits, s.confirmed_hits, s.dismissed_hits) {
                (0, 0, 0) => format!("no match at score ≥ {}", s.threshold),
                (o, c, d) => [(o, "awaiting review"), (c, "confirmed"), (d, "dismissed")]
                    .iter()
                    .filter(|(n, _)| *n > 0)
                    .map(|(n, what)| format!("{n} {} {what}", if *n == 1 { "hit" } else { "hits" }))
                    .collect::<Vec<_>>()
                    .join(", "),
            };
            vec![
                vec![Span::plain(format!("{} ({})", s.list_title, s.regime.label()))],
                vec![Span::plain(human_day(&s.list_as_of.to_string()))],
                vec![Span::plain(thousands(s.entry_count))],
                vec![Span::plain(human_day(&s.screened_at.date().to_string()))],
                vec![if s.open_hits > 0 { Span::bold(result) } else { Span::plain(result) }],
            ]
        })
        .collect();
    vec![
        Block::Paragraph(vec![Span::plain(
            "Screened by name (fuzzy matching, see Methodology) against these list snapshots:",
        )]),
        Block::Table(Table {
            columns: vec![
                ("List snapshot".into(), 0.42),
                ("As of".into(), 0.12),
                ("Entries".into(), 0.1),
                ("Screened".into(), 0.12),
                ("Result".into(), 0.24),
            ],
            rows,
        }),
    ]
}

fn allegations(data: &CompanyData, refs: &Refs) -> Section {
    let mut blocks = Vec::new();
    if data.allegations.is_empty() {
        blocks.push(Block::Paragraph(vec![Span::plain("No allegations recorded.")]));
    }
    for (i, al) in data.allegations.iter().enumerate() {
        blocks.push(Block::Heading { text: format!("A{}. {}", i + 1, al.summary), outline: true });
        let (likely, confidence) = estimate(al, data);
        blocks.push(Block::Paragraph(vec![
            Span::bold(format!("Status: {}", al.status.label().to_uppercase())),
            Span::plain(format!(
                " · {} · first reported {} · assessed {likely} to be accurate, confidence {confidence}",
                al.category.label(),
                date(al.first_reported)
            )),
        ]));
        if let Some(by) = &al.attribution {
            blocks.push(Block::Paragraph(vec![Span::bold("Alleged by: "), Span::plain(by.clone())]));
        }
        if let Some(d) = &al.detail {
            blocks.push(Block::Paragraph(vec![Span::muted(d.clone())]));
        }
        let sources: Vec<String> = al
            .citations
            .iter()
            .map(|c| {
                let s = data.source(c.source_id);
                format!(
                    "[{}] {} — graded {}",
                    refs.n(c.source_id).unwrap_or(0),
                    s.map(|s| s.publisher.as_str()).unwrap_or("?"),
                    grade(data, c)
                )
            })
            .collect();
        blocks.push(Block::Paragraph(vec![Span::muted("Sources: "), Span::plain(sources.join("; "))]));
        if al.responses.is_empty() {
            blocks.push(Block::Quote(vec![Span::muted("No response recorded.")]));
        }
        for r in &al.responses {
            blocks.push(Block::Quote(vec![
                Span::bold(format!("Response — {}", r.responder)),
                Span::muted(r.date.map(|d| format!(" ({})", d.human())).unwrap_or_default()),
                Span::plain(format!(": “{}”{}", r.statement, refs.cite_opt(r.source_id))),
            ]));
        }
    }
    Section { title: "Allegations".into(), blocks }
}

fn restrictions(data: &CompanyData, refs: &Refs) -> Section {
    let blocks = if data.restrictions.is_empty() {
        vec![Block::Paragraph(vec![Span::plain("No government restrictions recorded.")])]
    } else {
        let rows = data
            .restrictions
            .iter()
            .map(|r| {
                vec![
                    vec![Span::plain(date(r.date))],
                    vec![Span::bold(r.jurisdiction.clone())],
                    vec![Span::plain(r.body.clone())],
                    vec![Span::plain(format!("{}{}", r.measure, refs.cite_opt(r.source_id)))],
                    vec![Span::plain(r.scope.label())],
                ]
            })
            .collect();
        vec![Block::Table(Table {
            columns: vec![
                ("Date".into(), 0.12),
                ("Jurisdiction".into(), 0.17),
                ("Body".into(), 0.2),
                ("Measure".into(), 0.36),
                ("Scope".into(), 0.15),
            ],
            rows,
        })]
    };
    Section { title: "Government restrictions".into(), blocks }
}

/// Platforms in matrix order: Amazon, Microsoft, Google, then any other alphabetically.
pub fn platform_order(offerings: &[CloudOffering]) -> Vec<String> {
    let rank = |p: &str| match p {
        "Amazon" => 0,
        "Microsoft" => 1,
        "Google" => 2,
        _ => 3,
    };
    let mut ps: Vec<String> = offerings.iter().map(|o| o.platform.clone()).collect();
    ps.sort_by(|a, b| rank(a).cmp(&rank(b)).then(a.cmp(b)));
    ps.dedup();
    ps
}

fn cloud(data: &CompanyData, a: &Assessment, refs: &Refs) -> Section {
    let mut blocks = Vec::new();
    if data.cloud_offerings.is_empty() {
        blocks.push(Block::Paragraph(vec![Span::plain("No cloud-platform offerings recorded.")]));
    } else {
        let platforms = platform_order(&data.cloud_offerings);
        let products = dedup(data.cloud_offerings.iter().map(|o| o.product.as_str()));
        let width = 0.8 / platforms.len() as f32;
        let mut columns = vec![("Product".to_string(), 0.2)];
        columns.extend(platforms.iter().map(|p| (p.clone(), width)));
        let rows = products
            .iter()
            .map(|prod| {
                let mut row = vec![vec![Span::bold(prod.to_string())]];
                for p in &platforms {
                    let mut cell: Text = Vec::new();
                    for o in data.cloud_offerings.iter().filter(|o| o.product == *prod && &o.platform == p) {
                        if !cell.is_empty() {
                            cell.push(Span::plain("\n"));
                        }
                        cell.push(Span::bold(o.service.clone()));
                        cell.push(Span::plain(format!(
                            "\n{}; data: {}; verified {}{}",
                            o.offering_type.label(),
                            data_path_short(o.data_path),
                            date(o.last_verified),
                            refs.cite_opt(o.source_id)
                        )));
                    }
                    if cell.is_empty() {
                        cell.push(Span::muted("—"));
                    }
                    row.push(cell);
                }
                row
            })
            .collect();
        blocks.push(Block::Table(Table { columns, rows }));
        blocks.push(Block::Paragraph(vec![Span::muted(
            "Data path: “provider region” = the model runs on the cloud provider's infrastructure and data stays with the provider in the customer's chosen region; “vendor” = data reaches the company; “undocumented” = not stated by the source.",
        )]));
    }
    blocks.push(Block::Heading { text: "Usage guidance".into(), outline: false });
    blocks.push(Block::Table(routes_table(a, data, refs)));
    Section { title: "Cloud availability".into(), blocks }
}

fn data_path_short(p: DataPath) -> &'static str {
    match p {
        DataPath::ProviderRegion => "provider region",
        DataPath::ReachesVendor => "vendor",
        DataPath::Unknown => "undocumented",
    }
}

/// A relation in a few words, for a graph's arrow or a table: "owns 30 %", "owns (share
/// undisclosed)", "parent, 100 %", "founded".
fn relation_words(r: &Relation) -> String {
    let share = |s: Option<f64>| match s {
        Some(p) => format!("{} %", crate::ownership::pct(p)),
        None => "share undisclosed".into(),
    };
    match r.kind {
        RelationKind::OwnsShares => match r.share {
            Some(_) => format!("owns {}", share(r.share)),
            None => "owns (share undisclosed)".into(),
        },
        RelationKind::SubsidiaryOf => format!("parent ({})", share(r.share)),
        k => k.label().to_lowercase(),
    }
}

/// The best grade among a relation's citations ("B2"): most reliable source, then most credible.
fn best_grade(data: &CompanyData, r: &Relation) -> Option<String> {
    r.citations.iter().map(|c| grade(data, c)).min()
}

/// The graph of who stands behind the company, as of `as_of`: the company at the bottom, each
/// party as high above it as its longest chain of current relations.
fn ownership_graph(data: &CompanyData, as_of: NaiveDate) -> Option<Graph> {
    use crate::ownership::{behind, current, MAX_DEPTH};
    let me = Party::Company(data.company.id);
    let rels: Vec<&Relation> = data.ownership.relations.iter().filter(|r| current(r, as_of)).collect();
    if rels.is_empty() {
        return None;
    }
    let up = |r: &Relation| if r.kind == RelationKind::SubsidiaryOf { Party::Company(r.to) } else { r.from };
    let down = |r: &Relation| behind(r).map(Party::Company);
    let mut rank: std::collections::BTreeMap<Party, usize> = std::collections::BTreeMap::from([(me, 0)]);
    for _ in 0..MAX_DEPTH {
        let mut changed = false;
        for r in &rels {
            let Some(below) = down(r).and_then(|d| rank.get(&d).copied()) else { continue };
            let r_up = rank.entry(up(r)).or_insert(0);
            if *r_up < below + 1 && below < MAX_DEPTH && up(r) != me {
                *r_up = below + 1;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let top = rank.values().copied().max().unwrap_or(0);
    let view = |p: Party| data.ownership.parties.iter().find(|v| v.party == p);
    let mut parties: Vec<Party> = rank.keys().copied().collect();
    parties.sort_by_key(|p| (std::cmp::Reverse(rank[p]), view(*p).map(|v| v.name.clone()), *p));
    let nodes: Vec<GraphNode> = parties
        .iter()
        .map(|p| {
            let v = view(*p);
            let lists: Vec<&str> = v.map(|v| v.lists.iter().map(|l| l.tag()).collect()).unwrap_or_default();
            GraphNode {
                label: v.map(|v| v.name.clone()).unwrap_or_else(|| p.id().to_string()),
                note: match (p, lists.is_empty()) {
                    (_, false) => Some(lists.join(", ")),
                    (Party::Person(_), true) => Some("person".into()),
                    _ => None,
                },
                layer: top - rank[p],
                focus: *p == me,
                listed: !lists.is_empty(),
            }
        })
        .collect();
    let index = |p: Party| parties.iter().position(|x| *x == p);
    let mut edges: Vec<GraphEdge> = vec![];
    let mut pairs: Vec<(usize, usize, Vec<&Relation>)> = vec![];
    for r in &rels {
        let (Some(a), Some(b)) = (index(up(r)), down(r).and_then(index)) else { continue };
        // An arrow always points down; a cross-holding's way back is in the text, not drawn.
        if nodes[a].layer >= nodes[b].layer {
            continue;
        }
        match pairs.iter_mut().find(|(x, y, _)| (*x, *y) == (a, b)) {
            Some(p) => p.2.push(r),
            None => pairs.push((a, b, vec![r])),
        }
    }
    for (a, b, rs) in pairs {
        let mut words: Vec<String> = rs.iter().map(|r| relation_words(r)).collect();
        words.dedup();
        let grade = rs.iter().filter_map(|r| best_grade(data, r)).min();
        let since = rs.iter().filter_map(|r| r.since).min().map(|d| format!("since {}", d.human()));
        let label = words.into_iter().chain(since).chain(grade).collect::<Vec<_>>().join(" · ");
        edges.push(GraphEdge { from: a, to: b, label });
    }
    Some(Graph { nodes, edges })
}

/// "Ownership and control": the graph, each relation with its sources and grade, each 50 %
/// rule with its proof, and the share no recorded owner accounts for.
fn ownership(data: &CompanyData, refs: &Refs, as_of: NaiveDate) -> Section {
    let st = crate::ownership::standing(&data.ownership, data.company.id, as_of);
    let name = short_name(&data.company).to_string();
    let mut blocks = vec![];
    let rels: Vec<&Relation> =
        data.ownership.relations.iter().filter(|r| crate::ownership::current(r, as_of)).collect();
    if let Some(g) = ownership_graph(data, as_of) {
        let listed = g.nodes.iter().any(|n| n.listed);
        blocks.push(Block::Graph(g));
        blocks.push(Block::Paragraph(vec![Span::muted(format!(
            "Each arrow runs from a party to the company it owns, controls, founded, funds or directs, with the relation, since when, and the best grade of its sources (reliability A–F, credibility 1–6).{}",
            if listed { " A red box is a party on an official list." } else { "" }
        ))]));
        let view = |p: Party| data.ownership.parties.iter().find(|v| v.party == p).map(|v| v.name.clone());
        let rows = rels
            .iter()
            .map(|r| {
                let behind = crate::ownership::behind(r).map(Party::Company);
                let (who, whom) = match r.kind {
                    RelationKind::SubsidiaryOf => (view(Party::Company(r.to)), behind.and_then(view)),
                    _ => (view(r.from), view(Party::Company(r.to))),
                };
                let cites: Vec<String> = r
                    .citations
                    .iter()
                    .map(|c| format!("{} {}", refs.cite([c.source_id]).trim(), grade(data, c)))
                    .collect();
                vec![
                    vec![Span::plain(who.unwrap_or_default())],
                    vec![Span::plain(relation_words(r)), Span::muted(format!(" {}", whom.unwrap_or_default()))],
                    vec![Span::plain(date(r.since))],
                    vec![Span::plain(cites.join(", "))],
                ]
            })
            .collect();
        blocks.push(Block::Table(Table {
            columns: vec![
                ("Party".into(), 0.24),
                ("Relation".into(), 0.4),
                ("Since".into(), 0.12),
                ("Sources".into(), 0.24),
            ],
            rows,
        }));
    } else {
        blocks.push(Block::Paragraph(vec![Span::plain(format!(
            "No owner, controller or founder of {name} is recorded. Who owns it is unknown, which is a finding, not a clearance."
        ))]));
    }
    let u = st.owners.unaccounted;
    if u > 0.0 {
        let undisclosed = match st.owners.undisclosed_direct {
            0 => String::new(),
            1 => " One holding is recorded without a share.".into(),
            n => format!(" {n} holdings are recorded without a share."),
        };
        blocks.push(Block::Paragraph(vec![
            Span::bold(format!("{} % of {name}'s ownership is not accounted for", crate::ownership::pct(u))),
            Span::plain(format!(
                " by a recorded owner with a stated share.{undisclosed} An undisclosed share is not counted as zero: it is scored as unknown ownership, and a listed holder of an undisclosed share counts as a minority owner."
            )),
        ]));
    }
    let findings: Vec<Text> = st
        .findings
        .iter()
        .map(|f| {
            let verdict = match (f.applies, f.in_force) {
                (true, _) => "applies",
                (false, true) => "does not apply",
                (false, false) => "not in force on this date",
            };
            vec![Span::bold(format!("{}: {verdict}. ", f.regime.name)), Span::plain(f.proof.clone())]
        })
        .collect();
    blocks.push(Block::Heading { text: "50 % rules".into(), outline: false });
    blocks.push(Block::Bullets(findings));
    for c in &st.owners.cycles {
        let names: Vec<String> = c
            .iter()
            .filter_map(|id| data.ownership.relations.iter().find(|r| r.id == *id))
            .map(relation_words)
            .collect();
        blocks.push(Block::Paragraph(vec![Span::muted(format!(
            "A cross-holding ({}) is followed once and not counted twice.",
            names.join(", ")
        ))]));
    }
    Section { title: "Ownership and control".into(), blocks }
}

fn score(a: &Assessment, data: &CompanyData) -> Section {
    let bars = a
        .factors
        .iter()
        .map(|f| Bar {
            label: f.name.clone(),
            points: f.points,
            max: f.max,
            rationale: vec![Span::plain(f.rationale.clone())],
        })
        .collect();
    let mut blocks = vec![
        Block::Paragraph(vec![Span::plain(format!(
            "Score {} of 100 as of {}: the sum of five capped factors. Bars show each factor's points against its cap.",
            a.score,
            a.as_of.format("%-d %b %Y")
        ))]),
        Block::Chart(bars),
    ];
    if let Some(f) = a.factors.iter().find(|f| f.kind == FactorKind::Allegations && !f.contributions.is_empty()) {
        let rows = f
            .contributions
            .iter()
            .map(|c| {
                let n = data.allegations.iter().position(|al| al.id == c.fact_id).map(|i| i + 1).unwrap_or(0);
                vec![
                    vec![Span::plain(format!("A{n}"))],
                    vec![Span::plain(c.note.clone())],
                    vec![Span::plain(format!("{:.1}", c.points))],
                ]
            })
            .collect();
        blocks.push(Block::Heading { text: "Allegation weights".into(), outline: false });
        blocks.push(Block::Table(Table {
            columns: vec![("#".into(), 0.07), ("Weighting".into(), 0.8), ("Weight".into(), 0.13)],
            rows,
        }));
    }
    if let Some(floor) = &a.band_floor {
        blocks.push(Block::Paragraph(vec![Span::bold(floor.clone())]));
    }
    Section { title: "Score breakdown".into(), blocks }
}

pub(super) fn sources_appendix(sources: &[Source]) -> Section {
    let refs = sources
        .iter()
        .map(|s| {
            let mut t = vec![
                Span::bold(s.publisher.clone()),
                Span::plain(format!(
                    ". “{}”. {}. ",
                    s.title,
                    s.published.map(|d| d.human()).unwrap_or_else(|| "Undated".into())
                )),
                Span::muted(format!(
                    "{}; reliability {} ({}).",
                    s.kind.label(),
                    s.reliability.code(),
                    s.reliability.label().to_lowercase()
                )),
            ];
            if let Some(u) = &s.url {
                t.push(Span::plain(" "));
                t.push(Span::link(u.clone(), u.clone()));
            }
            if let Some(n) = &s.note {
                t.push(Span::muted(format!(" Note: {n}")));
            }
            t
        })
        .collect::<Vec<_>>();
    let blocks = if refs.is_empty() {
        vec![Block::Paragraph(vec![Span::plain("No sources recorded.")])]
    } else {
        vec![Block::References(refs)]
    };
    Section { title: "Sources".into(), blocks }
}

pub(super) fn methodology() -> Section {
    let p = |s: &str| Block::Paragraph(vec![Span::plain(s)]);
    Section {
        title: "Methodology".into(),
        blocks: vec![
            p("Sources are graded on the NATO Admiralty scale: reliability A (completely reliable) to E (unreliable), F cannot be judged; the information each gives is graded 1 (confirmed by other sources) to 5 (improbable), 6 cannot be judged. “B3” means a usually reliable source giving possibly true information."),
            p("Allegation status is kept as recorded: alleged, under investigation, corroborated, confirmed, disputed, refuted or resolved. An allegation is never presented as fact unless its status is confirmed."),
            p(&format!(
                "The score (0–100) adds five capped factors: official designations (up to {}), allegations weighted by category severity, status, evidence grade and age (up to {}), jurisdiction (up to {}), government restrictions (up to {}), and ownership and control (up to {}: listed parties that own, control or founded the company, weighed by how they stand behind it, and a little for ownership no recorded owner accounts for). Bands: Low below 25, Moderate 25–49, High 50–74, Severe 75 and above. A listing on the OFAC SDN list or the BIS Entity List, ownership by listed parties under a 50 % rule in force, or an outright U.S. ban on the company's products, sets the band to at least High.",
                risk::DESIGNATIONS_MAX, risk::ALLEGATIONS_MAX, risk::JURISDICTION_MAX, risk::RESTRICTIONS_MAX, risk::OWNERSHIP_MAX
            )),
            Block::Bullets(
                [Band::Low, Band::Moderate, Band::High, Band::Severe]
                    .iter()
                    .map(|b| vec![Span::bold(format!("{}: ", b.label())), Span::plain(b.meaning())])
                    .collect(),
            ),
            p("List screening compares the company's legal name, native name and aliases with every name and alias of each imported list entry: names are normalised (case, punctuation, Unicode, transliteration to Latin), legal forms and common words count only as weak tokens, and distinctive words are paired by string similarity. A hit is a candidate for review, not a finding: it becomes a designation only when an analyst confirms it."),
            p("The full method is in docs/methodology.md of RiskBrief."),
        ],
    }
}
