//! Accuracy of list screening on the real list files, and the names used by the screening
//! benchmark (`scripts/accuracy.sh`, `scripts/bench-lists.sh`).
//!
//! ```text
//! cargo run --release --example lists_eval -- accuracy DIR [THRESHOLD]
//! cargo run --release --example lists_eval -- names DIR OUT.csv [N]
//! ```
//! DIR holds ofac-sdn-*.csv, ofac-alt-*.csv, ofac-add-*.csv, dod-1260h-*.csv and fcc-covered-list.csv
//! (../shared/data/lists in this workspace).

use riskbrief::lists::{self, InputFile};
use riskbrief::matching::normalize::normalize;
use riskbrief::matching::{Index, DEFAULT_THRESHOLD};
use riskbrief::model::{ListEntry, ListFormat};
use std::path::{Path, PathBuf};

fn find(dir: &Path, prefix: &str) -> PathBuf {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(prefix)))
        .collect();
    found.sort();
    found.pop().unwrap_or_else(|| panic!("no {prefix}* file in {}", dir.display()))
}

fn parse(format: ListFormat, paths: &[PathBuf]) -> Vec<ListEntry> {
    let bytes: Vec<(String, Vec<u8>)> =
        paths.iter().map(|p| (p.display().to_string(), std::fs::read(p).expect("readable"))).collect();
    let files: Vec<InputFile> = bytes.iter().map(|(n, b)| InputFile::from_bytes(n, b)).collect();
    let mut got = lists::Collected::default();
    lists::parse(format, &files, &mut |_, _| {}, &mut got).expect("parses");
    got.entries.sort_unstable_by(|a, b| a.key.cmp(&b.key)); // the order the store reads them in
    got.entries
}

fn sdn(dir: &Path) -> Vec<ListEntry> {
    parse(ListFormat::Ofac, &[find(dir, "ofac-sdn"), find(dir, "ofac-alt"), find(dir, "ofac-add")])
}

/// Company names from the 1260H and FCC lists: Chinese military companies and covered vendors,
/// used as names that should not match SDN entries (counted as false positives if they do).
fn other_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = parse(ListFormat::Dod1260h, &[find(dir, "dod-1260h")])
        .into_iter()
        .chain(parse(ListFormat::FccCovered, &[find(dir, "fcc-covered")]))
        .map(|e| e.name)
        .collect();
    names.sort();
    names.dedup();
    names
}

fn accuracy(dir: &Path, threshold: u8) {
    let entries = sdn(dir);
    // Positives: each alias against an index of primary names only; the alias's own entry is
    // the right answer, any other entry is a false positive.
    let primaries = Index::new(entries.iter().map(|e| std::iter::once(e.name.as_str())));
    let mut sc = primaries.screener();
    let (mut tp, mut fp, mut positives) = (0usize, 0usize, 0usize);
    let mut by_type: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
    let mut missed = vec![];
    let mut wrong = vec![];
    // Aliases that share a distinctive word with the primary name (spelling and form variants,
    // not other names altogether), counted apart.
    let (mut related, mut related_found) = (0usize, 0usize);
    let words = |n: &str| -> Vec<String> { normalize(n).distinctive().map(|t| t.key.clone()).collect() };
    for (i, e) in entries.iter().enumerate() {
        let primary_words = words(&e.name);
        for alias in &e.aliases {
            positives += 1;
            let hits = sc.screen(&[alias.as_str()], threshold);
            let found = hits.iter().any(|h| h.entry == i);
            tp += found as usize;
            fp += hits.iter().filter(|h| h.entry != i).count();
            for h in hits.iter().filter(|h| h.entry != i) {
                if wrong.len() < 15 && i % 7 == 0 {
                    wrong.push(format!("{alias} (alias of {}) → {} ({})", e.name, entries[h.entry].name, h.score));
                }
            }
            if words(alias).iter().any(|w| primary_words.contains(w)) {
                related += 1;
                related_found += found as usize;
            }
            let t = by_type.entry(e.entity_type.clone().unwrap_or_default()).or_default();
            t.0 += 1;
            t.1 += found as usize;
            if !found && missed.len() < 12 && i % 5 == 0 && words(alias).iter().any(|w| primary_words.contains(w)) {
                missed.push(format!("{} / {}", e.name, alias));
            }
        }
    }
    // Negatives: companies of other lists against the whole SDN (names and aliases).
    let full = Index::new(
        entries.iter().map(|e| std::iter::once(e.name.as_str()).chain(e.aliases.iter().map(String::as_str))),
    );
    let mut sc = full.screener();
    let others = other_names(dir);
    let mut neg_hits = vec![];
    for n in &others {
        for h in sc.screen(&[n.as_str()], threshold) {
            neg_hits.push(format!("{n} → {} ({})", entries[h.entry].name, h.score));
        }
    }
    let fp_total = fp + neg_hits.len();
    println!("threshold {threshold}");
    println!("positives (SDN aliases vs their entry's primary name): {positives}");
    println!("negatives (1260H and FCC company names vs the SDN): {}", others.len());
    println!("true positives {tp}, false negatives {}, false positives {fp_total} ({fp} wrong-entry hits on alias queries, {} hits on other-list names)", positives - tp, neg_hits.len());
    println!("precision {:.3}", tp as f64 / (tp + fp_total).max(1) as f64);
    println!("recall {:.3}", tp as f64 / positives.max(1) as f64);
    println!(
        "  recall for aliases sharing a distinctive word with the primary name: {:.3} ({related_found}/{related})",
        related_found as f64 / related.max(1) as f64
    );
    for (t, (n, f)) in &by_type {
        println!("  recall for {t}: {:.3} ({f}/{n})", *f as f64 / (*n).max(1) as f64);
    }
    println!("examples of missed aliases that share a word with the primary name:");
    for m in &missed {
        println!("  {m}");
    }
    println!("examples of aliases hitting another entry (each counted as a false positive; some are related parties):");
    for w in &wrong {
        println!("  {w}");
    }
    println!("hits on other-list names (each counted as a false positive):");
    for h in &neg_hits {
        println!("  {h}");
    }
}

