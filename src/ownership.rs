//! Ownership and control, pure: who stands behind a company through chains of relations, what
//! share each party holds effectively (multiplied along a path, added over paths), and whether a
//! 50 % rule applies — each regime a rule in data (`data/ownership-rules.json`), with the proof
//! path that shows it. A share no source states is never guessed: a path through it is reported
//! as undisclosed, and a company whose recorded direct shares sum below 100 % has an unaccounted
//! share, which is a finding, not a pass.

use crate::model::*;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use ts_rs::TS;
use uuid::Uuid;

/// The longest chain followed (relations), so that a pathological graph stays cheap.
pub const MAX_DEPTH: usize = 12;

/// One step of a path: `from` holds `share` % of `to` through relation `relation`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Step {
    /// The relation.
    pub relation: Uuid,
    /// The holder.
    pub from: Party,
    /// The company held.
    pub to: Uuid,
    /// The share, when a source states it.
    pub share: Option<f64>,
}

/// A party's effective hold on a company: the product of the shares along each path, added
/// over the paths whose every share is known; the paths through an undisclosed share apart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Holding {
    /// The party upstream.
    pub party: Party,
    /// Its effective share in %, over the paths with known shares.
    pub percent: f64,
    /// The paths with known shares, each from the party down to the company.
    pub paths: Vec<Vec<Step>>,
    /// The paths with at least one undisclosed share: the party holds something, how much is unknown.
    pub undisclosed: Vec<Vec<Step>>,
}

/// A current relation, as of a date: begun (or undated) and not ended.
pub fn current(r: &Relation, as_of: NaiveDate) -> bool {
    r.since.is_none_or(|d| d.first_day() <= as_of) && r.until.is_none_or(|d| d.last_day() >= as_of)
}

/// The company a relation stands behind: for `subsidiary_of` the subsidiary (`from`), for any
/// other kind the company it points to (`to`).
pub fn behind(r: &Relation) -> Option<Uuid> {
    match (r.kind, r.from) {
        (RelationKind::SubsidiaryOf, Party::Company(sub)) => Some(sub),
        (RelationKind::SubsidiaryOf, Party::Person(_)) => None,
        _ => Some(r.to),
    }
}

/// The company one level up a relation: a subsidiary's parent (`to`), or the company that owns,
/// funds, founded … (`from`, when a company).
pub fn upstream_company(r: &Relation) -> Option<Uuid> {
    match (r.kind, r.from) {
        (RelationKind::SubsidiaryOf, _) => Some(r.to),
        (_, Party::Company(c)) => Some(c),
        (_, Party::Person(_)) => None,
    }
}

/// The relations of any date, indexed by the company they stand behind, to find each company's
/// relations upstream.
pub struct Upstream<'a> {
    into: HashMap<Uuid, Vec<&'a Relation>>,
}

