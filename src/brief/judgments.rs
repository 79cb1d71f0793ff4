//! Key judgments: the estimative language (ICD 203 likelihood, kept apart from confidence in the
//! sourcing) and the few statements at the top of a company brief.

use super::model::*;
use super::text::{date, dedup, human_day, Refs};
use crate::model::*;
use crate::risk::{self, Assessment, FactorKind, RouteKind};
use std::collections::BTreeMap;

/// ICD 203 estimative terms, from least to most likely (ordered, so `max` is the most likely).
/// Each variant's note gives the probability ICD 203 attaches to the term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Likelihood {
    /// 1–5 %.
    AlmostNoChance,
    /// 5–20 %.
    VeryUnlikely,
    /// 20–45 %.
    Unlikely,
    /// 45–55 %.
    RoughlyEven,
    /// 55–80 %.
    Likely,
    /// 80–95 %.
    VeryLikely,
    /// 95–99 %.
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

    /// The ICD 203 wording, lower case, as it reads inside a sentence ("a roughly even chance").
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

/// How far the sourcing supports an estimate, lowest first (see `estimate` for the thresholds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Confidence {
    /// Evidence weight below 0.6.
    Low,
    /// Evidence weight of 0.6 or more (but not High).
    Moderate,
    /// Evidence weight of 0.8 or more from at least two citations.
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
///
/// The likelihood follows the status (confirmed: almost certain; corroborated: very likely;
/// alleged or under investigation: a roughly even chance; disputed: unlikely; refuted or
/// resolved: very unlikely), one step lower when the evidence weight
/// (`risk::evidence_weight`, 0 to 1) is below 0.4, except for confirmed, refuted and resolved.
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

pub(super) fn key_judgments(data: &CompanyData, a: &Assessment, refs: &Refs, name: &str) -> Vec<Text> {
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
    // 2. Who stands behind it: a 50 % rule that applies, else ownership no source settles.
    let st = crate::ownership::standing(&data.ownership, data.company.id, a.as_of);
    let all_cites =
        || data.ownership.relations.iter().flat_map(|r| r.citations.iter().map(|c| c.source_id)).collect::<Vec<_>>();
    if let Some(f) = st.findings.iter().find(|f| f.applies) {
        out.push(vec![
            Span::bold(format!("{name} is owned 50 % or more by listed parties ({}). ", f.regime.name)),
            Span::plain(format!(
                "{} It is treated as listed itself: {}.{}",
                f.proof,
                f.regime.consequence,
                refs.cite(all_cites())
            )),
        ]);
    } else if st.owners.unaccounted >= 50.0 && !st.backers.is_empty() {
        let names: Vec<String> = st
            .backers
            .iter()
            .map(|b| {
                let roles: Vec<String> = b.roles.iter().map(|k| k.label().to_lowercase()).collect();
                if roles.is_empty() {
                    b.party.name.clone()
                } else {
                    format!("{} ({})", b.party.name, roles.join(", "))
                }
            })
            .collect();
        let listed = st.backers.iter().filter(|b| !b.party.lists.is_empty()).count();
        out.push(vec![
            Span::bold(format!("Who owns {name} is not established: ")),
            Span::plain(format!(
                "no source states a share for {} % of it. Reported as standing behind it: {}; {}.{}",
                crate::ownership::pct(st.owners.unaccounted),
                names.join("; "),
                if listed == 0 {
                    "none of them is on a recorded official list".to_string()
                } else {
                    format!("{listed} of them on an official list")
                },
                refs.cite(all_cites())
            )),
        ]);
    }
    if !data.screenings.is_empty() {
        let open: u32 = data.screenings.iter().map(|s| s.open_hits).sum();
        let confirmed: u32 = data.screenings.iter().map(|s| s.confirmed_hits).sum();
        let latest = data
            .screenings
            .iter()
            .map(|s| s.screened_at)
            .max()
            .map(|t| human_day(&t.date().to_string()))
            .unwrap_or_default();
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
