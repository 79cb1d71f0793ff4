//! Ownership and control: effective shares through chains and diamonds, cycles, the 50 % rules
//! (aggregation, dates in force, proof paths), undisclosed shares; the store (validation, audit,
//! bundles, deletion, cited sources); the CLI.

use crate::common::*;
use riskbrief::model::*;
use riskbrief::ownership::{self, owners};
use uuid::Uuid;

fn rel(from: Party, to: Uuid, kind: RelationKind, share: Option<f64>, source: Uuid) -> Relation {
    Relation {
        id: id(),
        from,
        to,
        kind,
        share,
        since: None,
        until: None,
        citations: vec![Citation { source_id: source, credibility: Credibility::C2 }],
        note: None,
        updated_at: ts(UPDATED),
    }
}

fn owns(from: Uuid, to: Uuid, share: f64) -> Relation {
    rel(Party::Company(from), to, RelationKind::OwnsShares, Some(share), id())
}

fn regime(id: &str) -> &'static ownership::Regime {
    riskbrief::dataset::ownership_regimes().iter().find(|r| r.id == id).expect("regime in data")
}

#[test]
fn chains_multiply_paths_add_and_a_diamond_counts_both_ways() {
    let (a, b, c) = (id(), id(), id());
    // A owns 60 % of B, B 50 % of C, and A 20 % of C directly: A holds 50 % of C.
    let g = vec![owns(a, b, 60.0), owns(b, c, 50.0), owns(a, c, 20.0)];
    let o = owners(&g, c, as_of());
    let ha = o.holdings.iter().find(|h| h.party == Party::Company(a)).unwrap();
    assert!((ha.percent - 50.0).abs() < 1e-9, "{}", ha.percent);
    assert_eq!(ha.paths.len(), 2);
    let hb = o.holdings.iter().find(|h| h.party == Party::Company(b)).unwrap();
    assert!((hb.percent - 50.0).abs() < 1e-9);
    assert!((o.unaccounted - 30.0).abs() < 1e-9, "B 50 % and A 20 % directly leave 30 %");
    assert!(o.cycles.is_empty());
    // What A owns, downstream: B directly, C through B and directly.
    let held: Vec<(Uuid, f64)> =
        ownership::owned_by(&g, Party::Company(a), as_of()).into_iter().map(|(c, h)| (c, h.percent)).collect();
    assert_eq!(held.len(), 2);
    assert_eq!(held[0], (b, 60.0));
    assert_eq!(held[1].0, c);
    assert!((held[1].1 - 50.0).abs() < 1e-9);
    assert!(ownership::owned_by(&g, Party::Company(c), as_of()).is_empty());
    // A parent of a subsidiary holds it through the relation the other way round.
    let (p, s) = (id(), id());
    let g = vec![rel(Party::Company(s), p, RelationKind::SubsidiaryOf, Some(100.0), id())];
    let o = owners(&g, s, as_of());
    assert_eq!(o.holdings[0].party, Party::Company(p));
    assert_eq!(o.holdings[0].percent, 100.0);
}

#[test]
fn cross_holdings_terminate_and_are_reported() {
    let (a, b, c) = (id(), id(), id());
    let g = vec![owns(a, b, 10.0), owns(b, a, 10.0), owns(b, c, 40.0)];
    let o = owners(&g, c, as_of());
    assert_eq!(o.cycles.len(), 1, "{:?}", o.cycles);
    let hb = o.holdings.iter().find(|h| h.party == Party::Company(b)).unwrap();
    assert_eq!(hb.percent, 40.0);
    let ha = o.holdings.iter().find(|h| h.party == Party::Company(a)).unwrap();
    assert!((ha.percent - 4.0).abs() < 1e-9, "10 % of 40 %: {}", ha.percent);
    // A long chain is followed to its end, within the depth limit.
    let chain: Vec<Uuid> = (0..30).map(|_| id()).collect();
    let g: Vec<Relation> = chain.windows(2).map(|w| owns(w[1], w[0], 100.0)).collect();
    let o = owners(&g, chain[0], as_of());
    assert_eq!(o.holdings.len(), ownership::MAX_DEPTH);
}

