//! Shared fixtures: a store on a temporary file, minimal valid records with fresh ids,
//! and raw views of the database for before/after comparisons.

#![allow(dead_code)]

use chrono::NaiveDate;
use riskbrief::model::*;
use riskbrief::{dataset, Store};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use tempfile::TempDir;
use uuid::Uuid;

pub const UPDATED: &str = "2025-07-01T00:00:00Z";

/// A timestamp from its RFC 3339 text.
#[track_caller]
pub fn ts(s: &str) -> riskbrief::model::Timestamp {
    s.parse().unwrap()
}

/// Every table of schema 1 (and the full-text index), for row counts.
pub const TABLES: &[&str] = &[
    "sources",
    "companies",
    "allegations",
    "allegation_sources",
    "responses",
    "designations",
    "restrictions",
    "cloud_offerings",
    "search_index",
];

/// A store on a real SQLite file inside a directory that is removed on drop.
pub struct TempStore {
    pub dir: TempDir,
    pub path: PathBuf,
    pub store: Store,
}

impl TempStore {
    /// A new, empty database file.
    pub fn new() -> TempStore {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("riskbrief.db");
        let store = Store::open(&path).expect("open new database");
        TempStore { dir, path, store }
    }

    /// A new database filled with the bundled dataset.
    pub fn seeded() -> TempStore {
        let mut t = TempStore::new();
        t.store.import_dataset(&dataset::bundled().expect("bundled dataset")).expect("import bundled");
        t
    }

    /// A second, independent connection on the same file (no RiskBrief code involved).
    pub fn raw(&self) -> rusqlite::Connection {
        raw(&self.path)
    }

    pub fn counts(&self) -> BTreeMap<&'static str, i64> {
        counts(&self.path)
    }

    /// Everything about the company with this slug.
    pub fn data(&self, slug: &str) -> CompanyData {
        let c = self.store.find_company(slug).unwrap_or_else(|e| panic!("find {slug}: {e}"));
        self.store.company_data(c.id).unwrap()
    }
}

pub fn raw(path: &Path) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(path).expect("raw connection");
    conn.busy_timeout(std::time::Duration::from_secs(5)).unwrap();
    conn
}

/// Row count of every table, read through a separate connection.
pub fn counts(path: &Path) -> BTreeMap<&'static str, i64> {
    let conn = raw(path);
    TABLES
        .iter()
        .map(|t| (*t, conn.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0)).unwrap()))
        .collect()
}

/// The whole content of the database as comparable data.
pub fn snapshot(store: &Store) -> (Vec<CompanyData>, Vec<Source>) {
    (store.all_company_data().unwrap(), store.sources().unwrap())
}

pub fn id() -> Uuid {
    Uuid::now_v7()
}

pub fn pd(s: &str) -> PartialDate {
    s.parse().unwrap_or_else(|e| panic!("{e}"))
}

pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// The as-of date used where a fixed reference date is needed (just after the founding report).
pub fn as_of() -> NaiveDate {
    day(2025, 7, 1)
}

pub fn source() -> Source {
    Source {
        id: id(),
        publisher: "Example Wire".into(),
        title: "A report".into(),
        url: None,
        published: None,
        kind: SourceKind::NewsReport,
        reliability: Reliability::B,
        note: None,
        updated_at: ts(UPDATED),
    }
}

pub fn source_graded(reliability: Reliability) -> Source {
    Source { reliability, ..source() }
}

/// A company with a unique slug (`<prefix>-<random>`), incorporated in `country`.
pub fn company(prefix: &str, country: &str) -> Company {
    let suffix = &id().simple().to_string()[20..];
    Company {
        id: id(),
        slug: format!("{prefix}-{suffix}"),
        legal_name: format!("{prefix} test company"),
        native_name: None,
        aliases: vec![],
        country: country.into(),
        headquarters: None,
        owner: None,
        sector: None,
        website: None,
        description: None,
        products: vec![],
        source_ids: vec![],
        updated_at: ts(UPDATED),
    }
}

pub fn allegation(company_id: Uuid, source_id: Uuid) -> Allegation {
    Allegation {
        id: id(),
        company_id,
        category: AllegationCategory::Other,
        summary: "Something was alleged".into(),
        detail: None,
        attribution: None,
        status: AllegationStatus::Alleged,
        first_reported: Some(pd("2025-06")),
        citations: vec![Citation { source_id, credibility: Credibility::C3 }],
        responses: vec![],
        updated_at: ts(UPDATED),
    }
}

pub fn designation(company_id: Uuid, list: OfficialList, status: DesignationStatus) -> Designation {
    Designation {
        id: id(),
        company_id,
        list,
        listed_name: None,
        status,
        since: None,
        until: None,
        as_of: match status {
            DesignationStatus::NotListed | DesignationStatus::UnderReview => Some(pd("2025-06")),
            _ => None,
        },
        citation: None,
        source_id: None,
        note: None,
        updated_at: ts(UPDATED),
    }
}

pub fn restriction(company_id: Uuid, scope: RestrictionScope) -> Restriction {
    Restriction {
        id: id(),
        company_id,
        jurisdiction: "Italy".into(),
        body: "Garante".into(),
        measure: "Ordered a stop".into(),
        scope,
        date: Some(pd("2025-01-30")),
        source_id: None,
        updated_at: ts(UPDATED),
    }
}