impl<'a> Upstream<'a> {
    /// Indexes the relations.
    pub fn new(relations: &'a [Relation]) -> Upstream<'a> {
        let mut into: HashMap<Uuid, Vec<&Relation>> = HashMap::new();
        for r in relations {
            if let Some(c) = behind(r) {
                into.entry(c).or_default().push(r);
            }
        }
        Upstream { into }
    }

    /// The relations into `company` and into every company upstream of it, at most
    /// [`MAX_DEPTH`] levels up, by id.
    pub fn of(&self, company: Uuid) -> Vec<Relation> {
        let mut seen = std::collections::HashSet::from([company]);
        let mut found: BTreeMap<Uuid, Relation> = BTreeMap::new();
        let mut level = vec![company];
        for _ in 0..MAX_DEPTH {
            let mut next = vec![];
            for c in level {
                for r in self.into.get(&c).map(Vec::as_slice).unwrap_or_default() {
                    found.entry(r.id).or_insert_with(|| (*r).clone());
                    if let Some(up) = upstream_company(r) {
                        if seen.insert(up) {
                            next.push(up);
                        }
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
}

/// The current relations as of a date, indexed: the ownership edges into each company (a
/// holding of shares from the holder, a subsidiary's from its parent), and every relation
/// standing behind each company. Built once, it answers for every company.
pub struct Graph<'a> {
    as_of: NaiveDate,
    into: HashMap<Uuid, Vec<Step>>,
    behind: HashMap<Uuid, Vec<&'a Relation>>,
}

impl<'a> Graph<'a> {
    /// Indexes the relations current on `as_of`.
    pub fn new(relations: &'a [Relation], as_of: NaiveDate) -> Graph<'a> {
        let mut into: HashMap<Uuid, Vec<Step>> = HashMap::new();
        let mut by_company: HashMap<Uuid, Vec<&Relation>> = HashMap::new();
        for r in relations.iter().filter(|r| current(r, as_of)) {
            if let Some(c) = behind(r) {
                by_company.entry(c).or_default().push(r);
            }
            let step = match (r.kind, r.from) {
                (RelationKind::OwnsShares, from) => Step { relation: r.id, from, to: r.to, share: r.share },
                (RelationKind::SubsidiaryOf, Party::Company(sub)) => {
                    Step { relation: r.id, from: Party::Company(r.to), to: sub, share: r.share }
                }
                _ => continue,
            };
            into.entry(step.to).or_default().push(step);
        }
        for steps in into.values_mut() {
            steps.sort_by_key(|s| (s.from, s.relation));
        }
        Graph { as_of, into, behind: by_company }
    }

    /// The date the graph is as of.
    pub fn as_of(&self) -> NaiveDate {
        self.as_of
    }

    /// The current relations standing behind `company` directly.
    pub fn direct(&self, company: Uuid) -> &[&'a Relation] {
        self.behind.get(&company).map(Vec::as_slice).unwrap_or_default()
    }

    /// Whether `party` controls `company` directly: a `controls` relation, its parent, or a
    /// recorded majority holding.
    pub fn controls(&self, party: Party, company: Uuid) -> bool {
        self.direct(company).iter().any(|r| match r.kind {
            RelationKind::Controls => r.from == party,
            RelationKind::OwnsShares => r.from == party && r.share.is_some_and(|s| s > 50.0),
            RelationKind::SubsidiaryOf => party == Party::Company(r.to),
            _ => false,
        })
    }

    /// Follows `company`'s owners upstream.
    pub fn owners(&self, company: Uuid) -> Owners {
        owners_in(&self.into, company)
    }
}

/// The result of following a company's owners upstream.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Owners {
    /// Every party upstream with its effective share, largest first.
    pub holdings: Vec<Holding>,
    /// Cycles met (cross-holdings), each as the relations that close it; followed once, reported.
    pub cycles: Vec<Vec<Uuid>>,
    /// The share of the company no recorded current direct holding accounts for, in %: 100 when
    /// no owner is recorded.
    pub unaccounted: f64,
    /// Direct holdings recorded without a share.
    pub undisclosed_direct: usize,
}

/// Follows `company`'s owners upstream through the current relations as of `as_of`.
pub fn owners(relations: &[Relation], company: Uuid, as_of: NaiveDate) -> Owners {
    Graph::new(relations, as_of).owners(company)
}

fn owners_in(into: &HashMap<Uuid, Vec<Step>>, company: Uuid) -> Owners {
    let mut found: BTreeMap<Party, Holding> = BTreeMap::new();
    let mut cycles: Vec<Vec<Uuid>> = vec![];
    // Depth-first over simple paths, upstream. `path` holds the steps from the current party
    // down to `company` (nearest the company last).
    fn walk(
        into: &HashMap<Uuid, Vec<Step>>,
        at: Uuid,
        path: &mut Vec<Step>,
        on_path: &mut Vec<Party>,
        found: &mut BTreeMap<Party, Holding>,
        cycles: &mut Vec<Vec<Uuid>>,
    ) {
        for s in into.get(&at).map(Vec::as_slice).unwrap_or_default() {
            if on_path.contains(&s.from) {
                let mut cycle: Vec<Uuid> = path.iter().map(|p| p.relation).collect();
                cycle.push(s.relation);
                cycle.sort();
                if !cycles.contains(&cycle) {
                    cycles.push(cycle);
                }
                continue;
            }
            path.insert(0, s.clone());
            let h = found.entry(s.from).or_insert_with(|| Holding {
                party: s.from,
                percent: 0.0,
                paths: vec![],
                undisclosed: vec![],
            });
            if path.iter().all(|p| p.share.is_some()) {
                h.percent += path.iter().map(|p| p.share.unwrap_or(0.0) / 100.0).product::<f64>() * 100.0;
                h.paths.push(path.clone());
            } else {
                h.undisclosed.push(path.clone());
            }
            if let (Party::Company(up), true) = (s.from, path.len() < MAX_DEPTH) {
                on_path.push(s.from);
                walk(into, up, path, on_path, found, cycles);
                on_path.pop();
            }
            path.remove(0);
        }
    }
    walk(into, company, &mut vec![], &mut vec![Party::Company(company)], &mut found, &mut cycles);
    let direct = into.get(&company).map(Vec::as_slice).unwrap_or_default();
    let known: f64 = direct.iter().filter_map(|s| s.share).sum();
    let mut holdings: Vec<Holding> = found.into_values().collect();
    holdings.sort_by(|a, b| b.percent.total_cmp(&a.percent).then(a.party.cmp(&b.party)));
    Owners {
        holdings,
        cycles,
        unaccounted: (100.0 - known).max(0.0),
        undisclosed_direct: direct.iter().filter(|s| s.share.is_none()).count(),
    }
}

/// Everything a party owns, directly or through others: each company with the party's
/// effective share (`owners` of every company, kept where the party appears).
pub fn owned_by(relations: &[Relation], party: Party, as_of: NaiveDate) -> Vec<(Uuid, Holding)> {
    let graph = Graph::new(relations, as_of);
    // The companies downstream of the party, found by following the edges the other way.
    let mut out_of: HashMap<Party, Vec<Uuid>> = HashMap::new();
    for steps in graph.into.values() {
        for s in steps {
            out_of.entry(s.from).or_default().push(s.to);
        }
    }
    let mut seen: std::collections::HashSet<Uuid> = std::collections::HashSet::new();
    let mut next: Vec<Uuid> = out_of.get(&party).cloned().unwrap_or_default();
    while let Some(c) = next.pop() {
        if seen.insert(c) {
            next.extend(out_of.get(&Party::Company(c)).into_iter().flatten().copied());
        }
    }
    let mut reached: Vec<Uuid> = seen.into_iter().collect();
    reached.sort();
    let mut out: Vec<(Uuid, Holding)> = reached
        .into_iter()
        .filter_map(|c| graph.owners(c).holdings.into_iter().find(|h| h.party == party).map(|h| (c, h)))
        .collect();
    out.sort_by(|a, b| b.1.percent.total_cmp(&a.1.percent).then(a.0.cmp(&b.0)));
    out
}

/// A period a rule is in force: from `from` (inclusive) to `until` (inclusive; none: still).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct InForce {
    /// The first day.
    pub from: NaiveDate,
    /// The last day; none: open.
    #[serde(default)]
    pub until: Option<NaiveDate>,
}

/// A 50 % rule: which lists' parties count, the threshold, whether control counts as well as
/// ownership, when it is in force, and the legal text it rests on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Regime {
    /// Short id ("ofac_50").
    pub id: String,
    /// Its name ("OFAC 50 Percent Rule").
    pub name: String,
    /// The lists whose listed parties' holdings are added up.
    pub lists: Vec<OfficialList>,
    /// The aggregate share at which it applies, in %.
    pub threshold: f64,
    /// Whether the share must exceed the threshold ("more than 50 %", as the EU and UK rules
    /// say) rather than reach it ("50 % or more", OFAC and BIS).
    #[serde(default)]
    pub above: bool,
    /// Whether control by a listed party is enough on its own.
    pub control: bool,
    /// When it is in force (empty: always).
    #[serde(default)]
    pub in_force: Vec<InForce>,
    /// What it means for the company owned, in plain words.
    pub consequence: String,
    /// The legal text or guidance it rests on.
    pub source: LegalSource,
}

impl Regime {
    /// Whether it is in force on `d`.
    pub fn in_force_on(&self, d: NaiveDate) -> bool {
        self.in_force.is_empty() || self.in_force.iter().any(|p| p.from <= d && p.until.is_none_or(|u| d <= u))
    }
}

/// A listed party's part in a regime's finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ListedOwner {
    /// The party.
    pub party: Party,
    /// The list it is on (the heaviest, when several count).
    pub list: OfficialList,
    /// Its effective share in %.
    pub percent: f64,
    /// Whether it controls the company (a control relation, a parent, or a majority).
    pub controls: bool,
}

/// What a regime says of a company: the listed owners, their aggregate share, whether it applies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RegimeFinding {
    /// The regime.
    pub regime: Regime,
    /// Whether it is in force on the date assessed.
    pub in_force: bool,
    /// The listed parties upstream that count under it.
    pub listed: Vec<ListedOwner>,
    /// Their aggregate effective share, in %.
    pub aggregate: f64,
    /// Whether the regime applies (in force, and the threshold met, or control where it counts).
    pub applies: bool,
    /// The proof, in words: "Party A (OFAC SDN List) 30 % → B; Party C (OFAC SDN List) 25 % → B ⇒ 55 % ≥ 50 %".
    pub proof: String,
}

/// Applies `regime` to `company` in `graph`, whose owners are `found` (`Graph::owners`). `listed` gives a party's current lists; `name` its name.
pub fn apply(
    regime: &Regime,
    graph: &Graph<'_>,
    found: &Owners,
    company: Uuid,
    listed: &dyn Fn(Party) -> Vec<OfficialList>,
    name: &dyn Fn(Party) -> String,
) -> RegimeFinding {
    let as_of = graph.as_of();
    let counts = |p: Party| -> Option<OfficialList> {
        let lists = listed(p);
        regime.lists.iter().copied().find(|l| lists.contains(l))
    };
    let mut listed_owners: Vec<ListedOwner> = found
        .holdings
        .iter()
        .filter_map(|h| {
            counts(h.party).map(|list| ListedOwner {
                party: h.party,
                list,
                percent: h.percent,
                controls: graph.controls(h.party, company),
            })
        })
        .collect();
    // A listed party that controls the company without holding shares still counts where
    // control does.
    if regime.control {
        for r in graph.direct(company).iter().filter(|r| r.kind == RelationKind::Controls) {
            if !listed_owners.iter().any(|o| o.party == r.from) {
                if let Some(list) = counts(r.from) {
                    listed_owners.push(ListedOwner { party: r.from, list, percent: 0.0, controls: true });
                }
            }
        }
    }
    // Summed from 0 (an empty `sum` of floats is −0).
    let aggregate: f64 = listed_owners.iter().fold(0.0, |t, o| t + o.percent);
    let in_force = regime.in_force_on(as_of);
    let controlled = regime.control && listed_owners.iter().any(|o| o.controls);
    let meets = if regime.above { aggregate > regime.threshold + 1e-9 } else { aggregate >= regime.threshold - 1e-9 };
    let applies = in_force && (meets || controlled);
    let company_name = name(Party::Company(company));
    let parts: Vec<String> = listed_owners
        .iter()
        .map(|o| {
            let how = if o.percent > 0.0 { format!("{} %", pct(o.percent)) } else { "controls".into() };
            format!("{} ({}) {how} → {company_name}", name(o.party), o.list.label())
        })
        .collect();
    let (hit, miss) = if regime.above { (">", "≤") } else { ("≥", "<") };
    let verdict = if controlled && !meets {
        "control by a listed party".to_string()
    } else {
        format!("{} % {} {} %", pct(aggregate), if meets { hit } else { miss }, pct(regime.threshold))
    };
    let proof = if parts.is_empty() {
        format!("No party on the {} holds any recorded share of {company_name}.", lists_named(&regime.lists))
    } else {
        format!(
            "{} ⇒ {verdict}{}",
            parts.join("; "),
            if in_force { "" } else { " (the rule is not in force on this date)" }
        )
    };
    listed_owners.sort_by(|a, b| b.percent.total_cmp(&a.percent).then(a.party.cmp(&b.party)));
    RegimeFinding { regime: regime.clone(), in_force, listed: listed_owners, aggregate, applies, proof }
}

fn lists_named(lists: &[OfficialList]) -> String {
    let names: Vec<&str> = lists.iter().map(|l| l.label()).collect();
    names.join(" or the ")
}

/// A percentage as written: whole numbers without decimals ("55"), else up to two ("12.5").
pub fn pct(x: f64) -> String {
    let r = (x * 100.0).round() / 100.0;
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r}")
    }
}

