//! Monitoring use cases shared by the CLI and the desktop app: the check that reports what
//! changed since the last one (bands, verdicts), screening what a new company, alias or owner
//! affects, and decisions on inbox events. No clock: times come in as arguments.

use crate::error::{Error, Result};
use crate::model::*;
use crate::risk::{Band, Verdict};
use crate::screening::{self, ListIndex};
use crate::Store;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

/// Compares every company's band and every deployment's verdict as of `as_of` with what the
/// last check saw, raises an event for each change, and records what is seen now, in one
/// transaction. The first check of a database records without raising anything.
pub fn check(store: &mut Store, as_of: NaiveDate, now: Timestamp) -> Result<Vec<InboxEvent>> {
    let bands = store.monitor_seen("band")?;
    let verdicts = store.monitor_seen("verdict")?;
    let mut seen: Vec<(&str, String, String)> = vec![];
    let mut events = vec![];
    for row in super::portfolio(store, as_of)? {
        let (id, band) = (row.summary.id.to_string(), row.band);
        if let Some(before) = bands.get(&id).and_then(|b| b.parse::<Band>().ok()).filter(|b| *b != band) {
            let mut e = InboxEvent::open(
                InboxKind::BandChanged,
                now,
                format!("{}: {} → {}", row.summary.legal_name, before.label(), band.label()),
                format!(
                    "Its score is now {} ({}, as of {as_of}); it was in the {} band at the last check. Its brief shows why.",
                    row.score,
                    band.label(),
                    before.label()
                ),
            );
            e.company_id = Some(row.summary.id);
            events.push(e);
        }
        if bands.get(&id).map(String::as_str) != Some(band.code()) {
            seen.push(("band", id, band.code().to_string()));
        }
    }
    for row in super::exposure::register(store, as_of)?.rows {
        let (id, verdict) = (row.deployment.id.to_string(), row.judgement.verdict);
        let code = serde_json::to_value(verdict).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
        match verdicts.get(&id) {
            Some(before) if *before == code => continue,
            Some(before) => {
                let was = serde_json::from_value::<Verdict>(serde_json::Value::String(before.clone()))
                    .map(|v| v.label().to_string())
                    .unwrap_or_else(|_| before.clone());
                let mut e = InboxEvent::open(
                    InboxKind::VerdictChanged,
                    now,
                    format!("{}: {} → {}", row.deployment.name, was, verdict.label()),
                    format!(
                        "The deployment of {} is now judged \"{}\" (as of {as_of}): {}",
                        row.vendor_display.as_deref().unwrap_or(&row.deployment.vendor_name),
                        verdict.label(),
                        row.judgement.reasons.first().map(|r| r.text.as_str()).unwrap_or("see the exposure register")
                    ),
                );
                e.company_id = row.deployment.company_id;
                events.push(e);
            }
            None => {}
        }
        seen.push(("verdict", id, code));
    }
    store.record_check(&seen, &events, now)?;
    Ok(events)
}

/// Imports a list file set (`screening::import`: the new snapshot, the portfolio re-screened
/// against what changed, the events that raises), then checks bands and verdicts (a list can
/// state owners, and so move a band). What the CLI and the desktop app call.
pub fn import_list(
    store: &mut Store,
    format: ListFormat,
    files: &[crate::lists::InputFile],
    as_of: Option<NaiveDate>,
    id: Uuid,
    now: Timestamp,
    progress: &mut dyn FnMut(screening::ListProgress),
) -> Result<screening::ImportOutcome> {
    let mut outcome = screening::import(store, format, files, as_of, id, now, progress)?;
    outcome.rescreen.changes = check(store, now.date(), now)?.len() as u32;
    Ok(outcome)
}

/// Imports a list pack (`screening::import_pack`), then checks bands and verdicts.
pub fn import_pack(
    store: &mut Store,
    name: &str,
    bytes: &[u8],
    allow_unsigned: bool,
    dry_run: bool,
    now: Timestamp,
    progress: &mut dyn FnMut(screening::ListProgress),
) -> Result<screening::PackOutcome> {
    let outcome = screening::import_pack(store, name, bytes, allow_unsigned, dry_run, now, progress)?;
    if !dry_run {
        check(store, now.date(), now)?;
    }
    Ok(outcome)
}

