//! What hostile testing of the release CLI found (issue #10), each as a regression test through
//! the real CLI process: nothing a user stored is lost or replaced by a failed or empty
//! operation, no file is left half-written, no write fails with "database is locked".

use crate::common::{cli, cli_db, exits, ok, riskbrief, stderr, stdout};
use crate::common::{company, id, raw, source};
use crate::provenance::db_state;
use riskbrief::model::Dataset;
use riskbrief::{bundle, Store};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lists").join(name)
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> String {
    std::fs::write(dir.join(name), bytes).unwrap();
    name.to_string()
}

/// Files in `dir` whose names start with ".riskbrief-": temporary files left behind.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".riskbrief-"))
        .collect()
}

/// Overwrites every page but the first with garbage: integrity_check fails, reads fail.
fn damage_pages(db: &Path) {
    let mut bytes = std::fs::read(db).unwrap();
    let page = 4096;
    assert!(bytes.len() > 3 * page, "database too small to damage");
    for (i, b) in bytes.iter_mut().enumerate().skip(page) {
        if (i / 512) % 2 == 0 {
            *b = 0xA5;
        }
    }
    std::fs::write(db, bytes).unwrap();
}

/// An OFAC snapshot imported from the fixtures; returns the list's entry count.
fn import_ofac(home: &Path, db: &Path) -> String {
    let files = [fixture("sdn.csv"), fixture("alt.csv"), fixture("add.csv")];
    let mut args = vec!["lists", "import", "--format", "ofac", "--as-of", "2025-01-01"];
    let paths: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    args.extend(paths.iter().map(String::as_str));
    ok(cli(home, db, &args));
    ok(cli(home, db, &["lists"]))
}

// ---- restore ----------------------------------------------------------------------------------

#[test]
fn restore_refuses_incomplete_and_damaged_backups_and_leaves_the_database_alone() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let db = cli_db(home, "rb.db", false);
    let before = db_state(&db);

    // The reproduction from the report: a `companies` table and a plausible version.
    let fake = home.join("fake.db");
    rusqlite::Connection::open(&fake)
        .unwrap()
        .execute_batch("CREATE TABLE companies(a, b); PRAGMA user_version = 3;")
        .unwrap();
    let (_, err) = exits(cli(home, &db, &["restore", "fake.db", "--yes"]), 4);
    assert!(err.contains("not a RiskBrief database backup") && err.contains("nothing was restored"), "{err}");
    assert_eq!(db_state(&db), before, "a refused restore changed the database");
    ok(cli(home, &db, &["show", "deepseek"]));

    // A real backup with one table dropped.
    ok(cli(home, &db, &["backup", "full.db"]));
    std::fs::copy(home.join("full.db"), home.join("lacking.db")).unwrap();
    raw(&home.join("lacking.db")).execute_batch("DROP TABLE cloud_offerings;").unwrap();
    let (_, err) = exits(cli(home, &db, &["restore", "lacking.db", "--yes"]), 4);
    assert!(err.contains("cloud_offerings") && err.contains("missing"), "{err}");
    assert_eq!(db_state(&db), before);

    // A real backup whose pages are damaged.
    std::fs::copy(home.join("full.db"), home.join("damaged.db")).unwrap();
    damage_pages(&home.join("damaged.db"));
    let (_, err) = exits(cli(home, &db, &["restore", "damaged.db", "--yes"]), 4);
    assert!(err.contains("nothing was restored"), "{err}");
    assert_eq!(db_state(&db), before);

    // A directory and a device are no backups either.
    let (_, err) = exits(cli(home, &db, &["restore", "/dev/zero", "--yes"]), 4);
    assert!(err.contains("not a regular file"), "{err}");
    assert_eq!(db_state(&db), before);
}

#[test]
fn restore_keeps_the_previous_database_and_replaces_it_whole() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let db = cli_db(home, "rb.db", false);
    ok(cli(home, &db, &["backup", "b.db"]));
    let saved = db_state(&db);
    ok(cli(home, &db, &["keys", "trust", &write(home, "k.pub", "ab".repeat(32))]));
    let changed = db_state(&db);
    assert_ne!(saved, changed);

    let out = ok(cli(home, &db, &["restore", "b.db", "--yes"]));
    assert_eq!(db_state(&db), saved);
    let kept = out.lines().find_map(|l| l.strip_prefix("the previous contents are kept in ")).expect(&out);
    assert_eq!(db_state(Path::new(kept)), changed, "the kept copy is not the database as it was");
    assert!(leftovers(home).is_empty(), "temporary files left: {:?}", leftovers(home));
}

