//! Scenarios: run in memory over the real data, never touching it; deterministic; consequences
//! for every list; refuting never raises a score; saved, audited and carried in bundles; the CLI.

use crate::common::*;
use riskbrief::app::scenario as use_case;
use riskbrief::model::*;
use riskbrief::risk::Verdict;

fn with_register() -> TempStore {
    let mut t = TempStore::seeded();
    let (file, bytes) = riskbrief::dataset::SAMPLE_REGISTER;
    let o = riskbrief::app::exposure::import_deployments(&mut t.store, file, bytes, &[], false, ts(UPDATED)).unwrap();
    assert!(o.written);
    t
}

fn builtin(t: &TempStore, starts: &str) -> Scenario {
    use_case::builtins(&t.store).unwrap().into_iter().find(|s| s.name.starts_with(starts)).expect(starts)
}

#[test]
fn a_run_never_touches_the_real_records_and_is_deterministic() {
    let t = with_register();
    let before = t.store.export_dataset(None).unwrap();
    for s in use_case::builtins(&t.store).unwrap() {
        let a = use_case::run(&t.store, &s, as_of()).unwrap();
        let b = use_case::run(&t.store, &s, as_of()).unwrap();
        assert_eq!(a, b, "{}: the same scenario gives the same result", s.name);
        assert!(a.missing.is_empty(), "{}: {:?}", s.name, a.missing);
        assert_eq!(a.assumed.len(), s.changes.len());
    }
    assert_eq!(t.store.export_dataset(None).unwrap(), before, "a run wrote to the database");
}

#[test]
fn an_entity_listing_moves_deepseek_and_our_hosted_deployments() {
    let t = with_register();
    let run = use_case::run(&t.store, &builtin(&t, "DeepSeek added to the BIS Entity List"), as_of()).unwrap();
    let ds = run.companies.iter().find(|c| c.slug == "deepseek").unwrap();
    assert!(ds.score_after > ds.score_before);
    assert!(ds.band_after >= riskbrief::risk::Band::High);
    assert!(ds.factors.iter().any(|f| f.name == "Official designations" && f.after > f.before));
    assert_eq!(run.consequences.len(), 1);
    assert_eq!(run.consequences[0].consequence.list, OfficialList::BisEntityList);
    assert!(!run.deployments.is_empty());
    for d in &run.deployments {
        assert!(d.after.verdict >= d.before.verdict, "{}: a listing improved a verdict", d.deployment.name);
    }
}

#[test]
fn every_list_has_a_sourced_consequence_and_a_listing_on_it_states_it() {
    let t = with_register();
    let ds = t.data("deepseek").company.id;
    for list in OfficialList::ALL.iter().filter(|l| **l != OfficialList::Other) {
        let c = riskbrief::dataset::list_consequence(*list).unwrap_or_else(|| panic!("no consequence for {list:?}"));
        assert!(!c.consequence.trim().is_empty() && !c.source.publisher.is_empty() && !c.source.title.is_empty());
        if let Some(u) = &c.source.url {
            assert!(u.starts_with("https://"), "{u}");
        }
        let s = Scenario {
            id: id(),
            name: format!("listed on {}", list.code()),
            description: None,
            as_of: None,
            changes: vec![ScenarioChange::Designate {
                company_id: ds,
                list: *list,
                status: DesignationStatus::Listed,
                since: None,
            }],
            updated_at: ts(UPDATED),
        };
        let run = use_case::run(&t.store, &s, as_of()).unwrap();
        assert_eq!(run.consequences.len(), 1, "{list:?}");
        assert_eq!(run.consequences[0].consequence, *c);
    }
}

