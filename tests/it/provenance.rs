//! Provenance (issue 6): the brief history and `verify`, "Changes since the previous brief",
//! dataset bundles (export, import, merge rules, refusals, signing keys), audit rows written by
//! imports, and backup / restore. Real SQLite files in temporary folders; the CLI runs as a real
//! process wherever the issue names a command; PDFs are read back with pdftotext.

use crate::common::*;
use chrono::NaiveDate;
use riskbrief::app::exchange::{BundlePhase, BundleProgress};
use riskbrief::app::{self, BriefRequest, FileStatus};
use riskbrief::brief::{self, fonts::FontSet};
use riskbrief::bundle::{self, Deletion, MergeAction};
use riskbrief::db::{AuditContext, SCHEMA_VERSION};
use riskbrief::model::*;
use riskbrief::{risk, Error, Store};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use uuid::Uuid;

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

/// The as-of and generated date of the in-process briefs (the sample's records are dated this day).
fn today() -> NaiveDate {
    day(2026, 11, 28)
}

/// Later than every `updated_at` of the bundled sample.
const LATER: &str = "2026-12-02T12:00:00Z";
/// Earlier than every `updated_at` of the bundled sample.
const EARLIER: &str = "2026-01-01T00:00:00Z";

/// The bundled fonts only: no system font, identical on every machine.
fn fonts() -> &'static FontSet {
    static F: OnceLock<FontSet> = OnceLock::new();
    F.get_or_init(|| FontSet::new(None).expect("bundled fonts"))
}

fn request(company: &str) -> BriefRequest {
    BriefRequest { company: Some(company.into()), marking: brief::DEFAULT_MARKING.into(), as_of: today(), path: None }
}

/// A seeded store on a real file whose audit trail names a fixed analyst and time.
fn audited_seeded() -> TempStore {
    let mut t = TempStore::seeded();
    t.store.set_audit_context(AuditContext { actor: "Ana Analyst".into(), now: || ts("2026-11-28T10:00:00Z") });
    t
}

/// What an edge does for one brief: build, render, record with the data snapshot.
struct Generated {
    bytes: Vec<u8>,
    record: BriefRecord,
    brief: brief::Brief,
    warnings: Vec<String>,
}

fn generate(store: &mut Store, company: &str, created_at: &str) -> Generated {
    let built = app::build_brief(store, &request(company), today()).expect("build brief");
    let (bytes, record, warnings) = app::render_pdf(&built, fonts(), id(), None, ts(created_at));
    store.record_brief(&record, built.snapshot.as_deref()).expect("record brief");
    Generated { bytes, record, brief: built.brief, warnings }
}

/// The text of one section of a brief, span by span, one line per block or bullet.
fn section_text(b: &brief::Brief, title: &str) -> String {
    let spans = |t: &brief::Text| t.iter().map(|s| s.text.as_str()).collect::<String>();
    let mut out = String::new();
    for s in b.sections.iter().filter(|s| s.title == title) {
        for block in &s.blocks {
            match block {
                brief::Block::Paragraph(t) | brief::Block::Quote(t) => out += &(spans(t) + "\n"),
                brief::Block::Bullets(items) => items.iter().for_each(|t| out += &(spans(t) + "\n")),
                brief::Block::Heading { text, .. } => out += &(text.clone() + "\n"),
                _ => {}
            }
        }
    }
    out
}

/// The data changes as in the changes-section tests: a new allegation, and OFAC SDN goes from
/// "not listed" to "listed". Returns the new allegation.
fn change_deepseek(store: &mut Store) -> Allegation {
    let data = data_of(store, "deepseek");
    let mut a = allegation(data.company.id, data.sources[0].id);
    a.summary = "Provenance test: DeepSeek is alleged to have shared test telemetry".into();
    a.first_reported = Some(pd("2026-11"));
    a.updated_at = ts(LATER);
    store.save_allegation(&a).unwrap();
    let mut d = data.designations.iter().find(|d| d.list == OfficialList::OfacSdn).expect("OFAC designation").clone();
    assert_eq!(d.status, DesignationStatus::NotListed);
    d.status = DesignationStatus::Listed;
    d.since = Some(pd("2026-11-20"));
    d.updated_at = ts(LATER);
    store.save_designation(&d).unwrap();
    a
}

/// Builds and renders a brief without recording it.
fn render_only(store: &Store, company: &str) -> (brief::Brief, Vec<u8>) {
    let built = app::build_brief(store, &request(company), today()).expect("build brief");
    let rendered = brief::pdf::render(&built.brief, fonts());
    (built.brief, rendered.bytes)
}

fn has_changes_section(b: &brief::Brief) -> bool {
    b.sections.iter().any(|s| s.title == "Changes since the previous brief")
}

/// pdftotext's text of a PDF with whitespace and hyphens removed (text wrapped across lines still
/// reads as one string); compare with `has`, which squeezes the needle the same way.
fn pdf_text(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("brief.pdf");
    std::fs::write(&p, bytes).unwrap();
    let out = Command::new("pdftotext").arg(&p).arg("-").output().expect("pdftotext (poppler-utils)");
    assert!(out.status.success(), "pdftotext: {}", String::from_utf8_lossy(&out.stderr));
    squeeze(&String::from_utf8(out.stdout).unwrap())
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace() && *c != '-').collect()
}

fn has(text: &str, needle: &str) -> bool {
    text.contains(&squeeze(needle))
}

/// Every table, the provenance ones included (briefs, audit trail, keys, settings).
fn all_counts(path: &Path) -> BTreeMap<&'static str, i64> {
    let mut c = counts(path);
    let conn = raw(path);
    for t in ["briefs", "audit_log", "trusted_keys", "settings"] {
        c.insert(t, conn.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0)).unwrap());
    }
    c
}

/// Everything a refused operation must leave alone: row counts of every table, all data, keys.
#[derive(Debug, PartialEq)]
pub(crate) struct DbState {
    counts: BTreeMap<&'static str, i64>,
    data: (Vec<CompanyData>, Vec<Source>),
    keys: Vec<TrustedKey>,
}

pub(crate) fn db_state(path: &Path) -> DbState {
    let store = Store::open(path).expect("open database");
    DbState { counts: all_counts(path), data: snapshot(&store), keys: store.trusted_keys().unwrap() }
}

fn company_id(store: &Store, slug: &str) -> Uuid {
    store.find_company(slug).unwrap_or_else(|e| panic!("find {slug}: {e}")).id
}

fn data_of(store: &Store, slug: &str) -> CompanyData {
    store.company_data(company_id(store, slug)).unwrap()
}

/// A signing key from a fixed seed byte (tests need no randomness).
fn key(seed: u8) -> ed25519_dalek::SigningKey {
    bundle::signing_key(&format!("{seed:02x}").repeat(32)).unwrap()
}

/// Writes NAME.pub (the public key, hex) and NAME.key (the secret, hex) like `keys generate` does.
fn write_key_files(dir: &Path, name: &str, seed: u8) -> (PathBuf, PathBuf) {
    let k = key(seed);
    let (sk, pk) = (dir.join(format!("{name}.key")), dir.join(format!("{name}.pub")));
    std::fs::write(&sk, format!("{seed:02x}").repeat(32)).unwrap();
    std::fs::write(&pk, bundle::public_key_hex(&k)).unwrap();
    (sk, pk)
}

