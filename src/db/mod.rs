//! The SQLite store. All SQL lives in this module tree, one submodule per table.
//!
//! `Store` owns a connection; every public write runs in one transaction, so a failed
//! import or edit leaves nothing half-written.

mod allegation_sources;
mod allegations;
mod assessment_cache;
mod audit_log;
mod briefs;
mod bulk;
mod cloud_offerings;
mod companies;
mod deployments;
mod designations;
mod inbox_events;
mod list_changes;
mod list_entries;
mod list_snapshots;
mod lists;
mod migrate;
mod monitor;
mod monitor_state;
mod persons;
mod records;
mod relations;
mod responses;
mod restrictions;
mod scenarios;
mod screening_hits;
mod screenings;
mod search;
mod settings;
mod sources;
mod trusted_keys;

use crate::error::{Error, Refusal, Result};
use crate::model::*;
use rusqlite::{Connection, OpenFlags, OptionalExtension, Transaction, TransactionBehavior};
use std::path::Path;
use std::str::FromStr;
use uuid::Uuid;

pub use audit_log::AuditContext;
pub use lists::{already_imported, refusal as lists_refusal, ListImport, Listing, Rescreen};
pub use migrate::{MIGRATIONS, SCHEMA_VERSION};
pub use records::BundleImport;

/// A read transaction held by a use case (`Store::one_state`); it ends when dropped.
pub struct OneState<'a> {
    _read: Option<Transaction<'a>>,
}

/// How long a write waits for another process's write to finish before giving up.
pub const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// An open RiskBrief database: one SQLite connection and the audit context (who and which
/// clock) that stamps every write. Every public write runs in one IMMEDIATE transaction and
/// writes an audit row per record changed; records are validated before they are written.
pub struct Store {
    conn: Connection,
    audit: AuditContext,
}

