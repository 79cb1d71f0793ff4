//! The UN Security Council, BIS Denied Persons, OFAC non-SDN, EU and UK list importers, on real
//! excerpts of the published files (tests/fixtures/lists/README.md) or, for the EU and UK,
//! fixtures written from their published layouts; the regime shown on snapshots and hits.

use crate::common::{ts, TempStore};
use chrono::NaiveDate;
use riskbrief::lists::InputFile;
use riskbrief::model::*;
use riskbrief::screening::{self, ImportOutcome, ListIndex};
use riskbrief::{Error, Refusal, Store};
use std::path::Path;
use uuid::Uuid;

const NOW: &str = "2026-12-03T09:00:00Z";

fn read(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lists").join(name)).expect("fixture")
}

fn import(store: &mut Store, format: ListFormat, files: &[(&str, Vec<u8>)]) -> riskbrief::Result<ImportOutcome> {
    // Read a few bytes at a time, as a stream: every import here splits characters, lines and
    // quoted fields between reads.
    let inputs: Vec<InputFile> = files
        .iter()
        .map(|(n, b)| InputFile::new(n, crate::common::Drip { bytes: b, step: 61 }, b.len() as u64))
        .collect();
    screening::import(store, format, &inputs, None, Uuid::now_v7(), ts(NOW), &mut |_| {})
}

