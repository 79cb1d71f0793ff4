//! PDF and HTML briefs, checked as readers see them: qpdf, pdftotext, pdfinfo.

use crate::common::ts;
use chrono::NaiveDate;
use riskbrief::brief::{self, fonts::FontSet, BriefOptions, PortfolioLine};
use riskbrief::model::*;
use riskbrief::{dataset, risk, Store};
use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
}

fn options() -> BriefOptions {
    BriefOptions { marking: brief::DEFAULT_MARKING.into(), generated: as_of(), previous: None, exposure: vec![] }
}

/// The fonts an edge would load: the bundled family plus the system CJK font the test
/// script installs (fonts-noto-cjk).
fn fonts() -> &'static FontSet {
    static F: OnceLock<FontSet> = OnceLock::new();
    F.get_or_init(|| {
        let (path, index) = brief::fonts::SYSTEM_CJK_CANDIDATES[0];
        let bytes =
            std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e} (scripts/test.sh installs fonts-noto-cjk)"));
        FontSet::new(Some((Box::leak(bytes.into_boxed_slice()), index, path.into()))).unwrap()
    })
}

fn bundled_only_fonts() -> &'static FontSet {
    static F: OnceLock<FontSet> = OnceLock::new();
    F.get_or_init(|| FontSet::new(None).unwrap())
}

fn seeded() -> Store {
    let mut s = Store::open_in_memory().unwrap();
    s.import_dataset(&dataset::bundled().unwrap()).unwrap();
    s
}

fn company(store: &Store, slug: &str) -> CompanyData {
    store.company_data(store.find_company(slug).unwrap().id).unwrap()
}

fn render(data: &CompanyData, fonts: &FontSet) -> (brief::Brief, Vec<u8>, Vec<String>) {
    let a = risk::assess(data, as_of());
    let b = brief::build(data, &a, &options(), as_of());
    let r = brief::pdf::render(&b, fonts);
    (b, r.bytes, r.warnings)
}

fn write_tmp(bytes: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("brief.pdf");
    std::fs::write(&p, bytes).unwrap();
    (dir, p)
}