/// How many records an import wrote, per kind.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportStats {
    /// Sources written (inserted or replaced).
    pub sources: usize,
    /// Companies written (inserted or replaced).
    pub companies: usize,
    /// Allegations written, each with its citations and responses.
    pub allegations: usize,
    /// Designations written.
    pub designations: usize,
    /// Restrictions written.
    pub restrictions: usize,
    /// Cloud offerings written.
    pub cloud_offerings: usize,
    /// Persons written.
    pub persons: usize,
    /// Relations of ownership and control written.
    pub relations: usize,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    /// A database written by a newer RiskBrief is refused.
    pub fn open(path: &Path) -> Result<Store> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)
            .map_err(|e| Error::NotFound(format!("cannot open database {}: {e}", path.display())))?;
        Self::setup(conn, &path.display().to_string())
    }

    /// A new, empty database in memory with the current schema, gone when the store is
    /// dropped (tests, fuzzing, dry runs). Its `path` is `None`.
    pub fn open_in_memory() -> Result<Store> {
        Self::setup(Connection::open_in_memory()?, ":memory:")
    }

    fn setup(mut conn: Connection, name: &str) -> Result<Store> {
        let not_db = |e: rusqlite::Error| match e {
            rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::NotADatabase => {
                Error::Schema(format!(
                    "{name} is not a RiskBrief database (the file is corrupt or of another kind); \
                     point --db at another file or restore a backup"
                ))
            }
            other => Error::from(other),
        };
        // Every write transaction starts IMMEDIATE: it takes the write lock first, so a second
        // writer (the desktop app and the CLI, two CLI runs) waits for it through the busy
        // timeout instead of failing with "database is locked" when a read upgrades to a write.
        conn.set_transaction_behavior(TransactionBehavior::Immediate);
        conn.busy_timeout(BUSY_TIMEOUT).map_err(not_db)?;
        conn.pragma_update(None, "foreign_keys", true).map_err(not_db)?;
        migrate::migrate(&mut conn, name).map_err(|e| match e {
            Error::Sqlite(s) => not_db(s),
            other => other,
        })?;
        // WAL lets the CLI read while the desktop app writes; in-memory databases ignore it.
        conn.pragma_update(None, "journal_mode", "WAL").map_err(not_db)?;
        conn.pragma_update(None, "synchronous", "NORMAL").map_err(not_db)?;
        // A 64 MiB page cache (SQLite's default is 2 MiB), so that a whole-portfolio read or a
        // re-screen of 100,000 companies works from memory instead of re-reading pages; and room
        // for every statement the store prepares, parsed once per connection.
        conn.pragma_update(None, "cache_size", -65536).map_err(not_db)?;
        // Statement journals (and temporary b-trees) in memory: every write statement checks
        // foreign keys, so SQLite keeps a journal to undo that one statement, and by default
        // spills any over 64 KiB into a temporary file. A 10,000-company bundle import wrote
        // 1.5 GB into such files that nothing ever read; in memory each is freed when its
        // statement ends.
        conn.pragma_update(None, "temp_store", "MEMORY").map_err(not_db)?;
        conn.set_prepared_statement_cache_capacity(128);
        Ok(Store { conn, audit: AuditContext::default() })
    }

    /// The schema version the database is at (`PRAGMA user_version`): after `open` it is
    /// always `SCHEMA_VERSION`.
    pub fn schema_version(&self) -> Result<i64> {
        migrate::version(&self.conn)
    }

    /// True when the database holds no company and no source.
    pub fn is_empty(&self) -> Result<bool> {
        Ok(companies::count(&self.conn)? == 0 && sources::count(&self.conn)? == 0)
    }

    /// Writes every record of `data` (insert or replace by id) in one transaction,
    /// after checking that every reference resolves.
    pub fn import_dataset(&mut self, data: &Dataset) -> Result<ImportStats> {
        self.import_seed(data, &[])
    }

    /// `import_dataset`, with deployments of the dataset's companies written in the same
    /// transaction (the bundled sample and its sample register).
    pub fn import_seed(&mut self, data: &Dataset, deployments: &[Deployment]) -> Result<ImportStats> {
        crate::validate::dataset(data)?;
        for d in deployments {
            crate::validate::deployment(d)?;
        }
        let ctx = self.audit.clone();
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        for s in &data.sources {
            records::put(&tx, &ctx, s)?;
        }
        for c in &data.companies {
            records::put(&tx, &ctx, c)?;
        }
        for a in &data.allegations {
            records::put(&tx, &ctx, a)?;
        }
        for d in &data.designations {
            records::put(&tx, &ctx, d)?;
        }
        for r in &data.restrictions {
            records::put(&tx, &ctx, r)?;
        }
        for o in &data.cloud_offerings {
            records::put(&tx, &ctx, o)?;
        }
        for p in &data.persons {
            records::put(&tx, &ctx, p)?;
        }
        for r in &data.relations {
            records::put(&tx, &ctx, r)?;
        }
        for d in deployments {
            check_deployment_links(&tx, d)?;
            records::put(&tx, &ctx, d)?;
        }
        tx.commit()?;
        Ok(ImportStats {
            sources: data.sources.len(),
            companies: data.companies.len(),
            allegations: data.allegations.len(),
            designations: data.designations.len(),
            restrictions: data.restrictions.len(),
            cloud_offerings: data.cloud_offerings.len(),
            persons: data.persons.len(),
            relations: data.relations.len(),
        })
    }

    /// Every company record, by legal name (ignoring case), then id.
    pub fn companies(&self) -> Result<Vec<Company>> {
        companies::all(&self.conn)
    }

    /// One summary row per company (counts, platforms), by legal name.
    pub fn company_summaries(&self) -> Result<Vec<CompanySummary>> {
        companies::summaries(&self.conn, bulk::Scope::All)
    }

    /// How many companies are stored.
    pub fn company_count(&self) -> Result<usize> {
        Ok(companies::count(&self.conn)? as usize)
    }

    /// The summary rows of these companies (those that exist), by legal name.
    pub fn company_summaries_of(&self, ids: &[Uuid]) -> Result<Vec<CompanySummary>> {
        companies::summaries(&self.conn, bulk::Scope::Of(ids))
    }

    /// The `limit` companies with the highest cached scores for `as_of`, `model` and data
    /// `version`, ties by legal name, when the cache holds a score for every company.
    pub fn top_scores(
        &self,
        as_of: chrono::NaiveDate,
        model: &str,
        version: i64,
        limit: usize,
    ) -> Result<Option<Vec<(Uuid, u32, crate::risk::Band)>>> {
        let _read = self.one_state()?;
        assessment_cache::top(&self.conn, as_of, model, version, limit)
    }

    /// Finds a company by slug, id, or unambiguous name prefix.
    pub fn find_company(&self, reference: &str) -> Result<Company> {
        companies::find(&self.conn, reference)
    }

    /// Everything about one company, with the sources it cites.
    pub fn company_data(&self, company_id: Uuid) -> Result<CompanyData> {
        let _read = self.one_state()?;
        let mut one = bulk::company_data(&self.conn, bulk::Scope::Of(&[company_id]))?;
        one.pop().ok_or_else(|| Error::NotFound(format!("no company with id {company_id}")))
    }

    /// The whole database as a dataset (every record, stable order): every company's data, by
    /// legal name, read with one statement per table inside one read transaction.
    pub fn all_company_data(&self) -> Result<Vec<CompanyData>> {
        let _read = self.one_state()?;
        bulk::company_data(&self.conn, bulk::Scope::All)
    }

    /// Every company's data, by id, handed to `f` a batch of `batch` companies at a time (read
    /// with one statement per table a batch) inside one read transaction, so that a
    /// whole-portfolio pass holds a batch, not the portfolio. By id, not by name: a batch's
    /// rows are then neighbours in every table's company index (ids are UUID v7, in order of
    /// creation), which at 100,000 companies makes the pass half as long.
    pub fn each_company_data(&self, batch: usize, f: &mut dyn FnMut(Vec<CompanyData>) -> Result<()>) -> Result<()> {
        let _read = self.one_state()?;
        for ids in companies::ids(&self.conn)?.chunks(batch.max(1)) {
            f(bulk::company_data(&self.conn, bulk::Scope::Of(ids))?)?;
        }
        Ok(())
    }

    /// Each party these relations name, and these companies, as shown: name, slug, current lists.
    pub fn party_views(
        &self,
        relations: &[Relation],
        companies: &[Uuid],
    ) -> Result<std::collections::HashMap<Party, PartyView>> {
        let _read = self.one_state()?;
        bulk::party_views(&self.conn, relations, companies)
    }

    /// Every company's cloud offerings, by company id (each company's in `for_company` order).
    pub fn cloud_offerings_by_company(&self) -> Result<std::collections::HashMap<Uuid, Vec<CloudOffering>>> {
        Ok(bulk::group(cloud_offerings::in_scope(&self.conn, bulk::Scope::All)?, |o| o.company_id))
    }

    /// The data version scores are computed at: it changes in the transaction of every write to
    /// a record a score reads (see `assessment_cache`).
    pub fn data_version(&self) -> Result<i64> {
        assessment_cache::data_version(&self.conn)
    }

    /// Every company's cached score and band for `as_of`, `model` and data `version`, when the
    /// cache holds one for every company.
    pub fn cached_scores(
        &self,
        as_of: chrono::NaiveDate,
        model: &str,
        version: i64,
    ) -> Result<Option<std::collections::HashMap<Uuid, (u32, crate::risk::Band)>>> {
        assessment_cache::get(&self.conn, as_of, model, version)
    }

    /// Keeps every company's score and band, computed at data `version`, in one transaction;
    /// nothing is kept when the data has changed since (`Ok(false)`).
    pub fn cache_scores(
        &mut self,
        as_of: chrono::NaiveDate,
        model: &str,
        version: i64,
        scores: &[(Uuid, u32, crate::risk::Band)],
    ) -> Result<bool> {
        self.write(|tx| {
            if assessment_cache::data_version(tx)? != version {
                return Ok(false);
            }
            assessment_cache::put(tx, as_of, model, version, scores)?;
            Ok(true)
        })
    }

    /// A read transaction, so that several statements see one state of the database whatever
    /// another process writes meanwhile (and the file is locked and checked once, not once per
    /// statement): for a use case, or a store method, that reads several times. Inside a
    /// transaction already (a write that reads), nothing is started. Ends when dropped.
    pub fn one_state(&self) -> Result<OneState<'_>> {
        if !self.conn.is_autocommit() {
            return Ok(OneState { _read: None });
        }
        Ok(OneState { _read: Some(Transaction::new_unchecked(&self.conn, TransactionBehavior::Deferred)?) })
    }

    /// Every source in the database, cited or not.
    pub fn sources(&self) -> Result<Vec<Source>> {
        sources::all(&self.conn)
    }

    /// Full-text search over companies, aliases, allegations and sources. Whatever the search
    /// backlog holds is indexed first (see `catch_up_search`), so that every stored record is
    /// found as it is.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        search::catch_up(&self.conn, search::CATCH_UP_BATCH, &mut |_, _| {})?;
        search::search(&self.conn, query, limit)
    }

    /// How many stored records the search index lacks or holds in an older version: those a
    /// bundle import merged (it commits before they are indexed), and those written since
    /// while the index was behind.
    pub fn search_backlog(&self) -> Result<u64> {
        search::backlog(&self.conn)
    }

    /// Indexes the search backlog, `search::CATCH_UP_BATCH` records a transaction, so that other
    /// writers can go between them; `indexed` hears records done of the whole. Returns how many
    /// were indexed (0 when the index was up to date).
    pub fn catch_up_search(&self, indexed: &mut dyn FnMut(u64, u64)) -> Result<u64> {
        search::catch_up(&self.conn, search::CATCH_UP_BATCH, indexed)
    }

    /// One transaction of `catch_up_search`: returns how many records it indexed and how many
    /// are left. For a caller that lets others use the store between two (the desktop app).
    pub fn catch_up_search_batch(&self) -> Result<(u64, u64)> {
        search::catch_up_batch(&self.conn, search::CATCH_UP_BATCH)
    }

    /// Who the audit trail names (set by the edge).
    pub fn actor(&self) -> &str {
        &self.audit.actor
    }

    /// The time now, from the clock the edge gave (UTC, RFC 3339).
    pub fn now(&self) -> Timestamp {
        (self.audit.now)()
    }

    /// Who the audit trail names, and the clock that stamps it (set by the edge).
    pub fn set_audit_context(&mut self, ctx: AuditContext) {
        self.audit = ctx;
    }

    /// Changes to a company and everything recorded about it, newest first; a creation with the
    /// fields the record was created with (derived for rows written without them: see
    /// `audit_log`).
    pub fn history(&self, company_id: Uuid) -> Result<Vec<AuditEntry>> {
        let mut entries = audit_log::for_company(&self.conn, company_id)?;
        records::fill_creations(&self.conn, &mut entries)?;
        Ok(entries)
    }

    /// Validates a source, then inserts it or replaces it by id with its audit row, in one
    /// transaction. A broken rule is `Error::Invalid`; a duplicate unique field is `Error::Taken`.
    pub fn save_source(&mut self, s: &Source) -> Result<()> {
        crate::validate::source(s)?;
        let ctx = self.audit.clone();
        self.write(|tx| records::put(tx, &ctx, s))
    }

    /// Validates a company, then inserts it or replaces it by id with its audit row, in one
    /// transaction. Every id in `source_ids` must name a stored source (`Error::Invalid` on
    /// `source_ids` otherwise); a slug another company has is `Error::Taken`.
    pub fn save_company(&mut self, c: &Company) -> Result<()> {
        crate::validate::company(c)?;
        let ctx = self.audit.clone();
        self.write(|tx| {
            // Profile citations live in a JSON list, which foreign keys cannot check.
            for id in &c.source_ids {
                sources::get(tx, *id).map_err(|_| {
                    Error::invalid(
                        format!("company {}", c.slug),
                        Some(RecordKind::Company),
                        "source_ids",
                        format!("source {id} does not exist"),
                    )
                })?;
            }
            records::put(tx, &ctx, c)
        })
    }

    /// Validates an allegation, then inserts it or replaces it by id, with its citations and
    /// responses and its audit row, in one transaction. Its company and cited sources must exist.
    pub fn save_allegation(&mut self, a: &Allegation) -> Result<()> {
        crate::validate::allegation(a)?;
        let ctx = self.audit.clone();
        self.write(|tx| records::put(tx, &ctx, a))
    }

    /// Saves a new source and the allegation that cites it in one transaction.
    pub fn save_allegation_with_source(&mut self, a: &Allegation, new_source: &Source) -> Result<()> {
        crate::validate::source(new_source)?;
        crate::validate::allegation(a)?;
        let ctx = self.audit.clone();
        self.write(|tx| {
            records::put(tx, &ctx, new_source)?;
            records::put(tx, &ctx, a)
        })
    }

    /// Validates a designation, then inserts it or replaces it by id with its audit row, in
    /// one transaction. Its company (and source, when given) must exist.
    pub fn save_designation(&mut self, d: &Designation) -> Result<()> {
        crate::validate::designation(d)?;
        let ctx = self.audit.clone();
        self.write(|tx| records::put(tx, &ctx, d))
    }

    /// Validates a restriction, then inserts it or replaces it by id with its audit row, in
    /// one transaction. Its company (and source, when given) must exist.
    pub fn save_restriction(&mut self, r: &Restriction) -> Result<()> {
        crate::validate::restriction(r)?;
        let ctx = self.audit.clone();
        self.write(|tx| records::put(tx, &ctx, r))
    }

    /// Validates a cloud offering, then inserts it or replaces it by id with its audit row,
    /// in one transaction. Its company (and source, when given) must exist.
    pub fn save_cloud_offering(&mut self, o: &CloudOffering) -> Result<()> {
        crate::validate::cloud_offering(o)?;
        let ctx = self.audit.clone();
        self.write(|tx| records::put(tx, &ctx, o))
    }

    /// Validates deployments, then inserts or replaces each by id with its audit row, all in one
    /// transaction: either every one is written or none. A vendor company (and a cloud offering,
    /// when given, which must be that company's) must exist.
    pub fn save_deployments(&mut self, all: &[Deployment]) -> Result<()> {
        for d in all {
            crate::validate::deployment(d)?;
        }
        let ctx = self.audit.clone();
        self.write(|tx| {
            // A register import indexes its rows for search in one statement, not one per row.
            let paused = search::suspend_indexing(tx)?;
            for d in all {
                check_deployment_links(tx, d)?;
                records::put(tx, &ctx, d)?;
            }
            let ids: Vec<Uuid> = all.iter().map(|d| d.id).collect();
            search::resume_indexing(tx, paused, &[], &ids)
        })
    }

    /// The organisation's register: every deployment, by vendor name, then name.
    pub fn deployments(&self) -> Result<Vec<Deployment>> {
        deployments::all(&self.conn)
    }

    /// The organisation's deployments of one company's products, by name.
    pub fn deployments_of(&self, company_id: Uuid) -> Result<Vec<Deployment>> {
        deployments::for_company(&self.conn, company_id)
    }

    /// Deletes a deployment, audited, in one transaction. No such deployment is `Error::NotFound`.
    pub fn delete_deployment(&mut self, id: Uuid) -> Result<()> {
        self.delete(RecordKind::Deployment, id)
    }

    /// Validates a scenario, then inserts it or replaces it by id with its audit row, in one
    /// transaction. A name another scenario has is `Error::Taken`.
    pub fn save_scenario(&mut self, x: &Scenario) -> Result<()> {
        crate::validate::scenario(x)?;
        let ctx = self.audit.clone();
        self.write(|tx| records::put(tx, &ctx, x))
    }

    /// Every saved scenario, by name.
    pub fn scenarios(&self) -> Result<Vec<Scenario>> {
        scenarios::all(&self.conn)
    }

    /// The company an allegation or a cloud offering belongs to; `None` when there is no such
    /// record (other kinds name their company themselves).
    pub fn company_of(&self, kind: RecordKind, id: Uuid) -> Result<Option<Uuid>> {
        let table = match kind {
            RecordKind::Allegation | RecordKind::CloudOffering => kind.table(),
            _ => return Err(Error::Internal(format!("company_of: {} name their company", kind.noun()))),
        };
        let sql = format!("SELECT company_id FROM {table} WHERE id = ?1");
        let found: Option<String> = query_row(&self.conn, &sql, [id.to_string()], |r| r.get(0)).optional()?;
        found.map(|s| s.parse().map_err(|e: uuid::Error| Error::Internal(e.to_string()))).transpose()
    }

    /// Validates a person, then inserts or replaces it by id with its audit row, in one transaction.
    pub fn save_person(&mut self, x: &Person) -> Result<()> {
        crate::validate::person(x)?;
        let ctx = self.audit.clone();
        self.write(|tx| put_person(tx, &ctx, x))
    }

    /// Every person, by name.
    pub fn persons(&self) -> Result<Vec<Person>> {
        persons::all(&self.conn)
    }

    /// The source with this id; `None` when absent.
    pub fn source(&self, id: Uuid) -> Result<Option<Source>> {
        sources::get_opt(&self.conn, id)
    }

    /// Deletes a person with the relations it is on, each audited, in one transaction.
    pub fn delete_person(&mut self, id: Uuid) -> Result<()> {
        self.delete(RecordKind::Person, id)
    }

    /// Deletes a relation, audited, in one transaction.
    pub fn delete_relation(&mut self, id: Uuid) -> Result<()> {
        self.delete(RecordKind::Relation, id)
    }

    /// Validates a relation — alone (`validate::relation`) and against the others: no share above
    /// 100 % in sum over a company's recorded direct owners, both parties existing — then inserts
    /// or replaces it by id with its audit row, in one transaction.
    pub fn save_relation(&mut self, x: &Relation) -> Result<()> {
        crate::validate::relation(x)?;
        let ctx = self.audit.clone();
        self.write(|tx| put_relation(tx, &ctx, x))
    }

    /// Saves a new person and a relation from them in one transaction: if either is refused,
    /// neither is stored.
    pub fn save_person_and_relation(&mut self, person: &Person, relation: &Relation) -> Result<()> {
        crate::validate::person(person)?;
        crate::validate::relation(relation)?;
        let ctx = self.audit.clone();
        self.write(|tx| {
            put_person(tx, &ctx, person)?;
            put_relation(tx, &ctx, relation)
        })
    }

    /// Every relation of ownership and control: the whole graph.
    pub fn relations(&self) -> Result<Vec<Relation>> {
        relations::all(&self.conn)
    }

    /// Deletes a scenario, audited, in one transaction. No such scenario is `Error::NotFound`.
    pub fn delete_scenario(&mut self, id: Uuid) -> Result<()> {
        self.delete(RecordKind::Scenario, id)
    }

    /// Deletes a record. A company goes with everything recorded about it (each audited);
    /// sources stay, as others may cite them. A source still cited is a conflict.
    pub fn delete(&mut self, kind: RecordKind, id: Uuid) -> Result<()> {
        let ctx = self.audit.clone();
        self.write(|tx| {
            let mut plan = records::Planner::new(crate::bundle::ImportPlan::new(None, true));
            if !delete_planned(tx, &ctx, kind, id, &mut plan)? {
                return Err(Error::NotFound(format!("no {} with id {id}", kind.noun())));
            }
            Ok(())
        })
    }

    /// Deletes a company with its allegations, designations, restrictions and cloud offerings,
    /// each audited, in one transaction (see `delete`). No such company is `Error::NotFound`.
    pub fn delete_company(&mut self, id: Uuid) -> Result<()> {
        self.delete(RecordKind::Company, id)
    }

    /// Deletes an allegation with its citations and responses, audited, in one transaction.
    /// No such allegation is `Error::NotFound`.
    pub fn delete_allegation(&mut self, id: Uuid) -> Result<()> {
        self.delete(RecordKind::Allegation, id)
    }

    /// Deletes a designation, audited, in one transaction. No such designation is
    /// `Error::NotFound`.
    pub fn delete_designation(&mut self, id: Uuid) -> Result<()> {
        self.delete(RecordKind::Designation, id)
    }

    /// Deletes a restriction, audited, in one transaction. No such restriction is
    /// `Error::NotFound`.
    pub fn delete_restriction(&mut self, id: Uuid) -> Result<()> {
        self.delete(RecordKind::Restriction, id)
    }

    /// Deletes a cloud offering, audited, in one transaction. No such offering is
    /// `Error::NotFound`.
    pub fn delete_cloud_offering(&mut self, id: Uuid) -> Result<()> {
        self.delete(RecordKind::CloudOffering, id)
    }

    /// Deletes a source, audited, in one transaction. A source still cited by any record is
    /// `Error::Conflict` and stays; no such source is `Error::NotFound`.
    pub fn delete_source(&mut self, id: Uuid) -> Result<()> {
        self.delete(RecordKind::Source, id)
    }

    /// Records a generated brief in the history, with the data it was built from.
    pub fn record_brief(&mut self, b: &BriefRecord, snapshot: Option<&str>) -> Result<()> {
        self.write(|tx| briefs::insert(tx, b, snapshot))
    }

    /// The newest brief of a company built from other data than `fingerprint`, with that data (JSON).
    pub fn previous_brief(&self, company_id: Uuid, fingerprint: &str) -> Result<Option<(BriefRecord, String)>> {
        briefs::previous(&self.conn, company_id, fingerprint)
    }

    /// The recorded brief whose PDF bytes hash to `sha256`, with its data snapshot.
    pub fn brief_by_pdf_hash(&self, sha256: &str) -> Result<Option<(BriefRecord, Option<String>)>> {
        briefs::by_pdf_hash(&self.conn, sha256)
    }

    /// Every recorded rendering of the brief `brief_id` (same facts and options), newest first;
    /// empty when none was recorded.
    pub fn briefs_by_id(&self, brief_id: &str) -> Result<Vec<BriefRecord>> {
        briefs::by_brief_id(&self.conn, brief_id)
    }

    /// A company's briefs, newest first.
    pub fn briefs_for(&self, company_id: Uuid) -> Result<Vec<BriefRecord>> {
        briefs::for_company(&self.conn, company_id)
    }

    /// The stored settings; an unset one reads as empty. `effective_briefs_dir` is left empty
    /// for the edge to fill.
    pub fn settings(&self) -> Result<Settings> {
        Ok(Settings {
            briefs_dir: settings::get(&self.conn, "briefs_dir")?.unwrap_or_default(),
            analyst: settings::get(&self.conn, "analyst")?.unwrap_or_default(),
            effective_briefs_dir: String::new(),
        })
    }

    /// Stores `briefs_dir` and `analyst` (trimmed) in one transaction; `effective_briefs_dir`
    /// is not stored. A non-empty `briefs_dir` that is not an absolute path is `Error::Invalid`
    /// on that field, and nothing is written.
    pub fn save_settings(&mut self, s: &Settings) -> Result<()> {
        let dir = s.briefs_dir.trim();
        if !dir.is_empty() && !Path::new(dir).is_absolute() {
            return Err(Error::invalid("settings", None, "briefs_dir", "must be an absolute path"));
        }
        self.write(|tx| {
            settings::set(tx, "briefs_dir", s.briefs_dir.trim())?;
            settings::set(tx, "analyst", s.analyst.trim())
        })
    }

    /// Every record (or one company's, with the sources it cites) as a dataset, in stable order.
    pub fn export_dataset(&self, company: Option<Uuid>) -> Result<Dataset> {
        let datas = match company {
            Some(id) => vec![self.company_data(id)?],
            None => self.all_company_data()?,
        };
        let mut d = Dataset {
            sources: match company {
                Some(_) => datas.iter().flat_map(|x| x.sources.clone()).collect(),
                None => sources::all(&self.conn)?,
            },
            ..Dataset::default()
        };
        if company.is_none() {
            d.deployments = deployments::all(&self.conn)?;
            d.deployments.sort_by_key(|x| x.id);
            d.scenarios = scenarios::all(&self.conn)?;
            d.scenarios.sort_by_key(|x| x.id);
            d.persons = persons::all(&self.conn)?;
            d.persons.sort_by_key(|x| x.id);
            d.relations = relations::all(&self.conn)?;
        }
        for x in datas {
            if company.is_some() {
                // One company's bundle carries the persons behind it with their relations into
                // it; a relation with another company would point outside the bundle. Its
                // sources are those the records it carries cite.
                d.relations = x
                    .ownership
                    .relations
                    .iter()
                    .filter(|r| matches!(r.from, Party::Person(_)) && r.to == x.company.id)
                    .cloned()
                    .collect();
                for r in &d.relations {
                    if let Some(p) = persons::get_opt(&self.conn, r.from.id())? {
                        if !d.persons.contains(&p) {
                            d.persons.push(p);
                        }
                    }
                }
                let mut cited: std::collections::HashSet<Uuid> = x.company.source_ids.iter().copied().collect();
                for a in &x.allegations {
                    cited.extend(a.citations.iter().map(|c| c.source_id));
                    cited.extend(a.responses.iter().filter_map(|r| r.source_id));
                }
                cited.extend(x.designations.iter().filter_map(|r| r.source_id));
                cited.extend(x.restrictions.iter().filter_map(|r| r.source_id));
                cited.extend(x.cloud_offerings.iter().filter_map(|r| r.source_id));
                cited.extend(d.relations.iter().flat_map(|r| r.citations.iter().map(|c| c.source_id)));
                cited.extend(d.persons.iter().flat_map(|p| p.lists.iter().map(|l| l.source_id)));
                d.sources.retain(|s| cited.contains(&s.id));
            }
            d.companies.push(x.company);
            d.allegations.extend(x.allegations);
            d.designations.extend(x.designations);
            d.restrictions.extend(x.restrictions);
            d.cloud_offerings.extend(x.cloud_offerings);
        }
        Ok(d)
    }

    /// Every record of one company (`Some`: what it cites, then it and what is recorded about it)
    /// or of the whole database, handed to `f` one at a time in `Dataset::ORDER`, read in one
    /// transaction. The whole database is streamed table by table (each by id), so that an
    /// export holds one record at a time however large the database.
    pub fn export_records(&self, company: Option<Uuid>, f: &mut dyn FnMut(RecordRef<'_>) -> Result<()>) -> Result<()> {
        let _read = self.one_state()?;
        if let Some(id) = company {
            return self.export_dataset(Some(id))?.records().try_for_each(f);
        }
        let conn = &self.conn;
        sources::each(conn, &mut |x| f(RecordRef::Source(&x)))?;
        companies::each(conn, &mut |x| f(RecordRef::Company(&x)))?;
        bulk::each_allegation(conn, &mut |x| f(RecordRef::Allegation(&x)))?;
        designations::each(conn, &mut |x| f(RecordRef::Designation(&x)))?;
        restrictions::each(conn, &mut |x| f(RecordRef::Restriction(&x)))?;
        cloud_offerings::each(conn, &mut |x| f(RecordRef::CloudOffering(&x)))?;
        deployments::each(conn, &mut |x| f(RecordRef::Deployment(&x)))?;
        scenarios::each(conn, &mut |x| f(RecordRef::Scenario(&x)))?;
        persons::each(conn, &mut |x| f(RecordRef::Person(&x)))?;
        relations::each(conn, &mut |x| f(RecordRef::Relation(&x)))
    }

    /// Merges a checked bundle in one transaction (a dry run rolls it back): its records through
    /// a `BundleImport`, then its deletions.
    pub fn import_bundle(
        &mut self,
        b: &crate::bundle::Bundle,
        signer: Option<crate::bundle::BundleSigner>,
        dry_run: bool,
    ) -> Result<crate::bundle::ImportPlan> {
        let mut import = self.begin_bundle_import(dry_run)?;
        b.content.records().try_for_each(|r| import.put(r))?;
        import.finish(signer, &b.deletions)
    }

    /// Trusts an Ed25519 public key for signed bundles, in one transaction. A key already
    /// trusted keeps its `added_at` and takes the new name; a malformed key (not 64 lower-case
    /// hex characters) or an empty name is a validation error.
    pub fn trust_key(&mut self, k: &TrustedKey) -> Result<()> {
        self.write(|tx| trusted_keys::add(tx, k))
    }

    /// Every trusted key, ordered by name.
    pub fn trusted_keys(&self) -> Result<Vec<TrustedKey>> {
        trusted_keys::all(&self.conn)
    }

    /// SQLite's quick check of every page and index. A damaged file is an `Error::Corrupt`
    /// that says to restore a backup.
    pub fn check_integrity(&self) -> Result<()> {
        check_pages(&self.conn, "the database", "quick_check")
    }

    /// The thorough check behind `riskbrief check`: every page and index (`integrity_check`)
    /// and every reference between records (`foreign_key_check`).
    pub fn check_database(&self) -> Result<()> {
        check_pages(&self.conn, "the database", "integrity_check")?;
        let dangling: i64 = self.conn.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0))?;
        if dangling > 0 {
            return Err(Error::Corrupt(format!(
                "the database has {dangling} rows that refer to records that do not exist; restore a backup with `riskbrief restore BACKUP --yes`"
            )));
        }
        Ok(())
    }

    /// Copies the whole database to `path` with SQLite's online backup (safe while others use
    /// it). The copy is written to a temporary file beside `path`, checked page by page, synced
    /// and only then renamed into place: `path` is a complete, sound backup or does not exist.
    pub fn backup_to(&self, path: &Path) -> Result<()> {
        if path.exists() {
            return Err(Error::Conflict(format!(
                "{} already exists; choose a new file for the backup",
                path.display()
            )));
        }
        let tmp = temp_beside(path)?;
        {
            let mut dst = Connection::open(tmp.path())
                .map_err(|e| Error::NotFound(format!("cannot create {}: {e}", path.display())))?;
            let backup = rusqlite::backup::Backup::new(&self.conn, &mut dst)?;
            backup
                .run_to_completion(1024, std::time::Duration::from_millis(0), None)
                .map_err(|e| io_or_sqlite(path, e))?;
            drop(backup);
            check_pages(&dst, "the database", "quick_check")
                .map_err(|_| Error::Corrupt(format!(
                    "the database is damaged, so no backup was written to {}; restore an earlier backup with `riskbrief restore BACKUP --yes`",
                    path.display()
                )))?;
            // One file, no WAL beside it: the backup is self-contained.
            dst.pragma_update(None, "journal_mode", "DELETE").map_err(|e| io_or_sqlite(path, e))?;
        }
        crate::edge::persist(tmp, path, false)
    }

    /// Replaces this database's contents with a backup. Nothing is touched until the backup has
    /// been checked completely, on a copy (the backup file itself is only read): SQLite format,
    /// `integrity_check`, schema version, every table and column this version expects, and
    /// foreign keys. The current contents are first saved to `keep_previous`, when given; the
    /// replacement itself is one transaction, so it happens whole or not at all.
    pub fn restore_from(&mut self, path: &Path, keep_previous: Option<&Path>) -> Result<()> {
        let meta =
            std::fs::metadata(path).map_err(|_| Error::NotFound(format!("no backup file {}", path.display())))?;
        if !meta.is_file() {
            return Err(Error::Validation(format!("{} is not a regular file; nothing was restored", path.display())));
        }
        let shown = path.display().to_string();
        let not_backup = |why: String| {
            Error::refused(
                Refusal::WrongFormat,
                format!("{shown} is not a RiskBrief database backup ({why}); nothing was restored"),
            )
        };
        let work_dir =
            self.path().as_deref().and_then(Path::parent).map(Path::to_path_buf).unwrap_or_else(std::env::temp_dir);

        // 1. A private copy of the backup, taken through SQLite (read-only on the backup).
        let copy = temp_in(&work_dir, "restore")?;
        let mut candidate = Connection::open(copy.path())?;
        {
            let src =
                Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
                    .map_err(|e| not_backup(e.to_string()))?;
            let backup = rusqlite::backup::Backup::new(&src, &mut candidate).map_err(|e| not_backup(e.to_string()))?;
            backup
                .run_to_completion(1024, std::time::Duration::from_millis(0), None)
                .map_err(|e| not_backup(e.to_string()))?;
        }
        // 2. Checked whole: pages, version, schema, references.
        check_pages(&candidate, &shown, "integrity_check").map_err(|e| not_backup(e.to_string()))?;
        let version = migrate::version(&candidate).map_err(|e| not_backup(e.to_string()))?;
        if version > SCHEMA_VERSION {
            return Err(Error::refused(
                Refusal::NewerVersion,
                format!(
                    "{shown} has schema version {version}, newer than this RiskBrief understands ({SCHEMA_VERSION}); nothing was restored"
                ),
            ));
        }
        if version < 1 {
            return Err(not_backup("it has no RiskBrief schema version".into()));
        }
        migrate::migrate(&mut candidate, &shown).map_err(|e| not_backup(e.to_string()))?;
        let mut reference = Connection::open_in_memory()?;
        migrate::migrate(&mut reference, ":memory:")?;
        if let Some(missing) = migrate::missing_schema(&reference, &candidate)? {
            return Err(not_backup(missing));
        }
        let bad_refs: i64 = candidate.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0))?;
        if bad_refs > 0 {
            return Err(not_backup(format!("{bad_refs} rows refer to records that do not exist")));
        }
        // 3. The current contents, kept.
        if let Some(kept) = keep_previous {
            self.backup_to(kept)?;
        }
        // 4. One step: the whole copy replaces the live pages in a single write transaction.
        {
            let backup = rusqlite::backup::Backup::new(&candidate, &mut self.conn)?;
            let deadline = std::time::Instant::now() + BUSY_TIMEOUT;
            loop {
                match backup.step(-1)? {
                    rusqlite::backup::StepResult::Done => break,
                    _ if std::time::Instant::now() > deadline => {
                        return Err(Error::Conflict("the database stayed busy; nothing was restored, try again".into()))
                    }
                    _ => std::thread::sleep(std::time::Duration::from_millis(50)),
                }
            }
        }
        drop(candidate);
        drop(copy);
        Ok(())
    }

    /// The database file, unless the store is in memory.
    pub fn path(&self) -> Option<std::path::PathBuf> {
        self.conn.path().filter(|p| !p.is_empty()).map(std::path::PathBuf::from)
    }

    fn write<T>(&mut self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        let tx = self.conn.transaction()?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }
}