fn write_json(path: &Path, v: &impl serde::Serialize) {
    std::fs::write(path, serde_json::to_vec_pretty(v).unwrap()).unwrap();
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn action_of(plan: &bundle::ImportPlan, id: Uuid) -> MergeAction {
    let items: Vec<_> = plan.items.iter().filter(|i| i.id == id).collect();
    assert_eq!(items.len(), 1, "plan items for {id}: {items:?}");
    items[0].action
}

fn fields_of(plan: &bundle::ImportPlan, id: Uuid) -> Vec<String> {
    plan.items.iter().find(|i| i.id == id).unwrap_or_else(|| panic!("no plan item for {id}")).fields.clone()
}

// ---------------------------------------------------------------------------------------------
// 1. Brief history and verify
// ---------------------------------------------------------------------------------------------

#[test]
fn verify_tells_unaltered_from_altered_and_reports_data_changed_since() {
    let mut t = audited_seeded();
    let g = generate(&mut t.store, "deepseek", "2026-11-28T09:00:00Z");
    assert!(g.warnings.is_empty(), "{:?}", g.warnings);
    let data = t.data("deepseek");

    // The record and the PDF's metadata agree on the brief id and the data fingerprint.
    assert_eq!(g.record.brief_id, g.brief.id);
    assert_eq!(g.record.data_fingerprint, brief::fingerprint(&data));
    assert_eq!(g.record.company_id, Some(data.company.id));
    assert_eq!(g.record.pdf_sha256, app::sha256_hex(&g.bytes));
    assert_eq!(
        brief::pdf::read_identity(&g.bytes),
        Some((g.record.brief_id.clone(), g.record.data_fingerprint.clone())),
        "the PDF metadata must carry the recorded brief id and data fingerprint"
    );

    // The exact bytes: unaltered, data unchanged.
    let v = app::verify(&t.store, &g.bytes, today()).unwrap();
    assert_eq!(v.file, FileStatus::Unaltered);
    assert_eq!(v.brief_id.as_deref(), Some(g.record.brief_id.as_str()));
    assert_eq!(v.data_fingerprint.as_deref(), Some(g.record.data_fingerprint.as_str()));
    assert_eq!(v.record.as_ref(), Some(&g.record));
    assert_eq!(v.data_changed, Some(false));
    assert!(v.changes.is_none(), "{:?}", v.changes);

    // One byte flipped in the middle of the file: never unaltered. Altered when the id can
    // still be read, unknown when the change made it unreadable.
    let mut flipped = g.bytes.clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0x5A;
    let v = app::verify(&t.store, &flipped, today()).unwrap();
    match v.file {
        FileStatus::Altered => assert_eq!(v.brief_id.as_deref(), Some(g.record.brief_id.as_str())),
        FileStatus::Unknown => assert_eq!(v.brief_id, None, "an id was read, so the file is a known brief: {v:?}"),
        FileStatus::Unaltered | FileStatus::Scenario => panic!("a flipped byte verified as {:?}", v.file),
    }
    assert_eq!(v.data_changed, None);

    // One byte of the metadata changed (same length, structure intact): altered, id still read.
    // The producer is a UTF-16 hex string, "<FEFF0052…" for "RiskBrief…": make it "WiskBrief…".
    let producer = b"/Producer<FEFF0052";
    let pos =
        g.bytes.windows(producer.len()).position(|w| w == producer).expect("the producer in the document information");
    let mut edited = g.bytes.clone();
    edited[pos + producer.len() - 1] = b'7';
    let v = app::verify(&t.store, &edited, today()).unwrap();
    assert_eq!(v.file, FileStatus::Altered, "{v:?}");
    assert_eq!(v.brief_id.as_deref(), Some(g.record.brief_id.as_str()));
    assert_eq!(v.record.as_ref().map(|r| r.id), Some(g.record.id), "the altered file names the recorded brief");

    // Bytes appended: the PDF still opens and names the brief, but it is not what was written.
    let mut appended = g.bytes.clone();
    appended.extend_from_slice(b"\n% appended after generation\n");
    let v = app::verify(&t.store, &appended, today()).unwrap();
    assert_eq!(v.file, FileStatus::Altered, "{v:?}");
    assert_eq!(v.brief_id.as_deref(), Some(g.record.brief_id.as_str()));
    assert_eq!(v.data_changed, None);

    // The data changes: an allegation is confirmed, with a later updated_at.
    let before = risk::assess(&data, today());
    let mut a =
        data.allegations.iter().find(|a| a.status == AllegationStatus::Alleged).expect("an alleged allegation").clone();
    a.status = AllegationStatus::Confirmed;
    a.updated_at = ts(LATER);
    t.store.save_allegation(&a).unwrap();
    let after = risk::assess(&t.data("deepseek"), today());

    let v = app::verify(&t.store, &g.bytes, today()).unwrap();
    assert_eq!(v.file, FileStatus::Unaltered, "the file itself is still what was written");
    assert_eq!(v.data_changed, Some(true));
    let cs = v.changes.expect("what changed");
    let texts: Vec<&str> = cs.changes.iter().map(|c| c.text.as_str()).collect();
    let status = format!("Status changed from alleged to confirmed: {}", a.summary);
    assert!(
        cs.changes.iter().any(|c| c.kind == riskbrief::changes::ChangeKind::Allegation && c.text == status),
        "no status change {status:?} in {texts:#?}"
    );
    assert_eq!((cs.score_before, cs.score_after), (before.score, after.score));
    if before.score != after.score || before.band != after.band {
        let score = format!("Score from {} to {}", before.score, after.score);
        assert!(
            cs.changes.iter().any(|c| c.kind == riskbrief::changes::ChangeKind::Score && c.text.starts_with(&score)),
            "no score change {score:?} in {texts:#?}"
        );
    } else {
        assert!(!cs.changes.iter().any(|c| c.kind == riskbrief::changes::ChangeKind::Score), "{texts:#?}");
    }
    // Only what changed is listed.
    assert_eq!(cs.changes.iter().filter(|c| c.kind != riskbrief::changes::ChangeKind::Score).count(), 1, "{texts:#?}");

    // A PDF this database never recorded: unknown, even though it is a RiskBrief PDF.
    let mut other = TempStore::new();
    let s = source();
    other.store.save_source(&s).unwrap();
    let c = company("elsewhere", "CN");
    other.store.save_company(&c).unwrap();
    other.store.save_allegation(&allegation(c.id, s.id)).unwrap();
    let (foreign, foreign_bytes) = render_only(&other.store, &c.slug);
    let v = app::verify(&t.store, &foreign_bytes, today()).unwrap();
    assert_eq!(v.file, FileStatus::Unknown);
    assert_eq!(v.brief_id.as_deref(), Some(foreign.id.as_str()));
    assert!(v.record.is_none() && v.data_changed.is_none());

    // Not a PDF at all: unknown, with no id.
    let v = app::verify(&t.store, b"%PDF-1.7\nnot really a pdf\n", today()).unwrap();
    assert_eq!(v.file, FileStatus::Unknown);
    assert_eq!(v.brief_id, None);
}

/// Deleting the company is a change to the data behind its briefs; verify must not report the
/// brief as current (CLI exit 0 means "unaltered and current").
#[test]
fn verify_after_the_company_is_deleted_says_the_data_changed() {
    let mut t = audited_seeded();
    let g = generate(&mut t.store, "deepseek", "2026-11-28T09:00:00Z");
    t.store.delete_company(g.record.company_id.unwrap()).unwrap();
    let v = app::verify(&t.store, &g.bytes, today()).unwrap();
    assert_eq!(v.file, FileStatus::Unaltered);
    assert_eq!(v.data_changed, Some(true), "the company behind the brief was deleted, yet verify says {v:?}");
}

// ---------------------------------------------------------------------------------------------
// 2. Changes since the previous brief
// ---------------------------------------------------------------------------------------------

#[test]
fn a_brief_lists_the_changes_since_the_previous_brief_built_from_other_data() {
    let mut t = audited_seeded();
    let first = generate(&mut t.store, "deepseek", "2026-11-28T09:00:00Z");
    assert!(first.warnings.is_empty(), "{:?}", first.warnings);
    assert!(!has_changes_section(&first.brief), "the first brief of a company has nothing to compare with");
    assert!(!has(&pdf_text(&first.bytes), "Changes since the previous brief"));

    // The data changes: a new allegation, and a designation status change.
    let data = t.data("deepseek");
    let a = change_deepseek(&mut t.store);

    let second = generate(&mut t.store, "deepseek", "2026-11-28T10:00:00Z");
    assert_ne!(second.record.data_fingerprint, first.record.data_fingerprint);
    assert_ne!(second.brief.id, first.brief.id);
    assert!(
        has_changes_section(&second.brief),
        "sections: {:?}",
        second.brief.sections.iter().map(|s| &s.title).collect::<Vec<_>>()
    );
    let (prev, _) =
        t.store.previous_brief(data.company.id, &second.record.data_fingerprint).unwrap().expect("a previous brief");
    assert_eq!(prev.brief_id, first.record.brief_id);

    let text = pdf_text(&second.bytes);
    assert!(has(&text, "Changes since the previous brief"));
    assert!(has(&text, &format!("Compared with brief {}", first.record.brief_id)), "previous brief id missing");
    assert!(has(&text, &format!("New allegation (alleged): {}", a.summary)), "new allegation missing from the changes");
    // (The arrow itself is checked in the brief model: see
    // `the_changes_section_can_be_drawn_with_the_bundled_fonts` for the PDF side.)
    assert!(has(&text, "OFAC SDN List: from not listed to listed"), "designation status change missing");
    let changes = section_text(&second.brief, "Changes since the previous brief");
    assert!(changes.contains(&format!("Compared with brief {}", first.record.brief_id)), "{changes}");
    assert!(changes.contains(&format!("New allegation (alleged): {}\n", a.summary)), "{changes}");
    assert!(changes.contains("OFAC SDN List: from not listed to listed\n"), "{changes}");

    // Unchanged data, built again (twice, each recorded as an edge would): the comparison is
    // still with the first brief, so the document is byte-identical.
    let third = generate(&mut t.store, "deepseek", "2026-11-28T11:00:00Z");
    assert!(third.bytes == second.bytes, "rebuilding from unchanged data gave a different PDF");
    assert_eq!(third.brief.id, second.brief.id);
    let (_, fourth) = render_only(&t.store, "deepseek");
    assert!(fourth == second.bytes, "the comparison must be with the last brief of DIFFERENT data");

    // Another company, never briefed: no such section.
    let (huawei, huawei_bytes) = render_only(&t.store, "huawei");
    assert!(!has_changes_section(&huawei));
    assert!(!has(&pdf_text(&huawei_bytes), "Changes since the previous brief"));
}

/// The changes section is worded by the core ("OFAC SDN List: from not listed to listed", "Score from 40 to
/// 55"): the bundled fonts, used when no system CJK font is installed, must be able to draw it.
#[test]
fn the_changes_section_can_be_drawn_with_the_bundled_fonts() {
    let mut t = audited_seeded();
    generate(&mut t.store, "deepseek", "2026-11-28T09:00:00Z");
    change_deepseek(&mut t.store);
    let second = generate(&mut t.store, "deepseek", "2026-11-28T10:00:00Z");
    assert!(has_changes_section(&second.brief));
    assert!(
        second.warnings.is_empty(),
        "the changes section cannot be drawn with the bundled fonts: {:?}",
        second.warnings
    );
    assert!(has(&pdf_text(&second.bytes), "OFAC SDN List: from not listed to listed"));
}

// ---------------------------------------------------------------------------------------------
// 3. `riskbrief verify`
// ---------------------------------------------------------------------------------------------

#[test]
fn cli_verify_exit_status_says_unaltered_altered_or_data_changed() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let db = cli_db(home, "rb.db", false);
    let pdf = home.join("x.pdf");
    ok(cli(home, &db, &["brief", "deepseek", "-o", pdf.to_str().unwrap()]));

    let (out, _) = exits(cli(home, &db, &["verify", "x.pdf"]), 0);
    assert!(out.contains(": UNALTERED"), "{out}");
    assert!(out.contains("unchanged since"), "{out}");

    // A tampered copy: bytes appended.
    let mut bytes = std::fs::read(&pdf).unwrap();
    bytes.extend_from_slice(b"\n% edited\n");
    std::fs::write(home.join("tampered.pdf"), &bytes).unwrap();
    let (out, _) = exits(cli(home, &db, &["verify", "tampered.pdf"]), 9);
    assert!(out.contains(": ALTERED"), "{out}");

    // The data changes through an imported bundle that updates an allegation.
    let (summary, bundle_path) = {
        let store = Store::open(&db).unwrap();
        let mut content = store.export_dataset(Some(company_id(&store, "deepseek"))).unwrap();
        let a = content.allegations.iter_mut().find(|a| a.status == AllegationStatus::Alleged).unwrap();
        a.status = AllegationStatus::Confirmed;
        a.updated_at = ts(LATER);
        let summary = a.summary.clone();
        let b = bundle::create(content, vec![], LATER.into(), "colleague".into(), None);
        let p = home.join("update.json");
        write_json(&p, &b);
        (summary, p)
    };
    let out = ok(cli(home, &db, &["import", bundle_path.to_str().unwrap()]));
    assert!(out.contains("1 updated"), "{out}");

    let (out, _) = exits(cli(home, &db, &["verify", "x.pdf"]), 8);
    assert!(out.contains(": UNALTERED"), "{out}");
    assert!(out.contains("CHANGED since"), "{out}");
    assert!(out.contains(&format!("Status changed from alleged to confirmed: {summary}")), "{out}");
}

