//! The kinds of record a user keeps (sources, companies, allegations, designations,
//! restrictions, cloud offerings, deployments, scenarios) behind one trait, so that writing with its audit row,
//! deleting, and merging a bundle are each written once for all of them.

use super::{
    allegation_sources, allegations, audit_log, cloud_offerings, companies, deployments, designations, persons,
    relations, responses, restrictions, scenarios, search, sources, AuditContext, Store,
};
use crate::bundle::{decide, ImportPlan, MergeAction, PlanItem};
use crate::error::{Error, Result};
use crate::model::*;
use rusqlite::Connection;
use serde::Serialize;
use serde_json::Value;
use uuid::Uuid;

/// A kind of record, as stored.
pub(super) trait Record: Serialize + Sized {
    /// The kind, which names the table in the audit trail and bundle plans.
    const KIND: RecordKind;
    /// The record's stable id.
    fn id(&self) -> Uuid;
    /// RFC 3339 timestamp of the record's last change: the newer side wins a bundle merge.
    fn updated_at(&self) -> Timestamp;
    /// The company the audit trail files the change under.
    fn company_id(&self) -> Option<Uuid>;
    /// A human handle for plans and messages: slug, summary, title…
    fn label(&self) -> String;
    /// The record as stored, with everything it owns (an allegation's citations and responses).
    fn get(conn: &Connection, id: Uuid) -> Result<Option<Self>>;
    /// Inserts or replaces the record and what it owns.
    fn upsert(conn: &Connection, r: &Self) -> Result<()>;
    /// Deletes the record (what it owns goes with it); not found when there is no such record.
    fn remove(conn: &Connection, id: Uuid) -> Result<()>;
}

/// Writes one record (insert or replace by id) and its audit row, in the caller's transaction.
pub(super) fn put<R: Record>(conn: &Connection, ctx: &AuditContext, r: &R) -> Result<()> {
    let before = R::get(conn, r.id())?;
    replace(conn, ctx, r, before.as_ref())
}

/// `put` when the stored version (`before`) has just been read in this transaction.
fn replace<R: Record>(conn: &Connection, ctx: &AuditContext, r: &R, before: Option<&R>) -> Result<()> {
    R::upsert(conn, r)?;
    audit_log::record(conn, ctx, R::KIND.table(), r.id(), r.company_id(), before, Some(r))
}

/// Deletes one record and writes its audit row; what was deleted is returned.
pub(super) fn delete<R: Record>(conn: &Connection, ctx: &AuditContext, id: Uuid) -> Result<R> {
    let before = R::get(conn, id)?.ok_or_else(|| Error::NotFound(format!("no {} with id {id}", R::KIND.noun())))?;
    R::remove(conn, id)?;
    audit_log::record(conn, ctx, R::KIND.table(), id, before.company_id(), Some(&before), None)?;
    Ok(before)
}

/// A bundle import's decisions as they are made: the plan, and the ids of the added and updated
/// records of the kinds search finds (noted in the search backlog at the end of the import).
pub(super) struct Planner {
    pub plan: ImportPlan,
    pub added: Vec<Uuid>,
    pub updated: Vec<Uuid>,
}

impl Planner {
    pub fn new(plan: ImportPlan) -> Planner {
        Planner { plan, added: vec![], updated: vec![] }
    }

    fn note(&mut self, item: PlanItem) {
        if item.table.searched() {
            match item.action {
                MergeAction::Add => self.added.push(item.id),
                MergeAction::Update => self.updated.push(item.id),
                _ => {}
            }
        }
        self.plan.note(item);
    }
}

/// Merges one record of a bundle (see `bundle::decide`), noting the decision in `plan`.
fn merge<R: Record>(conn: &Connection, ctx: &AuditContext, x: &R, plan: &mut Planner) -> Result<()> {
    let local = R::get(conn, x.id())?;
    let (action, fields) = decide(x, x.updated_at(), local.as_ref().map(|l| (l, l.updated_at())));
    plan.note(PlanItem { table: R::KIND, id: x.id(), label: x.label(), action, fields });
    if matches!(action, MergeAction::Add | MergeAction::Update) {
        replace(conn, ctx, x, local.as_ref())?;
    }
    Ok(())
}