fn tool(cmd: &str, args: &[&str], file: &Path) -> String {
    let out = Command::new(cmd).args(args).arg(file).output().unwrap_or_else(|e| panic!("{cmd}: {e}"));
    assert!(out.status.success(), "{cmd} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// pdftotext's output with whitespace and hyphens removed, so text wrapped across lines still
/// reads as one string (pdftotext joins "non-" + "restricted" as "nonrestricted"). Compare with `has`, which squeezes the needle the same way.
fn text_of(pdf: &Path) -> String {
    let out = Command::new("pdftotext").arg(pdf).arg("-").output().expect("pdftotext (poppler-utils)");
    assert!(out.status.success());
    squeeze(&String::from_utf8(out.stdout).unwrap())
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace() && *c != '-').collect()
}

trait Has {
    fn has(&self, needle: &str) -> bool;
}

impl Has for String {
    fn has(&self, needle: &str) -> bool {
        self.contains(&squeeze(needle))
    }
}

fn qpdf_check(pdf: &Path) {
    let out = Command::new("qpdf").arg("--check").arg(pdf).output().expect("qpdf");
    assert!(out.status.success(), "qpdf --check: {}", String::from_utf8_lossy(&out.stdout));
}

fn pages(pdf: &Path) -> usize {
    tool("pdfinfo", &[], pdf).lines().find_map(|l| l.strip_prefix("Pages:").map(|n| n.trim().parse().unwrap())).unwrap()
}

#[test]
fn deepseek_brief_says_everything_the_data_says() {
    let store = seeded();
    let data = company(&store, "deepseek");
    let (b, bytes, warnings) = render(&data, fonts());
    assert!(warnings.is_empty(), "{warnings:?}");
    let (_d, pdf) = write_tmp(&bytes);
    qpdf_check(&pdf);
    let text = text_of(&pdf);

    for a in &data.allegations {
        assert!(text.has(&a.summary), "allegation summary missing: {}", a.summary);
        if let Some(by) = &a.attribution {
            assert!(text.has(&format!("Alleged by: {by}")), "who alleges it: {}", a.summary);
        }
        assert!(text.has(&format!("Status: {}", a.status.label().to_uppercase())), "status of {}", a.summary);
    }
    for s in &data.sources {
        assert!(text.has(&s.publisher), "publisher missing: {}", s.publisher);
    }
    assert!(text.has("DeepSeek only bought H800 chips legally"), "Nvidia's response");
    assert!(text.has("Response — Nvidia"));
    assert!(text.has("杭州深度求索人工智能基础技术研究有限公司"), "native-script name must extract");
    assert!(text.has("Not listed"));
    for p in ["Amazon", "Microsoft", "Google"] {
        assert!(text.has(p), "platform {p}");
    }
    assert!(text.has("graded B3"), "Admiralty grades shown");
    assert!(
        !text.has("ENTITIES-IDENTIFIED-AS-CHINESE-MILITARY"),
        "a long citation address printed whole in the list table"
    );
    assert!(text.has("media.defense.gov/…"), "the long citation's site, linked");
    assert!(text.has(brief::DEFAULT_MARKING));
    assert!(text.has(&b.id));
    // Alleged never reads as confirmed.
    assert!(!text.has("Status: CONFIRMED"));
    let n = pages(&pdf);
    assert!((3..=9).contains(&n), "{n} pages");
    assert!(text.has(&format!("Page 1 of {n}")) && text.has(&format!("Page {n} of {n}")));
}

#[test]
fn same_input_gives_byte_identical_pdf() {
    let store = seeded();
    let data = company(&store, "deepseek");
    let (_, first, _) = render(&data, fonts());
    let (_, second, _) = render(&data, fonts());
    assert!(first == second, "two renders differ");
    // A different as-of date is a different document.
    let a = risk::assess(&data, as_of());
    let other = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let b = brief::build(&data, &a, &options(), other);
    assert_ne!(brief::pdf::render(&b, fonts()).bytes, first);
}

#[test]
fn metadata_outline_and_links() {
    let store = seeded();
    let data = company(&store, "deepseek");
    let (b, bytes, _) = render(&data, fonts());
    let (_d, pdf) = write_tmp(&bytes);
    let info = tool("pdfinfo", &[], &pdf);
    assert!(info.contains("Title:           Vendor risk brief: DeepSeek"), "{info}");
    assert!(info.contains("Author:          RiskBrief"));
    assert!(info.contains("CreationDate:    Sat Nov 28 00:00:00 2026"), "{info}");

    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let info_dict =
        doc.trailer.get(b"Info").and_then(|o| o.as_reference()).and_then(|r| doc.get_dictionary(r)).unwrap();
    let id = info_dict.get(b"RiskBriefId").unwrap().as_str().unwrap();
    assert_eq!(id, b.id.as_bytes());
    let fp = info_dict.get(b"RiskBriefDataFingerprint").unwrap().as_str().unwrap();
    assert_eq!(fp, b.data_fingerprint.as_bytes());

    // Nested outline: sections at the top, allegations under "Allegations".
    let json = tool("qpdf", &["--json=2", "--json-key=outlines"], &pdf);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let outlines = v["outlines"].as_array().unwrap();
    let titles: Vec<&str> = outlines.iter().map(|o| o["title"].as_str().unwrap()).collect();
    assert_eq!(titles[0], "Bottom line up front");
    assert!(titles.contains(&"Sources") && titles.contains(&"Score breakdown"), "{titles:?}");
    let alleg = outlines.iter().find(|o| o["title"] == "Allegations").unwrap();
    assert_eq!(alleg["kids"].as_array().unwrap().len(), data.allegations.len());

    // Every source URL is a clickable link, and links have no visible border.
    let mut uris = Vec::new();
    let deref = |o: &lopdf::Object| -> lopdf::Object {
        match o {
            lopdf::Object::Reference(r) => doc.get_object(*r).unwrap().clone(),
            other => other.clone(),
        }
    };
    for (_, page_id) in doc.get_pages() {
        let page = doc.get_dictionary(page_id).unwrap();
        let annots = deref(page.get(b"Annots").unwrap());
        for a in annots.as_array().unwrap() {
            let a = deref(a);
            let d = a.as_dict().unwrap();
            let action = deref(d.get(b"A").unwrap());
            let uri = action.as_dict().unwrap().get(b"URI").unwrap().as_str().unwrap().to_vec();
            uris.push(String::from_utf8(uri).unwrap());
            let border = d.get(b"Border").unwrap().as_array().unwrap();
            assert!(border.iter().all(|x| x.as_float().unwrap_or(0.0) == 0.0), "visible link border");
        }
    }
    for s in data.sources.iter().filter_map(|s| s.url.as_ref()) {
        assert!(uris.contains(s), "no link to {s}");
    }
}

#[test]
fn a_company_with_no_data_gets_an_honest_brief() {
    let mut store = Store::open_in_memory().unwrap();
    let c = Company {
        id: uuid::Uuid::now_v7(),
        slug: "newco".into(),
        legal_name: "NewCo Ltd".into(),
        native_name: None,
        aliases: vec![],
        country: "GB".into(),
        headquarters: None,
        owner: None,
        sector: None,
        website: None,
        description: None,
        products: vec![],
        source_ids: vec![],
        updated_at: ts("2026-11-28T00:00:00Z"),
    };
    store.save_company(&c).unwrap();
    let data = store.company_data(c.id).unwrap();
    let (_, bytes, _) = render(&data, fonts());
    let (_d, pdf) = write_tmp(&bytes);
    qpdf_check(&pdf);
    let text = text_of(&pdf);
    for needle in [
        "No allegations recorded.",
        "No official-list status recorded",
        "No government restrictions recorded.",
        "No cloud-platform offerings recorded.",
        "No sources recorded.",
        "LOW RISK",
    ] {
        assert!(text.has(needle), "missing {needle:?}");
    }
}

#[test]
fn without_a_cjk_font_the_brief_says_what_it_could_not_draw() {
    let store = seeded();
    // The bundled subset covers the sample's names...
    let (_, bytes, warnings) = render(&company(&store, "deepseek"), bundled_only_fonts());
    assert!(warnings.is_empty(), "{warnings:?}");
    let (_d, pdf) = write_tmp(&bytes);
    assert!(text_of(&pdf).has("杭州深度求索人工智能基础技术研究有限公司"));

    // ...but not any other CJK text.
    let mut data = company(&store, "deepseek");
    data.company.native_name = Some("北京龙猫科技".into());
    let (_, bytes, warnings) = render(&data, bundled_only_fonts());
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("could not be drawn"));
    let (_d, pdf) = write_tmp(&bytes);
    assert!(text_of(&pdf).has("Font notice:"));
    // With the system font the same data renders without a notice.
    let (_, _, warnings) = render(&data, fonts());
    assert!(warnings.is_empty());
}