// ---------------------------------------------------------------------------------------------
// 4. Bundles
// ---------------------------------------------------------------------------------------------

#[test]
fn export_then_import_into_an_empty_database_gives_identical_data_and_briefs() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let a_db = cli_db(home, "a.db", false);
    let out = ok(cli(home, &a_db, &["export", "-o", "all.json"]));
    assert!(out.contains("records"), "{out}");
    let b_db = cli_db(home, "b.db", true);
    assert!(Store::open(&b_db).unwrap().is_empty().unwrap(), "init --empty must make an empty database");

    let out = ok(cli(home, &b_db, &["import", "all.json"]));
    assert!(out.starts_with("Imported:"), "{out}");

    let (a, b) = (Store::open(&a_db).unwrap(), Store::open(&b_db).unwrap());
    let summaries = a.company_summaries().unwrap();
    assert!(summaries.len() >= 7);
    assert_eq!(b.company_summaries().unwrap(), summaries);
    for s in &summaries {
        assert_eq!(
            b.company_data(s.id).unwrap(),
            a.company_data(s.id).unwrap(),
            "company {} differs after the round trip",
            s.slug
        );
    }
    assert_eq!(b.sources().unwrap(), a.sources().unwrap());

    // The same brief from both databases, byte for byte.
    let (brief_a, bytes_a) = render_only(&a, "deepseek");
    let (brief_b, bytes_b) = render_only(&b, "deepseek");
    assert_eq!(brief_a.id, brief_b.id);
    assert!(bytes_a == bytes_b, "the DeepSeek brief differs between the exporting and importing databases");

    // Importing the same bundle again changes nothing.
    let before = all_counts(&b_db);
    let out = ok(cli(home, &b_db, &["import", "all.json"]));
    assert!(out.contains(" 0 added, 0 updated, 0 deleted"), "{out}");
    assert!(out.contains(" 0 conflicts"), "{out}");
    assert_eq!(all_counts(&b_db), before);
}

#[test]
fn dry_run_lists_what_would_change_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let a_db = cli_db(home, "a.db", false);
    ok(cli(home, &a_db, &["export", "--company", "deepseek", "-o", "deepseek.json"]));
    let b_db = cli_db(home, "b.db", true);
    let before = db_state(&b_db);

    let out = ok(cli(home, &b_db, &["import", "--dry-run", "deepseek.json"]));
    assert!(out.starts_with("Dry run — nothing changed. Would import:"), "{out}");
    let deepseek = data_of(&Store::open(&a_db).unwrap(), "deepseek");
    // The sources its records cite (not those only its relations with other companies cite),
    // it and its records, and the person behind it with the relations into it.
    let bundled = Store::open(&a_db).unwrap().export_dataset(Some(deepseek.company.id)).unwrap();
    assert_eq!(
        (bundled.persons.len(), bundled.relations.len()),
        (1, 4),
        "Liang Wenfeng and his relations into DeepSeek"
    );
    assert!(bundled.sources.len() < deepseek.sources.len(), "High-Flyer's sources stay out");
    let adds = bundled.sources.len()
        + 1
        + deepseek.allegations.len()
        + deepseek.designations.len()
        + deepseek.restrictions.len()
        + deepseek.cloud_offerings.len()
        + bundled.persons.len()
        + bundled.relations.len();
    assert!(out.contains(&format!("Would import: {adds} added, 0 updated")), "{out}");
    assert!(out.lines().any(|l| l.trim_start().starts_with("add") && l.ends_with(": deepseek")), "{out}");
    for a in &deepseek.allegations {
        assert!(out.contains(&a.summary), "dry run does not list allegation {}:\n{out}", a.summary);
    }
    assert_eq!(db_state(&b_db), before, "a dry run changed the database");

    // The JSON plan says it was not applied.
    let out = ok(cli(home, &b_db, &["--json", "import", "--dry-run", "deepseek.json"]));
    let plan: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(plan["applied"], Value::Bool(false));
    assert_eq!(plan["items"].as_array().unwrap().len(), adds);
    assert_eq!(db_state(&b_db), before);
}

#[test]
fn merge_rules_newer_wins_older_is_kept_same_time_conflicts_and_nothing_is_deleted() {
    let mut t = audited_seeded();
    let local = t.data("deepseek");
    let mut content = t.store.export_dataset(Some(local.company.id)).unwrap();
    assert!(content.allegations.len() >= 5 && content.restrictions.len() >= 2);

    let newer = content.allegations[0].id;
    content.allegations[0].status = AllegationStatus::Corroborated;
    content.allegations[0].updated_at = ts(LATER);

    let older = content.allegations[1].id;
    content.allegations[1].summary = "An outdated wording from another laptop".into();
    content.allegations[1].updated_at = ts(EARLIER);

    let conflict = content.allegations[2].id;
    assert_eq!(content.allegations[2].updated_at, local.allegations[2].updated_at);
    content.allegations[2].summary = "A different wording made at the same time".into();

    // Records missing from the bundle: must survive the import.
    let missing_allegation = content.allegations.remove(4).id;
    let missing_restriction = content.restrictions.remove(0).id;

    let new_offering = cloud_offering(local.company.id, "Oracle");
    content.cloud_offerings.push(new_offering.clone());

    let b = bundle::create(content, vec![], LATER.into(), "colleague".into(), None);
    let bytes = serde_json::to_vec(&b).unwrap();
    let (opened, signer) = bundle::open("merge.json", &bytes, &[], false, chrono::Utc::now()).unwrap();
    assert!(signer.is_none());

    // Dry run: the plan, and no change.
    let before = db_state(&t.path);
    let plan = t.store.import_bundle(&opened, None, true).unwrap();
    assert!(!plan.applied);
    assert_eq!(db_state(&t.path), before, "a dry run changed the database");
    assert_eq!(action_of(&plan, newer), MergeAction::Update);
    assert_eq!(fields_of(&plan, newer), vec!["status".to_string()]);
    assert_eq!(action_of(&plan, older), MergeAction::KeepLocal);
    assert_eq!(fields_of(&plan, older), vec!["summary".to_string()]);
    assert_eq!(action_of(&plan, conflict), MergeAction::Conflict);
    assert_eq!(fields_of(&plan, conflict), vec!["summary".to_string()]);
    assert_eq!(action_of(&plan, new_offering.id), MergeAction::Add);
    // Identical records are counted, not listed.
    assert!(plan.items.iter().all(|i| i.id != local.company.id && i.action != MergeAction::Same));
    assert!(plan.count(MergeAction::Same) > 0);
    assert!(plan.items.iter().all(|i| i.id != missing_allegation && i.id != missing_restriction));
    assert_eq!(plan.count(MergeAction::Delete), 0);
    assert_eq!((plan.count(MergeAction::Update), plan.count(MergeAction::Add)), (1, 1), "{:#?}", plan.items);

    // The report names conflicts and kept records (the CLI's dry run on the same file).
    let file = t.dir.path().join("merge.json");
    std::fs::write(&file, &bytes).unwrap();
    let out = ok(cli(t.dir.path(), &t.path, &["import", "--dry-run", file.to_str().unwrap()]));
    assert!(out.contains("1 conflicts"), "{out}");
    assert!(out.contains("CONFLICT") && out.contains("A different wording made at the same time"), "{out}");
    assert!(out.contains("keep local"), "{out}");
    assert!(out.contains("Conflicts were not applied"), "{out}");
    assert_eq!(db_state(&t.path), before, "a CLI dry run changed the database");

    // Applied.
    let plan = t.store.import_bundle(&opened, None, false).unwrap();
    assert!(plan.applied);
    let after = t.data("deepseek");
    let get = |id: Uuid| after.allegations.iter().find(|a| a.id == id).cloned();
    let local_of = |id: Uuid| local.allegations.iter().find(|a| a.id == id).cloned().unwrap();
    // Newer updated_at: the bundle's version replaced the local one.
    let updated = get(newer).unwrap();
    assert_eq!(updated.status, AllegationStatus::Corroborated);
    assert_eq!(updated.updated_at, ts(LATER));
    // Older: the local version is kept, not overwritten.
    assert_eq!(get(older).unwrap(), local_of(older));
    // Same time, different content: not applied.
    assert_eq!(get(conflict).unwrap(), local_of(conflict));
    // Not in the bundle: not deleted.
    assert_eq!(get(missing_allegation).unwrap(), local_of(missing_allegation));
    assert!(after.restrictions.iter().any(|r| r.id == missing_restriction));
    // New: added.
    assert!(after.cloud_offerings.iter().any(|o| o == &new_offering));
    // Nothing else moved.
    assert_eq!(after.allegations.len(), local.allegations.len());
    assert_eq!(after.restrictions, local.restrictions);
    assert_eq!(after.designations, local.designations);
    assert_eq!(after.company, local.company);
}

