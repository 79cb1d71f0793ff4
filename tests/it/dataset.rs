//! The bundled dataset (`data/`): complete, valid, and faithful to the founding report.

use crate::common::TempStore;
use riskbrief::dataset::{self, BUNDLED};
use riskbrief::model::*;
use riskbrief::risk::{self, Assessment, Band, RouteKind, Verdict};
use riskbrief::Error;
use std::collections::HashSet;
use std::path::Path;
use uuid::Uuid;

fn bundled() -> Dataset {
    dataset::bundled().unwrap_or_else(|e| panic!("bundled dataset does not load: {e}"))
}

fn deepseek(d: &Dataset) -> &Company {
    d.companies.iter().find(|c| c.slug == "deepseek").expect("deepseek in the bundled data")
}

fn deepseek_allegations(d: &Dataset) -> Vec<&Allegation> {
    let id = deepseek(d).id;
    d.allegations.iter().filter(|a| a.company_id == id).collect()
}

/// Summary and detail of an allegation, lower-cased, for content checks.
fn text(a: &Allegation) -> String {
    format!("{} {}", a.summary, a.detail.clone().unwrap_or_default()).to_lowercase()
}

/// The one allegation whose text contains every one of `words` (case-insensitive).
#[track_caller]
fn allegation_about<'a>(all: &[&'a Allegation], words: &[&str]) -> &'a Allegation {
    let found: Vec<_> = all.iter().filter(|a| words.iter().all(|w| text(a).contains(&w.to_lowercase()))).collect();
    assert!(!found.is_empty(), "no DeepSeek allegation mentions all of {words:?}");
    found[0]
}

#[test]
fn bundled_dataset_loads_and_validates() {
    let d = bundled();
    riskbrief::validate::dataset(&d).unwrap();
    assert!(!d.sources.is_empty());
    assert_eq!(BUNDLED[0].0, "data/sources.json", "sources must load first");
}

#[test]
fn every_data_file_is_embedded() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let embedded: HashSet<&str> = BUNDLED.iter().map(|(name, _)| *name).collect();
    let mut on_disk = vec!["data/sources.json".to_string()];
    for entry in std::fs::read_dir(root.join("data/companies")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name.ends_with(".json") {
            on_disk.push(format!("data/companies/{name}"));
        }
    }
    assert!(on_disk.len() >= 8);
    for f in &on_disk {
        assert!(embedded.contains(f.as_str()), "{f} exists but is not listed in riskbrief::dataset::BUNDLED");
    }
    // And nothing embedded is stale: each entry is a file that still exists, with the same text.
    for (name, json) in BUNDLED {
        let disk = std::fs::read_to_string(root.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(&disk, json, "{name} differs from the embedded copy");
    }
    assert_eq!(embedded.len(), BUNDLED.len(), "a file is embedded twice");
}

#[test]
fn at_least_seven_companies_with_unique_slugs() {
    let d = bundled();
    assert!(d.companies.len() >= 7, "only {} companies", d.companies.len());
    let slugs: HashSet<_> = d.companies.iter().map(|c| c.slug.as_str()).collect();
    assert_eq!(slugs.len(), d.companies.len());
    for s in ["deepseek", "huawei"] {
        assert!(slugs.contains(s), "{s} missing");
    }
}

