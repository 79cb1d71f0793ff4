//! Monitoring benchmark (issue #16, `scripts/bench-monitoring.sh`), on the real list files:
//!
//!   monitoring_bench LISTS_DIR [--companies N]
//!
//! A database of N companies (one in ten named after an SDN entry, so screening finds hits; the
//! rest synthetic vendor names) imports the OFAC SDN list (screening every company against it),
//! then a copy of it with 1 % of the entries changed (0.5 % removed, 0.5 % renamed): the
//! incremental re-screen. In the same run: a full re-screen of every company against every
//! current list (what re-screening would cost without the incremental path), and, as the
//! baseline, storing the same changed snapshot in a database with no company (storing alone).
//! The ratio compares importing with the incremental re-screen against importing and then
//! re-screening in full.
//! Then the UN Security Council list's import, and a list pack of SDN + UN: its size, and the
//! time to import it into a fresh database of the same companies. Prints one JSON line; times
//! are medians of 3 runs, in milliseconds.

use clap::Parser;
use riskbrief::lists::InputFile;
use riskbrief::model::*;
use riskbrief::screening::{self, ListIndex};
use riskbrief::Store;
use std::path::{Path, PathBuf};
use std::time::Instant;
use uuid::Uuid;

#[derive(Parser)]
struct Args {
    /// The folder with ofac-sdn-2023-03-01.csv, its alt and add files, and the UN XML.
    lists: PathBuf,
    /// How many companies.
    #[arg(long, default_value_t = 10_000)]
    companies: usize,
}

fn ts(s: &str) -> Timestamp {
    s.parse().expect("timestamp")
}

fn read(dir: &Path, name: &str) -> Vec<u8> {
    std::fs::read(dir.join(name)).unwrap_or_else(|e| panic!("{}: {e}", dir.join(name).display()))
}

fn companies(n: usize, sdn: &str) -> Vec<Company> {
    let names: Vec<String> = sdn
        .lines()
        .filter_map(|l| l.split(',').nth(1).map(|n| n.trim_matches('"').to_string()))
        .filter(|n| n.len() > 4)
        .collect();
    (0..n)
        .map(|i| {
            let legal_name = if i % 10 == 0 {
                names[(i * 7) % names.len()].clone()
            } else {
                format!("Vendor {i:06} Components Ltd")
            };
            Company {
                id: Uuid::now_v7(),
                slug: format!("c{i:06}"),
                legal_name,
                native_name: None,
                aliases: vec![],
                country: "US".into(),
                headquarters: None,
                owner: None,
                sector: None,
                website: None,
                description: None,
                products: vec![],
                source_ids: vec![],
                updated_at: ts("2026-11-01T00:00:00Z"),
            }
        })
        .collect()
}

fn store(dir: &Path, name: &str, companies: &[Company]) -> Store {
    let path = dir.join(name);
    let _ = std::fs::remove_file(&path);
    let mut s = Store::open(&path).expect("open");
    s.import_dataset(&Dataset { companies: companies.to_vec(), ..Default::default() }).expect("companies");
    s
}

