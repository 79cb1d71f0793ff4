//! Store operations over official lists: snapshots replacing each other atomically, and the
//! screening hits found against them and their review.

use super::{inbox_events, list_changes, list_entries, list_snapshots, screening_hits, screenings, Store};
use crate::error::{Error, Refusal, Result};
use crate::model::*;
use uuid::Uuid;

/// What a list import changes for the screened portfolio, stored with the snapshot in its
/// transaction (`screening::import` works it out).
#[derive(Debug, Clone)]
pub struct Rescreen {
    /// Hits on the replaced snapshot's entries whose screened names did not change, moved to the
    /// new snapshot with their decisions (new ids, the entries as now listed), each with the id
    /// of the hit it continues: its inbox events follow it.
    pub carried: Vec<(Uuid, ScreeningHit)>,
    /// Hits found against the new snapshot's added and renamed entries (or all its entries, for
    /// a company not screened before), by company: stored as a screening finds them, so a
    /// decision holds while an entry's names stay the same; each new open hit raises an event.
    pub found: Vec<(Uuid, Vec<ScreeningHit>)>,
    /// The companies screened, with the threshold: the new snapshot's screening of each is recorded.
    pub screened: Vec<(Uuid, u8)>,
    /// The other events the import raises: matched entries removed, designations' snapshots replaced.
    pub events: Vec<InboxEvent>,
    /// When.
    pub at: Timestamp,
}

impl Rescreen {
    /// Nothing to store but the snapshot: no company was screened.
    pub fn none(at: Timestamp) -> Rescreen {
        Rescreen { carried: vec![], found: vec![], screened: vec![], events: vec![], at }
    }
}

/// What a confirmed hit records: a company's designation, or a person with a new listing.
#[derive(Debug, Clone, Copy)]
pub enum Listing<'a> {
    /// The designation of the company (or of its owner company).
    Designation(&'a Designation),
    /// The person (an owner or controller) as it will be stored, with the listing added.
    Person(&'a Person),
}

/// Why `snapshot` may not replace `current`: the same files again, or older ones.
pub fn refusal(current: Option<&ListSnapshot>, snapshot: &ListSnapshot) -> Option<Error> {
    match current {
        Some(c) if c.file_hash == snapshot.file_hash => Some(already_imported(c)),
        Some(c) if c.as_of > snapshot.as_of => Some(Error::refused(
            Refusal::OlderSnapshot,
            format!(
                "the current {} snapshot is of {}, newer than these files ({}); nothing imported",
                c.title, c.as_of, snapshot.as_of
            ),
        )),
        _ => None,
    }
}

/// The refusal of files that `current` was read from.
pub fn already_imported(current: &ListSnapshot) -> Error {
    Error::refused(
        Refusal::AlreadyImported,
        format!(
            "these files were already imported as the {} snapshot of {} (imported {})",
            current.title, current.as_of, current.imported_at
        ),
    )
}

/// Stores found hits and raises an event for each new open one; returns how many those are.
fn store_found(tx: &rusqlite::Connection, hits: &[ScreeningHit], at: Timestamp) -> Result<usize> {
    let mut new = 0;
    for h in hits {
        if screening_hits::upsert_found(tx, h)? == screening_hits::Stored::New {
            new += 1;
            inbox_events::insert(tx, &InboxEvent::new_hit(h, at))?;
        }
    }
    Ok(new)
}

/// A new snapshot of a list being stored. Its entries are written as the parser reads them
/// (`lists::EntrySink`), inside one IMMEDIATE transaction that `finish` commits with the snapshot
/// and what it changes; dropped before that (a file refused half-way, any failure), everything it
/// wrote is rolled back. Meanwhile `store()` reads inside the transaction: the current snapshot
/// as it stands, under the write lock, and the new entries written so far.
pub struct ListImport<'a> {
    store: &'a mut Store,
    id: Uuid,
    open: bool,
}

impl Store {
    /// Starts storing a new list snapshot with id `id` (see `ListImport`).
    pub fn begin_list_import(&mut self, id: Uuid) -> Result<ListImport<'_>> {
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        let imp = ListImport { store: self, id, open: true };
        // The snapshot's own row is written last, once its list and date are known.
        imp.store.conn.pragma_update(None, "defer_foreign_keys", true)?;
        Ok(imp)
    }
}

