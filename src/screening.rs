//! List use cases shared by the CLI and the desktop app: import a list file set as a snapshot,
//! screen companies or a supplier file against the current snapshots, review hits.
//! Like `app`, no clock and no file system: times, ids and file bytes come in as arguments.

use crate::error::{Error, Refusal, Result};
use crate::lists::{self, InputFile};
use crate::matching::Index;
use crate::model::*;
use crate::Store;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

crate::model::labelled_enum!(
    /// The two steps of a list import.
    ListPhase {
        Reading = "reading", "Reading the files";
        Storing = "storing", "Storing entries";
    }
);

crate::model::labelled_enum!(
    /// Where a list snapshot's as-of date came from.
    AsOfFrom {
        Given = "given", "given";
        FileContents = "the latest date in the file", "the latest date in the file";
        FileName = "the file name", "the file name";
    }
);

/// Progress of a list import, sent to the UI as events and drawn as a bar by the CLI.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ListProgress {
    /// Which step: reading the files, then storing the entries.
    pub phase: ListPhase,
    /// Work done so far in this phase: bytes read (reading) or entries stored (storing).
    #[ts(type = "number")]
    pub done: u64,
    /// The phase's whole work, in the same unit: bytes of all files, or entries to store.
    #[ts(type = "number")]
    pub total: u64,
}

/// What the desktop app sends to import a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportListRequest {
    /// The format the files are in, which picks the reader that parses them.
    pub format: ListFormat,
    /// For OFAC: sdn.csv, then alt.csv and add.csv.
    pub paths: Vec<String>,
    /// The list's date when the files carry none.
    #[serde(default)]
    pub as_of: Option<NaiveDate>,
}

/// What a list import stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportOutcome {
    /// The new current snapshot, with its entry count and what it added and removed relative
    /// to the snapshot it replaced.
    pub snapshot: ListSnapshot,
    /// Where the snapshot's as-of date came from.
    pub as_of_from: AsOfFrom,
    /// Rows read but not kept as entries, and why.
    pub notes: Vec<String>,
    /// How the portfolio was re-screened against the new snapshot.
    pub rescreen: RescreenSummary,
}

/// What re-screening the portfolio against a new snapshot did: only the entries added or renamed
/// since the replaced snapshot were screened for companies screened against it before.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RescreenSummary {
    /// Companies screened.
    pub companies: u32,
    /// Entries screened against the companies screened before: those added or renamed.
    pub entries_screened: u32,
    /// Companies not screened against the list before, screened against all of it.
    pub screened_in_full: u32,
    /// Hits on unchanged entries moved to the new snapshot with their decisions.
    pub hits_carried: u32,
    /// New hits awaiting review (each an inbox event).
    pub new_hits: u32,
    /// Inbox events the import raised (new hits not counted: see the inbox).
    pub events: u32,
    /// Bands and verdicts changed since the last check (`app::monitor::import_list` checks).
    pub changes: u32,
}

/// Reads `files` in `format` and stores them as the list's new current snapshot.
/// The as-of date is `as_of` if given, else the latest date in the files, else a date in the
/// first file's name; with none of these the import is refused.
pub fn import(
    store: &mut Store,
    format: ListFormat,
    files: &[InputFile],
    as_of: Option<NaiveDate>,
    id: Uuid,
    imported_at: Timestamp,
    progress: &mut dyn FnMut(ListProgress),
) -> Result<ImportOutcome> {
    // A damaged database takes no new snapshot on top of the damage.
    store.check_integrity()?;
    let mut imp = store.begin_list_import(id)?;
    let parsed = lists::parse(
        format,
        files,
        &mut |done, total| progress(ListProgress { phase: ListPhase::Reading, done, total }),
        &mut imp,
    )?;
    // The files are hashed as they are read, so the same files again are refused once read (and
    // again when the snapshot is stored, under the same write lock).
    let file_hash = lists::files_hash(files)?;
    if let Some(current) = imp.store().current_snapshot_of_files(format, &file_hash)? {
        return Err(crate::db::already_imported(&current));
    }
    let (as_of, as_of_from) = match (as_of, parsed.content_date, lists::date_in_name(files[0].name)) {
        (Some(d), _, _) => (d, AsOfFrom::Given),
        (None, Some(d), _) => (d, AsOfFrom::FileContents),
        (None, None, Some(d)) => (d, AsOfFrom::FileName),
        (None, None, None) => {
            return Err(Error::refused(
                Refusal::NoDate,
                format!("{}: the file carries no date; give the list's as-of date", files[0].name),
            ))
        }
    };
    let snapshot = ListSnapshot {
        id,
        list: parsed.list.clone(),
        title: parsed.title.clone(),
        publisher: parsed.publisher.clone(),
        url: parsed.url.clone(),
        format,
        as_of,
        file_hash,
        files: files.iter().map(|f| base_name(f.name).to_owned()).collect(),
        entry_count: parsed.entry_count,
        imported_at,
        previous_id: None,
        added: 0,
        removed: 0,
        replaced_at: None,
        regime: lists::regime(&parsed.list),
    };
    let mut outcome = store_snapshot(imp, snapshot, &parsed.owned, parsed.notes, progress)?;
    outcome.as_of_from = as_of_from;
    Ok(outcome)
}