/// A bundle being merged, record by record as it is read, by stable ids (see `bundle::decide`),
/// inside one IMMEDIATE transaction that `finish` commits (or, for a dry run, rolls back, so
/// that what a preview promises is what the import does: a record SQLite refuses fails both).
/// Dropped before `finish` (a refusal half-way through the file, any failure), everything it
/// wrote is rolled back. Records come in `Dataset::ORDER`, so a record's references were merged
/// before it.
pub struct BundleImport<'a> {
    store: &'a mut Store,
    ctx: AuditContext,
    plan: Planner,
    /// Search indexing set aside for the import (its records go to the backlog at the end).
    suspended: Option<search::Suspended>,
    dry_run: bool,
}

impl Store {
    /// Starts merging a bundle (see `BundleImport`).
    pub fn begin_bundle_import(&mut self, dry_run: bool) -> Result<BundleImport<'_>> {
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        let ctx = self.audit.clone();
        let mut import = BundleImport {
            store: self,
            ctx,
            plan: Planner::new(ImportPlan::new(None, !dry_run)),
            suspended: None,
            dry_run,
        };
        // FTS5 flushes its pending terms at every statement, which would otherwise dominate a
        // large import, and an updated record's old entry is found by a scan, done once for
        // all of them. Pausing the index triggers is part of the transaction: no other
        // connection sees it.
        import.suspended = Some(search::suspend_indexing(&import.store.conn)?);
        Ok(import)
    }
}

impl Drop for BundleImport<'_> {
    fn drop(&mut self) {
        if !self.store.conn.is_autocommit() {
            // Nothing can be done about a failed rollback here: SQLite rolls back what was not
            // committed when the connection closes, or the next process opens the file.
            let _ = self.store.conn.execute_batch("ROLLBACK");
        }
    }
}

impl BundleImport<'_> {
    /// Merges one record.
    pub fn put(&mut self, r: RecordRef<'_>) -> Result<()> {
        let (conn, ctx, plan) = (&self.store.conn, &self.ctx, &mut self.plan);
        match r {
            RecordRef::Source(x) => merge(conn, ctx, x, plan),
            RecordRef::Company(x) => merge(conn, ctx, x, plan),
            RecordRef::Allegation(x) => merge(conn, ctx, x, plan),
            RecordRef::Designation(x) => merge(conn, ctx, x, plan),
            RecordRef::Restriction(x) => merge(conn, ctx, x, plan),
            RecordRef::CloudOffering(x) => merge(conn, ctx, x, plan),
            RecordRef::Deployment(x) => merge(conn, ctx, x, plan),
            RecordRef::Scenario(x) => merge(conn, ctx, x, plan),
            RecordRef::Person(x) => merge(conn, ctx, x, plan),
            RecordRef::Relation(x) => merge(conn, ctx, x, plan),
        }
    }

    /// Notes who signed the bundle (known once the whole file is checked), applies its
    /// `deletions` (each with what goes with it), checks the relations as a whole, notes the
    /// merged records in the search backlog (indexed after the commit, by `search::catch_up`),
    /// and commits. A dry run rolls back instead. Returns the plan: what was done.
    pub fn finish(
        mut self,
        signer: Option<crate::bundle::BundleSigner>,
        deletions: &[crate::bundle::Deletion],
    ) -> Result<ImportPlan> {
        self.plan.plan.signer = signer;
        let (conn, ctx) = (&self.store.conn, &self.ctx);
        crate::validate::relation_graph(&relations::all(conn)?)?;
        for kind in RecordKind::DELETION_ORDER {
            for d in deletions.iter().filter(|d| d.table == kind.table()) {
                super::delete_planned(conn, ctx, kind, d.id, &mut self.plan)?;
            }
        }
        let suspended = self.suspended.take().expect("suspended at the start");
        if !self.dry_run {
            search::defer_indexing(conn, suspended, &self.plan.added, &self.plan.updated)?;
            conn.execute_batch("COMMIT")?;
        }
        // A dry run is rolled back when `self` is dropped.
        Ok(std::mem::replace(&mut self.plan.plan, ImportPlan::new(None, false)))
    }
}