impl crate::lists::EntrySink for ListImport<'_> {
    fn put(&mut self, e: &ListEntry) -> Result<bool> {
        list_entries::insert(&self.store.conn, self.id, e)
    }

    fn add_owners(&mut self, key: &str, owners: &[ListOwner]) -> Result<Option<ListEntry>> {
        list_entries::add_owners(&self.store.conn, self.id, key, owners)
    }
}

impl Drop for ListImport<'_> {
    fn drop(&mut self) {
        if self.open {
            // Nothing can be done about a failed rollback here: SQLite rolls back what was not
            // committed when the connection closes, or the next process opens the file.
            let _ = self.store.conn.execute_batch("ROLLBACK");
        }
    }
}

impl ListImport<'_> {
    /// The store, read inside the import's transaction.
    pub fn store(&self) -> &Store {
        self.store
    }

    /// Stores `snapshot` (its id is the import's; `entry_count` says how many entries were put)
    /// as the list's current snapshot, with what re-screening the portfolio found (`rescreen`;
    /// returns how many new open hits), and commits: the previous snapshot (if any) is marked
    /// replaced and its entries dropped, and what was added and removed since it is kept; the
    /// `relations` the list states are written with the source they cite. A file set already
    /// imported, or older than the current snapshot, is refused and nothing changes.
    pub fn finish(
        mut self,
        mut snapshot: ListSnapshot,
        relations: Option<(Source, Vec<Relation>)>,
        rescreen: &Rescreen,
    ) -> Result<(ListSnapshot, usize)> {
        if let Some((s, rs)) = &relations {
            crate::validate::source(s)?;
            for r in rs {
                crate::validate::relation(r)?;
            }
        }
        snapshot.id = self.id;
        let ctx = self.store.audit.clone();
        let tx = &self.store.conn;
        let current = list_snapshots::current(tx, &snapshot.list)?;
        if let Some(refused) = refusal(current.as_ref(), &snapshot) {
            return Err(refused);
        }
        (snapshot.added, snapshot.removed) = (0, 0);
        if let Some(c) = &current {
            (snapshot.added, snapshot.removed) = list_changes::insert_between(tx, c.id, snapshot.id)?;
            snapshot.previous_id = Some(c.id);
            list_snapshots::mark_replaced(tx, c.id, snapshot.imported_at)?;
            list_entries::delete_for_snapshot(tx, c.id)?;
        }
        snapshot.replaced_at = None;
        list_snapshots::insert(tx, &snapshot)?;
        // The relations the list states, citing it, in the same transaction.
        if let Some((source, rs)) = &relations {
            if super::sources::get_opt(tx, source.id)?.is_none() {
                super::records::put(tx, &ctx, source)?;
            }
            for r in rs {
                super::records::put(tx, &ctx, r)?;
            }
        }
        // The portfolio re-screened against what changed, and what that means, in the same transaction.
        for (from, h) in &rescreen.carried {
            screening_hits::insert(tx, h)?;
            inbox_events::follow_hit(tx, *from, h.id)?;
        }
        for (company, threshold) in &rescreen.screened {
            screenings::upsert(tx, *company, snapshot.id, rescreen.at, *threshold)?;
        }
        let mut new_hits = 0;
        for (_, hits) in &rescreen.found {
            new_hits += store_found(tx, hits, rescreen.at)?;
        }
        for e in &rescreen.events {
            inbox_events::insert(tx, e)?;
        }
        tx.execute_batch("COMMIT")?;
        self.open = false;
        Ok((snapshot, new_hits))
    }
}

impl Store {
    /// The current snapshot read from exactly these files in `format`, if any
    /// (`list_snapshots::current_of_files`).
    pub fn current_snapshot_of_files(&self, format: ListFormat, file_hash: &str) -> Result<Option<ListSnapshot>> {
        list_snapshots::current_of_files(&self.conn, format, file_hash)
    }

    /// The current snapshot of `list`, if any.
    pub fn current_snapshot(&self, list: &str) -> Result<Option<ListSnapshot>> {
        list_snapshots::current(&self.conn, list)
    }

    /// The entry of a current snapshot with `key`, if any.
    pub fn snapshot_entry(&self, snapshot: Uuid, key: &str) -> Result<Option<ListEntry>> {
        list_entries::get(&self.conn, snapshot, key)
    }

    /// The entries of current snapshot `new` that `old` does not list under the same screened
    /// names: added or renamed (`list_entries::changed`).
    pub fn changed_entries(&self, old: Uuid, new: Uuid) -> Result<Vec<ListEntry>> {
        list_entries::changed(&self.conn, old, new)
    }