// ---- list files that are empty, cut off or hostile --------------------------------------------

#[test]
fn empty_and_cut_off_list_files_never_replace_a_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let db = cli_db(home, "rb.db", false);
    let listed = import_ofac(home, &db);
    let before = db_state(&db);

    let sdn = std::fs::read_to_string(fixture("sdn.csv")).unwrap();
    let cut = sdn.find("\"BANCO NACIONAL").unwrap() + 8; // inside a quoted name
    let header_1260h = std::fs::read_to_string(fixture("dod-1260h.csv")).unwrap().lines().next().unwrap().to_string();
    let cases: Vec<(&str, String, &str, &str)> = vec![
        ("ofac", write(home, "empty.csv", ""), "no list entries", "no_entries"),
        ("ofac", write(home, "eof.csv", [0x1a]), "no list entries", "no_entries"),
        ("ofac", write(home, "cut.csv", &sdn[..cut]), "never closed", "truncated"),
        ("dod_1260h", write(home, "header.csv", format!("{header_1260h}\n")), "no list entries", "no_entries"),
        (
            "csl",
            write(home, "csl.json", r#"{"total": 0, "sources": [], "results": []}"#),
            "no list entries",
            "no_entries",
        ),
        ("opensanctions_ftm", write(home, "ftm.jsonl", ""), "no list entries", "no_entries"),
    ];
    for (format, file, why, kind) in cases {
        let args = ["lists", "import", "--format", format, "--as-of", "2026-01-01", &file];
        let (_, err) = exits(cli(home, &db, &args), 4);
        assert!(err.contains(why) && err.contains(&file), "{format} {file}: {err}");
        crate::common::assert_refusal(home, &db, &args, 4, kind);
        assert_eq!(db_state(&db), before, "{format} {file} changed the database");
    }
    assert_eq!(ok(cli(home, &db, &["lists"])), listed);
}

#[test]
fn hostile_list_files_are_refused_plainly() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let db = cli_db(home, "rb.db", false);
    let before = db_state(&db);
    let import = |file: &str, format: &str| {
        cli(home, &db, &["lists", "import", "--format", format, "--as-of", "2026-01-01", file])
    };

    // UTF-16, as Excel saves "Unicode text".
    let mut utf16 = vec![0xFF, 0xFE];
    for u in "Name,Clean Name\nACME,ACME\n".encode_utf16() {
        utf16.extend(u.to_le_bytes());
    }
    let (_, err) = exits(import(&write(home, "u16.csv", utf16), "dod_1260h"), 4);
    assert!(err.contains("UTF-16") && err.contains("iconv"), "{err}");

    // A name made only of invisible characters.
    let header = std::fs::read_to_string(fixture("dod-1260h.csv")).unwrap().lines().next().unwrap().to_string();

    // A byte that is not UTF-8 deep in a file read as a stream, well past its first buffer: named
    // by its line.
    let mut big = format!("{header}\n").into_bytes();
    for i in 2..6000 {
        big.extend(format!("Company Number {i},Company Number {i},,,,,2022-10-05,,\n").bytes());
        if i == 4321 {
            // Line 4322, after row 4321.
            big.extend(b"Caf\xe9 Ltd,,,,,,2022-10-05,,\n");
        }
    }
    assert!(big.len() > 256 << 10);
    let (_, err) = exits(import(&write(home, "latin1.csv", big), "dod_1260h"), 4);
    assert!(err.contains("latin1.csv: line 4322: not UTF-8"), "{err}");
    let invisible = format!("{header}\n\u{200E}\u{200F},\u{200E}\u{200F},,,,,2022-10-05,,\n");
    let (_, err) = exits(import(&write(home, "invisible.csv", invisible), "dod_1260h"), 4);
    assert!(err.contains("no letter or digit"), "{err}");

    // A device grows without end, a FIFO never ends: both refused at once.
    let (_, err) = exits(import("/dev/zero", "ofac"), 4);
    assert!(err.contains("not a regular file"), "{err}");
    for args in [&["import", "/dev/zero"][..], &["verify", "/dev/zero"], &["screen", "--names", "/dev/zero"]] {
        let (_, err) = exits(cli(home, &db, args), 4);
        assert!(err.contains("not a regular file"), "{args:?}: {err}");
    }
    let fifo = home.join("fifo");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let mut child = riskbrief(home)
        .arg("--db")
        .arg(&db)
        .args(["lists", "import", "--format", "ofac", "fifo"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("reading a FIFO blocked");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(4));

    // A missing file is "not found" (3), as the README promises.
    let (_, err) = exits(import("missing.csv", "ofac"), 3);
    assert!(err.contains("missing.csv"), "{err}");
    assert_eq!(db_state(&db), before);

    // A right-to-left override in a list entry is shown, not obeyed.
    let f = fixture("dod-1260h.csv").display().to_string();
    ok(cli(home, &db, &["lists", "import", "--format", "dod_1260h", "--as-of", "2025-01-01", &f]));
    let rlo = format!("{header}\nEvil \u{202E}corp,Evil \u{202E}corp,,,,,2022-10-05,,\n");
    ok(import(&write(home, "rlo.csv", rlo), "dod_1260h"));
    let out = ok(cli(home, &db, &["lists", "changes", "dod_1260h"]));
    assert!(out.contains("Evil <U+202E>corp") && !out.contains('\u{202E}'), "{out}");
}