/// A deletion a bundle asks for: planned and done when the record exists here (then true). A
/// company's deletion plans (and audits) everything recorded about it, which goes with it.
pub(super) fn delete_planned<R: Record>(
    conn: &Connection,
    ctx: &AuditContext,
    id: Uuid,
    plan: &mut Planner,
) -> Result<bool> {
    let Some(x) = R::get(conn, id)? else { return Ok(false) };
    let label = x.label();
    plan.note(PlanItem { table: R::KIND, id, label: label.clone(), action: MergeAction::Delete, fields: vec![] });
    // The relations a company or a person is on either side of go with it.
    let party = match R::KIND {
        RecordKind::Company => Some(Party::Company(id)),
        RecordKind::Person => Some(Party::Person(id)),
        _ => None,
    };
    if let Some(party) = party {
        for r in relations::ids_of_party(conn, party)? {
            let rel = relations::get_opt(conn, r)?.expect("listed just now");
            let label = format!("{} (with {label})", rel.label());
            plan.note(PlanItem {
                table: RecordKind::Relation,
                id: r,
                label,
                action: MergeAction::Delete,
                fields: vec![],
            });
            delete::<Relation>(conn, ctx, r)?;
        }
    }
    if R::KIND == RecordKind::Company {
        let mut children = |kind: RecordKind, id: Uuid, child: String| {
            let label = format!("{child} (with {label})");
            plan.note(PlanItem { table: kind, id, label, action: MergeAction::Delete, fields: vec![] });
        };
        for a in allegations::for_company(conn, id)? {
            children(RecordKind::Allegation, a.id, a.label());
            delete::<Allegation>(conn, ctx, a.id)?;
        }
        for d in designations::for_company(conn, id)? {
            children(RecordKind::Designation, d.id, d.label());
            delete::<Designation>(conn, ctx, d.id)?;
        }
        for r in restrictions::for_company(conn, id)? {
            children(RecordKind::Restriction, r.id, r.label());
            delete::<Restriction>(conn, ctx, r.id)?;
        }
        for o in cloud_offerings::for_company(conn, id)? {
            children(RecordKind::CloudOffering, o.id, o.label());
            delete::<CloudOffering>(conn, ctx, o.id)?;
        }
        // The organisation's deployments of the company stay, unlinked: their vendor is then
        // "not assessed" again, known by the name the register gives it.
        for d in deployments::for_company(conn, id)? {
            let label = format!("{} (unlinked from {label})", d.label());
            plan.note(PlanItem {
                table: RecordKind::Deployment,
                id: d.id,
                label,
                action: MergeAction::Update,
                fields: vec!["company_id".into()],
            });
            // Stamped now, so that the unlinking wins a later merge with an older copy.
            let unlinked = Deployment { company_id: None, offering_id: None, updated_at: (ctx.now)(), ..d.clone() };
            replace(conn, ctx, &unlinked, Some(&d))?;
        }
    }
    delete::<R>(conn, ctx, id)?;
    Ok(true)
}

/// The record of `kind` with this id as stored now, as JSON (the form the audit trail compares);
/// None when there is none.
fn stored_fields(conn: &Connection, kind: RecordKind, id: Uuid) -> Result<Option<Value>> {
    fn get<R: Record>(conn: &Connection, id: Uuid) -> Result<Option<Value>> {
        Ok(R::get(conn, id)?.map(|r| serde_json::to_value(&r).expect("plain data")))
    }
    match kind {
        RecordKind::Source => get::<Source>(conn, id),
        RecordKind::Company => get::<Company>(conn, id),
        RecordKind::Allegation => get::<Allegation>(conn, id),
        RecordKind::Designation => get::<Designation>(conn, id),
        RecordKind::Restriction => get::<Restriction>(conn, id),
        RecordKind::CloudOffering => get::<CloudOffering>(conn, id),
        RecordKind::Deployment => get::<Deployment>(conn, id),
        RecordKind::Scenario => get::<Scenario>(conn, id),
        RecordKind::Person => get::<Person>(conn, id),
        RecordKind::Relation => get::<Relation>(conn, id),
    }
}