#[test]
fn two_listed_owners_of_30_and_25_percent_block_the_company_under_the_ofac_rule() {
    let (x, y, z, target) = (id(), id(), id(), id());
    let g = vec![owns(x, target, 30.0), owns(y, target, 25.0), owns(z, target, 45.0)];
    let listed =
        |p: Party| if p == Party::Company(x) || p == Party::Company(y) { vec![OfficialList::OfacSdn] } else { vec![] };
    let name = |p: Party| match p {
        Party::Company(c) if c == x => "Party A".to_string(),
        Party::Company(c) if c == y => "Party C".to_string(),
        Party::Company(c) if c == target => "B".to_string(),
        _ => "someone".to_string(),
    };
    let f = ownership::apply(
        regime("ofac_50"),
        &ownership::Graph::new(&g, as_of()),
        &owners(&g, target, as_of()),
        target,
        &listed,
        &name,
    );
    assert!(f.applies && f.in_force);
    assert!((f.aggregate - 55.0).abs() < 1e-9);
    assert_eq!(f.proof, "Party A (OFAC SDN List) 30 % → B; Party C (OFAC SDN List) 25 % → B ⇒ 55 % ≥ 50 %");
    // One of them alone is below the threshold.
    let only_x = |p: Party| if p == Party::Company(x) { vec![OfficialList::OfacSdn] } else { vec![] };
    let f = ownership::apply(
        regime("ofac_50"),
        &ownership::Graph::new(&g, as_of()),
        &owners(&g, target, as_of()),
        target,
        &only_x,
        &name,
    );
    assert!(!f.applies);
    assert!(f.proof.ends_with("30 % < 50 %"), "{}", f.proof);
    // An Entity List owner does not count under OFAC.
    let el = |p: Party| if p == Party::Company(z) { vec![OfficialList::BisEntityList] } else { vec![] };
    assert!(ownership::apply(
        regime("ofac_50"),
        &ownership::Graph::new(&g, as_of()),
        &owners(&g, target, as_of()),
        target,
        &el,
        &name
    )
    .listed
    .is_empty());
}

#[test]
fn the_affiliates_rule_applies_only_while_in_force() {
    let (parent, sub) = (id(), id());
    let g = vec![owns(parent, sub, 60.0)];
    let listed = |p: Party| if p == Party::Company(parent) { vec![OfficialList::BisEntityList] } else { vec![] };
    let name = |_: Party| "X".to_string();
    let r = regime("bis_affiliates");
    let during = ownership::apply(
        r,
        &ownership::Graph::new(&g, day(2025, 10, 15)),
        &owners(&g, sub, day(2025, 10, 15)),
        sub,
        &listed,
        &name,
    );
    assert!(during.in_force && during.applies, "{}", during.proof);
    let suspended = ownership::apply(
        r,
        &ownership::Graph::new(&g, day(2026, 1, 15)),
        &owners(&g, sub, day(2026, 1, 15)),
        sub,
        &listed,
        &name,
    );
    assert!(!suspended.in_force && !suspended.applies);
    assert!(suspended.proof.contains("not in force"), "{}", suspended.proof);
    let before = ownership::apply(
        r,
        &ownership::Graph::new(&g, day(2025, 9, 1)),
        &owners(&g, sub, day(2025, 9, 1)),
        sub,
        &listed,
        &name,
    );
    assert!(!before.applies);
}