/// Screens one company (a new one, or one whose names or owners changed) against every current
/// list, when any is imported, and records it: a new hit raises an inbox event. Returns the
/// number of new hits.
pub fn screen_company(store: &mut Store, company: Uuid, now: Timestamp) -> Result<u32> {
    let ix = ListIndex::load(store)?;
    if ix.is_empty() {
        return Ok(0);
    }
    let c = store.find_company(&company.to_string())?;
    let threshold = crate::matching::DEFAULT_THRESHOLD;
    let found = screening::find_hits(store, &ix, std::slice::from_ref(&c), &|_| threshold, now)?;
    let ids: Vec<Uuid> = ix.snapshots.iter().map(|s| s.id).collect();
    Ok(store.record_screenings(&found, &ids, now, threshold)? as u32)
}

/// Saves a company; a new company, or one whose names changed, is screened (`screen_company`).
pub fn save_company(store: &mut Store, company: &Company, now: Timestamp) -> Result<u32> {
    let before = store.find_company(&company.id.to_string()).ok();
    store.save_company(company)?;
    let names = |c: &Company| screening::company_names(c).into_iter().map(str::to_owned).collect::<Vec<_>>();
    match before {
        Some(b) if names(&b) == names(company) => Ok(0),
        _ => screen_company(store, company.id, now),
    }
}

/// What `save_relation` stored: the relation, and the new person it is from when one was given.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SavedRelation {
    /// The relation as stored.
    pub relation: Relation,
    /// The new person, as stored; `None` when the relation is from an existing party.
    pub person: Option<Person>,
    /// New screening hits raised by screening the company the relation points to.
    pub new_hits: u32,
}

/// Saves a relation, and with it `new_person` when the relation is from someone not yet
/// recorded: both in one transaction, so a refused relation leaves no orphaned person. The
/// relation is then from that person (its `from` is set to the person's id). The company it
/// points to is screened again, its new owner with it.
pub fn save_relation(
    store: &mut Store,
    mut relation: Relation,
    new_person: Option<Person>,
    now: Timestamp,
) -> Result<SavedRelation> {
    match &new_person {
        Some(p) => {
            relation.from = Party::Person(p.id);
            store.save_person_and_relation(p, &relation)?
        }
        None => store.save_relation(&relation)?,
    }
    let new_hits = screen_company(store, relation.to, now)?;
    Ok(SavedRelation { relation, person: new_person, new_hits })
}

/// A decision on an inbox event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(tag = "decision", rename_all = "snake_case")]
pub enum EventDecision {
    /// Seen and dealt with: the event leaves the inbox (kept, with who, when and the note).
    Acknowledge {
        /// What was done, if anything to say.
        #[serde(default)]
        note: Option<String>,
    },
    /// Handed to someone; stays in the inbox until acknowledged.
    Assign {
        /// Who; must not be blank (`Error::Invalid` on `assignee`).
        assignee: String,
    },
}

/// What the desktop app sends to decide on an event: its id and the decision, flattened
/// (`{"event_id": …, "decision": "acknowledge", "note": …}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct EventRequest {
    /// The event decided on.
    pub event_id: Uuid,
    /// Acknowledge or assign.
    #[serde(flatten)]
    pub decision: EventDecision,
}

/// Decides on an event, by `who` at `now`.
pub fn decide(store: &mut Store, id: Uuid, decision: &EventDecision, who: &str, now: Timestamp) -> Result<InboxEvent> {
    let mut e = store.inbox_event(id)?;
    match decision {
        EventDecision::Acknowledge { note } => {
            e.status = EventStatus::Acknowledged;
            e.note = note.as_ref().map(|n| n.trim().to_owned()).filter(|n| !n.is_empty());
        }
        EventDecision::Assign { assignee } => {
            if assignee.trim().is_empty() {
                return Err(Error::invalid("inbox event", None, "assignee", "say who the event is assigned to"));
            }
            e.status = EventStatus::Assigned;
            e.assignee = Some(assignee.trim().to_owned());
        }
    }
    e.decided_by = Some(who.to_owned());
    e.decided_at = Some(now);
    store.decide_event(&e)?;
    Ok(e)
}

