//! Monitoring: a list import re-screens the portfolio incrementally and raises inbox events;
//! decisions on hits hold across snapshots while an entry's names stay the same; the inbox keeps
//! every event until acknowledged; the check reports bands that changed.

use crate::common::{company, ts, TempStore};
use riskbrief::app::monitor::{self, EventDecision};
use riskbrief::lists::InputFile;
use riskbrief::model::*;
use riskbrief::screening::{self, Decision, ImportOutcome, ListIndex};
use riskbrief::{Error, Store};
use uuid::Uuid;

/// An OFAC sdn.csv with these entries (ent_num, name, aliases in the remarks).
fn sdn(rows: &[(u32, &str, &[&str])]) -> Vec<u8> {
    let mut out = String::new();
    for (n, name, aliases) in rows {
        let remarks = if aliases.is_empty() {
            "-0- ".to_string()
        } else {
            format!("\"{}\"", aliases.iter().map(|a| format!("a.k.a. '{a}'")).collect::<Vec<_>>().join("; "))
        };
        out.push_str(&format!("{n},\"{name}\",-0- ,\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,{remarks}\r\n"));
    }
    out.into_bytes()
}

fn import(store: &mut Store, bytes: Vec<u8>, as_of: &str, at: &str) -> ImportOutcome {
    let f = [InputFile::from_bytes("sdn.csv", &bytes)];
    screening::import(store, ListFormat::Ofac, &f, Some(as_of.parse().unwrap()), Uuid::now_v7(), ts(at), &mut |_| {})
        .expect("imports")
}

fn add(store: &mut Store, slug: &str, name: &str) -> Company {
    let mut c = company(slug, "US");
    c.legal_name = name.into();
    monitor::save_company(store, &c, ts("2026-01-01T08:00:00Z")).unwrap();
    c
}

fn hit_of(store: &Store, c: &Company) -> ScreeningHit {
    let current: Vec<Uuid> =
        store.list_snapshots().unwrap().iter().filter(|s| s.replaced_at.is_none()).map(|s| s.id).collect();
    let hits: Vec<ScreeningHit> = store
        .screening_hits(Some(c.id), None)
        .unwrap()
        .into_iter()
        .filter(|h| current.contains(&h.snapshot_id))
        .collect();
    assert_eq!(hits.len(), 1, "{}: {hits:#?}", c.legal_name);
    hits.into_iter().next().unwrap()
}