// ---- output: atomic files, closed pipes, spreadsheets -----------------------------------------

/// Runs `riskbrief` under `sh` with a file-size limit, so writes past `kib` KiB fail as on a
/// full disk (SIGXFSZ ignored: the write returns an error instead of killing the process).
fn with_small_disk(home: &Path, db: &Path, kib: u32, args: &str) -> std::process::Output {
    let script = format!("trap '' XFSZ; ulimit -f {}; exec \"$0\" --db \"$1\" {args}", kib * 2);
    let mut c = Command::new("sh");
    c.arg("-c").arg(script).arg(env!("CARGO_BIN_EXE_riskbrief")).arg(db).current_dir(home);
    c.env_remove("RISKBRIEF_DB").env("HOME", home);
    c.output().unwrap()
}

#[test]
fn a_full_disk_leaves_no_partial_file_and_no_record() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let seeded = cli_db(home, "seed.db", false);
    // 48 KiB: enough for SQLite's shared-memory file, less than a backup or the DeepSeek brief.
    let fresh = |name: &str| {
        let db = home.join(name);
        std::fs::copy(&seeded, &db).unwrap();
        (db.clone(), db_state(&db))
    };
    let (db, before) = fresh("a.db");
    let o = with_small_disk(home, &db, 48, "brief deepseek -o board.pdf");
    assert!(!o.status.success(), "{}", stdout(&o));
    assert!(stderr(&o).contains("board.pdf"), "{}", stderr(&o));
    assert!(!home.join("board.pdf").exists(), "a truncated PDF was left");
    assert_eq!(db_state(&db), before, "a brief that was not written was recorded");

    let (db, before) = fresh("b.db");
    let o = with_small_disk(home, &db, 48, "backup backup.db");
    assert!(!o.status.success());
    assert!(!home.join("backup.db").exists(), "a partial backup was left");
    assert_eq!(db_state(&db), before);

    // `brief --all` stops at the first brief that does not fit; what it wrote before is whole.
    let (db, _) = fresh("c.db");
    let o = with_small_disk(home, &db, 48, "brief --all -o all");
    assert!(!o.status.success());
    for f in std::fs::read_dir(home.join("all")).unwrap() {
        let f = f.unwrap().path();
        let o = cli(home, &db, &["verify", &f.display().to_string()]);
        assert_eq!(o.status.code(), Some(0), "{} is not a whole, recorded brief: {}", f.display(), stdout(&o));
    }
    assert!(leftovers(home).is_empty() && leftovers(&home.join("all")).is_empty(), "temporary files left");
}

