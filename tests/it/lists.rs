//! Official lists: importing the published formats (excerpts of the real files in
//! tests/fixtures/lists), snapshots replacing each other, screening, review, and the CLI.

use crate::common::{ts, TempStore};
use chrono::NaiveDate;
use riskbrief::lists::InputFile;
use riskbrief::model::*;
use riskbrief::screening::{self, AsOfFrom, Decision, ImportOutcome, ListIndex, ListPhase};
use riskbrief::{Error, ErrorCode, Refusal, Store};
use std::path::{Path, PathBuf};
use std::process::Command;
use uuid::Uuid;

const NOW: &str = "2026-11-28T12:00:00Z";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lists").join(name)
}

fn import_bytes(
    store: &mut Store,
    format: ListFormat,
    files: &[(&str, Vec<u8>)],
    as_of: Option<NaiveDate>,
) -> riskbrief::Result<ImportOutcome> {
    // Read a few bytes at a time, as a stream: every import here splits characters, lines and
    // quoted fields between reads.
    let inputs: Vec<InputFile> = files
        .iter()
        .map(|(n, b)| InputFile::new(n, crate::common::Drip { bytes: b, step: 61 }, b.len() as u64))
        .collect();
    screening::import(store, format, &inputs, as_of, Uuid::now_v7(), ts(NOW), &mut |_| {})
}

fn import(
    store: &mut Store,
    format: ListFormat,
    names: &[&str],
    as_of: Option<&str>,
) -> riskbrief::Result<ImportOutcome> {
    let files: Vec<(&str, Vec<u8>)> = names.iter().map(|n| (*n, std::fs::read(fixture(n)).expect("fixture"))).collect();
    import_bytes(store, format, &files, as_of.map(|d| d.parse().unwrap()))
}

fn ofac(store: &mut Store) -> ImportOutcome {
    import(store, ListFormat::Ofac, &["sdn.csv", "alt.csv", "add.csv"], Some("2023-03-01")).expect("OFAC imports")
}

fn entry<'a>(store: &Store, list: &str, key: &str, keep: &'a mut Vec<ListEntry>) -> &'a ListEntry {
    *keep = store.current_lists().unwrap().into_iter().find(|(s, _)| s.list == list).expect("list").1;
    keep.iter().find(|e| e.key == key).unwrap_or_else(|| panic!("entry {key} of {list}"))
}

fn list_rows(t: &TempStore) -> (i64, i64, i64) {
    let c = t.raw();
    let n = |table: &str| c.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap();
    (n("list_snapshots"), n("list_entries"), n("list_changes"))
}

#[test]
fn ofac_files_with_eof_byte_empties_aliases_and_addresses_import_as_one_snapshot() {
    let mut t = TempStore::new();
    let out = ofac(&mut t.store);
    let sdn_lines = std::fs::read_to_string(fixture("sdn.csv"))
        .unwrap()
        .lines()
        .filter(|l| l.starts_with(|c: char| c.is_ascii_digit()))
        .count();
    assert_eq!(out.snapshot.entry_count as usize, sdn_lines);
    assert_eq!(out.snapshot.list, "ofac_sdn");
    assert_eq!(out.snapshot.files, ["sdn.csv", "alt.csv", "add.csv"]);
    assert_eq!(out.snapshot.as_of, NaiveDate::from_ymd_opt(2023, 3, 1).unwrap());
    let mut keep = vec![];
    let bnc = entry(&t.store, "ofac_sdn", "306", &mut keep);
    assert_eq!(bnc.name, "BANCO NACIONAL DE CUBA");
    // alt.csv alias and the alias OFAC wrote only in the remarks.
    assert!(
        bnc.aliases.contains(&"NATIONAL BANK OF CUBA".into()) && bnc.aliases.contains(&"BNC".into()),
        "{:?}",
        bnc.aliases
    );
    assert_eq!(bnc.programs, ["CUBA"]);
    assert_eq!(bnc.entity_type.as_deref(), Some("entity"), "-0- type means an entity");
    assert!(bnc.addresses.iter().any(|a| a.contains("Zurich")) && bnc.countries.contains(&"Switzerland".into()));
    assert_eq!(bnc.remarks.as_deref(), Some("a.k.a. 'BNC'."));
    let volga = entry(&t.store, "ofac_sdn", "16806", &mut keep);
    assert_eq!(volga.programs, ["UKRAINE-EO13661", "RUSSIA-EO14024"]);
    assert!(keep
        .iter()
        .all(|e| e.name != "-0-" && !e.aliases.iter().any(|a| a == "-0-") && e.remarks.as_deref() != Some("-0-")));
}

#[test]
fn malformed_files_name_file_line_and_field_and_change_nothing() {
    let mut t = TempStore::new();
    ofac(&mut t.store);
    let before = list_rows(&t);
    let sdn = std::fs::read_to_string(fixture("sdn.csv")).unwrap();
    let mut lines: Vec<String> = sdn.split("\r\n").map(str::to_owned).collect();
    lines[4] = lines[4].replacen(lines[4].split(',').next().unwrap(), "4x5", 1);
    let bad = lines.join("\r\n").into_bytes();
    let e = import_bytes(&mut t.store, ListFormat::Ofac, &[("sdn-bad.csv", bad)], Some("2023-04-01".parse().unwrap()))
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Validation);
    assert!(e.to_string().contains("sdn-bad.csv: line 5, field ent_num"), "{e}");

    // An alias for an entry that sdn.csv does not have.
    let alt = b"999999,1,\"aka\",\"NOBODY\",-0- \r\n".to_vec();
    let e = import_bytes(
        &mut t.store,
        ListFormat::Ofac,
        &[("sdn.csv", sdn.clone().into_bytes()), ("alt-bad.csv", alt)],
        Some("2023-04-01".parse().unwrap()),
    )
    .unwrap_err();
    assert!(e.to_string().contains("alt-bad.csv: line 1, field ent_num: 999999 is not an entry of sdn.csv"), "{e}");

    // A 1260H file missing its date column, and one with a bad date.
    let e = import_bytes(&mut t.store, ListFormat::Dod1260h, &[("x.csv", b"Name,End date\nACME,\n".to_vec())], None)
        .unwrap_err();
    assert!(e.to_string().contains("x.csv: line 1, field start date: missing column"), "{e}");
    let e = import_bytes(
        &mut t.store,
        ListFormat::Dod1260h,
        &[("y.csv", b"Name,Start date,End date\nACME,2024-13-01,\n".to_vec())],
        None,
    )
    .unwrap_err();
    assert!(e.to_string().contains("y.csv: line 2, field start date"), "{e}");
    // A broken JSON line.
    let e = import_bytes(
        &mut t.store,
        ListFormat::OpenSanctionsFtm,
        &[("z.jsonl", b"{\"id\":\"a\",\"schema\":\"Company\",\"properties\":{\"name\":[\"A\"]}}\n{oops\n".to_vec())],
        None,
    )
    .unwrap_err();
    assert!(e.to_string().contains("z.jsonl: line 2, field (json)"), "{e}");
    assert_eq!(list_rows(&t), before, "a refused import leaves the lists as they were");
}