#[test]
fn refuting_allegations_never_raises_a_score_or_worsens_a_verdict() {
    let t = with_register();
    for c in t.store.companies().unwrap() {
        let data = t.store.company_data(c.id).unwrap();
        for a in &data.allegations {
            let s = Scenario {
                id: id(),
                name: "refuted".into(),
                description: None,
                as_of: None,
                changes: vec![ScenarioChange::AllegationStatus {
                    allegation_id: a.id,
                    status: AllegationStatus::Refuted,
                }],
                updated_at: ts(UPDATED),
            };
            let run = use_case::run(&t.store, &s, as_of()).unwrap();
            let d = run.companies.iter().find(|x| x.company_id == c.id).unwrap();
            assert!(d.score_after <= d.score_before, "{}: refuting {} raised the score", c.slug, a.id);
            for x in &run.deployments {
                assert!(x.after.verdict <= x.before.verdict, "{}: {}", c.slug, x.deployment.name);
            }
        }
    }
}

#[test]
fn withdrawn_offerings_tell_the_deployments_that_use_them_to_move() {
    let t = with_register();
    let run = use_case::run(&t.store, &builtin(&t, "The cloud providers withdraw"), as_of()).unwrap();
    let bot = run.deployments.iter().find(|d| d.deployment.name == "Customer support assistant").unwrap();
    assert!(bot.offering_withdrawn);
    assert!(
        bot.after.controls[0].starts_with("Move it to another route or replace it by 31 Mar 2027"),
        "{:?}",
        bot.after.controls
    );
    let ds = run.companies.iter().find(|c| c.slug == "deepseek").unwrap();
    assert!(ds.routes.iter().any(|r| r.before.is_some() && r.after.is_none()), "{:?}", ds.routes);
}

#[test]
fn a_changed_deployment_is_judged_on_its_new_route() {
    let t = with_register();
    let dev = t.store.deployments().unwrap().into_iter().find(|d| d.name == "Developer coding assistant").unwrap();
    let s = Scenario {
        id: id(),
        name: "move the coding assistant to self-hosted weights".into(),
        description: None,
        as_of: None,
        changes: vec![ScenarioChange::ChangeDeployment {
            deployment_id: dev.id,
            route: Some(DeploymentRoute::SelfHosted),
            data: None,
            status: None,
        }],
        updated_at: ts(UPDATED),
    };
    let run = use_case::run(&t.store, &s, as_of()).unwrap();
    let d = run.deployments.iter().find(|d| d.deployment.id == dev.id).unwrap();
    assert_eq!(d.before.verdict, Verdict::NotRecommended);
    assert_eq!(d.after.verdict, Verdict::AcceptableWithControls);
    assert_eq!(
        t.store.deployments().unwrap().into_iter().find(|x| x.id == dev.id).unwrap(),
        dev,
        "the real deployment is unchanged"
    );
}

#[test]
fn a_saved_scenario_is_audited_validated_and_travels_in_whole_database_bundles() {
    let mut t = with_register();
    let mut s = builtin(&t, "DeepSeek added to the DoD 1260H list");
    s.id = uuid::Uuid::nil();
    s.name = "Ours: 1260H".into();
    let saved = use_case::save(&mut t.store, s.clone(), ts(UPDATED)).unwrap();
    assert_eq!(use_case::find(&t.store, "ours: 1260h").unwrap(), saved);
    let audited: i64 = t
        .raw()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE table_name = 'scenarios' AND record_id = ?1",
            [saved.id.to_string()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audited, 1);
    // A second scenario of the same name is refused; so is one without changes.
    let mut dup = s.clone();
    dup.id = uuid::Uuid::nil();
    assert!(use_case::save(&mut t.store, dup, ts(UPDATED)).is_err());
    let mut empty = s.clone();
    empty.name = "empty".into();
    empty.changes.clear();
    assert_invalid_field(
        use_case::save(&mut t.store, empty, ts(UPDATED)),
        Some(RecordKind::Scenario),
        "changes",
        "at least one",
    );
    // In a whole-database export, and back.
    let d = t.store.export_dataset(None).unwrap();
    assert_eq!(d.scenarios, vec![saved.clone()]);
    let b = riskbrief::bundle::create(d, vec![], "2026-12-01T00:00:00Z".into(), "test".into(), None);
    let mut other = TempStore::new();
    other.store.import_bundle(&b, None, false).unwrap();
    assert_eq!(other.store.scenarios().unwrap(), vec![saved]);
}