/// A party standing behind a company on a date: an owner upstream, or a party with a current
/// relation into the company itself (its founder, funder, controller, director …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Backer {
    /// The party, with its current lists.
    pub party: PartyView,
    /// Its effective share in %, over the paths with known shares (0 when none).
    pub percent: f64,
    /// Whether it holds (also) through a share no source states.
    pub undisclosed: bool,
    /// Whether it controls the company directly: a control relation, its parent, or a recorded
    /// majority holding.
    pub controls: bool,
    /// Its current relations into the company itself, by kind (empty: it holds only through others).
    pub roles: Vec<RelationKind>,
    /// The relation behind it: its own into the company, else the first step of its first path.
    pub relation: Uuid,
}

/// Who stands behind a company on a date, as scoring and briefs read it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Standing {
    /// The parties: holders by effective share (largest first), then the others by name.
    pub backers: Vec<Backer>,
    /// The holdings upstream with their paths (`owners`).
    pub owners: Owners,
    /// Each 50 % rule applied, in the order of `data/ownership-rules.json`.
    pub findings: Vec<RegimeFinding>,
}

impl Standing {
    /// The aggregate effective share of the listed holders (any list), in %.
    pub fn listed_share(&self) -> f64 {
        self.backers.iter().filter(|b| !b.party.lists.is_empty()).map(|b| b.percent).sum()
    }
}

