//! Scenario use cases: the saved scenarios and the built-in starting points, finding one by
//! name, running it over the store's data (read only), and saving one.

use crate::error::{Error, Result};
use crate::model::*;
use crate::scenario::{self, ScenarioRun};
use crate::Store;
use chrono::NaiveDate;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use uuid::Uuid;

/// A stable id for a built-in scenario, from its name.
fn builtin_id(name: &str) -> Uuid {
    let h = Sha256::digest(name.as_bytes());
    Uuid::from_bytes(h[..16].try_into().expect("16 bytes"))
}

/// The built-in starting points, over the DeepSeek case when the database holds DeepSeek: added
/// to the BIS Entity List; added to the DoD 1260H list; the cloud providers withdraw its models;
/// the allegations against it confirmed. Save one under a new name to edit it.
pub fn builtins(store: &Store) -> Result<Vec<Scenario>> {
    let Ok(c) = store.find_company("deepseek") else { return Ok(vec![]) };
    let data = store.company_data(c.id)?;
    let name = data.company.display_name().to_string();
    let at: Timestamp = "2026-01-01T00:00:00Z".parse().expect("a fixed time");
    let make = |title: String, description: &str, changes: Vec<ScenarioChange>| Scenario {
        id: builtin_id(&title),
        name: title,
        description: Some(description.to_string()),
        as_of: None,
        changes,
        updated_at: at,
    };
    let list = |l: OfficialList| ScenarioChange::Designate {
        company_id: c.id,
        list: l,
        status: DesignationStatus::Listed,
        since: None,
    };
    let mut out = vec![
        make(
            format!("{name} added to the BIS Entity List"),
            "What a BIS Entity List listing would change for the vendor and for our deployments.",
            vec![list(OfficialList::BisEntityList)],
        ),
        make(
            format!("{name} added to the DoD 1260H list"),
            "What a listing as a Chinese military company would change.",
            vec![list(OfficialList::Dod1260h)],
        ),
    ];
    if !data.cloud_offerings.is_empty() {
        out.push(make(
            format!("The cloud providers withdraw {name}'s models"),
            "Every recorded cloud offering of the vendor's products is withdrawn: which deployments must move.",
            data.cloud_offerings.iter().map(|o| ScenarioChange::WithdrawOffering { offering_id: o.id }).collect(),
        ));
    }
    let open: Vec<ScenarioChange> = data
        .allegations
        .iter()
        .filter(|a| {
            !matches!(a.status, AllegationStatus::Refuted | AllegationStatus::Resolved | AllegationStatus::Confirmed)
        })
        .map(|a| ScenarioChange::AllegationStatus { allegation_id: a.id, status: AllegationStatus::Confirmed })
        .collect();
    if !open.is_empty() {
        out.push(make(
            format!("The allegations against {name} confirmed"),
            "Every open allegation against the vendor is confirmed.",
            open,
        ));
    }
    Ok(out)
}

/// A scenario as the Scenarios screen lists it: saved, or a built-in starting point.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct ScenarioEntry {
    /// The scenario.
    pub scenario: Scenario,
    /// True for a built-in starting point (save it under a name of its own to edit it).
    pub builtin: bool,
}

/// `all`, as the Scenarios screen lists it.
pub fn entries(store: &Store) -> Result<Vec<ScenarioEntry>> {
    Ok(all(store)?.into_iter().map(|(scenario, builtin)| ScenarioEntry { scenario, builtin }).collect())
}

/// The saved scenarios, then the built-in starting points whose names no saved one takes.
pub fn all(store: &Store) -> Result<Vec<(Scenario, bool)>> {
    let saved = store.scenarios()?;
    let mut out: Vec<(Scenario, bool)> = saved.iter().cloned().map(|s| (s, false)).collect();
    for b in builtins(store)? {
        if !saved.iter().any(|s| s.name.eq_ignore_ascii_case(&b.name)) {
            out.push((b, true));
        }
    }
    Ok(out)
}

