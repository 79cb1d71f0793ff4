//! `riskbrief scenario …`: what-if scenarios over the real data.

use super::{print_json, text, today};
use crate::ScenarioCommand;
use anyhow::{anyhow, bail, Result};
use riskbrief::app::{self, scenario as use_case};
use riskbrief::model::*;
use riskbrief::Store;

pub fn scenario(mut store: Store, action: ScenarioCommand, json: bool) -> Result<()> {
    match action {
        ScenarioCommand::List => {
            let all = use_case::all(&store)?;
            if json {
                print_json(&use_case::entries(&store)?)?;
            } else if all.is_empty() {
                outln!("No scenarios. Make one with `riskbrief scenario new NAME --designate COMPANY=LIST`.");
            } else {
                for (s, builtin) in all {
                    let kind = if builtin { "built-in" } else { "saved" };
                    outln!(
                        "{}  ({kind}; {} change{})",
                        s.name,
                        s.changes.len(),
                        if s.changes.len() == 1 { "" } else { "s" }
                    );
                }
            }
        }
        ScenarioCommand::Show { name } => {
            let s = use_case::find(&store, &name)?;
            if json {
                print_json(&s)?;
            } else {
                let run = use_case::run(&store, &s, today())?;
                outln!("{}", s.name);
                if let Some(d) = &s.description {
                    outln!("{d}");
                }
                for a in run.assumed {
                    outln!("  assumes: {a}");
                }
            }
        }
        ScenarioCommand::Run { name, as_of } => {
            let s = use_case::find(&store, &name)?;
            let as_of = app::as_of(as_of.as_deref(), today())?;
            let run = use_case::run(&store, &s, as_of)?;
            if json {
                print_json(&run)?;
            } else {
                out!("{}", text::scenario_run(&run));
            }
        }
        ScenarioCommand::New { name, description, from, designate, status, withdraw, as_of } => {
            let mut changes = match &from {
                Some(f) => use_case::find(&store, f)?.changes,
                None => vec![],
            };
            for d in &designate {
                changes.push(parse_designate(&store, d)?);
            }
            for s in &status {
                changes.push(parse_status(&store, s)?);
            }
            for w in &withdraw {
                changes.extend(parse_withdraw(&store, w)?);
            }
            let as_of = as_of.map(|d| app::as_of(Some(&d), today())).transpose()?;
            let s = Scenario {
                id: uuid::Uuid::nil(),
                name,
                description,
                as_of,
                changes,
                updated_at: riskbrief::edge::now(),
            };
            let saved = use_case::save(&mut store, s, riskbrief::edge::now())?;
            if json {
                print_json(&saved)?;
            } else {
                outln!("saved scenario {:?} ({} changes)", saved.name, saved.changes.len());
            }
        }
        ScenarioCommand::Brief { name, output, as_of, marking, force } => {
            let s = use_case::find(&store, &name)?;
            let as_of = app::as_of(as_of.as_deref(), today())?;
            let run = use_case::run(&store, &s, as_of)?;
            let brief = use_case::build_brief(&run, &marking, today())?;
            let fonts = super::load_fonts()?;
            let rendered = riskbrief::brief::pdf::render(&brief, &fonts);
            for w in rendered.warnings {
                eprintln!("riskbrief: {w}");
            }
            riskbrief::edge::write_file(&output, &rendered.bytes, force)?;
            outln!("wrote {} ({}, hypothetical; not recorded)", output.display(), brief.id);
        }
        ScenarioCommand::Save { file } => {
            let bytes = riskbrief::edge::read_input(&file, riskbrief::edge::Input::Record)?;
            let s: Scenario =
                serde_json::from_slice(&bytes).map_err(|e| anyhow!("{}: not a scenario ({e})", file.display()))?;
            let saved = use_case::save(&mut store, s, riskbrief::edge::now())?;
            if json {
                print_json(&saved)?;
            } else {
                outln!("saved scenario {:?} ({} changes)", saved.name, saved.changes.len());
            }
        }
        ScenarioCommand::Delete { name } => {
            let s = use_case::find(&store, &name)?;
            if !store.scenarios()?.iter().any(|x| x.id == s.id) {
                bail!("{:?} is a built-in scenario; only saved ones can be deleted", s.name);
            }
            store.delete_scenario(s.id)?;
            outln!("deleted scenario {:?}", s.name);
        }
    }
    Ok(())
}

/// COMPANY=LIST[@DATE].
fn parse_designate(store: &Store, v: &str) -> Result<ScenarioChange> {
    let (company, rest) =
        v.split_once('=').ok_or_else(|| anyhow!("--designate {v:?}: expected COMPANY=LIST[@DATE]"))?;
    let (list, since) = match rest.split_once('@') {
        Some((l, d)) => (l, Some(d.parse::<PartialDate>().map_err(|e| anyhow!("--designate {v:?}: {e}"))?)),
        None => (rest, None),
    };
    let list: OfficialList = list.trim().parse().map_err(|e| anyhow!("--designate {v:?}: {e}"))?;
    let c = store.find_company(company.trim())?;
    Ok(ScenarioChange::Designate { company_id: c.id, list, status: DesignationStatus::Listed, since })
}

/// COMPANY:A3=STATUS or ID=STATUS.
fn parse_status(store: &Store, v: &str) -> Result<ScenarioChange> {
    let (who, status) = v.split_once('=').ok_or_else(|| anyhow!("--status {v:?}: expected ALLEGATION=STATUS"))?;
    let status: AllegationStatus = status.trim().parse().map_err(|e| anyhow!("--status {v:?}: {e}"))?;
    let allegation_id = match who.split_once(':') {
        Some((company, n)) => {
            let data = store.company_data(store.find_company(company.trim())?.id)?;
            let i: usize = n
                .trim()
                .trim_start_matches(['A', 'a'])
                .parse()
                .map_err(|_| anyhow!("--status {v:?}: {n:?} is not A1, A2, …"))?;
            data.allegations.get(i.wrapping_sub(1)).map(|a| a.id).ok_or_else(|| {
                anyhow!("--status {v:?}: {} has {} allegations", data.company.display_name(), data.allegations.len())
            })?
        }
        None => who.trim().parse().map_err(|_| anyhow!("--status {v:?}: {who:?} is neither COMPANY:A<n> nor an id"))?,
    };
    Ok(ScenarioChange::AllegationStatus { allegation_id, status })
}

/// COMPANY:PLATFORM (every offering of the company there) or an offering id.
fn parse_withdraw(store: &Store, v: &str) -> Result<Vec<ScenarioChange>> {
    if let Ok(id) = v.trim().parse::<uuid::Uuid>() {
        return Ok(vec![ScenarioChange::WithdrawOffering { offering_id: id }]);
    }
    let (company, platform) =
        v.split_once(':').ok_or_else(|| anyhow!("--withdraw {v:?}: expected COMPANY:PLATFORM or an offering id"))?;
    let data = store.company_data(store.find_company(company.trim())?.id)?;
    let found: Vec<ScenarioChange> = data
        .cloud_offerings
        .iter()
        .filter(|o| o.platform.eq_ignore_ascii_case(platform.trim()))
        .map(|o| ScenarioChange::WithdrawOffering { offering_id: o.id })
        .collect();
    if found.is_empty() {
        bail!("--withdraw {v:?}: {} has no offering on {platform:?}", data.company.display_name());
    }
    Ok(found)
}