#[test]
fn deepseek_carries_the_founding_report() {
    let d = bundled();
    let all = deepseek_allegations(&d);

    let mil = allegation_about(&all, &["military", "intelligence"]);
    assert_eq!(mil.category, AllegationCategory::MilitaryIntelligence);
    let procurement = allegation_about(&all, &["150", "procurement"]);
    assert_eq!(procurement.category, AllegationCategory::MilitaryIntelligence);
    let sharing = allegation_about(&all, &["user", "data", "shar"]);
    assert_eq!(sharing.category, AllegationCategory::DataSharing);
    let shell = allegation_about(&all, &["shell firms", "H100"]);
    assert_eq!(shell.category, AllegationCategory::ExportControlEvasion);
    // Who alleges it, as the report says: the official's five allegations; the others are not
    // the official's (the experts', the Singapore case as Reuters reported it).
    for a in [mil, procurement, sharing, shell] {
        let by = a.attribution.as_deref().unwrap_or_default();
        assert!(
            by.contains("senior U.S. State Department official") && by.contains("Reuters"),
            "{}: {by:?}",
            a.summary
        );
    }
    let remote = allegation_about(&all, &["remote", "data center"]);
    assert_eq!(remote.category, AllegationCategory::ExportControlEvasion);
    allegation_about(&all, &["Singapore", "fraud"]);
    allegation_about(&all, &["$5.58 million"]);

    let nvidia = shell
        .responses
        .iter()
        .find(|r| r.responder.contains("Nvidia"))
        .expect("Nvidia's response to the H100 allegation");
    assert!(nvidia.statement.contains("H800"), "Nvidia's response does not mention H800: {}", nvidia.statement);

    for a in &all {
        assert_ne!(a.status, AllegationStatus::Confirmed, "DeepSeek allegation marked confirmed: {}", a.summary);
        assert!(a.first_reported.is_some(), "{}", a.summary);
    }
}

#[test]
fn deepseek_is_not_listed_anywhere_and_is_offered_on_three_clouds() {
    let d = bundled();
    let id = deepseek(&d).id;
    let designations: Vec<_> = d.designations.iter().filter(|x| x.company_id == id).collect();
    assert!(!designations.is_empty());
    for x in &designations {
        assert_eq!(x.status, DesignationStatus::NotListed, "{:?}", x.list);
        assert!(x.as_of.is_some());
    }
    let lists: HashSet<_> = designations.iter().map(|x| x.list).collect();
    assert!(lists.contains(&OfficialList::OfacSdn) && lists.contains(&OfficialList::BisEntityList), "{lists:?}");

    let platforms: HashSet<_> =
        d.cloud_offerings.iter().filter(|o| o.company_id == id).map(|o| o.platform.as_str()).collect();
    for p in ["Amazon", "Microsoft", "Google"] {
        assert!(platforms.contains(p), "no DeepSeek offering on {p}: {platforms:?}");
    }
}

#[test]
fn every_cited_source_exists_and_every_allegation_is_sourced() {
    let d = bundled();
    let sources: std::collections::HashMap<Uuid, &Source> = d.sources.iter().map(|s| (s.id, s)).collect();
    let mut cited: Vec<(String, Uuid)> = vec![];
    for c in &d.companies {
        cited.extend(c.source_ids.iter().map(|s| (format!("company {}", c.slug), *s)));
    }
    for a in &d.allegations {
        assert!(!a.citations.is_empty(), "allegation without citation: {}", a.summary);
        cited.extend(a.citations.iter().map(|c| (format!("allegation {}", a.id), c.source_id)));
        cited.extend(a.responses.iter().filter_map(|r| r.source_id).map(|s| (format!("response in {}", a.id), s)));
    }
    cited.extend(d.designations.iter().filter_map(|x| x.source_id.map(|s| (format!("designation {}", x.id), s))));
    cited.extend(d.restrictions.iter().filter_map(|x| x.source_id.map(|s| (format!("restriction {}", x.id), s))));
    cited.extend(d.cloud_offerings.iter().filter_map(|x| x.source_id.map(|s| (format!("offering {}", x.id), s))));
    assert!(!cited.is_empty());
    for (who, s) in &cited {
        let src = sources.get(s).unwrap_or_else(|| panic!("{who} cites missing source {s}"));
        assert!(!src.publisher.trim().is_empty(), "source {s} has no publisher");
        assert!(!src.title.trim().is_empty(), "source {s} has no title");
    }
    let company_ids: HashSet<Uuid> = d.companies.iter().map(|c| c.id).collect();
    for a in &d.allegations {
        assert!(company_ids.contains(&a.company_id));
    }
}