#[test]
fn portfolio_brief_lists_every_company_riskiest_first() {
    let store = seeded();
    let datas = store.all_company_data().unwrap();
    let assessments: Vec<_> = datas.iter().map(|d| risk::assess(d, as_of())).collect();
    let lines: Vec<PortfolioLine> = datas.iter().zip(&assessments).map(|(d, a)| PortfolioLine::new(d, a)).collect();
    let b = brief::build_portfolio(&lines, brief::fingerprint_each(&datas), &options(), as_of());
    let bytes = brief::pdf::render(&b, fonts()).bytes;
    let (_d, pdf) = write_tmp(&bytes);
    qpdf_check(&pdf);
    let text = text_of(&pdf);
    let mut positions = Vec::new();
    for (d, a) in datas.iter().zip(&assessments) {
        let pos = text.find(&squeeze(&d.company.slug)).unwrap_or_else(|| panic!("{} missing", d.company.slug));
        positions.push((a.band, a.score, pos));
    }
    // Sorted by band then score, descending: a riskier company never appears after a less risky one.
    for x in &positions {
        for y in &positions {
            if (x.0, x.1) > (y.0, y.1) {
                assert!(x.2 < y.2, "order wrong: {x:?} after {y:?}");
            }
        }
    }
}

/// The facts projection is written straight from each record (no JSON tree), and must print the
/// same bytes as the projection through the tree it is defined by: for every company of the
/// bundled dataset, with its sources, screenings and ownership.
#[test]
fn the_facts_projection_written_directly_is_the_one_through_the_tree() {
    let store = seeded();
    let all = store.all_company_data().unwrap();
    assert!(all.len() >= 5);
    for data in &all {
        let tree = brief::facts(serde_json::to_value(data).unwrap());
        let expected = serde_json::to_vec(&tree).unwrap();
        assert_eq!(
            String::from_utf8(brief::facts_json(data)).unwrap(),
            String::from_utf8(expected).unwrap(),
            "{}",
            data.company.slug
        );
    }
    // The sample's records carry `updated_at`, which the projection leaves out.
    assert!(serde_json::to_string(&all[0]).unwrap().contains("updated_at"));
    assert!(!String::from_utf8(brief::facts_json(&all[0])).unwrap().contains("updated_at"));
}

