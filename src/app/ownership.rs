//! Ownership and control over the store: a company's owners and controllers with their sources,
//! the effective shares through chains, each 50 % rule applied with its proof path, and the
//! share no owner accounts for; everything a party owns. The analysis is `crate::ownership`.

use crate::db::Store;
use crate::error::{Error, Result};
use crate::model::*;
use crate::ownership::{self, RegimeFinding, Step};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use ts_rs::TS;
use uuid::Uuid;

/// A relation with its parties' names and its sources.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RelationView {
    /// The relation.
    pub relation: Relation,
    /// Its `from` side.
    pub from: PartyView,
    /// Its `to` side.
    pub to: PartyView,
    /// The sources it cites, in its citations' order.
    pub sources: Vec<Source>,
}

/// A party upstream with its effective share, its paths in names, and whether it controls.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct HolderView {
    /// The party.
    pub party: PartyView,
    /// Its effective share in %, over the paths with known shares.
    pub percent: f64,
    /// Each path, in words: "High-Flyer 100 % → DeepSeek".
    pub paths: Vec<String>,
    /// Each path through an undisclosed share, in words.
    pub undisclosed: Vec<String>,
}

/// Who stands behind a company, and what it holds, as of a date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OwnershipView {
    /// The company.
    pub company: PartyView,
    /// The date assessed.
    pub as_of: NaiveDate,
    /// The current relations: into the company and up its chains (owners, controllers,
    /// founders, funders, directors … and theirs), then down from it (what it owns, funds,
    /// founded … and what those own), by id within each.
    pub relations: Vec<RelationView>,
    /// Every party upstream through holdings, largest effective share first.
    pub holders: Vec<HolderView>,
    /// Each party standing behind it, as the score weighs it.
    pub backers: Vec<ownership::Backer>,
    /// Each 50 % rule applied.
    pub findings: Vec<RegimeFinding>,
    /// The share no recorded current direct holding accounts for, in %.
    pub unaccounted: f64,
    /// Direct holdings recorded without a share.
    pub undisclosed_direct: usize,
    /// Cycles met (cross-holdings), each in words.
    pub cycles: Vec<String>,
    /// The companies it owns, directly or through others, largest share first.
    pub owned: Vec<OwnedView>,
}

/// Names, slugs and current lists of the parties shown.
struct Parties {
    views: HashMap<Party, PartyView>,
}

impl Parties {
    fn view(&self, p: Party) -> PartyView {
        self.views.get(&p).cloned().unwrap_or(PartyView {
            party: p,
            name: p.id().to_string(),
            slug: None,
            lists: vec![],
        })
    }

    fn name(&self, p: Party) -> String {
        self.view(p).name
    }

    fn path(&self, steps: &[Step]) -> String {
        let mut out = self.name(steps[0].from);
        for s in steps {
            let share =
                s.share.map(|x| format!("{} %", ownership::pct(x))).unwrap_or_else(|| "(share undisclosed)".into());
            out.push_str(&format!(" {share} → {}", self.name(Party::Company(s.to))));
        }
        out
    }

    /// `r` with its parties' names and its sources, from `sources` (each cited source read once).
    fn relation(&self, r: &Relation, sources: &HashMap<Uuid, Source>) -> RelationView {
        let sources = r.citations.iter().filter_map(|c| sources.get(&c.source_id).cloned()).collect();
        RelationView { from: self.view(r.from), to: self.view(Party::Company(r.to)), sources, relation: r.clone() }
    }
}

/// The current relations down from `company`: what it owns, funds, founded … and, through the
/// companies it holds or is parent of, what those do, at most `ownership::MAX_DEPTH` levels down.
pub(crate) fn downstream(all: &[Relation], company: Uuid, as_of: NaiveDate) -> Vec<Relation> {
    let mut seen = std::collections::HashSet::from([company]);
    let mut found: std::collections::BTreeMap<Uuid, Relation> = std::collections::BTreeMap::new();
    let mut level = vec![company];
    for _ in 0..ownership::MAX_DEPTH {
        let mut next = vec![];
        for r in all.iter().filter(|r| ownership::current(r, as_of)) {
            let (Some(up), Some(down)) = (ownership::upstream_company(r), ownership::behind(r)) else { continue };
            if level.contains(&up) {
                found.entry(r.id).or_insert_with(|| r.clone());
                if seen.insert(down) {
                    next.push(down);
                }
            }
        }
        if next.is_empty() {
            break;
        }
        level = next;
    }
    found.into_values().collect()
}