/// Judges what stands behind `company` (its `OwnershipData`) as of `as_of`.
pub fn standing(data: &OwnershipData, company: Uuid, as_of: NaiveDate) -> Standing {
    let view = |p: Party| -> PartyView {
        data.parties.iter().find(|v| v.party == p).cloned().unwrap_or(PartyView {
            party: p,
            name: p.id().to_string(),
            slug: None,
            lists: vec![],
        })
    };
    let graph = Graph::new(&data.relations, as_of);
    let found = graph.owners(company);
    let direct: Vec<&Relation> = graph.direct(company).to_vec();
    let role_party = |r: &Relation| match r.kind {
        RelationKind::SubsidiaryOf => Party::Company(r.to),
        _ => r.from,
    };
    let mut backers: Vec<Backer> = found
        .holdings
        .iter()
        .map(|h| {
            let own: Vec<&&Relation> = direct.iter().filter(|r| role_party(r) == h.party).collect();
            Backer {
                party: view(h.party),
                percent: h.percent,
                undisclosed: !h.undisclosed.is_empty(),
                controls: graph.controls(h.party, company),
                roles: kinds(own.iter().map(|r| r.kind)),
                relation: own
                    .first()
                    .map(|r| r.id)
                    .or(h.paths.iter().chain(&h.undisclosed).next().map(|p| p[0].relation))
                    .unwrap_or_default(),
            }
        })
        .collect();
    let mut others: Vec<Backer> = vec![];
    for r in &direct {
        let p = role_party(r);
        if backers.iter().chain(&others).any(|b| b.party.party == p) {
            continue;
        }
        let own: Vec<&&Relation> = direct.iter().filter(|x| role_party(x) == p).collect();
        others.push(Backer {
            party: view(p),
            percent: 0.0,
            undisclosed: false,
            controls: graph.controls(p, company),
            roles: kinds(own.iter().map(|r| r.kind)),
            relation: r.id,
        });
    }
    others.sort_by(|a, b| a.party.name.cmp(&b.party.name).then(a.party.party.cmp(&b.party.party)));
    backers.extend(others);
    let listed = |p: Party| view(p).lists;
    let name = |p: Party| view(p).name;
    let findings =
        crate::dataset::ownership_regimes().iter().map(|r| apply(r, &graph, &found, company, &listed, &name)).collect();
    Standing { backers, owners: found, findings }
}

fn kinds(it: impl Iterator<Item = RelationKind>) -> Vec<RelationKind> {
    let mut v: Vec<RelationKind> = it.collect();
    v.sort_by_key(|k| k.code());
    v.dedup();
    v
}