#[test]
fn parse_errors_name_the_file_and_line() {
    let broken = "{\n  \"companies\": [\n    { \"id\": \n  ]\n}\n";
    match dataset::parse("data/companies/broken.json", broken) {
        Err(Error::Validation(msg)) => {
            assert!(msg.contains("data/companies/broken.json"), "{msg}");
            assert!(msg.contains("line"), "{msg}");
            assert!(msg.contains("line 4"), "wrong line in {msg}");
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
    // Unknown top-level keys are refused too (deny_unknown_fields), naming the file.
    match dataset::parse("extra.json", "{\"companys\": []}") {
        Err(Error::Validation(msg)) => assert!(msg.contains("extra.json") && msg.contains("companys"), "{msg}"),
        other => panic!("expected a validation error, got {other:?}"),
    }
    // A well-formed but empty dataset is fine.
    assert_eq!(dataset::parse("empty.json", "{}").unwrap(), Dataset::default());
}

#[test]
fn merge_keeps_every_record() {
    let parts: Vec<Dataset> = BUNDLED.iter().map(|(n, j)| dataset::parse(n, j).unwrap()).collect();
    let total_companies: usize = parts.iter().map(|p| p.companies.len()).sum();
    let total_allegations: usize = parts.iter().map(|p| p.allegations.len()).sum();
    let merged = dataset::merge(parts);
    assert_eq!(merged.companies.len(), total_companies);
    assert_eq!(merged.allegations.len(), total_allegations);
    assert_eq!(merged, bundled());
}

// ---------------------------------------------------------------------------------------------
// The bundled dataset against the documented rules of docs/methodology.md.

/// docs/methodology.md as plain text: emphasis removed, every run of whitespace one space.
fn methodology() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/methodology.md");
    let md = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    md.replace('*', "").split_whitespace().collect::<Vec<_>>().join(" ")
}

fn listed(data: &CompanyData, list: OfficialList) -> bool {
    data.designations.iter().any(|d| d.list == list && d.status == DesignationStatus::Listed)
}

fn us_federal_product_ban(data: &CompanyData) -> bool {
    data.restrictions.iter().any(|r| {
        r.scope == RestrictionScope::ProductBan
            && matches!(r.jurisdiction.as_str(), "United States" | "United States (federal)")
    })
}

fn every_route_prohibited(a: &Assessment) -> bool {
    !a.routes.is_empty() && a.routes.iter().all(|r| r.verdict == Verdict::Prohibited)
}

/// A rule of the methodology: the sentence of docs/methodology.md that states it, the records it
/// applies to, and what the assessment must then show. Written from the documentation, not from
/// `risk.rs`, so that a change to either one alone fails here.
struct Rule {
    documented: &'static str,
    applies: fn(&CompanyData) -> bool,
    holds: fn(&Assessment) -> bool,
}

const RULES: &[Rule] = &[
    Rule {
        documented: "A current listing on the OFAC SDN list or the BIS Entity List puts the company at least in High.",
        applies: |d| listed(d, OfficialList::OfacSdn) || listed(d, OfficialList::BisEntityList),
        holds: |a| a.band >= Band::High,
    },
    Rule {
        documented: "An outright U.S. federal ban on the company's products puts the company at least in High.",
        applies: us_federal_product_ban,
        holds: |a| a.band >= Band::High,
    },
    Rule {
        documented: "A current OFAC SDN listing makes every route prohibited.",
        applies: |d| listed(d, OfficialList::OfacSdn),
        holds: every_route_prohibited,
    },
    Rule {
        documented: "An outright U.S. federal ban on the company's products makes every route prohibited",
        applies: us_federal_product_ban,
        holds: every_route_prohibited,
    },
    Rule {
        documented: "Named under NDAA §889 or on the FCC Covered List → at least not recommended",
        applies: |d| listed(d, OfficialList::Ndaa889) || listed(d, OfficialList::FccCovered),
        holds: |a| {
            a.routes
                .iter()
                .filter(|r| r.route == RouteKind::VendorOperated)
                .all(|r| r.verdict >= Verdict::NotRecommended)
        },
    },
    Rule {
        documented: "the brief says when one applied",
        applies: |_| true,
        // The band follows the score, unless a floor raised it and says why.
        holds: |a| {
            let by_score = Band::from_score(a.score as f64);
            match &a.band_floor {
                None => a.band == by_score,
                Some(why) => a.band > by_score && !why.is_empty(),
            }
        },
    },
];

#[test]
fn every_bundled_company_meets_the_documented_band_and_route_rules() {
    let doc = methodology();
    for rule in RULES {
        assert!(doc.contains(rule.documented), "docs/methodology.md no longer states the rule {:?}", rule.documented);
    }
    let t = TempStore::seeded();
    let all = t.store.all_company_data().unwrap();
    assert_eq!(all.len(), bundled().companies.len());
    let mut applied = vec![0; RULES.len()];
    let mut broken = Vec::new();
    for data in &all {
        for as_of in [day(2025, 7, 1), day(2026, 12, 2), day(2035, 1, 1)] {
            let a = risk::assess(data, as_of);
            for (i, rule) in RULES.iter().enumerate() {
                if (rule.applies)(data) {
                    applied[i] += 1;
                    if !(rule.holds)(&a) {
                        broken.push(format!(
                            "{} as of {as_of}: band {:?}, score {}, routes {:?} contradict {:?}",
                            data.company.slug,
                            a.band,
                            a.score,
                            a.routes.iter().map(|r| (r.route, r.verdict)).collect::<Vec<_>>(),
                            rule.documented
                        ));
                    }
                }
            }
        }
    }
    assert!(broken.is_empty(), "bundled data contradicts the methodology:\n{}", broken.join("\n"));
    // The floors are exercised by the sample (Entity List listings; the Kaspersky ban).
    assert!(applied[0] > 0 && applied[1] > 0, "{applied:?}");
}

fn day(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn every_designation_and_restriction_cites_a_source() {
    let d = bundled();
    for x in &d.designations {
        assert!(x.source_id.is_some(), "designation {} ({:?}) has no source", x.id, x.list);
    }
    for r in &d.restrictions {
        assert!(r.source_id.is_some(), "restriction {} ({}) has no source", r.id, r.measure);
    }
}

fn company<'a>(d: &'a Dataset, slug: &str) -> &'a Company {
    d.companies.iter().find(|c| c.slug == slug).unwrap_or_else(|| panic!("{slug} not bundled"))
}

