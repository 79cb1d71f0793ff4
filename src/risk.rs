//! The transparent risk score. Pure: the same data and as-of date always give the same result.
//! docs/methodology.md explains every number here in prose; keep the two in step.

use crate::model::labelled_enum;
use crate::model::*;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

/// Identifies the scoring model: this crate's version and the source of the scoring code
/// (this file and the model types), hashed. A cached score made by other code is never used.
pub fn model_id() -> &'static str {
    static ID: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    ID.get_or_init(|| {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        h.update(env!("CARGO_PKG_VERSION"));
        h.update(include_str!("risk.rs"));
        h.update(include_str!("model.rs"));
        h.update(include_str!("ownership.rs"));
        h.update(include_str!("../data/ownership-rules.json"));
        crate::bundle::hex(&h.finalize()[..8])
    })
}

labelled_enum!(
    /// How much risk a company carries, from its score and the floors (methodology).
    Band {
        /// Score below 25.
        Low = "low", "Low";
        /// Score 25–49.
        Moderate = "moderate", "Moderate";
        /// Score 50–74, or a floor: an OFAC SDN or BIS Entity List listing, or an outright U.S.
        /// federal ban on the company's products.
        High = "high", "High";
        /// Score 75 and above.
        Severe = "severe", "Severe";
    }
);

impl Band {
    /// The band a score (0–100) falls in, before any floor: below 25 Low, 25–49 Moderate, 50–74
    /// High, 75 and above Severe.
    pub fn from_score(score: f64) -> Band {
        match score {
            s if s >= 75.0 => Band::Severe,
            s if s >= 50.0 => Band::High,
            s if s >= 25.0 => Band::Moderate,
            _ => Band::Low,
        }
    }
    /// What the band means for a buyer (used in briefs and the methodology).
    pub fn meaning(self) -> &'static str {
        match self {
            Band::Low => "No material concern recorded; normal due diligence.",
            Band::Moderate => "Concerns recorded; use with controls and periodic review.",
            Band::High => "Serious concerns; avoid vendor-operated services, restrict other routes to controlled use.",
            Band::Severe => "Listed or gravely implicated; do not engage without legal and security sign-off.",
        }
    }
}

/// The five parts of the score, each with its cap; serialised in snake_case (`"designations"`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum FactorKind {
    /// Official-list statuses, at most [`DESIGNATIONS_MAX`] points.
    Designations,
    /// Allegations by severity, status, evidence and recency, at most [`ALLEGATIONS_MAX`] points.
    Allegations,
    /// Laws of the country of incorporation compelling cooperation with state security services,
    /// at most [`JURISDICTION_MAX`] points.
    Jurisdiction,
    /// Government measures against the company, at most [`RESTRICTIONS_MAX`] points.
    Restrictions,
    /// Listed parties that own, control or founded the company, and ownership no source
    /// accounts for, at most [`OWNERSHIP_MAX`] points.
    Ownership,
}

/// One fact's share of a factor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Contribution {
    /// The record behind it: a designation, allegation or restriction id, or for the
    /// jurisdiction factor the company's own id.
    pub fact_id: Uuid,
    /// Its weight in points, before the factor combines its contributions (the cap; for
    /// designations, further lists at a quarter; for allegations, diminishing returns).
    pub points: f64,
    /// How the weight was reached, in words ("OFAC SDN List: listed", "severity 10 × status 0.5 × …").
    pub note: String,
}

/// One part of the score, with the records behind it and the reasoning.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Factor {
    /// Which factor this is.
    pub kind: FactorKind,
    /// Its heading in briefs ("Official designations", "Allegations", "Jurisdiction",
    /// "Government restrictions").
    pub name: String,
    /// Points this factor adds to the score (rounded to one decimal).
    pub points: f64,
    /// The most this factor can add.
    pub max: f64,
    /// Why the factor scores what it does, in a sentence or two for the brief.
    pub rationale: String,
    /// The records behind the factor, with their individual weight before the factor's cap.
    pub contributions: Vec<Contribution>,
}