/// The OFAC fixture as a bigger file: its rows again and again, with new entry numbers (and
/// numbered names), `copies` times over.
fn sdn_copies(copies: u64) -> (Vec<String>, Vec<u8>) {
    let sdn = std::fs::read_to_string(fixture("sdn.csv")).unwrap();
    let rows: Vec<&str> =
        sdn.split("\r\n").filter(|l| l.split(',').next().is_some_and(|n| n.trim().parse::<u64>().is_ok())).collect();
    let mut out = vec![];
    for c in 0..copies {
        for r in &rows {
            let (num, rest) = r.split_once(',').unwrap();
            let num: u64 = num.trim().parse().unwrap();
            let (name, rest) = rest[1..].split_once('"').unwrap();
            out.push(format!("{},\"{name} {c}\"{rest}", num + c * 1_000_000));
        }
    }
    let bytes = out.join("\r\n").into_bytes();
    (out, bytes)
}

#[test]
fn a_list_refused_after_its_entries_were_stored_rolls_them_back_and_the_store_writes_on() {
    let mut t = TempStore::new();
    ofac(&mut t.store);
    let before = list_rows(&t);
    let current = t.store.current_snapshot("ofac_sdn").unwrap().unwrap();
    let (mut rows, _) = sdn_copies(20);
    let n = rows.len();
    assert!(n > 200, "{n} rows");
    // The last row repeats the first row's number: found only after every other entry was stored.
    let first = rows[0].split(',').next().unwrap().to_owned();
    let last = rows[n - 1].split_once(',').unwrap().1.to_owned();
    rows[n - 1] = format!("{first},{last}");
    let dup = rows.join("\r\n").into_bytes();
    let e = import_bytes(&mut t.store, ListFormat::Ofac, &[("sdn-dup.csv", dup)], Some("2023-04-01".parse().unwrap()))
        .unwrap_err();
    assert!(e.to_string().contains(&format!("sdn-dup.csv: line {n}, field ent_num: {first} appears twice")), "{e}");
    assert_eq!(list_rows(&t), before, "the entries stored before the refusal are rolled back");

    // Refused for its date only once every entry is stored (the date is the last thing known).
    let (_, bytes) = sdn_copies(20);
    let e = import_bytes(
        &mut t.store,
        ListFormat::Ofac,
        &[("sdn-old.csv", bytes.clone())],
        Some("2020-01-01".parse().unwrap()),
    )
    .unwrap_err();
    assert!(matches!(e, Error::Refused { kind: Refusal::OlderSnapshot, .. }), "{e}");
    assert_eq!(list_rows(&t), before);
    assert_eq!(t.store.current_snapshot("ofac_sdn").unwrap().unwrap(), current);

    // The same store, and another process, write on: nothing was left half-open.
    t.store.save_company(&crate::common::company("after-a-refusal", "GB")).unwrap();
    let out =
        import_bytes(&mut t.store, ListFormat::Ofac, &[("sdn-more.csv", bytes)], Some("2023-04-01".parse().unwrap()))
            .unwrap();
    assert_eq!(out.snapshot.entry_count as usize, n);
    assert_eq!(out.snapshot.previous_id, Some(current.id));
    t.raw().execute("UPDATE settings SET value = value WHERE 0", []).unwrap();
}

