//! A company's timeline: every dated fact in one chronological list — allegations first
//! reported and the responses to them, listings and delistings, statuses observed, government
//! measures, cloud offerings available and verified, screenings against list snapshots, briefs
//! issued and changes from the audit trail. Partial dates stay partial ("Jun 2025", "2025").
//! Pure: built from the company's data, its briefs and its audit trail.

use crate::exposure::FactRef;
use crate::model::*;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

labelled_enum!(
    /// What a timeline event is, for its lane.
    TimelineKind {
        Allegation = "allegation", "Allegation";
        Response = "response", "Response";
        Designation = "designation", "Official list";
        Restriction = "restriction", "Government measure";
        Cloud = "cloud", "Cloud offering";
        Screening = "screening", "Screening";
        Brief = "brief", "Brief";
        Change = "change", "Change to the record";
    }
);

labelled_enum!(
    /// What happened on an official list, for a list event's mark.
    ListingEvent {
        Listed = "listed", "Listed";
        UnderReview = "under_review", "Under review for a list";
        Removed = "removed", "Removed from a list";
        NotListed = "not_listed", "Checked: not listed";
    }
);

/// One dated event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TimelineEvent {
    /// When, to the precision known.
    pub date: PartialDate,
    /// Its lane.
    pub kind: TimelineKind,
    /// What happened, in a sentence.
    pub text: String,
    /// The record it comes from (none for a brief or a screening).
    pub record: Option<FactRef>,
    /// The source that reports it, when one is recorded.
    pub source_id: Option<Uuid>,
    /// For a list event (`Designation`): what happened on the list.
    pub listing: Option<ListingEvent>,
}

fn fact(table: RecordKind, id: Uuid) -> Option<FactRef> {
    Some(FactRef { table, id })
}

/// The company's timeline, oldest first. Events on the same date keep a fixed order: coarser
/// dates first ("2025" before "Jun 2025" before "3 Jun 2025"), then by lane, then by text.
pub fn build(data: &CompanyData, briefs: &[BriefRecord], history: &[AuditEntry]) -> Vec<TimelineEvent> {
    let mut out = vec![];
    let mut push = |date: PartialDate, kind, text: String, record, source_id| {
        out.push(TimelineEvent { date, kind, text, record, source_id, listing: None })
    };
    let mut listed = vec![];
    for (i, a) in data.allegations.iter().enumerate() {
        if let Some(d) = a.first_reported {
            let source = a.citations.first().map(|c| c.source_id);
            push(
                d,
                TimelineKind::Allegation,
                format!("A{} first reported ({}): {}", i + 1, a.status.label().to_lowercase(), a.summary),
                fact(RecordKind::Allegation, a.id),
                source,
            );
        }
        for r in &a.responses {
            if let Some(d) = r.date {
                push(
                    d,
                    TimelineKind::Response,
                    format!("{} responds to A{}: {}", r.responder, i + 1, r.statement),
                    fact(RecordKind::Allegation, a.id),
                    r.source_id,
                );
            }
        }
    }
    for x in &data.designations {
        let record = fact(RecordKind::Designation, x.id);
        let list = x.listed_name.as_deref().filter(|_| x.list == OfficialList::Other).unwrap_or(x.list.label());
        let event = |date, listing, text: String| TimelineEvent {
            date,
            kind: TimelineKind::Designation,
            text,
            record: record.clone(),
            source_id: x.source_id,
            listing: Some(listing),
        };
        if let Some(d) = x.since {
            listed.push(match x.status {
                DesignationStatus::UnderReview => {
                    event(d, ListingEvent::UnderReview, format!("Under review for the {list}"))
                }
                _ => event(d, ListingEvent::Listed, format!("Listed on the {list}")),
            });
        }
        if let Some(d) = x.until {
            listed.push(event(d, ListingEvent::Removed, format!("Removed from the {list}")));
        }
        if let (DesignationStatus::NotListed, Some(d)) = (x.status, x.as_of) {
            listed.push(event(d, ListingEvent::NotListed, format!("Observed not on the {list}")));
        }
    }
    for r in &data.restrictions {
        if let Some(d) = r.date {
            push(
                d,
                TimelineKind::Restriction,
                format!("{} — {}: {}", r.jurisdiction, r.body, r.measure),
                fact(RecordKind::Restriction, r.id),
                r.source_id,
            );
        }
    }
    for o in &data.cloud_offerings {
        let record = fact(RecordKind::CloudOffering, o.id);
        if let Some(d) = o.available_since {
            push(
                d,
                TimelineKind::Cloud,
                format!("{} offered on {} ({})", o.product, o.service, o.platform),
                record.clone(),
                o.source_id,
            );
        }
        if let Some(d) = o.last_verified {
            push(
                d,
                TimelineKind::Cloud,
                format!("{} on {} checked as recorded", o.product, o.service),
                record,
                o.source_id,
            );
        }
    }
    for s in &data.screenings {
        let hits = s.open_hits + s.confirmed_hits + s.dismissed_hits;
        push(
            PartialDate::from_date(s.screened_at.date()),
            TimelineKind::Screening,
            format!(
                "Screened against {} (as of {}): {hits} hit{} ({} confirmed, {} dismissed, {} open)",
                s.list_title,
                s.list_as_of,
                if hits == 1 { "" } else { "s" },
                s.confirmed_hits,
                s.dismissed_hits,
                s.open_hits
            ),
            None,
            None,
        );
    }
    for b in briefs {
        push(
            PartialDate::from_date(b.created_at.date()),
            TimelineKind::Brief,
            format!("Brief {} issued (data as of {}, marked {})", b.brief_id, b.as_of, b.marking),
            None,
            None,
        );
    }
    // The audit trail, one event per change; records created or deleted together (the same day,
    // actor and kind, as an import does) are one event with their count.
    let mut i = 0;
    while i < history.len() {
        let h = &history[i];
        let day = h.at.date();
        let same = |x: &AuditEntry| {
            x.at.date() == day
                && x.actor == h.actor
                && x.action == h.action
                && x.table == h.table
                && x.action != AuditAction::Update
        };
        let n = history[i..].iter().take_while(|x| same(x)).count().max(1);
        let what = match (h.action, n) {
            (AuditAction::Update, _) => {
                let fields: Vec<&str> = h.changes.keys().map(String::as_str).collect();
                format!("{} {} changed ({}) by {}", h.table.noun(), short(h.record_id), fields.join(", "), h.actor)
            }
            (a, 1) => format!("{} {} {} by {}", h.table.noun(), short(h.record_id), a.label().to_lowercase(), h.actor),
            (a, n) => format!("{n} {} records {} by {}", h.table.noun(), a.label().to_lowercase(), h.actor),
        };
        let record = if n == 1 { fact(h.table, h.record_id) } else { None };
        push(PartialDate::from_date(day), TimelineKind::Change, capitalise(&what), record, None);
        i += n;
    }
    out.extend(listed);
    out.sort_by(order);
    out
}