labelled_enum!(
    /// What a buyer may do with one route of using a company's products, mildest first.
    Verdict {
        Acceptable = "acceptable", "Acceptable";
        AcceptableWithControls = "acceptable_with_controls", "Acceptable with controls";
        NotRecommended = "not_recommended", "Not recommended";
        Prohibited = "prohibited", "Prohibited";
    }
);

labelled_enum!(
    /// A way of using a company's products, by where the data goes.
    RouteKind {
        /// The vendor's own apps and APIs: data reaches the vendor.
        VendorOperated = "vendor_operated", "Vendor's own apps and APIs";
        /// A cloud provider's managed API or marketplace, data kept by the provider in the customer's region.
        ProviderHosted = "provider_hosted", "Hosted by a cloud provider";
        /// Open weights deployed by the customer in its own cloud project.
        SelfDeployed = "self_deployed", "Open weights self-deployed";
        /// Cloud offerings whose data path is not documented.
        Undocumented = "undocumented", "Undocumented data path";
    }
);

/// Usage guidance for one way of using the company's products.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RouteGuidance {
    /// Which route this is.
    pub route: RouteKind,
    /// e.g. "Open weights self-deployed on Google".
    pub name: String,
    /// What a buyer may do with this route.
    pub verdict: Verdict,
    /// Why the verdict, and the controls it assumes, in words for the brief.
    pub rationale: String,
    /// The cloud offerings that belong to this route (none for the vendor's own route when no
    /// offering reaches the vendor).
    pub offering_ids: Vec<Uuid>,
}

/// The result of scoring one company as of a date: score, band, the factors behind it and usage
/// guidance per route. The same data and date always give the same assessment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Assessment {
    /// The company assessed.
    pub company_id: Uuid,
    /// The date the data is assessed as of (it ages allegations).
    pub as_of: NaiveDate,
    /// 0–100, rounded to a whole number.
    pub score: u32,
    /// The band: the score's, or higher when a floor applies (`band_floor`).
    pub band: Band,
    /// Set when a rule raised the band above what the score alone gives.
    pub band_floor: Option<String>,
    /// The five factors, in the order designations, allegations, jurisdiction, restrictions,
    /// ownership;
    /// the score is the sum of their points, rounded.
    pub factors: Vec<Factor>,
    /// Guidance per route: the vendor's own apps and APIs always first, then each other route
    /// that has cloud offerings.
    pub routes: Vec<RouteGuidance>,
}

/// Cap, in points, of the official-designations factor.
pub const DESIGNATIONS_MAX: f64 = 50.0;
/// Cap, in points, of the allegations factor (approached, never reached: 40 × (1 − e^(−S/20))).
pub const ALLEGATIONS_MAX: f64 = 40.0;
/// Cap, in points, of the jurisdiction factor.
pub const JURISDICTION_MAX: f64 = 15.0;
/// Cap, in points, of the government-restrictions factor.
pub const RESTRICTIONS_MAX: f64 = 15.0;
/// Cap, in points, of the ownership-and-control factor: a listed majority owner weighs like a
/// listing of the company itself.
pub const OWNERSHIP_MAX: f64 = 50.0;
/// Points for ownership no recorded owner accounts for, at 100 % unaccounted (in proportion
/// below): unknown ownership is a finding, never a pass.
pub const UNDISCLOSED_MAX: f64 = 3.0;

/// The share of a listed backer's list weight the ownership factor counts: 1 for a majority (its
/// holding, or the listed holders' together, at 50 % or more), 0.6 for control, 0.4 for a
/// minority or undisclosed holding, 0.25 for a founder, funder, director, agent or operator.
/// The smallest (0.25 of the lightest list, 15) is above [`UNDISCLOSED_MAX`], so adding a listed
/// owner never lowers the factor even as it accounts for part of the ownership.
pub fn backer_share(b: &crate::ownership::Backer, listed_share: f64) -> (f64, &'static str) {
    if b.percent > 0.0 && (b.percent >= 50.0 || listed_share >= 50.0) {
        (1.0, "majority held by listed parties")
    } else if b.controls {
        (0.6, "controls")
    } else if b.percent > 0.0 || b.undisclosed {
        (0.4, "minority or undisclosed holding")
    } else {
        (0.25, "founder, funder or director")
    }
}