#[test]
fn the_eu_and_uk_rules_need_more_than_half_or_control_and_count_only_their_own_lists() {
    let (listed_party, other, target) = (id(), id(), id());
    let on_eu = |p: Party| if p == Party::Company(listed_party) { vec![OfficialList::EuFsf] } else { vec![] };
    let name = |_: Party| "X".to_string();
    let find = |rule: &str, g: &[Relation], listed: &dyn Fn(Party) -> Vec<OfficialList>| {
        ownership::apply(
            regime(rule),
            &ownership::Graph::new(g, as_of()),
            &owners(g, target, as_of()),
            target,
            listed,
            &name,
        )
    };
    // Exactly half is not "more than 50 %" under the EU rule; it is "50 % or more" under OFAC's.
    let half = vec![owns(listed_party, target, 50.0), owns(other, target, 50.0)];
    let eu = find("eu_ownership_control", &half, &on_eu);
    assert!(!eu.applies && eu.proof.ends_with("50 % ≤ 50 %"), "{}", eu.proof);
    let on_sdn = |p: Party| if p == Party::Company(listed_party) { vec![OfficialList::OfacSdn] } else { vec![] };
    assert!(find("ofac_50", &half, &on_sdn).applies);
    let most = vec![owns(listed_party, target, 51.0), owns(other, target, 49.0)];
    let eu = find("eu_ownership_control", &most, &on_eu);
    assert!(eu.applies && eu.proof.ends_with("51 % > 50 %"), "{}", eu.proof);
    // Control alone is enough under the EU and UK rules, never under OFAC's.
    let control =
        vec![rel(Party::Company(listed_party), target, RelationKind::Controls, None, id()), owns(other, target, 100.0)];
    let eu = find("eu_ownership_control", &control, &on_eu);
    assert!(eu.applies && eu.proof.contains("control by a listed party"), "{}", eu.proof);
    let on_uk = |p: Party| if p == Party::Company(listed_party) { vec![OfficialList::UkSanctions] } else { vec![] };
    assert!(find("uk_ownership_control", &control, &on_uk).applies);
    assert!(!find("ofac_50", &control, &on_sdn).applies);
    // A UK designation does not count under the EU rule, nor an EU one under the UK rule.
    assert!(!find("eu_ownership_control", &control, &on_uk).applies);
    assert!(!find("uk_ownership_control", &most, &on_eu).applies);
}

#[test]
fn undisclosed_shares_are_findings_never_zero_exposure() {
    let (owner, target) = (id(), id());
    // No owner recorded: everything is unaccounted.
    assert_eq!(owners(&[], target, as_of()).unaccounted, 100.0);
    // An owner without a share: a holding whose size is unknown, and still 100 % unaccounted.
    let g = vec![rel(Party::Company(owner), target, RelationKind::OwnsShares, None, id())];
    let o = owners(&g, target, as_of());
    assert_eq!((o.unaccounted, o.undisclosed_direct), (100.0, 1));
    assert_eq!(o.holdings[0].undisclosed.len(), 1);
    assert!(o.holdings[0].paths.is_empty() && o.holdings[0].percent == 0.0);
    // A listed controller without shares: not blocked under OFAC (ownership only), but listed.
    let g = vec![rel(Party::Company(owner), target, RelationKind::Controls, None, id())];
    let listed = |p: Party| if p == Party::Company(owner) { vec![OfficialList::OfacSdn] } else { vec![] };
    let f = ownership::apply(
        regime("ofac_50"),
        &ownership::Graph::new(&g, as_of()),
        &owners(&g, target, as_of()),
        target,
        &listed,
        &|_| "X".into(),
    );
    assert!(!f.applies);
    // Ended relations do not count.
    let mut ended = owns(owner, target, 80.0);
    ended.until = Some(pd("2024-01"));
    assert_eq!(owners(&[ended], target, as_of()).unaccounted, 100.0);
}