/// One event of the portfolio timeline: a listing, delisting or government measure of a company.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PortfolioEvent {
    /// The company.
    pub company_id: Uuid,
    /// Its slug.
    pub slug: String,
    /// Its short name.
    pub name: String,
    /// The event (a designation or a restriction).
    pub event: TimelineEvent,
}

/// The designations and government measures of these companies on one timeline, oldest first
/// (the same order as a company's, then by company name). Pure.
pub fn portfolio<'a>(companies: impl IntoIterator<Item = &'a CompanyData>) -> Vec<PortfolioEvent> {
    let mut out: Vec<PortfolioEvent> = companies
        .into_iter()
        .flat_map(|data| {
            build(data, &[], &[])
                .into_iter()
                .filter(|e| matches!(e.kind, TimelineKind::Designation | TimelineKind::Restriction))
                .map(|event| PortfolioEvent {
                    company_id: data.company.id,
                    slug: data.company.slug.clone(),
                    name: data.company.display_name().to_string(),
                    event,
                })
        })
        .collect();
    out.sort_by(portfolio_order);
    out
}

/// The portfolio timeline's order: the timeline's, then by company name.
pub fn portfolio_order(a: &PortfolioEvent, b: &PortfolioEvent) -> std::cmp::Ordering {
    order(&a.event, &b.event).then(a.name.cmp(&b.name))
}

/// The timeline's order: by first possible day, coarser dates first, then lane, then text.
fn order(a: &TimelineEvent, b: &TimelineEvent) -> std::cmp::Ordering {
    a.date
        .first_day()
        .cmp(&b.date.first_day())
        .then((a.date.precision() as u8).cmp(&(b.date.precision() as u8)))
        .then(a.kind.cmp(&b.kind))
        .then(a.text.cmp(&b.text))
}

fn short(id: Uuid) -> String {
    id.to_string()[..8].to_string()
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}