/// Weight, in points, of a current listing on each list: an asset freeze (OFAC SDN, the UN
/// Security Council, EU and UK lists) 50; BIS Entity List and Denied Persons List 40; DoD 1260H,
/// FCC Covered List, NDAA §889, BIS MEU, UFLPA and OFAC's non-SDN lists 25; any other list 15.
pub fn list_weight(list: OfficialList) -> f64 {
    match list {
        OfficialList::OfacSdn | OfficialList::UnSc | OfficialList::EuFsf | OfficialList::UkSanctions => 50.0,
        OfficialList::BisEntityList | OfficialList::BisDpl => 40.0,
        OfficialList::Dod1260h | OfficialList::FccCovered | OfficialList::Ndaa889 | OfficialList::BisMeu => 25.0,
        OfficialList::Uflpa | OfficialList::OfacNonSdn => 25.0,
        OfficialList::Other => 15.0,
    }
}

fn status_share(status: DesignationStatus) -> f64 {
    match status {
        DesignationStatus::Listed => 1.0,
        DesignationStatus::UnderReview => 0.4,
        DesignationStatus::Delisted => 0.1,
        DesignationStatus::NotListed => 0.0,
    }
}

/// Severity of an allegation's category, 0–10: military/intelligence ties and sanctions evasion
/// 10, data sharing 9, export-control evasion and cyber 8, misrepresentation 4, other 3.
pub fn category_severity(c: AllegationCategory) -> f64 {
    match c {
        AllegationCategory::MilitaryIntelligence | AllegationCategory::SanctionsEvasion => 10.0,
        AllegationCategory::DataSharing => 9.0,
        AllegationCategory::ExportControlEvasion | AllegationCategory::Cyber => 8.0,
        AllegationCategory::Misrepresentation => 4.0,
        AllegationCategory::Other => 3.0,
    }
}

/// Multiplier, 0–1, for an allegation's status: confirmed 1, corroborated 0.8, under
/// investigation 0.6, alleged 0.5, disputed 0.3, resolved 0.1, refuted 0.
pub fn status_weight(s: AllegationStatus) -> f64 {
    match s {
        AllegationStatus::Confirmed => 1.0,
        AllegationStatus::Corroborated => 0.8,
        AllegationStatus::UnderInvestigation => 0.6,
        AllegationStatus::Alleged => 0.5,
        AllegationStatus::Disputed => 0.3,
        AllegationStatus::Resolved => 0.1,
        AllegationStatus::Refuted => 0.0,
    }
}

/// Multiplier, 0–1, for a source's reliability grade: A 1, B 0.85, C 0.7, D 0.45, E 0.25, and
/// F (cannot be judged) 0.5.
pub fn reliability_weight(r: Reliability) -> f64 {
    match r {
        Reliability::A => 1.0,
        Reliability::B => 0.85,
        Reliability::C => 0.7,
        Reliability::D => 0.45,
        Reliability::E => 0.25,
        Reliability::F => 0.5,
    }
}

/// Multiplier, 0–1, for a citation's credibility grade: 1 → 1, 2 → 0.85, 3 → 0.7, 4 → 0.45,
/// 5 → 0.2, and 6 (cannot be judged) 0.5.
pub fn credibility_weight(c: Credibility) -> f64 {
    match c {
        Credibility::C1 => 1.0,
        Credibility::C2 => 0.85,
        Credibility::C3 => 0.7,
        Credibility::C4 => 0.45,
        Credibility::C5 => 0.2,
        Credibility::C6 => 0.5,
    }
}

