//! The `riskbrief` binary as a real process, always on a temporary database.

use crate::common::*;
use riskbrief::db::SCHEMA_VERSION;
use std::path::Path;
use std::process::{Command, Output};
use tempfile::TempDir;

/// A command with a clean environment: no RISKBRIEF_DB, and HOME / XDG_DATA_HOME inside `home`
/// so that the default database location can never be the real one.
fn riskbrief(home: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_riskbrief"));
    c.env_remove("RISKBRIEF_DB")
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("xdg-data"))
        .env("NO_COLOR", "1")
        .env("COLUMNS", "400");
    c
}

fn run(mut c: Command) -> Output {
    c.output().expect("run riskbrief")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8 stdout")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("utf-8 stderr")
}

#[track_caller]
fn ok(o: Output) -> String {
    assert!(o.status.success(), "riskbrief failed ({:?}):\nstdout:\n{}\nstderr:\n{}", o.status, stdout(&o), stderr(&o));
    stdout(&o)
}

/// `riskbrief --db <db> <args…>`.
fn with_db(home: &Path, db: &Path, args: &[&str]) -> Output {
    let mut c = riskbrief(home);
    c.arg("--db").arg(db).args(args);
    run(c)
}

/// A temp dir with an initialised (seeded) database in it.
fn seeded() -> (TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("brief.db");
    let out = ok(with_db(dir.path(), &db, &["init"]));
    assert!(out.contains("created"), "{out}");
    assert!(db.is_file());
    (dir, db)
}

/// The company count from the portfolio header "Portfolio as of … — N companies".
fn portfolio_count(out: &str) -> usize {
    let line = out
        .lines()
        .find(|l| l.starts_with("Portfolio as of"))
        .unwrap_or_else(|| panic!("no portfolio header in:\n{out}"));
    let n = line.rsplit("— ").next().unwrap().split_whitespace().next().unwrap();
    n.parse().unwrap_or_else(|_| panic!("no count in {line:?}"))
}

#[test]
fn list_shows_the_bundled_companies() {
    let (dir, db) = seeded();
    let out = ok(with_db(dir.path(), &db, &["list"]));
    assert!(portfolio_count(&out) >= 7, "{out}");
    assert!(out.contains("deepseek"), "{out}");
    assert!(out.contains("huawei"), "{out}");
}

#[test]
fn list_on_a_new_file_creates_and_seeds_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sub").join("folder").join("new.db");
    let o = with_db(dir.path(), &db, &["list"]);
    let out = ok(o);
    assert!(portfolio_count(&out) >= 7, "{out}");
    assert!(db.is_file());
    // The second run opens the existing file and says nothing on stderr.
    let o = with_db(dir.path(), &db, &["list"]);
    assert!(o.status.success());
    assert_eq!(stderr(&o), "");
    assert_eq!(portfolio_count(&stdout(&o)), portfolio_count(&out));
}

/// `list --head N`: the N riskiest, in the whole list's order, and how many there are.
#[test]
fn list_head_is_the_riskiest_rows_with_the_total() {
    let (dir, db) = seeded();
    let all: serde_json::Value =
        serde_json::from_str(&ok(with_db(dir.path(), &db, &["--json", "list", "--as-of", "2025-07-01"]))).unwrap();
    let all = all["companies"].as_array().unwrap();
    let out = ok(with_db(dir.path(), &db, &["--json", "list", "--as-of", "2025-07-01", "--head", "2"]));
    let head: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(head["total"], all.len());
    assert_eq!(head["companies"].as_array().unwrap(), &all[..2]);
    let text = ok(with_db(dir.path(), &db, &["list", "--as-of", "2025-07-01", "--head", "2"]));
    assert_eq!(portfolio_count(&text), all.len());
    assert!(text.contains("(the 2 riskiest shown)"), "{text}");
    assert!(text.contains(all[0]["summary"]["slug"].as_str().unwrap()), "{text}");
    assert!(!text.contains(all[2]["summary"]["slug"].as_str().unwrap()), "{text}");
}

