//! The SQLite store: migrations, PRAGMAs, round trips of every table, constraints (in Rust and
//! in the database itself), transactional imports, and the full-text index.

use crate::common::*;
use riskbrief::db::SCHEMA_VERSION;
use riskbrief::model::*;
use riskbrief::{bundle, dataset, Error, Store};
use std::path::Path;

fn user_version(conn: &rusqlite::Connection) -> i64 {
    conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap()
}

// ---------------------------------------------------------------- migrations and PRAGMAs

#[test]
fn new_file_gets_current_schema_version() {
    let t = TempStore::new();
    assert_eq!(t.store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(user_version(&t.raw()), SCHEMA_VERSION, "user_version as seen by another connection");
    assert!(t.store.is_empty().unwrap());
}

#[test]
fn reopening_is_a_no_op_and_keeps_data() {
    let t = TempStore::seeded();
    let before = snapshot(&t.store);
    let counts_before = t.counts();
    let schema_before: Vec<String> = t
        .raw()
        .prepare("SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let TempStore { dir, path, store } = t;
    drop(store);

    for _ in 0..2 {
        let again = Store::open(&path).expect("reopen");
        assert_eq!(again.schema_version().unwrap(), SCHEMA_VERSION);
        assert!(!again.is_empty().unwrap());
        assert_eq!(snapshot(&again), before, "data changed by reopening");
    }
    assert_eq!(counts(&path), counts_before);
    let schema_after: Vec<String> = raw(&path)
        .prepare("SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(schema_after, schema_before, "reopening re-ran a migration");
    drop(dir);
}

#[test]
fn database_from_a_newer_version_is_refused() {
    let t = TempStore::seeded();
    let TempStore { dir, path, store } = t;
    drop(store);
    raw(&path).pragma_update(None, "user_version", SCHEMA_VERSION + 1).unwrap();
    let counts_before = counts(&path);

    match Store::open(&path) {
        Err(Error::Schema(msg)) => {
            assert!(msg.contains("newer"), "message does not say newer: {msg}");
            assert!(msg.contains(&(SCHEMA_VERSION + 1).to_string()), "message does not give the version: {msg}");
        }
        Err(e) => panic!("expected Error::Schema, got {e:?}"),
        Ok(_) => panic!("a database of schema {} was opened", SCHEMA_VERSION + 1),
    }
    // Refusing must not "repair" the file.
    assert_eq!(user_version(&raw(&path)), SCHEMA_VERSION + 1);
    assert_eq!(counts(&path), counts_before);
    drop(dir);
}

#[test]
fn garbage_file_is_refused_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.db");
    let garbage: Vec<u8> = (0..8192u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
    std::fs::write(&path, &garbage).unwrap();

    let err = match Store::open(&path) {
        Ok(_) => panic!("a file of garbage bytes opened as a database"),
        Err(e) => e,
    };
    let msg = err.to_string();
    assert!(matches!(err, Error::Schema(_)), "expected Error::Schema, got {err:?}");
    assert!(msg.contains("not a RiskBrief database"), "unclear message: {msg}");
    assert!(msg.contains(&path.display().to_string()), "message does not name the file: {msg}");
    assert_eq!(std::fs::read(&path).unwrap(), garbage, "the garbage file was modified");
}

#[test]
fn journal_mode_is_wal() {
    let t = TempStore::new();
    let mode: String = t.raw().pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
    assert_eq!(mode.to_lowercase(), "wal");
}

#[test]
fn foreign_keys_are_enforced_deleting_a_cited_source_is_a_conflict() {
    let mut t = TempStore::new();
    let s = source();
    let c = company("fk", "CN");
    t.store.save_source(&s).unwrap();
    t.store.save_company(&c).unwrap();
    t.store.save_allegation(&allegation(c.id, s.id)).unwrap();
    let before = snapshot(&t.store);
    let counts_before = t.counts();

    match t.store.delete_source(s.id) {
        Err(Error::Conflict(msg)) => {
            assert!(msg.contains(&s.id.to_string()), "conflict does not name the source: {msg}")
        }
        other => panic!("expected Error::Conflict, got {other:?}"),
    }
    assert_eq!(snapshot(&t.store), before);
    assert_eq!(t.counts(), counts_before);
}

#[test]
fn deleting_a_source_cited_only_by_a_company_profile_is_a_conflict() {
    let mut t = TempStore::new();
    let s = source();
    let mut c = company("profile", "CN");
    c.source_ids = vec![s.id];
    t.store.save_source(&s).unwrap();
    t.store.save_company(&c).unwrap();
    let counts_before = t.counts();

    assert!(matches!(t.store.delete_source(s.id), Err(Error::Conflict(_))));
    assert_eq!(t.counts(), counts_before);
    assert_eq!(t.store.sources().unwrap(), vec![s.clone()]);
}

#[test]
fn uncited_source_can_be_deleted_and_unknown_ids_are_not_found() {
    let mut t = TempStore::new();
    let s = source();
    t.store.save_source(&s).unwrap();
    t.store.delete_source(s.id).unwrap();
    assert!(t.store.sources().unwrap().is_empty());
    assert!(matches!(t.store.delete_source(s.id), Err(Error::NotFound(_))));
    assert!(matches!(t.store.delete_company(id()), Err(Error::NotFound(_))));
    assert!(matches!(t.store.company_data(id()), Err(Error::NotFound(_))));
}

// ---------------------------------------------------------------- round trips

/// A company with every kind of record, all optional fields filled, saved one by one.
struct Full {
    sources: Vec<Source>,
    company: Company,
    allegation: Allegation,
    designations: Vec<Designation>,
    restriction: Restriction,
    offering: CloudOffering,
}

fn full_company(t: &mut TempStore) -> Full {
    let s1 = Source {
        url: Some("https://example.org/report?id=1&x=é".into()),
        published: Some(pd("2025-06-30")),
        kind: SourceKind::AnonymousOfficialViaPress,
        reliability: Reliability::B,
        note: Some("secondary copy; «quoted»".into()),
        ..source()
    };
    let s2 = Source {
        publisher: "Ministry".into(),
        title: "Official record".into(),
        url: Some("http://gov.example/record".into()),
        published: Some(pd("2024")),
        kind: SourceKind::GovernmentRecord,
        reliability: Reliability::A,
        note: None,
        ..source()
    };
    let s3 = Source {
        published: Some(pd("2025-01")),
        kind: SourceKind::CompanyStatement,
        reliability: Reliability::F,
        ..source()
    };
    let company = Company {
        native_name: Some("杭州深度求索人工智能基础技术研究有限公司".into()),
        aliases: vec!["DeepSeek".into(), "深度求索".into(), "Глубокий поиск".into()],
        headquarters: Some("Hangzhou".into()),
        owner: Some("Founder (majority)".into()),
        sector: Some("Artificial intelligence".into()),
        website: Some("https://www.example.com".into()),
        description: Some("Makes models.".into()),
        products: vec!["Model-V3".into(), "Model-R1".into(), "App".into()],
        source_ids: vec![s2.id, s1.id],
        ..company("full", "CN")
    };
    let allegation = Allegation {
        category: AllegationCategory::ExportControlEvasion,
        summary: "Used shell firms to obtain restricted chips".into(),
        detail: Some("Long detail, with \"quotes\" and 中文.".into()),
        attribution: Some("A named official, through a wire service".into()),
        status: AllegationStatus::Disputed,
        first_reported: Some(pd("2025-06")),
        // Deliberately not in id order: order must be kept as given.
        citations: vec![
            Citation { source_id: s3.id, credibility: Credibility::C6 },
            Citation { source_id: s1.id, credibility: Credibility::C3 },
        ],
        responses: vec![
            Response {
                id: id(),
                responder: "Zeta Corp".into(),
                statement: "Only bought legal chips.".into(),
                date: Some(pd("2025-06-02")),
                source_id: Some(s1.id),
            },
            Response {
                id: id(),
                responder: "Alpha News".into(),
                statement: "Could not confirm.".into(),
                date: None,
                source_id: None,
            },
        ],
        ..allegation(company.id, s1.id)
    };
    let designations = vec![
        Designation {
            listed_name: Some("Full Test Co".into()),
            since: Some(pd("2021-03-12")),
            citation: Some("86 FR 1234".into()),
            source_id: Some(s2.id),
            note: Some("Entry text".into()),
            ..designation(company.id, OfficialList::FccCovered, DesignationStatus::Listed)
        },
        designation(company.id, OfficialList::OfacSdn, DesignationStatus::NotListed),
        Designation {
            since: Some(pd("2019-05")),
            until: Some(pd("2022")),
            ..designation(company.id, OfficialList::BisEntityList, DesignationStatus::Delisted)
        },
        Designation {
            listed_name: Some("Some other list".into()),
            ..designation(company.id, OfficialList::Other, DesignationStatus::UnderReview)
        },
    ];
    let restriction = Restriction {
        jurisdiction: "United States — Texas".into(),
        source_id: Some(s2.id),
        ..restriction(company.id, RestrictionScope::GovernmentDevices)
    };
    let offering = CloudOffering {
        product: "Model-R1".into(),
        service: "Bedrock".into(),
        offering_type: OfferingType::SelfDeployWeights,
        regions: vec!["us-east-1".into(), "eu-central-1".into(), "ap-southeast-1".into()],
        available_since: Some(pd("2025-01")),
        last_verified: Some(pd("2025-01-30")),
        source_id: Some(s3.id),
        note: Some("weights".into()),
        ..cloud_offering(company.id, "Amazon")
    };

    for s in [&s1, &s2, &s3] {
        t.store.save_source(s).unwrap();
    }
    t.store.save_company(&company).unwrap();
    t.store.save_allegation(&allegation).unwrap();
    for d in &designations {
        t.store.save_designation(d).unwrap();
    }
    t.store.save_restriction(&restriction).unwrap();
    t.store.save_cloud_offering(&offering).unwrap();
    Full { sources: vec![s1, s2, s3], company, allegation, designations, restriction, offering }
}

fn sorted_by_id<T: Clone, K: Ord>(v: &[T], key: impl Fn(&T) -> K) -> Vec<T> {
    let mut v = v.to_vec();
    v.sort_by_key(|x| key(x));
    v
}

#[test]
fn every_table_round_trips() {
    let mut t = TempStore::new();
    let f = full_company(&mut t);

    let data = t.store.company_data(f.company.id).unwrap();
    assert_eq!(data.company, f.company);
    assert_eq!(data.allegations, vec![f.allegation.clone()], "allegation, citation order or response order changed");
    assert_eq!(sorted_by_id(&data.designations, |d| d.id), sorted_by_id(&f.designations, |d| d.id));
    assert_eq!(data.restrictions, vec![f.restriction.clone()]);
    assert_eq!(data.cloud_offerings, vec![f.offering.clone()]);
    assert_eq!(sorted_by_id(&t.store.sources().unwrap(), |s| s.id), sorted_by_id(&f.sources, |s| s.id));

    // The company's sources are exactly those cited, each once, in order of first citation:
    // the profile cites s2 then s1, the allegation adds s3.
    let ids: Vec<_> = data.sources.iter().map(|s| s.id).collect();
    assert_eq!(ids, vec![f.sources[1].id, f.sources[0].id, f.sources[2].id]);
    for s in &data.sources {
        assert_eq!(data.source(s.id), Some(s));
    }

    // The same through a second open of the file.
    let again = Store::open(&t.path).unwrap();
    assert_eq!(again.company_data(f.company.id).unwrap(), data);

    let summaries = t.store.company_summaries().unwrap();
    assert_eq!(summaries.len(), 1);
    let s = &summaries[0];
    assert_eq!(
        (s.id, s.slug.as_str(), s.legal_name.as_str(), s.country.as_str()),
        (f.company.id, f.company.slug.as_str(), f.company.legal_name.as_str(), "CN")
    );
    assert_eq!(s.allegations, 1);
    assert_eq!(s.designations_listed, 1, "only the FCC designation is 'listed'");
    assert_eq!(s.restrictions, 1);
    assert_eq!(s.platforms, vec!["Amazon".to_string()]);
    assert_eq!(s.updated_at, ts(UPDATED));
}

#[test]
fn company_can_be_found_by_slug_native_name_and_alias() {
    let mut t = TempStore::new();
    let f = full_company(&mut t);
    for reference in [
        f.company.slug.as_str(),
        &f.company.slug.to_uppercase(),
        "杭州深度求索人工智能基础技术研究有限公司",
        "深度求索",
        "deepseek",
        &f.company.id.to_string(),
    ] {
        assert_eq!(t.store.find_company(reference).unwrap().id, f.company.id, "lookup by {reference:?}");
    }
    match t.store.find_company("nosuchco") {
        Err(Error::NotFound(msg)) => assert!(msg.contains("nosuchco")),
        other => panic!("expected NotFound, got {other:?}"),
    }
}

#[test]
fn saving_by_existing_id_replaces_the_record() {
    let mut t = TempStore::new();
    let f = full_company(&mut t);

    let mut edited = f.allegation.clone();
    edited.status = AllegationStatus::Refuted;
    edited.summary = "Replaced summary".into();
    edited.detail = None;
    edited.responses.truncate(1);
    edited.citations.reverse();
    edited.updated_at = ts("2025-08-01T00:00:00Z");
    t.store.save_allegation(&edited).unwrap();

    let data = t.store.company_data(f.company.id).unwrap();
    assert_eq!(data.allegations, vec![edited.clone()]);
    let raw = t.raw();
    let responses: i64 = raw.query_row("SELECT count(*) FROM responses", [], |r| r.get(0)).unwrap();
    assert_eq!(responses, 1, "the dropped response is still stored");
    let allegations: i64 = raw.query_row("SELECT count(*) FROM allegations", [], |r| r.get(0)).unwrap();
    assert_eq!(allegations, 1, "saving by id inserted a second allegation");

    let mut c = f.company.clone();
    c.aliases = vec![];
    c.native_name = None;
    c.slug = format!("{}-renamed", c.slug);
    t.store.save_company(&c).unwrap();
    assert_eq!(t.store.company_data(c.id).unwrap().company, c);
    assert_eq!(t.store.company_summaries().unwrap().len(), 1);

    let mut s = f.sources[0].clone();
    s.url = None;
    s.reliability = Reliability::E;
    t.store.save_source(&s).unwrap();
    assert!(t.store.sources().unwrap().contains(&s));
    assert_eq!(t.store.sources().unwrap().len(), 3);

    let mut d = f.designations[0].clone();
    d.status = DesignationStatus::Delisted;
    d.until = Some(pd("2025-01"));
    t.store.save_designation(&d).unwrap();
    let mut o = f.offering.clone();
    o.regions = vec!["only-one".into()];
    t.store.save_cloud_offering(&o).unwrap();
    let data = t.store.company_data(c.id).unwrap();
    assert!(data.designations.contains(&d));
    assert_eq!(data.designations.len(), 4);
    assert_eq!(data.cloud_offerings, vec![o]);
}

#[test]
fn deleting_records_and_cascade_from_company() {
    let mut t = TempStore::new();
    let f = full_company(&mut t);
    let other = company("other", "US");
    t.store.save_company(&other).unwrap();
    let kept = allegation(other.id, f.sources[1].id);
    t.store.save_allegation(&kept).unwrap();

    t.store.delete_designation(f.designations[0].id).unwrap();
    assert_eq!(t.store.company_data(f.company.id).unwrap().designations.len(), 3);
    assert!(matches!(t.store.delete_designation(f.designations[0].id), Err(Error::NotFound(_))));

    t.store.delete_company(f.company.id).unwrap();
    assert!(matches!(t.store.company_data(f.company.id), Err(Error::NotFound(_))));
    let raw = t.raw();
    for (table, col) in [
        ("allegations", "company_id"),
        ("designations", "company_id"),
        ("restrictions", "company_id"),
        ("cloud_offerings", "company_id"),
    ] {
        let n: i64 = raw
            .query_row(&format!("SELECT count(*) FROM {table} WHERE {col} = ?1"), [f.company.id.to_string()], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(n, 0, "{table} rows of the deleted company remain");
    }
    let n: i64 = raw
        .query_row("SELECT count(*) FROM responses WHERE allegation_id = ?1", [f.allegation.id.to_string()], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(n, 0, "responses of the deleted company remain");
    let n: i64 = raw
        .query_row(
            "SELECT count(*) FROM allegation_sources WHERE allegation_id = ?1",
            [f.allegation.id.to_string()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 0, "citations of the deleted company remain");

    // Sources stay (others may cite them), the other company is untouched.
    assert_eq!(t.store.sources().unwrap().len(), 3);
    assert_eq!(t.store.company_data(other.id).unwrap().allegations, vec![kept]);
    // Now that nothing cites s3 any more, it can go.
    t.store.delete_source(f.sources[2].id).unwrap();
}

// ---------------------------------------------------------------- validation in Rust

#[test]
fn invalid_records_are_refused_naming_the_field_and_nothing_is_stored() {
    let mut t = TempStore::new();
    let s = source();
    let c = company("valid", "CN");
    t.store.save_source(&s).unwrap();
    t.store.save_company(&c).unwrap();
    let before = snapshot(&t.store);
    let counts_before = t.counts();

    assert_validation(
        t.store.save_allegation(&Allegation { summary: "   ".into(), ..allegation(c.id, s.id) }),
        &["summary"],
    );
    assert_validation(
        t.store.save_allegation(&Allegation { citations: vec![], ..allegation(c.id, s.id) }),
        &["citations"],
    );
    let mut twice = allegation(c.id, s.id);
    twice.citations.push(Citation { source_id: s.id, credibility: Credibility::C1 });
    assert_validation(t.store.save_allegation(&twice), &["citations"]);
    let mut bad_response = allegation(c.id, s.id);
    bad_response.responses.push(Response {
        id: id(),
        responder: "X".into(),
        statement: "".into(),
        date: None,
        source_id: None,
    });
    assert_validation(t.store.save_allegation(&bad_response), &["statement"]);

    for slug in ["Deep Seek", "", "DeepSeek", "-lead", "deep_seek", "dé"] {
        assert_validation(t.store.save_company(&Company { slug: slug.into(), ..company("x", "CN") }), &["slug"]);
    }
    for country in ["China", "cn", "C", "", "CHN"] {
        assert_validation(
            t.store.save_company(&Company { country: country.into(), ..company("x", "CN") }),
            &["country"],
        );
    }
    assert_validation(t.store.save_company(&Company { legal_name: " ".into(), ..company("x", "CN") }), &["legal_name"]);
    assert_validation(
        t.store.save_company(&Company { website: Some("ftp://x".into()), ..company("x", "CN") }),
        &["website"],
    );

    assert_validation(t.store.save_source(&Source { url: Some("ftp://x".into()), ..source() }), &["url"]);
    assert_validation(t.store.save_source(&Source { publisher: "".into(), ..source() }), &["publisher"]);
    assert_validation(t.store.save_source(&Source { title: "\t".into(), ..source() }), &["title"]);

    let not_listed =
        Designation { as_of: None, ..designation(c.id, OfficialList::OfacSdn, DesignationStatus::NotListed) };
    assert_validation(t.store.save_designation(&not_listed), &["as_of"]);
    let backwards = Designation {
        since: Some(pd("2024-01")),
        until: Some(pd("2023-12")),
        ..designation(c.id, OfficialList::BisEntityList, DesignationStatus::Delisted)
    };
    assert_validation(t.store.save_designation(&backwards), &["until"]);

    assert_validation(
        t.store.save_restriction(&Restriction { measure: "".into(), ..restriction(c.id, RestrictionScope::Other) }),
        &["measure"],
    );
    assert_validation(
        t.store
            .save_restriction(&Restriction { jurisdiction: " ".into(), ..restriction(c.id, RestrictionScope::Other) }),
        &["jurisdiction"],
    );
    assert_validation(
        t.store.save_cloud_offering(&CloudOffering { platform: "".into(), ..cloud_offering(c.id, "X") }),
        &["platform"],
    );
    assert_validation(
        t.store.save_cloud_offering(&CloudOffering { service: "".into(), ..cloud_offering(c.id, "X") }),
        &["service"],
    );

    assert_eq!(t.counts(), counts_before);
    assert_eq!(snapshot(&t.store), before);
}

#[test]
fn validation_message_names_the_record() {
    let mut t = TempStore::new();
    let a = Allegation { summary: "".into(), ..allegation(id(), id()) };
    assert_validation(t.store.save_allegation(&a), &["allegation", &a.id.to_string(), "summary"]);
    let c = Company { country: "China".into(), ..company("named", "CN") };
    assert_validation(t.store.save_company(&c), &[&c.slug, "country", "China"]);
}

#[test]
fn references_to_missing_rows_are_conflicts_and_leave_nothing_behind() {
    let mut t = TempStore::new();
    let s = source();
    let c = company("refs", "CN");
    t.store.save_source(&s).unwrap();
    t.store.save_company(&c).unwrap();
    let counts_before = t.counts();

    // Unknown company.
    assert!(matches!(t.store.save_allegation(&allegation(id(), s.id)), Err(Error::Conflict(_))));
    assert!(matches!(
        t.store.save_designation(&designation(id(), OfficialList::Other, DesignationStatus::Listed)),
        Err(Error::Conflict(_))
    ));
    // Unknown cited source: the allegation row is written before its citations, so this
    // also checks that the write is one transaction.
    let mut a = allegation(c.id, s.id);
    a.citations.push(Citation { source_id: id(), credibility: Credibility::C2 });
    assert!(matches!(t.store.save_allegation(&a), Err(Error::Conflict(_))));
    let mut a = allegation(c.id, s.id);
    a.responses.push(Response {
        id: id(),
        responder: "R".into(),
        statement: "S".into(),
        date: None,
        source_id: Some(id()),
    });
    assert!(matches!(t.store.save_allegation(&a), Err(Error::Conflict(_))));

    assert_eq!(t.counts(), counts_before);
    assert!(t.store.company_data(c.id).unwrap().allegations.is_empty());
}

#[test]
fn duplicate_slug_is_a_conflict() {
    let mut t = TempStore::new();
    let a = company("dup", "CN");
    t.store.save_company(&a).unwrap();
    let b = Company { id: id(), ..a.clone() };
    match t.store.save_company(&b) {
        Err(e @ Error::Taken { .. }) => {
            assert_eq!(e.code(), riskbrief::ErrorCode::Conflict);
            assert!(e.to_string().contains(&a.slug), "conflict does not name the slug: {e}");
            assert!(matches!(&e, Error::Taken { field, .. } if field == "slug"), "{e:?}");
        }
        other => panic!("expected Error::Taken on the slug, got {other:?}"),
    }
    assert_eq!(t.store.company_summaries().unwrap().len(), 1);
}

// ---------------------------------------------------------------- the database's own checks

/// Runs `sql` with `bad` and expects a CHECK failure, then with `good` and expects success,
/// so that the failure is known to come from the value under test.
#[track_caller]
fn check_refuses(conn: &rusqlite::Connection, sql: &str, bad: &str, good: &str) {
    match conn.execute(sql, [bad]) {
        Err(rusqlite::Error::SqliteFailure(f, msg)) => {
            assert_eq!(f.code, rusqlite::ErrorCode::ConstraintViolation, "{bad:?}: {msg:?}");
        }
        Err(e) => panic!("{bad:?} failed for another reason: {e}"),
        Ok(_) => panic!("the database accepted {bad:?} in: {sql}"),
    }
    conn.execute(sql, [good]).unwrap_or_else(|e| panic!("control value {good:?} refused: {e}"));
}

#[test]
fn database_checks_refuse_bad_rows_when_validation_is_bypassed() {
    let mut t = TempStore::new();
    let s = source();
    let c = company("raw", "CN");
    t.store.save_source(&s).unwrap();
    t.store.save_company(&c).unwrap();
    let conn = t.raw();
    let cid = c.id.to_string();

    check_refuses(
        &conn,
        &format!(
            "INSERT INTO allegations (id, company_id, category, summary, status, updated_at)
             VALUES ('{}', '{cid}', 'cyber', 'x', ?1, 'now')",
            id()
        ),
        "maybe",
        "alleged",
    );
    check_refuses(
        &conn,
        &format!(
            "INSERT INTO companies (id, slug, legal_name, country, updated_at)
             VALUES ('{}', 'rawco', 'Raw Co', ?1, 'now')",
            id()
        ),
        "chn",
        "CN",
    );
    check_refuses(
        &conn,
        &format!(
            "INSERT INTO sources (id, publisher, title, kind, reliability, updated_at)
             VALUES ('{}', 'P', 'T', 'news_report', ?1, 'now')",
            id()
        ),
        "G",
        "A",
    );
    check_refuses(
        &conn,
        &format!(
            "INSERT INTO companies (id, slug, legal_name, country, updated_at)
             VALUES ('{}', ?1, 'Slug Co', 'CN', 'now')",
            id()
        ),
        "Bad Slug",
        "good-slug",
    );
    check_refuses(
        &conn,
        &format!(
            "INSERT INTO sources (id, publisher, title, url, kind, reliability, updated_at)
             VALUES ('{}', 'P', 'T', ?1, 'news_report', 'A', 'now')",
            id()
        ),
        "ftp://x",
        "https://x",
    );
    check_refuses(
        &conn,
        &format!(
            "INSERT INTO designations (id, company_id, list, status, as_of, updated_at)
             VALUES ('{}', '{cid}', 'ofac_sdn', 'not_listed', ?1, 'now')",
            id()
        ),
        "2025-06-01-extra",
        "2025-06",
    );
    let not_listed_without_date = conn.execute(
        &format!(
            "INSERT INTO designations (id, company_id, list, status, updated_at) VALUES ('{}', '{cid}', 'ofac_sdn', 'not_listed', 'now')",
            id()
        ),
        [],
    );
    assert!(not_listed_without_date.is_err(), "a not_listed designation without as_of was accepted by the database");
    check_refuses(
        &conn,
        &format!(
            "INSERT INTO allegations (id, company_id, category, summary, status, updated_at)
             VALUES ('{}', '{cid}', 'cyber', ?1, 'alleged', 'now')",
            id()
        ),
        "  ",
        "ok",
    );
    check_refuses(
        &conn,
        &format!(
            "INSERT INTO cloud_offerings (id, company_id, product, platform, service, offering_type, data_path, regions, updated_at)
             VALUES ('{}', '{cid}', 'P', 'Amazon', 'S', 'managed_api', 'provider_region', ?1, 'now')",
            id()
        ),
        "{\"not\": \"an array\"}",
        "[\"us-east-1\"]",
    );
    check_refuses(
        &conn,
        &format!(
            "INSERT INTO allegation_sources (allegation_id, source_id, position, credibility)
             VALUES ((SELECT id FROM allegations LIMIT 1), '{}', 0, ?1)",
            s.id
        ),
        "7",
        "1",
    );
}

// ---------------------------------------------------------------- atomic imports

fn small_dataset() -> Dataset {
    let s = source();
    let c1 = company("imp-one", "CN");
    let c2 = company("imp-two", "RU");
    Dataset {
        allegations: vec![allegation(c1.id, s.id), allegation(c2.id, s.id)],
        designations: vec![designation(c1.id, OfficialList::Dod1260h, DesignationStatus::Listed)],
        restrictions: vec![restriction(c2.id, RestrictionScope::Procurement)],
        cloud_offerings: vec![cloud_offering(c1.id, "Google")],
        sources: vec![s],
        companies: vec![c1, c2],
        deployments: vec![],
        scenarios: vec![],
        persons: vec![],
        relations: vec![],
    }
}

#[test]
fn import_writes_everything_and_reports_counts() {
    let mut t = TempStore::new();
    let d = small_dataset();
    let stats = t.store.import_dataset(&d).unwrap();
    assert_eq!((stats.sources, stats.companies, stats.allegations), (1, 2, 2));
    assert_eq!((stats.designations, stats.restrictions, stats.cloud_offerings), (1, 1, 1));
    let c = t.counts();
    assert_eq!((c["sources"], c["companies"], c["allegations"], c["allegation_sources"]), (1, 2, 2, 2));
    assert_eq!((c["designations"], c["restrictions"], c["cloud_offerings"]), (1, 1, 1));
    // Importing the same dataset again replaces by id: nothing is duplicated.
    t.store.import_dataset(&d).unwrap();
    assert_eq!(t.counts(), c);
}

#[test]
fn import_with_a_dangling_reference_in_its_last_record_changes_nothing() {
    let mut t = TempStore::seeded();
    let before = snapshot(&t.store);
    let counts_before = t.counts();

    let mut d = small_dataset();
    let last = d.cloud_offerings.last_mut().unwrap();
    let missing = id();
    last.source_id = Some(missing);
    assert_invalid_field(
        t.store.import_dataset(&d),
        Some(RecordKind::CloudOffering),
        "source_id",
        &missing.to_string(),
    );
    assert_eq!(t.counts(), counts_before);
    assert_eq!(snapshot(&t.store), before);
}

#[test]
fn import_with_a_duplicate_slug_in_the_dataset_changes_nothing() {
    let mut t = TempStore::new();
    let mut d = small_dataset();
    let twin = Company { id: id(), ..d.companies[0].clone() };
    d.companies.push(twin);
    assert_validation(t.store.import_dataset(&d), &["slug"]);
    assert!(t.store.is_empty().unwrap());
    assert!(t.counts().values().all(|n| *n == 0), "{:?}", t.counts());
}

#[test]
fn import_clashing_with_a_stored_slug_rolls_back_completely() {
    // The dataset is valid on its own; the clash is only found by the database part-way through,
    // after its sources and first companies have been written.
    let mut t = TempStore::seeded();
    let before = snapshot(&t.store);
    let counts_before = t.counts();

    let mut d = small_dataset();
    let clash = Company { slug: "deepseek".into(), ..company("clash", "CN") };
    d.companies.push(clash);
    match t.store.import_dataset(&d) {
        Err(e @ Error::Taken { .. }) => {
            assert!(e.to_string().contains("deepseek"), "conflict does not name the slug: {e}")
        }
        other => panic!("expected Error::Taken, got {other:?}"),
    }
    assert_eq!(t.counts(), counts_before, "a failed import left rows behind");
    assert_eq!(snapshot(&t.store), before);
    for c in &d.companies[..2] {
        assert!(matches!(t.store.find_company(&c.slug), Err(Error::NotFound(_))), "{} was partly imported", c.slug);
    }
}

// ---------------------------------------------------------------- full-text search

fn hit_ids(t: &TempStore, q: &str) -> Vec<(SearchKind, uuid::Uuid, Option<String>)> {
    t.store
        .search(q, 50)
        .unwrap_or_else(|e| panic!("search {q:?}: {e}"))
        .into_iter()
        .map(|h| (h.kind, h.id, h.company_slug))
        .collect()
}

#[test]
fn search_finds_companies_by_latin_and_native_names() {
    let t = TempStore::seeded();
    let deepseek = t.store.find_company("deepseek").unwrap();

    for q in ["deepseek", "DeepSeek", "深度求索"] {
        let hits = hit_ids(&t, q);
        assert!(
            hits.contains(&(SearchKind::Company, deepseek.id, Some("deepseek".into()))),
            "{q:?} does not find the DeepSeek company: {hits:?}"
        );
    }

    // Huawei's native name in the bundled data is 华为技术有限公司; the two-character query
    // is shorter than a trigram.
    let huawei = t.store.find_company("huawei").unwrap();
    assert_eq!(huawei.native_name.as_deref(), Some("华为技术有限公司"));
    let hits = hit_ids(&t, "华为");
    assert!(hits.contains(&(SearchKind::Company, huawei.id, Some("huawei".into()))), "华为: {hits:?}");
    assert!(
        hits.iter().all(|(k, _, slug)| *k != SearchKind::Company || slug.as_deref() == Some("huawei")),
        "华为 finds other companies: {hits:?}"
    );
}

#[test]
fn search_finds_the_h800_allegation() {
    let t = TempStore::seeded();
    let data = t.data("deepseek");
    let h100 = data.allegations.iter().find(|a| a.summary.contains("H100")).expect("H100 allegation");
    let hits = t.store.search("H800", 20).unwrap();
    assert!(
        hits.iter().any(|h| h.kind == SearchKind::Allegation
            && h.id == h100.id
            && h.company_slug.as_deref() == Some("deepseek")),
        "H800 does not find the H100 allegation: {hits:?}"
    );
    // Case does not matter; every word must appear.
    assert!(hit_ids(&t, "h800").iter().any(|(_, i, _)| *i == h100.id));
    assert!(hit_ids(&t, "H800 shell").iter().any(|(_, i, _)| *i == h100.id));
    assert!(hit_ids(&t, "H800 zzqqxx").is_empty());
}

#[test]
fn search_index_follows_edits_and_deletions() {
    let mut t = TempStore::new();
    let s = source();
    let c = company("fts", "CN");
    t.store.save_source(&s).unwrap();
    t.store.save_company(&c).unwrap();
    let mut a = allegation(c.id, s.id);
    a.summary = "Quixotic marmalade smuggling".into();
    t.store.save_allegation(&a).unwrap();
    assert_eq!(hit_ids(&t, "marmalade"), vec![(SearchKind::Allegation, a.id, Some(c.slug.clone()))]);

    a.summary = "Zebra-striped turbines".into();
    t.store.save_allegation(&a).unwrap();
    assert!(hit_ids(&t, "marmalade").is_empty(), "old words are still indexed");
    assert!(hit_ids(&t, "Quixotic").is_empty(), "old words are still indexed");
    assert_eq!(hit_ids(&t, "turbines"), vec![(SearchKind::Allegation, a.id, Some(c.slug.clone()))]);
    assert_eq!(t.store.search("turbines", 5).unwrap()[0].title, "Zebra-striped turbines");

    // A renamed company is found by its new alias only.
    let mut c2 = c.clone();
    c2.aliases = vec!["Pomegranate".into()];
    t.store.save_company(&c2).unwrap();
    assert!(hit_ids(&t, "pomegranate").contains(&(SearchKind::Company, c.id, Some(c.slug.clone()))));

    // Deleting the company (cascading to the allegation) removes both from the index.
    t.store.delete_company(c.id).unwrap();
    assert!(hit_ids(&t, "turbines").is_empty(), "a cascaded allegation is still indexed");
    assert!(hit_ids(&t, "pomegranate").is_empty());
    let orphans: i64 =
        t.raw().query_row("SELECT count(*) FROM search_index WHERE kind <> 'source'", [], |r| r.get(0)).unwrap();
    assert_eq!(orphans, 0);
}

/// A database an earlier version left with the persons and relations a bundle brought
/// unindexed is searched right once it is opened (migration 0020 rebuilds their documents).
#[test]
fn opening_an_older_database_indexes_its_persons_and_relations() {
    let mut t = TempStore::seeded();
    let kinds = |store: &Store| {
        let mut k: Vec<SearchKind> = store
            .search("Liang Wenfeng", 50)
            .unwrap()
            .into_iter()
            .map(|h| h.kind)
            .filter(|k| matches!(k, SearchKind::Person | SearchKind::Relation))
            .collect();
        k.sort_by_key(|k| format!("{k:?}"));
        k.dedup();
        k
    };
    assert_eq!(kinds(&t.store), [SearchKind::Person, SearchKind::Relation]);
    drop(std::mem::replace(&mut t.store, Store::open_in_memory().unwrap()));
    let raw = t.raw();
    raw.execute_batch("DELETE FROM search_index WHERE kind IN ('person', 'relation')").unwrap();
    // Back to version 19: opening the file applies 0020 (and those after) again.
    undo_migration_0023(&raw);
    raw.pragma_update(None, "user_version", 19).unwrap();
    drop(raw);
    t.store = Store::open(&t.path).unwrap();
    assert_eq!(kinds(&t.store), [SearchKind::Person, SearchKind::Relation]);
    let entries = |raw: &rusqlite::Connection| -> i64 {
        raw.query_row("SELECT count(*) FROM search_index WHERE kind IN ('person', 'relation')", [], |r| r.get(0))
            .unwrap()
    };
    let documents: i64 = t
        .raw()
        .query_row("SELECT count(*) FROM search_documents WHERE kind IN ('person', 'relation')", [], |r| r.get(0))
        .unwrap();
    assert_eq!(entries(&t.raw()), documents, "each document once");
}

#[test]
fn search_finds_sources_and_respects_the_limit() {
    let t = TempStore::seeded();
    let hits = t.store.search("Reuters", 50).unwrap();
    assert!(hits.iter().any(|h| h.kind == SearchKind::Source && h.company_slug.is_none()), "{hits:?}");
    assert!(t.store.search("DeepSeek", 2).unwrap().len() <= 2);
}

#[test]
fn empty_search_is_a_validation_error() {
    let t = TempStore::seeded();
    for q in ["", "   ", "\t\n"] {
        assert!(matches!(t.store.search(q, 10), Err(Error::Validation(_))), "{q:?}");
    }
    // Characters that mean something to FTS5 are taken literally, not as syntax.
    for q in ["\"", "AND", "deep\"seek", "NEAR(", "a*", "%%", "_"] {
        t.store.search(q, 10).unwrap_or_else(|e| panic!("search {q:?} failed: {e}"));
    }
}

#[test]
fn bundled_dataset_round_trips_through_the_store() {
    let t = TempStore::seeded();
    let d = dataset::bundled().unwrap();
    let stored = t.store.all_company_data().unwrap();
    assert_eq!(stored.len(), d.companies.len());
    for cd in &stored {
        let original = d.companies.iter().find(|c| c.id == cd.company.id).unwrap();
        assert_eq!(&cd.company, original);
        let mut want: Vec<_> = d.allegations.iter().filter(|a| a.company_id == original.id).cloned().collect();
        want.sort_by_key(|a| a.id);
        let mut got = cd.allegations.clone();
        got.sort_by_key(|a| a.id);
        assert_eq!(got, want, "{}", original.slug);
        assert_eq!(cd.designations.len(), d.designations.iter().filter(|x| x.company_id == original.id).count());
        assert_eq!(cd.restrictions.len(), d.restrictions.iter().filter(|x| x.company_id == original.id).count());
        assert_eq!(cd.cloud_offerings.len(), d.cloud_offerings.iter().filter(|x| x.company_id == original.id).count());
    }
    let mut want = d.sources.clone();
    want.sort_by_key(|s| s.id);
    let mut got = t.store.sources().unwrap();
    got.sort_by_key(|s| s.id);
    assert_eq!(got, want);
}

// ---------------------------------------------------------------- known core bugs (these fail)

/// A company profile cites sources in a JSON list that foreign keys cannot see. Saving a profile
/// that cites a source that does not exist must be refused, like an allegation citing one is;
/// otherwise `company_data` (and so the whole portfolio, `riskbrief list`) can no longer be read.
#[test]
fn company_citing_an_unknown_source_is_refused() {
    let mut t = TempStore::seeded();
    let counts_before = t.counts();
    let mut c = company("dangling", "CN");
    let missing = id();
    c.source_ids = vec![missing];

    let saved = t.store.save_company(&c);
    // Whatever happens, one bad profile must not make the portfolio unreadable.
    let portfolio = t.store.all_company_data();
    assert!(
        portfolio.is_ok(),
        "after saving a profile citing a missing source, the portfolio fails: {:?}",
        portfolio.err()
    );
    match saved {
        Err(Error::Invalid { record: Some(RecordKind::Company), field, problem, .. }) => {
            assert_eq!(field, "source_ids");
            assert!(problem.contains(&missing.to_string()), "{problem}");
        }
        other => panic!("a company citing missing source {missing} was saved: {other:?}"),
    }
    assert_eq!(t.counts(), counts_before);
}

/// A file that is a valid SQLite database of another application is not a RiskBrief database:
/// it must be refused, and left exactly as it was (no RiskBrief tables, same journal mode).
#[test]
fn foreign_sqlite_database_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    for user_version in [0, SCHEMA_VERSION + 41] {
        let path = dir.path().join(format!("places-{user_version}.sqlite"));
        {
            let c = rusqlite::Connection::open(&path).unwrap();
            c.execute_batch("CREATE TABLE bookmarks (id INTEGER PRIMARY KEY, url TEXT); INSERT INTO bookmarks (url) VALUES ('https://example.org');")
                .unwrap();
            c.pragma_update(None, "user_version", user_version).unwrap();
        }
        let tables = |p: &std::path::Path| -> Vec<String> {
            raw(p)
                .prepare("SELECT name FROM sqlite_schema ORDER BY name")
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .map(|x| x.unwrap())
                .collect()
        };
        let journal =
            |p: &std::path::Path| -> String { raw(p).pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap() };
        let (tables_before, journal_before) = (tables(&path), journal(&path));
        assert_eq!(journal_before, "delete");

        let opened = Store::open(&path);
        assert!(
            matches!(opened, Err(Error::Schema(_))),
            "user_version {user_version}: a foreign database was opened: {:?}",
            opened.as_ref().err()
        );
        drop(opened);
        assert_eq!(
            tables(&path),
            tables_before,
            "user_version {user_version}: RiskBrief tables were added to a foreign database"
        );
        assert_eq!(
            journal(&path),
            journal_before,
            "user_version {user_version}: a refused database was switched to another journal mode"
        );
    }
}

/// Partial dates: "2025" (year only) may well be after "2025-06". A delisting known only to the
/// year must not be refused as "before `since`".
#[test]
fn designation_until_known_to_a_coarser_precision_is_accepted() {
    let mut t = TempStore::new();
    let c = company("precision", "CN");
    t.store.save_company(&c).unwrap();
    for (since, until) in [("2025-06", "2025"), ("2025-06-15", "2025-06")] {
        let d = Designation {
            since: Some(pd(since)),
            until: Some(pd(until)),
            ..designation(c.id, OfficialList::BisEntityList, DesignationStatus::Delisted)
        };
        t.store.save_designation(&d).unwrap_or_else(|e| panic!("since {since}, until {until} refused: {e}"));
        assert!(t.store.company_data(c.id).unwrap().designations.contains(&d));
    }
}

#[test]
fn a_relative_briefs_folder_is_refused_at_its_field_and_nothing_is_saved() {
    let mut t = TempStore::new();
    let s = Settings { briefs_dir: "briefs".into(), analyst: "A. Analyst".into(), effective_briefs_dir: String::new() };
    assert_invalid_field(t.store.save_settings(&s), None, "briefs_dir", "absolute path");
    assert_eq!(t.store.settings().unwrap().analyst, "", "a refused save changed a setting");
    t.store.save_settings(&Settings { briefs_dir: "/tmp/briefs".into(), ..s }).unwrap();
    assert_eq!(t.store.settings().unwrap().briefs_dir, "/tmp/briefs");
}

/// Finding a company by legal-name prefix, native name or alias goes through indexes kept in
/// step with the record: an alias edited away no longer finds it, and a deleted company leaves
/// no alias behind.
#[test]
fn lookup_by_name_follows_edits_and_deletions() {
    let mut t = TempStore::new();
    let mut c = Company {
        legal_name: "Ärzte Gerät GmbH".into(),
        native_name: Some("阿尔茨".into()),
        aliases: vec!["Old Name".into(), "ÄG".into()],
        ..company("aerzte", "DE")
    };
    t.store.save_company(&c).unwrap();
    let other = Company { legal_name: "Ärzte Werk AG".into(), ..company("werk", "DE") };
    t.store.save_company(&other).unwrap();
    // Case is ignored for ASCII letters, as SQLite's lower() does.
    for found in ["Ärzte Gerät", "Ärzte gerät GMBH", "阿尔茨", "old name", "OLD NAME", "ÄG", &c.slug] {
        assert_eq!(t.store.find_company(found).map(|x| x.id).ok(), Some(c.id), "{found:?}");
    }
    assert!(matches!(t.store.find_company("Ärzte"), Err(Error::Validation(m)) if m.contains("several")));
    c.aliases = vec!["New Name".into()];
    t.store.save_company(&c).unwrap();
    assert!(matches!(t.store.find_company("old name"), Err(Error::NotFound(_))));
    assert_eq!(t.store.find_company("new name").unwrap().id, c.id);
    t.store.delete_company(c.id).unwrap();
    assert!(matches!(t.store.find_company("new name"), Err(Error::NotFound(_))));
    let conn = rusqlite::Connection::open(&t.path).unwrap();
    let left: i64 = conn.query_row("SELECT count(*) FROM company_aliases", [], |r| r.get(0)).unwrap();
    assert_eq!(left, 0, "a deleted company left aliases behind");
}

/// The whole-portfolio read (one statement per table) gives each company exactly what the
/// one-company read gives, in the portfolio's order.
#[test]
fn the_bulk_read_equals_one_company_reads() {
    let t = TempStore::seeded();
    let all = t.store.all_company_data().unwrap();
    let summaries = t.store.company_summaries().unwrap();
    assert_eq!(
        all.iter().map(|d| d.company.id).collect::<Vec<_>>(),
        summaries.iter().map(|s| s.id).collect::<Vec<_>>()
    );
    assert!(all.iter().any(|d| !d.allegations.is_empty() && !d.sources.is_empty() && !d.cloud_offerings.is_empty()));
    for d in &all {
        assert_eq!(d, &t.store.company_data(d.company.id).unwrap(), "{}", d.company.slug);
    }
}

/// A whole-portfolio pass in batches hands on exactly what the bulk read gives, by id, whatever
/// the batch size: a batch's companies are told apart although read together.
#[test]
fn a_pass_in_batches_equals_the_bulk_read() {
    let t = TempStore::seeded();
    let mut all = t.store.all_company_data().unwrap();
    all.sort_by_key(|d| d.company.id);
    assert!(all.len() >= 7);
    for batch in [1, 2, 3, all.len(), 1000] {
        let mut seen = Vec::new();
        t.store
            .each_company_data(batch, &mut |d| {
                assert!(d.len() <= batch);
                seen.extend(d);
                Ok(())
            })
            .unwrap();
        assert_eq!(seen, all, "batch of {batch}");
    }
    // An error from the receiver stops the pass and comes back as it was.
    let mut n = 0;
    let err = t.store.each_company_data(1, &mut |_| {
        n += 1;
        if n == 3 {
            Err(Error::Validation("stop".into()))
        } else {
            Ok(())
        }
    });
    assert!(matches!(err, Err(Error::Validation(m)) if m == "stop"));
    assert_eq!(n, 3);
}

/// A large bundle leaves its records to the search backlog (its triggers set aside meanwhile),
/// and the index catches up after it commits: it then holds exactly what record-by-record writes
/// give, new and updated records are found (and an updated record's old words are not), and the
/// triggers work again, unchanged.
#[test]
fn a_large_bundle_is_indexed_as_records_written_one_by_one_are() {
    fn dataset(title: &str) -> Dataset {
        let sources: Vec<Source> = (0..2100).map(|i| Source { title: format!("{title} {i}"), ..source() }).collect();
        let c = Company { aliases: vec!["Zeta Alias".into()], ..company("zeta", "CN") };
        let a = Allegation { summary: format!("{title} allegation"), ..allegation(c.id, sources[0].id) };
        Dataset { sources, companies: vec![c], allegations: vec![a], ..Dataset::default() }
    }
    let index = |store_path: &Path| -> Vec<(String, String, Option<String>, String, String)> {
        let conn = rusqlite::Connection::open(store_path).unwrap();
        let mut st = conn
            .prepare("SELECT kind, ref_id, company_id, title, body FROM search_index ORDER BY kind, ref_id")
            .unwrap();
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let triggers = |store_path: &Path| -> Vec<(String, String)> {
        let conn = rusqlite::Connection::open(store_path).unwrap();
        let mut st = conn.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name").unwrap();
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect()
    };
    let data = dataset("Kestrel");
    let mut bulk = TempStore::new();
    let fresh_triggers = triggers(&bulk.path);
    let b = bundle::create(data.clone(), vec![], "2026-12-02T12:00:00Z".into(), "t".into(), None);
    bulk.store.import_bundle(&b, None, false).unwrap();
    assert_eq!(triggers(&bulk.path), fresh_triggers, "the index triggers changed");
    let flags = |path: &Path| -> (i64, i64) {
        rusqlite::Connection::open(path)
            .unwrap()
            .query_row("SELECT paused, importing FROM search_pause", [], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
    };
    // The import committed its records and left them to the backlog; the index catches up.
    assert_eq!(flags(&bulk.path), (1, 0), "the index is behind, and the import is over");
    assert_eq!(bulk.store.search_backlog().unwrap(), 2102);
    assert!(index(&bulk.path).is_empty());
    let mut heard = vec![];
    assert_eq!(bulk.store.catch_up_search(&mut |done, total| heard.push((done, total))).unwrap(), 2102);
    assert_eq!(heard, [(0, 2102), (2102, 2102)]);
    assert_eq!(flags(&bulk.path), (0, 0), "indexing left paused");

    let mut one_by_one = TempStore::new();
    for s in &data.sources {
        one_by_one.store.save_source(s).unwrap();
    }
    one_by_one.store.save_company(&data.companies[0]).unwrap();
    one_by_one.store.save_allegation(&data.allegations[0]).unwrap();
    assert_eq!(index(&bulk.path), index(&one_by_one.path));
    assert_eq!(index(&bulk.path).len(), 2102);

    // A second large bundle updates every record: the new words are found, the old are not.
    let mut renamed = data.clone();
    for (s, n) in renamed.sources.iter_mut().zip(dataset("Osprey").sources) {
        s.title = n.title;
        s.updated_at = ts("2026-12-01T00:00:00Z");
    }
    renamed.allegations[0].summary = "Osprey allegation".into();
    renamed.allegations[0].updated_at = ts("2026-12-01T00:00:00Z");
    let b = bundle::create(renamed, vec![], "2026-12-02T12:00:00Z".into(), "t".into(), None);
    bulk.store.import_bundle(&b, None, false).unwrap();
    assert!(bulk.store.search("Kestrel", 10).unwrap().is_empty(), "old words still found");
    assert_eq!(bulk.store.search("Osprey allegation", 10).unwrap().len(), 1);
    assert_eq!(bulk.store.search("Osprey 2099", 10).unwrap().len(), 1);
    assert_eq!(index(&bulk.path).len(), 2102);
    // The triggers work again for the next single write.
    let later = Company { legal_name: "Quokka Systems".into(), ..company("quokka", "AU") };
    bulk.store.save_company(&later).unwrap();
    assert_eq!(bulk.store.search("Quokka", 10).unwrap().len(), 1);
}

/// The search index and the stored documents, each as sorted text: equal when the index holds
/// every document once, in its current version, and nothing else.
fn index_and_documents(t: &TempStore) -> (Vec<String>, Vec<String>) {
    let raw = t.raw();
    let rows = |sql: &str| -> Vec<String> {
        let mut st = raw.prepare(sql).unwrap();
        let mut rows: Vec<String> = st.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
        rows.sort();
        rows
    };
    let doc = "kind || ' ' || ref_id || ' ' || coalesce(company_id, '') || ' ' || title || ' ' || body";
    (rows(&format!("SELECT {doc} FROM search_index")), rows(&format!("SELECT {doc} FROM search_documents")))
}

/// While the index catches up with an import, writes go to the backlog instead of the index: a
/// record renamed is indexed in its new version only (an imported one, and one indexed before
/// the import), a deleted one not at all, a new one once, and the relations of a renamed
/// company under its new name. Afterwards the index holds each stored document once, as it is.
#[test]
fn writes_made_while_the_index_catches_up_are_indexed_as_they_end() {
    let seeded = TempStore::seeded();
    let data = seeded.store.export_dataset(None).unwrap();
    let b = bundle::create(data.clone(), vec![], "2026-12-02T12:00:00Z".into(), "t".into(), None);
    let mut t = TempStore::new();
    let mut earlier = company("kestrel", "CN");
    t.store.save_company(&earlier).unwrap();
    assert_eq!(t.store.search("kestrel", 10).unwrap().len(), 1);
    t.store.import_bundle(&b, None, false).unwrap();
    let documents = index_and_documents(&t).1.len() as u64;
    assert_eq!(t.store.search_backlog().unwrap(), documents - 1, "all but the company stored before");

    // A company on the receiving end of a relation, renamed.
    let relation = data.relations.first().expect("the sample states ownership");
    let mut owned = data.companies.iter().find(|c| c.id == relation.to).unwrap().clone();
    owned.legal_name = "Quetzalcoatl Holdings".into();
    owned.updated_at = ts("2026-12-03T00:00:00Z");
    t.store.save_company(&owned).unwrap();
    earlier.legal_name = "Osprey Trading".into();
    t.store.save_company(&earlier).unwrap();
    let gone = data.allegations[0].id;
    t.store.delete(RecordKind::Allegation, gone).unwrap();
    let new = Source { title: "Zanzibar procurement notice".into(), ..source() };
    t.store.save_source(&new).unwrap();
    // Nothing of it is indexed yet: the old name of the earlier company is still what is indexed.
    let (index, _) = index_and_documents(&t);
    assert_eq!(index.len(), 1);
    assert!(index[0].contains("kestrel test company"), "{index:?}");
    // The earlier company now waits too, to have its old entry replaced; the source is new.
    assert_eq!(t.store.search_backlog().unwrap(), documents + 1);

    let mut heard = vec![];
    t.store.catch_up_search(&mut |done, total| heard.push((done, total))).unwrap();
    assert_eq!(heard, [(0, documents + 1), (documents + 1, documents + 1)]);
    let (index, docs) = index_and_documents(&t);
    assert_eq!(index, docs);
    assert!(index.iter().any(|d| d.starts_with("relation ") && d.contains("Quetzalcoatl Holdings")));
    assert!(!index.iter().any(|d| d.contains(&gone.to_string())));
    assert_eq!(t.store.search("Zanzibar", 10).unwrap().len(), 1);
    assert_eq!(t.store.search("Osprey Trading", 10).unwrap().len(), 1);
    assert!(t.store.search("kestrel test", 10).unwrap().is_empty());
    let paused: i64 = t.raw().query_row("SELECT paused FROM search_pause", [], |r| r.get(0)).unwrap();
    assert_eq!(paused, 0, "caught up: the triggers index at once again");
    let again = Source { title: "Yellowhammer memo".into(), ..source() };
    t.store.save_source(&again).unwrap();
    assert_eq!((t.store.search_backlog().unwrap(), index_and_documents(&t).0.len()), (0, index.len() + 1));
}

/// Two connections catching up with the same backlog at once (each transaction IMMEDIATE,
/// each taking the next records off the backlog) index every record once between them.
#[test]
fn two_connections_catching_up_at_once_index_each_record_once() {
    let seeded = TempStore::seeded();
    let mut data = seeded.store.export_dataset(None).unwrap();
    let extra: Vec<Source> = (0..25_000).map(|i| Source { title: format!("Bulk notice {i}"), ..source() }).collect();
    data.sources.extend(extra);
    let b = bundle::create(data, vec![], "2026-12-02T12:00:00Z".into(), "t".into(), None);
    let mut t = TempStore::new();
    t.store.import_bundle(&b, None, false).unwrap();
    let backlog = t.store.search_backlog().unwrap();
    assert!(backlog > 25_000);
    let path = t.path.clone();
    let done = std::thread::scope(|s| {
        let a = s.spawn(move || Store::open(&path).unwrap().catch_up_search(&mut |_, _| {}).unwrap());
        let b = t.store.catch_up_search(&mut |_, _| {}).unwrap();
        a.join().unwrap() + b
    });
    assert_eq!(done, backlog, "each record indexed by one of the two");
    let (index, docs) = index_and_documents(&t);
    assert_eq!(index.len(), docs.len());
    assert!(index == docs);
}

/// The portfolio's scores come from the cache while nothing changed, and are computed again
/// after any write to a scored record, for another date, or when the cache is incomplete.
#[test]
fn the_portfolio_score_cache_is_used_and_never_outlives_a_change() {
    let mut t = TempStore::seeded();
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    let direct = |store: &Store, day| -> Vec<(String, u32, riskbrief::risk::Band)> {
        let mut v: Vec<_> = store
            .all_company_data()
            .unwrap()
            .iter()
            .map(|d| {
                let a = riskbrief::risk::assess(d, day);
                (d.company.slug.clone(), a.score, a.band)
            })
            .collect();
        v.sort();
        v
    };
    let rows = |store: &mut Store, day| -> Vec<(String, u32, riskbrief::risk::Band)> {
        let mut v: Vec<_> = riskbrief::app::portfolio(store, day)
            .unwrap()
            .into_iter()
            .map(|r| (r.summary.slug, r.score, r.band))
            .collect();
        v.sort();
        v
    };
    assert_eq!(rows(&mut t.store, day), direct(&t.store, day));
    let conn = rusqlite::Connection::open(&t.path).unwrap();
    let cached: i64 = conn.query_row("SELECT count(*) FROM assessment_cache", [], |r| r.get(0)).unwrap();
    assert_eq!(cached as usize, t.store.company_summaries().unwrap().len());

    // A cached score is what the portfolio shows (so the cache is read, not recomputed)...
    conn.execute(
        "UPDATE assessment_cache SET score = 99 WHERE company_id = (SELECT id FROM companies WHERE slug = 'deepseek')",
        [],
    )
    .unwrap();
    let shown = rows(&mut t.store, day);
    assert!(shown.iter().any(|(slug, score, _)| slug == "deepseek" && *score == 99), "{shown:?}");
    // ...until any write to a scored record: here a new designation of another company.
    let huawei = t.store.find_company("huawei").unwrap();
    let d = Designation {
        id: id(),
        company_id: huawei.id,
        list: OfficialList::OfacSdn,
        listed_name: None,
        status: DesignationStatus::Listed,
        since: Some("2026-10".parse().unwrap()),
        until: None,
        as_of: None,
        citation: None,
        source_id: None,
        note: None,
        updated_at: ts(UPDATED),
    };
    t.store.save_designation(&d).unwrap();
    assert_eq!(rows(&mut t.store, day), direct(&t.store, day));
    // Another date is computed for that date.
    let later = chrono::NaiveDate::from_ymd_opt(2027, 6, 1).unwrap();
    assert_eq!(rows(&mut t.store, later), direct(&t.store, later));
    // An incomplete cache (a company's row gone) is not used.
    conn.execute("UPDATE assessment_cache SET score = 98", []).unwrap();
    conn.execute("DELETE FROM assessment_cache WHERE rowid = (SELECT min(rowid) FROM assessment_cache)", []).unwrap();
    assert_eq!(rows(&mut t.store, later), direct(&t.store, later));
}

/// The portfolio's head is its first rows, whatever the limit, with the cache cold or warm, after
/// a change, and on ties (companies with equal scores keep the portfolio's order).
#[test]
fn the_portfolio_head_is_the_portfolios_first_rows() {
    let mut t = TempStore::seeded();
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    let check = |store: &mut Store| {
        let all = riskbrief::app::portfolio(store, day).unwrap();
        for limit in [0, 1, 2, 3, all.len() - 1, all.len(), all.len() + 5] {
            let head = riskbrief::app::portfolio_head(store, day, limit).unwrap();
            assert_eq!(head.total, all.len());
            assert_eq!(head.rows, all[..limit.min(all.len())], "limit {limit}");
        }
    };
    // Cold: nothing cached yet.
    let conn = rusqlite::Connection::open(&t.path).unwrap();
    conn.execute("DELETE FROM assessment_cache", []).unwrap();
    let head = riskbrief::app::portfolio_head(&mut t.store, day, 2).unwrap();
    assert_eq!(head.rows, riskbrief::app::portfolio(&mut t.store, day).unwrap()[..2]);
    check(&mut t.store);
    // Ties: every cached score made equal, so the order is the legal names'.
    conn.execute("UPDATE assessment_cache SET score = 50", []).unwrap();
    check(&mut t.store);
    let head = riskbrief::app::portfolio_head(&mut t.store, day, 3).unwrap();
    let names: Vec<&str> = head.rows.iter().map(|r| r.summary.legal_name.as_str()).collect();
    assert!(names.windows(2).all(|w| w[0] <= w[1]), "{names:?}");
    // After a change the head follows it.
    let huawei = t.store.find_company("huawei").unwrap();
    t.store.delete_company(huawei.id).unwrap();
    check(&mut t.store);
    assert!(riskbrief::app::portfolio_head(&mut t.store, day, 100)
        .unwrap()
        .rows
        .iter()
        .all(|r| r.summary.id != huawei.id));
}

/// A use case that reads several times (`Store::one_state`) sees one state of the database,
/// not a write another process commits between its reads; once it ends, the write is seen.
#[test]
fn one_state_hides_a_write_committed_meanwhile_until_it_ends() {
    let t = TempStore::seeded();
    let mut other = Store::open(&t.path).unwrap();
    let before = t.store.companies().unwrap().len();
    {
        let _one = t.store.one_state().unwrap();
        assert_eq!(t.store.companies().unwrap().len(), before);
        other.save_company(&company("later", "US")).unwrap();
        assert_eq!(t.store.companies().unwrap().len(), before, "a write committed meanwhile is not seen");
    }
    assert_eq!(t.store.companies().unwrap().len(), before + 1);
}

// ---------------------------------------------------------------- migration 0021: cheaper checks

/// Tables whose CHECK still lists its values as `IN (…)`: written once per list import.
const LISTED_CHECKS: [&str; 1] = ["list_snapshots"];

/// No write to a table written row by row builds a temporary b-tree per row (what a CHECK's `IN`
/// list of three or more values compiles to): the cost 0021 took out of every bundle import.
#[test]
fn no_bulk_written_table_builds_a_temporary_table_per_row() {
    let t = TempStore::new();
    let conn = t.raw();
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
               AND name NOT LIKE 'search_index%' ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(tables.len() > 25, "{tables:?}");
    let mut opening = vec![];
    for table in &tables {
        let mut st = conn.prepare(&format!("EXPLAIN INSERT INTO {table} DEFAULT VALUES")).unwrap();
        let ops: Vec<String> = st.query_map([], |r| r.get(1)).unwrap().map(Result::unwrap).collect();
        assert!(ops.iter().any(|o| o == "Insert" || o == "IdxInsert"), "{table}: not an insert program: {ops:?}");
        if ops.iter().any(|o| o == "OpenEphemeral") {
            opening.push(table.as_str());
        }
    }
    assert_eq!(opening, LISTED_CHECKS, "tables whose every write opens a temporary table");
    let hashsize: i64 =
        conn.query_row("SELECT v FROM search_index_config WHERE k = 'hashsize'", [], |r| r.get(0)).unwrap();
    assert_eq!(hashsize, 16 << 20);
}

/// A screening hit (with its list snapshot), a deployment and an inbox event, which the sample
/// lacks, so that every rebuilt table has a row.
fn add_hit_deployment_and_event(conn: &rusqlite::Connection) {
    let company: String = conn.query_row("SELECT id FROM companies LIMIT 1", [], |r| r.get(0)).unwrap();
    conn.execute_batch(&format!(
        "INSERT INTO list_snapshots (id, list, title, publisher, format, as_of, file_hash, files, entry_count, imported_at)
         VALUES ('{s}', 'ofac_sdn', 'T', 'P', 'ofac', '2026-01-01', '{h}', '[]', 0, 'now');
         INSERT INTO screening_hits (id, company_id, snapshot_id, entry_key, score, hit, status, found_at)
         VALUES ('{x}', '{company}', '{s}', 'k', 90, '{{}}', 'open', 'now');
         INSERT INTO deployments (id, name, company_id, vendor_name, route, data_class, status, updated_at)
         VALUES ('{d}', 'Chat assistant', '{company}', 'Vendor', 'cloud_hosted', 'internal', 'pilot', 'now');
         INSERT INTO inbox_events (id, at, kind, company_id, snapshot_id, hit_id, title, detail)
         VALUES ('{e}', 'now', 'new_hit', '{company}', '{s}', '{x}', 'A possible match', '');",
        s = id(),
        h = "0".repeat(64),
        x = id(),
        d = id(),
        e = id(),
    ))
    .unwrap();
}

/// The tables 0021 rebuilds.
const REBUILT: [&str; 12] = [
    "sources",
    "allegations",
    "allegation_sources",
    "responses",
    "cloud_offerings",
    "restrictions",
    "designations",
    "relations",
    "deployments",
    "audit_log",
    "screening_hits",
    "inbox_events",
];

/// A copy of the database at `src` (the current schema) as RiskBrief left it at version 20:
/// migrations 1–20 applied to a new file, then every row copied in (the columns are the same; the
/// aliases and search entries are made by the triggers, as they were).
fn at_version_20(src: &Path, dst: &Path) {
    let mut conn = rusqlite::Connection::open(dst).unwrap();
    conn.pragma_update(None, "foreign_keys", false).unwrap();
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).unwrap();
    for sql in &riskbrief::db::MIGRATIONS[..20] {
        tx.execute_batch(sql).unwrap();
    }
    tx.pragma_update(None, "user_version", 20).unwrap();
    tx.execute("ATTACH ?1 AS src", [src.to_str().unwrap()]).unwrap();
    let tables: Vec<String> = tx
        .prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
               AND name NOT LIKE 'search_%' AND name <> 'company_aliases'",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for table in tables {
        tx.execute(&format!("INSERT INTO main.{table} SELECT * FROM src.{table}"), []).unwrap();
    }
    tx.commit().unwrap();
    conn.execute("DETACH src", []).unwrap();
}

/// Every object of the schema (type, name, SQL), and the rows of the rebuilt tables and of
/// companies, by key.
fn schema_and_rows(c: &rusqlite::Connection) -> (Vec<String>, Vec<String>) {
    let lines = |sql: &str| -> Vec<String> {
        let mut st = c.prepare(sql).unwrap();
        let n = st.column_count();
        let show = |v: rusqlite::types::ValueRef| match v {
            rusqlite::types::ValueRef::Text(t) => format!("{:?}", String::from_utf8_lossy(t)),
            v => format!("{v:?}"),
        };
        st.query_map([], |r| Ok((0..n).map(|i| show(r.get_ref(i).unwrap())).collect::<Vec<_>>().join("|")))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let schema = lines("SELECT type, name, sql FROM sqlite_schema ORDER BY type, name");
    let mut rows = vec![];
    for table in REBUILT.iter().chain(&["companies", "company_aliases"]) {
        rows.extend(
            lines(&format!("SELECT * FROM {table} ORDER BY 1, 2")).into_iter().map(|r| format!("{table}: {r}")),
        );
    }
    (schema, rows)
}

/// Opening a database of version 20 (the sample, and a row in every rebuilt table) migrates it to
/// exactly the schema of a new database, every index, trigger and view as it was, every row
/// kept, the foreign keys whole; search follows a write to a rebuilt table.
#[test]
fn migration_0021_upgrades_a_version_20_database() {
    let t = TempStore::seeded();
    add_hit_deployment_and_event(&t.raw());
    let old = t.dir.path().join("v20.db");
    at_version_20(&t.path, &old);
    let (old_schema, rows) = schema_and_rows(&raw(&old));
    for table in REBUILT {
        assert!(rows.iter().any(|l| l.starts_with(&format!("{table}: "))), "no {table} to migrate");
    }
    assert_eq!(schema_and_rows(&t.raw()).1, rows, "the copy at version 20 holds the same rows");

    let mut store = Store::open(&old).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let migrated = raw(&old);
    let (schema, after) = schema_and_rows(&migrated);
    assert_eq!(after, rows, "rows changed by the migration");
    assert_eq!(schema, schema_and_rows(&TempStore::new().raw()).0, "not the schema of a new database");
    let kept = |s: &[String]| -> Vec<String> { s.iter().filter(|l| !l.starts_with("\"table\"|")).cloned().collect() };
    // Every index, trigger and view of version 20 as it was; besides them, the twelve triggers
    // of the search backlog that 0023 adds.
    let (old_kept, new_kept) = (kept(&old_schema), kept(&schema));
    let added: Vec<&String> = new_kept.iter().filter(|l| !old_kept.contains(l)).collect();
    assert!(old_kept.iter().all(|l| new_kept.contains(l)), "an index, trigger or view changed");
    assert_eq!(added.len(), 12, "{added:?}");
    assert!(added.iter().all(|l| l.starts_with("\"trigger\"|") && l.contains("_backlog_")), "{added:?}");
    let fk: i64 = migrated.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).unwrap();
    assert_eq!(fk, 0);
    let integrity: String = migrated.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(integrity, "ok");
    let mut s = source();
    s.title = "Zanzibar procurement notice".into();
    store.save_source(&s).unwrap();
    assert_eq!(store.search("Zanzibar", 10).unwrap().len(), 1, "the rebuilt table's trigger indexes it");
}

/// Takes a database back from version 23 to 22 (for a test that opens it at an earlier version,
/// so that every migration from there on applies again): the search backlog's triggers, table
/// and flag.
pub fn undo_migration_0023(raw: &rusqlite::Connection) {
    let triggers: Vec<String> = raw
        .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%\\_backlog\\_%' ESCAPE '\\'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(triggers.len(), 12, "{triggers:?}");
    for t in triggers {
        raw.execute_batch(&format!("DROP TRIGGER {t}")).unwrap();
    }
    raw.execute_batch("DROP TABLE search_backlog; ALTER TABLE search_pause DROP COLUMN importing;").unwrap();
}

// ---------------------------------------------------------------- migration 0022: search merges

/// The search index's segments: one per write that indexed something, until FTS5 merges them.
fn search_segments(conn: &rusqlite::Connection) -> i64 {
    conn.query_row("SELECT count(DISTINCT segid) FROM search_index_idx", [], |r| r.get(0)).unwrap()
}

/// A new database, and one RiskBrief left at version 21, merge the search index's segments
/// sixteen at a time and no level whole before it holds 64: twenty small writes leave twenty more
/// segments (at FTS5's defaults the sixteenth write merges its level: 5 are left), and search
/// still finds each write.
#[test]
fn migration_0022_merges_search_segments_sixteen_at_a_time() {
    let t = TempStore::new();
    let old = t.dir.path().join("v21.db");
    {
        let mut conn = rusqlite::Connection::open(&old).unwrap();
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).unwrap();
        for sql in &riskbrief::db::MIGRATIONS[..21] {
            tx.execute_batch(sql).unwrap();
        }
        tx.pragma_update(None, "user_version", 21).unwrap();
        tx.commit().unwrap();
    }
    for path in [&t.path, &old] {
        let mut store = Store::open(path).unwrap();
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        let conn = raw(path);
        let config = |k: &str| -> i64 {
            conn.query_row("SELECT v FROM search_index_config WHERE k = ?1", [k], |r| r.get(0)).unwrap()
        };
        assert_eq!((config("automerge"), config("crisismerge")), (16, 64), "{}", path.display());
        let before = search_segments(&conn);
        for i in 0..20 {
            let mut c = company(&format!("quillback{i}"), "US");
            c.legal_name = format!("Quillback Number{i} Ltd");
            store.save_company(&c).unwrap();
        }
        assert_eq!(search_segments(&conn), before + 20, "{}: merged early", path.display());
        assert_eq!(store.search("Quillback", 50).unwrap().len(), 20);
        assert_eq!(store.search("Number7", 50).unwrap().len(), 1);
    }
}

/// Each rewritten check accepts and refuses what it did at version 20: every code the model
/// stores (accepted) and near misses of each (refused by both), column by column, each value
/// tried on a real row in a transaction rolled back.
#[test]
fn rewritten_checks_decide_as_before_and_accept_every_stored_code() {
    fn codes<T: Copy>(all: &[T], code: fn(T) -> &'static str) -> Vec<&'static str> {
        all.iter().map(|x| code(*x)).collect()
    }
    let t = TempStore::seeded();
    add_hit_deployment_and_event(&t.raw());
    let old = t.dir.path().join("v20.db");
    at_version_20(&t.path, &old);
    let dates = || vec!["2025", "2025-06", "2025-06-01"];
    let columns: Vec<(&str, &str, Vec<&str>)> = vec![
        ("sources", "kind", codes(SourceKind::ALL, SourceKind::code)),
        ("sources", "reliability", codes(Reliability::ALL, Reliability::code)),
        ("allegations", "category", codes(AllegationCategory::ALL, AllegationCategory::code)),
        ("allegations", "status", codes(AllegationStatus::ALL, AllegationStatus::code)),
        ("allegations", "first_reported", dates()),
        ("allegation_sources", "credibility", codes(Credibility::ALL, Credibility::code)),
        ("responses", "date", dates()),
        ("cloud_offerings", "offering_type", codes(OfferingType::ALL, OfferingType::code)),
        ("cloud_offerings", "data_path", codes(DataPath::ALL, DataPath::code)),
        ("cloud_offerings", "available_since", dates()),
        ("cloud_offerings", "last_verified", dates()),
        ("restrictions", "scope", codes(RestrictionScope::ALL, RestrictionScope::code)),
        ("restrictions", "date", dates()),
        ("designations", "list", codes(OfficialList::ALL, OfficialList::code)),
        ("designations", "status", codes(DesignationStatus::ALL, DesignationStatus::code)),
        ("designations", "since", vec!["2000", "2000-01", "2000-01-01"]),
        ("designations", "until", vec!["2099", "2099-12", "2099-12-31"]),
        ("designations", "as_of", dates()),
        ("relations", "kind", codes(RelationKind::ALL, RelationKind::code)),
        ("relations", "since", vec!["1900", "1900-01", "1900-01-01"]),
        ("relations", "until", vec!["2099", "2099-12", "2099-12-31"]),
        ("deployments", "route", codes(DeploymentRoute::ALL, DeploymentRoute::code)),
        ("deployments", "data_class", codes(DataClass::ALL, DataClass::code)),
        ("deployments", "status", codes(DeploymentStatus::ALL, DeploymentStatus::code)),
        ("deployments", "review_date", dates()),
        ("deployments", "reported_on", dates()),
        ("audit_log", "action", codes(AuditAction::ALL, AuditAction::code)),
        ("audit_log", "table_name", RecordKind::DELETION_ORDER.iter().map(|k| k.table()).collect()),
        ("screening_hits", "status", codes(HitStatus::ALL, HitStatus::code)),
        ("inbox_events", "kind", codes(InboxKind::ALL, InboxKind::code)),
        ("inbox_events", "status", codes(EventStatus::ALL, EventStatus::code)),
    ];
    // What each status needs beside it, so that only the value under test can be refused.
    let beside = |table: &str| match table {
        "screening_hits" => ", reason = 'not this company'",
        "inbox_events" => ", assignee = 'analyst', decided_by = 'analyst', decided_at = 'now'",
        _ => "",
    };
    // Whether each value is accepted, per column, in the database at `path`.
    let decisions = |path: &Path| -> Vec<(String, bool)> {
        let mut conn = raw(path);
        let mut out = vec![];
        for (table, column, good) in &columns {
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).unwrap();
            let rowid: i64 = tx
                .query_row(&format!("SELECT rowid FROM {table} LIMIT 1"), [], |r| r.get(0))
                .unwrap_or_else(|e| panic!("{table} has no row to try: {e}"));
            let set = format!("UPDATE {table} SET {column} = ?1{} WHERE rowid = {rowid}", beside(table));
            let mut values: Vec<String> = vec!["".into(), "bogus".into()];
            for g in good {
                values.extend([g.to_string(), format!("{g}x"), format!("x{g}"), g.to_uppercase(), format!(" {g}")]);
            }
            for value in values {
                let accepted = match tx.execute(&set, [&value]) {
                    Ok(_) => true,
                    Err(rusqlite::Error::SqliteFailure(f, _)) if f.code == rusqlite::ErrorCode::ConstraintViolation => {
                        false
                    }
                    Err(e) => panic!("{table}.{column} = {value:?}: {e}"),
                };
                out.push((format!("{table}.{column} = {value:?}"), accepted));
            }
            tx.rollback().unwrap();
        }
        out
    };
    let before = decisions(&old);
    drop(Store::open(&old).unwrap());
    assert_eq!(decisions(&old), before, "a check decides differently after 0021");
    for (table, column, good) in &columns {
        for g in good {
            let key = format!("{table}.{column} = {g:?}");
            assert!(before.iter().any(|(k, ok)| *k == key && *ok), "{key} refused");
        }
    }
    let refused = before.iter().filter(|(_, ok)| !ok).count();
    assert!(refused > before.len() / 2, "near misses accepted: {before:?}");
    let tried: std::collections::BTreeSet<&str> = columns.iter().map(|c| c.0).collect();
    assert_eq!(tried, REBUILT.into_iter().collect(), "a rebuilt table is untried");
}
