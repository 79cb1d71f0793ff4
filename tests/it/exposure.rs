//! Exposure: the verdict rules' properties, register import (CSV, XLSX from rust_xlsxwriter and
//! from LibreOffice) with vendor resolution and named problems, export round trips, and the
//! CLI's `exposure` commands on a real database.

use crate::common::*;
use riskbrief::app::exposure::{import_deployments, register};
use riskbrief::exposure::sheet::{parse_map, SheetField};
use riskbrief::exposure::{export, judge, Vendor};
use riskbrief::model::*;
use riskbrief::risk::{assess, Band, Verdict};
use std::path::Path;
use uuid::Uuid;

const NOW: &str = "2026-12-01T10:00:00Z";

fn deployment(company: Option<Uuid>, route: DeploymentRoute, data: DataClass, status: DeploymentStatus) -> Deployment {
    Deployment {
        id: id(),
        name: "Support bot".into(),
        owner: Some("Customer Service".into()),
        company_id: company,
        vendor_name: "Vendor".into(),
        product: None,
        route,
        platform: Some("Amazon".into()),
        offering_id: None,
        data,
        status,
        users: None,
        review_date: None,
        notes: None,
        reported_by: None,
        reported_on: None,
        updated_at: ts(UPDATED),
    }
}

/// Every bundled company with its assessment forced to each band, so the rules are checked on
/// real designations and restrictions at every band.
fn vendors() -> Vec<(CompanyData, riskbrief::risk::Assessment)> {
    let mut out = vec![];
    for slug in ["deepseek", "huawei", "kaspersky", "china-mobile", "sensetime", "hytera"] {
        let data = bundled_data(slug);
        let a = assess(&data, as_of());
        for band in Band::ALL {
            out.push((data.clone(), riskbrief::risk::Assessment { band: *band, ..a.clone() }));
        }
    }
    out
}

const LIVE: [DeploymentStatus; 3] = [DeploymentStatus::Planned, DeploymentStatus::Pilot, DeploymentStatus::Production];

#[test]
fn more_sensitive_data_never_improves_a_verdict() {
    for (data, a) in vendors() {
        for route in DeploymentRoute::ALL {
            for status in LIVE {
                let mut last = Verdict::Acceptable;
                for class in DataClass::ALL {
                    let d = deployment(Some(data.company.id), *route, *class, status);
                    let v = judge(&d, Some(Vendor { data: &data, assessment: &a }), as_of()).verdict;
                    assert!(v >= last, "{} {route:?} {class:?}: {v:?} after {last:?}", data.company.slug);
                    last = v;
                }
            }
        }
    }
}

#[test]
fn a_worse_band_never_improves_a_verdict() {
    let all = vendors();
    for chunk in all.chunks(Band::ALL.len()) {
        for route in DeploymentRoute::ALL {
            for class in DataClass::ALL {
                let mut last = Verdict::Acceptable;
                for (data, a) in chunk {
                    let d = deployment(Some(data.company.id), *route, *class, DeploymentStatus::Production);
                    let v = judge(&d, Some(Vendor { data, assessment: a }), as_of()).verdict;
                    assert!(v >= last, "{} {:?} {route:?} {class:?}", data.company.slug, a.band);
                    last = v;
                }
            }
        }
    }
}

#[test]
fn cloud_hosting_is_never_judged_worse_than_the_vendors_own_service() {
    for (data, a) in vendors() {
        let vendor = Some(Vendor { data: &data, assessment: &a });
        for class in DataClass::ALL {
            for status in LIVE {
                let own = judge(
                    &deployment(Some(data.company.id), DeploymentRoute::VendorService, *class, status),
                    vendor,
                    as_of(),
                );
                // Hosted on each platform the vendor is offered on, through each recorded offering, and on none.
                let mut hosted = vec![deployment(Some(data.company.id), DeploymentRoute::CloudHosted, *class, status)];
                for o in &data.cloud_offerings {
                    let mut d = deployment(Some(data.company.id), DeploymentRoute::CloudHosted, *class, status);
                    d.platform = Some(o.platform.clone());
                    d.offering_id = Some(o.id);
                    hosted.push(d);
                    let mut p = deployment(Some(data.company.id), DeploymentRoute::CloudHosted, *class, status);
                    p.platform = Some(o.platform.clone());
                    hosted.push(p);
                }
                for d in hosted {
                    let v = judge(&d, vendor, as_of());
                    assert!(
                        v.verdict <= own.verdict,
                        "{} {:?} {class:?}: hosted {:?} > own {:?}",
                        data.company.slug,
                        a.band,
                        v.verdict,
                        own.verdict
                    );
                }
            }
        }
    }
}