/// Laws that compel cooperation with state security services (NIST SP 800-161r1 FOCI indicators):
/// for an ISO 3166-1 alpha-2 country code, the points (at most [`JURISDICTION_MAX`]) and the
/// law in words; `None` for a country with no such law recorded.
pub fn jurisdiction_law(country: &str) -> Option<(f64, &'static str)> {
    match country {
        "CN" => Some((15.0, "PRC National Intelligence Law (2017), art. 7: organisations must support and cooperate with state intelligence work")),
        "HK" => Some((12.0, "Hong Kong National Security Law (2020) and PRC intelligence and data laws reach Hong Kong entities")),
        "RU" => Some((12.0, "Russian SORM rules and Federal Law 374-FZ (2016): operators must retain data and give the security services access")),
        "IR" | "KP" => Some((15.0, "State control of the economy and comprehensive U.S. sanctions programmes")),
        _ => None,
    }
}

/// Weight, in points, of one government measure, by what it covers: outright product ban 8;
/// app distribution and data processing 4; government devices, public sector and procurement 3;
/// other 2; proposed legislation 1.
pub fn restriction_weight(s: RestrictionScope) -> f64 {
    match s {
        // An outright ban on the vendor's products for everyone in the jurisdiction: heavier than
        // any ban limited to government devices, the public sector, procurement or app stores.
        RestrictionScope::ProductBan => 8.0,
        RestrictionScope::AppDistribution | RestrictionScope::DataProcessing => 4.0,
        RestrictionScope::GovernmentDevices | RestrictionScope::PublicSector | RestrictionScope::Procurement => 3.0,
        RestrictionScope::Other => 2.0,
        RestrictionScope::Proposed => 1.0,
    }
}

fn round1(x: f64) -> f64 {
    // `+ 0.0` turns the -0.0 that an empty float sum gives into 0.0.
    (x * 10.0).round() / 10.0 + 0.0
}

/// Evidence weight of an allegation: the best source's reliability × credibility, plus 10 % per
/// further source (corroboration), at most 1.
pub fn evidence_weight(a: &Allegation, data: &CompanyData) -> f64 {
    let mut grades: Vec<f64> = a
        .citations
        .iter()
        .map(|c| {
            let rel = data.source(c.source_id).map(|s| s.reliability).unwrap_or(Reliability::F);
            reliability_weight(rel) * credibility_weight(c.credibility)
        })
        .collect();
    grades.sort_by(|x, y| y.total_cmp(x));
    match grades.first() {
        None => 0.0,
        Some(best) => (best + 0.1 * (grades.len() - 1) as f64).min(1.0),
    }
}

/// Full weight for two years, then halving every four years, never below a quarter.
pub fn recency_weight(first_reported: Option<PartialDate>, as_of: NaiveDate) -> f64 {
    let Some(d) = first_reported else { return 0.75 };
    let years = (as_of - d.first_day()).num_days().max(0) as f64 / 365.25;
    if years <= 2.0 {
        1.0
    } else {
        0.5f64.powf((years - 2.0) / 4.0).max(0.25)
    }
}

fn designations_factor(data: &CompanyData) -> Factor {
    let mut contributions: Vec<Contribution> = data
        .designations
        .iter()
        .filter(|d| status_share(d.status) > 0.0)
        .map(|d| Contribution {
            fact_id: d.id,
            points: list_weight(d.list) * status_share(d.status),
            note: format!("{}: {}", d.list.label(), d.status.label().to_lowercase()),
        })
        .collect();
    contributions.sort_by(|a, b| b.points.total_cmp(&a.points).then(a.fact_id.cmp(&b.fact_id)));
    // Each list counts once (several entries on one list are one listing), its heaviest entry.
    let mut lists_seen = Vec::new();
    let per_list = contributions.iter().filter(|c| {
        let list = data.designations.iter().find(|d| d.id == c.fact_id).map(|d| d.list);
        let first = !lists_seen.contains(&list);
        if first {
            lists_seen.push(list);
        }
        first
    });
    let points = round1(heaviest_in_full(per_list.map(|c| c.points)).min(DESIGNATIONS_MAX));
    let not_listed = data.designations.iter().filter(|d| d.status == DesignationStatus::NotListed).count();
    let rationale = if contributions.is_empty() {
        if not_listed > 0 {
            format!("Recorded as not listed on {not_listed} official list(s); no listing found.")
        } else {
            "No official-list status recorded.".to_string()
        }
    } else {
        format!("{}; the heaviest list counts in full, each further list a quarter.", {
            let mut notes: Vec<String> = Vec::new();
            for c in &contributions {
                if !notes.contains(&c.note) {
                    notes.push(c.note.clone());
                }
            }
            notes.join("; ")
        })
    };
    Factor {
        kind: FactorKind::Designations,
        name: "Official designations".into(),
        points,
        max: DESIGNATIONS_MAX,
        rationale,
        contributions,
    }
}