#[test]
fn json_list_parses() {
    let (dir, db) = seeded();
    let out = ok(with_db(dir.path(), &db, &["--json", "list", "--as-of", "2025-07-01"]));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON ({e}):\n{out}"));
    assert_eq!(v["as_of"], "2025-07-01");
    let companies = v["companies"].as_array().expect("companies array");
    assert!(companies.len() >= 7);
    let ds = companies.iter().find(|c| c["summary"]["slug"] == "deepseek").expect("deepseek in JSON");
    let score = ds["score"].as_u64().expect("numeric score");
    assert!(score <= 100);
    assert!(["low", "moderate", "high", "severe"].contains(&ds["band"].as_str().unwrap()));
    // Riskiest first.
    let scores: Vec<u64> = companies.iter().map(|c| c["score"].as_u64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
}

#[test]
fn show_deepseek_prints_the_whole_brief() {
    let (dir, db) = seeded();
    let out = ok(with_db(dir.path(), &db, &["show", "deepseek", "--as-of", "2025-07-01"]));
    for needle in [
        "杭州深度求索人工智能基础技术研究有限公司",
        "ALLEGATIONS (7)",
        "Alleged by: A senior U.S. State Department official, speaking to Reuters on condition of anonymity",
        "B3",
        "B6",
        "[ALLEGED]",
        "[DISPUTED]",
        "[UNDER INVESTIGATION]",
        "Nvidia",
        "H800",
        "Not listed",
        "OFAC SDN List",
        "Amazon",
        "Microsoft",
        "Google",
        "USAGE GUIDANCE",
        "NOT RECOMMENDED",
        "ACCEPTABLE WITH CONTROLS",
        "SCORE BREAKDOWN",
        "SOURCES",
        "Reuters",
    ] {
        assert!(out.contains(needle), "`show deepseek` lacks {needle:?}:\n{out}");
    }
    assert!(!out.contains("[CONFIRMED]"), "{out}");
}

#[test]
fn show_by_native_name_and_json() {
    let (dir, db) = seeded();
    let out = ok(with_db(dir.path(), &db, &["show", "深度求索", "--as-of", "2025-07-01"]));
    assert!(out.contains("(deepseek)"), "{out}");
    let out = ok(with_db(dir.path(), &db, &["--json", "show", "deepseek", "--as-of", "2025-07-01"]));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["data"]["company"]["slug"], "deepseek");
    assert_eq!(v["data"]["allegations"].as_array().unwrap().len(), 7);
    assert!(v["assessment"]["score"].is_u64());
}

#[test]
fn show_unknown_company_fails_with_one_helpful_line() {
    let (dir, db) = seeded();
    let o = with_db(dir.path(), &db, &["show", "nosuchco"]);
    assert!(!o.status.success());
    assert_eq!(o.status.code(), Some(3), "not-found exit status");
    assert_eq!(stdout(&o), "");
    let err = stderr(&o);
    assert_eq!(err.trim_end().lines().count(), 1, "stderr is not one line:\n{err}");
    assert!(err.contains("nosuchco"), "{err}");
    assert!(err.contains("riskbrief list"), "{err}");
}