#[test]
fn an_interrupted_brief_all_resumes_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let db = cli_db(home, "rb.db", false);
    let args = ["brief", "--all", "-o", "out", "--as-of", "2026-01-01"];
    ok(cli(home, &db, &args));
    let first = home.join("out/deepseek-2026-01-01.pdf");
    let kept = std::fs::read(home.join("out/huawei-2026-01-01.pdf")).unwrap();
    std::fs::remove_file(&first).unwrap(); // as if the run had stopped before it
    let out = ok(cli(home, &db, &args));
    assert!(out.contains("already there, kept"), "{out}");
    assert!(first.is_file());
    assert_eq!(std::fs::read(home.join("out/huawei-2026-01-01.pdf")).unwrap(), kept, "a finished brief was redone");
    // A file that is not a recorded brief is still never overwritten.
    std::fs::write(&first, b"my own notes").unwrap();
    let (_, err) = exits(cli(home, &db, &args), 5);
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(std::fs::read(&first).unwrap(), b"my own notes");
}

#[test]
fn a_closed_pipe_ends_the_command_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let db = cli_db(home, "rb.db", false);
    import_ofac(home, &db);
    // Far more output than a pipe holds, so the writer always meets the closed end.
    write(home, "big.txt", "Banco Nacional de Cuba\nAnglo-Caribbean Co Ltd\n".repeat(2000));
    for args in [
        "screen --names big.txt --json",
        "screen --names big.txt --csv -",
        "screen --names big.txt",
        "show deepseek --json",
    ] {
        let script =
            format!("cd \"$2\"; \"$0\" --db \"$1\" {args} | head -c 10 >/dev/null; echo \"exit=${{PIPESTATUS[0]}}\"");
        let o = Command::new("bash")
            .arg("-c")
            .arg(script)
            .arg(env!("CARGO_BIN_EXE_riskbrief"))
            .arg(&db)
            .arg(home)
            .output()
            .unwrap();
        let (out, err) = (stdout(&o), stderr(&o));
        assert!(out.contains("exit=0"), "{args}: {out} {err}");
        assert!(!err.contains("panicked") && !err.contains("Broken pipe"), "{args}: {err}");
    }
}

#[test]
fn supplier_hits_csv_cannot_carry_a_formula() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let db = cli_db(home, "rb.db", false);
    import_ofac(home, &db);
    write(
        home,
        "names.txt",
        "=Banco Nacional de Cuba\n+Banco Nacional de Cuba\n-Banco Nacional de Cuba\n@Banco Nacional de Cuba\n",
    );
    ok(cli(home, &db, &["screen", "--names", "names.txt", "--csv", "hits.csv"]));
    let csv = std::fs::read_to_string(home.join("hits.csv")).unwrap();
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let mut rows = 0;
    for rec in r.records() {
        let rec = rec.unwrap();
        for cell in rec.iter() {
            assert!(!cell.starts_with(['=', '+', '-', '@']), "live formula cell {cell:?} in\n{csv}");
        }
        assert!(rec[0].starts_with('\''), "query not neutralised: {:?}", &rec[0]);
        rows += 1;
    }
    assert!(rows >= 4, "expected a hit per name:\n{csv}");
}

#[test]
fn a_name_list_whose_first_line_holds_a_comma_is_screened() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let db = cli_db(home, "rb.db", false);
    import_ofac(home, &db);
    write(home, "names.txt", "Anglo-Caribbean Co., Ltd.\nBanco Nacional de Cuba\nAcme\n");
    let out = ok(cli(home, &db, &["screen", "--names", "names.txt", "--json"]));
    let hits: serde_json::Value = serde_json::from_str(&out).unwrap();
    let queries: Vec<&str> = hits.as_array().unwrap().iter().filter_map(|h| h["query"].as_str()).collect();
    assert!(queries.contains(&"Anglo-Caribbean Co., Ltd."), "{out}");
}

// ---- search -----------------------------------------------------------------------------------