#[test]
fn a_retired_deployment_raises_nothing() {
    for (data, a) in vendors() {
        for route in DeploymentRoute::ALL {
            let d = deployment(Some(data.company.id), *route, DataClass::Regulated, DeploymentStatus::Retired);
            let j = judge(&d, Some(Vendor { data: &data, assessment: &a }), as_of());
            assert_eq!(j.verdict, Verdict::Acceptable);
            assert!(j.controls.is_empty(), "{:?}", j.controls);
        }
    }
    let reg = riskbrief::exposure::register(
        vec![deployment(None, DeploymentRoute::VendorService, DataClass::Regulated, DeploymentStatus::Retired)],
        &Default::default(),
        as_of(),
    );
    assert_eq!(reg.counts, Default::default(), "a retired deployment is not counted");
}

#[test]
fn an_unassessed_vendor_is_flagged_and_never_acceptable() {
    for class in DataClass::ALL {
        let d = deployment(None, DeploymentRoute::SelfHosted, *class, DeploymentStatus::Production);
        let j = judge(&d, None, as_of());
        assert!(j.not_assessed);
        assert_eq!(j.verdict, Verdict::NotRecommended);
        assert!(j.reasons[0].text.contains("not a company in the database"), "{:?}", j.reasons);
        assert!(j.controls[0].starts_with("Assess Vendor"), "{:?}", j.controls);
    }
    // A company with nothing recorded about it is not assessed either, whatever its Low band says.
    let bare = bare_data("GB");
    let a = assess(&bare, as_of());
    assert_eq!(a.band, Band::Low);
    let d = deployment(
        Some(bare.company.id),
        DeploymentRoute::VendorService,
        DataClass::Public,
        DeploymentStatus::Production,
    );
    let j = judge(&d, Some(Vendor { data: &bare, assessment: &a }), as_of());
    assert!(j.not_assessed && j.verdict == Verdict::NotRecommended, "{j:?}");
}

#[test]
fn reasons_trace_to_facts_and_legal_consequences() {
    let data = bundled_data("huawei");
    let a = assess(&data, as_of());
    let d =
        deployment(Some(data.company.id), DeploymentRoute::OnSite, DataClass::Internal, DeploymentStatus::Production);
    let j = judge(&d, Some(Vendor { data: &data, assessment: &a }), as_of());
    let s889 = j.reasons.iter().find(|r| r.text.contains("§889")).expect("the §889 consequence");
    let fact = s889.fact.as_ref().expect("traced");
    assert_eq!(fact.table, RecordKind::Designation);
    assert!(data.designations.iter().any(|x| x.id == fact.id && x.list == OfficialList::Ndaa889));
    assert!(j.verdict >= Verdict::NotRecommended);
    assert!(j.controls.iter().any(|c| c.contains("federal contracts")), "{:?}", j.controls);

    // An outright U.S. ban prohibits, whatever the route.
    let k = bundled_data("kaspersky");
    let ka = assess(&k, as_of());
    for route in DeploymentRoute::ALL {
        let d = deployment(Some(k.company.id), *route, DataClass::Public, DeploymentStatus::Pilot);
        let j = judge(&d, Some(Vendor { data: &k, assessment: &ka }), as_of());
        assert_eq!(j.verdict, Verdict::Prohibited, "{route:?}");
        assert!(j.reasons.iter().any(|r| r.fact.as_ref().is_some_and(|f| f.table == RecordKind::Restriction)));
    }

    // A review date in the past asks for a review.
    let mut d =
        deployment(Some(data.company.id), DeploymentRoute::OnSite, DataClass::Internal, DeploymentStatus::Production);
    d.review_date = Some(pd("2020-01-31"));
    let j = judge(&d, Some(Vendor { data: &data, assessment: &a }), as_of());
    assert!(j.controls.contains(&"Review it now".to_string()), "{:?}", j.controls);
}

fn import(
    t: &mut TempStore,
    name: &str,
    bytes: &[u8],
    map: &[&str],
    dry: bool,
) -> riskbrief::app::exposure::DeploymentImport {
    let map: Vec<(String, SheetField)> = map.iter().map(|m| parse_map(m).unwrap()).collect();
    import_deployments(&mut t.store, name, bytes, &map, dry, ts(NOW)).unwrap()
}