pub fn cloud_offering(company_id: Uuid, platform: &str) -> CloudOffering {
    CloudOffering {
        id: id(),
        company_id,
        product: "Model-1".into(),
        platform: platform.into(),
        service: "Managed API".into(),
        offering_type: OfferingType::ManagedApi,
        data_path: DataPath::ProviderRegion,
        regions: vec![],
        available_since: None,
        last_verified: None,
        source_id: None,
        note: None,
        updated_at: ts(UPDATED),
    }
}

/// A company with no records at all, as scoring input.
pub fn bare_data(country: &str) -> CompanyData {
    CompanyData {
        company: company("bare", country),
        allegations: vec![],
        designations: vec![],
        restrictions: vec![],
        cloud_offerings: vec![],
        sources: vec![],
        screenings: vec![],
        ownership: Default::default(),
    }
}

/// One company of the bundled dataset, as stored and read back (the scoring input the CLI uses).
pub fn bundled_data(slug: &str) -> CompanyData {
    TempStore::seeded().data(slug)
}

/// Asserts that `r` is a validation error whose message contains every one of `needles`.
/// A field error must also name, as data, a field its message names.
#[track_caller]
pub fn assert_validation<T: std::fmt::Debug>(r: riskbrief::Result<T>, needles: &[&str]) {
    let msg = match r {
        Err(riskbrief::Error::Validation(msg)) => msg,
        Err(e @ riskbrief::Error::Invalid { .. }) => {
            let riskbrief::Error::Invalid { field, .. } = &e else { unreachable!() };
            assert!(e.to_string().contains(&format!("field `{field}`")), "{e}: the field as data is not the one named");
            e.to_string()
        }
        other => panic!("expected a validation error mentioning {needles:?}, got {other:?}"),
    };
    for n in needles {
        assert!(msg.contains(n), "validation message {msg:?} does not mention {n:?}");
    }
}

/// Asserts that `r` is a field error on `field` of a `record`, whose problem mentions `needle`.
#[track_caller]
pub fn assert_invalid_field<T: std::fmt::Debug>(
    r: riskbrief::Result<T>,
    record: Option<riskbrief::model::RecordKind>,
    field: &str,
    needle: &str,
) {
    match r {
        Err(riskbrief::Error::Invalid { record: r, field: f, problem, .. }) => {
            assert_eq!((r, f.as_str()), (record, field));
            assert!(problem.contains(needle), "{problem:?} does not mention {needle:?}");
        }
        other => panic!("expected an error on field {field}, got {other:?}"),
    }
}

// ---- the CLI as a process ----

/// A command with a clean environment: no RISKBRIEF_DB, HOME / XDG_DATA_HOME inside `home`.
pub fn riskbrief(home: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_riskbrief"));
    c.env_remove("RISKBRIEF_DB")
        .env_remove("RISKBRIEF_CJK_FONT")
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("xdg-data"))
        .env("NO_COLOR", "1")
        .env("COLUMNS", "400")
        .current_dir(home);
    c
}

/// `riskbrief --db <db> <args…>`, run inside `home`.
pub fn cli(home: &Path, db: &Path, args: &[&str]) -> Output {
    let mut c = riskbrief(home);
    c.arg("--db").arg(db).args(args);
    c.output().expect("run riskbrief")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[track_caller]
pub fn ok(o: Output) -> String {
    assert!(o.status.success(), "riskbrief failed ({:?}):\nstdout:\n{}\nstderr:\n{}", o.status, stdout(&o), stderr(&o));
    stdout(&o)
}

/// Asserts the exit status and returns stdout and stderr.
#[track_caller]
pub fn exits(o: Output, code: i32) -> (String, String) {
    assert_eq!(o.status.code(), Some(code), "expected exit {code}:\nstdout:\n{}\nstderr:\n{}", stdout(&o), stderr(&o));
    (stdout(&o), stderr(&o))
}

/// A temp folder with `riskbrief init` (seeded) or `init --empty` database at `<dir>/<name>`.
pub fn cli_db(dir: &Path, name: &str, empty: bool) -> PathBuf {
    let db = dir.join(name);
    let args: &[&str] = if empty { &["init", "--empty"] } else { &["init"] };
    let out = ok(cli(dir, &db, args));
    assert!(out.contains("created"), "{out}");
    db
}

/// Runs `args` with `--errors json` and checks the refusal crosses as data: the exit status,
/// `code` and `kind` as the desktop app receives them, and the same message as the text form.
pub fn assert_refusal(home: &Path, db: &Path, args: &[&str], status: i32, kind: &str) {
    let mut with = vec!["--errors", "json"];
    with.extend_from_slice(args);
    let (_, err) = exits(cli(home, db, &with), status);
    let e: serde_json::Value = serde_json::from_str::<serde_json::Value>(err.trim())
        .unwrap_or_else(|x| panic!("{args:?}: not one JSON error ({x}):\n{err}"));
    assert_eq!(e["kind"], kind, "{args:?}: {e}");
    let code = match status {
        3 => "not_found",
        5 => "conflict",
        _ => "validation",
    };
    assert_eq!(e["code"], code, "{args:?}: {e}");
    assert!(e["message"].as_str().is_some_and(|m| !m.is_empty()), "{e}");
}

/// A reader that hands out its bytes `step` at a time, as a slow disk or a pipe may: a list
/// file read through it has its characters, lines and quoted fields split between reads.
pub struct Drip<'a> {
    pub bytes: &'a [u8],
    pub step: usize,
}

impl std::io::Read for Drip<'_> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let n = self.step.min(self.bytes.len()).min(out.len());
        out[..n].copy_from_slice(&self.bytes[..n]);
        self.bytes = &self.bytes[n..];
        Ok(n)
    }
}