/// A small deterministic generator (xorshift), so the benchmark names are the same every run.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn title_case(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c.flat_map(|x| x.to_lowercase())).collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The ways vendor files write a listed name differently.
fn variant(name: &str, rng: &mut Rng) -> String {
    let legal: &[(&str, &str)] = &[
        ("LIMITED LIABILITY COMPANY", "LLC"),
        ("JOINT STOCK COMPANY", "JSC"),
        ("COMPANY LIMITED", "Co., Ltd."),
        ("CO., LTD.", "Company Limited"),
        ("S.A. DE C.V.", "SA de CV"),
        ("LLC", "Limited Liability Company"),
    ];
    let mut s = name.to_owned();
    for (long, short) in legal {
        if s.contains(long) {
            s = s.replace(long, short);
            break;
        }
    }
    if let Some(rest) = s.strip_prefix("OOO ") {
        s = format!("{rest} LLC");
    } else if let Some(rest) = s.strip_prefix("AO ") {
        s = format!("{rest} JSC");
    }
    let mut words: Vec<String> = s.split_whitespace().map(str::to_owned).collect();
    match rng.below(4) {
        // Reorder two words.
        0 if words.len() >= 3 => {
            let i = rng.below(words.len() - 1);
            words.swap(i, i + 1);
        }
        // Drop a letter from a long word.
        1 => {
            if let Some(w) = words.iter_mut().find(|w| w.len() >= 7 && w.is_ascii()) {
                let at = 2 + rng.below(w.len() - 4);
                w.remove(at);
            }
        }
        // Transliteration variant.
        2 => {
            for w in words.iter_mut() {
                for (a, b) in [("IYA", "IIA"), ("IIA", "IYA"), ("KS", "X"), ("YU", "IU")] {
                    if w.contains(a) {
                        *w = w.replacen(a, b, 1);
                        break;
                    }
                }
            }
        }
        _ => {}
    }
    let s = words.join(" ");
    if rng.below(2) == 0 {
        title_case(&s)
    } else {
        s
    }
}

const WORDS: &[&str] = &[
    "Amber",
    "Harbor",
    "Summit",
    "Cedar",
    "Northwind",
    "Bluefield",
    "Granite",
    "Lakeside",
    "Meridian",
    "Oakridge",
    "Pinecrest",
    "Redwood",
    "Silverline",
    "Stonegate",
    "Westbrook",
    "Brightwater",
    "Clearview",
    "Evergreen",
    "Fairmont",
    "Highland",
    "Ironwood",
    "Kingsley",
    "Larkspur",
    "Maplewood",
    "Newhaven",
    "Orchard",
    "Parkside",
    "Quarry",
    "Riverton",
];
const FORMS: &[&str] = &["LLC", "Inc.", "Ltd", "GmbH", "Co., Ltd.", "Corporation", "Group", "Technologies", "Holdings"];

fn names(dir: &Path, out: &Path, n: usize) {
    let entries = sdn(dir);
    let candidates: Vec<&ListEntry> = entries
        .iter()
        .filter(|e| !matches!(e.entity_type.as_deref(), Some("individual")))
        .filter(|e| e.name.split_whitespace().count() >= 2)
        .collect();
    let others = other_names(dir);
    let mut rng = Rng(0x5eed_2026_1128);
    let mut w = csv::Writer::from_path(out).expect("writable");
    w.write_record(["name", "expected_key"]).unwrap();
    for i in 0..n {
        if i % 2 == 0 {
            let e = candidates[rng.below(candidates.len())];
            w.write_record([variant(&e.name, &mut rng).as_str(), e.key.as_str()]).unwrap();
        } else if i % 10 == 1 {
            w.write_record([others[rng.below(others.len())].as_str(), ""]).unwrap();
        } else {
            let name = format!(
                "{} {} {}",
                WORDS[rng.below(WORDS.len())],
                WORDS[rng.below(WORDS.len())],
                FORMS[rng.below(FORMS.len())]
            );
            w.write_record([name.as_str(), ""]).unwrap();
        }
    }
    w.flush().unwrap();
    eprintln!("{n} names written to {} (half of them variants of SDN entity names)", out.display());
}

/// Screening accuracy on the real list files, and the benchmark's names.
#[derive(clap::Parser)]
enum Args {
    /// Precision and recall at THRESHOLD on the files in DIR.
    Accuracy {
        dir: PathBuf,
        #[arg(default_value_t = DEFAULT_THRESHOLD)]
        threshold: u8,
    },
    /// Writes N benchmark names (half of them variants of SDN entity names) to OUT.
    Names {
        dir: PathBuf,
        out: PathBuf,
        #[arg(default_value_t = 10_000)]
        n: usize,
    },
}

fn main() {
    match <Args as clap::Parser>::parse() {
        Args::Accuracy { dir, threshold } => accuracy(&dir, threshold),
        Args::Names { dir, out, n } => names(&dir, &out, n),
    }
}