/// Stores a new snapshot of a list whose entries `imp` holds (`ListImport::finish`), with the
/// relations the list states (`owned`: the entries that state owners) and the portfolio
/// re-screened against what changed, in the import's one transaction. Refused, with nothing
/// changed, when the list's current snapshot came from the same files or is newer.
fn store_snapshot(
    imp: crate::db::ListImport,
    snapshot: ListSnapshot,
    owned: &[ListEntry],
    notes: Vec<String>,
    progress: &mut dyn FnMut(ListProgress),
) -> Result<ImportOutcome> {
    let imported_at = snapshot.imported_at;
    let store = imp.store();
    // Refused before any screening work (the import holds the write lock: this is the answer).
    if let Some(refused) = crate::db::lists_refusal(store.current_snapshot(&snapshot.list)?.as_ref(), &snapshot) {
        return Err(refused);
    }
    let mut notes = notes;
    let derived = list_relations(store, &snapshot, owned, &mut notes)?;
    let (rescreen, summary) = rescreen(store, &snapshot, imported_at)?;
    let total = u64::from(snapshot.entry_count);
    progress(ListProgress { phase: ListPhase::Storing, done: total, total });
    let (snapshot, new_hits) = imp.finish(snapshot, derived, &rescreen)?;
    Ok(ImportOutcome {
        snapshot,
        as_of_from: AsOfFrom::Given,
        notes,
        rescreen: RescreenSummary { new_hits: new_hits as u32, ..summary },
    })
}
/// A list pack of every current snapshot (`pack`), signed when a key is given: its bytes.
pub fn export_pack(
    store: &Store,
    created_at: Timestamp,
    exported_by: String,
    key: Option<&ed25519_dalek::SigningKey>,
) -> Result<Vec<u8>> {
    let mut lists = vec![];
    for (snapshot, entries) in store.current_lists()? {
        let changes = store.list_changes(snapshot.id)?;
        lists.push(crate::pack::PackedList { snapshot, entries, changes });
    }
    if lists.is_empty() {
        return Err(Error::refused(Refusal::NoList, "no list has been imported yet: there is nothing to pack"));
    }
    Ok(crate::pack::to_bytes(&crate::pack::create(lists, created_at, exported_by, key)))
}

/// What happened to one list of a pack.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PackListOutcome {
    /// The list's key.
    pub list: String,
    /// Its title.
    pub title: String,
    /// The pack's snapshot's as-of date.
    pub as_of: NaiveDate,
    /// How many entries.
    pub entry_count: u32,
    /// Stored, with what it changed; none when refused or in a dry run.
    #[serde(default)]
    pub imported: Option<ImportOutcome>,
    /// Why it was (or, in a dry run, would be) left out: this database already holds these files,
    /// or a newer snapshot.
    #[serde(default)]
    pub refused: Option<String>,
}

/// What importing a pack did (or, in a dry run, would do), list by list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PackOutcome {
    /// Who made it.
    pub exported_by: String,
    /// When it was made.
    pub created_at: Timestamp,
    /// The trusted key that signed it, if signed.
    #[serde(default)]
    pub signed_by: Option<crate::bundle::BundleSigner>,
    /// True for a dry run: nothing was stored.
    pub dry_run: bool,
    /// Each list.
    pub lists: Vec<PackListOutcome>,
}

/// Imports a list pack: checks it whole first (format, hash, signature against the trusted
/// keys, each list; any failure refuses it with nothing changed), then applies each list's
/// snapshot with the rules of a file import — a newer one replaces the current snapshot
/// atomically, with the portfolio re-screened; the same files or an older snapshot are refused
/// for that list, which is left as it is. `dry_run` says what would happen and stores nothing.
pub fn import_pack(
    store: &mut Store,
    name: &str,
    bytes: &[u8],
    allow_unsigned: bool,
    dry_run: bool,
    now: Timestamp,
    progress: &mut dyn FnMut(ListProgress),
) -> Result<PackOutcome> {
    let trusted: Vec<(String, String)> = store.trusted_keys()?.into_iter().map(|k| (k.public_key, k.name)).collect();
    let (pack, signer) = crate::pack::open(name, bytes, &trusted, allow_unsigned)?;
    let mut out = PackOutcome {
        exported_by: pack.manifest.exported_by.clone(),
        created_at: pack.manifest.created_at,
        signed_by: signer,
        dry_run,
        lists: vec![],
    };
    for l in pack.lists {
        let mut snapshot = l.snapshot;
        snapshot.id = Uuid::now_v7();
        snapshot.imported_at = now;
        snapshot.previous_id = None;
        snapshot.replaced_at = None;
        snapshot.regime = lists::regime(&snapshot.list);
        let mut row = PackListOutcome {
            list: snapshot.list.clone(),
            title: snapshot.title.clone(),
            as_of: snapshot.as_of,
            entry_count: snapshot.entry_count,
            imported: None,
            refused: None,
        };
        let refusal = crate::db::lists_refusal(store.current_snapshot(&snapshot.list)?.as_ref(), &snapshot);
        match (refusal, dry_run) {
            (Some(e), _) => row.refused = Some(e.to_string()),
            (None, true) => {}
            (None, false) => {
                let note = format!("from the list pack {name}, made by {} on {}", out.exported_by, out.created_at);
                let stored = store.check_integrity().and_then(|()| {
                    let mut imp = store.begin_list_import(snapshot.id)?;
                    for e in &l.entries {
                        lists::EntrySink::put(&mut imp, e)?; // unique: `pack::open` checked
                    }
                    let owned: Vec<ListEntry> = l.entries.iter().filter(|e| !e.owners.is_empty()).cloned().collect();
                    store_snapshot(imp, snapshot, &owned, vec![note], progress)
                });
                match stored {
                    Ok(o) => row.imported = Some(o),
                    // Another process stored the same or a newer snapshot meanwhile.
                    Err(e @ Error::Refused { kind: Refusal::AlreadyImported | Refusal::OlderSnapshot, .. }) => {
                        row.refused = Some(e.to_string())
                    }
                    Err(e) => return Err(e),
                }
            }
        }
        out.lists.push(row);
    }
    Ok(out)
}