#[test]
fn a_bundle_with_deletions_deletes_exactly_those_records() {
    let mut t = audited_seeded();
    let deepseek = t.data("deepseek");
    let others: Vec<CompanyData> =
        t.store.all_company_data().unwrap().into_iter().filter(|d| d.company.id != deepseek.company.id).collect();
    let a =
        deepseek.allegations.iter().find(|a| !a.responses.is_empty()).expect("an allegation with a response").clone();
    let d = deepseek.designations[0].clone();
    let r = deepseek.restrictions[0].clone();
    let deletions = vec![
        Deletion { table: "allegations".into(), id: a.id },
        Deletion { table: "designations".into(), id: d.id },
        Deletion { table: "restrictions".into(), id: r.id },
        // Already gone here: nothing to do, and no error.
        Deletion { table: "cloud_offerings".into(), id: id() },
    ];
    let b = bundle::create(Dataset::default(), deletions, LATER.into(), "colleague".into(), None);
    let (opened, _) =
        bundle::open("deletions.json", &serde_json::to_vec(&b).unwrap(), &[], false, chrono::Utc::now()).unwrap();

    let before = all_counts(&t.path);
    let plan = t.store.import_bundle(&opened, None, false).unwrap();
    let deleted: Vec<Uuid> = plan.items.iter().filter(|i| i.action == MergeAction::Delete).map(|i| i.id).collect();
    assert_eq!(deleted.len(), 3, "{:#?}", plan.items);
    assert_eq!(plan.items.len(), 3, "{:#?}", plan.items);

    let after = t.data("deepseek");
    let mut expected = deepseek.clone();
    expected.allegations.retain(|x| x.id != a.id);
    expected.designations.retain(|x| x.id != d.id);
    expected.restrictions.retain(|x| x.id != r.id);
    assert_eq!(after.company, expected.company);
    assert_eq!(after.allegations, expected.allegations);
    assert_eq!(after.designations, expected.designations);
    assert_eq!(after.restrictions, expected.restrictions);
    assert_eq!(after.cloud_offerings, expected.cloud_offerings);
    for o in &others {
        assert_eq!(&t.store.company_data(o.company.id).unwrap(), o, "{} was touched", o.company.slug);
    }

    let counts = all_counts(&t.path);
    let delta = |table: &str| before[table] - counts[table];
    assert_eq!(delta("allegations"), 1);
    assert_eq!(delta("designations"), 1);
    assert_eq!(delta("restrictions"), 1);
    assert_eq!(delta("allegation_sources"), a.citations.len() as i64);
    assert_eq!(delta("responses"), a.responses.len() as i64);
    for table in ["companies", "sources", "cloud_offerings"] {
        assert_eq!(delta(table), 0, "{table}");
    }
    // Each deletion is in the audit trail.
    assert_eq!(counts["audit_log"] - before["audit_log"], 3);
    let h = t.store.history(deepseek.company.id).unwrap();
    let deletes: Vec<(AuditAction, Uuid)> = h.iter().take(3).map(|e| (e.action, e.record_id)).collect();
    for x in [a.id, d.id, r.id] {
        assert!(deletes.contains(&(AuditAction::Delete, x)), "no delete entry for {x}: {deletes:?}");
    }
}

#[test]
fn tampered_truncated_future_or_badly_signed_bundles_are_refused_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let db = cli_db(home, "target.db", false);

    // A bundle that WOULD change the target: a newer allegation and a new company.
    let (good, summary) = {
        let store = Store::open(&db).unwrap();
        let mut content = store.export_dataset(Some(company_id(&store, "deepseek"))).unwrap();
        let a = content.allegations.iter_mut().find(|a| a.status == AllegationStatus::Alleged).unwrap();
        a.status = AllegationStatus::Confirmed;
        a.updated_at = ts(LATER);
        let summary = a.summary.clone();
        let c = company("newco", "CN");
        content.companies.push(c);
        (content, summary)
    };
    let unsigned = bundle::create(good.clone(), vec![], LATER.into(), "colleague".into(), None);
    write_json(&home.join("unsigned.json"), &unsigned);
    let (_, alice_pub) = write_key_files(home, "alice", 0x11);
    write_key_files(home, "mallory", 0x22);
    let by_alice = bundle::create(good.clone(), vec![], LATER.into(), "alice".into(), Some(&key(0x11)));
    write_json(&home.join("alice.json"), &by_alice);
    let by_mallory = bundle::create(good.clone(), vec![], LATER.into(), "mallory".into(), Some(&key(0x22)));
    write_json(&home.join("mallory.json"), &by_mallory);

    // Tampered: a summary edited, the hash left alone.
    let mut v = read_json(&home.join("unsigned.json"));
    let allegations = v["content"]["allegations"].as_array_mut().unwrap();
    let i = allegations.iter().position(|a| a["summary"] == summary.as_str()).unwrap();
    allegations[i]["summary"] = Value::String(format!("{summary} (quietly edited)"));
    write_json(&home.join("tampered.json"), &v);

    // Truncated.
    let full = std::fs::read(home.join("unsigned.json")).unwrap();
    std::fs::write(home.join("truncated.json"), &full[..full.len() * 2 / 3]).unwrap();

    // From a newer schema: only the version is changed, nothing recomputed. The file is signed,
    // and the newer schema has a field this version does not know: the version check must come
    // before the content, hash and signature checks.
    let mut v = read_json(&home.join("alice.json"));
    v["manifest"]["schema_version"] = Value::from(SCHEMA_VERSION + 1);
    v["content"]["investigations"] = Value::Array(vec![]);
    write_json(&home.join("future.json"), &v);

    let before = db_state(&db);
    let refused = |file: &str, code: i32, kind: &str, needles: &[&str]| {
        let (_, err) = exits(cli(home, &db, &["import", file]), code);
        for n in needles {
            assert!(err.contains(n), "import {file}: message does not say {n:?}:\n{err}");
        }
        assert!(err.contains("nothing was imported"), "import {file}:\n{err}");
        assert_refusal(home, &db, &["import", file], code, kind);
        assert_eq!(db_state(&db), before, "import {file} changed the database");
        // A dry run is refused just the same.
        let (_, err2) = exits(cli(home, &db, &["import", "--dry-run", file]), code);
        assert_eq!(err2, err);
    };
    refused("tampered.json", 4, "altered", &["SHA-256", "altered"]);
    refused("truncated.json", 4, "truncated", &["truncated"]);
    refused("future.json", 4, "newer_version", &["newer RiskBrief", &format!("schema {}", SCHEMA_VERSION + 1)]);
    // No key is trusted yet: a signed bundle is refused until its key is.
    refused("alice.json", 4, "untrusted_key", &["untrusted key", &bundle::public_key_hex(&key(0x11))]);

    // Trust alice.
    let out = ok(cli(home, &db, &["keys", "trust", alice_pub.to_str().unwrap()]));
    assert!(out.contains("trusted alice"), "{out}");
    let before = db_state(&db);
    assert_eq!(before.keys.len(), 1);
    let refused = |file: &str, code: i32, kind: &str, needles: &[&str]| {
        let (_, err) = exits(cli(home, &db, &["import", file]), code);
        for n in needles {
            assert!(err.contains(n), "import {file}: message does not say {n:?}:\n{err}");
        }
        assert_refusal(home, &db, &["import", file], code, kind);
        assert_eq!(db_state(&db), before, "import {file} changed the database");
    };

    // Signed by a key that is not trusted.
    refused("mallory.json", 4, "untrusted_key", &["untrusted key", &bundle::public_key_hex(&key(0x22))]);
    // Signed by alice, then the manifest changed: the signature no longer matches.
    let mut v = read_json(&home.join("alice.json"));
    v["manifest"]["created_at"] = Value::String("2027-01-01T00:00:00Z".into());
    write_json(&home.join("resigned.json"), &v);
    refused("resigned.json", 4, "bad_signature", &["signature does not match"]);
    // The same bundle with the signature swapped for mallory's: refused as well.
    let mut v = read_json(&home.join("alice.json"));
    v["manifest"]["signature"]["public_key"] = Value::String(bundle::public_key_hex(&key(0x22)));
    write_json(&home.join("swapped.json"), &v);
    refused("swapped.json", 4, "bad_signature", &["signature does not match"]);
    // Unsigned, while a trusted key is configured.
    refused("unsigned.json", 4, "unsigned", &["unsigned", "--allow-unsigned"]);

    // ... accepted with --allow-unsigned; and alice's own bundle is accepted too.
    let out = ok(cli(home, &db, &["import", "--allow-unsigned", "unsigned.json"]));
    assert!(out.contains("1 added, 1 updated"), "{out}");
    assert!(out.contains("; unsigned"), "{out}");
    let store = Store::open(&db).unwrap();
    let a = data_of(&store, "deepseek").allegations.into_iter().find(|a| a.summary == summary).unwrap();
    assert_eq!(a.status, AllegationStatus::Confirmed);
    let out = ok(cli(home, &db, &["import", "alice.json"]));
    assert!(out.contains("signed by alice"), "{out}");
}