fn source_of(d: &Dataset, id: Option<Uuid>) -> &Source {
    let id = id.expect("a source");
    d.sources.iter().find(|s| s.id == id).expect("cited source exists")
}

/// (slug, listed since, the Federal Register document cited)
const ENTITY_LIST: &[(&str, &str, &str)] = &[
    ("huawei", "2019-05-16", "FR Doc 2019-17921"),
    ("hikvision", "2019-10-09", "FR Doc 2019-22210"),
    ("dahua", "2019-10-09", "FR Doc 2019-22210"),
    ("sensetime", "2019-10-09", "FR Doc 2019-22210"),
    ("kaspersky", "2024-06-24", "FR Doc 2024-13695"),
];

#[test]
fn entity_list_designations_carry_date_federal_register_citation_and_licence_policy() {
    let d = bundled();
    for (slug, since, fr) in ENTITY_LIST {
        let c = company(&d, slug);
        let entries: Vec<_> =
            d.designations.iter().filter(|x| x.company_id == c.id && x.list == OfficialList::BisEntityList).collect();
        assert_eq!(entries.len(), 1, "{slug}: {entries:?}");
        let e = entries[0];
        assert_eq!(e.status, DesignationStatus::Listed, "{slug}");
        assert_eq!(e.since, Some(since.parse().unwrap()), "{slug}");
        assert!(e.citation.as_deref().unwrap_or("").contains(fr), "{slug}: citation {:?}", e.citation);
        let s = source_of(&d, e.source_id);
        assert_eq!((s.kind, s.reliability), (SourceKind::GovernmentRecord, Reliability::A), "{slug}: {}", s.title);
        assert!(s.url.as_deref().is_some_and(|u| u.contains(&fr["FR Doc ".len()..])), "{slug}: source URL {:?}", s.url);
        let note = e.note.as_deref().unwrap_or("");
        assert!(note.contains("presumption of denial"), "{slug}: licence policy missing from {note:?}");
        assert!(note.contains("all items subject to the EAR"), "{slug}: {note:?}");
    }
    // The accused's public response, where the sources give one.
    let hik = company(&d, "hikvision").id;
    let e = d.designations.iter().find(|x| x.company_id == hik && x.list == OfficialList::BisEntityList).unwrap();
    assert!(e.note.as_deref().unwrap().contains("\"strongly opposes\""), "{:?}", e.note);
    assert!(company(&d, "hikvision")
        .source_ids
        .iter()
        .any(|id| source_of(&d, Some(*id)).publisher == "Security Systems News"));
}