/// Re-screens the portfolio against a new snapshot of a list, incrementally: hits on entries
/// whose screened names did not change move to the new snapshot with their decisions; only the
/// added and renamed entries are screened, against every company screened against the replaced
/// snapshot; a company not screened against the list before is screened against all of it.
/// Matched entries that were removed, and designations whose snapshot is replaced, become inbox
/// events. Nothing is stored here: `ListImport::finish` stores it with the snapshot.
fn rescreen(store: &Store, snapshot: &ListSnapshot, at: Timestamp) -> Result<(crate::db::Rescreen, RescreenSummary)> {
    let companies = store.companies()?;
    let mut out = crate::db::Rescreen::none(at);
    let mut summary = RescreenSummary::default();
    if companies.is_empty() {
        return Ok((out, summary));
    }
    let current = store.current_snapshot(&snapshot.list)?;
    let (old_hits, before) = match &current {
        Some(c) => (store.snapshot_hits(c.id)?, store.screened_against(c.id)?),
        None => Default::default(),
    };
    // The new snapshot's entries are read back from the import as needed: those added or
    // renamed, each one a hit is on, and all of them only for companies never screened against
    // the list (with no snapshot before, every company).
    let changed = match &current {
        Some(c) => store.changed_entries(c.id, snapshot.id)?,
        None => vec![],
    };
    let renamed: std::collections::HashSet<&str> = changed.iter().map(|e| e.key.as_str()).collect();
    // A hit is on an entry of the replaced snapshot: one the new snapshot lists and did not
    // add or rename is listed under the same names.
    let unchanged = |key: &str| !renamed.contains(key);
    let name_of: std::collections::HashMap<Uuid, &str> =
        companies.iter().map(|c| (c.id, c.legal_name.as_str())).collect();
    for h in &old_hits {
        let company = name_of.get(&h.company_id).copied().unwrap_or(&h.query_name);
        match store.snapshot_entry(snapshot.id, &h.entry_key)? {
            Some(e) => {
                if unchanged(&h.entry_key) {
                    out.carried.push((
                        h.id,
                        ScreeningHit {
                            id: Uuid::now_v7(),
                            snapshot_id: snapshot.id,
                            list_title: snapshot.title.clone(),
                            entry_name: e.name.clone(),
                            entry: e.clone(),
                            ..h.clone()
                        },
                    ));
                }
                if h.status == HitStatus::Confirmed {
                    let names = if unchanged(&h.entry_key) {
                        "still lists the entry".to_string()
                    } else {
                        "lists the entry under changed names: the match is screened again".to_string()
                    };
                    let mut ev = InboxEvent::open(
                        InboxKind::SnapshotReplaced,
                        at,
                        format!("{company}: its {} designation rests on a replaced snapshot", snapshot.title),
                        format!(
                            "The designation was confirmed from the snapshot of {}; the snapshot of {} replaced it and {names}.",
                            current.as_ref().map_or(String::new(), |c| c.as_of.to_string()),
                            snapshot.as_of
                        ),
                    );
                    ev.company_id = Some(h.company_id);
                    ev.snapshot_id = Some(snapshot.id);
                    ev.hit_id = Some(h.id);
                    out.events.push(ev);
                }
            }
            None if h.status != HitStatus::Dismissed => {
                let then = match h.status {
                    HitStatus::Confirmed => {
                        " The designation made from it still says \"listed\": record the delisting once confirmed."
                    }
                    _ => " The hit was awaiting review.",
                };
                let mut ev = InboxEvent::open(
                    InboxKind::EntryRemoved,
                    at,
                    format!("{} is no longer on the {}", h.entry_name, snapshot.title),
                    format!(
                        "{company} was matched to this entry ({}, \"{}\" ≈ \"{}\", score {}); the snapshot of {} no longer lists it (key {}).{then}",
                        h.status.label().to_lowercase(),
                        h.query_name,
                        h.matched_name,
                        h.score,
                        snapshot.as_of,
                        h.entry_key
                    ),
                );
                ev.company_id = Some(h.company_id);
                ev.snapshot_id = Some(snapshot.id);
                ev.hit_id = Some(h.id);
                out.events.push(ev);
            }
            None => {}
        }
    }
    let (known, fresh): (Vec<Company>, Vec<Company>) = companies.into_iter().partition(|c| before.contains_key(&c.id));
    let threshold = |c: Uuid| before.get(&c).copied().unwrap_or(crate::matching::DEFAULT_THRESHOLD);
    summary.entries_screened = if current.is_some() { changed.len() as u32 } else { snapshot.entry_count };
    if !known.is_empty() && !changed.is_empty() {
        out.found.extend(find_hits(store, &ListIndex::of(snapshot.clone(), changed), &known, &threshold, at)?);
    }
    if !fresh.is_empty() {
        let all = store.snapshot_entries(snapshot.id)?;
        out.found.extend(find_hits(store, &ListIndex::of(snapshot.clone(), all), &fresh, &threshold, at)?);
    }
    out.screened = known.iter().chain(&fresh).map(|c| (c.id, threshold(c.id))).collect();
    summary.companies = out.screened.len() as u32;
    summary.screened_in_full = fresh.len() as u32;
    summary.hits_carried = out.carried.len() as u32;
    summary.events = out.events.len() as u32;
    Ok((out, summary))
}