#[test]
fn a_newer_snapshot_is_screened_incrementally_decisions_hold_and_exactly_the_changes_are_raised() {
    let mut t = TempStore::new();
    let acme = add(&mut t.store, "acme", "Acme Rocket Works");
    let borealis = add(&mut t.store, "borealis", "Borealis Trading House");
    let cygnus = add(&mut t.store, "cygnus", "Cygnus Orbital Systems");
    let delta = add(&mut t.store, "delta", "Delta Vanguard Avionics");

    let v1 =
        sdn(&[(1, "ACME ROCKET WORKS", &[]), (2, "BOREALIS TRADING HOUSE", &[]), (3, "CYGNUS ORBITAL SYSTEMS", &[])]);
    let o = import(&mut t.store, v1, "2026-01-01", "2026-01-02T09:00:00Z");
    assert_eq!((o.rescreen.companies, o.rescreen.screened_in_full, o.rescreen.new_hits), (4, 4, 3));
    let inbox = t.store.inbox(false).unwrap();
    assert_eq!(inbox.len(), 3);
    assert!(inbox.iter().all(|e| e.kind == InboxKind::NewHit && e.title.contains("OFAC") && e.title.contains("(US)")));

    let dismiss = |store: &mut Store, c: &Company, why: &str| {
        let h = hit_of(store, c);
        screening::review(
            store,
            h.id,
            &Decision::Dismiss { reason: why.into() },
            "analyst",
            ts("2026-01-03T10:00:00Z"),
        )
        .unwrap();
    };
    dismiss(&mut t.store, &acme, "A namesake in another country.");
    dismiss(&mut t.store, &cygnus, "Different registration number.");
    let confirmed = hit_of(&t.store, &borealis);
    screening::review(&mut t.store, confirmed.id, &Decision::Confirm, "analyst", ts("2026-01-03T10:00:00Z")).unwrap();

    // February: Borealis delisted, Cygnus's entry gains an alias, Delta listed; Acme unchanged.
    let v2 = sdn(&[
        (1, "ACME ROCKET WORKS", &[]),
        (3, "CYGNUS ORBITAL SYSTEMS", &["CYGNUS ORBITAL SYSTEMS LTD"]),
        (4, "DELTA VANGUARD AVIONICS", &[]),
    ]);
    let at = "2026-02-02T09:00:00Z";
    let o = import(&mut t.store, v2.clone(), "2026-02-01", at);
    let r = &o.rescreen;
    assert_eq!((o.snapshot.added, o.snapshot.removed), (1, 1));
    assert_eq!(
        (r.companies, r.screened_in_full, r.entries_screened, r.hits_carried, r.new_hits, r.events),
        (4, 0, 2, 1, 2, 1),
        "only the renamed and the added entries are screened; Acme's hit (same names) is carried: {r:?}"
    );
    let raised: Vec<InboxEvent> = t.store.inbox(false).unwrap().into_iter().filter(|e| e.at == ts(at)).collect();
    let mut got: Vec<(InboxKind, Option<Uuid>)> = raised.iter().map(|e| (e.kind, e.company_id)).collect();
    got.sort_by_key(|(k, c)| (k.code(), *c));
    let mut want = vec![
        (InboxKind::EntryRemoved, Some(borealis.id)),
        (InboxKind::NewHit, Some(cygnus.id)),
        (InboxKind::NewHit, Some(delta.id)),
    ];
    want.sort_by_key(|(k, c)| (k.code(), *c));
    assert_eq!(got, want, "exactly the delisting and the two new matches: {raised:#?}");
    let removed = raised.iter().find(|e| e.kind == InboxKind::EntryRemoved).unwrap();
    assert!(removed.detail.contains("designation"), "{}", removed.detail);
    assert_eq!(removed.hit_id, Some(confirmed.id), "the event links to its evidence");

    // Only hits on current snapshots are listed: the replaced snapshot's were carried or closed.
    assert_eq!(t.store.screening_hits(Some(acme.id), None).unwrap().len(), 1);
    // Acme's dismissal holds on the new snapshot (same names); Cygnus's returns (its names changed).
    let a = hit_of(&t.store, &acme);
    let first_event = t.store.inbox(true).unwrap().into_iter().find(|e| e.company_id == Some(acme.id)).unwrap();
    assert_eq!(first_event.hit_id, Some(a.id), "its event follows the hit to the new snapshot");
    assert_eq!((a.status, a.reason.as_deref()), (HitStatus::Dismissed, Some("A namesake in another country.")));
    assert_ne!(a.snapshot_id, confirmed.snapshot_id);
    assert_eq!(hit_of(&t.store, &cygnus).status, HitStatus::Open);

    // A full re-screen raises nothing new; the dismissal still holds.
    let ix = ListIndex::load(&t.store).unwrap();
    let out = screening::screen_companies(&mut t.store, &ix, None, 85, ts("2026-02-03T09:00:00Z")).unwrap();
    assert_eq!(out.new_hits, 0);
    assert_eq!(hit_of(&t.store, &acme).status, HitStatus::Dismissed);

    // The same list re-published with its rows in another order is no change, and raises nothing.
    let mut rows: Vec<&[u8]> = v2.split_inclusive(|b| *b == b'\n').collect();
    rows.reverse();
    let before = t.store.inbox(true).unwrap().len();
    let o = import(&mut t.store, rows.concat(), "2026-03-01", "2026-03-02T09:00:00Z");
    assert_eq!((o.snapshot.added, o.snapshot.removed, o.rescreen.entries_screened, o.rescreen.new_hits), (0, 0, 0, 0));
    assert_eq!(t.store.inbox(true).unwrap().len(), before);
    assert_eq!(hit_of(&t.store, &cygnus).status, HitStatus::Open, "an open hit stays open, not raised twice");

    // A dismissed entry whose names change comes back, once.
    dismiss(&mut t.store, &delta, "Not the avionics maker.");
    let v4 = sdn(&[
        (1, "ACME ROCKET WORKS", &["ACME ROCKETRY"]),
        (3, "CYGNUS ORBITAL SYSTEMS", &["CYGNUS ORBITAL SYSTEMS LTD"]),
        (4, "DELTA VANGUARD AVIONICS", &[]),
    ]);
    let o = import(&mut t.store, v4, "2026-04-01", "2026-04-02T09:00:00Z");
    assert_eq!((o.rescreen.entries_screened, o.rescreen.new_hits), (1, 1));
    assert_eq!(hit_of(&t.store, &acme).status, HitStatus::Open, "Acme's entry was renamed: review it again");
    assert_eq!(hit_of(&t.store, &delta).status, HitStatus::Dismissed);
}

