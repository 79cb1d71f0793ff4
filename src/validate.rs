//! Rules a record must meet before it is written. Each error names the record and the field.
//! (The database's CHECK constraints enforce the same shape as a second line of defence.)

use crate::error::{Error, Result};
use crate::model::*;
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// The record a rule is checked on: its kind and how it is named ("company deepseek").
struct What(RecordKind, String);

impl std::fmt::Display for What {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.0.noun(), self.1)
    }
}

fn fail<T>(what: &What, field: &str, msg: impl std::fmt::Display) -> Result<T> {
    Err(Error::invalid(what, Some(what.0), field, msg))
}

fn required(what: &What, field: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return fail(what, field, "must not be empty");
    }
    Ok(())
}

fn url(what: &What, field: &str, value: &Option<String>) -> Result<()> {
    match value {
        Some(u) if !(u.starts_with("https://") || u.starts_with("http://")) => {
            fail(what, field, format!("{u:?} is not an http(s) URL"))
        }
        _ => Ok(()),
    }
}

/// A source needs a publisher and a title (not blank), and its URL, when given, must be
/// http(s). A broken rule is `Error::Invalid` naming the source and the field.
pub fn source(s: &Source) -> Result<()> {
    let what = What(RecordKind::Source, s.id.to_string());
    required(&what, "publisher", &s.publisher)?;
    required(&what, "title", &s.title)?;
    url(&what, "url", &s.url)
}

/// A company needs a slug of lower-case letters, digits and hyphens (not starting with a
/// hyphen), a legal name, an ISO 3166-1 alpha-2 country code in capitals, and an http(s)
/// website when one is given. A broken rule is `Error::Invalid` naming the company and field.
pub fn company(c: &Company) -> Result<()> {
    let what = What(RecordKind::Company, if c.slug.is_empty() { c.id.to_string() } else { c.slug.clone() });
    let slug_ok = !c.slug.is_empty()
        && c.slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !c.slug.starts_with('-');
    if !slug_ok {
        return fail(&what, "slug", "use lower-case letters, digits and hyphens (e.g. `deepseek`)");
    }
    required(&what, "legal_name", &c.legal_name)?;
    if c.country.len() != 2 || !c.country.bytes().all(|b| b.is_ascii_uppercase()) {
        return fail(&what, "country", format!("{:?} is not an ISO 3166-1 alpha-2 code like CN", c.country));
    }
    url(&what, "website", &c.website)
}

/// An allegation needs a summary, a non-blank attribution when one is given, at least one
/// citation and no source cited twice; each response needs a responder and a statement
/// (fields `responses.responder`, `responses.statement`). A broken rule is `Error::Invalid`.
pub fn allegation(a: &Allegation) -> Result<()> {
    let what = What(RecordKind::Allegation, a.id.to_string());
    required(&what, "summary", &a.summary)?;
    if let Some(by) = &a.attribution {
        required(&what, "attribution", by)?;
    }
    if a.citations.is_empty() {
        return fail(&what, "citations", "an allegation needs at least one source");
    }
    let mut seen = HashSet::new();
    for c in &a.citations {
        if !seen.insert(c.source_id) {
            return fail(&what, "citations", format!("source {} is cited twice", c.source_id));
        }
    }
    for r in &a.responses {
        required(&what, "responses.responder", &r.responder)?;
        required(&what, "responses.statement", &r.statement)?;
    }
    Ok(())
}

/// A "not listed" designation needs the date it was observed (`as_of`), and `until` may not
/// be certainly before `since`. A broken rule is `Error::Invalid` naming the designation and field.
pub fn designation(d: &Designation) -> Result<()> {
    let what = What(RecordKind::Designation, d.id.to_string());
    if d.status == DesignationStatus::NotListed && d.as_of.is_none() {
        return fail(&what, "as_of", "\"not listed\" needs the date it was observed");
    }
    if let (Some(s), Some(u)) = (d.since, d.until) {
        if u.certainly_before(&s) {
            return fail(&what, "until", format!("{u} is before `since` {s}"));
        }
    }
    Ok(())
}

/// A restriction needs a jurisdiction, a body and a measure (not blank). A broken rule is
/// `Error::Invalid` naming the restriction and the field.
pub fn restriction(r: &Restriction) -> Result<()> {
    let what = What(RecordKind::Restriction, r.id.to_string());
    required(&what, "jurisdiction", &r.jurisdiction)?;
    required(&what, "body", &r.body)?;
    required(&what, "measure", &r.measure)
}

/// A cloud offering needs a product, a platform and a service (not blank). A broken rule is
/// `Error::Invalid` naming the offering and the field.
pub fn cloud_offering(o: &CloudOffering) -> Result<()> {
    let what = What(RecordKind::CloudOffering, o.id.to_string());
    required(&what, "product", &o.product)?;
    required(&what, "platform", &o.platform)?;
    required(&what, "service", &o.service)
}