const MESSY: &str = "\
Acme Corp — IT asset register (exported 2026-11-30),,,,,,,,
,,,,,,,,
Use case,Supplier Name,Application,Dept.,Hosting,Cloud provider,Data Classification,Lifecycle,No. of users
Support bot,Deepseek,DeepSeek-R1,Customer Service,Amazon Bedrock,Amazon,PII,Live,\"1,200\"
,,,,,,,,
Dev assistant,深度求索,DeepSeek API,Engineering,SaaS,,Confidential,PoC, 25
Cameras,Hangzhou Hikvison Digital Technology Co Ltd,IP cameras,Facilities,on-prem hardware,,personal,production,64
Routers,Co. Ltd. Huawei Technologies,AR routers,IT,hardware,,internal,production,8
Wiki,Atlassian,Confluence,All staff,SaaS,,internal,production,300
";

#[test]
fn a_messy_register_imports_with_title_rows_synonyms_and_fuzzy_vendors() {
    let mut t = TempStore::seeded();
    let o = import(&mut t, "acme.csv", MESSY.as_bytes(), &[], false);
    assert!(o.problems.is_empty(), "{:?}", o.problems);
    assert_eq!(o.mapping.header_row, 3, "the title rows above the header are skipped");
    assert!(o.written);
    assert_eq!((o.added, o.updated, o.unresolved), (5, 0, 1));
    let slug = |row: u32| o.rows.iter().find(|r| r.row == row).unwrap().vendor.company.as_ref().map(|c| c.slug.clone());
    assert_eq!(slug(4).as_deref(), Some("deepseek"), "case");
    assert_eq!(slug(6).as_deref(), Some("deepseek"), "native script");
    assert_eq!(slug(7).as_deref(), Some("hikvision"), "misspelt, with its legal form");
    assert_eq!(slug(8).as_deref(), Some("huawei"), "legal form moved to the front");
    assert_eq!(slug(9), None, "a vendor not in the database");
    let stored = t.store.deployments().unwrap();
    assert_eq!(stored.len(), 5, "an unresolved vendor's row is still imported");
    let bot = stored.iter().find(|d| d.name == "Support bot").unwrap();
    assert_eq!(
        (bot.route, bot.data, bot.status, bot.users),
        (DeploymentRoute::CloudHosted, DataClass::Personal, DeploymentStatus::Production, Some(1200))
    );
    assert_eq!(bot.offering_id, None, "several DeepSeek-R1 offerings on Amazon: none is chosen for the row");
    let bot_row = register(&t.store, as_of()).unwrap().rows.into_iter().find(|r| r.deployment.id == bot.id).unwrap();
    assert_eq!(
        bot_row.judgement.route,
        Some(riskbrief::risk::RouteKind::ProviderHosted),
        "judged by its platform's offerings"
    );
    let wiki = stored.iter().find(|d| d.name == "Wiki").unwrap();
    assert_eq!((wiki.company_id, wiki.vendor_name.as_str()), (None, "Atlassian"));
    let reg = register(&t.store, as_of()).unwrap();
    assert_eq!(reg.counts.not_assessed, 1);

    // The same sheet again changes nothing: rows are matched by name and vendor.
    let again = import(&mut t, "acme.csv", MESSY.as_bytes(), &[], false);
    assert_eq!((again.added, again.updated, again.unchanged), (0, 0, 5));
    assert_eq!(t.store.deployments().unwrap().len(), 5);
}

#[test]
fn bad_rows_are_named_by_sheet_row_and_column_and_nothing_is_written() {
    let mut t = TempStore::seeded();
    let before = t.store.deployments().unwrap();
    let bad = "Name,Vendor,Route,Data,Status,Users,Review date\n\
               A,DeepSeek,teleport,internal,production,3,2027-01-01\n\
               B,DeepSeek,saas,internal,production,many,2027-01-01\n\
               C,,saas,internal,production,,31/01/2027\n\
               D,DeepSeek,saas,internal,production,,\n";
    let o = import(&mut t, "bad.csv", bad.as_bytes(), &[], false);
    assert!(!o.written);
    let shown: Vec<String> = o.problems.iter().map(|p| p.to_string()).collect();
    assert!(
        shown.iter().any(|p| p.starts_with("sheet CSV, row 2, column C (Route): unknown route \"teleport\"")),
        "{shown:?}"
    );
    assert!(shown.iter().any(|p| p.contains("row 3, column F (Users)") && p.contains("\"many\"")), "{shown:?}");
    assert!(shown.iter().any(|p| p.contains("row 4, column B (Vendor): vendor is empty")), "{shown:?}");
    assert!(shown.iter().any(|p| p.contains("row 4, column G (Review date)") && p.contains("31/01/2027")), "{shown:?}");
    assert_eq!(t.store.deployments().unwrap(), before, "a good row is not written beside bad ones");
    let err = riskbrief::app::exposure::refuse_problems(&o).unwrap_err();
    assert!(err.to_string().contains("nothing was imported"), "{err}");
}