fn entries(store: &Store, list: &str) -> Vec<ListEntry> {
    store.current_lists().unwrap().into_iter().find(|(s, _)| s.list == list).expect("list").1
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[test]
fn the_un_list_reads_individuals_entities_alias_quality_native_names_and_dates() {
    let mut t = TempStore::new();
    let o = import(&mut t.store, ListFormat::UnXml, &[("un.xml", read("un-consolidated-excerpt.xml"))]).unwrap();
    let s = &o.snapshot;
    assert_eq!((s.list.as_str(), s.regime, s.as_of), ("un_sc", ListRegime::Un, day("2026-02-27")));
    let all = entries(&t.store, "un_sc");
    let count = |ty: &str| all.iter().filter(|e| e.entity_type.as_deref() == Some(ty)).count();
    assert_eq!((count("individual"), count("entity")), (5, 4));

    // Keyed by the UN's DATAID; names joined from their parts; the reference opens the remarks.
    let saddam = all.iter().find(|e| e.key == "6908048").expect("DATAID 6908048");
    assert!(saddam.name.starts_with("SADDAM HUSSEIN AL-TIKRITI"), "{}", saddam.name);
    assert!(
        saddam.aliases.iter().any(|a| a == "صدام حسين التكريتي"),
        "the native-script name is screened: {:?}",
        saddam.aliases
    );
    assert!(!saddam.weak_aliases.is_empty(), "\"Low\" quality aliases are kept apart");
    assert!(saddam.weak_aliases.iter().all(|w| !saddam.aliases.contains(w)));
    assert_eq!(saddam.since, Some("2003-06-27".parse().unwrap()));
    assert!(saddam.remarks.as_deref().unwrap().starts_with("UN reference IQi."), "{:?}", saddam.remarks);
    assert_eq!(saddam.programs, ["Iraq"]);

    // A listing date written with its time zone ("2015-04-07-04:00") is the day.
    let fazlullah = all.iter().find(|e| e.key == "6908452").unwrap();
    assert_eq!(fazlullah.since, Some("2015-04-07".parse().unwrap()));

    // Entity aliases of quality a.k.a. and f.k.a. are screened; addresses and countries kept.
    let adf = all.iter().find(|e| e.key == "6908402").unwrap();
    assert_eq!(adf.name, "ADF");
    assert!(adf.aliases.contains(&"Allied Democratic Forces".to_string()) && adf.aliases.contains(&"NALU".to_string()));
    assert_eq!(adf.addresses, ["North Kivu, Democratic Republic of the Congo"]);
    assert_eq!(adf.countries, ["Democratic Republic of the Congo"]);

    // Weak aliases are not screened: no hit by one of them.
    let ix = ListIndex::load(&t.store).unwrap();
    let weak = saddam.weak_aliases[0].clone();
    assert!(ix
        .screen_names(std::slice::from_ref(&weak), 95)
        .iter()
        .all(|h| h.entry_key != "6908048" || h.matched_name != weak));
    assert!(ix.screen_names(&["Allied Democratic Forces".into()], 90).iter().any(|h| h.entry_key == "6908402"));
}

#[test]
fn a_republished_un_file_with_reordered_records_is_no_change_and_a_cut_off_one_changes_nothing() {
    let mut t = TempStore::new();
    let text = String::from_utf8(read("un-consolidated-excerpt.xml")).unwrap();
    import(&mut t.store, ListFormat::UnXml, &[("un.xml", text.clone().into_bytes())]).unwrap();

    // The same records in another order, generated a day later: compared by DATAID, nothing changed.
    let first = text.find("    <INDIVIDUAL>").unwrap();
    let second = text[first + 1..].find("    <INDIVIDUAL>").unwrap() + first + 1;
    let third = text[second + 1..].find("    <INDIVIDUAL>").unwrap() + second + 1;
    let swapped = format!("{}{}{}{}", &text[..first], &text[second..third], &text[first..second], &text[third..])
        .replace("dateGenerated=\"2026-02-27", "dateGenerated=\"2026-02-28");
    assert_ne!(swapped, text);
    let o = import(&mut t.store, ListFormat::UnXml, &[("un.xml", swapped.clone().into_bytes())]).unwrap();
    assert_eq!((o.snapshot.added, o.snapshot.removed, o.snapshot.as_of), (0, 0, day("2026-02-28")));

    // Cut off mid-record: refused, naming the line; the current snapshot stays.
    let before = t.store.list_snapshots().unwrap();
    let cut = &swapped.as_bytes()[..swapped.len() / 2];
    let e = import(&mut t.store, ListFormat::UnXml, &[("un-cut.xml", cut.to_vec())]).unwrap_err();
    assert!(matches!(e, Error::Refused { kind: Refusal::Truncated, .. }), "{e:?}");
    assert!(e.to_string().starts_with("un-cut.xml: line ") && e.to_string().contains("cut off"), "{e}");
    // Not XML, not this format, an entry without its id: each named.
    let e = import(
        &mut t.store,
        ListFormat::UnXml,
        &[("x.xml", b"<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL></ENTITY>".to_vec())],
    )
    .unwrap_err();
    assert!(e.to_string().contains("x.xml: line 1") && e.to_string().contains("not well-formed"), "{e}");
    let e = import(&mut t.store, ListFormat::UnXml, &[("eu.xml", read("eu-fsf-sample.xml"))]).unwrap_err();
    assert!(e.to_string().contains("not <CONSOLIDATED_LIST>"), "{e}");
    let no_id =
        swapped.replacen("<DATAID>6908402</DATAID>", "<DATAID></DATAID>", 1).replace("2026-02-28", "2026-03-01");
    let e = import(&mut t.store, ListFormat::UnXml, &[("u.xml", no_id.into_bytes())]).unwrap_err();
    assert!(e.to_string().contains("field DATAID: empty"), "{e}");
    let e = import(&mut t.store, ListFormat::UnXml, &[("empty.xml", vec![])]).unwrap_err();
    assert!(e.to_string().contains("empty.xml"), "{e}");
    assert_eq!(t.store.list_snapshots().unwrap(), before);
}

#[test]
fn the_denied_persons_list_groups_rows_by_name_reads_us_dates_and_skips_typing_errors() {
    let mut t = TempStore::new();
    let o = import(&mut t.store, ListFormat::BisDpl, &[("dpl.txt", read("bis-dpl-excerpt.txt"))]).unwrap();
    assert_eq!((o.snapshot.list.as_str(), o.snapshot.regime), ("bis_dpl", ListRegime::Us));
    // The excerpt's latest Last_Update is 2022-08-29; 2922-09-01 and 3017-08-22 are typing errors.
    assert_eq!(o.snapshot.as_of, day("2022-08-29"));
    assert!(
        o.notes.iter().any(|n| n.contains("3017-08-22 (line 42)") && n.contains("2922-09-01 (line 41)")),
        "{:?}",
        o.notes
    );
    let all = entries(&t.store, "bis_dpl");
    assert!(o.notes.iter().any(|n| n.contains(&format!("41 rows read as {} entries", all.len()))), "{:?}", o.notes);
    let air = all.iter().find(|e| e.name == "AIR FREIGHT LTD").expect("AIR FREIGHT LTD");
    assert_eq!(air.addresses.len(), 4, "{:?}", air.addresses);
    assert_eq!((air.since, air.until), (Some("2022-05-13".parse().unwrap()), Some("2022-11-09".parse().unwrap())));
    assert!(air.countries.contains(&"IQ".to_string()) && air.countries.contains(&"JO".to_string()));
    assert!(air.remarks.as_deref().unwrap().contains("Federal Register: "), "{:?}", air.remarks);

    // A date that is not MM/DD/YYYY is named with its line and field.
    let bad = String::from_utf8(read("bis-dpl-excerpt.txt")).unwrap().replacen("\"08/24/2022\"", "\"24/08/2022\"", 1);
    let e = import(&mut t.store, ListFormat::BisDpl, &[("dpl2.txt", bad.into_bytes())]).unwrap_err();
    assert!(
        e.to_string().contains("dpl2.txt: line 3, field Effective_Date") && e.to_string().contains("MM/DD/YYYY"),
        "{e}"
    );
}

#[test]
fn ofac_non_sdn_lists_read_like_the_sdn_files_as_their_own_list() {
    let mut t = TempStore::new();
    let files = [
        ("cons_prim.csv", read("cons_prim.csv")),
        ("cons_alt.csv", read("cons_alt.csv")),
        ("cons_add.csv", read("cons_add.csv")),
    ];
    // Read a few bytes at a time, as a stream: every import here splits characters, lines and
    // quoted fields between reads.
    let inputs: Vec<InputFile> = files
        .iter()
        .map(|(n, b)| InputFile::new(n, crate::common::Drip { bytes: b, step: 61 }, b.len() as u64))
        .collect();
    let o = screening::import(
        &mut t.store,
        ListFormat::OfacConsolidated,
        &inputs,
        Some(day("2026-01-15")),
        Uuid::now_v7(),
        ts(NOW),
        &mut |_| {},
    )
    .unwrap();
    assert_eq!((o.snapshot.list.as_str(), o.snapshot.entry_count), ("ofac_non_sdn", 3));
    let all = entries(&t.store, "ofac_non_sdn");
    let h = all.iter().find(|e| e.key == "9639").unwrap();
    assert_eq!((h.name.as_str(), h.programs.as_slice()), ("HANIYA, Ismail Abdul Salah", &["NS-PLC".to_string()][..]));
    assert_eq!(h.aliases, ["HANIYA, Ismail", "HANIYYA, Ismaeel"]);
    assert_eq!(riskbrief::lists::official_list("ofac_non_sdn", None), OfficialList::OfacNonSdn);
}

#[test]
fn the_eu_file_reads_names_strength_programmes_citations_and_its_generation_date() {
    let mut t = TempStore::new();
    let o = import(&mut t.store, ListFormat::EuFsfXml, &[("eu.xml", read("eu-fsf-sample.xml"))]).unwrap();
    assert_eq!(
        (o.snapshot.list.as_str(), o.snapshot.regime, o.snapshot.as_of),
        ("eu_fsf", ListRegime::Eu, day("2018-12-21"))
    );
    let all = entries(&t.store, "eu_fsf");
    assert_eq!(all.len(), 4);
    let mugabe = all.iter().find(|e| e.key == "1").unwrap();
    assert_eq!((mugabe.name.as_str(), mugabe.entity_type.as_deref()), ("Robert Gabriel Mugabe", Some("individual")));
    assert_eq!(mugabe.programs, ["ZWE"]);
    assert_eq!(
        mugabe.url.as_deref(),
        Some("http://eur-lex.europa.eu/legal-content/EN/TXT/PDF/?uri=CELEX:32018R0223&from=EN")
    );
    assert!(mugabe.countries.is_empty(), "UNKNOWN is no country: {:?}", mugabe.countries);
    assert_eq!(mugabe.since, None, "no designation date in a 2018 file: none is guessed from a regulation");
    let ibda = all.iter().find(|e| e.key == "207").unwrap();
    assert_eq!(ibda.entity_type.as_deref(), Some("entity"));
    assert!(
        ibda.aliases.iter().any(|a| a == "Фронт на великите ислямски източни воини")
            && ibda.aliases.contains(&"IBDA-C".to_string())
    );
    assert!(ibda.remarks.as_deref().unwrap().starts_with("EU reference EU.3523.13."));
    // The fictional entries: a designation date, an address, a weak alias.
    let weak: Vec<&ListEntry> = all.iter().filter(|e| !e.weak_aliases.is_empty()).collect();
    assert_eq!(weak.len(), 1, "one alias is marked strong=\"false\"");
    assert!(weak[0].weak_aliases.iter().all(|w| !weak[0].aliases.contains(w)));
    let dated = all.iter().find(|e| e.key == "900001").unwrap();
    assert_eq!(dated.since, Some("2018-12-20".parse().unwrap()));
    assert!(!dated.addresses.is_empty() && !dated.countries.is_empty(), "{dated:?}");
    // No logicalId: named.
    let bad = String::from_utf8(read("eu-fsf-sample.xml")).unwrap().replacen("logicalId=\"207\"", "logicalId=\"\"", 1);
    let e = import(&mut t.store, ListFormat::EuFsfXml, &[("eu2.xml", bad.into_bytes())]).unwrap_err();
    assert!(
        e.to_string().contains("eu2.xml: line ") && e.to_string().contains("sanctionEntity/@logicalId: empty"),
        "{e}"
    );
}

#[test]
fn the_uk_list_reads_primary_names_non_latin_names_regimes_and_day_first_dates() {
    let mut t = TempStore::new();
    let o = import(&mut t.store, ListFormat::UkSanctionsXml, &[("uk.xml", read("uk-sanctions-sample.xml"))]).unwrap();
    assert_eq!(
        (o.snapshot.list.as_str(), o.snapshot.regime, o.snapshot.as_of),
        ("uk_sanctions", ListRegime::Uk, day("2026-08-22"))
    );
    let all = entries(&t.store, "uk_sanctions");
    let hawala = all.iter().find(|e| e.key == "AFG0001").unwrap();
    assert_eq!(hawala.name, "HAJI KHAIRULLAH HAJI SATTAR MONEY EXCHANGE");
    assert!(
        hawala.aliases.contains(&"Haji Alim Hawala".to_string())
            && hawala.aliases.contains(&"حاجی خيرالله و حاجی ستار صرافی".to_string())
    );
    assert_eq!(hawala.since, Some("2012-06-29".parse().unwrap()), "DD/MM/YYYY");
    assert_eq!(hawala.programs, ["The Afghanistan (Sanctions) (EU Exit) Regulations 2020"]);
    assert_eq!(hawala.addresses.len(), 2);
    // "Primary name" in another case is still the primary name; an individual's name joins its parts.
    assert_eq!(all.iter().find(|e| e.key == "RUS0176").unwrap().name, "Free Donbass");
    let person = all.iter().find(|e| e.key == "AFG0089").unwrap();
    assert_eq!((person.name.as_str(), person.entity_type.as_deref()), ("HAMDULLAH SUNANI", Some("individual")));
    // A month-first date is refused with its field.
    let bad = String::from_utf8(read("uk-sanctions-sample.xml")).unwrap().replacen(
        "<DateDesignated>29/06/2012",
        "<DateDesignated>06/29/2012",
        1,
    );
    let e = import(&mut t.store, ListFormat::UkSanctionsXml, &[("uk2.xml", bad.into_bytes())]).unwrap_err();
    assert!(e.to_string().contains("field DateDesignated") && e.to_string().contains("DD/MM/YYYY"), "{e}");
}

#[test]
fn a_hit_shows_the_regime_of_its_list() {
    let mut t = TempStore::seeded();
    import(&mut t.store, ListFormat::UnXml, &[("un.xml", read("un-consolidated-excerpt.xml"))]).unwrap();
    let mut c = crate::common::company("komid", "KP");
    c.legal_name = "Korea Mining Development Trading Corporation".into();
    t.store.save_company(&c).unwrap();
    let ix = ListIndex::load(&t.store).unwrap();
    let out = screening::screen_companies(&mut t.store, &ix, Some(&c.id.to_string()), 85, ts(NOW)).unwrap();
    let hit = out.hits.iter().find(|h| h.entry_key == "690735").expect("a hit on the UN entry");
    assert_eq!((hit.regime, hit.list.as_str()), (ListRegime::Un, "un_sc"));
    let stored = t.store.screening_hit(hit.id).unwrap();
    assert_eq!(stored.regime, ListRegime::Un, "the regime is shown on hits read back");
    let screenings = t.data(&c.slug).screenings;
    assert!(!screenings.is_empty() && screenings.iter().all(|s| s.regime == ListRegime::Un));
}

#[test]
fn the_more_lists_migration_keeps_snapshots_entries_hits_and_designations() {
    let mut t = TempStore::seeded();
    import(&mut t.store, ListFormat::UnXml, &[("un.xml", read("un-consolidated-excerpt.xml"))]).unwrap();
    let mut c = crate::common::company("komid", "KP");
    c.legal_name = "Korea Mining Development Trading Corporation".into();
    t.store.save_company(&c).unwrap();
    let ix = ListIndex::load(&t.store).unwrap();
    let out = screening::screen_companies(&mut t.store, &ix, Some(&c.id.to_string()), 85, ts(NOW)).unwrap();
    let hit = out.hits.iter().find(|h| h.entry_key == "690735").unwrap();
    screening::review(&mut t.store, hit.id, &screening::Decision::Confirm, "analyst", ts(NOW)).unwrap();
    let dump = |c: &rusqlite::Connection| -> Vec<String> {
        [
            "SELECT json_group_array(json_array(id, list, format, as_of, replaced_at)) FROM list_snapshots",
            "SELECT count(*) || ' entries' FROM list_entries",
            "SELECT count(*) || ' changes' FROM list_changes",
            "SELECT json_group_array(json_array(id, status, designation_id)) FROM screening_hits",
            "SELECT count(*) || ' screenings' FROM screenings",
            "SELECT json_group_array(json_array(id, list, status)) FROM designations",
        ]
        .iter()
        .map(|q| c.query_row(q, [], |r| r.get::<_, String>(0)).unwrap())
        .collect()
    };
    drop(std::mem::replace(&mut t.store, Store::open_in_memory().unwrap()));
    let raw = t.raw();
    let before = dump(&raw);
    assert!(before[1] != "0 entries" && before[3].contains("confirmed"), "{before:?}");
    // Back to version 17: opening the file applies 0018 again, rebuilding both tables (and 0019).
    raw.execute_batch(
        "DROP TABLE inbox_events; DROP TABLE monitor_state; DROP INDEX screening_hits_entry;
         DROP TRIGGER sources_cited_by_persons; ALTER TABLE persons DROP COLUMN lists;",
    )
    .unwrap();
    crate::db::undo_migration_0023(&raw);
    raw.pragma_update(None, "user_version", 17).unwrap();
    drop(raw);
    t.store = Store::open(&t.path).unwrap();
    let raw = t.raw();
    assert_eq!(dump(&raw), before, "nothing that refers to a rebuilt table is lost");
    let fk: i64 = raw.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).unwrap();
    assert_eq!(fk, 0);
    assert!(t.store.list_snapshots().unwrap().iter().any(|s| s.format == ListFormat::UnXml));
}