/// A deployment needs a name and a vendor name (not blank); a cloud offering only on a route
/// through a cloud provider. A broken rule is `Error::Invalid` naming the deployment and the field.
pub fn deployment(d: &Deployment) -> Result<()> {
    let what = What(RecordKind::Deployment, d.id.to_string());
    required(&what, "name", &d.name)?;
    required(&what, "vendor_name", &d.vendor_name)?;
    if d.offering_id.is_some() && d.route != DeploymentRoute::CloudHosted {
        return fail(&what, "offering_id", "only a cloud-hosted deployment uses a cloud offering");
    }
    if d.offering_id.is_some() && d.company_id.is_none() {
        return fail(&what, "offering_id", "a cloud offering needs the vendor's company");
    }
    Ok(())
}

/// A scenario needs a name (not blank) and at least one change; a restriction it assumes needs
/// a jurisdiction, a body and a measure. A broken rule is `Error::Invalid` naming the scenario.
pub fn scenario(x: &Scenario) -> Result<()> {
    let what = What(RecordKind::Scenario, format!("{:?}", x.name));
    required(&what, "name", &x.name)?;
    if x.changes.is_empty() {
        return fail(&what, "changes", "a scenario assumes at least one change");
    }
    for c in &x.changes {
        if let ScenarioChange::Restrict { jurisdiction, body, measure, .. } = c {
            required(&what, "changes.jurisdiction", jurisdiction)?;
            required(&what, "changes.body", body)?;
            required(&what, "changes.measure", measure)?;
        }
    }
    Ok(())
}

/// A person needs a name; a nationality, when given, is two capital letters (ISO 3166-1).
pub fn person(x: &Person) -> Result<()> {
    let what = What(RecordKind::Person, format!("{:?}", x.name));
    required(&what, "name", &x.name)?;
    if let Some(n) = &x.nationality {
        if n.len() != 2 || !n.chars().all(|c| c.is_ascii_uppercase()) {
            return fail(&what, "nationality", "must be an ISO 3166-1 alpha-2 code, e.g. CN");
        }
    }
    Ok(())
}

/// A relation on its own: at least one source, each cited once; a share only on a relation of
/// ownership (`owns_shares`, `subsidiary_of`), above 0 and at most 100 %; never a company with
/// itself; a subsidiary is a company; `until` not before `since`.
pub fn relation(x: &Relation) -> Result<()> {
    let what = What(RecordKind::Relation, x.id.to_string());
    if x.citations.is_empty() {
        return fail(&what, "citations", "a relation needs at least one source");
    }
    let mut seen = HashSet::new();
    for c in &x.citations {
        if !seen.insert(c.source_id) {
            return fail(&what, "citations", format!("source {} is cited twice", c.source_id));
        }
    }
    if let Some(share) = x.share {
        if !(share > 0.0 && share <= 100.0) {
            return fail(&what, "share", "must be above 0 and at most 100 (per cent)");
        }
        if !matches!(x.kind, RelationKind::OwnsShares | RelationKind::SubsidiaryOf) {
            return fail(&what, "share", "only a holding of shares has a share");
        }
    }
    if x.from == Party::Company(x.to) {
        return fail(&what, "from", "a company cannot own or control itself");
    }
    if x.kind == RelationKind::SubsidiaryOf && !matches!(x.from, Party::Company(_)) {
        return fail(&what, "from", "only a company is a subsidiary");
    }
    if let (Some(a), Some(b)) = (x.since, x.until) {
        if b.last_day() < a.first_day() {
            return fail(&what, "until", "is before since");
        }
    }
    Ok(())
}

/// The relations together: the recorded direct shares in one company, current ones, sum to at
/// most 100 %.
pub fn relation_graph(all: &[Relation]) -> Result<()> {
    let mut sums = ShareSums::default();
    all.iter().try_for_each(|r| sums.add(r))
}

/// The current direct shares recorded in each company, summed one relation at a time, so that a
/// caller adding relations one by one checks each in constant time (see `relation_graph`).
#[derive(Default)]
pub struct ShareSums(HashMap<Uuid, f64>);

impl ShareSums {
    /// Adds `r`'s share to the company it is held in, or refuses it, leaving the sums as they
    /// were, when the company's shares would then sum to more than 100 %. A relation that has
    /// ended, or states no share, adds nothing.
    pub fn add(&mut self, r: &Relation) -> Result<()> {
        let (owned, share) = match (r.until, r.kind, r.from, r.share) {
            (Some(_), ..) => return Ok(()),
            (None, RelationKind::OwnsShares, _, Some(s)) => (r.to, s),
            (None, RelationKind::SubsidiaryOf, Party::Company(sub), Some(s)) => (sub, s),
            _ => return Ok(()),
        };
        let sum = self.0.get(&owned).copied().unwrap_or(0.0) + share;
        if sum > 100.0 + 1e-9 {
            return fail(
                &What(RecordKind::Relation, r.id.to_string()),
                "share",
                format!("the recorded shares in company {owned} would sum to {sum} %, above 100 %"),
            );
        }
        self.0.insert(owned, sum);
        Ok(())
    }
}