#[test]
fn a_column_the_importer_does_not_know_is_mapped_by_the_user() {
    let mut t = TempStore::seeded();
    let sheet = "System,Brand,Route,Data,Status\nBot,DeepSeek,saas,internal,pilot\n";
    // No column is the vendor: the mapping comes back with the problem, so that the user can map
    // one (the app's mapping step, the CLI's --map), and no row is read.
    let o = import_deployments(&mut t.store, "x.csv", sheet.as_bytes(), &[], false, ts(NOW)).unwrap();
    assert!(!o.written && o.rows.is_empty());
    assert_eq!(o.problems.len(), 1, "{:?}", o.problems);
    assert!(
        o.problems[0].problem.starts_with("no column holds the vendor: map the one that does to \"vendor\""),
        "{:?}",
        o.problems
    );
    assert_eq!(o.mapping.columns[1].by, riskbrief::exposure::sheet::MappedBy::Unknown);
    // Two columns that are both surely the vendor: a problem naming both, until one is mapped away.
    let two = "Name,Vendor,Supplier,Route,Data,Status\nBot,DeepSeek,Acme,saas,internal,pilot\n";
    let o = import(&mut t, "two.csv", two.as_bytes(), &[], true);
    assert!(
        o.problems.iter().any(|p| p.column == "B (Vendor)" && p.problem.contains("like column C (Supplier)")),
        "{:?}",
        o.problems
    );
    let o = import(&mut t, "two.csv", two.as_bytes(), &["Supplier=ignore"], true);
    assert!(o.problems.is_empty(), "{:?}", o.problems);
    let o = import(&mut t, "x.csv", sheet.as_bytes(), &["Brand=vendor"], true);
    assert!(o.problems.is_empty() && !o.written, "{:?}", o.problems);
    assert_eq!(o.rows[0].vendor.company.as_ref().unwrap().slug, "deepseek");
    assert!(t.store.deployments().unwrap().is_empty(), "a dry run writes nothing");
    let e = import_deployments(
        &mut t.store,
        "x.csv",
        sheet.as_bytes(),
        &[parse_map("Nope=vendor").unwrap()],
        true,
        ts(NOW),
    )
    .unwrap_err();
    assert!(e.to_string().contains("no column is headed \"Nope\""), "{e}");
    assert!(parse_map("Supplier=nonsense").is_err());
}

fn sample_register(t: &mut TempStore) {
    let (file, bytes) = riskbrief::dataset::SAMPLE_REGISTER;
    let o = import(t, file, bytes, &[], false);
    assert!(o.problems.is_empty(), "{:?}", o.problems);
    // The sheet's "Cloud offering" names the offering by its service.
    let bot = o.rows.iter().find(|r| r.deployment.name == "Customer support assistant").unwrap();
    let bedrock = t
        .data("deepseek")
        .cloud_offerings
        .into_iter()
        .find(|x| x.service.starts_with("Amazon Bedrock (serverless"))
        .unwrap();
    assert_eq!(bot.deployment.offering_id, Some(bedrock.id));
}