#[test]
fn while_a_list_is_stored_other_processes_see_the_list_as_it_was_and_wait_to_write() {
    let mut t = TempStore::new();
    ofac(&mut t.store);
    let old = t.store.current_snapshot("ofac_sdn").unwrap().unwrap();
    let (rows, bytes) = sdn_copies(40);
    let inputs = [InputFile::from_bytes("sdn-big.csv", &bytes)];
    let other = t.raw();
    other.busy_timeout(std::time::Duration::ZERO).unwrap();
    let mut looked = 0;
    let out = screening::import(
        &mut t.store,
        ListFormat::Ofac,
        &inputs,
        "2023-04-01".parse().ok(),
        Uuid::now_v7(),
        ts(NOW),
        &mut |p| {
            if p.phase != ListPhase::Reading || p.done == 0 || p.done == p.total {
                return;
            }
            looked += 1;
            // Half-way through the file: the other process still sees one snapshot, the old one.
            let (snapshots, entries): (i64, i64) = other
                .query_row(
                    "SELECT (SELECT count(*) FROM list_snapshots), (SELECT count(*) FROM list_entries)",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .unwrap();
            assert_eq!((snapshots, entries), (1, i64::from(old.entry_count)));
            let busy = other.execute("DELETE FROM list_snapshots", []).unwrap_err();
            assert_eq!(busy.sqlite_error_code(), Some(rusqlite::ErrorCode::DatabaseBusy), "{busy}");
        },
    )
    .unwrap();
    assert!(looked > 0, "the import reported no progress half-way");
    assert_eq!(out.snapshot.entry_count as usize, rows.len());
    let entries: i64 = other.query_row("SELECT count(*) FROM list_entries", [], |r| r.get(0)).unwrap();
    assert_eq!(entries as usize, rows.len(), "the old snapshot's entries went with it");
}

#[test]
fn a_newer_snapshot_replaces_the_list_atomically_and_keeps_what_changed() {
    let mut t = TempStore::new();
    let fcc = std::fs::read_to_string(fixture("fcc-covered-list.csv")).unwrap();
    let lines: Vec<&str> = fcc.lines().collect();
    // An "older" file: the header, the first eight rows, and one company that left the list.
    let mut older = lines[..9].join("\n");
    older.push_str("\n\"Telecommunications equipment produced by Example Gone Corporation, including services.\",\"March 12, 2021\"\n");
    let first = import_bytes(
        &mut t.store,
        ListFormat::FccCovered,
        &[("fcc-old.csv", older.into_bytes())],
        Some("2022-06-01".parse().unwrap()),
    )
    .unwrap();
    assert_eq!(first.snapshot.previous_id, None);
    assert_eq!(first.snapshot.entry_count, 9);

    let second = import(&mut t.store, ListFormat::FccCovered, &["fcc-covered-list.csv"], None).unwrap();
    assert_eq!(second.snapshot.as_of, NaiveDate::from_ymd_opt(2026, 7, 28).unwrap(), "the latest date in the file");
    assert_eq!(second.as_of_from, AsOfFrom::FileContents);
    assert_eq!(second.snapshot.previous_id, Some(first.snapshot.id));
    assert_eq!((second.snapshot.added, second.snapshot.removed), (4, 1));
    let changes = t.store.list_changes(second.snapshot.id).unwrap();
    assert!(changes.iter().any(|c| !c.added && c.name == "Example Gone Corporation"));
    assert!(changes.iter().any(|c| c.added && c.name == "Kaspersky Lab, Inc."));
    assert!(second.notes.iter().any(|n| n.contains("4 rows cover a class of equipment")), "{:?}", second.notes);

    let all = t.store.list_snapshots().unwrap();
    assert_eq!(all.len(), 2);
    assert!(all[0].replaced_at.is_none() && all[0].id == second.snapshot.id);
    assert!(all[1].replaced_at.is_some());
    let raw = t.raw();
    let old_entries: i64 = raw
        .query_row("SELECT count(*) FROM list_entries WHERE snapshot_id = ?1", [first.snapshot.id.to_string()], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(old_entries, 0, "only the current snapshot keeps entries");

    // The same files again, or an older snapshot, are refused and change nothing.
    let before = list_rows(&t);
    let bytes = std::fs::read(fixture("fcc-covered-list.csv")).unwrap();
    let mut phases = vec![];
    let e = screening::import(
        &mut t.store,
        ListFormat::FccCovered,
        &[InputFile::from_bytes("fcc-covered-list.csv", &bytes)],
        None,
        Uuid::now_v7(),
        ts(NOW),
        &mut |p| phases.push(p.phase),
    )
    .unwrap_err();
    // Hashed as they are read (a file is read once), the same files are refused once read,
    // before anything is stored or screened.
    assert!(phases.iter().all(|p| *p == screening::ListPhase::Reading), "{phases:?}");
    assert_eq!(e.code(), ErrorCode::Conflict);
    assert!(e.to_string().contains("already imported"), "{e}");
    assert!(matches!(e, Error::Refused { kind: Refusal::AlreadyImported, .. }), "{e:?}");
    let e = import(&mut t.store, ListFormat::FccCovered, &["fcc-covered-list.csv"], Some("2020-01-01")).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Conflict, "{e}");
    assert!(
        matches!(e, Error::Refused { kind: Refusal::AlreadyImported, .. }),
        "the same bytes are the same files: {e:?}"
    );
    // Different bytes dated before the current snapshot: older.
    let mut older = std::fs::read(fixture("fcc-covered-list.csv")).unwrap();
    older.extend_from_slice(b"\n");
    let e = import_bytes(
        &mut t.store,
        ListFormat::FccCovered,
        &[("fcc-old.csv", older)],
        Some("2020-01-01".parse().unwrap()),
    )
    .unwrap_err();
    assert!(matches!(e, Error::Refused { kind: Refusal::OlderSnapshot, .. }), "{e:?}");
    assert_eq!(list_rows(&t), before);
}

#[test]
fn every_format_reads_its_real_sample() {
    let mut t = TempStore::new();
    let h = import(&mut t.store, ListFormat::Dod1260h, &["dod-1260h.csv"], None).unwrap();
    assert_eq!(h.snapshot.as_of, NaiveDate::from_ymd_opt(2026, 6, 8).unwrap());
    let mut keep = vec![];
    let huawei = entry(&t.store, "dod_1260h", "huawei technologies co., ltd.", &mut keep);
    assert_eq!(huawei.since, Some("2021-06-03".parse().unwrap()));
    assert!(keep.iter().all(|e| e.until.is_none()), "entities taken off the list are not current entries");
    assert!(h.notes.iter().any(|n| n.contains("no longer on the list")), "{:?}", h.notes);

    let e = import(&mut t.store, ListFormat::Ndaa889, &["ndaa-section-889.csv"], None).unwrap_err();
    assert!(e.to_string().contains("carries no date") && e.to_string().contains("as-of date"), "{e}");
    assert!(matches!(e, Error::Refused { kind: Refusal::NoDate, .. }), "{e:?}");
    let n = import(&mut t.store, ListFormat::Ndaa889, &["ndaa-section-889.csv"], Some("2018-08-13")).unwrap();
    assert_eq!(n.snapshot.entry_count, 5);
    assert_eq!(n.as_of_from, AsOfFrom::Given);

    let e = import(&mut t.store, ListFormat::BisMeu, &["ndaa-section-889.csv"], Some("2018-08-13")).unwrap_err();
    assert!(
        e.to_string().contains("ndaa-section-889.csv: line 1, field alias: missing column"),
        "the wrong format is refused: {e}"
    );
    let e = import(&mut t.store, ListFormat::Ndaa889, &["csl-sample.csv"], Some("2018-08-13")).unwrap_err();
    assert!(e.to_string().contains("csl-sample.csv: line 1, field aliases: missing column"), "{e}");
    let m = import(&mut t.store, ListFormat::BisMeu, &["bis-military-end-user-sample.csv"], None).unwrap();
    assert_eq!(m.snapshot.entry_count, 13);
    let os =
        import(&mut t.store, ListFormat::OpenSanctionsCsv, &["opensanctions-targets-simple-sample.csv"], None).unwrap();
    assert_eq!(os.snapshot.entry_count, 5);
    let saad = entry(&t.store, &os.snapshot.list, "Q296771", &mut keep);
    assert_eq!(saad.aliases, ["Hariri", "Sa'd al-Din"]);
    let ftm =
        import(&mut t.store, ListFormat::OpenSanctionsFtm, &["opensanctions-entities-ftm-sample.jsonl"], None).unwrap();
    assert_ne!(ftm.snapshot.list, os.snapshot.list, "two OpenSanctions collections are two lists");
    assert!(ftm.snapshot.entry_count > 0 && ftm.notes.iter().any(|n| n.contains("not screenable")));

    let csv = import(&mut t.store, ListFormat::Csl, &["csl-sample.csv"], None).unwrap();
    assert_eq!(csv.snapshot.entry_count, 3);
    let hw = entry(&t.store, "csl", "csl-el-huawei", &mut keep).clone();
    assert_eq!(hw.source_list.as_deref(), Some("Entity List (EL) - Bureau of Industry and Security"));
    assert_eq!(hw.since, Some("2019-05-16".parse().unwrap()));
    let bnc = entry(&t.store, "csl", "csl-sdn-306", &mut keep);
    assert_eq!(bnc.aliases, ["NATIONAL BANK OF CUBA", "BNC"]);
    let json = import(&mut t.store, ListFormat::Csl, &["csl-sample.json"], Some("2026-11-27")).unwrap();
    assert_eq!(json.snapshot.entry_count, 2);
    assert_eq!((json.snapshot.added, json.snapshot.removed), (0, 1), "the MEU entry is not in the JSON file");
    let hw_json = entry(&t.store, "csl", "csl-el-huawei", &mut keep);
    assert_eq!(hw_json.name, hw.name);
    assert_eq!(hw_json.addresses, ["Bantian, Longgang District, Shenzhen, CN"]);
}

#[test]
fn import_reports_progress_through_both_phases() {
    let mut t = TempStore::new();
    let files: Vec<(String, Vec<u8>)> =
        ["sdn.csv", "alt.csv", "add.csv"].iter().map(|n| (n.to_string(), std::fs::read(fixture(n)).unwrap())).collect();
    // Read a few bytes at a time, as a stream: every import here splits characters, lines and
    // quoted fields between reads.
    let inputs: Vec<InputFile> = files
        .iter()
        .map(|(n, b)| InputFile::new(n, crate::common::Drip { bytes: b, step: 61 }, b.len() as u64))
        .collect();
    let mut seen = vec![];
    screening::import(
        &mut t.store,
        ListFormat::Ofac,
        &inputs,
        NaiveDate::from_ymd_opt(2023, 3, 1),
        Uuid::now_v7(),
        ts(NOW),
        &mut |p| seen.push(p),
    )
    .unwrap();
    let reading: Vec<_> = seen.iter().filter(|p| p.phase == ListPhase::Reading).collect();
    let storing: Vec<_> = seen.iter().filter(|p| p.phase == ListPhase::Storing).collect();
    assert!(reading.len() >= 3 && !storing.is_empty(), "{seen:?}");
    assert!(reading.windows(2).all(|w| w[0].done <= w[1].done));
    let total: u64 = files.iter().map(|(_, b)| b.len() as u64).sum();
    assert_eq!((reading.last().unwrap().done, reading.last().unwrap().total), (total, total));
    assert_eq!(storing.last().unwrap().done, storing.last().unwrap().total);
}

fn screened_store() -> TempStore {
    let mut t = TempStore::seeded();
    import(&mut t.store, ListFormat::FccCovered, &["fcc-covered-list.csv"], None).unwrap();
    import(&mut t.store, ListFormat::Dod1260h, &["dod-1260h.csv"], None).unwrap();
    ofac(&mut t.store);
    t
}

#[test]
fn screening_finds_listed_vendors_and_not_deepseek_and_review_holds() {
    let mut t = screened_store();
    let ix = ListIndex::load(&t.store).unwrap();
    // Each import screened the portfolio already: screening again finds the same hits, none new.
    let raised = t.store.inbox(false).unwrap();
    let out = screening::screen_companies(&mut t.store, &ix, None, 85, ts(NOW)).unwrap();
    assert_eq!(out.companies, 10);
    assert!(out.new_hits == 0 && !out.hits.is_empty());
    assert_eq!(raised.len(), out.hits.len(), "each hit raised one inbox event when its list was imported");
    assert!(raised.iter().all(|e| e.kind == InboxKind::NewHit && out.hits.iter().any(|h| Some(h.id) == e.hit_id)));
    let huawei = t.store.find_company("huawei").unwrap();
    let deepseek = t.store.find_company("deepseek").unwrap();
    let hits_of = |store: &Store, id| store.screening_hits(Some(id), None).unwrap();
    let hw = hits_of(&t.store, huawei.id);
    assert!(hw.iter().any(|h| h.list == "fcc_covered" && h.entry_name == "Huawei Technologies Company"), "{hw:#?}");
    assert!(hw.iter().any(|h| h.list == "dod_1260h" && h.entry_name == "Huawei Technologies Co., Ltd."));
    let best = &hw[0];
    assert!(best.score >= 85 && !best.matches.is_empty() && !best.matches[0].agreed.is_empty(), "{best:#?}");
    assert!(best.matches[0].agreed.iter().any(|a| a.query == "huawei"), "a hit says which tokens agreed");
    assert!(hits_of(&t.store, deepseek.id).is_empty(), "DeepSeek is on none of these lists");

    // The screening is recorded for the brief, per current snapshot.
    let data = t.store.company_data(deepseek.id).unwrap();
    assert_eq!(data.screenings.len(), 3);
    assert!(data.screenings.iter().all(|s| s.open_hits == 0 && s.threshold == 85 && s.screened_at == ts(NOW)));

    // Dismiss one hit, confirm another.
    let dismissed = hw.iter().find(|h| h.list == "dod_1260h").unwrap();
    let e =
        screening::review(&mut t.store, dismissed.id, &Decision::Dismiss { reason: " ".into() }, "analyst", ts(NOW))
            .unwrap_err();
    assert!(e.to_string().contains("reason"), "{e}");
    let d = screening::review(
        &mut t.store,
        dismissed.id,
        &Decision::Dismiss { reason: "Tested separately".into() },
        "analyst",
        ts(NOW),
    )
    .unwrap();
    assert_eq!(
        (d.status, d.reason.as_deref(), d.reviewed_by.as_deref()),
        (HitStatus::Dismissed, Some("Tested separately"), Some("analyst"))
    );
    let confirmed = hw.iter().find(|h| h.list == "fcc_covered").unwrap();
    let c = screening::review(&mut t.store, confirmed.id, &Decision::Confirm, "analyst", ts(NOW)).unwrap();
    assert_eq!(c.status, HitStatus::Confirmed);
    let e = screening::review(&mut t.store, confirmed.id, &Decision::Confirm, "analyst", ts(NOW)).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Conflict);

    // The confirmation is a designation citing the list snapshot.
    let data = t.store.company_data(huawei.id).unwrap();
    let des = data.designations.iter().find(|d| Some(d.id) == c.designation_id).expect("designation");
    assert_eq!((des.list, des.status), (OfficialList::FccCovered, DesignationStatus::Listed));
    assert_eq!(des.listed_name.as_deref(), Some("Huawei Technologies Company"));
    assert_eq!(des.since, Some("2021-03-12".parse().unwrap()));
    assert_eq!(des.citation.as_deref(), Some("https://www.fcc.gov/supplychain/coveredlist"));
    let src = data.source(des.source_id.unwrap()).unwrap();
    assert_eq!(src.publisher, "Federal Communications Commission");
    assert_eq!(src.published, Some("2026-07-28".parse().unwrap()));
    assert!(t
        .store
        .history(huawei.id)
        .unwrap()
        .iter()
        .any(|a| a.table == RecordKind::Designation && a.record_id == des.id));

    // Screening again raises nothing new: the dismissal holds for this snapshot.
    let again = screening::screen_companies(&mut t.store, &ix, Some("huawei"), 85, ts(NOW)).unwrap();
    assert_eq!(again.new_hits, 0);
    let after = hits_of(&t.store, huawei.id);
    assert_eq!(after.iter().find(|h| h.id == dismissed.id).unwrap().status, HitStatus::Dismissed);
    assert_eq!(after.len(), hw.len());
}