#[test]
fn relations_are_validated_audited_carried_in_bundles_and_go_with_their_company() {
    let mut t = TempStore::seeded();
    let deepseek = t.store.find_company("deepseek").unwrap();
    let huawei = t.store.find_company("huawei").unwrap();
    let s = t.store.sources().unwrap()[0].clone();
    let bundled = t.store.relations().unwrap().len();
    let liang = Person {
        id: id(),
        name: "Person A".into(),
        native_name: None,
        nationality: Some("CN".into()),
        note: None,
        lists: vec![],
        updated_at: ts(UPDATED),
    };
    t.store.save_person(&liang).unwrap();
    let founded = rel(Party::Person(liang.id), deepseek.id, RelationKind::Founded, None, s.id);
    t.store.save_relation(&founded).unwrap();

    // Refused, each naming the field, nothing written.
    let mut bad = owns(huawei.id, deepseek.id, 120.0);
    bad.citations[0].source_id = s.id;
    assert_invalid_field(t.store.save_relation(&bad), Some(RecordKind::Relation), "share", "at most 100");
    let mut a = owns(huawei.id, deepseek.id, 70.0);
    a.citations[0].source_id = s.id;
    t.store.save_relation(&a).unwrap();
    let mut b = rel(Party::Person(liang.id), deepseek.id, RelationKind::OwnsShares, Some(40.0), s.id);
    assert_invalid_field(t.store.save_relation(&b), Some(RecordKind::Relation), "share", "above 100 %");
    b.share = Some(30.0);
    t.store.save_relation(&b).unwrap();
    let mut own = owns(deepseek.id, deepseek.id, 10.0);
    own.citations[0].source_id = s.id;
    assert_invalid_field(t.store.save_relation(&own), Some(RecordKind::Relation), "from", "itself");
    let unsourced = owns(deepseek.id, huawei.id, 1.0);
    assert_invalid_field(
        t.store.save_relation(&unsourced),
        Some(RecordKind::Relation),
        "citations[0].source_id",
        "no source",
    );
    let mut share_on_founder = founded.clone();
    share_on_founder.share = Some(5.0);
    assert_invalid_field(t.store.save_relation(&share_on_founder), Some(RecordKind::Relation), "share", "holding");

    // Audited.
    let history = t.store.history(deepseek.id).unwrap();
    assert!(history.iter().filter(|h| h.table == RecordKind::Relation).count() >= 3);

    // A cited source cannot be deleted.
    let e = t.store.delete_source(s.id).unwrap_err();
    assert_eq!(e.code(), riskbrief::ErrorCode::Conflict, "{e}");

    // A whole-database bundle carries persons and relations into a fresh database.
    let d = t.store.export_dataset(None).unwrap();
    assert_eq!((d.persons.len(), d.relations.len()), (2, bundled + 3));
    let mut fresh = TempStore::new();
    let b = riskbrief::bundle::create(d, vec![], "2026-12-02T00:00:00Z".into(), "test".into(), None);
    let bytes = serde_json::to_vec(&b).unwrap();
    let (opened, _) = riskbrief::bundle::open("x.json", &bytes, &[], true, chrono::Utc::now()).unwrap();
    fresh.store.import_bundle(&opened, None, false).unwrap();
    assert_eq!(fresh.store.relations().unwrap().len(), bundled + 3);
    assert!(fresh.store.persons().unwrap().iter().any(|p| p.name == "Person A"));

    // Deleting Huawei deletes its relation (audited); deleting the person deletes theirs.
    t.store.delete_company(huawei.id).unwrap();
    assert_eq!(t.store.relations().unwrap().len(), bundled + 2);
    t.store.delete_person(liang.id).unwrap();
    assert_eq!(t.store.relations().unwrap().len(), bundled);
    let trail = t.store.history(deepseek.id).unwrap();
    assert!(trail.iter().any(|h| h.table == RecordKind::Relation && h.action == AuditAction::Delete));
}

#[test]
fn a_new_person_and_their_relation_are_saved_together_or_not_at_all() {
    let mut t = TempStore::seeded();
    let deepseek = t.store.find_company("deepseek").unwrap();
    let s = t.store.sources().unwrap()[0].clone();
    let (persons, relations) = (t.store.persons().unwrap().len(), t.store.relations().unwrap().len());
    let person = Person {
        id: id(),
        name: "Person B".into(),
        native_name: None,
        nationality: None,
        note: None,
        lists: vec![],
        updated_at: ts(UPDATED),
    };
    // The relation is refused (a share above 100 %): the person is not stored either.
    let bad = rel(Party::Company(id()), deepseek.id, RelationKind::OwnsShares, Some(120.0), s.id);
    let now = ts(UPDATED);
    let e = riskbrief::app::monitor::save_relation(&mut t.store, bad, Some(person.clone()), now).unwrap_err();
    assert_eq!(e.code(), riskbrief::ErrorCode::Validation, "{e}");
    assert_eq!(t.store.persons().unwrap().len(), persons, "no orphaned person");
    // The graph refuses it (recorded owners above 100 % together): neither is stored.
    let mut big = rel(Party::Company(id()), deepseek.id, RelationKind::OwnsShares, Some(80.0), s.id);
    big.from = Party::Company(t.store.find_company("huawei").unwrap().id);
    t.store.save_relation(&big).unwrap();
    let more = rel(Party::Company(id()), deepseek.id, RelationKind::OwnsShares, Some(30.0), s.id);
    let e = riskbrief::app::monitor::save_relation(&mut t.store, more, Some(person.clone()), now).unwrap_err();
    assert!(e.to_string().contains("above 100 %"), "{e}");
    assert_eq!(t.store.persons().unwrap().len(), persons, "no orphaned person");
    assert_eq!(t.store.relations().unwrap().len(), relations + 1);
    // Accepted: both stored, the relation from the new person whatever `from` it came with.
    let ok_rel = rel(Party::Company(id()), deepseek.id, RelationKind::OwnsShares, Some(20.0), s.id);
    let saved = riskbrief::app::monitor::save_relation(&mut t.store, ok_rel, Some(person.clone()), now).unwrap();
    assert_eq!(saved.relation.from, Party::Person(person.id));
    assert_eq!(saved.person.as_ref().map(|p| p.id), Some(person.id));
    assert!(t.store.persons().unwrap().iter().any(|p| p.id == person.id));
    assert!(t
        .store
        .relations()
        .unwrap()
        .iter()
        .any(|r| r.id == saved.relation.id && r.from == Party::Person(person.id)));
}