/// Who stands behind the company `reference` names, and what it holds, as of `as_of`.
pub fn ownership(store: &Store, reference: &str, as_of: NaiveDate) -> Result<OwnershipView> {
    let _one_state = store.one_state()?;
    let company = store.find_company(reference)?;
    let data = store.company_data(company.id)?.ownership;
    let st = ownership::standing(&data, company.id, as_of);
    let all = store.relations()?;
    let down = downstream(&all, company.id, as_of);
    let mut views: HashMap<Party, PartyView> = data.parties.iter().map(|v| (v.party, v.clone())).collect();
    views.extend(store.party_views(&down, &[company.id])?);
    let parties = Parties { views };
    let shown: Vec<&Relation> = data.relations.iter().filter(|r| ownership::current(r, as_of)).chain(&down).collect();
    let mut sources = HashMap::new();
    for id in shown.iter().flat_map(|r| r.citations.iter().map(|c| c.source_id)) {
        if let std::collections::hash_map::Entry::Vacant(slot) = sources.entry(id) {
            if let Some(s) = store.source(id)? {
                slot.insert(s);
            }
        }
    }
    let relations = shown.into_iter().map(|r| parties.relation(r, &sources)).collect();
    let holders = st
        .owners
        .holdings
        .iter()
        .map(|h| HolderView {
            party: parties.view(h.party),
            percent: h.percent,
            paths: h.paths.iter().map(|p| parties.path(p)).collect(),
            undisclosed: h.undisclosed.iter().map(|p| parties.path(p)).collect(),
        })
        .collect();
    let cycles = st
        .owners
        .cycles
        .iter()
        .map(|c| {
            let names: Vec<String> = c
                .iter()
                .filter_map(|id| data.relations.iter().find(|r| r.id == *id))
                .map(|r| format!("{} → {}", parties.name(r.from), parties.name(Party::Company(r.to))))
                .collect();
            names.join("; ")
        })
        .collect();
    let owned = owned_views(&all, Party::Company(company.id), as_of, &parties);
    Ok(OwnershipView {
        company: parties.view(Party::Company(company.id)),
        as_of,
        relations,
        holders,
        backers: st.backers,
        findings: st.findings,
        unaccounted: st.owners.unaccounted,
        undisclosed_direct: st.owners.undisclosed_direct,
        cycles,
        owned,
    })
}

fn owned_views(all: &[Relation], party: Party, as_of: NaiveDate, parties: &Parties) -> Vec<OwnedView> {
    ownership::owned_by(all, party, as_of)
        .into_iter()
        .map(|(c, h)| OwnedView {
            company: parties.view(Party::Company(c)),
            percent: h.percent,
            paths: h.paths.iter().map(|p| parties.path(p)).collect(),
            undisclosed: h.undisclosed.iter().map(|p| parties.path(p)).collect(),
        })
        .collect()
}

/// A company a party owns, directly or through others.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OwnedView {
    /// The company.
    pub company: PartyView,
    /// The party's effective share in %, over the paths with known shares.
    pub percent: f64,
    /// Each path, in words.
    pub paths: Vec<String>,
    /// Each path through an undisclosed share, in words.
    pub undisclosed: Vec<String>,
}

/// The party `reference` names: a company (slug, id or name) or a person (id, or name ignoring case).
pub fn find_party(store: &Store, reference: &str) -> Result<Party> {
    let persons = store.persons()?;
    let wanted = reference.trim().to_lowercase();
    let matches: Vec<&Person> =
        persons.iter().filter(|p| p.id.to_string() == wanted || p.name.to_lowercase() == wanted).collect();
    match (matches.as_slice(), store.find_company(reference)) {
        ([p], Err(Error::NotFound(_))) => Ok(Party::Person(p.id)),
        ([], Ok(c)) => Ok(Party::Company(c.id)),
        ([], Err(e)) => Err(e),
        _ => Err(Error::Validation(format!("{reference:?} names more than one company or person; use its id"))),
    }
}

/// Everything the party `reference` names owns, directly or through others, as of `as_of`.
pub fn owned_by(store: &Store, reference: &str, as_of: NaiveDate) -> Result<Vec<OwnedView>> {
    let _one_state = store.one_state()?;
    let party = find_party(store, reference)?;
    let all = store.relations()?;
    let parties = Parties { views: store.party_views(&all, &[])? };
    Ok(owned_views(&all, party, as_of, &parties))
}