#[test]
fn keys_generate_trust_and_a_signed_import_names_the_signer() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let a_db = cli_db(home, "a.db", false);
    let b_db = cli_db(home, "b.db", true);

    let out = ok(cli(home, &a_db, &["keys", "generate", "me"]));
    assert!(out.contains("me.key") && out.contains("me.pub"), "{out}");
    let (sk, pk) = (home.join("me.key"), home.join("me.pub"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&sk).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the secret key must be private, got {mode:o}");
    }
    let secret = std::fs::read_to_string(&sk).unwrap();
    let public = std::fs::read_to_string(&pk).unwrap().trim().to_string();
    assert_eq!(public.len(), 64);
    assert_eq!(
        bundle::public_key_hex(&bundle::signing_key(&secret).unwrap()),
        public,
        "me.pub is not me.key's public key"
    );
    // Generating again would overwrite the secret: refused.
    let (_, err) = exits(cli(home, &a_db, &["keys", "generate", "me"]), 1);
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(std::fs::read_to_string(&sk).unwrap(), secret);

    let out = ok(cli(home, &b_db, &["keys", "trust", "me.pub"]));
    assert!(out.contains("trusted me"), "{out}");
    let out = ok(cli(home, &b_db, &["keys", "list"]));
    assert!(out.contains(&public) && out.contains("me"), "{out}");

    let out = ok(cli(home, &a_db, &["export", "-o", "signed.json", "--sign", "me.key"]));
    assert!(out.contains(&format!("signed by {public}")), "{out}");
    let out = ok(cli(home, &b_db, &["import", "signed.json"]));
    assert!(out.contains(&format!("signed by me ({public})")), "{out}");
    let out = ok(cli(home, &b_db, &["--json", "import", "--dry-run", "signed.json"]));
    let plan: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(plan["signer"]["name"], "me");
    assert_eq!(plan["signer"]["public_key"], public.as_str());

    let (a, b) = (Store::open(&a_db).unwrap(), Store::open(&b_db).unwrap());
    assert_eq!(snapshot(&b), snapshot(&a));
}

#[test]
fn an_import_that_fails_part_way_applies_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let db = cli_db(home, "rb.db", false);

    // Valid on its own; the second company's slug belongs to another company here.
    let s = source();
    let first = company("fresh", "CN");
    let mut clash = company("clash", "CN");
    clash.slug = "huawei".into();
    let content = Dataset {
        sources: vec![s.clone()],
        companies: vec![first.clone(), clash.clone()],
        allegations: vec![allegation(first.id, s.id)],
        ..Dataset::default()
    };
    let b = bundle::create(content, vec![], LATER.into(), "colleague".into(), None);
    write_json(&home.join("clash.json"), &b);

    let before = db_state(&db);
    let (_, err) = exits(cli(home, &db, &["import", "clash.json"]), 5);
    assert!(err.contains("huawei"), "{err}");
    assert_eq!(db_state(&db), before, "a failed import left part of its records behind");

    // The same through the core: a conflict error, nothing written.
    let mut store = Store::open(&db).unwrap();
    let (opened, _) =
        bundle::open("clash.json", &serde_json::to_vec(&b).unwrap(), &[], false, chrono::Utc::now()).unwrap();
    match store.import_bundle(&opened, None, false) {
        Err(e @ Error::Taken { .. }) => assert!(e.to_string().contains("huawei"), "{e}"),
        other => panic!("expected a clash on the slug, got {other:?}"),
    }
    drop(store);
    assert_eq!(db_state(&db), before);
    let store = Store::open(&db).unwrap();
    assert!(store.find_company(&first.slug).is_err(), "the first company was written");
    assert!(store.sources().unwrap().iter().all(|x| x.id != s.id), "the source was written");
}

/// A large bundle's plan counts every record but lists at most `ImportPlan::LISTED` of each
/// action (the CLI says how many more), and every added record is still indexed for search.
#[test]
fn a_large_bundle_is_counted_whole_listed_in_part_and_searchable_whole() {
    let mut t = TempStore::new();
    let s = source();
    let n = bundle::ImportPlan::LISTED as usize + 37;
    let companies: Vec<Company> = (0..n).map(|i| company(&format!("vendor{i:04}"), "CN")).collect();
    let content = Dataset { sources: vec![s.clone()], companies: companies.clone(), ..Dataset::default() };
    let b = bundle::create(content, vec![], LATER.into(), "colleague".into(), None);
    let plan = t.store.import_bundle(&b, None, false).unwrap();
    assert_eq!(plan.count(MergeAction::Add), n + 1);
    assert_eq!(plan.items.len(), bundle::ImportPlan::LISTED as usize);
    assert_eq!(plan.unlisted(MergeAction::Add), n + 1 - bundle::ImportPlan::LISTED as usize);
    let last = companies.last().unwrap();
    assert!(plan.items.iter().all(|i| i.id != last.id), "the last company is past the limit");
    let hits = t.store.search(&format!("vendor{:04}", n - 1), 5).unwrap();
    assert!(hits.iter().any(|h| h.id == last.id), "{hits:?}");

    // The same bundle again: all identical, nothing listed; the CLI says so in counts.
    let again = t.store.import_bundle(&b, None, true).unwrap();
    assert_eq!((again.count(MergeAction::Same), again.items.len()), (n + 1, 0));
    let home = t.dir.path();
    write_json(&home.join("big.json"), &b);
    let db = cli_db(home, "other.db", true);
    let text = ok(cli(home, &db, &["import", "--dry-run", "big.json"]));
    assert!(text.contains(&format!("{} added", n + 1)), "{text}");
    assert!(text.contains(&format!("add        … and {} more, not listed", n + 1 - 500)), "{text}");
    assert_eq!(text.lines().filter(|l| l.starts_with("  add ")).count(), 500 + 1, "{text}");
}

// ---------------------------------------------------------------------------------------------
// 5. Audit rows for imports
// ---------------------------------------------------------------------------------------------

#[test]
fn records_added_or_changed_by_an_import_are_in_the_history() {
    let source_db = TempStore::seeded();
    let mut content = source_db.store.export_dataset(None).unwrap();
    let b = bundle::create(content.clone(), vec![], LATER.into(), "colleague".into(), None);

    let mut t = TempStore::new();
    t.store.set_audit_context(AuditContext { actor: "Importer".into(), now: || ts("2026-11-29T08:00:00Z") });
    t.store.import_bundle(&b, None, false).unwrap();

    let deepseek = t.data("deepseek");
    let h = t.store.history(deepseek.company.id).unwrap();
    let creates: Vec<(&str, Uuid)> =
        h.iter().filter(|e| e.action == AuditAction::Create).map(|e| (e.table.table(), e.record_id)).collect();
    let mut expected = vec![("companies", deepseek.company.id)];
    expected.extend(deepseek.allegations.iter().map(|x| ("allegations", x.id)));
    expected.extend(deepseek.designations.iter().map(|x| ("designations", x.id)));
    expected.extend(deepseek.restrictions.iter().map(|x| ("restrictions", x.id)));
    expected.extend(deepseek.cloud_offerings.iter().map(|x| ("cloud_offerings", x.id)));
    let into = deepseek.ownership.relations.iter().filter(|r| r.to == deepseek.company.id);
    expected.extend(into.map(|x| ("relations", x.id)));
    assert_eq!(creates.len(), expected.len(), "{creates:#?}");
    for e in &expected {
        assert!(creates.contains(e), "no create entry for {e:?}");
    }
    assert_eq!(h.len(), expected.len(), "only creates so far: {h:#?}");
    for e in &h {
        assert_eq!((e.actor.as_str(), e.at), ("Importer", ts("2026-11-29T08:00:00Z")));
    }
    let a = &deepseek.allegations[0];
    let entry = h.iter().find(|e| e.record_id == a.id).unwrap();
    assert_eq!(entry.changes.get("summary").and_then(|v| v.get(1)), Some(&Value::String(a.summary.clone())));

    // An update by a second import: an update entry with the field's before and after.
    let x = content.allegations.iter_mut().find(|x| x.id == a.id).unwrap();
    let old = x.status;
    x.status = AllegationStatus::Refuted;
    x.updated_at = ts("2027-01-01T00:00:00Z");
    let b = bundle::create(content, vec![], LATER.into(), "colleague".into(), None);
    t.store.import_bundle(&b, None, false).unwrap();
    let h = t.store.history(deepseek.company.id).unwrap();
    assert_eq!(h[0].action, AuditAction::Update);
    assert_eq!(h[0].record_id, a.id);
    assert_eq!(h[0].changes.get("status"), Some(&serde_json::json!([old.code(), "refuted"])));
    assert_eq!(h.len(), expected.len() + 1, "only the changed record gets a new entry");
}

// ---------------------------------------------------------------------------------------------
// 6. Backup and restore
// ---------------------------------------------------------------------------------------------