#[test]
fn search_queries_are_escaped_and_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let db = cli_db(home, "rb.db", false);
    for wildcard in ["%", "_", "%%"] {
        let out = ok(cli(home, &db, &["search", "--json", "--limit", "1000", wildcard]));
        let hits: serde_json::Value = serde_json::from_str(&out).unwrap();
        let holding: i64 = raw(&db)
            .query_row("SELECT count(*) FROM search_index WHERE instr(title, ?1) OR instr(body, ?1)", [wildcard], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(hits.as_array().unwrap().len() as i64, holding, "{wildcard:?} is not searched for as itself");
    }
    let many = vec!["ab"; 1000].join(" ");
    let (_, err) = exits(cli(home, &db, &["search", &many]), 4);
    assert!(err.contains("at most"), "{err}");
    let (_, err) = exits(cli(home, &db, &["search", "huawei", "--limit", "99999999999999999999999"]), 2);
    assert!(err.contains("--limit"), "{err}");
    let o = cli(home, &db, &["search", "-huawei"]);
    assert!(!o.status.success() && !stdout(&o).contains("Usage"), "a leading hyphen printed help");
    assert!(stderr(&o).contains("tip: to pass"), "{}", stderr(&o));
    ok(cli(home, &db, &["search", "--", "-huawei"]));
}

// ---- a damaged database -----------------------------------------------------------------------

#[test]
fn a_damaged_database_is_named_and_takes_no_import_or_backup() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let db = cli_db(home, "rb.db", false);
    damage_pages(&db);
    let files = fixture("dod-1260h.csv").display().to_string();
    for args in [vec!["lists", "import", "--format", "dod_1260h", files.as_str()], vec!["backup", "b.db"], vec!["list"]]
    {
        let o = cli(home, &db, &args);
        assert!(!o.status.success(), "{args:?} succeeded on a damaged database");
        let err = stderr(&o);
        assert!(err.contains("damaged") && err.contains("restore"), "{args:?}: {err}");
    }
    assert!(!home.join("b.db").exists());
}

// ---- bundles ----------------------------------------------------------------------------------

fn one_company_bundle(created_at: &str, updated_at: &str) -> serde_json::Value {
    let s = source();
    let mut c = company("bundled", "CN");
    c.updated_at = updated_at.parse().unwrap_or(riskbrief::model::Timestamp::UNSTORED);
    let data = Dataset { sources: vec![s], companies: vec![c], ..Dataset::default() };
    let mut v = serde_json::to_value(bundle::create(data, vec![], created_at.into(), "test".into(), None)).unwrap();
    // A stamp that is no time at all can only be written as text.
    v["content"]["companies"][0]["updated_at"] = updated_at.into();
    v
}

#[test]
fn bundles_with_duplicate_keys_unknown_versions_or_bad_times_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let db = cli_db(home, "rb.db", false);
    let before = db_state(&db);
    let good = one_company_bundle("2026-01-02T00:00:00Z", "2026-01-01T00:00:00Z");
    let text = serde_json::to_string_pretty(&good).unwrap();

    // A key given twice: the record would say two things at once.
    let dup = text.replacen("\"legal_name\":", "\"legal_name\": \"Other Ltd\",\n      \"legal_name\":", 1);
    let (_, err) = exits(cli(home, &db, &["import", &write(home, "dup.json", dup)]), 4);
    assert!(err.contains("duplicate field"), "{err}");

    let mut v = good.clone();
    v["manifest"]["bundle_version"] = 7.into();
    let (_, err) = exits(cli(home, &db, &["import", &write(home, "v7.json", v.to_string())]), 4);
    assert!(err.contains("bundle version 7"), "{err}");

    for (stamp, why) in [("9999-99-99", "not an RFC 3339 time"), ("2027-01-01T00:00:00Z", "later than the bundle")] {
        let v = one_company_bundle("2026-01-02T00:00:00Z", stamp);
        let (_, err) = exits(cli(home, &db, &["import", &write(home, "t.json", v.to_string())]), 4);
        assert!(err.contains(why), "{stamp}: {err}");
    }

    let mut v = good.clone();
    v["deletions"] = serde_json::json!([{"table": "passwords", "id": id()}]);
    // Re-seal the content hash so that only the unknown table is wrong.
    let b: bundle::Bundle = serde_json::from_value(v).unwrap();
    let resealed = bundle::create(b.content, b.deletions, b.manifest.created_at, "test".into(), None);
    let (_, err) =
        exits(cli(home, &db, &["import", &write(home, "del.json", serde_json::to_string(&resealed).unwrap())]), 4);
    assert!(err.contains("unknown table \"passwords\""), "{err}");
    assert_eq!(db_state(&db), before);

    // A byte-order mark is no reason to refuse a bundle.
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend(text.as_bytes());
    ok(cli(home, &db, &["import", &write(home, "bom.json", bom)]));
}