/// Checks every record and that every reference inside the dataset resolves to a record of
/// the dataset (a dataset is self-contained).
pub fn dataset(d: &Dataset) -> Result<()> {
    let mut check = DatasetCheck::default();
    d.records().try_for_each(|r| check.record(r))
}

/// `dataset`, one record at a time, for a bundle read as a stream: each record's own rules and
/// its references, which in `Dataset::ORDER` point to records that came before it (a company's
/// sources, an allegation's company…). It keeps the ids and the few fields references and
/// uniqueness need, not the records.
#[derive(Default)]
pub struct DatasetCheck {
    /// Every id so far, with its kind.
    ids: HashMap<Uuid, RecordKind>,
    slugs: HashSet<String>,
    scenario_names: HashSet<String>,
    /// Each cloud offering's company, for deployments.
    offerings: HashMap<Uuid, Uuid>,
    shares: ShareSums,
}

impl DatasetCheck {
    fn has(&self, id: Uuid, kind: RecordKind) -> bool {
        self.ids.get(&id) == Some(&kind)
    }

    fn source(&self, what: &What, field: &str, id: Option<Uuid>) -> Result<()> {
        match id {
            Some(id) if !self.has(id, RecordKind::Source) => {
                fail(what, field, format!("source {id} is not in the dataset"))
            }
            _ => Ok(()),
        }
    }

    fn company(&self, what: &What, id: Uuid) -> Result<()> {
        if self.has(id, RecordKind::Company) {
            Ok(())
        } else {
            fail(what, "company_id", format!("company {id} is not in the dataset"))
        }
    }

    /// Checks one record, given in `Dataset::ORDER`, against its rules and the records before it.
    pub fn record(&mut self, r: RecordRef<'_>) -> Result<()> {
        let (id, kind) = (r.id(), r.kind());
        if self.ids.insert(id, kind).is_some() {
            return Err(Error::Validation(format!("{} {id}: id used twice in the dataset", kind.noun())));
        }
        let what = |name: String| What(kind, name);
        match r {
            RecordRef::Source(s) => source(s),
            RecordRef::Company(c) => {
                company(c)?;
                if !self.slugs.insert(c.slug.clone()) {
                    return fail(&what(c.slug.clone()), "slug", "used by two companies");
                }
                c.source_ids.iter().try_for_each(|s| self.source(&what(c.slug.clone()), "source_ids", Some(*s)))
            }
            RecordRef::Allegation(a) => {
                allegation(a)?;
                let w = what(a.id.to_string());
                self.company(&w, a.company_id)?;
                a.citations.iter().try_for_each(|c| self.source(&w, "citations.source_id", Some(c.source_id)))?;
                a.responses.iter().try_for_each(|x| self.source(&w, "responses.source_id", x.source_id))
            }
            RecordRef::Designation(x) => {
                designation(x)?;
                self.company(&what(x.id.to_string()), x.company_id)?;
                self.source(&what(x.id.to_string()), "source_id", x.source_id)
            }
            RecordRef::Restriction(x) => {
                restriction(x)?;
                self.company(&what(x.id.to_string()), x.company_id)?;
                self.source(&what(x.id.to_string()), "source_id", x.source_id)
            }
            RecordRef::CloudOffering(x) => {
                cloud_offering(x)?;
                self.company(&what(x.id.to_string()), x.company_id)?;
                self.source(&what(x.id.to_string()), "source_id", x.source_id)?;
                self.offerings.insert(x.id, x.company_id);
                Ok(())
            }
            RecordRef::Deployment(x) => {
                deployment(x)?;
                let w = what(x.id.to_string());
                if let Some(c) = x.company_id {
                    self.company(&w, c)?;
                }
                match x.offering_id {
                    Some(o) if self.offerings.get(&o) != Some(&x.company_id.unwrap_or_default()) => {
                        fail(&w, "offering_id", format!("cloud offering {o} of its company is not in the dataset"))
                    }
                    _ => Ok(()),
                }
            }
            RecordRef::Scenario(x) => {
                scenario(x)?;
                if !self.scenario_names.insert(x.name.to_lowercase()) {
                    return fail(&what(x.name.clone()), "name", "used by two scenarios");
                }
                Ok(())
            }
            RecordRef::Person(x) => {
                person(x)?;
                let w = what(format!("{:?}", x.name));
                x.lists.iter().try_for_each(|l| self.source(&w, "lists.source_id", Some(l.source_id)))
            }
            RecordRef::Relation(x) => {
                relation(x)?;
                let w = what(x.id.to_string());
                self.company(&w, x.to)?;
                match x.from {
                    Party::Company(c) => self.company(&w, c)?,
                    Party::Person(p) if !self.has(p, RecordKind::Person) => {
                        return fail(&w, "from", format!("person {p} is not in the dataset"))
                    }
                    Party::Person(_) => {}
                }
                x.citations.iter().try_for_each(|c| self.source(&w, "citations.source_id", Some(c.source_id)))?;
                self.shares.add(x)
            }
        }
    }
}