#[test]
fn a_new_company_alias_or_owner_is_screened_and_raises_its_hits() {
    let mut t = TempStore::new();
    import(
        &mut t.store,
        sdn(&[(7, "ORION HEAVY INDUSTRIES", &[]), (8, "PEGASUS CAPITAL HOLDINGS", &[])]),
        "2026-01-01",
        "2026-01-02T09:00:00Z",
    );
    assert!(t.store.inbox(false).unwrap().is_empty(), "no company yet, nothing to raise");
    let orion = add(&mut t.store, "orion", "Orion Heavy Industries");
    let e = t.store.inbox(false).unwrap();
    assert_eq!((e.len(), e[0].company_id), (1, Some(orion.id)), "a new company is screened");
    // An edit that does not touch its names screens nothing; a new alias does.
    let mut vega = add(&mut t.store, "vega", "Vega Components");
    vega.description = Some("Makes parts.".into());
    assert_eq!(monitor::save_company(&mut t.store, &vega, ts("2026-01-05T08:00:00Z")).unwrap(), 0);
    vega.aliases = vec!["Pegasus Capital Holdings".into()];
    assert_eq!(monitor::save_company(&mut t.store, &vega, ts("2026-01-05T08:00:00Z")).unwrap(), 1);
    // A new owner: the company it owns is screened with its owners ("via owner").
    let sub = add(&mut t.store, "sub", "Lyra Subsystems");
    let src = crate::common::source();
    t.store.save_source(&src).unwrap();
    let r = Relation {
        id: Uuid::now_v7(),
        from: Party::Company(orion.id),
        to: sub.id,
        kind: RelationKind::OwnsShares,
        share: Some(60.0),
        since: None,
        until: None,
        citations: vec![Citation { source_id: src.id, credibility: Credibility::C2 }],
        note: None,
        updated_at: ts("2026-01-06T08:00:00Z"),
    };
    let saved = monitor::save_relation(&mut t.store, r, None, ts("2026-01-06T08:00:00Z")).unwrap();
    assert_eq!((saved.new_hits, saved.person), (1, None));
    let via = t.store.inbox(false).unwrap().into_iter().find(|e| e.company_id == Some(sub.id)).unwrap();
    assert!(via.detail.contains("via its owner Orion Heavy Industries"), "{}", via.detail);
}

