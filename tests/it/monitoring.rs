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
    let f = [InputFile { name: "sdn.csv", bytes: &bytes }];
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

    // Acme's dismissal holds on the new snapshot (same names); Cygnus's returns (its names changed).
    let a = hit_of(&t.store, &acme);
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
    assert_eq!(monitor::save_relation(&mut t.store, &r, ts("2026-01-06T08:00:00Z")).unwrap(), 1);
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