/// The relations a list states (`ListEntry::owners`: a 1260H parent, an OpenSanctions holding)
/// between parties that are both in the database, found by their names (legal, native or other
/// name of a company; a person's name) normalised, and not recorded yet; each cites the list
/// snapshot. What cannot be linked is said in `notes`.
fn list_relations(
    store: &Store,
    snapshot: &ListSnapshot,
    entries: &[ListEntry],
    notes: &mut Vec<String>,
) -> Result<Option<(Source, Vec<Relation>)>> {
    if entries.iter().all(|e| e.owners.is_empty()) {
        return Ok(None);
    }
    let key = |name: &str| {
        crate::matching::normalize::normalize(name).tokens.iter().map(|t| t.key.as_str()).collect::<Vec<_>>().join(" ")
    };
    let mut parties: std::collections::HashMap<String, Vec<Party>> = Default::default();
    for c in store.companies()? {
        for n in company_names(&c) {
            let v = parties.entry(key(n)).or_default();
            if !v.contains(&Party::Company(c.id)) {
                v.push(Party::Company(c.id));
            }
        }
    }
    for p in store.persons()? {
        for n in std::iter::once(p.name.as_str()).chain(p.native_name.as_deref()) {
            parties.entry(key(n)).or_default().push(Party::Person(p.id));
        }
    }
    // A name that names exactly one party.
    let one = |name: &str| match parties.get(&key(name)).map(Vec::as_slice) {
        Some([p]) => Some(*p),
        _ => None,
    };
    let source = list_source(store, snapshot)?;
    // What is recorded already, as a set and as shares summed per company: each stated
    // relation is then checked in constant time.
    let recorded = store.relations()?;
    let mut existing: std::collections::HashSet<(Party, Uuid, RelationKind)> =
        recorded.iter().map(|x| (x.from, x.to, x.kind)).collect();
    let mut shares = crate::validate::ShareSums::default();
    recorded.iter().try_for_each(|x| shares.add(x))?;
    let mut out: Vec<Relation> = vec![];
    let mut unlinked: Vec<String> = vec![];
    for e in entries {
        let Some(Party::Company(entity)) = std::iter::once(&e.name).chain(&e.aliases).find_map(|n| one(n)) else {
            continue;
        };
        for o in &e.owners {
            let holder = one(&o.name);
            let r = match (o.kind, holder) {
                (RelationKind::SubsidiaryOf, Some(Party::Company(parent))) if parent != entity => {
                    (Party::Company(entity), parent)
                }
                (RelationKind::OwnsShares, Some(h)) if h != Party::Company(entity) => (h, entity),
                _ => {
                    unlinked.push(format!("{} → {}", e.name, o.name));
                    continue;
                }
            };
            if existing.contains(&(r.0, r.1, o.kind)) {
                continue;
            }
            let relation = Relation {
                id: Uuid::now_v7(),
                from: r.0,
                to: r.1,
                kind: o.kind,
                share: o.share,
                since: e.since,
                until: None,
                citations: vec![Citation { source_id: source.id, credibility: Credibility::C2 }],
                note: Some(format!(
                    "Stated by the {} snapshot of {}: entry \"{}\", {} \"{}\".",
                    snapshot.title,
                    snapshot.as_of,
                    e.name,
                    if o.kind == RelationKind::SubsidiaryOf { "parent" } else { "holder" },
                    o.name
                )),
                updated_at: snapshot.imported_at,
            };
            // A stated share that would take the recorded shares above 100 % is left out.
            if shares.add(&relation).is_err() {
                unlinked.push(format!("{} → {} (its share would exceed 100 %)", e.name, o.name));
                continue;
            }
            existing.insert((relation.from, relation.to, relation.kind));
            out.push(relation);
        }
    }
    if !out.is_empty() {
        notes.push(format!(
            "{} relation(s) of ownership the list states recorded between companies in the database",
            out.len()
        ));
    }
    if !unlinked.is_empty() {
        notes.push(format!(
            "{} stated owner(s) not recorded, as one side is not in the database: {}{}",
            unlinked.len(),
            unlinked.iter().take(5).cloned().collect::<Vec<_>>().join("; "),
            if unlinked.len() > 5 { "; …" } else { "" }
        ));
    }
    Ok((!out.is_empty()).then_some((source, out)))
}