#[test]
fn the_cli_saves_a_relation_with_a_new_person_in_one_step() {
    let dir = tempfile::tempdir().unwrap();
    let db = cli_db(dir.path(), "x.db", false);
    let store = riskbrief::Store::open(&db).unwrap();
    let deepseek = store.find_company("deepseek").unwrap();
    let s = store.sources().unwrap()[0].clone();
    let persons = store.persons().unwrap().len();
    drop(store);
    let pfile = dir.path().join("p.json");
    std::fs::write(
        &pfile,
        serde_json::json!({"id": Uuid::nil(), "name": "Person C", "updated_at": "1970-01-01T00:00:00Z"}).to_string(),
    )
    .unwrap();
    let rfile = dir.path().join("r.json");
    let relation = |share: f64| {
        serde_json::json!({"id": Uuid::nil(), "from": {"kind": "person", "id": Uuid::nil()}, "to": deepseek.id,
            "kind": "owns_shares", "share": share, "citations": [{"source_id": s.id, "credibility": "2"}],
            "updated_at": "1970-01-01T00:00:00Z"})
        .to_string()
    };
    let args = ["--json", "relation", "save", rfile.to_str().unwrap(), "--new-person", pfile.to_str().unwrap()];
    std::fs::write(&rfile, relation(101.0)).unwrap();
    let (_, err) = exits(cli(dir.path(), &db, &args), 4);
    assert!(err.contains("share"), "{err}");
    assert_eq!(riskbrief::Store::open(&db).unwrap().persons().unwrap().len(), persons, "nothing stored");
    std::fs::write(&rfile, relation(10.0)).unwrap();
    let saved: serde_json::Value = serde_json::from_str(&ok(cli(dir.path(), &db, &args))).unwrap();
    let pid = saved["person"]["id"].as_str().unwrap();
    assert_ne!(pid, Uuid::nil().to_string());
    assert_eq!(saved["relation"]["from"], serde_json::json!({"kind": "person", "id": pid}));
    let store = riskbrief::Store::open(&db).unwrap();
    assert_eq!(store.persons().unwrap().len(), persons + 1);
    let out = ok(cli(dir.path(), &db, &["owners", "deepseek"]));
    assert!(out.contains("Person C — owns shares in 10 % → DeepSeek"), "{out}");
}