fn allegations_factor(data: &CompanyData, as_of: NaiveDate) -> Factor {
    let contributions: Vec<Contribution> = data
        .allegations
        .iter()
        .map(|a| {
            let sev = category_severity(a.category);
            let st = status_weight(a.status);
            let ev = evidence_weight(a, data);
            let rec = recency_weight(a.first_reported, as_of);
            Contribution {
                fact_id: a.id,
                points: round1(sev * st * ev * rec),
                note: format!(
                    "{} ({}): severity {sev} × status {st} × evidence {ev:.2} × recency {rec:.2}",
                    a.category.label(),
                    a.status.label().to_lowercase()
                ),
            }
        })
        .collect();
    let sum: f64 = contributions.iter().map(|c| c.points).sum();
    // Diminishing returns: many weak allegations approach, never exceed, the cap.
    let points = round1(ALLEGATIONS_MAX * (1.0 - (-sum / 20.0).exp()));
    let counted = contributions.iter().filter(|c| c.points > 0.0).count();
    let rationale = if data.allegations.is_empty() {
        "No allegations recorded.".to_string()
    } else {
        let strongest = data.allegations.iter().map(|a| a.status).max_by_key(|s| (status_weight(*s) * 10.0) as i32);
        format!(
            "{} allegation(s), {counted} carrying weight; the strongest status is \"{}\". Weighted by category, status, evidence grade and age.",
            data.allegations.len(),
            strongest.map(|s| s.label().to_lowercase()).unwrap_or_default()
        )
    };
    Factor {
        kind: FactorKind::Allegations,
        name: "Allegations".into(),
        points,
        max: ALLEGATIONS_MAX,
        rationale,
        contributions,
    }
}

fn jurisdiction_factor(data: &CompanyData) -> Factor {
    let c = &data.company;
    let (points, rationale) = match jurisdiction_law(&c.country) {
        Some((p, law)) => (p, format!("Incorporated in {}: {law}.", c.country)),
        None => (
            0.0,
            format!(
                "Incorporated in {}: no law compelling cooperation with state security services is recorded.",
                c.country
            ),
        ),
    };
    Factor {
        kind: FactorKind::Jurisdiction,
        name: "Jurisdiction".into(),
        points,
        max: JURISDICTION_MAX,
        rationale,
        contributions: vec![Contribution { fact_id: c.id, points, note: c.country.clone() }],
    }
}

fn restrictions_factor(data: &CompanyData) -> Factor {
    let contributions: Vec<Contribution> = data
        .restrictions
        .iter()
        .map(|r| Contribution {
            fact_id: r.id,
            points: restriction_weight(r.scope),
            note: format!("{}: {}", r.jurisdiction, r.scope.label().to_lowercase()),
        })
        .collect();
    let sum: f64 = contributions.iter().map(|c| c.points).sum();
    let points = round1(sum.min(RESTRICTIONS_MAX));
    let jurisdictions: std::collections::BTreeSet<&str> =
        data.restrictions.iter().map(|r| r.jurisdiction.split(" — ").next().unwrap_or("")).collect();
    let rationale = if contributions.is_empty() {
        "No government restrictions recorded.".to_string()
    } else {
        format!(
            "{} government measure(s) in {} jurisdiction(s) ({}).",
            contributions.len(),
            jurisdictions.len(),
            jurisdictions.into_iter().collect::<Vec<_>>().join(", ")
        )
    };
    Factor {
        kind: FactorKind::Restrictions,
        name: "Government restrictions".into(),
        points,
        max: RESTRICTIONS_MAX,
        rationale,
        contributions,
    }
}