#[test]
fn times_compare_as_times_and_dry_runs_fail_as_imports_do() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let db = cli_db(home, "rb.db", false);
    // The same instant in lower case is not "newer".
    let store = Store::open(&db).unwrap();
    let deepseek = store.find_company("deepseek").unwrap();
    let mut data = store.export_dataset(Some(deepseek.id)).unwrap();
    let same = &mut data.companies[0];
    same.legal_name.push_str(" (edited elsewhere)");
    let b = bundle::create(data, vec![], "2026-12-02T12:00:00Z".into(), "t".into(), None);
    drop(store);
    let stamp = deepseek.updated_at.to_string();
    let text = serde_json::to_string(&b).unwrap().replace(&stamp, &stamp.to_lowercase());
    assert!(text.contains(&stamp.to_lowercase()));
    let out = ok(cli(home, &db, &["import", "--json", "--dry-run", &write(home, "lower.json", text)]));
    assert!(out.contains("\"conflict\""), "a lower-case timestamp won the merge: {out}");

    // Deleting a source that local records still cite fails, in the dry run as in the import.
    let store = Store::open(&db).unwrap();
    let cited = store.company_data(deepseek.id).unwrap().sources[0].id;
    drop(store);
    let del = vec![bundle::Deletion { table: "sources".into(), id: cited }];
    let b = bundle::create(Dataset::default(), del, "2026-12-02T12:00:00Z".into(), "t".into(), None);
    let f = write(home, "delsrc.json", serde_json::to_string(&b).unwrap());
    let dry = cli(home, &db, &["import", "--dry-run", &f]);
    let real = cli(home, &db, &["import", &f]);
    assert!(!real.status.success());
    assert_eq!(dry.status.code(), real.status.code(), "dry run: {} / import: {}", stdout(&dry), stderr(&real));

    // Deleting a company lists what goes with it.
    let huawei = Store::open(&db).unwrap().find_company("huawei").unwrap().id;
    let del = vec![bundle::Deletion { table: "companies".into(), id: huawei }];
    let b = bundle::create(Dataset::default(), del, "2026-12-02T12:00:00Z".into(), "t".into(), None);
    let out = ok(cli(
        home,
        &db,
        &["import", "--json", "--dry-run", &write(home, "delco.json", serde_json::to_string(&b).unwrap())],
    ));
    let plan: serde_json::Value = serde_json::from_str(&out).unwrap();
    let tables: Vec<&str> = plan["items"].as_array().unwrap().iter().map(|i| i["table"].as_str().unwrap()).collect();
    assert!(tables.contains(&"companies") && tables.contains(&"designations"), "{out}");
}

// ---- concurrency ------------------------------------------------------------------------------

/// Four writer processes and three readers on one database for `RISKBRIEF_STRESS_SECS` seconds
/// (30 by default): every write waits its turn, none fails with "database is locked", none is lost.
#[test]
fn concurrent_writers_and_readers_never_see_a_lock_error() {
    let secs: u64 = std::env::var("RISKBRIEF_STRESS_SECS").ok().and_then(|s| s.parse().ok()).unwrap_or(30);
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().to_path_buf();
    let db = cli_db(&home, "rb.db", false);
    let companies_before: i64 = raw(&db).query_row("SELECT count(*) FROM companies", [], |r| r.get(0)).unwrap();
    let end = Instant::now() + Duration::from_secs(secs);
    let mut threads = vec![];
    for w in 0..4 {
        let (home, db) = (home.clone(), db.clone());
        threads.push(std::thread::spawn(move || {
            let (mut done, mut failures) = (0i64, vec![]);
            while Instant::now() < end {
                // Each import reads what is stored, then writes: the pattern that failed.
                let v = one_company_bundle("2026-01-02T00:00:00Z", "2026-01-01T00:00:00Z");
                let f = format!("w{w}-{done}.json");
                write(&home, &f, v.to_string());
                let o = cli(&home, &db, &["import", &f]);
                if o.status.success() {
                    done += 1;
                } else {
                    failures.push(stderr(&o));
                }
                std::fs::remove_file(home.join(&f)).unwrap();
            }
            (done, failures)
        }));
    }
    let mut readers = vec![];
    for r in 0..3 {
        let (home, db) = (home.clone(), db.clone());
        readers.push(std::thread::spawn(move || {
            let args: [&[&str]; 3] = [&["list", "--json"], &["show", "deepseek"], &["search", "huawei"]];
            let mut failures = vec![];
            while Instant::now() < end {
                let o = cli(&home, &db, args[r]);
                if !o.status.success() {
                    failures.push(stderr(&o));
                }
            }
            failures
        }));
    }
    let mut written = 0;
    for t in threads {
        let (done, failures) = t.join().unwrap();
        assert!(failures.is_empty(), "writer failures: {failures:?}");
        written += done;
    }
    for t in readers {
        let failures = t.join().unwrap();
        assert!(failures.is_empty(), "reader failures: {failures:?}");
    }
    assert!(written >= 8, "only {written} writes in {secs} s");
    eprintln!("concurrency: 4 writers and 3 readers for {secs} s: {written} imports committed, 0 lock errors");
    let companies: i64 = raw(&db).query_row("SELECT count(*) FROM companies", [], |r| r.get(0)).unwrap();
    assert_eq!(companies, companies_before + written, "writes were lost");
}