#[test]
fn events_are_acknowledged_or_assigned_never_lost_and_the_check_reports_band_changes() {
    let mut t = TempStore::seeded();
    let as_of = "2026-12-01".parse().unwrap();
    assert!(
        monitor::check(&mut t.store, as_of, ts("2026-12-01T08:00:00Z")).unwrap().is_empty(),
        "the first check only records"
    );
    assert!(monitor::check(&mut t.store, as_of, ts("2026-12-01T08:05:00Z")).unwrap().is_empty(), "nothing changed");
    // DeepSeek put on the SDN list: its band changes, and the next check says so, once.
    let ds = t.store.find_company("deepseek").unwrap();
    let before = riskbrief::risk::assess(&t.store.company_data(ds.id).unwrap(), as_of).band;
    let mut d = crate::common::designation(ds.id, OfficialList::OfacSdn, DesignationStatus::Listed);
    d.source_id = Some(t.store.sources().unwrap()[0].id);
    t.store.save_designation(&d).unwrap();
    let after = riskbrief::risk::assess(&t.store.company_data(ds.id).unwrap(), as_of).band;
    assert_ne!(before, after);
    let raised = monitor::check(&mut t.store, as_of, ts("2026-12-01T09:00:00Z")).unwrap();
    let band = raised.iter().find(|e| e.kind == InboxKind::BandChanged).expect("a band change");
    assert_eq!(band.company_id, Some(ds.id));
    assert!(band.title.contains(&format!("{} → {}", before.label(), after.label())), "{}", band.title);
    assert!(monitor::check(&mut t.store, as_of, ts("2026-12-01T09:05:00Z")).unwrap().is_empty());

    // Assigning needs a name; assigned stays in the inbox; acknowledged leaves it and is kept.
    let e = monitor::decide(
        &mut t.store,
        band.id,
        &EventDecision::Assign { assignee: " ".into() },
        "me",
        ts("2026-12-01T10:00:00Z"),
    );
    assert!(matches!(e, Err(Error::Invalid { ref field, .. }) if field == "assignee"), "{e:?}");
    monitor::decide(
        &mut t.store,
        band.id,
        &EventDecision::Assign { assignee: "Procurement".into() },
        "me",
        ts("2026-12-01T10:00:00Z"),
    )
    .unwrap();
    assert!(t.store.inbox(false).unwrap().iter().any(|x| x.id == band.id && x.status == EventStatus::Assigned));
    let acked = monitor::decide(
        &mut t.store,
        band.id,
        &EventDecision::Acknowledge { note: Some("Board informed.".into()) },
        "me",
        ts("2026-12-01T11:00:00Z"),
    )
    .unwrap();
    assert_eq!(
        (acked.status, acked.decided_by.as_deref(), acked.note.as_deref()),
        (EventStatus::Acknowledged, Some("me"), Some("Board informed."))
    );
    assert!(!t.store.inbox(false).unwrap().iter().any(|x| x.id == band.id));
    assert_eq!(t.store.inbox(true).unwrap().iter().find(|x| x.id == band.id), Some(&acked), "kept, with the decision");
    let again = monitor::decide(
        &mut t.store,
        band.id,
        &EventDecision::Acknowledge { note: None },
        "you",
        ts("2026-12-01T12:00:00Z"),
    );
    assert!(matches!(again, Err(Error::Conflict(ref m)) if m.contains("already acknowledged by me")), "{again:?}");
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lists").join(name)).unwrap()
}

/// The seeded sample with the OFAC, FCC and UN fixtures imported and a key trusted; the key.
fn with_lists() -> (TempStore, ed25519_dalek::SigningKey) {
    let mut t = TempStore::seeded();
    let files = [("sdn.csv", fixture("sdn.csv")), ("alt.csv", fixture("alt.csv")), ("add.csv", fixture("add.csv"))];
    let inputs: Vec<InputFile> = files.iter().map(|(n, b)| InputFile::from_bytes(n, b)).collect();
    let at = ts("2026-11-01T09:00:00Z");
    screening::import(
        &mut t.store,
        ListFormat::Ofac,
        &inputs,
        Some("2023-03-01".parse().unwrap()),
        Uuid::now_v7(),
        at,
        &mut |_| {},
    )
    .unwrap();
    for (format, name) in
        [(ListFormat::FccCovered, "fcc-covered-list.csv"), (ListFormat::UnXml, "un-consolidated-excerpt.xml")]
    {
        let b = fixture(name);
        screening::import(
            &mut t.store,
            format,
            &[InputFile::from_bytes(name, &b)],
            None,
            Uuid::now_v7(),
            at,
            &mut |_| {},
        )
        .unwrap();
    }
    (t, ed25519_dalek::SigningKey::from_bytes(&[7; 32]))
}