#[test]
fn kaspersky_ban_and_ofac_action_are_recorded_as_what_they_are() {
    let d = bundled();
    let k = company(&d, "kaspersky").id;
    let bans: Vec<_> =
        d.restrictions.iter().filter(|r| r.company_id == k && r.scope == RestrictionScope::ProductBan).collect();
    assert_eq!(bans.len(), 1, "{bans:?}");
    let ban = bans[0];
    assert_eq!(ban.jurisdiction, "United States");
    assert_eq!(ban.date, Some("2024-06-20".parse().unwrap()), "issued 20 June 2024");
    for needle in [
        "ICTS-2021-002",
        "FR Doc 2024-13532",
        "20 Jul 2024",
        "29 Sep 2024",
        "signature updates",
        "resale",
        "Not covered: threat-intelligence",
    ] {
        assert!(ban.measure.contains(needle), "the ban's measure lacks {needle:?}: {}", ban.measure);
    }
    let s = source_of(&d, ban.source_id);
    assert_eq!(s.kind, SourceKind::GovernmentRecord);

    // OFAC designated executives, not the company: a restriction's text, never an SDN listing.
    let ofac: Vec<_> = d.restrictions.iter().filter(|r| r.company_id == k && r.body.contains("OFAC")).collect();
    assert_eq!(ofac.len(), 1);
    assert_ne!(ofac[0].scope, RestrictionScope::ProductBan);
    assert!(ofac[0].measure.contains("individuals, not the company"), "{}", ofac[0].measure);
    assert!(
        !d.designations
            .iter()
            .any(|x| x.company_id == k && x.list == OfficialList::OfacSdn && x.status == DesignationStatus::Listed),
        "Kaspersky itself is not on the SDN list in the sources"
    );
}