/// How official lists, and listed backers, add up: the first (the heaviest) counts in full, each
/// further one a quarter.
fn heaviest_in_full(points: impl Iterator<Item = f64>) -> f64 {
    points.enumerate().map(|(i, p)| if i == 0 { p } else { p * 0.25 }).sum()
}

fn ownership_factor(data: &CompanyData, standing: &crate::ownership::Standing) -> Factor {
    let listed_share = standing.listed_share();
    let mut contributions: Vec<Contribution> = standing
        .backers
        .iter()
        .filter_map(|b| {
            let list = b.party.lists.iter().copied().max_by(|x, y| list_weight(*x).total_cmp(&list_weight(*y)))?;
            let (share, how) = backer_share(b, listed_share);
            let held = if b.percent > 0.0 {
                format!("{} %", crate::ownership::pct(b.percent))
            } else if b.undisclosed {
                "undisclosed share".into()
            } else {
                b.roles.iter().map(|k| k.label().to_lowercase()).collect::<Vec<_>>().join(", ")
            };
            Some(Contribution {
                fact_id: b.relation,
                points: round1(list_weight(list) * share),
                note: format!("{} ({}; {held}): {how}, {share} × {}", b.party.name, list.label(), list_weight(list)),
            })
        })
        .collect();
    contributions.sort_by(|a, b| b.points.total_cmp(&a.points).then(a.fact_id.cmp(&b.fact_id)));
    let unaccounted = standing.owners.unaccounted;
    if unaccounted > 0.0 {
        contributions.push(Contribution {
            fact_id: data.company.id,
            points: round1(UNDISCLOSED_MAX * unaccounted / 100.0),
            note: format!(
                "{} % of its ownership is not accounted for by a recorded owner",
                crate::ownership::pct(unaccounted)
            ),
        });
    }
    let points = round1(heaviest_in_full(contributions.iter().map(|c| c.points)).min(OWNERSHIP_MAX));
    let listed: Vec<&str> =
        standing.backers.iter().filter(|b| !b.party.lists.is_empty()).map(|b| b.party.name.as_str()).collect();
    let who = if standing.backers.is_empty() {
        "No owner, controller or founder recorded".to_string()
    } else if listed.is_empty() {
        match standing.backers.len() {
            1 => "One party recorded behind it, not on an official list".to_string(),
            n => format!("{n} parties recorded behind it, none on an official list"),
        }
    } else {
        format!("Behind it, on an official list: {}", listed.join(", "))
    };
    let rationale = if unaccounted > 0.0 {
        format!(
            "{who}; {} % of its ownership is not accounted for, which counts a little.",
            crate::ownership::pct(unaccounted)
        )
    } else {
        format!("{who}; its recorded owners account for all of its ownership.")
    };
    Factor {
        kind: FactorKind::Ownership,
        name: "Ownership and control".into(),
        points,
        max: OWNERSHIP_MAX,
        rationale,
        contributions,
    }
}

/// What a buyer may do with a route, by the band alone (before list and ban rules). Where the
/// data stays with a cloud provider or the customer (hosted, self-deployed) the verdict is one
/// step milder from High up than where it reaches the vendor (the vendor's own service, or a
/// data path not documented): Low acceptable everywhere; Moderate with controls everywhere;
/// High with controls hosted, not recommended from the vendor; Severe not recommended anywhere.
pub fn route_verdict(route: RouteKind, band: Band) -> Verdict {
    let hosted = matches!(route, RouteKind::ProviderHosted | RouteKind::SelfDeployed);
    match band {
        Band::Low => Verdict::Acceptable,
        Band::Moderate => Verdict::AcceptableWithControls,
        Band::High if hosted => Verdict::AcceptableWithControls,
        Band::High | Band::Severe => Verdict::NotRecommended,
    }
}