fn base_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

/// The current snapshots of every list, indexed for screening.
pub struct ListIndex {
    /// The current snapshot of each list, in the store's order; hits refer to them.
    pub snapshots: Vec<ListSnapshot>,
    entries: Vec<(usize, ListEntry)>,
    index: Index,
}

/// Entity types that name no party (FCC equipment classes are not even kept).
fn screenable(e: &ListEntry) -> bool {
    !matches!(e.entity_type.as_deref(), Some("position" | "address"))
}

impl ListIndex {
    /// Reads the current snapshots and their entries from `store` and indexes every entry
    /// that names a party (positions and addresses are left out), by its name and aliases.
    pub fn load(store: &Store) -> Result<ListIndex> {
        let mut snapshots = vec![];
        let mut entries = vec![];
        for (s, es) in store.current_lists()? {
            entries.extend(es.into_iter().filter(screenable).map(|e| (snapshots.len(), e)));
            snapshots.push(s);
        }
        Ok(ListIndex::build(snapshots, entries))
    }

    /// An index of some entries of one snapshot (those a new snapshot added or renamed).
    pub fn of(snapshot: ListSnapshot, entries: Vec<ListEntry>) -> ListIndex {
        ListIndex::build(vec![snapshot], entries.into_iter().filter(screenable).map(|e| (0, e)).collect())
    }

    fn build(snapshots: Vec<ListSnapshot>, entries: Vec<(usize, ListEntry)>) -> ListIndex {
        let index = Index::new(
            entries.iter().map(|(_, e)| std::iter::once(e.name.as_str()).chain(e.aliases.iter().map(String::as_str))),
        );
        ListIndex { snapshots, entries, index }
    }

    /// True when no list has been imported, so there is nothing to screen against.
    pub fn is_empty(&self) -> bool {
        self.snapshots.is_empty()
    }

    fn matches(&self, names: &[&str], threshold: u8) -> Vec<(&ListSnapshot, &ListEntry, crate::matching::EntryMatch)> {
        let mut screener = self.index.screener();
        screener
            .screen(names, threshold)
            .into_iter()
            .map(|m| {
                let (s, e) = &self.entries[m.entry];
                (&self.snapshots[*s], e, m)
            })
            .collect()
    }

    /// Screens each of `names` on its own (a supplier file, one party a name) against every
    /// current list, reusing one screener's scratch space: one hit per entry scoring at least
    /// `threshold` (0–100), in the order of `names`. Nothing is recorded.
    pub fn screen_names(&self, names: &[String], threshold: u8) -> Vec<NameHit> {
        let mut screener = self.index.screener();
        let mut out = vec![];
        for q in names {
            for m in screener.screen(&[q.as_str()], threshold) {
                let (s, e) = &self.entries[m.entry];
                let best = &m.matches[0];
                out.push(NameHit {
                    query: q.clone(),
                    list: self.snapshots[*s].title.clone(),
                    list_as_of: self.snapshots[*s].as_of,
                    entry: e.name.clone(),
                    entry_key: e.key.clone(),
                    matched_name: best.entry_name.clone(),
                    score: m.score,
                    agreed: best
                        .agreed
                        .iter()
                        .map(|a| format!("{}={}", a.query, a.entry))
                        .collect::<Vec<_>>()
                        .join(" "),
                });
            }
        }
        out
    }
}

/// One hit of batch screening, as printed (JSON or CSV).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NameHit {
    /// The name screened, as given.
    pub query: String,
    /// The title of the list the entry is on.
    pub list: String,
    /// The as-of date of that list's current snapshot.
    pub list_as_of: NaiveDate,
    /// The entry's primary name.
    pub entry: String,
    /// The list's own identifier for the entry (`ListEntry::key`).
    pub entry_key: String,
    /// The entry name or alias that matched.
    pub matched_name: String,
    /// How well the names match, 0–100 (at least the threshold asked for).
    pub score: u8,
    /// The tokens that agreed ("tekhnokratiya=tekhnokratiia llc=llc").
    pub agreed: String,
}

/// Batch-screening hits as CSV, safe to open in a spreadsheet: a cell that begins with `=`, `+`,
/// `-`, `@`, a tab or a carriage return is prefixed with `'`, so that neither a list entry nor
/// a query becomes a live formula (OWASP's rule against CSV injection).
pub fn hits_csv(hits: &[NameHit]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["query", "list", "list_as_of", "entry", "entry_key", "matched_name", "score", "agreed"])
        .expect("writing to memory");
    for h in hits {
        let (as_of, score) = (h.list_as_of.to_string(), h.score.to_string());
        let row = [&h.query, &h.list, &as_of, &h.entry, &h.entry_key, &h.matched_name, &score, &h.agreed];
        w.write_record(row.iter().map(|c| spreadsheet_safe(c).into_owned())).expect("writing to memory");
    }
    w.into_inner().expect("writing to memory")
}