// ---- "-" is standard input and output ---------------------------------------------------------

#[test]
fn a_dash_is_standard_output_and_input() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let db = cli_db(home, "rb.db", false);
    let o = cli(home, &db, &["export", "-o", "-", "--company", "deepseek"]);
    let bundle = o.stdout.clone();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!home.join("-").exists(), "a file named - was written");
    let b: serde_json::Value = serde_json::from_slice(&bundle).expect("the bundle on standard output");
    assert_eq!(b["manifest"]["format"], "riskbrief-bundle");
    assert!(stderr(&o).contains("records"), "{}", stderr(&o));

    let mut c = riskbrief(home);
    c.arg("--db").arg(&db).args(["import", "--dry-run", "-"]).stdin(Stdio::piped()).stdout(Stdio::piped());
    let mut child = c.spawn().unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), &bundle).unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success() && stdout(&o).contains(" unchanged"), "{} {}", stdout(&o), stderr(&o));

    let o = cli(home, &db, &["brief", "deepseek", "-o", "-"]);
    assert!(o.status.success() && o.stdout.starts_with(b"%PDF-"), "{}", stderr(&o));
    assert!(!home.join("-").exists());
}

/// File-system failures cross as `io` (or `not_found`) errors that carry their path as data,
/// and a validation error carries its field: `--errors json` gives what the desktop app gets.
#[test]
fn errors_cross_as_data_with_their_path_or_field() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let db = cli_db(home, "rb.db", false);
    let json = |args: &[&str], status: i32| -> serde_json::Value {
        let mut with = vec!["--errors", "json"];
        with.extend_from_slice(args);
        let (_, err) = exits(cli(home, &db, &with), status);
        serde_json::from_str(err.trim()).unwrap_or_else(|e| panic!("{args:?}: not one JSON error ({e}):\n{err}"))
    };

    // Reading a folder as a bundle: an io error on that path.
    std::fs::create_dir(home.join("folder.json")).unwrap();
    let e = json(&["import", "folder.json"], 4);
    assert_eq!((e["code"].as_str(), e["path"].as_str()), (Some("io"), Some("folder.json")), "{e}");
    // Writing into a folder that does not exist: not found, with the folder.
    let missing = home.join("no-such-folder");
    let out = missing.join("b.pdf");
    let e = json(&["brief", "deepseek", "-o", out.to_str().unwrap()], 3);
    assert_eq!(e["code"], "not_found", "{e}");
    assert!(e["path"].as_str().is_some_and(|p| p.starts_with(missing.to_str().unwrap())), "{e}");
    assert!(!missing.exists());
    // A field error: the field and its problem as data, and the text form unchanged.
    let e = json(&["brief", "deepseek", "--marking", " ", "-o", "x.pdf"], 4);
    assert_eq!((e["code"].as_str(), e["field"]["name"].as_str()), (Some("validation"), Some("marking")), "{e}");
    assert_eq!(e["field"]["problem"], "must not be empty", "{e}");
    assert!(!home.join("x.pdf").exists());
    let (_, text) = exits(cli(home, &db, &["brief", "deepseek", "--marking", " ", "-o", "x.pdf"]), 4);
    assert_eq!(text.trim(), format!("riskbrief: {}", e["message"].as_str().unwrap()));
}