/// Stores a person (validated by the caller). Listings come from confirmed hits: an edit that
/// leaves them out (a form that does not show them, a JSON file written by hand) keeps them.
fn put_person(tx: &Transaction, ctx: &AuditContext, x: &Person) -> Result<()> {
    let kept;
    let x = match persons::get_opt(tx, x.id)? {
        Some(old) if x.lists.is_empty() && !old.lists.is_empty() => {
            kept = Person { lists: old.lists, ..x.clone() };
            &kept
        }
        _ => x,
    };
    for l in &x.lists {
        if sources::get_opt(tx, l.source_id)?.is_none() {
            let what = format!("person {:?}", x.name);
            let problem = format!("source {} does not exist", l.source_id);
            return Err(Error::invalid(what, Some(RecordKind::Person), "lists.source_id", problem));
        }
    }
    records::put(tx, ctx, x)
}

/// Stores a relation (validated by the caller) once the whole graph with it passes
/// `validate::relation_graph` (shares, self-ownership).
fn put_relation(tx: &Transaction, ctx: &AuditContext, x: &Relation) -> Result<()> {
    let mut all = relations::all(tx)?;
    all.retain(|r| r.id != x.id);
    all.push(x.clone());
    crate::validate::relation_graph(&all)?;
    records::put(tx, ctx, x)
}