/// A cell a spreadsheet will show as text, never evaluate.
pub fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// The names a company is known by: legal name, native name, aliases.
pub fn company_names(c: &Company) -> Vec<&str> {
    std::iter::once(c.legal_name.as_str())
        .chain(c.native_name.as_deref())
        .chain(c.aliases.iter().map(String::as_str))
        .collect()
}

/// What screening companies found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ScreenOutcome {
    /// Companies screened.
    pub companies: u32,
    /// List snapshots screened against.
    pub snapshots: Vec<ListSnapshot>,
    /// Hits found in this run that were not known before.
    pub new_hits: u32,
    /// Every hit of the screened companies against current snapshots (open ones first).
    pub hits: Vec<ScreeningHit>,
}

/// Screens companies (all of them when `company` is None) against every current list snapshot,
/// records the screening and keeps new hits for review. Dismissed hits stay dismissed for
/// their snapshot.
pub fn screen_companies(
    store: &mut Store,
    ix: &ListIndex,
    company: Option<&str>,
    threshold: u8,
    now: Timestamp,
) -> Result<ScreenOutcome> {
    if ix.is_empty() {
        return Err(Error::refused(Refusal::NoList, "no list has been imported yet; import a list file first"));
    }
    let companies = match company {
        Some(c) => vec![store.find_company(c)?],
        None => store.companies()?,
    };
    let snapshot_ids: Vec<Uuid> = ix.snapshots.iter().map(|s| s.id).collect();
    let screened = find_hits(store, ix, &companies, &|_| threshold, now)?;
    let new_hits = store.record_screenings(&screened, &snapshot_ids, now, threshold)?;
    // Every hit on the current snapshots, company by company in the order screened.
    let current = |h: &ScreeningHit| snapshot_ids.contains(&h.snapshot_id);
    let hits = match company {
        Some(_) => store.screening_hits(Some(companies[0].id), None)?.into_iter().filter(current).collect(),
        None => {
            let mut by_company: std::collections::HashMap<Uuid, Vec<ScreeningHit>> = Default::default();
            for h in store.screening_hits(None, None)?.into_iter().filter(current) {
                by_company.entry(h.company_id).or_default().push(h);
            }
            companies.iter().flat_map(|c| by_company.remove(&c.id).unwrap_or_default()).collect()
        }
    };
    Ok(ScreenOutcome {
        companies: companies.len() as u32,
        snapshots: ix.snapshots.clone(),
        new_hits: new_hits as u32,
        hits,
    })
}

/// The hits of each of `companies` (and of its owners and controllers, "via owner") against
/// `ix`, at the threshold `threshold_of` gives for the company, found `now`. Nothing is stored.
pub fn find_hits(
    store: &Store,
    ix: &ListIndex,
    companies: &[Company],
    threshold_of: &dyn Fn(Uuid) -> u8,
    now: Timestamp,
) -> Result<Vec<(Uuid, Vec<ScreeningHit>)>> {
    let relations = store.relations()?;
    let upstream = crate::ownership::Upstream::new(&relations);
    let persons: std::collections::HashMap<Uuid, Person> = if relations.is_empty() {
        Default::default()
    } else {
        store.persons()?.into_iter().map(|p| (p.id, p)).collect()
    };
    let today = now.date();
    let mut screened = Vec::with_capacity(companies.len());
    for c in companies {
        let threshold = threshold_of(c.id);
        let hit =
            |(s, e, m): (&ListSnapshot, &ListEntry, crate::matching::EntryMatch), via: Option<Via>| ScreeningHit {
                id: Uuid::now_v7(),
                company_id: c.id,
                snapshot_id: s.id,
                list: s.list.clone(),
                list_title: s.title.clone(),
                entry_key: e.key.clone(),
                entry_name: e.name.clone(),
                query_name: m.matches[0].query_name.clone(),
                matched_name: m.matches[0].entry_name.clone(),
                score: m.score,
                matches: m.matches,
                entry: e.clone(),
                status: HitStatus::Open,
                reason: None,
                reviewed_by: None,
                reviewed_at: None,
                designation_id: None,
                found_at: now,
                via,
                regime: s.regime,
            };
        let mut found: Vec<ScreeningHit> =
            ix.matches(&company_names(c), threshold).into_iter().map(|m| hit(m, None)).collect();
        // Its owners and controllers are screened too; a hit through one is "via owner". An
        // entry the company matches itself, or through another owner first, is raised once.
        for (via, names) in owners_to_screen(store, &upstream, &persons, c.id, today)? {
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            for m in ix.matches(&names, threshold) {
                if !found.iter().any(|h| h.snapshot_id == m.0.id && h.entry_key == m.1.key) {
                    found.push(hit(m, Some(via.clone())));
                }
            }
        }
        screened.push((c.id, found));
    }
    Ok(screened)
}