/// True when the company is currently listed on `list`.
pub fn listed_on(data: &CompanyData, list: OfficialList) -> bool {
    data.designations.iter().any(|d| d.list == list && d.status == DesignationStatus::Listed)
}

/// The place a restriction applies to, without its sub-division: "United States — Texas" →
/// "United States"; "United States (federal)" → "United States".
pub fn jurisdiction_place(jurisdiction: &str) -> &str {
    let top = jurisdiction.split(" — ").next().unwrap_or(jurisdiction).trim();
    top.strip_suffix(" (federal)").unwrap_or(top).trim()
}

/// "in Italy", "in the United States": a place name after "in", with the article that names
/// such as "United Kingdom" or "Netherlands" take.
pub fn in_place(place: &str) -> String {
    const WITH_ARTICLE: [&str; 6] = ["Netherlands", "Philippines", "Czech Republic", "Bahamas", "Gambia", "Maldives"];
    if place.starts_with("United ") || WITH_ARTICLE.contains(&place) {
        format!("in the {place}")
    } else {
        format!("in {place}")
    }
}

/// True for a measure of the U.S. federal government ("United States" or "United States
/// (federal)"), as opposed to one of a state ("United States — Texas") or another country.
pub fn is_us_federal(jurisdiction: &str) -> bool {
    !jurisdiction.contains(" — ") && jurisdiction_place(jurisdiction) == "United States"
}

/// Outright bans on the company's products (scope `product_ban`), in record order.
pub fn product_bans(data: &CompanyData) -> impl Iterator<Item = &Restriction> {
    data.restrictions.iter().filter(|r| r.scope == RestrictionScope::ProductBan)
}

fn routes(data: &CompanyData, band: Band) -> Vec<RouteGuidance> {
    let name = data.company.display_name().to_string();
    let sdn = listed_on(data, OfficialList::OfacSdn);
    let procurement_bar = listed_on(data, OfficialList::Ndaa889) || listed_on(data, OfficialList::FccCovered);
    let hosted_verdict = route_verdict(RouteKind::ProviderHosted, band);
    let vendor_verdict = route_verdict(RouteKind::VendorOperated, band);
    let mut out = vec![];
    let mut vendor = RouteGuidance {
        route: RouteKind::VendorOperated,
        name: format!("{name}'s own apps and APIs"),
        verdict: vendor_verdict,
        rationale: format!("Prompts and data reach {name} directly; the {} band applies in full.", band.label()),
        offering_ids: data
            .cloud_offerings
            .iter()
            .filter(|o| route_of(o) == RouteKind::VendorOperated)
            .map(|o| o.id)
            .collect(),
    };
    if procurement_bar {
        vendor.verdict = vendor.verdict.max(Verdict::NotRecommended);
        vendor
            .rationale
            .push_str(" Named under NDAA §889 or on the FCC Covered List: barred from U.S. federal procurement.");
    }
    // Product bans of other places are named; they do not change a U.S. buyer's verdict.
    for ban in product_bans(data).filter(|r| !is_us_federal(&r.jurisdiction)) {
        let note = format!(
            " Its products are banned {} (see Government restrictions).",
            in_place(jurisdiction_place(&ban.jurisdiction))
        );
        if !vendor.rationale.contains(&note) {
            vendor.rationale.push_str(&note);
        }
    }
    out.push(vendor);

    let groups = [
        (RouteKind::ProviderHosted, "Hosted by a cloud provider", hosted_verdict,
         "The provider runs the model; data stays with it in the customer's region. Controls: pin the region, keep regulated data out until reviewed, evaluate outputs for bias and unsafe content."),
        (RouteKind::SelfDeployed, "Open weights self-deployed", hosted_verdict,
         "Weights run in the customer's own cloud project; no data reaches the vendor. Controls: isolate the deployment, scan the artefacts, evaluate outputs."),
        (RouteKind::Undocumented, "Cloud offerings with an undocumented data path", vendor_verdict,
         "Where data goes is not documented; treated like the vendor's own service until it is."),
    ];
    for (kind, label, verdict, why) in groups {
        let offers: Vec<&CloudOffering> = data.cloud_offerings.iter().filter(|o| route_of(o) == kind).collect();
        if offers.is_empty() {
            continue;
        }
        let mut platforms: Vec<&str> = offers.iter().map(|o| o.platform.as_str()).collect();
        platforms.sort();
        platforms.dedup();
        out.push(RouteGuidance {
            route: kind,
            name: format!("{label} ({})", platforms.join(", ")),
            verdict,
            rationale: why.to_string(),
            offering_ids: offers.iter().map(|o| o.id).collect(),
        });
    }
    // An outright U.S. federal ban on the products: buying, using or updating them is no longer a
    // risk decision, whatever the route (a cloud provider or reseller supplies them too).
    if let Some(ban) = product_bans(data).find(|r| is_us_federal(&r.jurisdiction)) {
        for r in &mut out {
            r.verdict = Verdict::Prohibited;
            r.rationale = format!(
                "Banned in the United States ({}{}): the products the ban covers may not be sold to or updated for U.S. persons, by {name} or anyone else. See Government restrictions for what it covers.",
                ban.body,
                ban.date.map(|d| format!(", {}", d.human())).unwrap_or_default(),
            );
        }
    }
    if sdn {
        for r in &mut out {
            r.verdict = Verdict::Prohibited;
            r.rationale =
                "On the OFAC SDN list: U.S. persons may not deal with the company or its property; seek counsel."
                    .into();
        }
    }
    out
}