#[test]
fn the_cli_lists_saves_runs_and_deletes_scenarios() {
    let dir = tempfile::tempdir().unwrap();
    let db = cli_db(dir.path(), "x.db", false);
    let out = ok(cli(dir.path(), &db, &["scenario", "list"]));
    assert!(out.contains("DeepSeek added to the BIS Entity List  (built-in"), "{out}");
    let out = ok(cli(
        dir.path(),
        &db,
        &["scenario", "run", "DeepSeek added to the BIS Entity List", "--as-of", "2026-12-02"],
    ));
    assert!(out.contains("DeepSeek: score 54 → 94, High → Severe"), "{out}");
    assert!(
        out.contains(
            "Customer support assistant (DeepSeek; Customer Service): Acceptable with controls → Not recommended"
        ),
        "{out}"
    );
    ok(cli(
        dir.path(),
        &db,
        &[
            "scenario",
            "new",
            "Azure drops R1",
            "--withdraw",
            "deepseek:Microsoft",
            "--designate",
            "hikvision=ofac_sdn@2027-01-01",
            "--status",
            "deepseek:A1=refuted",
        ],
    ));
    let out = ok(cli(dir.path(), &db, &["--json", "scenario", "run", "azure drops r1", "--as-of", "2026-12-02"]));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["assumed"].as_array().unwrap().len(), 4, "{v}");
    assert_eq!(v["consequences"][0]["consequence"]["list"], "ofac_sdn");
    let (_, err) = exits(cli(dir.path(), &db, &["scenario", "new", "bad", "--status", "deepseek:A99=refuted"]), 1);
    assert!(err.contains("has 7 allegations") || err.contains("allegations"), "{err}");
    let (_, err) = exits(cli(dir.path(), &db, &["scenario", "run", "nope"]), 3);
    assert!(err.contains("no scenario named \"nope\""), "{err}");
    // A scenario written as JSON (what the app sends): a new one, then a change to it; bad JSON refused.
    let mut s: serde_json::Value =
        serde_json::from_str(&ok(cli(dir.path(), &db, &["--json", "scenario", "show", "azure drops r1"]))).unwrap();
    s["id"] = uuid::Uuid::nil().to_string().into();
    s["name"] = "Restricted in the EU".into();
    let deepseek =
        riskbrief::app::company_view(&riskbrief::Store::open(&db).unwrap(), "deepseek", chrono::NaiveDate::MIN)
            .unwrap()
            .data
            .company
            .id;
    s["changes"] = serde_json::json!([{"kind": "restrict", "company_id": deepseek, "jurisdiction": "European Union",
        "body": "Council", "measure": "Ban on public bodies' use", "scope": "government_devices", "date": "2027-02"}]);
    let file = dir.path().join("s.json");
    std::fs::write(&file, s.to_string()).unwrap();
    let saved: serde_json::Value =
        serde_json::from_str(&ok(cli(dir.path(), &db, &["--json", "scenario", "save", file.to_str().unwrap()])))
            .unwrap();
    assert_ne!(saved["id"], s["id"]);
    let out = ok(cli(dir.path(), &db, &["scenario", "run", "Restricted in the EU", "--as-of", "2026-12-02"]));
    assert!(out.contains("European Union"), "{out}");
    s["id"] = saved["id"].clone();
    s["description"] = "Edited".into();
    std::fs::write(&file, s.to_string()).unwrap();
    ok(cli(dir.path(), &db, &["scenario", "save", file.to_str().unwrap()]));
    let shown: serde_json::Value =
        serde_json::from_str(&ok(cli(dir.path(), &db, &["--json", "scenario", "show", "Restricted in the EU"])))
            .unwrap();
    assert_eq!((shown["id"].clone(), shown["description"].clone()), (saved["id"].clone(), "Edited".into()));
    std::fs::write(&file, "{\"name\": 3}").unwrap();
    let (_, err) = exits(cli(dir.path(), &db, &["scenario", "save", file.to_str().unwrap()]), 1);
    assert!(err.contains("s.json") && err.contains("not a scenario"), "{err}");
    ok(cli(dir.path(), &db, &["scenario", "delete", "Azure drops R1"]));
    let (_, err) = exits(cli(dir.path(), &db, &["scenario", "delete", "DeepSeek added to the BIS Entity List"]), 1);
    assert!(err.contains("built-in"), "{err}");
}