#[test]
fn backup_while_the_database_is_open_copies_everything() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let db = cli_db(home, "rb.db", false);

    // The desktop app has the database open, with a recent write (still in the WAL).
    let mut held = Store::open(&db).unwrap();
    let deepseek = data_of(&held, "deepseek");
    let mut a = allegation(deepseek.company.id, deepseek.sources[0].id);
    a.summary = "Written while the app was open".into();
    held.save_allegation(&a).unwrap();

    let out = ok(cli(home, &db, &["backup", "copy.db"]));
    assert!(out.contains("copy.db"), "{out}");
    let copy = home.join("copy.db");
    let backup = Store::open(&copy).expect("the backup opens as a RiskBrief database");
    assert_eq!(backup.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(snapshot(&backup), snapshot(&held));
    assert!(data_of(&backup, "deepseek").allegations.iter().any(|x| x.id == a.id), "the latest write is missing");
    assert_eq!(all_counts(&copy), all_counts(&db));
    drop(backup);

    // Backing up onto an existing file is refused, and the file is left alone.
    std::fs::write(home.join("existing.db"), b"keep me").unwrap();
    let (_, err) = exits(cli(home, &db, &["backup", "existing.db"]), 5);
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(std::fs::read(home.join("existing.db")).unwrap(), b"keep me");
    let copy_state = db_state(&copy);
    let (_, err) = exits(cli(home, &db, &["backup", "copy.db"]), 5);
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(db_state(&copy), copy_state);
    drop(held);
}

#[test]
fn restore_brings_the_backup_back_and_needs_yes() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let db = cli_db(home, "rb.db", false);
    ok(cli(home, &db, &["backup", "backup.db"]));
    let saved = db_state(&db);

    // The database changes: a company is deleted.
    {
        let mut store = Store::open(&db).unwrap();
        let id = company_id(&store, "deepseek");
        store.delete_company(id).unwrap();
        assert!(store.find_company("deepseek").is_err());
    }
    let changed = db_state(&db);
    assert_ne!(changed, saved);

    // Without --yes: refused, nothing changes.
    let (_, err) = exits(cli(home, &db, &["restore", "backup.db"]), 1);
    assert!(err.contains("--yes"), "{err}");
    assert_eq!(db_state(&db), changed);

    let out = ok(cli(home, &db, &["restore", "backup.db", "--yes"]));
    assert!(out.contains("restored from"), "{out}");
    let store = Store::open(&db).unwrap();
    assert!(store.find_company("deepseek").is_ok(), "deepseek is not back");
    drop(store);
    assert_eq!(db_state(&db), saved);
}

#[test]
fn restore_refuses_files_that_are_not_riskbrief_databases() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let db = cli_db(home, "rb.db", false);
    let before = db_state(&db);

    // An SQLite database of another application.
    let other = home.join("other.db");
    {
        let conn = rusqlite::Connection::open(&other).unwrap();
        conn.execute_batch(
            "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('hello');",
        )
        .unwrap();
    }
    let other_bytes = std::fs::read(&other).unwrap();
    let (_, err) = exits(cli(home, &db, &["restore", "other.db", "--yes"]), 4);
    assert!(err.contains("not a RiskBrief database"), "{err}");
    assert_eq!(db_state(&db), before, "a refused restore changed the database");
    assert_eq!(std::fs::read(&other).unwrap(), other_bytes, "the other application's file was modified");

    // A text file.
    std::fs::write(home.join("notes.txt"), "these are not the records you are looking for\n".repeat(50)).unwrap();
    let (_, err) = exits(cli(home, &db, &["restore", "notes.txt", "--yes"]), 4);
    assert!(err.contains("not a RiskBrief database"), "{err}");
    assert_eq!(db_state(&db), before, "a refused restore changed the database");

    // No such file.
    let (_, err) = exits(cli(home, &db, &["restore", "missing.db", "--yes"]), 3);
    assert!(err.contains("missing.db"), "{err}");
    assert_eq!(db_state(&db), before);
}

/// A zero-byte file (an interrupted copy, a `touch`ed name) is no backup: restoring it must not
/// wipe the database.
#[test]
fn restore_refuses_an_empty_file() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let db = cli_db(home, "rb.db", false);
    let before = db_state(&db);
    std::fs::write(home.join("empty.db"), b"").unwrap();
    let o = cli(home, &db, &["restore", "empty.db", "--yes"]);
    let after = db_state(&db);
    assert_eq!(
        after.counts,
        before.counts,
        "restoring a zero-byte file replaced the database (exit {:?}, stdout {:?})",
        o.status.code(),
        stdout(&o)
    );
    assert!(!o.status.success(), "restoring a zero-byte file succeeded: {}", stdout(&o));
}

// ---------------------------------------------------------------------------------------------
// Fingerprints cover the facts, not the serialisation
// ---------------------------------------------------------------------------------------------

#[test]
fn fingerprints_cover_facts_not_bookkeeping_or_new_empty_fields() {
    let t = TempStore::seeded();
    let data = data_of(&t.store, "deepseek");
    let fp = riskbrief::brief::fingerprint(&data);
    assert_eq!(fp.len(), 64, "{fp}");
    assert_eq!(riskbrief::brief::FACTS_VERSION, 1);

    // A model type that gains an optional field: existing data fingerprints as before.
    let mut v = serde_json::to_value(&data).unwrap();
    v["company"]["a_field_added_later"] = serde_json::Value::Null;
    v["allegations"][0]["another_one"] = serde_json::json!([]);
    assert_eq!(riskbrief::brief::fingerprint(&v), fp);

    // Saving a record again (a new updated_at) is no new fact; a changed name is.
    let mut touched = data.clone();
    touched.company.updated_at = ts("2030-01-01T00:00:00Z");
    assert_eq!(riskbrief::brief::fingerprint(&touched), fp);
    let mut renamed = data.clone();
    renamed.company.legal_name.push_str(" (renamed)");
    assert_ne!(riskbrief::brief::fingerprint(&renamed), fp);
}

#[test]
fn a_re_screening_that_finds_nothing_new_leaves_a_brief_current() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let db = cli_db(home, "rb.db", false);
    let lists = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lists");
    let files: Vec<String> =
        ["sdn.csv", "alt.csv", "add.csv"].iter().map(|f| lists.join(f).display().to_string()).collect();
    let mut args = vec!["lists", "import", "--format", "ofac", "--as-of", "2025-01-01"];
    args.extend(files.iter().map(String::as_str));
    ok(cli(home, &db, &args));
    ok(cli(home, &db, &["screen", "deepseek"]));
    ok(cli(home, &db, &["brief", "deepseek", "-o", "b.pdf"]));
    std::thread::sleep(std::time::Duration::from_millis(1100)); // a later screened_at
    ok(cli(home, &db, &["screen", "deepseek"]));
    let (out, _) = exits(cli(home, &db, &["verify", "b.pdf"]), 0);
    assert!(out.contains("unchanged since"), "{out}");
}

/// A file whose bytes are `now` until it is rewound after a read, and `then` after: a bundle
/// changed on disk while it is imported.
struct ChangesWhenRewound {
    now: std::io::Cursor<Vec<u8>>,
    then: Option<Vec<u8>>,
    read: bool,
}

impl std::io::Read for ChangesWhenRewound {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.read = true;
        self.now.read(buf)
    }
}

impl std::io::Seek for ChangesWhenRewound {
    fn seek(&mut self, to: std::io::SeekFrom) -> std::io::Result<u64> {
        if self.read {
            if let Some(then) = self.then.take() {
                self.now = std::io::Cursor::new(then);
            }
        }
        self.now.seek(to)
    }
}

/// A file that fails once `fails_at` bytes have been read (a disk or network share that goes
/// away during an import).
struct FailsPartWay {
    bytes: std::io::Cursor<Vec<u8>>,
    fails_at: u64,
}

impl std::io::Read for FailsPartWay {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let left = self.fails_at.saturating_sub(self.bytes.position());
        if left == 0 {
            return Err(std::io::Error::other("the device went away"));
        }
        let end = buf.len().min(left as usize);
        self.bytes.read(&mut buf[..end])
    }
}

impl std::io::Seek for FailsPartWay {
    fn seek(&mut self, to: std::io::SeekFrom) -> std::io::Result<u64> {
        self.bytes.seek(to)
    }
}

/// A store whose clock stands after `LATER` and after every date in the bundled dataset.
fn clocked(mut t: TempStore) -> TempStore {
    t.store.set_audit_context(AuditContext { actor: "Ana Analyst".into(), now: || ts("2026-12-03T00:00:00Z") });
    t
}

fn import_file(store: &mut Store, bytes: Vec<u8>, then: Option<Vec<u8>>) -> riskbrief::Result<bundle::ImportPlan> {
    import_heard(store, bytes, then).0
}

/// `import_file`, with the progress it reported.
fn import_heard(
    store: &mut Store,
    bytes: Vec<u8>,
    then: Option<Vec<u8>>,
) -> (riskbrief::Result<bundle::ImportPlan>, Vec<BundleProgress>) {
    let mut file = ChangesWhenRewound { now: std::io::Cursor::new(bytes), then, read: false };
    import_from(store, "b.json", &mut file, app::exchange::ImportMode::Apply)
}

/// Imports `file`, shown as `name`, unsigned bundles allowed; with the progress it reported.
fn import_from<F: std::io::Read + std::io::Seek + Send>(
    store: &mut Store,
    name: &str,
    file: &mut F,
    mode: app::exchange::ImportMode,
) -> (riskbrief::Result<bundle::ImportPlan>, Vec<BundleProgress>) {
    let mut heard = Vec::new();
    let plan =
        app::exchange::import_bundle(store, name, file, app::exchange::Unsigned::Allow, mode, &mut |p| heard.push(p));
    (plan, heard)
}

/// The steps a run of progress reports went through, in order, each with its reports' `total`
/// and its last `done`; every step's reports grow and stay within the total.
fn steps(heard: &[BundleProgress]) -> Vec<(BundlePhase, u64, u64)> {
    let mut steps: Vec<(BundlePhase, u64, u64)> = Vec::new();
    for p in heard {
        assert!(p.done <= p.total, "{p:?}");
        match steps.last_mut() {
            Some((phase, total, done)) if *phase == p.phase => {
                assert_eq!(*total, p.total, "a step keeps its total: {p:?}");
                assert!(p.done > *done, "a step's reports grow: {p:?} after {done}");
                *done = p.done;
            }
            _ => steps.push((p.phase, p.total, p.done)),
        }
    }
    steps
}