/// The digest brief of what changed from `since` to `as_of`: list snapshots imported, the events
/// raised (as they stand now), the decisions taken on hits and events, and what is still open.
pub fn digest(
    store: &Store,
    since: NaiveDate,
    as_of: NaiveDate,
    marking: &str,
    generated: NaiveDate,
) -> Result<super::BuiltBrief> {
    use crate::brief::{DigestData, DigestDecision};
    if marking.trim().is_empty() {
        return Err(Error::invalid("brief", None, "marking", "must not be empty"));
    }
    if since > as_of {
        return Err(Error::invalid("digest", None, "since", format!("{since} is after {as_of}")));
    }
    let in_period = |t: Timestamp| t.date() >= since && t.date() <= as_of;
    let all_snapshots = store.list_snapshots()?;
    let current: Vec<Uuid> = all_snapshots.iter().filter(|s| s.replaced_at.is_none()).map(|s| s.id).collect();
    let mut snapshots: Vec<ListSnapshot> = all_snapshots.into_iter().filter(|s| in_period(s.imported_at)).collect();
    snapshots.sort_by_key(|s| (s.imported_at, s.id));
    let events: Vec<InboxEvent> =
        store.inbox_since(&since.to_string())?.into_iter().filter(|e| in_period(e.at)).collect();
    let mut decisions: Vec<DigestDecision> = vec![];
    let hits = store.screening_hits(None, None)?;
    let mut seen = std::collections::HashSet::new();
    for h in &hits {
        let Some(at) = h.reviewed_at.filter(|t| in_period(*t)) else { continue };
        // A decision carried to a later snapshot is the same decision.
        if !seen.insert((h.company_id, h.list.clone(), h.entry_key.clone(), at, h.status)) {
            continue;
        }
        decisions.push(DigestDecision {
            at,
            item: format!("{} ≈ {} on the {}", h.query_name, h.entry_name, h.list_title),
            decision: h.status.label().to_string(),
            by: h.reviewed_by.clone().unwrap_or_default(),
            note: h.reason.clone(),
        });
    }
    for e in store.inbox(true)? {
        let Some(at) = e.decided_at.filter(|t| in_period(*t)) else { continue };
        // A new-hit event settled by the hit's review: that review is listed already.
        if e.kind == InboxKind::NewHit && hits.iter().any(|h| Some(h.id) == e.hit_id && h.reviewed_at == Some(at)) {
            continue;
        }
        decisions.push(DigestDecision {
            at,
            item: e.title.clone(),
            decision: match (&e.status, &e.assignee) {
                (EventStatus::Assigned, Some(a)) => format!("Assigned to {a}"),
                (s, _) => s.label().to_string(),
            },
            by: e.decided_by.clone().unwrap_or_default(),
            note: e.note.clone(),
        });
    }
    decisions.sort_by(|a, b| (a.at, &a.item).cmp(&(b.at, &b.item)));
    let mut open = store.inbox(false)?;
    open.reverse();
    let open_hits =
        hits.iter().filter(|h| h.status == HitStatus::Open && current.contains(&h.snapshot_id)).count() as u32;
    let mut companies: Vec<(Uuid, String)> = vec![];
    for id in events.iter().chain(&open).filter_map(|e| e.company_id) {
        if !companies.iter().any(|(c, _)| *c == id) {
            if let Ok(c) = store.find_company(&id.to_string()) {
                companies.push((id, crate::brief::short_name(&c).to_string()));
            }
        }
    }
    companies.sort();
    let data = DigestData { since, snapshots, events, decisions, open, open_hits, companies };
    let fingerprint = super::sha256_hex(&serde_json::to_vec(&data).expect("plain data serialises"));
    let options =
        crate::brief::BriefOptions { marking: marking.to_string(), generated, previous: None, exposure: vec![] };
    let brief = crate::brief::build_digest(&data, fingerprint, &options, as_of);
    Ok(super::BuiltBrief { brief, company: None, snapshot: None })
}