#[test]
fn the_scenario_brief_is_marked_hypothetical_on_every_page_identical_each_time_and_never_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let db = cli_db(dir.path(), "x.db", false);
    let (a, b) = (dir.path().join("a.pdf"), dir.path().join("b.pdf"));
    for p in [&a, &b] {
        let out = ok(cli(
            dir.path(),
            &db,
            &[
                "scenario",
                "brief",
                "The cloud providers withdraw DeepSeek's models",
                "-o",
                p.to_str().unwrap(),
                "--as-of",
                "2026-12-02",
            ],
        ));
        assert!(out.contains("hypothetical; not recorded"), "{out}");
    }
    assert_eq!(
        std::fs::read(&a).unwrap(),
        std::fs::read(&b).unwrap(),
        "the same scenario gives a byte-identical brief"
    );
    let q = std::process::Command::new("qpdf").arg("--check").arg(&a).output().unwrap();
    assert!(q.status.success());
    let pages = std::process::Command::new("pdfinfo").arg(&a).output().unwrap();
    let pages: usize = String::from_utf8_lossy(&pages.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:").map(|n| n.trim().parse().unwrap()))
        .unwrap();
    for p in 1..=pages {
        let t = std::process::Command::new("pdftotext")
            .args(["-f", &p.to_string(), "-l", &p.to_string()])
            .arg(&a)
            .arg("-")
            .output()
            .unwrap();
        let t = String::from_utf8(t.stdout).unwrap();
        assert!(t.contains("HYPOTHETICAL — scenario: The cloud providers withdraw DeepSeek"), "page {p}: {t}");
    }
    let text =
        String::from_utf8(std::process::Command::new("pdftotext").arg(&a).arg("-").output().unwrap().stdout).unwrap();
    assert!(text.contains("Changes assumed") && text.contains("Microsoft withdraws DeepSeek-R1"), "{text}");
    assert!(text.contains("Customer support") && text.contains("cloud offering is withdrawn"), "{text}");
    let (out, err) = exits(cli(dir.path(), &db, &["verify", a.to_str().unwrap()]), 9);
    assert!(out.contains("SCENARIO BRIEF") && err.contains("hypothetical"), "{out}{err}");
    let briefs: i64 = raw(&db).query_row("SELECT count(*) FROM briefs", [], |r| r.get(0)).unwrap();
    assert_eq!(briefs, 0, "a scenario brief is never recorded");
}

#[test]
fn listing_an_owner_moves_the_companies_it_stands_behind() {
    let t = TempStore::seeded();
    let hf = t.store.find_company("high-flyer").unwrap();
    let mut s = builtin(&t, "DeepSeek added to the BIS Entity List");
    s.name = "High-Flyer on the SDN list".into();
    s.changes = vec![ScenarioChange::Designate {
        company_id: hf.id,
        list: OfficialList::OfacSdn,
        status: DesignationStatus::Listed,
        since: None,
    }];
    let run = use_case::run(&t.store, &s, as_of()).unwrap();
    let ds = run.companies.iter().find(|c| c.slug == "deepseek").expect("DeepSeek moves with its funder and holder");
    assert!(ds.score_after > ds.score_before, "{ds:?}");
    let f = ds.factors.iter().find(|f| f.name == "Ownership and control").expect("through its ownership factor");
    assert!(f.after > f.before);
    // An undisclosed holding by a listed party is a minority's weight, not a majority's: no floor.
    assert!(f.after < riskbrief::risk::OWNERSHIP_MAX);
}