/// Runs `PRAGMA integrity_check` or `quick_check`; anything but "ok" is `Error::Corrupt`.
fn check_pages(conn: &Connection, what: &str, pragma: &str) -> Result<()> {
    let first: String = conn
        .query_row(&format!("PRAGMA {pragma}(1)"), [], |r| r.get(0))
        .map_err(|e| Error::Corrupt(format!("{what} is damaged: {e}")))?;
    if first == "ok" {
        Ok(())
    } else {
        Err(Error::Corrupt(format!(
            "{what} is damaged ({first}); restore a backup with `riskbrief restore BACKUP --yes`"
        )))
    }
}

/// A temporary file beside `path` (same folder, so it can be renamed into place).
fn temp_beside(path: &Path) -> Result<tempfile::NamedTempFile> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    temp_in(dir, "backup")
}

fn temp_in(dir: &Path, what: &str) -> Result<tempfile::NamedTempFile> {
    tempfile::Builder::new()
        .prefix(&format!(".riskbrief-{what}-"))
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| crate::edge::io_error(dir, e))
}

/// A failed backup step: a full disk or an unwritable folder is named as such.
fn io_or_sqlite(path: &Path, e: rusqlite::Error) -> Error {
    let io = |kind, message| Error::Io { path: path.to_path_buf(), kind, message };
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DiskFull) => io(
            std::io::ErrorKind::StorageFull,
            format!("cannot write {}: the disk is full; nothing was written", path.display()),
        ),
        Some(
            rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::ReadOnly | rusqlite::ErrorCode::PermissionDenied,
        ) => io(
            std::io::ErrorKind::PermissionDenied,
            format!("cannot write {}: {e}; nothing was written", path.display()),
        ),
        _ => Error::from(e),
    }
}