/// SDN files with 1 % of the entries changed: every 200th removed (with its aliases and
/// addresses), every 200th from the 100th renamed.
fn changed(sdn: &str, alt: &str, add: &str) -> (String, String, String) {
    let mut removed = std::collections::HashSet::new();
    let mut out = String::new();
    for (i, line) in sdn.lines().enumerate() {
        let num = line.split(',').next().unwrap_or("").to_string();
        if i % 200 == 0 {
            removed.insert(num);
        } else if i % 200 == 100 {
            out.push_str(&line.replacen("\",", " TRADING COMPANY\",", 1));
            out.push('\n');
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    let keep = |f: &str| {
        f.lines()
            .filter(|l| !removed.contains(l.split(',').next().unwrap_or("")))
            .map(|l| format!("{l}\n"))
            .collect::<String>()
    };
    (out, keep(alt), keep(add))
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

fn import(s: &mut Store, format: ListFormat, files: &[(&str, &[u8])], as_of: &str) -> screening::ImportOutcome {
    let inputs: Vec<InputFile> = files.iter().map(|(n, b)| InputFile::from_bytes(n, b)).collect();
    screening::import(
        s,
        format,
        &inputs,
        Some(as_of.parse().unwrap()),
        Uuid::now_v7(),
        ts("2026-12-01T00:00:00Z"),
        &mut |_| {},
    )
    .expect("import")
}

fn main() {
    let a = Args::parse();
    let dir = tempfile::tempdir().expect("temp dir");
    let sdn = String::from_utf8(read(&a.lists, "ofac-sdn-2023-03-01.csv")).unwrap();
    let alt = String::from_utf8(read(&a.lists, "ofac-alt-2023-03-01.csv")).unwrap();
    let add = String::from_utf8(read(&a.lists, "ofac-add-2023-03-01.csv")).unwrap();
    let un = read(&a.lists, "un-consolidated-2026-02-27.xml");
    let (sdn2, alt2, add2) = changed(&sdn, &alt, &add);
    let cs = companies(a.companies, &sdn);
    let v1: [(&str, &[u8]); 3] =
        [("sdn.csv", sdn.as_bytes()), ("alt.csv", alt.as_bytes()), ("add.csv", add.as_bytes())];
    let v2: [(&str, &[u8]); 3] =
        [("sdn.csv", sdn2.as_bytes()), ("alt.csv", alt2.as_bytes()), ("add.csv", add2.as_bytes())];

    let (mut first, mut incremental, mut full, mut baseline, mut un_ms, mut pack_ms) =
        (vec![], vec![], vec![], vec![], vec![], vec![]);
    let (mut summary, mut pack_bytes, mut hits, mut sdn_entries) = (None, 0, 0, 0);
    for _ in 0..3 {
        let mut s = store(dir.path(), "a.db", &cs);
        let t = Instant::now();
        sdn_entries = import(&mut s, ListFormat::Ofac, &v1, "2023-03-01").snapshot.entry_count;
        first.push(ms(t));
        let t = Instant::now();
        let o = import(&mut s, ListFormat::Ofac, &v2, "2023-03-02");
        incremental.push(ms(t));
        summary = Some(o.rescreen);
        let t = Instant::now();
        let ix = ListIndex::load(&s).expect("index");
        let out = screening::screen_companies(&mut s, &ix, None, 85, ts("2026-12-01T01:00:00Z")).expect("screen");
        full.push(ms(t));
        hits = out.hits.len();

        let mut empty = store(dir.path(), "b.db", &[]);
        import(&mut empty, ListFormat::Ofac, &v1, "2023-03-01");
        let t = Instant::now();
        import(&mut empty, ListFormat::Ofac, &v2, "2023-03-02");
        baseline.push(ms(t));

        let t = Instant::now();
        import(&mut s, ListFormat::UnXml, &[("un.xml", &un)], "2026-02-27");
        un_ms.push(ms(t));
        let pack = screening::export_pack(&s, ts("2026-12-01T02:00:00Z"), "bench".into(), None).expect("pack");
        pack_bytes = pack.len();
        let mut fresh = store(dir.path(), "c.db", &cs);
        let t = Instant::now();
        screening::import_pack(&mut fresh, "p.rbl", &pack, true, false, ts("2026-12-01T03:00:00Z"), &mut |_| {})
            .expect("pack import");
        pack_ms.push(ms(t));
    }
    let r = summary.expect("ran");
    let (incr, full_ms, base) = (median(incremental), median(full), median(baseline));
    println!(
        "{}",
        serde_json::json!({
            "companies": a.companies,
            "sdn_entries": sdn_entries,
            "entries_screened_incrementally": r.entries_screened,
            "hits_carried": r.hits_carried,
            "hits": hits,
            "first_import_ms": median(first),
            "incremental_import_ms": incr,
            "store_only_baseline_ms": base,
            "incremental_rescreen_ms": (incr - base).max(0.0),
            "full_rescreen_ms": full_ms,
            "import_then_full_rescreen_ms": base + full_ms,
            "ratio": (base + full_ms) / incr,
            "un_import_ms": median(un_ms),
            "pack_bytes": pack_bytes,
            "pack_import_ms": median(pack_ms),
        })
    );
}