#[test]
fn the_brief_names_the_screened_snapshots() {
    let mut t = screened_store();
    let ix = ListIndex::load(&t.store).unwrap();
    screening::screen_companies(&mut t.store, &ix, Some("deepseek"), 85, ts(NOW)).unwrap();
    let data = t.store.company_data(t.store.find_company("deepseek").unwrap().id).unwrap();
    let day = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    let a = riskbrief::risk::assess(&data, day);
    let options = riskbrief::brief::BriefOptions {
        marking: riskbrief::brief::DEFAULT_MARKING.into(),
        generated: day,
        previous: None,
        exposure: vec![],
    };
    let b = riskbrief::brief::build(&data, &a, &options, day);
    let html = riskbrief::brief::html::render(&b);
    for s in &data.screenings {
        assert!(html.contains(&s.list_title), "{} missing", s.list_title);
    }
    assert!(html.contains("1 Mar 2023") && html.contains("no match at score ≥ 85"), "{html}");
}

fn riskbrief(db: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_riskbrief")).arg("--db").arg(db).args(args).output().expect("runs")
}

/// A list piped in on standard input (`-`) is read as a stream of unknown length.
#[test]
fn cli_imports_a_list_from_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rb.db");
    assert!(riskbrief(&db, &["init"]).status.success());
    let o = Command::new(env!("CARGO_BIN_EXE_riskbrief"))
        .arg("--db")
        .arg(&db)
        .args(["--json", "lists", "import", "--format", "fcc_covered", "-"])
        .stdin(std::fs::File::open(fixture("fcc-covered-list.csv")).unwrap())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(out["snapshot"]["list"], "fcc_covered", "{out}");
    let listed = import(&mut Store::open(&db).unwrap(), ListFormat::FccCovered, &["fcc-covered-list.csv"], None);
    assert!(
        matches!(listed, Err(Error::Refused { kind: Refusal::AlreadyImported, .. })),
        "the same bytes, the same hash"
    );
}