/// An import reports its steps in order: the file's bytes checked and merged as they are read;
/// a file read whole after its stream stopped, its bytes read and checked, then its records
/// merged. Each step reaches its total (the throttling of reports is `Reports`' unit test). The
/// merged records wait in the search backlog, one for each document search finds, until the
/// index catches up, which reports its own progress to the end.
#[test]
fn a_bundle_import_reports_each_step_to_its_end() {
    let source_db = clocked(TempStore::seeded());
    let mut written = Vec::new();
    app::exchange::export_bundle(&source_db.store, None, None, &mut written, Path::new("all.json")).unwrap();
    let size = written.len() as u64;
    let data = source_db.store.export_dataset(None).unwrap();
    let records = data.records().count() as u64;
    let indexed = (data.companies.len()
        + data.allegations.len()
        + data.sources.len()
        + data.deployments.len()
        + data.persons.len()
        + data.relations.len()) as u64;
    assert!(data.persons.len() + data.relations.len() > 0);
    let mut v: Value = serde_json::from_slice(&written).unwrap();
    v.sort_all_objects();
    let sorted = serde_json::to_vec(&v).unwrap();
    let sorted_size = sorted.len() as u64;

    let mut streamed = clocked(TempStore::new());
    let (plan, heard) = import_heard(&mut streamed.store, written.clone(), None);
    plan.unwrap();
    assert_eq!(steps(&heard), [(BundlePhase::Merging, size, size)]);
    assert_eq!(streamed.store.search_backlog().unwrap(), indexed);
    assert_eq!(index_matches_documents(&streamed), Err(format!("0 entries for {indexed} documents")));
    let mut caught_up = vec![];
    assert_eq!(streamed.store.catch_up_search(&mut |done, total| caught_up.push((done, total))).unwrap(), indexed);
    assert_eq!(caught_up, [(0, indexed), (indexed, indexed)], "one transaction: fewer than 10,000 records");
    assert_eq!(streamed.store.search_backlog().unwrap(), 0);

    let mut whole = clocked(TempStore::new());
    let (plan, heard) = import_heard(&mut whole.store, sorted, None);
    plan.unwrap();
    // The stream stops at the first array out of order, some way into its merge.
    let heard = steps(&heard);
    assert!(matches!(heard[0], (BundlePhase::Merging, total, _) if total == sorted_size), "{heard:?}");
    assert_eq!(
        heard[1..],
        [(BundlePhase::Checking, sorted_size, sorted_size), (BundlePhase::Merging, records, records),]
    );
    whole.store.catch_up_search(&mut |_, _| {}).unwrap();

    assert_eq!(index_matches_documents(&streamed), Ok(()));
    assert_eq!(index_matches_documents(&whole), Ok(()));

    // A dry run builds no search index (it rolls back): one step.
    let mut dry = clocked(TempStore::new());
    let (plan, heard) = import_from(
        &mut dry.store,
        "b.json",
        &mut std::io::Cursor::new(written.clone()),
        app::exchange::ImportMode::DryRun,
    );
    plan.unwrap();
    assert_eq!(steps(&heard), [(BundlePhase::Merging, size, size)]);
    assert_eq!(dry.counts(), clocked(TempStore::new()).counts());

    // Everything already here: nothing to index.
    let (plan, heard) = import_heard(&mut streamed.store, written.clone(), None);
    plan.unwrap();
    assert_eq!(steps(&heard), [(BundlePhase::Merging, size, size)]);
    assert_eq!(streamed.store.search_backlog().unwrap(), 0);
    assert_eq!(streamed.store.catch_up_search(&mut |_, _| panic!("nothing to report")).unwrap(), 0);

    // A refused file stops where it is refused: an altered one once it is read.
    let name = &data.companies[0].legal_name;
    let altered = String::from_utf8(written).unwrap().replacen(name, &format!("{name} Ltd"), 1).into_bytes();
    let altered_size = altered.len() as u64;
    let (plan, heard) = import_heard(&mut clocked(TempStore::new()).store, altered, None);
    assert!(plan.unwrap_err().to_string().contains("altered"));
    assert_eq!(steps(&heard), [(BundlePhase::Merging, altered_size, altered_size)]);
}

/// A bundle in the order RiskBrief writes is read as a stream, record by record; one in another
/// member order is read whole. Both are checked the same way and merge to the same database.
#[test]
fn a_bundle_is_streamed_when_in_order_and_read_whole_otherwise_with_the_same_result() {
    let source_db = clocked(TempStore::seeded());
    let mut written = Vec::new();
    app::exchange::export_bundle(&source_db.store, None, None, &mut written, Path::new("all.json")).unwrap();
    // The same bundle with every object's members sorted by name (serde_json's `Value`):
    // `allegations` before `companies` and `sources`.
    let mut v: Value = serde_json::from_slice(&written).unwrap();
    v.sort_all_objects();
    let sorted = serde_json::to_vec(&v).unwrap();
    let now = source_db.store.now().utc();
    let streams =
        |bytes: &[u8]| bundle::stream("b.json", bytes, &[], true, now, &|_| (), &mut |_, ()| Ok(())).unwrap().is_some();
    assert!(streams(&written));
    assert!(!streams(&sorted));

    let mut streamed = clocked(TempStore::new());
    let mut whole = clocked(TempStore::new());
    let a = import_file(&mut streamed.store, written, None).unwrap();
    let b = import_file(&mut whole.store, sorted, None).unwrap();
    assert_eq!(a.tally, b.tally);
    assert!(a.tally.add > 100, "{:?}", a.tally);
    assert_eq!(snapshot(&streamed.store), snapshot(&source_db.store));
    assert_eq!(snapshot(&whole.store), snapshot(&source_db.store));
    assert_eq!(streamed.counts(), whole.counts());
    // The same audit trail: a creation row per record, its fields derived when read.
    let (a_trail, b_trail) = (trail(&streamed), trail(&whole));
    assert_eq!(a_trail.len() as u32, a.tally.add);
    assert!(a_trail.iter().all(|row| row.0 == "create" && row.4 == "{}"), "{:?}", a_trail.first());
    assert_eq!(a_trail, b_trail);
    let deepseek = streamed.store.find_company("deepseek").unwrap();
    let history = streamed.store.history(deepseek.id).unwrap();
    assert_eq!(history, whole.store.history(deepseek.id).unwrap());
    let created = history.iter().find(|e| e.record_id == deepseek.id).unwrap();
    assert_eq!(created.changes["legal_name"], serde_json::json!([null, deepseek.legal_name]));
    // Imported again: every record is the same.
    let mut again = Vec::new();
    app::exchange::export_bundle(&source_db.store, None, None, &mut again, Path::new("all.json")).unwrap();
    let plan = import_file(&mut streamed.store, again, None).unwrap();
    assert_eq!((plan.tally.add, plan.tally.same), (0, a.tally.add));
}

/// A row of the audit trail: action, table, record id, company id, changes, actor.
type TrailRow = (String, String, String, Option<String>, String, String);