#[test]
fn the_cli_shows_owners_with_sources_proof_and_the_unaccounted_share() {
    let dir = tempfile::tempdir().unwrap();
    let db = cli_db(dir.path(), "x.db", false);
    let store = riskbrief::Store::open(&db).unwrap();
    let deepseek = store.find_company("deepseek").unwrap();
    let hikvision = store.find_company("hikvision").unwrap();
    let s = store.sources().unwrap()[0].clone();
    drop(store);
    let person = serde_json::json!({"id": Uuid::nil(), "name": "Person A", "nationality": "CN",
        "updated_at": "1970-01-01T00:00:00Z"});
    let file = dir.path().join("p.json");
    std::fs::write(&file, person.to_string()).unwrap();
    let saved: serde_json::Value =
        serde_json::from_str(&ok(cli(dir.path(), &db, &["--json", "relation", "save-person", file.to_str().unwrap()])))
            .unwrap();
    let liang = saved["id"].as_str().unwrap().to_string();
    for (from, kind, share) in [
        (serde_json::json!({"kind": "person", "id": liang}), "founded", None),
        (serde_json::json!({"kind": "company", "id": hikvision.id}), "owns_shares", Some(60.0)),
    ] {
        let r = serde_json::json!({"id": Uuid::nil(), "from": from, "to": deepseek.id, "kind": kind, "share": share,
            "citations": [{"source_id": s.id, "credibility": "2"}], "updated_at": "1970-01-01T00:00:00Z"});
        std::fs::write(&file, r.to_string()).unwrap();
        ok(cli(dir.path(), &db, &["relation", "save", file.to_str().unwrap()]));
    }
    let out = ok(cli(dir.path(), &db, &["owners", "deepseek", "--as-of", "2025-10-15"]));
    assert!(out.contains("Person A — founded → DeepSeek"), "{out}");
    assert!(
        out.contains("Hikvision [BIS Entity List, DoD 1260H") && out.contains("— owns shares in 60 % → DeepSeek"),
        "{out}"
    );
    assert!(out.contains(&format!("source: {}", s.publisher)), "{out}");
    assert!(out.contains("Unaccounted share: 40 %"), "{out}");
    assert!(
        out.contains("BIS Affiliates Rule: APPLIES. Hikvision (BIS Entity List) 60 % → DeepSeek ⇒ 60 % ≥ 50 %"),
        "{out}"
    );
    assert!(out.contains("OFAC 50 Percent Rule: does not apply."), "{out}");
    let later = ok(cli(dir.path(), &db, &["owners", "deepseek", "--as-of", "2026-12-02"]));
    assert!(later.contains("BIS Affiliates Rule: not in force."), "{later}");
    let owned = ok(cli(dir.path(), &db, &["owned-by", "hikvision"]));
    assert!(owned.contains("DeepSeek: 60 %"), "{owned}");
    let none = ok(cli(dir.path(), &db, &["owned-by", "person a"]));
    assert!(none.contains("owns nothing recorded"), "founding is not owning: {none}");
    std::fs::write(&file, "{\"kind\": 1}").unwrap();
    let (_, err) = exits(cli(dir.path(), &db, &["relation", "save", file.to_str().unwrap()]), 1);
    assert!(err.contains("p.json") && err.contains("not a relation"), "{err}");
}

/// `data` with these parties behind it: each a relation into the company and the lists the
/// party is on.
fn backed(data: &CompanyData, backers: &[(Relation, Vec<OfficialList>)]) -> CompanyData {
    let mut d = data.clone();
    for (r, lists) in backers {
        d.ownership.relations.push(r.clone());
        d.ownership.parties.push(PartyView {
            party: r.from,
            name: format!("P{}", r.from.id()),
            slug: None,
            lists: lists.clone(),
        });
    }
    d
}

fn ownership_points(a: &riskbrief::risk::Assessment) -> f64 {
    a.factors.iter().find(|f| f.kind == riskbrief::risk::FactorKind::Ownership).expect("an ownership factor").points
}