/// The scenario `reference` names: a saved one by id or name (ignoring case), else a built-in
/// one by name. None is `Error::NotFound`, listing the names there are.
pub fn find(store: &Store, reference: &str) -> Result<Scenario> {
    let all = all(store)?;
    let r = reference.trim();
    all.iter()
        .find(|(s, _)| s.id.to_string() == r || s.name.eq_ignore_ascii_case(r))
        .map(|(s, _)| s.clone())
        .ok_or_else(|| {
            let names: Vec<&str> = all.iter().map(|(s, _)| s.name.as_str()).collect();
            Error::NotFound(format!("no scenario named {r:?} (scenarios: {})", names.join("; ")))
        })
}

/// Runs a scenario over the store's data as of its own date, else `as_of`. Reads only: loads
/// the companies its changes touch, their deployments and any deployment it changes.
pub fn run(store: &Store, s: &Scenario, as_of: NaiveDate) -> Result<ScenarioRun> {
    let mut ids = scenario::named_companies(s);
    let register = store.deployments()?;
    let mut changed: Vec<Uuid> = vec![];
    for c in &s.changes {
        match c {
            ScenarioChange::AllegationStatus { allegation_id, .. } => {
                ids.extend(store.company_of(RecordKind::Allegation, *allegation_id)?)
            }
            ScenarioChange::WithdrawOffering { offering_id } => {
                ids.extend(store.company_of(RecordKind::CloudOffering, *offering_id)?)
            }
            ScenarioChange::ChangeDeployment { deployment_id, .. } => {
                changed.push(*deployment_id);
                ids.extend(register.iter().filter(|d| d.id == *deployment_id).filter_map(|d| d.company_id));
            }
            _ => {}
        }
    }
    // The companies the named ones stand behind move with them (through their ownership).
    let relations = store.relations()?;
    let behind: Vec<Uuid> = scenario::named_companies(s)
        .iter()
        .flat_map(|c| super::ownership::downstream(&relations, *c, as_of))
        .filter_map(|r| crate::ownership::behind(&r))
        .collect();
    ids.extend(behind);
    ids.sort();
    ids.dedup();
    let mut companies = HashMap::new();
    for id in &ids {
        match store.company_data(*id) {
            Ok(d) => {
                companies.insert(*id, d);
            }
            Err(Error::NotFound(_)) => {} // reported by the run as missing
            Err(e) => return Err(e),
        }
    }
    let deployments: Vec<Deployment> = register
        .into_iter()
        .filter(|d| changed.contains(&d.id) || d.company_id.is_some_and(|c| companies.contains_key(&c)))
        .collect();
    Ok(scenario::run(s, &companies, &deployments, s.as_of.unwrap_or(as_of)))
}

/// Builds the scenario brief of a run: marked hypothetical on every page (`brief::scenario`),
/// with an `SCN-` id so that `verify` never takes it for a recorded brief. Never recorded.
pub fn build_brief(run: &ScenarioRun, marking: &str, generated: NaiveDate) -> Result<crate::brief::Brief> {
    if marking.trim().is_empty() {
        return Err(Error::invalid("brief", None, "marking", "must not be empty"));
    }
    let options = crate::brief::BriefOptions {
        marking: crate::brief::scenario::marking(&run.scenario.name, marking),
        generated,
        previous: None,
        exposure: vec![],
    };
    let fingerprint = super::sha256_hex(&serde_json::to_vec(run).expect("plain data serialises"));
    Ok(crate::brief::scenario::build_scenario(run, fingerprint, &options, run.as_of))
}

/// Saves a scenario (validated, audited), stamped `now`; the nil id makes a new one.
pub fn save(store: &mut Store, mut s: Scenario, now: Timestamp) -> Result<Scenario> {
    if s.id.is_nil() {
        s.id = Uuid::now_v7();
    }
    s.updated_at = now;
    store.save_scenario(&s)?;
    Ok(s)
}