/// The audit trail, oldest first, as stored.
fn trail(t: &TempStore) -> Vec<TrailRow> {
    let conn = rusqlite::Connection::open(&t.path).unwrap();
    let mut st = conn
        .prepare("SELECT action, table_name, record_id, company_id, changes, actor FROM audit_log ORDER BY id")
        .unwrap();
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

/// A streamed bundle imported into a database that holds some of its records: a new record
/// gets the creation row a fresh import gives it, a stored record the bundle changed an update
/// row with only what changed, a stored record the same no row at all.
#[test]
fn a_streamed_import_audits_new_records_as_created_and_stored_ones_by_what_changed() {
    let mut colleague = clocked(TempStore::seeded());
    let mut first = Vec::new();
    app::exchange::export_bundle(&colleague.store, None, None, &mut first, Path::new("all.json")).unwrap();
    let mut here = clocked(TempStore::new());
    let plan = import_file(&mut here.store, first, None).unwrap();
    assert!(plan.tally.add > 100, "{:?}", plan.tally);
    let before = trail(&here).len();

    // The colleague then refutes an allegation and adds a company with a designation.
    let mut refuted = colleague.data("deepseek").allegations[0].clone();
    let old = refuted.status;
    refuted.status = AllegationStatus::Refuted;
    refuted.updated_at = ts(LATER);
    colleague.store.save_allegation(&refuted).unwrap();
    let newco = company("newco", "DE");
    colleague.store.save_company(&newco).unwrap();
    let listed = designation(newco.id, OfficialList::BisEntityList, DesignationStatus::Listed);
    colleague.store.save_designation(&listed).unwrap();
    let mut second = Vec::new();
    app::exchange::export_bundle(&colleague.store, None, None, &mut second, Path::new("all.json")).unwrap();

    let plan = import_file(&mut here.store, second.clone(), None).unwrap();
    assert_eq!((plan.tally.add, plan.tally.update), (2, 1), "{:?}", plan.tally);
    let trail_here = trail(&here);
    let rows = &trail_here[before..];
    assert_eq!(rows.len(), 3, "{rows:#?}");
    let update = rows.iter().find(|r| r.2 == refuted.id.to_string()).unwrap();
    assert_eq!((update.0.as_str(), update.1.as_str()), ("update", "allegations"));
    let changes: Value = serde_json::from_str(&update.4).unwrap();
    assert_eq!(changes, serde_json::json!({"status": [old.code(), "refuted"]}));

    // The new records' rows are the ones a fresh import of the same bundle writes.
    let mut fresh = clocked(TempStore::new());
    import_file(&mut fresh.store, second, None).unwrap();
    let trail_fresh = trail(&fresh);
    for id in [newco.id, listed.id] {
        let row = rows.iter().find(|r| r.2 == id.to_string()).unwrap();
        assert_eq!(row.0, "create");
        assert_eq!(row.4, "{}", "a creation row's fields are derived when read");
        assert!(trail_fresh.contains(row), "{row:?}");
    }
}

/// Every refusal of a streamed bundle rolls back what its merge wrote before the refusal was
/// known: an edited record, a reference to a record the bundle does not hold, a record newer
/// than the bundle, a file changed on disk while it is read again whole, a record the database
/// refuses.
#[test]
fn a_streamed_bundle_refused_anywhere_changes_nothing() {
    let mut t = clocked(TempStore::seeded());
    let s = source();
    let c = company("streamed", "CN");
    let content = Dataset {
        sources: vec![s.clone()],
        companies: vec![c.clone()],
        allegations: vec![allegation(c.id, s.id)],
        ..Dataset::default()
    };
    let file = |content: Dataset| {
        serde_json::to_vec_pretty(&bundle::create(content, vec![], LATER.into(), "colleague".into(), None)).unwrap()
    };
    let good = file(content.clone());
    let streamed = bundle::stream("b.json", &good[..], &[], true, chrono::Utc::now(), &|_| (), &mut |_, ()| Ok(()));
    assert!(streamed.unwrap().is_some());
    let before = (t.counts(), snapshot(&t.store));
    let refused = |t: &mut TempStore, bytes: Vec<u8>, then: Option<Vec<u8>>, needle: &str| {
        let err = import_file(&mut t.store, bytes, then).unwrap_err();
        assert!(err.to_string().contains(needle), "expected {needle:?}, got: {err}");
        assert_eq!((t.counts(), snapshot(&t.store)), before, "refused ({err}) but the database changed");
    };

    // A record edited after the bundle was made, the order kept.
    let edited = String::from_utf8(good.clone()).unwrap().replace(&c.legal_name, &format!("{} Ltd", c.legal_name));
    assert_ne!(edited.as_bytes(), &good[..]);
    refused(&mut t, edited.into_bytes(), None, "altered");
    // An allegation about a company the bundle does not hold.
    let mut orphan = content.clone();
    orphan.allegations[0].company_id = Uuid::now_v7();
    refused(&mut t, file(orphan), None, "is not in the dataset");
    // A record newer than the bundle.
    let mut newer = content.clone();
    newer.companies[0].updated_at = ts("2027-06-01T00:00:00Z");
    refused(&mut t, file(newer), None, "later than the bundle");
    // Read whole after its stream stopped (its arrays out of order), and changed on disk in
    // between: cut short, refused as such.
    let mut sorted: Value = serde_json::from_slice(&good).unwrap();
    sorted.sort_all_objects();
    let sorted = serde_json::to_vec(&sorted).unwrap();
    refused(&mut t, sorted.clone(), Some(sorted[..sorted.len() / 2].to_vec()), "truncated");
    // A record the database refuses once the others are written: a slug taken here.
    let mut clash = content.clone();
    clash.companies.push(Company { slug: "huawei".into(), ..company("clash", "CN") });
    refused(&mut t, file(clash), None, "huawei");

    // The good file imports whole.
    let plan = import_file(&mut t.store, good, None).unwrap();
    assert_eq!(plan.tally.add, 3);
    assert_eq!(t.store.find_company("streamed").unwrap().legal_name, c.legal_name);
}

/// A file that can no longer be read part-way through (its records read so far handed to the
/// merge) or from its start is refused as unreadable, naming it; nothing is kept, and nothing
/// is read whole in its place.
#[test]
fn a_bundle_unreadable_part_way_is_an_io_error_and_changes_nothing() {
    let source_db = clocked(TempStore::seeded());
    let mut written = Vec::new();
    app::exchange::export_bundle(&source_db.store, None, None, &mut written, Path::new("all.json")).unwrap();
    let mut t = clocked(TempStore::new());
    let before = (t.counts(), snapshot(&t.store));
    for fails_at in [written.len() as u64 * 9 / 10, 0] {
        let mut file = FailsPartWay { bytes: std::io::Cursor::new(written.clone()), fails_at };
        let (err, heard) = import_from(&mut t.store, "usb/b.json", &mut file, app::exchange::ImportMode::Apply);
        let err = err.unwrap_err();
        assert!(matches!(&err, Error::Io { message, .. } if message == "usb/b.json: the device went away"), "{err:?}");
        assert_eq!((t.counts(), snapshot(&t.store)), before);
        assert!(heard.iter().all(|p| p.phase == BundlePhase::Merging), "{heard:?}");
    }
    import_file(&mut t.store, written, None).unwrap();
    t.store.catch_up_search(&mut |_, _| {}).unwrap();
    assert_eq!(index_matches_documents(&t), Ok(()));
}

/// Search over a store, as (kind, id) pairs: what a search for `query` finds.
fn found(store: &Store, query: &str) -> Vec<(SearchKind, Uuid)> {
    let mut hits: Vec<(SearchKind, Uuid)> =
        store.search(query, 1000).unwrap().into_iter().map(|h| (h.kind, h.id)).collect();
    hits.sort_by_key(|(k, id)| (format!("{k:?}"), *id));
    hits
}

/// An imported bundle is searched like the database it came from: its deployments, persons and
/// relations too, not only its companies, allegations and sources.
#[test]
fn a_bundle_import_indexes_every_kind_that_search_finds() {
    let mut source_db = clocked(TempStore::seeded());
    let (file, bytes) = riskbrief::dataset::SAMPLE_REGISTER;
    app::exposure::import_deployments(&mut source_db.store, file, bytes, &[], false, ts("2026-12-02T00:00:00Z"))
        .unwrap();
    let mut written = Vec::new();
    app::exchange::export_bundle(&source_db.store, None, None, &mut written, Path::new("all.json")).unwrap();
    let mut imported = clocked(TempStore::new());
    import_file(&mut imported.store, written, None).unwrap();
    let deployment = source_db.store.deployments().unwrap().remove(0);
    let person = source_db.store.persons().unwrap().remove(0);
    for query in [deployment.name.as_str(), person.name.as_str(), "incubator", "DeepSeek", "H800"] {
        let (there, here) = (found(&source_db.store, query), found(&imported.store, query));
        assert!(!there.is_empty(), "{query}");
        assert_eq!(here, there, "{query}");
    }
    let kinds = |q: &str| found(&imported.store, q).into_iter().map(|(k, _)| k).collect::<Vec<_>>();
    assert!(kinds(&deployment.name).contains(&SearchKind::Deployment));
    assert!(kinds(&person.name).contains(&SearchKind::Person));
    assert!(kinds(&person.name).contains(&SearchKind::Relation));
}

/// Whether the search index holds each search document once, as it stands, and nothing else.
fn index_matches_documents(t: &TempStore) -> Result<(), String> {
    let raw = t.raw();
    let rows = |sql: &str| -> Vec<String> {
        let mut st = raw.prepare(sql).unwrap();
        let mut rows: Vec<String> = st.query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect();
        rows.sort();
        rows
    };
    let doc = "kind || ' ' || ref_id || ' ' || title || ' ' || body";
    let (index, documents) =
        (rows(&format!("SELECT {doc} FROM search_index")), rows(&format!("SELECT {doc} FROM search_documents")));
    if index == documents {
        Ok(())
    } else {
        Err(format!("{} entries for {} documents", index.len(), documents.len()))
    }
}

/// A relation's search document names its parties: renaming a company renames it in its
/// relations' documents too, whether the rename is an edit or comes in a bundle.
#[test]
fn renaming_a_company_renames_it_in_its_relations_search_documents() {
    let relation_hits = |store: &Store, q: &str| {
        store.search(q, 1000).unwrap().into_iter().filter(|h| h.kind == SearchKind::Relation).count()
    };
    let mut source_db = clocked(TempStore::seeded());
    let mut written = Vec::new();
    app::exchange::export_bundle(&source_db.store, None, None, &mut written, Path::new("all.json")).unwrap();
    let mut imported = clocked(TempStore::new());
    import_file(&mut imported.store, written, None).unwrap();

    let mut c = source_db.store.find_company("deepseek").unwrap();
    let old_name = c.legal_name.clone();
    let relations = relation_hits(&source_db.store, &c.legal_name);
    assert!(relations > 0);
    c.legal_name = "Zyxwv Renamed Research Co.".into();
    c.updated_at = ts("2026-12-02T00:00:00Z");
    source_db.store.save_company(&c).unwrap();
    assert_eq!(relation_hits(&source_db.store, "Zyxwv"), relations, "an edit");
    assert_eq!(relation_hits(&source_db.store, &old_name), 0, "the old name is gone");
    assert_eq!(index_matches_documents(&source_db), Ok(()));

    let mut written = Vec::new();
    app::exchange::export_bundle(&source_db.store, None, None, &mut written, Path::new("all.json")).unwrap();
    let plan = import_file(&mut imported.store, written, None).unwrap();
    assert_eq!(plan.tally.update, 1);
    assert_eq!(relation_hits(&imported.store, "Zyxwv"), relations, "an import");
    assert_eq!(relation_hits(&imported.store, &old_name), 0, "the old name is gone");
    assert_eq!(index_matches_documents(&imported), Ok(()));
    assert_eq!(found(&imported.store, "Zyxwv"), found(&source_db.store, "Zyxwv"), "the same documents, each once");
}