/// A portfolio larger than the table lists its riskiest companies and counts the rest by
/// country and band in an appendix; its fingerprint is the one computed over the whole list.
#[test]
fn a_large_portfolio_brief_is_a_table_of_the_riskiest_and_an_appendix() {
    let store = seeded();
    let base = store.all_company_data().unwrap();
    let datas: Vec<CompanyData> = (0..brief::TABLE_MAX + 37)
        .map(|i| {
            let mut d = base[i % base.len()].clone();
            d.company.id = uuid::Uuid::from_u128(i as u128 + 1);
            d.company.slug = format!("{}-{i}", d.company.slug);
            d
        })
        .collect();
    assert_eq!(brief::fingerprint_each(&datas), brief::fingerprint(&datas.iter().collect::<Vec<_>>()));
    let assessments: Vec<_> = datas.iter().map(|d| risk::assess(d, as_of())).collect();
    let lines: Vec<PortfolioLine> = datas.iter().zip(&assessments).map(|(d, a)| PortfolioLine::new(d, a)).collect();
    let b = brief::build_portfolio(&lines, brief::fingerprint_each(&datas), &options(), as_of());
    let tables: Vec<&brief::Table> = b
        .sections
        .iter()
        .flat_map(|s| &s.blocks)
        .filter_map(|bl| if let brief::Block::Table(t) = bl { Some(t) } else { None })
        .collect();
    assert_eq!(tables[0].rows.len(), brief::TABLE_MAX);
    let appendix = b.sections.iter().find(|s| s.title.starts_with("Appendix")).expect("an appendix");
    assert_eq!(appendix.title, "Appendix: the other 37 companies");
    let counted: usize = tables[1].rows.iter().map(|r| r.last().unwrap()[0].text.parse::<usize>().unwrap()).sum();
    assert_eq!(counted, 37);
    // The least risky companies are the ones left out of the table: the appendix counts their bands.
    let mut keys: Vec<(risk::Band, u32)> = assessments.iter().map(|a| (a.band, a.score)).collect();
    keys.sort_by(|x, y| y.cmp(x));
    let bands = [risk::Band::Severe, risk::Band::High, risk::Band::Moderate, risk::Band::Low];
    for (col, band) in bands.iter().enumerate() {
        let expected = keys[brief::TABLE_MAX..].iter().filter(|k| k.0 == *band).count();
        let shown: usize = tables[1].rows.iter().map(|r| r[col + 1][0].text.parse::<usize>().unwrap()).sum();
        assert_eq!(shown, expected, "{band:?}");
    }
    let bytes = brief::pdf::render(&b, fonts()).bytes;
    let (_d, pdf) = write_tmp(&bytes);
    qpdf_check(&pdf);
    assert!(text_of(&pdf).has("Appendix: the other 37 companies"));
}

#[test]
fn html_preview_comes_from_the_same_brief() {
    let store = seeded();
    let data = company(&store, "deepseek");
    let a = risk::assess(&data, as_of());
    let b = brief::build(&data, &a, &options(), as_of());
    let html = brief::html::render(&b);
    assert!(html.starts_with("<!doctype html>"));
    for al in &data.allegations {
        let escaped = al.summary.replace('&', "&amp;").replace('\'', "&#39;").replace('"', "&quot;");
        assert!(html.contains(&escaped), "{}", al.summary);
    }
    assert!(html.contains("DeepSeek only bought H800 chips legally"));
    assert!(html.contains(&b.id));
    assert!(!html.contains("<script"), "no scripts in the preview");
}

