//! Builds the content of a brief from a company's data and its assessment. Pure.

use super::model::*;
use crate::bundle::hex;
use crate::model::*;
use crate::risk::{self, Assessment, Band, FactorKind, RouteKind};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use uuid::Uuid;

pub const DEFAULT_MARKING: &str = "CONFIDENTIAL — INTERNAL USE";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BriefOptions {
    /// Handling marking printed on every page.
    pub marking: String,
    /// The day the brief is produced (read from the clock by the edge).
    pub generated: NaiveDate,
    /// The last earlier brief of the same company built from different data, and what changed.
    #[serde(default)]
    pub previous: Option<PreviousBrief>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PreviousBrief {
    pub brief_id: String,
    pub as_of: NaiveDate,
    pub changes: crate::changes::ChangeSet,
}

/// The version of the projection `fingerprint` hashes: hashed with it, and written into each PDF
/// brief's metadata (`RiskBriefFactsVersion`). Change the projection only with a new version.
pub const FACTS_VERSION: u32 = 1;

/// The fingerprint of the facts behind a brief: SHA-256 over a projection of `value`'s JSON
/// that keeps what a brief states and drops what it does not: bookkeeping times (`updated_at`,
/// a screening's `screened_at`) and empty values (null, "", [], {}), so that a re-screening that
/// finds nothing new, or a new optional field of a model type, leaves fingerprints as they were.
pub fn fingerprint<T: Serialize>(value: &T) -> String {
    let facts = facts(serde_json::to_value(value).expect("plain data serialises"));
    let mut h = Sha256::new();
    h.update(format!("riskbrief-facts-v{FACTS_VERSION}\n"));
    h.update(serde_json::to_vec(&facts).expect("JSON serialises"));
    hex(&h.finalize())
}

/// The projection behind `fingerprint`, version `FACTS_VERSION`.
pub fn facts(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    let empty = |v: &Value| match v {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    };
    match v {
        Value::Object(o) => Value::Object(
            o.into_iter()
                .filter(|(k, _)| k != "updated_at" && k != "screened_at")
                .map(|(k, v)| (k, facts(v)))
                .filter(|(_, v)| !empty(v))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.into_iter().map(facts).collect()),
        other => other,
    }
}

fn brief_id(fingerprint: &str, options: &BriefOptions, as_of: NaiveDate) -> String {
    let mut h = Sha256::new();
    h.update(fingerprint.as_bytes());
    h.update(serde_json::to_vec(options).expect("options serialise"));
    h.update(as_of.to_string().as_bytes());
    format!("RB-{}", hex(&h.finalize()[..4]).to_uppercase())
}

/// Short display name: the first alias ("DeepSeek") or the legal name.
pub fn short_name(c: &Company) -> &str {
    c.display_name()
}

fn date(d: Option<PartialDate>) -> String {
    d.map(|d| d.human()).unwrap_or_else(|| "—".into())
}

/// Reference numbers follow `data.sources` order (first citation first).
struct Refs<'a> {
    data: &'a CompanyData,
}

impl Refs<'_> {
    fn n(&self, id: Uuid) -> Option<usize> {
        self.data.sources.iter().position(|s| s.id == id).map(|i| i + 1)
    }
    /// " [1, 3]" for a set of sources.
    fn cite(&self, ids: impl IntoIterator<Item = Uuid>) -> String {
        let mut ns: Vec<usize> = ids.into_iter().filter_map(|id| self.n(id)).collect();
        ns.sort();
        ns.dedup();
        if ns.is_empty() {
            String::new()
        } else {
            format!(" [{}]", ns.iter().map(|n| n.to_string()).collect::<Vec<_>>().join(", "))
        }
    }
    fn cite_opt(&self, id: Option<Uuid>) -> String {
        self.cite(id)
    }
}

/// ICD 203 estimative terms, from least to most likely.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Likelihood {
    AlmostNoChance,
    VeryUnlikely,
    Unlikely,
    RoughlyEven,
    Likely,
    VeryLikely,
    AlmostCertain,
}