/// A deletion of one record of `kind` (see `records::delete_planned`).
fn delete_planned(
    conn: &Connection,
    ctx: &AuditContext,
    kind: RecordKind,
    id: Uuid,
    plan: &mut records::Planner,
) -> Result<bool> {
    match kind {
        RecordKind::Source => records::delete_planned::<Source>(conn, ctx, id, plan),
        RecordKind::Company => records::delete_planned::<Company>(conn, ctx, id, plan),
        RecordKind::Allegation => records::delete_planned::<Allegation>(conn, ctx, id, plan),
        RecordKind::Designation => records::delete_planned::<Designation>(conn, ctx, id, plan),
        RecordKind::Restriction => records::delete_planned::<Restriction>(conn, ctx, id, plan),
        RecordKind::CloudOffering => records::delete_planned::<CloudOffering>(conn, ctx, id, plan),
        RecordKind::Deployment => records::delete_planned::<Deployment>(conn, ctx, id, plan),
        RecordKind::Scenario => records::delete_planned::<Scenario>(conn, ctx, id, plan),
        RecordKind::Person => records::delete_planned::<Person>(conn, ctx, id, plan),
        RecordKind::Relation => records::delete_planned::<Relation>(conn, ctx, id, plan),
    }
}

/// A deployment's company must exist, and its cloud offering, when given, must be one of that
/// company's: `Error::Invalid` naming the field otherwise.
fn check_deployment_links(conn: &Connection, d: &Deployment) -> Result<()> {
    let bad = |field: &str, problem: String| {
        Err(Error::invalid(format!("deployment {}", d.id), Some(RecordKind::Deployment), field, problem))
    };
    if let Some(c) = d.company_id {
        if companies::get_opt(conn, c)?.is_none() {
            return bad("company_id", format!("company {c} does not exist"));
        }
    }
    if let Some(o) = d.offering_id {
        match cloud_offerings::get_opt(conn, o)? {
            Some(x) if Some(x.company_id) == d.company_id => {}
            Some(_) => return bad("offering_id", format!("cloud offering {o} is another company's")),
            None => return bad("offering_id", format!("cloud offering {o} does not exist")),
        }
    }
    Ok(())
}