/// The deployment route an offering belongs to.
pub fn route_of(o: &CloudOffering) -> RouteKind {
    match (o.data_path, o.offering_type) {
        (DataPath::ProviderRegion, OfferingType::SelfDeployWeights) => RouteKind::SelfDeployed,
        (DataPath::ProviderRegion, _) => RouteKind::ProviderHosted,
        (DataPath::ReachesVendor, _) => RouteKind::VendorOperated,
        (DataPath::Unknown, _) => RouteKind::Undocumented,
    }
}

/// Scores one company as of a date.
pub fn assess(data: &CompanyData, as_of: NaiveDate) -> Assessment {
    let standing = crate::ownership::standing(&data.ownership, data.company.id, as_of);
    let factors = vec![
        designations_factor(data),
        allegations_factor(data, as_of),
        jurisdiction_factor(data),
        restrictions_factor(data),
        ownership_factor(data, &standing),
    ];
    let total: f64 = factors.iter().map(|f| f.points).sum();
    let score = total.round().clamp(0.0, 100.0) as u32;
    let mut band = Band::from_score(score as f64);
    let mut band_floor = None;
    if band < Band::High {
        if listed_on(data, OfficialList::OfacSdn) || listed_on(data, OfficialList::BisEntityList) {
            band = Band::High;
            band_floor =
                Some("Listed on the OFAC SDN list or the BIS Entity List: at least High, whatever the score.".into());
        } else if let Some(f) = standing.findings.iter().find(|f| f.applies) {
            band = Band::High;
            band_floor = Some(format!(
                "Owned 50 % or more by parties on the {} ({}): at least High, whatever the score.",
                f.regime.lists.iter().map(|l| l.label()).collect::<Vec<_>>().join(" or the "),
                f.regime.name
            ));
        } else if product_bans(data).any(|r| is_us_federal(&r.jurisdiction)) {
            band = Band::High;
            band_floor = Some(
                "Its products are banned outright in the United States: at least High, whatever the score.".into(),
            );
        }
    }
    let routes = routes(data, band);
    Assessment { company_id: data.company.id, as_of, score, band, band_floor, factors, routes }
}