fn trust(store: &mut Store, key: &ed25519_dalek::SigningKey) {
    let public = riskbrief::bundle::public_key_hex(key);
    riskbrief::app::exchange::trust_key(store, "hq.pub", &public, "HQ".into()).unwrap();
}

/// What screening found, comparable across databases: company, list, entry, status.
fn findings(store: &Store) -> Vec<(Uuid, String, String, HitStatus)> {
    let current: Vec<Uuid> =
        store.list_snapshots().unwrap().iter().filter(|s| s.replaced_at.is_none()).map(|s| s.id).collect();
    let mut v: Vec<_> = store
        .screening_hits(None, None)
        .unwrap()
        .into_iter()
        .filter(|h| current.contains(&h.snapshot_id))
        .map(|h| (h.company_id, h.list, h.entry_key, h.status))
        .collect();
    v.sort_by(|a, b| (a.0, &a.1, &a.2).cmp(&(b.0, &b.1, &b.2)));
    v
}

#[test]
fn a_pack_moves_the_snapshots_to_a_fresh_database_with_the_same_screening_results() {
    let (t, key) = with_lists();
    let bytes = screening::export_pack(&t.store, ts("2026-11-02T09:00:00Z"), "hq analyst".into(), Some(&key)).unwrap();
    assert!(bytes.starts_with(riskbrief::pack::MAGIC));
    let mut fresh = TempStore::seeded();
    trust(&mut fresh.store, &key);
    // A dry run says what would come and stores nothing.
    let dry =
        monitor::import_pack(&mut fresh.store, "p.rbl", &bytes, false, true, ts("2026-11-03T09:00:00Z"), &mut |_| {})
            .unwrap();
    assert!(
        dry.dry_run && dry.lists.len() == 3 && dry.lists.iter().all(|l| l.refused.is_none() && l.imported.is_none())
    );
    assert!(fresh.store.list_snapshots().unwrap().is_empty());
    let o =
        monitor::import_pack(&mut fresh.store, "p.rbl", &bytes, false, false, ts("2026-11-03T09:00:00Z"), &mut |_| {})
            .unwrap();
    assert_eq!(o.signed_by.as_ref().map(|s| s.name.as_str()), Some("HQ"));
    assert!(o.lists.iter().all(|l| l.imported.is_some()), "{o:#?}");
    let key_of = |s: &ListSnapshot| {
        (s.list.clone(), s.title.clone(), s.as_of, s.file_hash.clone(), s.files.clone(), s.entry_count, s.format)
    };
    let mut a: Vec<_> = t.store.list_snapshots().unwrap().iter().map(key_of).collect();
    let mut b: Vec<_> = fresh.store.list_snapshots().unwrap().iter().map(key_of).collect();
    a.sort();
    b.sort();
    assert_eq!(a, b, "the same snapshots");
    let entries = |s: &Store| {
        s.current_lists().unwrap().into_iter().map(|(s, e)| (s.list, e)).collect::<std::collections::BTreeMap<_, _>>()
    };
    assert_eq!(entries(&t.store), entries(&fresh.store), "the same entries");
    assert_eq!(findings(&t.store), findings(&fresh.store), "the same screening results");
    assert!(!findings(&fresh.store).is_empty());
    // Again: every list is the same snapshot, refused per list, nothing changed.
    let again =
        monitor::import_pack(&mut fresh.store, "p.rbl", &bytes, false, false, ts("2026-11-04T09:00:00Z"), &mut |_| {})
            .unwrap();
    assert!(again.lists.iter().all(|l| l.refused.as_deref().is_some_and(|r| r.contains("already imported"))));
}