// ---- row helpers shared by the table modules ----

/// `Connection::execute` through the connection's statement cache: the statement is parsed
/// once per connection, not once per row.
fn exec<P: rusqlite::Params>(conn: &Connection, sql: &str, params: P) -> rusqlite::Result<usize> {
    conn.prepare_cached(sql)?.execute(params)
}

/// `Connection::query_row` through the connection's statement cache.
fn query_row<T, P: rusqlite::Params, F: FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>>(
    conn: &Connection,
    sql: &str,
    params: P,
    f: F,
) -> rusqlite::Result<T> {
    conn.prepare_cached(sql)?.query_row(params, f)
}

fn conversion_error(idx: usize, msg: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, msg.into())
}

/// Reads a column that holds a value of a `FromStr` type (enums, dates, ids).
fn col<T: FromStr>(row: &rusqlite::Row, idx: usize) -> rusqlite::Result<T>
where
    T::Err: std::fmt::Display,
{
    let s: String = row.get(idx)?;
    s.parse().map_err(|e: T::Err| conversion_error(idx, e.to_string()))
}

fn col_opt<T: FromStr>(row: &rusqlite::Row, idx: usize) -> rusqlite::Result<Option<T>>
where
    T::Err: std::fmt::Display,
{
    let s: Option<String> = row.get(idx)?;
    s.map(|s| s.parse().map_err(|e: T::Err| conversion_error(idx, e.to_string()))).transpose()
}