/// Gives each creation row written without its fields (see `audit_log`) the fields the record
/// was created with: the record as it is now (or as its last deletion row has it), with every
/// change recorded after the creation undone, newest first (an update row holds each field it
/// changed as it was; a re-creation means the record did not exist before it). As a creation
/// row written with its fields shows them: each field but `updated_at` that is not null, as
/// `[null, value]`.
pub(super) fn fill_creations(conn: &Connection, entries: &mut [AuditEntry]) -> Result<()> {
    for e in entries.iter_mut().filter(|e| e.action == AuditAction::Create && e.changes.is_empty()) {
        let mut state = match stored_fields(conn, e.table, e.record_id)? {
            Some(Value::Object(fields)) => Some(fields),
            _ => None,
        };
        for (action, changes) in audit_log::later(conn, e.record_id, e.id)? {
            match action {
                AuditAction::Update => {
                    if let Some(s) = state.as_mut() {
                        for (k, v) in changes {
                            s.insert(k, v.get(0).cloned().unwrap_or(Value::Null));
                        }
                    }
                }
                AuditAction::Delete => {
                    state =
                        Some(changes.into_iter().map(|(k, v)| (k, v.get(0).cloned().unwrap_or(Value::Null))).collect())
                }
                AuditAction::Create => state = None,
            }
        }
        e.changes = state
            .unwrap_or_default()
            .into_iter()
            .filter(|(k, v)| k != "updated_at" && !v.is_null())
            .map(|(k, v)| (k, Value::Array(vec![Value::Null, v])))
            .collect();
    }
    Ok(())
}

/// A record kind stored in one table of its own: its module's `get_opt`, `upsert` and `delete`.
macro_rules! table_record {
    ($t:ty, $kind:ident, $module:ident, |$x:ident| company: $company:expr, label: $label:expr) => {
        impl Record for $t {
            const KIND: RecordKind = RecordKind::$kind;
            fn id(&self) -> Uuid {
                self.id
            }
            fn updated_at(&self) -> Timestamp {
                self.updated_at
            }
            #[allow(unused_variables)] // a source belongs to no company
            fn company_id(&self) -> Option<Uuid> {
                let $x = self;
                $company
            }
            fn label(&self) -> String {
                let $x = self;
                $label
            }
            fn get(conn: &Connection, id: Uuid) -> Result<Option<Self>> {
                $module::get_opt(conn, id)
            }
            fn upsert(conn: &Connection, r: &Self) -> Result<()> {
                $module::upsert(conn, r)
            }
            fn remove(conn: &Connection, id: Uuid) -> Result<()> {
                $module::delete(conn, id)
            }
        }
    };
}

table_record!(Source, Source, sources, |x| company: None, label: x.title.clone());
table_record!(Company, Company, companies, |x| company: Some(x.id), label: x.slug.clone());
table_record!(Designation, Designation, designations, |x| company: Some(x.company_id), label: x.list.label().into());
table_record!(Restriction, Restriction, restrictions, |x| company: Some(x.company_id),
    label: format!("{} — {}", x.jurisdiction, x.measure));
table_record!(CloudOffering, CloudOffering, cloud_offerings, |x| company: Some(x.company_id),
    label: format!("{}: {}", x.platform, x.service));
table_record!(Deployment, Deployment, deployments, |x| company: x.company_id,
    label: format!("{} ({})", x.name, x.vendor_name));
table_record!(Scenario, Scenario, scenarios, |x| company: None, label: x.name.clone());
table_record!(Person, Person, persons, |x| company: None, label: x.name.clone());
table_record!(Relation, Relation, relations, |x| company: Some(x.to), label: x.kind.label().into());

/// An allegation owns its citations and responses, kept in their own tables.
impl Record for Allegation {
    const KIND: RecordKind = RecordKind::Allegation;
    fn id(&self) -> Uuid {
        self.id
    }
    fn updated_at(&self) -> Timestamp {
        self.updated_at
    }
    fn company_id(&self) -> Option<Uuid> {
        Some(self.company_id)
    }
    fn label(&self) -> String {
        self.summary.clone()
    }
    fn get(conn: &Connection, id: Uuid) -> Result<Option<Self>> {
        let Some(mut a) = allegations::get_opt(conn, id)? else { return Ok(None) };
        a.citations = allegation_sources::for_allegation(conn, id)?;
        a.responses = responses::for_allegation(conn, id)?;
        Ok(Some(a))
    }
    fn upsert(conn: &Connection, r: &Self) -> Result<()> {
        allegations::upsert(conn, r)?;
        allegation_sources::replace(conn, r.id, &r.citations)?;
        responses::replace(conn, r.id, &r.responses)
    }
    fn remove(conn: &Connection, id: Uuid) -> Result<()> {
        allegations::delete(conn, id)
    }
}