/// The owners (through any chain, with a known or undisclosed share) and controllers of a
/// company as of `as_of`, each with the names to screen: a company's legal, native and other
/// names; a person's name and native name.
fn owners_to_screen(
    store: &Store,
    upstream: &crate::ownership::Upstream<'_>,
    persons: &std::collections::HashMap<Uuid, Person>,
    company: Uuid,
    as_of: NaiveDate,
) -> Result<Vec<(Via, Vec<String>)>> {
    let relations = upstream.of(company);
    if relations.is_empty() {
        return Ok(vec![]);
    }
    let parties = store.party_views(&relations, &[company])?.into_values().collect();
    let standing = crate::ownership::standing(&OwnershipData { relations, parties }, company, as_of);
    let mut out = vec![];
    for b in standing.backers.iter().filter(|b| b.percent > 0.0 || b.undisclosed || b.controls) {
        let mut how = vec![];
        if b.percent > 0.0 {
            how.push(format!("owns {} %", crate::ownership::pct(b.percent)));
        } else if b.undisclosed {
            how.push("owns an undisclosed share".to_string());
        }
        if b.controls {
            how.push("controls".to_string());
        }
        let via = Via { party: b.party.party, name: b.party.name.clone(), how: how.join("; ") };
        let names = match b.party.party {
            Party::Company(id) => {
                company_names(&store.find_company(&id.to_string())?).into_iter().map(str::to_owned).collect()
            }
            Party::Person(id) => match persons.get(&id) {
                Some(p) => std::iter::once(p.name.clone()).chain(p.native_name.clone()).collect(),
                None => continue,
            },
        };
        out.push((via, names));
    }
    Ok(out)
}

/// A reviewer's decision on a hit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(tag = "decision", rename_all = "snake_case")]
pub enum Decision {
    /// The entry is the company: the hit becomes a sourced designation (status listed).
    Confirm,
    /// The entry is not the company: the hit is kept, dismissed, and not raised again while the
    /// entry's names stay the same.
    Dismiss {
        /// Why the hit is not the company; must not be blank (`Error::Invalid` on `reason`).
        reason: String,
    },
}

/// What the desktop app sends to review a hit: its id and the decision, flattened
/// (`{"hit_id": …, "decision": "dismiss", "reason": …}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReviewRequest {
    /// The hit reviewed.
    pub hit_id: Uuid,
    /// Confirm or dismiss, with the reason.
    #[serde(flatten)]
    pub decision: Decision,
}

/// Reviews a hit. Confirming records a designation citing the list snapshot (its publisher,
/// title, date and URL, and the entry's own citation); dismissing keeps the hit with the reason,
/// and it is not raised again while the entry's names stay the same. Either settles the hit's
/// new-hit inbox event.
pub fn review(
    store: &mut Store,
    hit_id: Uuid,
    decision: &Decision,
    reviewer: &str,
    now: Timestamp,
) -> Result<ScreeningHit> {
    let mut hit = store.screening_hit(hit_id)?;
    hit.reviewed_by = Some(reviewer.to_owned());
    hit.reviewed_at = Some(now);
    match decision {
        Decision::Dismiss { reason } => {
            if reason.trim().is_empty() {
                return Err(Error::invalid("", None, "reason", "say why the hit is dismissed"));
            }
            hit.status = HitStatus::Dismissed;
            hit.reason = Some(reason.trim().to_owned());
            store.review_hit(&hit, None)?;
        }
        Decision::Confirm => {
            let snapshot = store.list_snapshot(hit.snapshot_id)?;
            let source = list_source(store, &snapshot)?;
            let list = lists::official_list(&snapshot.list, hit.entry.source_list.as_deref());
            // A hit via an owner designates the owner, never the company it owns; an owner who is
            // a person is recorded as listed, and counts under the 50 % rules.
            let listed = match &hit.via {
                None => hit.company_id,
                Some(Via { party: Party::Company(owner), .. }) => *owner,
                Some(Via { party: Party::Person(id), .. }) => {
                    let mut person = store
                        .persons()?
                        .into_iter()
                        .find(|p| p.id == *id)
                        .ok_or_else(|| Error::NotFound(format!("no person with id {id}")))?;
                    person.lists.push(PersonListing {
                        list,
                        listed_name: Some(format!("{} [{}]", hit.entry_name, hit.entry_key)),
                        since: hit.entry.since,
                        source_id: source.id,
                    });
                    person.updated_at = now;
                    hit.status = HitStatus::Confirmed;
                    store.review_hit(&hit, Some((&source, crate::db::Listing::Person(&person))))?;
                    return store.screening_hit(hit_id);
                }
            };
            let citation = hit.entry.url.clone().or(snapshot.url.clone());
            let designation = Designation {
                id: Uuid::now_v7(),
                company_id: listed,
                list,
                listed_name: Some(if list == OfficialList::Other { format!("{}: {}", snapshot.title, hit.entry_name) } else { hit.entry_name.clone() }),
                status: DesignationStatus::Listed,
                since: hit.entry.since,
                until: None,
                as_of: Some(snapshot.as_of.to_string().parse().expect("a day date")),
                citation,
                source_id: Some(source.id),
                note: Some(format!(
                    "Confirmed from screening by {reviewer}: \"{}\" matched \"{}\" (entry {}, score {}) in the {} snapshot of {}.",
                    hit.query_name, hit.matched_name, hit.entry_key, hit.score, snapshot.title, snapshot.as_of
                )),
                updated_at: now,
            };
            hit.status = HitStatus::Confirmed;
            hit.designation_id = Some(designation.id);
            store.review_hit(&hit, Some((&source, crate::db::Listing::Designation(&designation))))?;
        }
    }
    store.screening_hit(hit_id)
}