#[test]
fn the_exported_workbook_and_csv_reimport_without_loss() {
    let mut t = TempStore::seeded();
    sample_register(&mut t);
    let mut hostile = deployment(None, DeploymentRoute::Other, DataClass::Internal, DeploymentStatus::Planned);
    hostile.name = "=HYPERLINK(\"http://evil\",\"x\")".into();
    hostile.vendor_name = "+cmd|' /C calc'!A0".into();
    let mut blank = deployment(None, DeploymentRoute::Other, DataClass::Internal, DeploymentStatus::Planned);
    blank.vendor_name = "[:*?/]".into(); // a vendor whose name is all characters a sheet name may not hold
    t.store.save_deployments(&[blank]).unwrap();
    hostile.notes = Some("@SUM(1)\nsecond line".into());
    hostile.review_date = Some(pd("2027-03"));
    t.store.save_deployments(&[hostile.clone()]).unwrap();
    let reg = register(&t.store, as_of()).unwrap();
    let stored = t.store.deployments().unwrap();

    let xlsx = export::to_xlsx(&reg).unwrap();
    let csv = export::to_csv(&reg);
    // The register first (what an import reads), the summary, then a sheet per vendor.
    {
        use calamine::Reader;
        let book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(xlsx.clone())).unwrap();
        let names = book.sheet_names();
        assert_eq!(&names[..2], ["Register", "By vendor"]);
        for vendor in ["DeepSeek", "Hikvision", "Atlassian"] {
            assert!(names.iter().any(|n| n == vendor), "{vendor}: {names:?}");
        }
        assert!(names.iter().any(|n| n.starts_with("Vendor ")), "a name of forbidden characters only: {names:?}");
        assert!(
            names.iter().all(|n| n.chars().count() <= 31 && !n.contains(['[', ']', ':', '*', '?', '/', '\\'])),
            "{names:?}"
        );
    }
    assert!(String::from_utf8_lossy(&csv).contains("'=HYPERLINK"), "a CSV cell that would be a formula is prefixed");
    // No formula anywhere in the workbook: every value is a string or a number.
    let mut zip = zip_sheet(&xlsx);
    assert!(!zip.contains("<f>") && !zip.contains("<f "), "the workbook holds a formula");
    zip.clear();

    for (name, bytes) in [("register.xlsx", xlsx), ("register.csv", csv)] {
        // Into the same database: every row unchanged.
        let o = import(&mut t, name, &bytes, &[], true);
        assert!(o.problems.is_empty(), "{name}: {:?}", o.problems);
        assert_eq!(o.unchanged as usize, stored.len(), "{name}");
        // Into a fresh database: the same deployments (ids, fields, links), stamped anew.
        let mut fresh = TempStore::seeded();
        let o = import(&mut fresh, name, &bytes, &[], false);
        assert!(o.problems.is_empty(), "{name}: {:?}", o.problems);
        let mut again = fresh.store.deployments().unwrap();
        let mut want = stored.clone();
        for d in again.iter_mut().chain(want.iter_mut()) {
            d.updated_at = ts(UPDATED);
        }
        assert_eq!(again, want, "{name}");
    }
}

fn zip_sheet(xlsx: &[u8]) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    let mut xml = String::new();
    zip.by_name("xl/worksheets/sheet1.xml").unwrap().read_to_string(&mut xml).unwrap();
    xml
}

#[test]
fn a_workbook_saved_by_libreoffice_imports_with_dates_as_serials() {
    // tests/fixtures/libreoffice-register.xlsx: MESSY's layout saved by LibreOffice Calc
    // (`soffice --headless --convert-to xlsx`), with review dates as real date cells.
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/libreoffice-register.xlsx");
    let bytes = std::fs::read(&path).unwrap();
    let mut t = TempStore::seeded();
    let o = import(&mut t, "libreoffice-register.xlsx", &bytes, &[], false);
    assert!(o.problems.is_empty(), "{:?}", o.problems);
    assert!(o.written);
    let stored = t.store.deployments().unwrap();
    let bot = stored.iter().find(|d| d.name == "Support bot").expect("the support bot row");
    assert_eq!(bot.review_date, Some(pd("2027-03-31")), "a date cell");
    assert_eq!(bot.users, Some(1200));
    assert_eq!(bot.company_id, Some(t.data("deepseek").company.id));
}