#[test]
fn a_tampered_truncated_untrusted_or_foreign_pack_is_refused_with_nothing_changed() {
    let (t, key) = with_lists();
    let signed = screening::export_pack(&t.store, ts("2026-11-02T09:00:00Z"), "hq".into(), Some(&key)).unwrap();
    let unsigned = screening::export_pack(&t.store, ts("2026-11-02T09:00:00Z"), "hq".into(), None).unwrap();
    let mut fresh = TempStore::seeded();
    let before = (fresh.counts(), fresh.store.list_snapshots().unwrap(), fresh.store.inbox(true).unwrap());
    let refused = |store: &mut Store, bytes: &[u8]| {
        let e = monitor::import_pack(store, "p.rbl", bytes, false, false, ts("2026-11-03T09:00:00Z"), &mut |_| {})
            .unwrap_err();
        match e {
            Error::Refused { kind, message } => {
                assert!(message.starts_with("p.rbl: ") && message.ends_with("nothing was imported"), "{message}");
                kind
            }
            other => panic!("not a refusal: {other:?}"),
        }
    };
    use riskbrief::Refusal::*;
    // Signed by a key this database does not trust.
    assert_eq!(refused(&mut fresh.store, &signed), UntrustedKey);
    trust(&mut fresh.store, &key);
    let before = (fresh.counts(), before.1, before.2);
    // Unsigned while keys are trusted.
    assert_eq!(refused(&mut fresh.store, &unsigned), Unsigned);
    // Cut off, anywhere.
    for cut in [5, riskbrief::pack::MAGIC.len() + 10, signed.len() / 2, signed.len() - 1] {
        let k = refused(&mut fresh.store, &signed[..cut]);
        assert!(matches!(k, Truncated | Malformed), "cut at {cut}: {k:?}");
    }
    // Not a pack; a bundle; an empty file.
    assert_eq!(refused(&mut fresh.store, b"{\"manifest\": {}}"), WrongFormat);
    assert_eq!(refused(&mut fresh.store, b""), Truncated);
    // An entry changed after signing: the hash no longer matches.
    let (mut pack, _) =
        riskbrief::pack::open("p", &signed, &[(riskbrief::bundle::public_key_hex(&key), "HQ".into())], false).unwrap();
    pack.lists[0].entries[0].name = "SOMEONE ELSE".into();
    assert_eq!(refused(&mut fresh.store, &riskbrief::pack::to_bytes(&pack)), Altered);
    // Re-hashed but not re-signed: the signature fails.
    let (mut pack, _) =
        riskbrief::pack::open("p", &signed, &[(riskbrief::bundle::public_key_hex(&key), "HQ".into())], false).unwrap();
    pack.lists[0].entries[0].name = "SOMEONE ELSE".into();
    let resigned = riskbrief::pack::create(pack.lists.clone(), pack.manifest.created_at, "hq".into(), None);
    pack.manifest.content_sha256 = resigned.manifest.content_sha256;
    assert_eq!(refused(&mut fresh.store, &riskbrief::pack::to_bytes(&pack)), BadSignature);
    // A newer layout.
    let mut newer = riskbrief::pack::create(vec![], ts("2026-11-02T09:00:00Z"), "hq".into(), Some(&key));
    newer.manifest.pack_version = 2;
    assert_eq!(refused(&mut fresh.store, &riskbrief::pack::to_bytes(&newer)), NewerVersion);
    // An entry count that does not match what the snapshot states.
    let (mut pack, _) = riskbrief::pack::open("p", &unsigned, &[], false).unwrap();
    pack.lists[0].entries.pop();
    let short = riskbrief::pack::create(pack.lists, pack.manifest.created_at, "hq".into(), Some(&key));
    assert_eq!(refused(&mut fresh.store, &riskbrief::pack::to_bytes(&short)), Malformed);
    assert_eq!((fresh.counts(), fresh.store.list_snapshots().unwrap(), fresh.store.inbox(true).unwrap()), before);
}

