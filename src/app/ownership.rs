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

/// A party as shown: its name, slug (a company's), and the lists it is currently on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PartyView {
    /// The party.
    pub party: Party,
    /// Its name.
    pub name: String,
    /// A company's slug.
    pub slug: Option<String>,
    /// The official lists it is on now (a company's designations with status `listed`).
    pub lists: Vec<OfficialList>,
}

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

/// Who stands behind a company, as of a date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OwnershipView {
    /// The company.
    pub company: PartyView,
    /// The date assessed.
    pub as_of: NaiveDate,
    /// The current relations into the company (owners, controllers, founders, funders,
    /// directors, …), then the ones further up its ownership chains.
    pub relations: Vec<RelationView>,
    /// Every party upstream through holdings, largest effective share first.
    pub holders: Vec<HolderView>,
    /// Each 50 % rule applied.
    pub findings: Vec<RegimeFinding>,
    /// The share no recorded current direct holding accounts for, in %.
    pub unaccounted: f64,
    /// Direct holdings recorded without a share.
    pub undisclosed_direct: usize,
    /// Cycles met (cross-holdings), each in words.
    pub cycles: Vec<String>,
}

/// Names, slugs and current lists of every party the relations name, read once.
struct Parties {
    views: HashMap<Party, PartyView>,
}

impl Parties {
    fn load(store: &Store, relations: &[Relation], also: &[Uuid]) -> Result<Parties> {
        let mut companies: Vec<Uuid> = relations.iter().map(|r| r.to).chain(also.iter().copied()).collect();
        companies.extend(relations.iter().filter_map(|r| match r.from {
            Party::Company(c) => Some(c),
            Party::Person(_) => None,
        }));
        companies.sort();
        companies.dedup();
        let mut views = HashMap::new();
        for s in store.company_summaries_of(&companies)? {
            let listed = store
                .company_data(s.id)?
                .designations
                .into_iter()
                .filter(|d| d.status == DesignationStatus::Listed && d.until.is_none())
                .map(|d| d.list)
                .collect();
            let party = Party::Company(s.id);
            views.insert(party, PartyView { party, name: s.display_name, slug: Some(s.slug), lists: listed });
        }
        for p in store.persons()? {
            let party = Party::Person(p.id);
            views.insert(party, PartyView { party, name: p.name, slug: None, lists: vec![] });
        }
        Ok(Parties { views })
    }

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
            let share = s.share.map(|x| format!("{} %", ownership::pct(x))).unwrap_or_else(|| "undisclosed %".into());
            out.push_str(&format!(" {share} → {}", self.name(Party::Company(s.to))));
        }
        out
    }
}

/// Who stands behind the company `reference` names, as of `as_of`.
pub fn ownership(store: &Store, reference: &str, as_of: NaiveDate) -> Result<OwnershipView> {
    let company = store.find_company(reference)?;
    let all = store.relations()?;
    let parties = Parties::load(store, &all, &[company.id])?;
    let found = ownership::owners(&all, company.id, as_of);
    // The relations shown: those into the company, then those on its holders' paths.
    let mut shown: Vec<Uuid> = all
        .iter()
        .filter(|r| {
            ownership::current(r, as_of)
                && (r.to == company.id || r.from == Party::Company(company.id) && r.kind == RelationKind::SubsidiaryOf)
        })
        .map(|r| r.id)
        .collect();
    for h in &found.holdings {
        for s in h.paths.iter().chain(&h.undisclosed).flatten() {
            if !shown.contains(&s.relation) {
                shown.push(s.relation);
            }
        }
    }
    let mut relations = vec![];
    for id in shown {
        let r = all.iter().find(|r| r.id == id).expect("shown relations are in the graph").clone();
        let mut sources = vec![];
        for c in &r.citations {
            sources.extend(store.source(c.source_id)?);
        }
        relations.push(RelationView {
            from: parties.view(r.from),
            to: parties.view(Party::Company(r.to)),
            sources,
            relation: r,
        });
    }
    let holders = found
        .holdings
        .iter()
        .map(|h| HolderView {
            party: parties.view(h.party),
            percent: h.percent,
            paths: h.paths.iter().map(|p| parties.path(p)).collect(),
            undisclosed: h.undisclosed.iter().map(|p| parties.path(p)).collect(),
        })
        .collect();
    let listed = |p: Party| parties.view(p).lists;
    let name = |p: Party| parties.name(p);
    let findings = crate::dataset::ownership_regimes()
        .iter()
        .map(|r| ownership::apply(r, &all, company.id, as_of, &listed, &name))
        .collect();
    let cycles = found
        .cycles
        .iter()
        .map(|c| {
            let names: Vec<String> = c
                .iter()
                .filter_map(|id| all.iter().find(|r| r.id == *id))
                .map(|r| format!("{} → {}", parties.name(r.from), parties.name(Party::Company(r.to))))
                .collect();
            names.join("; ")
        })
        .collect();
    Ok(OwnershipView {
        company: parties.view(Party::Company(company.id)),
        as_of,
        relations,
        holders,
        findings,
        unaccounted: found.unaccounted,
        undisclosed_direct: found.undisclosed_direct,
        cycles,
    })
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
    let party = find_party(store, reference)?;
    let all = store.relations()?;
    let parties = Parties::load(store, &all, &[])?;
    Ok(ownership::owned_by(&all, party, as_of)
        .into_iter()
        .map(|(c, h)| OwnedView {
            company: parties.view(Party::Company(c)),
            percent: h.percent,
            paths: h.paths.iter().map(|p| parties.path(p)).collect(),
            undisclosed: h.undisclosed.iter().map(|p| parties.path(p)).collect(),
        })
        .collect())
}
