//! Scenarios: "what if DeepSeek is added to the Entity List tomorrow?". `run` applies a
//! scenario's hypothetical changes to a copy of the affected companies' data and deployments, in
//! memory, and compares the assessments and the deployments' verdicts before and after with the
//! same pure functions as the real ones. Nothing here writes: the real records never change.

use crate::exposure::{self, Judgement, Vendor};
use crate::model::*;
use crate::risk::{assess, Assessment, Band, RouteKind, Verdict};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use ts_rs::TS;
use uuid::Uuid;

/// One score factor that moved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FactorDelta {
    /// The factor's name ("Official designations").
    pub name: String,
    /// Its points before.
    pub before: f64,
    /// Its points after.
    pub after: f64,
}

/// A route whose recommendation changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RouteDelta {
    /// The route.
    pub route: RouteKind,
    /// Its name as the guidance gives it.
    pub name: String,
    /// The verdict before (none: the route had no guidance).
    pub before: Option<Verdict>,
    /// The verdict after (none: the route has no guidance any more, e.g. its offerings withdrawn).
    pub after: Option<Verdict>,
}

/// A company the scenario touches: score and band before and after, what moved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CompanyDelta {
    /// The company.
    pub company_id: Uuid,
    /// Its slug.
    pub slug: String,
    /// Its short name.
    pub name: String,
    /// Score before.
    pub score_before: u32,
    /// Score after.
    pub score_after: u32,
    /// Band before.
    pub band_before: Band,
    /// Band after.
    pub band_after: Band,
    /// The factors whose points moved.
    pub factors: Vec<FactorDelta>,
    /// The routes whose recommendation changes.
    pub routes: Vec<RouteDelta>,
}

/// A deployment whose verdict, controls or route the scenario changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DeploymentDelta {
    /// The deployment as it would be (with any change the scenario makes to it).
    pub deployment: Deployment,
    /// The vendor's short name.
    pub vendor: String,
    /// The judgement today.
    pub before: Judgement,
    /// The judgement under the scenario.
    pub after: Judgement,
    /// True when the cloud offering it uses is withdrawn: it must move.
    pub offering_withdrawn: bool,
}

/// What a hypothetical listing would legally mean, with its legal source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Consequence {
    /// The company listed.
    pub company: String,
    /// The list and its consequence.
    pub consequence: ListConsequence,
}

/// The outcome of running a scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ScenarioRun {
    /// The scenario run.
    pub scenario: Scenario,
    /// The date assessed as of.
    pub as_of: NaiveDate,
    /// Each change assumed, in words, in the scenario's order.
    pub assumed: Vec<String>,
    /// Changes that name a record the database does not hold (left out of the run).
    pub missing: Vec<String>,
    /// Every company a change touches, by name.
    pub companies: Vec<CompanyDelta>,
    /// The deployments whose verdict or controls change, most serious after-verdict first.
    pub deployments: Vec<DeploymentDelta>,
    /// What each hypothetical listing would mean.
    pub consequences: Vec<Consequence>,
}

/// The id of the `i`th record a scenario makes up: derived from the scenario's id, so that the
/// same scenario always makes the same records (and the same result).
fn made_up(s: &Scenario, i: usize) -> Uuid {
    Uuid::from_u128(s.id.as_u128() ^ (0x5ce0_0000_0000_0000_0000_0000_0000_0000 | (i as u128 + 1)))
}

/// The allegation number ("A2") as briefs give it: its position in the company's data.
fn allegation_number(data: &CompanyData, id: Uuid) -> Option<usize> {
    data.allegations.iter().position(|a| a.id == id).map(|i| i + 1)
}