#[test]
fn a_database_of_schema_5_upgrades_keeps_its_restrictions_and_takes_product_bans() {
    const BEFORE: [&str; 5] = [
        include_str!("../../src/db/migrations/0001_init.sql"),
        include_str!("../../src/db/migrations/0002_briefs_settings.sql"),
        include_str!("../../src/db/migrations/0003_audit.sql"),
        include_str!("../../src/db/migrations/0004_trusted_keys.sql"),
        include_str!("../../src/db/migrations/0005_lists.sql"),
    ];
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v5.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        for sql in BEFORE {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 5).unwrap();
        conn.execute_batch(
            "INSERT INTO companies (id, slug, legal_name, country, updated_at)
               VALUES ('01a21f73-0000-7000-8000-000000000001', 'old', 'Old Co', 'CN', '2026-01-01T00:00:00Z');
             INSERT INTO restrictions (id, company_id, jurisdiction, body, measure, scope, date, updated_at)
               VALUES ('01a21f73-0000-7000-8000-000000000002', '01a21f73-0000-7000-8000-000000000001',
                       'Italy', 'Garante', 'Ordered a stop', 'data_processing', '2025-01-30', '2026-01-01T00:00:00Z');",
        )
        .unwrap();
        let refused = conn.execute(
            "UPDATE restrictions SET scope = 'product_ban' WHERE id = '01a21f73-0000-7000-8000-000000000002'",
            [],
        );
        assert!(refused.is_err(), "schema 5 should refuse the new scope");
    }
    let mut store = riskbrief::Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), riskbrief::db::SCHEMA_VERSION);
    let c = store.find_company("old").unwrap();
    let data = store.company_data(c.id).unwrap();
    assert_eq!(data.restrictions.len(), 1, "the upgrade lost a restriction");
    assert_eq!(data.restrictions[0].scope, RestrictionScope::DataProcessing);
    assert_eq!(data.restrictions[0].measure, "Ordered a stop");
    let mut ban = data.restrictions[0].clone();
    ban.id = Uuid::now_v7();
    ban.scope = RestrictionScope::ProductBan;
    store.save_restriction(&ban).unwrap();
    let scopes: HashSet<_> = store.company_data(c.id).unwrap().restrictions.iter().map(|r| r.scope).collect();
    assert_eq!(scopes, HashSet::from([RestrictionScope::DataProcessing, RestrictionScope::ProductBan]));
    // Still the schema of a fresh database: the index on company_id came back.
    let conn = rusqlite::Connection::open(&path).unwrap();
    let index: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'restrictions_company'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(index, 1);
}

// ---------------------------------------------------------------------------------------------
// What `riskbrief show` prints for these companies, through the binary as a process.

fn show(slug: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_riskbrief"))
        .env_remove("RISKBRIEF_DB")
        .env("HOME", dir.path())
        .env("XDG_DATA_HOME", dir.path().join("xdg-data"))
        .env("NO_COLOR", "1")
        .env("COLUMNS", "400")
        .arg("--db")
        .arg(dir.path().join("show.db"))
        .args(["show", slug, "--as-of", "2026-12-02"])
        .output()
        .expect("run riskbrief");
    assert!(out.status.success(), "show {slug}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// The line of `out` that mentions every one of `words`.
#[track_caller]
fn line_with<'a>(out: &'a str, words: &[&str]) -> &'a str {
    out.lines()
        .find(|l| words.iter().all(|w| l.contains(w)))
        .unwrap_or_else(|| panic!("no line mentions all of {words:?}:\n{out}"))
}

#[test]
fn cli_show_lists_the_entity_list_with_date_and_citation() {
    for (slug, since, fr) in ENTITY_LIST {
        let out = show(slug);
        line_with(&out, &["BIS Entity List", "Listed", since, fr]);
        assert!(out.contains("Federal Register"), "{slug}: the Federal Register source is not in SOURCES:\n{out}");
    }
}

#[test]
fn cli_show_kaspersky_is_at_least_high_and_names_the_entity_list_and_the_icts_ban() {
    let out = show("kaspersky");
    let risk = line_with(&out, &["Risk:"]);
    assert!(risk.contains("HIGH") || risk.contains("SEVERE"), "{risk}");
    line_with(&out, &["BIS Entity List", "Listed", "2024-06-24", "89 FR 52362"]);
    let ban = line_with(&out, &["2024-06-20", "United States", "ICTS Final Determination", "Outright product ban"]);
    assert!(ban.contains("29 Sep 2024") && ban.contains("20 Jul 2024"), "{ban}");
    // Its source reference resolves to the Federal Register text in SOURCES.
    let r = ban.rsplit('[').next().unwrap().trim_end_matches(']').to_string();
    line_with(&out, &[&format!("[{r}]"), "Federal Register", "2024-13532"]);
    line_with(&out, &["OFAC", "individuals, not the company"]);
    line_with(&out, &["PROHIBITED", "Banned in the United States"]);
}