/// The source record for a list snapshot: the one already stored with the same publisher,
/// title and date, else a new government-record source.
fn list_source(store: &Store, s: &ListSnapshot) -> Result<Source> {
    let title = format!("{} (snapshot of {})", s.title, s.as_of);
    let published: PartialDate = s.as_of.to_string().parse().expect("a day date");
    if let Some(found) = store.sources()?.into_iter().find(|x| x.publisher == s.publisher && x.title == title) {
        return Ok(found);
    }
    Ok(Source {
        id: Uuid::now_v7(),
        publisher: s.publisher.clone(),
        title,
        url: s.url.clone(),
        published: Some(published),
        kind: SourceKind::GovernmentRecord,
        reliability: Reliability::A,
        note: Some(format!("Imported from {} (SHA-256 {}).", s.files.join(", "), &s.file_hash[..16])),
        updated_at: s.imported_at,
    })
}

/// Names from a supplier file: a CSV with a `name` column (or `company`, `supplier`, `vendor`),
/// or one name per line.
pub fn read_names(file: &str, text: &str) -> Result<Vec<String>> {
    let text = text.trim_start_matches('\u{feff}');
    let first = text.lines().next().unwrap_or("").to_lowercase();
    let header: Vec<String> = first.split([',', ';', '\t']).map(|h| h.trim().trim_matches('"').to_owned()).collect();
    let column = ["name", "company", "supplier", "vendor", "company name", "supplier name", "vendor name"]
        .iter()
        .find_map(|c| header.iter().position(|h| h == c));
    let names: Vec<String> = match column {
        Some(col) => {
            let delimiter = [b',', b';', b'\t'].into_iter().find(|d| first.as_bytes().contains(d)).unwrap_or(b',');
            let mut r = csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).from_reader(text.as_bytes());
            let mut out = vec![];
            for rec in r.records() {
                let rec = rec.map_err(|e| Error::Validation(format!("{file}: {e}")))?;
                if let Some(n) = rec.get(col).map(str::trim).filter(|n| !n.is_empty()) {
                    out.push(n.to_owned());
                }
            }
            out
        }
        // A table (every row as wide as the first) without a name column is refused; a list
        // of names whose first happens to hold a comma ("Huawei Technologies Co., Ltd.") is not.
        None if header.len() > 1 && is_table(text, header.len()) => {
            return Err(Error::Validation(format!(
                "{file}: line 1: no name column (looked for name, company, supplier or vendor among: {})",
                header.join(", ")
            )))
        }
        None => text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect(),
    };
    if names.is_empty() {
        return Err(Error::Validation(format!("{file}: no names to screen")));
    }
    Ok(names)
}

fn is_table(text: &str, width: usize) -> bool {
    let delimiter = [b',', b';', b'\t'].into_iter().find(|d| text.lines().next().unwrap_or("").as_bytes().contains(d));
    let mut r = csv::ReaderBuilder::new()
        .delimiter(delimiter.unwrap_or(b','))
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    r.records().all(|rec| rec.is_ok_and(|rec| rec.len() == width || rec.iter().all(|c| c.trim().is_empty())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_list_whose_first_name_holds_a_comma_is_still_a_name_list() {
        let names = read_names("n.txt", "Huawei Technologies Co., Ltd.\nZTE Corporation\nAcme\n").unwrap();
        assert_eq!(names, ["Huawei Technologies Co., Ltd.", "ZTE Corporation", "Acme"]);
        let err = read_names("t.csv", "id,country\n1,US\n2,CN\n").unwrap_err().to_string();
        assert!(err.contains("no name column"), "{err}");
    }

    #[test]
    fn supplier_files_are_csv_with_a_name_column_or_a_name_per_line() {
        assert_eq!(
            read_names("s.csv", "id,Name,country\n1,\"Acme, Inc.\",US\n2,ZTE Corp,CN\n").unwrap(),
            ["Acme, Inc.", "ZTE Corp"]
        );
        assert_eq!(read_names("s.txt", "Huawei\n\nZTE Corporation\n").unwrap(), ["Huawei", "ZTE Corporation"]);
        assert_eq!(read_names("s.tsv", "vendor\tcountry\nHikvision\tCN\n").unwrap(), ["Hikvision"]);
        let e = read_names("s.csv", "id,country\n1,US\n").unwrap_err().to_string();
        assert!(e.contains("s.csv") && e.contains("no name column"), "{e}");
    }
}