    /// The entries of a current snapshot (a replaced one keeps none).
    pub fn snapshot_entries(&self, snapshot: Uuid) -> Result<Vec<ListEntry>> {
        list_entries::for_snapshot(&self.conn, snapshot)
    }

    /// Every hit on a snapshot (of any status).
    pub fn snapshot_hits(&self, snapshot: Uuid) -> Result<Vec<ScreeningHit>> {
        screening_hits::for_snapshot(&self.conn, snapshot)
    }

    /// The companies screened against a snapshot, with the threshold used.
    pub fn screened_against(&self, snapshot: Uuid) -> Result<std::collections::HashMap<Uuid, u8>> {
        screenings::of_snapshot(&self.conn, snapshot)
    }

    /// Every snapshot, current ones first.
    pub fn list_snapshots(&self) -> Result<Vec<ListSnapshot>> {
        list_snapshots::all(&self.conn)
    }

    /// One snapshot, current or replaced, by id; no such snapshot is `Error::NotFound`.
    pub fn list_snapshot(&self, id: Uuid) -> Result<ListSnapshot> {
        list_snapshots::get(&self.conn, id)
    }

    /// What a snapshot added to and removed from its list, relative to the one it replaced.
    pub fn list_changes(&self, snapshot: Uuid) -> Result<Vec<ListChange>> {
        list_changes::for_snapshot(&self.conn, snapshot)
    }

    /// The current snapshot of every list, with its entries.
    pub fn current_lists(&self) -> Result<Vec<(ListSnapshot, Vec<ListEntry>)>> {
        list_snapshots::all(&self.conn)?
            .into_iter()
            .filter(|s| s.replaced_at.is_none())
            .map(|s| {
                let entries = list_entries::for_snapshot(&self.conn, s.id)?;
                Ok((s, entries))
            })
            .collect()
    }

    /// Records that each company was screened against `snapshots` at `at`, with the hits found
    /// for it, all in one transaction (a run over the whole portfolio is one write, not one per
    /// company). Returns how many hits are new.
    pub fn record_screenings(
        &mut self,
        screened: &[(Uuid, Vec<ScreeningHit>)],
        snapshots: &[Uuid],
        at: Timestamp,
        threshold: u8,
    ) -> Result<usize> {
        let tx = self.conn.transaction()?;
        let mut new = 0;
        for (company_id, hits) in screened {
            for s in snapshots {
                screenings::upsert(&tx, *company_id, *s, at, threshold)?;
            }
            new += store_found(&tx, hits, at)?;
        }
        tx.commit()?;
        Ok(new)
    }

    /// Screening hits, of one company or all and in one status or any: open hits first, then
    /// best score first, then oldest found first.
    pub fn screening_hits(&self, company_id: Option<Uuid>, status: Option<HitStatus>) -> Result<Vec<ScreeningHit>> {
        screening_hits::list(&self.conn, company_id, status)
    }

    /// One screening hit by id, whatever its status; no such hit is `Error::NotFound`.
    pub fn screening_hit(&self, id: Uuid) -> Result<ScreeningHit> {
        screening_hits::get(&self.conn, id)
    }

    /// Saves a reviewed hit and, for a confirmation, the list's source and the designation or
    /// person listing it becomes, in one transaction.
    pub fn review_hit(&mut self, hit: &ScreeningHit, confirmed: Option<(&Source, Listing<'_>)>) -> Result<()> {
        if let Some((s, l)) = &confirmed {
            crate::validate::source(s)?;
            match l {
                Listing::Designation(d) => crate::validate::designation(d)?,
                Listing::Person(p) => crate::validate::person(p)?,
            }
        }
        let ctx = self.audit.clone();
        let tx = self.conn.transaction()?;
        let stored = screening_hits::get(&tx, hit.id)?;
        if stored.status != HitStatus::Open {
            return Err(Error::Conflict(format!(
                "the hit on {} was already {} by {}",
                stored.entry_name,
                stored.status.label().to_lowercase(),
                stored.reviewed_by.as_deref().unwrap_or("someone")
            )));
        }
        if let Some((s, l)) = confirmed {
            super::records::put(&tx, &ctx, s)?;
            match l {
                Listing::Designation(d) => super::records::put(&tx, &ctx, d)?,
                Listing::Person(p) => super::records::put(&tx, &ctx, p)?,
            }
        }
        screening_hits::review(&tx, hit)?;
        // The review is the decision its new-hit event waited for.
        inbox_events::settle_hit(&tx, hit)?;
        tx.commit()?;
        Ok(())
    }
}