/// Reads a JSON array column.
fn col_json<T: serde::de::DeserializeOwned>(row: &rusqlite::Row, idx: usize) -> rusqlite::Result<T> {
    let s: String = row.get(idx)?;
    serde_json::from_str(&s).map_err(|e| conversion_error(idx, e.to_string()))
}

fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("plain data serialises")
}

fn opt_str<T: ToString>(v: &Option<T>) -> Option<String> {
    v.as_ref().map(|x| x.to_string())
}

/// Maps "no rows" to a not-found error that names what was looked for.
fn found<T>(r: rusqlite::Result<T>, what: impl FnOnce() -> String) -> Result<T> {
    match r {
        Err(rusqlite::Error::QueryReturnedNoRows) => Err(Error::NotFound(what())),
        other => Ok(other?),
    }
}

/// Where the CLI and the desktop app keep their shared database, under the OS data directory.
pub fn default_path(os_data_dir: &Path) -> std::path::PathBuf {
    os_data_dir.join("riskbrief").join("riskbrief.db")
}

/// What `open_seeded` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opened {
    /// The file existed and was opened (and migrated) as it was; nothing was seeded.
    Existing,

    /// The file was new and has been filled from the bundled dataset.
    Seeded,
    /// The file was new and left empty.
    Empty,
}

impl Store {
    /// Opens the database at `path` for an edge (CLI or desktop app). A file that does not
    /// exist yet is created (with its folder) and, when `seed` is given, filled from it in the
    /// same step, so a first run shows real data.
    /// `audit` names who and when in the audit trail, from the first write (the seeding) on.
    pub fn open_seeded(
        path: &Path,
        seed: Option<(&Dataset, &[Deployment])>,
        audit: AuditContext,
    ) -> Result<(Store, Opened)> {
        let is_new = !path.exists();
        if is_new {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|e| {
                    Error::NotFound(format!("cannot create folder {} for the database: {e}", dir.display()))
                })?;
            }
        } else if path.is_dir() {
            return Err(Error::NotFound(format!("{} is a folder; give the path of a database file", path.display())));
        }
        let mut store = Store::open(path)?;
        store.set_audit_context(audit);
        let opened = match (is_new, seed) {
            (false, _) => Opened::Existing,
            (true, None) => Opened::Empty,
            (true, Some((data, deployments))) => {
                store.import_seed(data, deployments)?;
                Opened::Seeded
            }
        };
        Ok((store, opened))
    }
}