#[test]
fn deleting_a_company_keeps_its_deployments_unlinked_and_audited() {
    let mut t = TempStore::seeded();
    sample_register(&mut t);
    let dahua = t.data("dahua").company.id;
    let of = t.store.deployments_of(dahua).unwrap();
    assert_eq!(of.len(), 1);
    t.store.delete_company(dahua).unwrap();
    let d = t.store.deployments().unwrap().into_iter().find(|d| d.id == of[0].id).expect("kept");
    assert_eq!(d.company_id, None);
    assert_eq!(d.vendor_name, "Dahua Technology");
    let trail: i64 = t
        .raw()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE table_name = 'deployments' AND record_id = ?1 AND action = 'update'",
            [d.id.to_string()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(trail, 1);
    let j = register(&t.store, as_of()).unwrap().rows.into_iter().find(|r| r.deployment.id == d.id).unwrap().judgement;
    assert!(j.not_assessed);
}

#[test]
fn deployments_are_searchable() {
    let mut t = TempStore::seeded();
    sample_register(&mut t);
    let hits = t.store.search("warehouse", 10).unwrap();
    assert!(hits.iter().any(|h| h.kind == SearchKind::Deployment && h.title == "Warehouse CCTV"), "{hits:?}");
}

#[test]
fn the_cli_imports_lists_exports_and_briefs_the_register() {
    let dir = tempfile::tempdir().unwrap();
    let db = cli_db(dir.path(), "x.db", true);
    let sheet = dir.path().join("acme.csv");
    std::fs::write(&sheet, MESSY).unwrap();
    // An empty database: every vendor unresolved, still imported.
    let out = ok(cli(dir.path(), &db, &["exposure", "import", sheet.to_str().unwrap(), "--dry-run"]));
    assert!(out.contains("would import: 5 new") && out.contains("dry run"), "{out}");

    // The seeded database carries the sample register.
    let db = cli_db(dir.path(), "seeded.db", false);
    let out = ok(cli(dir.path(), &db, &["exposure", "list", "--as-of", "2026-12-02"]));
    assert!(out.contains("Exposure as of 2026-12-02: 20 deployments"), "{out}");
    assert!(out.contains("Finance laptops antivirus — Prohibited"), "{out}");
    let out = ok(cli(dir.path(), &db, &["exposure", "list", "--vendor", "hikvision", "--json"]));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["rows"].as_array().unwrap().len(), 2);

    let xlsx = dir.path().join("register.xlsx");
    ok(cli(dir.path(), &db, &["exposure", "export", "-o", xlsx.to_str().unwrap()]));
    let (_, err) = exits(cli(dir.path(), &db, &["exposure", "export", "-o", xlsx.to_str().unwrap()]), 5);
    assert!(err.contains("already exists"), "{err}");
    let out = ok(cli(dir.path(), &db, &["exposure", "import", xlsx.to_str().unwrap()]));
    assert!(out.contains("0 new, 0 updated, 20 unchanged"), "{out}");

    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "Name,Vendor,Route,Data,Status\nA,DeepSeek,teleport,internal,pilot\n").unwrap();
    let o = cli(dir.path(), &db, &["exposure", "import", bad.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("row 2, column C (Route)") && stderr(&o).contains("nothing was imported"),
        "{}",
        stderr(&o)
    );

    let pdf = dir.path().join("exposure.pdf");
    ok(cli(dir.path(), &db, &["exposure", "brief", "-o", pdf.to_str().unwrap(), "--as-of", "2026-12-02"]));
    let q = std::process::Command::new("qpdf").arg("--check").arg(&pdf).output().expect("qpdf");
    assert!(q.status.success(), "{}", String::from_utf8_lossy(&q.stdout));
    let text = std::process::Command::new("pdftotext").arg("-layout").arg(&pdf).arg("-").output().expect("pdftotext");
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("Bottom line up front") && text.contains("18 deployments in use or planned"), "{text}");
    assert!(text.contains("The three most urgent actions"), "{text}");
    assert!(text.contains("Stop using it now and take legal advice"), "{text}");
    assert!(text.contains("Verdicts by route") && text.contains("Sources"), "{text}");
    let out = ok(cli(dir.path(), &db, &["verify", pdf.to_str().unwrap()]));
    assert!(out.to_lowercase().contains("unaltered"), "{out}");
    // The same register and date give the same bytes.
    let again = dir.path().join("again.pdf");
    ok(cli(dir.path(), &db, &["exposure", "brief", "-o", again.to_str().unwrap(), "--as-of", "2026-12-02"]));
    assert!(std::fs::read(&pdf).unwrap() == std::fs::read(&again).unwrap(), "the exposure brief is not deterministic");
}

#[test]
fn a_whole_database_bundle_carries_the_register_and_a_company_bundle_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let a = cli_db(home, "a.db", false);
    ok(cli(home, &a, &["export", "-o", "all.json"]));
    ok(cli(home, &a, &["export", "--company", "deepseek", "-o", "deepseek.json"]));
    let company: serde_json::Value =
        serde_json::from_slice(&std::fs::read(home.join("deepseek.json")).unwrap()).unwrap();
    assert!(company["content"].get("deployments").is_none(), "the register stays out of a company's bundle");

    let b = cli_db(home, "b.db", true);
    let out = ok(cli(home, &b, &["import", "all.json"]));
    assert!(out.starts_with("Imported:"), "{out}");
    let (sa, sb) = (riskbrief::Store::open(&a).unwrap(), riskbrief::Store::open(&b).unwrap());
    assert_eq!(sa.deployments().unwrap().len(), 20);
    assert_eq!(sb.deployments().unwrap(), sa.deployments().unwrap());
    // A deployment changed on one laptop travels to the other; the newer side wins.
    let out = ok(cli(home, &b, &["import", "all.json"]));
    assert!(out.contains(" 0 added, 0 updated"), "{out}");
}