#[test]
fn a_pack_with_an_older_snapshot_leaves_that_list_and_applies_the_newer_ones() {
    let (t, key) = with_lists();
    let pack = screening::export_pack(&t.store, ts("2026-11-02T09:00:00Z"), "hq".into(), Some(&key)).unwrap();
    let mut other = TempStore::seeded();
    trust(&mut other.store, &key);
    // This laptop already holds a newer FCC snapshot than the pack's.
    let mut b = fixture("fcc-covered-list.csv");
    b.extend_from_slice(b"\n");
    let newer = Some("2026-09-30".parse().unwrap());
    let f = [InputFile::from_bytes("fcc.csv", &b)];
    screening::import(
        &mut other.store,
        ListFormat::FccCovered,
        &f,
        newer,
        Uuid::now_v7(),
        ts("2026-11-01T09:00:00Z"),
        &mut |_| {},
    )
    .unwrap();
    let o =
        monitor::import_pack(&mut other.store, "p.rbl", &pack, false, false, ts("2026-11-03T09:00:00Z"), &mut |_| {})
            .unwrap();
    let fcc = o.lists.iter().find(|l| l.list == "fcc_covered").unwrap();
    assert!(fcc.refused.as_deref().is_some_and(|r| r.contains("newer than these files")), "{fcc:?}");
    assert!(o.lists.iter().filter(|l| l.list != "fcc_covered").all(|l| l.imported.is_some()));
    let current = other.store.current_snapshot("fcc_covered").unwrap().unwrap();
    assert_eq!(current.as_of, "2026-09-30".parse().unwrap(), "the newer snapshot stays");
}

#[test]
fn the_cli_exports_and_imports_a_pack_and_acknowledges_an_inbox_event() {
    use crate::common::{cli, exits, ok};
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.db"), dir.path().join("b.db"));
    let fx = |n: &str| {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lists").join(n).display().to_string()
    };
    ok(cli(dir.path(), &a, &["init"]));
    let out = ok(cli(dir.path(), &a, &["lists", "import", "--format", "fcc_covered", &fx("fcc-covered-list.csv")]));
    assert!(out.contains("re-screened 10 companies against all 12 entries: 7 new hits"), "{out}");
    let key = dir.path().join("hq");
    ok(cli(dir.path(), &a, &["keys", "generate", key.to_str().unwrap()]));
    let pack = dir.path().join("lists.rbl");
    let out = ok(cli(
        dir.path(),
        &a,
        &["lists", "export", "-o", pack.to_str().unwrap(), "--sign", &format!("{}.key", key.display())],
    ));
    assert!(out.contains("1 lists, 12 entries") && out.contains("signed by"), "{out}");
    // Not over an existing file without --force.
    let (_, err) = exits(cli(dir.path(), &a, &["lists", "export", "-o", pack.to_str().unwrap()]), 5);
    assert!(err.contains("already exists"), "{err}");

    ok(cli(dir.path(), &b, &["init"]));
    let (_, err) = exits(cli(dir.path(), &b, &["lists", "import-pack", pack.to_str().unwrap()]), 4);
    assert!(err.contains("untrusted key") && err.contains("nothing was imported"), "{err}");
    ok(cli(dir.path(), &b, &["keys", "trust", &format!("{}.pub", key.display()), "--name", "HQ"]));
    let out = ok(cli(dir.path(), &b, &["lists", "import-pack", pack.to_str().unwrap()]));
    assert!(out.contains("signed by HQ") && out.contains("imported (first snapshot); 7 new hits"), "{out}");

    let inbox = ok(cli(dir.path(), &b, &["--json", "inbox"]));
    let events: Vec<InboxEvent> = serde_json::from_str(&inbox).unwrap();
    assert_eq!(events.len(), 7);
    let id = events[0].id.to_string();
    let out = ok(cli(dir.path(), &b, &["inbox", "ack", &id[id.len() - 8..], "--note", "Known: already on our list."]));
    assert!(out.starts_with("Acknowledged: "), "{out}");
    let left: Vec<InboxEvent> = serde_json::from_str(&ok(cli(dir.path(), &b, &["--json", "inbox"]))).unwrap();
    assert_eq!(left.len(), 6);
    let all: Vec<InboxEvent> = serde_json::from_str(&ok(cli(dir.path(), &b, &["--json", "inbox", "--all"]))).unwrap();
    let acked = all.iter().find(|e| e.id == events[0].id).unwrap();
    assert_eq!((acked.status, acked.note.as_deref()), (EventStatus::Acknowledged, Some("Known: already on our list.")));
    let (_, err) = exits(cli(dir.path(), &b, &["inbox", "ack", &id]), 5);
    assert!(err.contains("already acknowledged"), "{err}");
    let (_, err) = exits(cli(dir.path(), &b, &["inbox", "ack", "nosuchid"]), 3);
    assert!(err.contains("no inbox event"), "{err}");
}