#[test]
fn db_pointing_at_a_directory_fails_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("a-folder");
    std::fs::create_dir(&folder).unwrap();
    let o = with_db(dir.path(), &folder, &["list"]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(err.contains("folder") || err.contains("directory"), "{err}");
    assert!(err.contains("a-folder"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 0, "something was written into the folder");
}

#[test]
fn newer_database_is_refused() {
    let (dir, db) = seeded();
    raw(&db).pragma_update(None, "user_version", SCHEMA_VERSION + 1).unwrap();
    let o = with_db(dir.path(), &db, &["list"]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(err.contains("newer"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn garbage_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("junk.db");
    std::fs::write(&db, "this is not a database, just text\n".repeat(200)).unwrap();
    let o = with_db(dir.path(), &db, &["list"]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(err.contains("not a RiskBrief database"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn riskbrief_db_env_is_honoured_and_db_flag_overrides_it() {
    let dir = tempfile::tempdir().unwrap();
    let from_env = dir.path().join("env.db");
    let from_flag = dir.path().join("flag.db");

    let mut c = riskbrief(dir.path());
    c.env("RISKBRIEF_DB", &from_env).args(["init", "--empty"]);
    ok(run(c));
    assert!(from_env.is_file(), "RISKBRIEF_DB was ignored");

    let mut c = riskbrief(dir.path());
    c.env("RISKBRIEF_DB", &from_env).arg("list");
    assert_eq!(portfolio_count(&ok(run(c))), 0, "list did not read the RISKBRIEF_DB database");

    let mut c = riskbrief(dir.path());
    c.env("RISKBRIEF_DB", &from_env).arg("--db").arg(&from_flag).arg("list");
    let out = ok(run(c));
    assert!(portfolio_count(&out) >= 7, "--db did not override RISKBRIEF_DB:\n{out}");
    assert!(from_flag.is_file());
    assert_eq!(counts(&from_env)["companies"], 0, "the RISKBRIEF_DB database was written to");
    // Nothing went to the default location.
    assert!(!dir.path().join("xdg-data").exists());
}

#[test]
fn search_finds_the_h800_allegation() {
    let (dir, db) = seeded();
    let out = ok(with_db(dir.path(), &db, &["search", "H800"]));
    assert!(out.contains("allegation"), "{out}");
    assert!(out.contains("deepseek"), "{out}");
    assert!(out.contains("shell firms"), "the H100/H800 allegation is not listed:\n{out}");

    let out = ok(with_db(dir.path(), &db, &["--json", "search", "华为"]));
    let hits: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(hits.as_array().unwrap().iter().any(|h| h["kind"] == "company" && h["company_slug"] == "huawei"), "{out}");

    let out = ok(with_db(dir.path(), &db, &["search", "zzqqxxnothing"]));
    assert!(out.contains("No matches."), "{out}");
}

/// A bundle import commits its records before they are indexed for search, and says so; the
/// next search indexes them first and finds them, and `index` does it on request.
#[test]
fn a_search_after_a_bundle_import_indexes_the_imported_records_first() {
    let (dir, a) = seeded();
    let home = dir.path();
    let bundle = home.join("all.json");
    let bundle = bundle.to_str().unwrap();
    ok(with_db(home, &a, &["export", "-o", bundle]));
    let entries = |db: &Path| -> (i64, i64) {
        let c = raw(db);
        let n = |sql: &str| c.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
        (n("SELECT count(*) FROM search_index"), n("SELECT count(*) FROM search_backlog"))
    };
    let documents = raw(&a).query_row("SELECT count(*) FROM search_documents", [], |r| r.get::<_, i64>(0)).unwrap();

    for (name, first) in [("b.db", "search"), ("c.db", "index")] {
        let db = home.join(name);
        ok(with_db(home, &db, &["init", "--empty"]));
        let out = ok(with_db(home, &db, &["import", bundle]));
        assert!(
            out.contains(&format!(
                "Search: {documents} records wait to be indexed; the next search indexes them first"
            )),
            "{out}"
        );
        assert_eq!(entries(&db), (0, documents));
        // Everything but search works on the imported records at once.
        assert!(ok(with_db(home, &db, &["show", "deepseek"])).contains("DeepSeek"));
        if first == "search" {
            let out = ok(with_db(home, &db, &["search", "H800"]));
            assert!(out.contains("shell firms"), "{out}");
        } else {
            let out = ok(with_db(home, &db, &["index"]));
            assert_eq!(out.trim(), format!("indexed {documents} records for search; the search index is up to date"));
        }
        assert_eq!(entries(&db), (documents, 0));
        assert_eq!(ok(with_db(home, &db, &["index"])).trim(), "the search index is up to date");
        // Imported again: nothing new, nothing to index, nothing said about it.
        let out = ok(with_db(home, &db, &["import", bundle]));
        assert!(!out.contains("Search:"), "{out}");
    }
}

#[test]
fn init_empty_then_list_shows_no_company() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("empty.db");
    let out = ok(with_db(dir.path(), &db, &["init", "--empty"]));
    assert!(out.contains("0 companies"), "{out}");
    let out = ok(with_db(dir.path(), &db, &["list"]));
    assert_eq!(portfolio_count(&out), 0, "{out}");
    assert!(!out.contains("deepseek"));
    // init refuses to overwrite.
    let o = with_db(dir.path(), &db, &["init"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("already exists"), "{}", stderr(&o));
    assert_eq!(counts(&db)["companies"], 0);
}

#[test]
fn bad_as_of_date_is_refused() {
    let (dir, db) = seeded();
    let o = with_db(dir.path(), &db, &["list", "--as-of", "30/06/2025"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("--as-of"), "{}", stderr(&o));
}