#[test]
fn cli_imports_screens_a_supplier_file_and_reviews_hits() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rb.db");
    assert!(riskbrief(&db, &["init"]).status.success());
    let f = |n: &str| fixture(n).display().to_string();
    let o = riskbrief(
        &db,
        &["lists", "import", "--format", "ofac", &f("sdn.csv"), &f("alt.csv"), &f("add.csv"), "--as-of", "2023-03-01"],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = riskbrief(&db, &["lists", "import", "--format", "ndaa_889", &f("ndaa-section-889.csv")]);
    assert_eq!(o.status.code(), Some(4));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("give the list's as-of date (--as-of YYYY-MM-DD)"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = riskbrief(&db, &["lists", "import", "--format", "nonsense", &f("sdn.csv")]);
    assert_eq!(o.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&o.stderr).contains("ofac, dod_1260h"), "{}", String::from_utf8_lossy(&o.stderr));
    let listed = String::from_utf8(riskbrief(&db, &["lists"]).stdout).unwrap();
    assert!(listed.contains("ofac_sdn") && listed.contains("2023-03-01"), "{listed}");

    // A supplier file written the way vendor files are: legal forms moved and abbreviated,
    // words reordered, title case, a letter dropped.
    let suppliers = dir.path().join("suppliers.csv");
    std::fs::write(
        &suppliers,
        "supplier id,Name,country\n\
         1,Volga Group LLC,RU\n\
         2,Aerospace Defense Concern Almaz-Antey JSC,RU\n\
         3,\"Complejo Turistico Oasis, SA de CV\",MX\n\
         4,Banco Nacional de Cuba,CU\n\
         5,Complejo Turistco Oasis,MX\n\
         6,Hangzhou DeepSeek Artificial Intelligence Co. Ltd.,CN\n\
         7,Acme Technology Group Corp,US\n",
    )
    .unwrap();
    let o = riskbrief(&db, &["--json", "screen", "--names", &suppliers.display().to_string()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let hits: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    let best = |q: &str| -> Option<(String, u64)> {
        hits.iter()
            .filter(|h| h["query"] == q)
            .max_by_key(|h| h["score"].as_u64())
            .map(|h| (h["entry"].as_str().unwrap().to_owned(), h["score"].as_u64().unwrap()))
    };
    assert_eq!(best("Volga Group LLC").unwrap().0, "OOO VOLGA GROUP");
    assert_eq!(
        best("Aerospace Defense Concern Almaz-Antey JSC").unwrap().0,
        "JOINT STOCK COMPANY AEROSPACE DEFENSE CONCERN ALMAZ-ANTEY"
    );
    assert_eq!(best("Complejo Turistico Oasis, SA de CV").unwrap().0, "COMPLEJO TURISTICO OASIS, S.A. DE C.V.");
    assert_eq!(best("Complejo Turistco Oasis").unwrap().0, "COMPLEJO TURISTICO OASIS, S.A. DE C.V.");
    assert_eq!(best("Banco Nacional de Cuba").unwrap(), ("BANCO NACIONAL DE CUBA".into(), 100));
    assert_eq!(best("Hangzhou DeepSeek Artificial Intelligence Co. Ltd."), None);
    assert_eq!(best("Acme Technology Group Corp"), None);
    for h in &hits {
        for k in ["query", "list", "entry", "matched_name", "score"] {
            assert!(!h[k].is_null(), "{k} missing in {h}");
        }
    }
    // The CSV report.
    let report = dir.path().join("hits.csv");
    let o = riskbrief(
        &db,
        &["screen", "--names", &suppliers.display().to_string(), "--csv", &report.display().to_string()],
    );
    assert!(o.status.success());
    let csv = std::fs::read_to_string(&report).unwrap();
    assert!(csv.starts_with("query,list,list_as_of,entry,entry_key,matched_name,score,agreed\n"), "{csv}");
    assert_eq!(csv.lines().count(), hits.len() + 1);

    // Screen the bundled companies, then dismiss the first hit by its short id.
    let o = riskbrief(&db, &["lists", "import", "--format", "fcc_covered", &f("fcc-covered-list.csv")]);
    assert!(o.status.success());
    let o = riskbrief(&db, &["screen", "--all"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("10 companies screened"));
    let hits: Vec<serde_json::Value> =
        serde_json::from_slice(&riskbrief(&db, &["--json", "hits", "--status", "open"]).stdout).unwrap();
    let id = hits[0]["id"].as_str().unwrap();
    let o = riskbrief(&db, &["hits", "dismiss", &id[id.len() - 8..]]);
    assert_eq!(o.status.code(), Some(2), "--reason is required");
    let o = riskbrief(&db, &["hits", "dismiss", &id[id.len() - 8..], "--reason", "Different legal entity"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let dismissed: Vec<serde_json::Value> =
        serde_json::from_slice(&riskbrief(&db, &["--json", "hits", "--status", "dismissed"]).stdout).unwrap();
    assert_eq!(dismissed.len(), 1);
    assert_eq!(dismissed[0]["reason"], "Different legal entity");
}

/// Migration 0015 rebuilds the designations table (its list check gains `uflpa`). Dropping the
/// old table fires ON DELETE SET NULL on screening_hits; the migration keeps those links. Its SQL
/// run again over a store with a confirmed hit keeps every designation and every link.
#[test]
fn the_uflpa_migration_keeps_designations_and_the_hits_that_made_them() {
    let mut t = screened_store();
    let ix = ListIndex::load(&t.store).unwrap();
    screening::screen_companies(&mut t.store, &ix, None, 85, ts(NOW)).unwrap();
    let huawei = t.store.find_company("huawei").unwrap();
    let hit =
        t.store.screening_hits(Some(huawei.id), None).unwrap().into_iter().find(|h| h.list == "fcc_covered").unwrap();
    let confirmed = screening::review(&mut t.store, hit.id, &Decision::Confirm, "analyst", ts(NOW)).unwrap();
    let links = |c: &rusqlite::Connection| -> Vec<(String, String)> {
        let mut st = c
            .prepare("SELECT id, designation_id FROM screening_hits WHERE designation_id IS NOT NULL ORDER BY id")
            .unwrap();
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect()
    };
    let dump = |c: &rusqlite::Connection| -> Vec<String> {
        let mut st = c
            .prepare("SELECT json_array(id, company_id, list, status, since, updated_at) FROM designations ORDER BY id")
            .unwrap();
        st.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    };
    let conn = t.raw();
    conn.pragma_update(None, "foreign_keys", true).unwrap();
    let (links_before, rows_before) = (links(&conn), dump(&conn));
    assert_eq!(links_before, vec![(hit.id.to_string(), confirmed.designation_id.unwrap().to_string())]);
    conn.execute_batch(&format!("BEGIN; {} COMMIT;", include_str!("../../src/db/migrations/0015_uflpa.sql"))).unwrap();
    assert_eq!(links(&conn), links_before, "the hit still names the designation it made");
    assert_eq!(dump(&conn), rows_before);
    let fk: Vec<String> = conn
        .prepare("PRAGMA foreign_key_check")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(fk.is_empty(), "{fk:?}");
    drop(conn);
    // The new list kind is stored and read back.
    let mut d = t.store.company_data(huawei.id).unwrap().designations[0].clone();
    d.id = uuid::Uuid::now_v7();
    d.list = OfficialList::Uflpa;
    d.status = DesignationStatus::Listed;
    t.store.save_designation(&d).unwrap();
    let back = t.store.company_data(huawei.id).unwrap();
    assert!(back.designations.iter().any(|x| x.id == d.id && x.list == OfficialList::Uflpa));
}

#[test]
fn owners_and_controllers_are_screened_and_a_hit_via_an_owner_designates_the_owner() {
    let mut t = screened_store();
    let deepseek = t.store.find_company("deepseek").unwrap();
    let hikvision = t.store.find_company("hikvision").unwrap();
    let source = t.store.sources().unwrap()[0].id;
    // Hypothetical test data: a person named like an SDN entry owns 30 % of DeepSeek, and
    // Hikvision (on the FCC and 1260H lists) controls it.
    let person = Person {
        id: Uuid::now_v7(),
        name: "Abu Abbas".into(),
        native_name: None,
        nationality: None,
        note: None,
        lists: vec![],
        updated_at: ts(NOW),
    };
    t.store.save_person(&person).unwrap();
    let relation = |from: Party, kind: RelationKind, share: Option<f64>| Relation {
        id: Uuid::now_v7(),
        from,
        to: deepseek.id,
        kind,
        share,
        since: None,
        until: None,
        citations: vec![Citation { source_id: source, credibility: Credibility::C3 }],
        note: None,
        updated_at: ts(NOW),
    };
    t.store.save_relation(&relation(Party::Person(person.id), RelationKind::OwnsShares, Some(30.0))).unwrap();
    t.store.save_relation(&relation(Party::Company(hikvision.id), RelationKind::Controls, None)).unwrap();

    let ix = ListIndex::load(&t.store).unwrap();
    let out = screening::screen_companies(&mut t.store, &ix, Some("deepseek"), 85, ts(NOW)).unwrap();
    let via_person = out
        .hits
        .iter()
        .find(|h| h.via.as_ref().is_some_and(|v| v.party == Party::Person(person.id)))
        .unwrap_or_else(|| panic!("no hit via the person: {:#?}", out.hits));
    assert_eq!((via_person.company_id, via_person.entry_key.as_str()), (deepseek.id, "2674"));
    assert_eq!(via_person.via.as_ref().unwrap().how, "owns 30 %");
    let via_hik: Vec<&ScreeningHit> =
        out.hits.iter().filter(|h| h.via.as_ref().is_some_and(|v| v.party == Party::Company(hikvision.id))).collect();
    assert!(via_hik.iter().any(|h| h.list == "fcc_covered"), "{via_hik:#?}");
    assert!(via_hik.iter().all(|h| h.via.as_ref().unwrap().how == "controls"));
    assert!(out.hits.iter().all(|h| h.via.is_some()), "DeepSeek itself matches nothing");

    // Confirming the hit via the person records the person as listed, citing the snapshot; a
    // listed owner of 30 % counts under the OFAC rule (below its threshold alone).
    let before_score = riskbrief::risk::assess(&t.store.company_data(deepseek.id).unwrap(), crate::common::as_of());
    let c = screening::review(&mut t.store, via_person.id, &Decision::Confirm, "analyst", ts(NOW)).unwrap();
    assert_eq!((c.status, c.designation_id), (HitStatus::Confirmed, None));
    let listed = t.store.persons().unwrap().into_iter().find(|p| p.id == person.id).unwrap();
    assert_eq!(listed.lists.len(), 1);
    assert_eq!(listed.lists[0].list, OfficialList::OfacSdn);
    assert!(listed.lists[0].listed_name.as_deref().unwrap().contains("[2674]"));
    let src = t.store.source(listed.lists[0].source_id).unwrap().expect("the snapshot's source");
    assert!(src.publisher.contains("Office of Foreign Assets Control"), "{}", src.publisher);
    let data = t.store.company_data(deepseek.id).unwrap();
    let standing = riskbrief::ownership::standing(&data.ownership, deepseek.id, crate::common::as_of());
    let ofac = standing.findings.iter().find(|r| r.regime.id == "ofac_50").unwrap();
    assert!(ofac.listed.iter().any(|o| o.party == Party::Person(person.id) && (o.percent - 30.0).abs() < 1e-9));
    assert!(!ofac.applies, "30 % is below the threshold: {}", ofac.proof);
    let after_score = riskbrief::risk::assess(&data, crate::common::as_of());
    assert!(after_score.score > before_score.score, "a listed owner raises the score");
    // The cited source cannot be deleted while the listing cites it; an edit of the person that
    // leaves the listings out keeps them.
    assert!(t.store.delete_source(listed.lists[0].source_id).is_err());
    t.store.save_person(&Person { note: Some("Edited.".into()), lists: vec![], ..listed.clone() }).unwrap();
    let edited = t.store.persons().unwrap().into_iter().find(|p| p.id == person.id).unwrap();
    assert_eq!((edited.note.as_deref(), edited.lists.len()), (Some("Edited."), 1));
    // Confirming a hit via Hikvision designates Hikvision, never DeepSeek.
    let before = t.store.company_data(deepseek.id).unwrap().designations.len();
    let hik_before = t.store.company_data(hikvision.id).unwrap().designations.len();
    let c = screening::review(&mut t.store, via_hik[0].id, &Decision::Confirm, "analyst", ts(NOW)).unwrap();
    let d = c.designation_id.expect("a designation");
    assert_eq!(t.store.company_data(deepseek.id).unwrap().designations.len(), before);
    let hik = t.store.company_data(hikvision.id).unwrap();
    assert_eq!(hik.designations.len(), hik_before + 1);
    assert!(hik.designations.iter().any(|x| x.id == d));
    // Screening again raises nothing new: the hits are known.
    let again = screening::screen_companies(&mut t.store, &ix, Some("deepseek"), 85, ts(NOW)).unwrap();
    assert_eq!(again.new_hits, 0);
}

#[test]
fn owners_a_list_states_become_relations_between_companies_in_the_database() {
    // The 1260H table says Huawei Technologies' parent is Huawei Investment & Holding, which
    // the sample does not hold: said, not invented.
    let mut t = TempStore::seeded();
    let before = t.store.relations().unwrap().len();
    let out = import(&mut t.store, ListFormat::Dod1260h, &["dod-1260h.csv"], None).unwrap();
    assert!(
        out.notes.iter().any(|n| n.contains("not in the database: Huawei Technologies Co., Ltd. → Huawei Investment")),
        "{:?}",
        out.notes
    );
    assert_eq!(t.store.relations().unwrap().len(), before);
    // With the parent in the database too, importing the list records the relation, citing it.
    let mut t = TempStore::seeded();
    let mut parent = crate::common::company("hih", "CN");
    parent.legal_name = "Huawei Investment & Holding Co., Ltd.".into();
    parent.slug = "huawei-holding".into();
    t.store.save_company(&parent).unwrap();
    let before = t.store.relations().unwrap().len();
    let out = import(&mut t.store, ListFormat::Dod1260h, &["dod-1260h.csv"], None).unwrap();
    let huawei = t.store.find_company("huawei").unwrap();
    let added: Vec<Relation> =
        t.store.relations().unwrap().into_iter().filter(|r| r.from == Party::Company(huawei.id)).collect();
    assert_eq!(t.store.relations().unwrap().len(), before + 1, "{:?}", out.notes);
    let r = &added[0];
    assert_eq!((r.kind, r.to, r.share), (RelationKind::SubsidiaryOf, parent.id, None));
    let cited = t.store.source(r.citations[0].source_id).unwrap().expect("the list's source");
    assert!(cited.title.contains("1260H") && cited.publisher.contains("Defense"), "{cited:?}");
    assert!(out.notes.iter().any(|n| n.contains("1 relation(s) of ownership the list states")), "{:?}", out.notes);
    // Huawei now has its listed parent behind it: the parent controls it.
    let v = riskbrief::app::ownership::ownership(&t.store, "huawei", as_of_day()).unwrap();
    assert!(v.backers.iter().any(|b| b.party.party == Party::Company(parent.id) && b.controls));

    // An OpenSanctions FtM file's Ownership record: a share, between two companies we hold.
    let (mut a, mut b) = (crate::common::company("acme-h", "US"), crate::common::company("acme-s", "US"));
    (a.legal_name, b.legal_name) = ("Acme Holding Corp".into(), "Acme Subsidiary Corp".into());
    t.store.save_company(&a).unwrap();
    t.store.save_company(&b).unwrap();
    let ftm = [
        r#"{"id":"h","schema":"Company","properties":{"name":["Acme Holding Corp"]},"datasets":["test"],"target":true}"#,
        r#"{"id":"s","schema":"Company","properties":{"name":["Acme Subsidiary Corp"]},"datasets":["test"],"target":true}"#,
        r#"{"id":"o","schema":"Ownership","properties":{"owner":["h"],"asset":["s"],"percentage":["60"]},"datasets":["test"]}"#,
    ]
    .join("\n");
    let out = import_bytes(
        &mut t.store,
        ListFormat::OpenSanctionsFtm,
        &[("os.jsonl", ftm.clone().into_bytes())],
        Some(day(2026, 11, 1)),
    )
    .unwrap();
    assert!(out.notes.iter().any(|n| n.contains("1 relation(s)")), "{:?}", out.notes);
    let held = riskbrief::ownership::owners(&t.store.relations().unwrap(), b.id, as_of_day());
    assert_eq!(held.holdings[0].party, Party::Company(a.id));
    assert_eq!(held.holdings[0].percent, 60.0);
    // A newer snapshot stating the same does not record it twice.
    let again = ftm.replace("\"test\"]", "\"test\"],\"last_change\":\"2026-11-20T00:00:00\"");
    import_bytes(
        &mut t.store,
        ListFormat::OpenSanctionsFtm,
        &[("os2.jsonl", again.into_bytes())],
        Some(day(2026, 11, 20)),
    )
    .unwrap();
    assert_eq!(t.store.relations().unwrap().iter().filter(|r| r.to == b.id).count(), 1);
    // A share that is not one is refused, naming the line and field; nothing changes.
    let bad = ftm.replace("[\"60\"]", "[\"160\"]");
    let n = t.store.list_snapshots().unwrap().len();
    let e = import_bytes(
        &mut t.store,
        ListFormat::OpenSanctionsFtm,
        &[("bad.jsonl", bad.into_bytes())],
        Some(day(2026, 11, 25)),
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("bad.jsonl") && e.contains("line 3") && e.contains("percentage"), "{e}");
    assert_eq!(t.store.list_snapshots().unwrap().len(), n);
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn as_of_day() -> NaiveDate {
    day(2026, 12, 2)
}

#[test]
fn stated_shares_that_would_take_a_company_above_100_percent_are_left_out_and_said() {
    // Linear since the recorded shares are summed as they are added (`validate::ShareSums`):
    // the first two stated holdings (60 % and 40 %) are recorded; a third (10 %) and a fourth
    // (1 %) would take the asset to 110 % and 101 % and are left out, each said by name.
    let mut t = TempStore::seeded();
    let names =
        ["Acme Asset Corp", "First Holder Corp", "Second Holder Corp", "Third Holder Corp", "Fourth Holder Corp"];
    let mut ids = vec![];
    for (i, n) in names.iter().enumerate() {
        let mut c = crate::common::company(&format!("shares-{i}"), "US");
        c.legal_name = n.to_string();
        t.store.save_company(&c).unwrap();
        ids.push(c.id);
    }
    let mut lines: Vec<String> = names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            format!(r#"{{"id":"c{i}","schema":"Company","properties":{{"name":["{n}"]}},"datasets":["test"],"target":true}}"#)
        })
        .collect();
    for (i, pct) in [(1, "60"), (2, "40"), (3, "10"), (4, "1")] {
        lines.push(format!(
            r#"{{"id":"o{i}","schema":"Ownership","properties":{{"owner":["c{i}"],"asset":["c0"],"percentage":["{pct}"]}},"datasets":["test"]}}"#
        ));
    }
    let out = import_bytes(
        &mut t.store,
        ListFormat::OpenSanctionsFtm,
        &[("shares.jsonl", lines.join("\n").into_bytes())],
        Some(day(2026, 11, 1)),
    )
    .unwrap();
    let held = riskbrief::ownership::owners(&t.store.relations().unwrap(), ids[0], as_of_day());
    let mut got: Vec<(Party, f64)> = held.holdings.iter().map(|h| (h.party, h.percent)).collect();
    got.sort_by(|a, b| b.1.total_cmp(&a.1));
    assert_eq!(got, vec![(Party::Company(ids[1]), 60.0), (Party::Company(ids[2]), 40.0)], "{:?}", out.notes);
    for left_out in
        ["Third Holder Corp (its share would exceed 100 %)", "Fourth Holder Corp (its share would exceed 100 %)"]
    {
        assert!(out.notes.iter().any(|n| n.contains(left_out)), "{left_out}: {:?}", out.notes);
    }
    assert!(out.notes.iter().any(|n| n.contains("2 relation(s) of ownership the list states")), "{:?}", out.notes);
    // The graph as stored is sound.
    riskbrief::validate::relation_graph(&t.store.relations().unwrap()).unwrap();
}

/// A list file whose reading fails part-way (a network share gone, a disk error), or that changes
/// length while read, is refused naming the file and why, and the list's current snapshot stays
/// as it was.
#[test]
fn a_list_file_that_fails_or_changes_while_read_is_refused_naming_it_and_nothing_changes() {
    struct Failing<'a>(crate::common::Drip<'a>);
    impl std::io::Read for Failing<'_> {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            match self.0.read(out)? {
                0 => Err(std::io::Error::new(std::io::ErrorKind::TimedOut, "the share went away")),
                n => Ok(n),
            }
        }
    }
    let mut t = TempStore::new();
    let first = import(&mut t.store, ListFormat::FccCovered, &["fcc-covered-list.csv"], None).unwrap();
    let before = list_rows(&t);
    let bytes = std::fs::read(fixture("fcc-covered-list.csv")).unwrap();
    let half = crate::common::Drip { bytes: &bytes[..bytes.len() / 2], step: 100 };
    let e = screening::import(
        &mut t.store,
        ListFormat::FccCovered,
        &[InputFile::new("fcc-next.csv", Failing(half), bytes.len() as u64)],
        None,
        Uuid::now_v7(),
        ts(NOW),
        &mut |_| {},
    )
    .unwrap_err();
    assert!(matches!(&e, Error::Io { kind: std::io::ErrorKind::TimedOut, .. }), "{e:?}");
    assert_eq!(e.to_string(), "fcc-next.csv: the share went away");
    assert_eq!(list_rows(&t), before);
    assert_eq!(t.store.current_snapshot("fcc_covered").unwrap().unwrap().id, first.snapshot.id);

    // A download still being written: the file ends, at a row's end, before the length it had
    // when opened. It would read as a shorter list; it is refused as cut off.
    let cut = bytes.iter().take(bytes.len() / 2).rposition(|b| *b == b'\n').unwrap() + 1;
    let e = screening::import(
        &mut t.store,
        ListFormat::FccCovered,
        &[InputFile::new("fcc-next.csv", &bytes[..cut], bytes.len() as u64)],
        None,
        Uuid::now_v7(),
        ts(NOW),
        &mut |_| {},
    )
    .unwrap_err();
    assert!(matches!(&e, Error::Refused { kind: Refusal::Truncated, .. }), "{e:?}");
    assert!(e.to_string().contains("got shorter while it was read"), "{e}");
    assert_eq!(list_rows(&t), before);
}