#[test]
fn the_digest_pdf_says_what_changed_decisions_and_open_items_and_is_deterministic() {
    use crate::common::{cli, ok};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    let fx = |n: &str| {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lists").join(n).display().to_string()
    };
    ok(cli(dir.path(), &db, &["init"]));
    ok(cli(dir.path(), &db, &["lists", "import", "--format", "fcc_covered", &fx("fcc-covered-list.csv")]));
    let hits: Vec<ScreeningHit> = serde_json::from_str(&ok(cli(dir.path(), &db, &["--json", "hits"]))).unwrap();
    let zte = hits.iter().find(|h| h.entry_name == "ZTE Corporation").unwrap();
    let kas = hits.iter().find(|h| h.entry_name == "Kaspersky Lab, Inc.").unwrap();
    ok(cli(
        dir.path(),
        &db,
        &["hits", "dismiss", &zte.id.to_string(), "--reason", "Reviewed: a namesake for the test."],
    ));
    ok(cli(dir.path(), &db, &["hits", "confirm", &kas.id.to_string()]));
    let events: Vec<InboxEvent> = serde_json::from_str(&ok(cli(dir.path(), &db, &["--json", "inbox"]))).unwrap();
    assert_eq!(events.len(), 5, "reviewing a hit settles its event: {events:#?}");
    let hik = events.iter().find(|e| e.title.contains("Hikvision")).unwrap();
    ok(cli(dir.path(), &db, &["inbox", "assign", &hik.id.to_string(), "--to", "Procurement"]));

    let pdf = dir.path().join("digest.pdf");
    let out = ok(cli(
        dir.path(),
        &db,
        &["inbox", "digest", "--since", "2026-11-01", "--as-of", "2026-12-31", "-o", pdf.to_str().unwrap()],
    ));
    assert!(out.starts_with("wrote "), "{out}");
    let check = std::process::Command::new("qpdf").arg("--check").arg(&pdf).output().unwrap();
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stdout));
    let text =
        String::from_utf8(std::process::Command::new("pdftotext").arg(&pdf).arg("-").output().unwrap().stdout).unwrap();
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for needle in [
        "What changed since 1 Nov 2026",
        "1 list snapshot was imported",
        "7 new possible matches touch the portfolio, 5 not yet dealt with",
        "Listings that touch the portfolio",
        "Dismissed: Reviewed: a namesake for the test.",
        "Assigned to Procurement",
        "Lists imported",
        "first snapshot",
        "Decisions taken",
        "Confirmed",
        "Open items",
        "Bands and verdicts that moved",
    ] {
        assert!(flat.contains(needle), "{needle:?} missing from:\n{flat}");
    }
    // The same data gives the same document, byte for byte.
    let again = dir.path().join("again.pdf");
    ok(cli(
        dir.path(),
        &db,
        &["inbox", "digest", "--since", "2026-11-01", "--as-of", "2026-12-31", "-o", again.to_str().unwrap()],
    ));
    assert_eq!(std::fs::read(&pdf).unwrap(), std::fs::read(&again).unwrap());
    // A period that ends before it starts is refused, naming the field.
    let o = cli(dir.path(), &db, &["inbox", "digest", "--since", "2026-12-31", "--as-of", "2026-11-01", "-o", "x.pdf"]);
    assert!(
        !o.status.success() && String::from_utf8_lossy(&o.stderr).contains("since"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}