#[test]
fn the_score_weighs_a_listed_majority_owner_like_a_listing_and_unknown_ownership_a_little() {
    use riskbrief::risk::{assess, Band, OWNERSHIP_MAX, UNDISCLOSED_MAX};
    let base = bare_data("US");
    let c = base.company.id;
    let bare = assess(&base, as_of());
    assert_eq!(ownership_points(&bare), UNDISCLOSED_MAX, "nobody recorded: ownership unknown is a finding");

    // A 60 % owner on the SDN list: weighs like the SDN listing itself, blocks under the OFAC
    // rule, and raises the band to High whatever the score.
    let sdn_owner = backed(&base, &[(owns(id(), c, 60.0), vec![OfficialList::OfacSdn])]);
    let a = assess(&sdn_owner, as_of());
    let listing = assess(
        &{
            let mut d = base.clone();
            d.designations.push(designation(c, OfficialList::OfacSdn, DesignationStatus::Listed));
            d
        },
        as_of(),
    );
    let designations = |a: &riskbrief::risk::Assessment| a.factors[0].points;
    assert!(ownership_points(&a) >= designations(&listing), "{:?}", a.factors[4]);
    assert!(ownership_points(&a) <= OWNERSHIP_MAX);
    assert_eq!(a.band, Band::High);
    // A 60 % owner on the Entity List: its 40 points alone make Moderate; while the Affiliates
    // Rule is in force the company is treated as listed, so at least High.
    let el_owner = backed(&base, &[(owns(id(), c, 60.0), vec![OfficialList::BisEntityList])]);
    let during = assess(&el_owner, day(2025, 10, 15));
    assert_eq!(during.band, Band::High);
    assert!(during.band_floor.as_deref().unwrap_or("").contains("BIS Affiliates Rule"), "{:?}", during.band_floor);
    let suspended = assess(&el_owner, day(2026, 1, 15));
    assert_eq!((suspended.band, suspended.band_floor), (Band::Moderate, None));

    // Two listed minority owners, 30 % and 25 %: together a majority, so each weighs in full.
    let (x, y) = (owns(id(), c, 30.0), owns(id(), c, 25.0));
    let two = assess(&backed(&base, &[(x, vec![OfficialList::OfacSdn]), (y, vec![OfficialList::OfacSdn])]), as_of());
    assert_eq!(two.band, Band::High, "55 % in aggregate blocks: {:?}", two.band_floor);
    // One 30 % owner on the Entity List: a minority, less than a listing; no floor.
    let minority = assess(&backed(&base, &[(owns(id(), c, 30.0), vec![OfficialList::BisEntityList])]), as_of());
    assert!(ownership_points(&minority) > UNDISCLOSED_MAX && ownership_points(&minority) < 40.0);
    assert_eq!(minority.band_floor, None);
    // A listed founder counts less again, but counts.
    let founder = rel(Party::Person(id()), c, RelationKind::Founded, None, id());
    let f = assess(&backed(&base, &[(founder, vec![OfficialList::Dod1260h])]), as_of());
    assert!(ownership_points(&f) > UNDISCLOSED_MAX && ownership_points(&f) < ownership_points(&minority));
    // An unlisted owner of all of it: nothing unknown, nothing listed.
    let known = assess(&backed(&base, &[(owns(id(), c, 100.0), vec![])]), as_of());
    assert_eq!(ownership_points(&known), 0.0);
}

/// One generated backer: its kind (0 owns shares, 1 controls, 2 founded, 3 funds), share (when
/// a holding, 0 = undisclosed) and list (0 = none).
fn generated(c: Uuid, (kind, share, list): (u8, u8, u8)) -> (Relation, Vec<OfficialList>) {
    let kind = [RelationKind::OwnsShares, RelationKind::Controls, RelationKind::Founded, RelationKind::Funds]
        [kind as usize % 4];
    let share = (kind == RelationKind::OwnsShares && share > 0).then_some(share as f64);
    let lists = match list as usize % (OfficialList::ALL.len() + 1) {
        0 => vec![],
        i => vec![OfficialList::ALL[i - 1]],
    };
    let from = if list % 2 == 0 { Party::Company(id()) } else { Party::Person(id()) };
    (rel(from, c, kind, share, id()), lists)
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

    /// Adding a listed owner (or controller, founder, funder) never lowers a score, and an
    /// undisclosed share is never treated as zero exposure.
    #[test]
    fn adding_a_listed_backer_never_lowers_the_score(
        existing in proptest::collection::vec((0u8..4, 0u8..=24, 0u8..16), 0..4),
        extra in (0u8..4, 0u8..=24, 1u8..16),
        country in proptest::sample::select(vec!["US", "CN", "RU"]),
    ) {
        let base = bare_data(country);
        let c = base.company.id;
        let backers: Vec<_> = existing.into_iter().map(|g| generated(c, g)).collect();
        let before_data = backed(&base, &backers);
        let (r, mut lists) = generated(c, extra);
        if lists.is_empty() {
            lists.push(OfficialList::Other);
        }
        let undisclosed_holding = r.kind == RelationKind::OwnsShares && r.share.is_none();
        let after_data = backed(&before_data, &[(r, lists)]);
        let (before, after) = (riskbrief::risk::assess(&before_data, as_of()), riskbrief::risk::assess(&after_data, as_of()));
        proptest::prop_assert!(after.score >= before.score, "{} → {}", before.score, after.score);
        proptest::prop_assert!(ownership_points(&after) >= ownership_points(&before));
        proptest::prop_assert!(after.band >= before.band);
        if undisclosed_holding {
            let st = ownership::standing(&after_data.ownership, c, as_of());
            proptest::prop_assert!(st.owners.unaccounted > 0.0);
            proptest::prop_assert!(ownership_points(&after) > 0.0, "an undisclosed listed holding is not zero exposure");
        }
        let st = ownership::standing(&before_data.ownership, c, as_of());
        if st.owners.unaccounted > 0.0 {
            proptest::prop_assert!(ownership_points(&before) > 0.0, "unaccounted {} % scored as nothing", st.owners.unaccounted);
        }
    }
}