#[test]
fn the_company_brief_gains_our_exposure_when_deployments_exist() {
    let dir = tempfile::tempdir().unwrap();
    let db = cli_db(dir.path(), "x.db", false);
    let pdf = dir.path().join("hik.pdf");
    ok(cli(dir.path(), &db, &["brief", "hikvision", "-o", pdf.to_str().unwrap(), "--as-of", "2026-12-02"]));
    let text = std::process::Command::new("pdftotext").arg("-layout").arg(&pdf).arg("-").output().expect("pdftotext");
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("Our exposure"), "{text}");
    assert!(text.contains("Warehouse CCTV") && text.contains("Old call-centre"), "{text}");
    // A company with no deployment has no such section.
    let mut t = TempStore::seeded();
    let data = t.data("zte");
    let a = assess(&data, as_of());
    let options = riskbrief::brief::BriefOptions {
        marking: "X".into(),
        generated: as_of(),
        previous: None,
        exposure: riskbrief::app::exposure::company_exposure(&t.store, &data, as_of()).unwrap(),
    };
    assert!(options.exposure.is_empty());
    let b = riskbrief::brief::build(&data, &a, &options, as_of());
    assert!(!b.sections.iter().any(|s| s.title == "Our exposure"));
    sample_register(&mut t);
    let options = riskbrief::brief::BriefOptions {
        exposure: riskbrief::app::exposure::company_exposure(&t.store, &data, as_of()).unwrap(),
        ..options
    };
    let b2 = riskbrief::brief::build(&data, &a, &options, as_of());
    assert!(b2.sections.iter().any(|s| s.title == "Our exposure"));
    assert_ne!(b.id, b2.id, "the section changes the brief, so its id");
}

/// The refusal an import of these bytes gives, with the register left as it was.
#[track_caller]
fn refused(t: &mut TempStore, name: &str, bytes: &[u8]) -> riskbrief::Error {
    let before = t.store.deployments().unwrap();
    let e = import_deployments(&mut t.store, name, bytes, &[], false, ts(NOW)).unwrap_err();
    assert_eq!(t.store.deployments().unwrap(), before, "{name}: the register changed");
    assert!(e.to_string().contains(name), "{name}: the message names the file: {e}");
    e
}