impl Likelihood {
    const ALL: [Likelihood; 7] = [
        Likelihood::AlmostNoChance,
        Likelihood::VeryUnlikely,
        Likelihood::Unlikely,
        Likelihood::RoughlyEven,
        Likelihood::Likely,
        Likelihood::VeryLikely,
        Likelihood::AlmostCertain,
    ];

    /// The ICD 203 wording.
    pub fn term(self) -> &'static str {
        match self {
            Likelihood::AlmostNoChance => "almost no chance",
            Likelihood::VeryUnlikely => "very unlikely",
            Likelihood::Unlikely => "unlikely",
            Likelihood::RoughlyEven => "a roughly even chance",
            Likelihood::Likely => "likely",
            Likelihood::VeryLikely => "very likely",
            Likelihood::AlmostCertain => "almost certain",
        }
    }
}

impl std::fmt::Display for Likelihood {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.term())
    }
}

/// How far the sourcing supports an estimate, lowest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Confidence {
    Low,
    Moderate,
    High,
}

impl std::fmt::Display for Confidence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Confidence::Low => "Low",
            Confidence::Moderate => "Moderate",
            Confidence::High => "High",
        })
    }
}

/// How likely an allegation's claim is to be accurate, as an ICD 203 term, and the confidence
/// that the sourcing supports. Kept apart on purpose.
pub fn estimate(a: &Allegation, data: &CompanyData) -> (Likelihood, Confidence) {
    let mut level: usize = match a.status {
        AllegationStatus::Confirmed => 6,
        AllegationStatus::Corroborated => 5,
        AllegationStatus::UnderInvestigation | AllegationStatus::Alleged => 3,
        AllegationStatus::Disputed => 2,
        AllegationStatus::Resolved | AllegationStatus::Refuted => 1,
    };
    let ev = risk::evidence_weight(a, data);
    if ev < 0.4 && level > 1 && level < 6 {
        level -= 1;
    }
    let confidence = if ev >= 0.8 && a.citations.len() >= 2 {
        Confidence::High
    } else if ev >= 0.6 {
        Confidence::Moderate
    } else {
        Confidence::Low
    };
    (Likelihood::ALL[level], confidence)
}

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
    sections.extend([
        profile(data, &refs),
        lists(data, &refs),
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

fn key_judgments(data: &CompanyData, a: &Assessment, refs: &Refs, name: &str) -> Vec<Text> {
    let mut out: Vec<Text> = Vec::new();

    // 1. Official lists.
    let listed: Vec<&Designation> =
        data.designations.iter().filter(|d| d.status == DesignationStatus::Listed).collect();
    let not_listed: Vec<&Designation> =
        data.designations.iter().filter(|d| d.status == DesignationStatus::NotListed).collect();
    if !listed.is_empty() {
        // Each list once, with the earliest recorded listing date of its entries.
        let lists: Vec<String> = dedup(listed.iter().map(|d| d.list.label()))
            .into_iter()
            .map(|label| {
                let since = listed.iter().filter(|d| d.list.label() == label).filter_map(|d| d.since).min();
                match since {
                    Some(s) => format!("{label} (since {})", s.human()),
                    None => label.to_string(),
                }
            })
            .collect();
        out.push(vec![
            Span::bold(format!("{name} is listed on: {}. ", lists.join("; "))),
            Span::plain(format!(
                "Official record; confidence High.{}",
                refs.cite(listed.iter().filter_map(|d| d.source_id))
            )),
        ]);
    } else if !not_listed.is_empty() {
        let lists: Vec<&str> = dedup(not_listed.iter().map(|d| d.list.label()));
        let latest = not_listed.iter().filter_map(|d| d.as_of).max();
        out.push(vec![
            Span::bold(format!("{name} is on none of the official lists recorded ")),
            Span::plain(format!(
                "({}), as of {}. Not being listed is not a clearance.{}",
                lists.join(", "),
                date(latest),
                refs.cite(not_listed.iter().filter_map(|d| d.source_id))
            )),
        ]);
    } else {
        out.push(vec![Span::plain(format!(
            "No official-list status is recorded for {name}; screen it before relying on this brief."
        ))]);
    }
    if !data.screenings.is_empty() {
        let open: u32 = data.screenings.iter().map(|s| s.open_hits).sum();
        let confirmed: u32 = data.screenings.iter().map(|s| s.confirmed_hits).sum();
        let latest = human_day(data.screenings.iter().map(|s| s.screened_at.as_str()).max().unwrap_or_default());
        let n = data.screenings.len();
        out.push(vec![Span::plain(match (open, confirmed) {
            (0, 0) => format!("Name screening against {n} imported list snapshots on {latest} found no match (see Official-list status)."),
            (0, c) => format!("Name screening against {n} imported list snapshots on {latest} found {c} confirmed matches (see Official-list status)."),
            (o, _) => format!("Name screening on {latest} raised {o} possible list matches still awaiting review; treat the list status as open until they are reviewed."),
        })]);
    }

    // 1b. Outright product bans: what a buyer can no longer do at all, one judgment per place.
    let mut ban_places: Vec<&str> = Vec::new();
    for ban in risk::product_bans(data) {
        let place = risk::jurisdiction_place(&ban.jurisdiction);
        if !ban_places.contains(&place) {
            ban_places.push(place);
        }
    }
    for place in ban_places {
        let bans: Vec<&Restriction> =
            risk::product_bans(data).filter(|r| risk::jurisdiction_place(&r.jurisdiction) == place).collect();
        let official = bans.iter().all(|r| {
            r.source_id.and_then(|id| data.source(id)).is_some_and(|s| s.kind == SourceKind::GovernmentRecord)
        });
        let measures: Vec<String> = bans
            .iter()
            .map(|r| match r.date {
                Some(d) => format!("{} ({}): {}", r.body, d.human(), r.measure),
                None => format!("{}: {}", r.body, r.measure),
            })
            .collect();
        out.push(vec![
            Span::bold(format!("{name}'s products cannot be bought or updated {}. ", risk::in_place(place))),
            Span::plain(format!(
                "{}{}{}",
                measures.join(" "),
                if official { " Official record; confidence High." } else { "" },
                refs.cite(bans.iter().filter_map(|r| r.source_id))
            )),
        ]);
    }

    // 2. The weightiest allegation categories (at most two).
    let factor = a.factors.iter().find(|f| f.kind == FactorKind::Allegations);
    let mut by_cat: BTreeMap<AllegationCategory, (f64, Vec<&Allegation>)> = BTreeMap::new();
    for al in &data.allegations {
        let pts =
            factor.and_then(|f| f.contributions.iter().find(|c| c.fact_id == al.id)).map(|c| c.points).unwrap_or(0.0);
        let e = by_cat.entry(al.category).or_default();
        e.0 += pts;
        e.1.push(al);
    }
    let mut cats: Vec<_> = by_cat.into_iter().filter(|(_, (p, _))| *p > 0.0).collect();
    cats.sort_by(|x, y| y.1 .0.total_cmp(&x.1 .0).then(x.0.cmp(&y.0)));
    for (cat, (_, als)) in cats.into_iter().take(2) {
        // The most likely of the category's allegations sets the estimate.
        let best = als.iter().max_by_key(|al| estimate(al, data).0).expect("non-empty");
        let (likely, confidence) = estimate(best, data);
        let statuses = dedup(als.iter().map(|al| al.status.label()));
        let mut lead = format!(
            "It is {likely} that the allegations of {} against {name} are accurate",
            cat.label().to_lowercase()
        );
        if let Some(first) = lead.get(..1) {
            lead.replace_range(..1, &first.to_uppercase());
        }
        out.push(vec![
            Span::bold(format!("{lead} ")),
            Span::plain(format!(
                "({} record(s); status: {}). Confidence: {confidence}.{}",
                als.len(),
                statuses.join(", ").to_lowercase(),
                refs.cite(als.iter().flat_map(|al| al.citations.iter().map(|c| c.source_id)))
            )),
        ]);
    }
    if data.allegations.is_empty() {
        out.push(vec![Span::plain(format!("No allegations are recorded against {name}."))]);
    }

    // 3. Jurisdiction.
    match risk::jurisdiction_law(&data.company.country) {
        Some((_, law)) => out.push(vec![
            Span::bold(format!("{name} is almost certainly subject to state demands for cooperation. ")),
            Span::plain(format!("{law}. Confidence: High (public law).")),
        ]),
        None => out.push(vec![Span::plain(format!(
            "No law compelling cooperation with state security services is recorded for {name}'s country ({}).",
            data.company.country
        ))]),
    }

    // 4. Cloud availability and restrictions, when recorded.
    let hosted: Vec<&CloudOffering> = data
        .cloud_offerings
        .iter()
        .filter(|o| matches!(risk::route_of(o), RouteKind::ProviderHosted | RouteKind::SelfDeployed))
        .collect();
    if !hosted.is_empty() {
        let platforms = dedup(hosted.iter().map(|o| o.platform.as_str()));
        out.push(vec![
            Span::bold(format!("{name}'s models run on {} without data reaching {name}. ", platforms.join(", "))),
            Span::plain(format!(
                "{} documented offering(s) keep data with the cloud provider in the customer's chosen region.{}",
                hosted.len(),
                refs.cite(hosted.iter().filter_map(|o| o.source_id))
            )),
        ]);
    }
    if !data.restrictions.is_empty() {
        let juris: Vec<String> = dedup(data.restrictions.iter().map(|r| risk::jurisdiction_place(&r.jurisdiction)))
            .into_iter()
            .map(|p| risk::in_place(p).trim_start_matches("in ").to_string())
            .collect();
        out.push(vec![
            Span::bold(format!("{} government measure(s) restrict {name}. ", data.restrictions.len())),
            Span::plain(format!(
                "In {}.{}",
                juris.join(", "),
                refs.cite(data.restrictions.iter().filter_map(|r| r.source_id))
            )),
        ]);
    }
    out.truncate(5);
    out
}

fn dedup<'a>(items: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut v: Vec<&str> = Vec::new();
    for i in items {
        if !v.contains(&i) {
            v.push(i);
        }
    }
    v
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

fn thousands(n: u32) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A web address short enough for a table cell: whole up to 40 characters, else its site.
fn short_url(url: &str) -> String {
    let bare = url.split_once("://").map_or(url, |(_, rest)| rest).trim_end_matches('/');
    if bare.chars().count() <= 40 {
        return bare.to_string();
    }
    format!("{}/…", bare.split('/').next().unwrap_or(bare))
}

/// The day of a date or timestamp ("2026-11-28…") as the rest of the brief writes dates ("28 Nov 2026").
fn human_day(text: &str) -> String {
    text.get(..10).and_then(|d| d.parse::<PartialDate>().ok()).map_or_else(|| text.to_string(), |d| d.human())
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
                vec![Span::plain(s.list_title.clone())],
                vec![Span::plain(human_day(&s.list_as_of.to_string()))],
                vec![Span::plain(thousands(s.entry_count))],
                vec![Span::plain(human_day(&s.screened_at))],
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
            "Score {} of 100 as of {}: the sum of four capped factors. Bars show each factor's points against its cap.",
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

fn sources_appendix(sources: &[Source]) -> Section {
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

fn methodology() -> Section {
    let p = |s: &str| Block::Paragraph(vec![Span::plain(s)]);
    Section {
        title: "Methodology".into(),
        blocks: vec![
            p("Sources are graded on the NATO Admiralty scale: reliability A (completely reliable) to E (unreliable), F cannot be judged; the information each gives is graded 1 (confirmed by other sources) to 5 (improbable), 6 cannot be judged. “B3” means a usually reliable source giving possibly true information."),
            p("Allegation status is kept as recorded: alleged, under investigation, corroborated, confirmed, disputed, refuted or resolved. An allegation is never presented as fact unless its status is confirmed."),
            p(&format!(
                "The score (0–100) adds four capped factors: official designations (up to {}), allegations weighted by category severity, status, evidence grade and age (up to {}), jurisdiction (up to {}) and government restrictions (up to {}). Bands: Low below 25, Moderate 25–49, High 50–74, Severe 75 and above. A listing on the OFAC SDN list or the BIS Entity List, or an outright U.S. ban on the company's products, sets the band to at least High.",
                risk::DESIGNATIONS_MAX, risk::ALLEGATIONS_MAX, risk::JURISDICTION_MAX, risk::RESTRICTIONS_MAX
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

/// One company's line in a portfolio brief.
pub struct PortfolioEntry<'a> {
    pub data: &'a CompanyData,
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