#[test]
fn deepseek_s_founder_and_funder_are_shown_with_their_sources() {
    let t = TempStore::seeded();
    let v = riskbrief::app::ownership::ownership(&t.store, "deepseek", as_of()).unwrap();
    let find = |from: &str, kind: RelationKind| {
        v.relations.iter().find(|r| r.from.name == from && r.relation.kind == kind && r.to.name == "DeepSeek")
    };
    let founded = find("Liang Wenfeng", RelationKind::Founded).expect("Liang Wenfeng founded DeepSeek");
    assert!(founded.sources.iter().any(|s| s.publisher.contains("Associated Press")), "{:?}", founded.sources);
    let funds = find("High-Flyer", RelationKind::Funds).expect("High-Flyer funds DeepSeek");
    assert!(funds.sources.len() >= 2 && funds.sources.iter().all(|s| s.url.is_some()));
    // No source states a percentage: every holding is undisclosed, the whole is unaccounted.
    assert!(v.relations.iter().all(|r| r.relation.share.is_none()));
    assert_eq!(v.unaccounted, 100.0);
    assert_eq!(v.undisclosed_direct, 2);
    assert!(v.findings.iter().all(|f| !f.applies));
    // High-Flyer's own founder is shown up the chain; DeepSeek holds nothing recorded.
    assert!(v.relations.iter().any(|r| r.from.name == "Liang Wenfeng" && r.to.name == "High-Flyer"));
    assert!(v.owned.is_empty());
    // The score counts the unknown ownership, and nothing listed.
    let a = riskbrief::risk::assess(&t.data("deepseek"), as_of());
    let f = a.factors.iter().find(|f| f.kind == riskbrief::risk::FactorKind::Ownership).unwrap();
    assert_eq!(f.points, riskbrief::risk::UNDISCLOSED_MAX);
    assert!(f.rationale.contains("none on an official list"), "{}", f.rationale);
    // The brief data carries the relations' sources.
    let data = t.data("deepseek");
    assert!(founded.sources.iter().all(|s| data.sources.iter().any(|x| x.id == s.id)));
}

#[test]
fn persons_and_relations_are_found_by_search_and_follow_renames_and_deletions() {
    let mut t = TempStore::seeded();
    let hits = t.store.search("Liang Wenfeng", 50).unwrap();
    let person = hits.iter().find(|h| h.kind == SearchKind::Person).expect("the person");
    assert_eq!((person.title.as_str(), person.company_slug.as_deref()), ("Liang Wenfeng", None));
    let founded = hits
        .iter()
        .find(|h| h.kind == SearchKind::Relation && h.title == "Liang Wenfeng founded Hangzhou DeepSeek Artificial Intelligence Basic Technology Research Co., Ltd.")
        .unwrap_or_else(|| panic!("the founding relation: {hits:#?}"));
    assert_eq!(founded.company_slug.as_deref(), Some("deepseek"), "a relation belongs to the company it stands behind");
    // A note is searched, and a rename renames the person's relations.
    assert!(t.store.search("incubator", 10).unwrap().iter().any(|h| h.kind == SearchKind::Relation));
    let mut p = t.store.persons().unwrap().into_iter().find(|p| p.name == "Liang Wenfeng").unwrap();
    p.name = "Renamed Person".into();
    t.store.save_person(&p).unwrap();
    assert!(t.store.search("Renamed", 50).unwrap().iter().any(|h| h.kind == SearchKind::Relation));
    assert!(!t
        .store
        .search("Liang Wenfeng", 50)
        .unwrap()
        .iter()
        .any(|h| h.kind == SearchKind::Relation || h.kind == SearchKind::Person));
    t.store.delete_person(p.id).unwrap();
    assert!(t.store.search("Renamed", 50).unwrap().is_empty());
}