#[test]
fn hostile_and_broken_files_are_refused_by_name_and_nothing_changes() {
    let mut t = TempStore::seeded();
    sample_register(&mut t);
    let kind = |e: &riskbrief::Error| match e {
        riskbrief::Error::Refused { kind, .. } => Some(*kind),
        _ => None,
    };
    use riskbrief::Refusal;
    // Empty, blank, a header without rows.
    assert_eq!(kind(&refused(&mut t, "empty.csv", b"")), Some(Refusal::NoEntries));
    assert_eq!(kind(&refused(&mut t, "blank.csv", b"\n\n , ,\n")), Some(Refusal::NoEntries));
    assert_eq!(kind(&refused(&mut t, "header.csv", b"Name,Vendor,Route,Data,Status\n")), Some(Refusal::NoEntries));
    // Other encodings and formats.
    assert_eq!(kind(&refused(&mut t, "utf16.csv", b"\xFF\xFEN\0a\0m\0e\0")), Some(Refusal::Encoding));
    assert_eq!(kind(&refused(&mut t, "latin1.csv", b"Name,Vendor\nCaf\xE9,X\n")), Some(Refusal::Encoding));
    assert_eq!(kind(&refused(&mut t, "old.xls", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest")), Some(Refusal::WrongFormat));
    let garbage: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
    assert!(kind(&refused(&mut t, "garbage.bin", &garbage)).is_some());
    // A workbook cut short, at several lengths.
    let reg = register(&t.store, as_of()).unwrap();
    let xlsx = export::to_xlsx(&reg).unwrap();
    for cut in [4, 100, xlsx.len() / 2, xlsx.len() - 10] {
        let e = refused(&mut t, "cut.xlsx", &xlsx[..cut]);
        assert!(kind(&e).is_some(), "cut at {cut}: {e}");
    }
    // A "zip bomb": a few bytes that declare more than a gibibyte.
    let bomb = zip_bomb();
    assert!(bomb.len() < 200);
    let e = refused(&mut t, "bomb.xlsx", &bomb);
    assert!(e.to_string().contains("unpacks to more than"), "{e}");
    // More rows than a register may hold.
    let mut huge = String::from("Name,Vendor,Route,Data,Status\n");
    for i in 0..=riskbrief::exposure::sheet::MAX_ROWS {
        huge.push_str(&format!("n{i},v,saas,public,pilot\n"));
    }
    let e = refused(&mut t, "huge.csv", huge.as_bytes());
    assert!(e.to_string().contains("more than"), "{e}");
    // Hostile text is kept as text: a formula, control characters, right-to-left override.
    let hostile = "Name,Vendor,Route,Data,Status,Notes\n\"=1+1\",\"@evil\u{202E}\",saas,public,pilot,\"a\u{7}b\"\n";
    let o = import(&mut t, "hostile.csv", hostile.as_bytes(), &[], false);
    assert!(o.written, "{:?}", o.problems);
    let d = t.store.deployments().unwrap().into_iter().find(|d| d.name == "=1+1").expect("stored as text");
    assert_eq!(d.vendor_name, "@evil\u{202E}");
}

/// An XLSX-looking zip whose one member, a few bytes of deflate, declares 1.5 GiB unpacked (in
/// its local header and the central directory): what a "zip bomb" says of itself.
fn zip_bomb() -> Vec<u8> {
    let name = b"xl/worksheets/sheet1.xml";
    let data = [0x03u8, 0x00]; // an empty final deflate block
    let size = 0x6000_0000u32.to_le_bytes();
    let compressed = (data.len() as u32).to_le_bytes();
    let name_len = (name.len() as u16).to_le_bytes();
    let mut z = vec![];
    // Local file header: signature, version 20, flags 0, deflate, time and date, CRC, sizes, name.
    z.extend(0x0403_4b50u32.to_le_bytes());
    z.extend([20, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    z.extend(compressed);
    z.extend(size);
    z.extend(name_len);
    z.extend([0, 0]);
    z.extend(name);
    z.extend(data);
    // Central directory entry.
    let cd_at = (z.len() as u32).to_le_bytes();
    let start = z.len();
    z.extend(0x0201_4b50u32.to_le_bytes());
    z.extend([20, 0, 20, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    z.extend(compressed);
    z.extend(size);
    z.extend(name_len);
    z.extend([0u8; 12]); // extra and comment lengths, disk, internal and external attributes
    z.extend(0u32.to_le_bytes()); // offset of the local header
    z.extend(name);
    let cd_len = ((z.len() - start) as u32).to_le_bytes();
    // End of central directory.
    z.extend(0x0605_4b50u32.to_le_bytes());
    z.extend([0, 0, 0, 0, 1, 0, 1, 0]);
    z.extend(cd_len);
    z.extend(cd_at);
    z.extend([0, 0]);
    z
}

#[test]
fn a_closed_pipe_ends_exposure_list_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let db = cli_db(dir.path(), "x.db", false);
    let mut c = riskbrief(dir.path());
    c.arg("--db").arg(&db).args(["exposure", "list"]).stdout(std::process::Stdio::piped());
    let mut child = c.spawn().unwrap();
    drop(child.stdout.take()); // the reader goes away at once, as `| head -0` would
    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?}");
}

#[test]
fn dates_as_excel_serial_numbers_and_numbers_as_text_are_read() {
    // A workbook whose review dates are bare serial numbers (no date format) and whose user
    // counts are text, as sheets pasted from other systems often are.
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    for (c, h) in ["System", "Vendor", "Hosting", "Data", "Status", "Seats", "Contract end"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let row = ["Cameras", "Dahua", "hardware", "personal", "live"];
    for (c, v) in row.iter().enumerate() {
        ws.write_string(1, c as u16, *v).unwrap();
    }
    ws.write_string(1, 5, "1,024").unwrap();
    ws.write_number(1, 6, 46477.0).unwrap(); // 31 Mar 2027
    let bytes = book.save_to_buffer().unwrap();
    let mut t = TempStore::seeded();
    let o = import(&mut t, "serials.xlsx", &bytes, &[], false);
    assert!(o.problems.is_empty(), "{:?}", o.problems);
    let d = &t.store.deployments().unwrap()[0];
    assert_eq!(d.review_date, Some(pd("2027-03-31")));
    assert_eq!(d.users, Some(1024));
    assert_eq!(d.route, DeploymentRoute::OnSite);
}