#[test]
fn cli_writes_briefs_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rb.db");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_riskbrief"))
            .arg("--db")
            .arg(&db)
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap()
    };
    let out = run(&["brief", "deepseek", "--as-of", "2026-11-28", "--marking", "BOARD ONLY"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let pdf = dir.path().join("deepseek-2026-11-28.pdf");
    qpdf_check(&pdf);
    assert!(text_of(&pdf).has("BOARD ONLY"));
    let first = std::fs::read(&pdf).unwrap();

    let again = run(&["brief", "deepseek", "--as-of", "2026-11-28", "--marking", "BOARD ONLY"]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    let forced = run(&["brief", "deepseek", "--as-of", "2026-11-28", "--marking", "BOARD ONLY", "--force"]);
    assert!(forced.status.success());
    assert_eq!(std::fs::read(&pdf).unwrap(), first, "same input, same bytes, across processes");

    let all = run(&["brief", "--all", "-o", "all", "--as-of", "2026-11-28"]);
    assert!(all.status.success(), "{}", String::from_utf8_lossy(&all.stderr));
    let n = std::fs::read_dir(dir.path().join("all")).unwrap().count();
    let store = Store::open(&db).unwrap();
    assert_eq!(n, store.company_summaries().unwrap().len());
    qpdf_check(&dir.path().join("all").join("zte-2026-11-28.pdf"));

    let pf = run(&["brief", "--portfolio", "-o", "pf.pdf", "--as-of", "2026-11-28"]);
    assert!(pf.status.success());
    assert!(text_of(&dir.path().join("pf.pdf")).has("Vendor risk portfolio"));

    let bad = run(&["brief", "nosuchco"]);
    assert_eq!(bad.status.code(), Some(3));
}

/// The text of the bottom line's key judgments, one line per judgment.
fn key_judgments(b: &brief::Brief) -> Vec<String> {
    let s = b.sections.iter().find(|s| s.title == "Bottom line up front").expect("a bottom line");
    s.blocks
        .iter()
        .filter_map(|b| match b {
            brief::Block::Bullets(items) => {
                Some(items.iter().map(|t| t.iter().map(|s| s.text.as_str()).collect::<String>()).collect::<Vec<_>>())
            }
            _ => None,
        })
        .next()
        .expect("key judgments")
}

#[test]
fn kaspersky_brief_says_its_products_cannot_be_bought_or_updated_in_the_us() {
    let store = seeded();
    let data = company(&store, "kaspersky");
    let (b, bytes, warnings) = render(&data, fonts());
    assert!(warnings.is_empty(), "{warnings:?}");
    let kj = key_judgments(&b);
    let ban = kj
        .iter()
        .find(|k| k.contains("products cannot be bought or updated in the United States"))
        .unwrap_or_else(|| panic!("{kj:#?}"));
    assert!(ban.contains("29 Sep 2024") && ban.contains("Not covered"), "{ban}");
    assert_eq!(kj.iter().position(|k| k == ban), Some(1), "the ban comes right after the list status: {kj:#?}");
    assert!(kj[0].contains("BIS Entity List (since 24 Jun 2024)"), "{}", kj[0]);

    let (_d, pdf) = write_tmp(&bytes);
    qpdf_check(&pdf);
    let text = text_of(&pdf);
    assert!(text.has("AO Kaspersky Lab's products cannot be bought or updated in the United States."));
    assert!(text.has("HIGH RISK") || text.has("SEVERE RISK"));
    assert!(text.has("Outright product ban"));
    assert!(text.has("89 FR 52362–52364"));
    assert!(text.has("Prohibited"));
}

#[test]
fn the_ban_judgment_follows_the_data_not_the_company() {
    let store = seeded();
    // No bundled company other than those with an outright ban gets the judgment.
    for s in store.company_summaries().unwrap() {
        let data = store.company_data(s.id).unwrap();
        let a = risk::assess(&data, as_of());
        let kj = key_judgments(&brief::build(&data, &a, &options(), as_of()));
        let banned = data.restrictions.iter().any(|r| r.scope == RestrictionScope::ProductBan);
        assert_eq!(kj.iter().any(|k| k.contains("cannot be bought or updated")), banned, "{}: {kj:#?}", s.slug);
    }
    // Any company, any place: the judgment names the place.
    let mut data = company(&store, "deepseek");
    data.restrictions.push(Restriction {
        id: uuid::Uuid::now_v7(),
        company_id: data.company.id,
        jurisdiction: "United Kingdom".into(),
        body: "A regulator".into(),
        measure: "Sale and updates prohibited.".into(),
        scope: RestrictionScope::ProductBan,
        date: Some("2026-01-15".parse().unwrap()),
        source_id: None,
        updated_at: ts("2026-12-02T00:00:00Z"),
    });
    let a = risk::assess(&data, as_of());
    let kj = key_judgments(&brief::build(&data, &a, &options(), as_of()));
    let ban = kj
        .iter()
        .find(|k| k.starts_with("DeepSeek's products cannot be bought or updated in the United Kingdom."))
        .unwrap_or_else(|| panic!("{kj:#?}"));
    assert!(ban.contains("A regulator (15 Jan 2026): Sale and updates prohibited."), "{ban}");
    assert!(!ban.contains("Official record"), "an unsourced ban is not an official record: {ban}");
}

/// The timeline figure: a lane per kind with dated facts, marks on the same dates merged with
/// their tags joined, the axis in quarters over a short span and in years over a long one.
#[test]
fn the_company_brief_draws_a_timeline_of_its_dated_facts() {
    use chrono::Datelike;
    use riskbrief::brief::{Block, Timeline};
    let store = seeded();
    let figure = |b: &brief::Brief| -> Timeline {
        let s = b.sections.iter().find(|s| s.title == "Timeline").expect("a Timeline section");
        match &s.blocks[0] {
            Block::Timeline(t) => t.clone(),
            other => panic!("{other:?}"),
        }
    };
    let data = company(&store, "deepseek");
    let (b, bytes, _) = render(&data, fonts());
    let t = figure(&b);
    let lanes: Vec<&str> = t.lanes.iter().map(|l| l.label.as_str()).collect();
    assert_eq!(lanes, ["Allegations", "Responses", "Official lists", "Government measures", "Cloud offerings"]);
    let alleged = &t.lanes[0].marks;
    assert_eq!(alleged.len(), 1, "seven allegations first reported in Jun 2025 are one mark: {alleged:?}");
    assert_eq!(alleged[0].tag.as_deref(), Some("A1–A7"));
    assert_eq!((alleged[0].from.to_string(), alleged[0].to.to_string()), ("2025-06-01".into(), "2025-06-30".into()));
    assert_eq!((t.first_year, t.last_year, t.as_of), (2025, as_of().year(), as_of()));
    let labels: Vec<String> = t.ticks().into_iter().filter_map(|k| k.label).collect();
    assert_eq!(&labels[..5], ["Jan 2025", "Apr", "Jul", "Oct", "Jan 2026"]);
    let (_d, pdf) = write_tmp(&bytes);
    let text = text_of(&pdf);
    for needle in ["Timeline", "Government measures", "Jan 2025", "A1–A7", "as of", "A tick is a known day"] {
        assert!(text.has(needle), "{needle}");
    }

    // Huawei: listings only, tagged by list; years on a long axis.
    let data = company(&store, "huawei");
    let (b, _, _) = render(&data, fonts());
    let t = figure(&b);
    assert_eq!(t.lanes.len(), 1);
    let tags: Vec<&str> = t.lanes[0].marks.iter().filter_map(|m| m.tag.as_deref()).collect();
    assert_eq!(tags, ["Entity List", "FCC", "1260H"]);
    let labels: Vec<String> = t.ticks().into_iter().filter_map(|k| k.label).collect();
    assert_eq!(labels.first().map(String::as_str), Some("2019"));
    assert!(labels.iter().all(|l| l.len() == 4), "{labels:?}");

    // No dated fact: no figure.
    let bare = crate::common::bare_data("CN");
    let b = riskbrief::brief::build(&bare, &riskbrief::risk::assess(&bare, as_of()), &options(), as_of());
    assert!(b.sections.iter().all(|s| s.title != "Timeline"));
}

#[test]
fn the_ownership_section_draws_who_stands_behind_and_says_what_is_unknown() {
    let store = seeded();
    let data = company(&store, "deepseek");
    let (b, bytes, _) = render(&data, fonts());
    let section = b.sections.iter().find(|s| s.title == "Ownership and control").expect("an ownership section");
    let graph = section
        .blocks
        .iter()
        .find_map(|x| match x {
            brief::Block::Graph(g) => Some(g),
            _ => None,
        })
        .expect("a graph");
    let node = |name: &str| graph.nodes.iter().position(|n| n.label == name).unwrap_or_else(|| panic!("{name}"));
    let (liang, hf, ds) = (node("Liang Wenfeng"), node("High-Flyer"), node("DeepSeek"));
    // Owners above: Liang Wenfeng, who founded High-Flyer, above it; the company at the bottom.
    assert!(graph.nodes[liang].layer < graph.nodes[hf].layer && graph.nodes[hf].layer < graph.nodes[ds].layer);
    assert!(graph.nodes[ds].focus && graph.nodes[liang].note.as_deref() == Some("person"));
    let edge = |a, b| graph.edges.iter().find(|e| (e.from, e.to) == (a, b)).map(|e| e.label.clone());
    let founder = edge(liang, ds).expect("Liang Wenfeng → DeepSeek");
    assert!(
        founder.contains("founded") && founder.contains("share undisclosed") && founder.contains("B2"),
        "{founder}"
    );
    assert!(edge(hf, ds).expect("High-Flyer → DeepSeek").contains("funds or incubated"));
    // Every edge points down, and placement gives each node of a layer its own place.
    let placed = graph.place();
    assert!(graph.edges.iter().all(|e| graph.nodes[e.from].layer < graph.nodes[e.to].layer));
    for (i, a) in graph.nodes.iter().enumerate() {
        for (j, b) in graph.nodes.iter().enumerate().skip(i + 1) {
            assert!(
                a.layer != b.layer || (placed.nodes[i] - placed.nodes[j]).abs() > 0.1,
                "{} and {} overlap",
                a.label,
                b.label
            );
        }
    }
    let (_dir, pdf) = write_tmp(&bytes);
    qpdf_check(&pdf);
    let text = text_of(&pdf);
    assert!(text.has("Ownership and control") && text.has("Liang Wenfeng") && text.has("High-Flyer"));
    assert!(text.has("100 % of DeepSeek's ownership is not accounted for"));
    assert!(text.has("OFAC 50 Percent Rule: does not apply"));
    assert!(text.has("Associated Press"), "the relations' sources are in the references");
    let kj = key_judgments(&b).join("\n");
    assert!(kj.contains("Who owns DeepSeek is not established"), "{kj}");
    assert!(kj.contains("none of them is on a recorded official list"), "{kj}");
}

#[test]
fn a_majority_held_by_listed_parties_is_a_key_judgment_with_its_proof() {
    let mut store = seeded();
    let deepseek = store.find_company("deepseek").unwrap();
    let source = store.sources().unwrap()[0].id;
    // Hypothetical: two companies on the SDN list hold 30 % and 25 % of DeepSeek.
    let mut holders = vec![];
    for (slug, share) in [("holder-a", 30.0), ("holder-b", 25.0)] {
        let mut c = crate::common::company(slug, "RU");
        c.slug = slug.into();
        store.save_company(&c).unwrap();
        store
            .save_designation(&crate::common::designation(c.id, OfficialList::OfacSdn, DesignationStatus::Listed))
            .unwrap();
        store
            .save_relation(&Relation {
                id: uuid::Uuid::now_v7(),
                from: Party::Company(c.id),
                to: deepseek.id,
                kind: RelationKind::OwnsShares,
                share: Some(share),
                since: None,
                until: None,
                citations: vec![Citation { source_id: source, credibility: Credibility::C2 }],
                note: None,
                updated_at: crate::common::ts(crate::common::UPDATED),
            })
            .unwrap();
        holders.push(c);
    }
    let data = company(&store, "deepseek");
    let (b, bytes, _) = render(&data, fonts());
    let kj = key_judgments(&b).join("\n");
    assert!(kj.contains("owned 50 % or more by listed parties (OFAC 50 Percent Rule)"), "{kj}");
    assert!(kj.contains("⇒ 55 % ≥ 50 %"), "{kj}");
    let (_dir, pdf) = write_tmp(&bytes);
    let text = text_of(&pdf);
    assert!(text.has("OFAC 50 Percent Rule: applies"));
    assert!(text.has("A red box is a party on an official list"));
    let a = risk::assess(&data, as_of());
    let f = a.factors.iter().find(|f| f.kind == risk::FactorKind::Ownership).unwrap();
    assert!(f.points >= 50.0, "{f:?}");
}