/// Runs a scenario over `companies` (every company a change touches, and the vendors of
/// `deployments`, by id) and `deployments` (the organisation's deployments of them, and any the
/// scenario changes), as of `as_of`. Pure and deterministic.
pub fn run(
    s: &Scenario,
    companies: &HashMap<Uuid, CompanyData>,
    deployments: &[Deployment],
    as_of: NaiveDate,
) -> ScenarioRun {
    let mut after: HashMap<Uuid, CompanyData> = companies.clone();
    let mut deps: Vec<Deployment> = deployments.to_vec();
    let (mut assumed, mut missing, mut touched, mut consequences) = (vec![], vec![], vec![], vec![]);
    let mut withdrawn: Vec<Uuid> = vec![];
    let name_of = |id: Uuid| companies.get(&id).map(|d| d.company.display_name().to_string());
    for (i, change) in s.changes.iter().enumerate() {
        match change {
            ScenarioChange::Designate { company_id, list, status, since } => {
                let Some(data) = after.get_mut(company_id) else {
                    missing.push(format!("a listing of company {company_id}, which is not in the database"));
                    continue;
                };
                let name = data.company.display_name().to_string();
                let when = since.map(|d| format!(" from {}", d.human())).unwrap_or_default();
                assumed.push(format!("{name}: {} on the {}{when}.", status.label(), list.label()));
                data.designations.retain(|d| d.list != *list);
                data.designations.push(Designation {
                    id: made_up(s, i),
                    company_id: *company_id,
                    list: *list,
                    listed_name: None,
                    status: *status,
                    since: *since,
                    until: None,
                    as_of: since.or(Some(PartialDate::from_date(as_of))),
                    citation: None,
                    source_id: None,
                    note: Some(format!("Hypothetical: scenario \"{}\"", s.name)),
                    updated_at: s.updated_at,
                });
                data.designations.sort_by_key(|d| d.list.code());
                touched.push(*company_id);
                if *status == DesignationStatus::Listed {
                    if let Some(c) = crate::dataset::list_consequence(*list) {
                        consequences.push(Consequence { company: name, consequence: c.clone() });
                    }
                }
            }
            ScenarioChange::AllegationStatus { allegation_id, status } => {
                let Some(data) = after.values_mut().find(|d| d.allegations.iter().any(|a| a.id == *allegation_id))
                else {
                    missing.push(format!("allegation {allegation_id}, which is not in the database"));
                    continue;
                };
                let n = allegation_number(data, *allegation_id).unwrap_or(0);
                let a = data.allegations.iter_mut().find(|a| a.id == *allegation_id).expect("found above");
                assumed.push(format!(
                    "{}: allegation A{n} (\"{}\") {} → {}.",
                    data.company.display_name(),
                    a.summary,
                    a.status.label().to_lowercase(),
                    status.label().to_lowercase()
                ));
                a.status = *status;
                touched.push(data.company.id);
            }
            ScenarioChange::Restrict { company_id, jurisdiction, body, measure, scope, date } => {
                let Some(data) = after.get_mut(company_id) else {
                    missing.push(format!("a restriction on company {company_id}, which is not in the database"));
                    continue;
                };
                assumed.push(format!(
                    "{}: {jurisdiction} — {body}: {measure} ({}).",
                    data.company.display_name(),
                    scope.label().to_lowercase()
                ));
                data.restrictions.push(Restriction {
                    id: made_up(s, i),
                    company_id: *company_id,
                    jurisdiction: jurisdiction.clone(),
                    body: body.clone(),
                    measure: measure.clone(),
                    scope: *scope,
                    date: *date,
                    source_id: None,
                    updated_at: s.updated_at,
                });
                touched.push(*company_id);
            }
            ScenarioChange::WithdrawOffering { offering_id } => {
                let Some(data) = after.values_mut().find(|d| d.cloud_offerings.iter().any(|o| o.id == *offering_id))
                else {
                    missing.push(format!("cloud offering {offering_id}, which is not in the database"));
                    continue;
                };
                let o = data.cloud_offerings.iter().find(|o| o.id == *offering_id).expect("found above");
                assumed.push(format!(
                    "{} withdraws {} from {} ({}).",
                    o.platform,
                    o.product,
                    o.service,
                    data.company.display_name()
                ));
                data.cloud_offerings.retain(|o| o.id != *offering_id);
                withdrawn.push(*offering_id);
                touched.push(data.company.id);
            }
            ScenarioChange::ChangeDeployment { deployment_id, route, data, status } => {
                let Some(d) = deps.iter_mut().find(|d| d.id == *deployment_id) else {
                    missing.push(format!("deployment {deployment_id}, which is not in the register"));
                    continue;
                };
                let mut what = vec![];
                if let Some(r) = route {
                    what.push(format!("route {} → {}", d.route.label(), r.label()));
                    d.route = *r;
                    if *r != DeploymentRoute::CloudHosted {
                        d.offering_id = None;
                    }
                }
                if let Some(x) = data {
                    what.push(format!("data {} → {}", d.data.label(), x.label()));
                    d.data = *x;
                }
                if let Some(x) = status {
                    what.push(format!("status {} → {}", d.status.label(), x.label()));
                    d.status = *x;
                }
                assumed.push(format!("Deployment \"{}\": {}.", d.name, what.join(", ")));
            }
        }
    }
    touched.sort();
    touched.dedup();
    // A company listed in the scenario is listed as an owner too: every company it stands
    // behind sees it on its new lists.
    let lists: HashMap<Uuid, Vec<OfficialList>> = touched
        .iter()
        .filter_map(|id| after.get(id))
        .map(|d| {
            let on = d.designations.iter().filter(|x| x.status == DesignationStatus::Listed && x.until.is_none());
            let mut on: Vec<OfficialList> = on.map(|x| x.list).collect();
            on.sort_by_key(|l| l.code());
            on.dedup();
            (d.company.id, on)
        })
        .collect();
    for d in after.values_mut() {
        for p in &mut d.ownership.parties {
            if let Some(l) = lists.get(&p.party.id()).filter(|_| matches!(p.party, Party::Company(_))) {
                p.lists = l.clone();
            }
        }
    }

    let assess_all = |m: &HashMap<Uuid, CompanyData>| -> HashMap<Uuid, Assessment> {
        m.iter().map(|(id, d)| (*id, assess(d, as_of))).collect()
    };
    let (a0, a1) = (assess_all(companies), assess_all(&after));
    let mut company_deltas: Vec<CompanyDelta> = vec![];
    for (id, d) in &after {
        let (x, y) = (&a0[id], &a1[id]);
        let factors: Vec<FactorDelta> = x
            .factors
            .iter()
            .zip(&y.factors)
            .filter(|(f, g)| (f.points - g.points).abs() > 0.05)
            .map(|(f, g)| FactorDelta { name: f.name.clone(), before: f.points, after: g.points })
            .collect();
        let mut routes: BTreeMap<RouteKind, RouteDelta> = BTreeMap::new();
        for r in &x.routes {
            routes.insert(
                r.route,
                RouteDelta { route: r.route, name: r.name.clone(), before: Some(r.verdict), after: None },
            );
        }
        for r in &y.routes {
            let e = routes.entry(r.route).or_insert(RouteDelta {
                route: r.route,
                name: r.name.clone(),
                before: None,
                after: None,
            });
            e.after = Some(r.verdict);
        }
        let routes: Vec<RouteDelta> = routes.into_values().filter(|r| r.before != r.after).collect();
        let changed = x.score != y.score || x.band != y.band || !routes.is_empty();
        if changed || touched.contains(id) {
            company_deltas.push(CompanyDelta {
                company_id: *id,
                slug: d.company.slug.clone(),
                name: d.company.display_name().to_string(),
                score_before: x.score,
                score_after: y.score,
                band_before: x.band,
                band_after: y.band,
                factors,
                routes,
            });
        }
    }
    company_deltas
        .sort_by(|p, q| p.name.to_lowercase().cmp(&q.name.to_lowercase()).then(p.company_id.cmp(&q.company_id)));

    let judge = |d: &Deployment, m: &HashMap<Uuid, CompanyData>, a: &HashMap<Uuid, Assessment>| -> Judgement {
        let v = d.company_id.and_then(|c| Some(Vendor { data: m.get(&c)?, assessment: a.get(&c)? }));
        exposure::judge(d, v, as_of)
    };
    let mut deployment_deltas = vec![];
    for (old, new) in deployments.iter().zip(&deps) {
        let before = judge(old, companies, &a0);
        let mut after_j = judge(new, &after, &a1);
        let offering_withdrawn = new.offering_id.is_some_and(|o| withdrawn.contains(&o));
        if offering_withdrawn && new.status != DeploymentStatus::Retired {
            after_j
                .reasons
                .insert(0, exposure::Reason { text: "The cloud offering it uses is withdrawn.".into(), fact: None });
            let by = new.review_date.map(|d| format!(" by {}", d.human())).unwrap_or_default();
            after_j
                .controls
                .insert(0, format!("Move it to another route or replace it{by}: its cloud offering is withdrawn"));
        }
        if before.verdict != after_j.verdict || before.controls != after_j.controls || offering_withdrawn || old != new
        {
            let vendor = new.company_id.and_then(name_of).unwrap_or_else(|| new.vendor_name.clone());
            deployment_deltas.push(DeploymentDelta {
                deployment: new.clone(),
                vendor,
                before,
                after: after_j,
                offering_withdrawn,
            });
        }
    }
    deployment_deltas.sort_by(|p, q| {
        q.after
            .verdict
            .cmp(&p.after.verdict)
            .then(p.deployment.name.to_lowercase().cmp(&q.deployment.name.to_lowercase()))
    });
    ScenarioRun {
        scenario: s.clone(),
        as_of,
        assumed,
        missing,
        companies: company_deltas,
        deployments: deployment_deltas,
        consequences,
    }
}

/// The companies a scenario's changes name directly (designations and restrictions; the others
/// name records, which the caller resolves to their company).
pub fn named_companies(s: &Scenario) -> Vec<Uuid> {
    s.changes
        .iter()
        .filter_map(|c| match c {
            ScenarioChange::Designate { company_id, .. } | ScenarioChange::Restrict { company_id, .. } => {
                Some(*company_id)
            }
            _ => None,
        })
        .collect()
}

/// The verdict rank used to say a route got worse: `risk::Verdict` is ordered mildest first.
pub fn worse(before: Option<Verdict>, after: Option<Verdict>) -> bool {
    matches!((before, after), (Some(b), Some(a)) if a > b) || matches!((before, after), (Some(_), None))
}
