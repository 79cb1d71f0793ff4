//! Replays every fuzz target's seed corpus and every crash the fuzzer ever found
//! (`fuzz/corpus/<target>`, `fuzz/regressions/<target>`) through the same entry points the
//! fuzz targets call (`riskbrief::fuzz`), so a fixed crash stays fixed. `scripts/fuzz.sh` runs
//! the fuzzer itself.

use riskbrief::fuzz;
use std::path::Path;

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut out = vec![];
    for dir in ["corpus", "regressions"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir).join(target)) else { continue };
        for e in entries {
            let p = e.unwrap().path();
            if p.file_name().is_some_and(|n| n != ".keep") {
                out.push((p.display().to_string(), std::fs::read(&p).unwrap()));
            }
        }
    }
    out
}

fn replay(target: &str, run: impl Fn(&[u8])) {
    let inputs = inputs(target);
    assert!(!inputs.is_empty(), "no corpus for fuzz target {target}");
    for (name, bytes) in &inputs {
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(bytes)));
        assert!(r.is_ok(), "fuzz target {target} fails on {name}");
    }
}

#[test]
fn every_list_parser_survives_its_corpus() {
    let names = [
        "ofac",
        "dod_1260h",
        "fcc_covered",
        "ndaa_889",
        "bis_meu",
        "opensanctions_csv",
        "opensanctions_ftm",
        "csl",
        "ofac_consolidated",
        "un_xml",
        "bis_dpl",
        "eu_fsf_xml",
        "uk_sanctions_xml",
    ];
    for (format, name) in fuzz::LIST_FORMATS.into_iter().zip(names) {
        assert_eq!(format.code(), name);
        replay(&format!("list_{name}"), |b| fuzz::list(format, b));
    }
}

#[test]
fn the_bundle_reader_survives_its_corpus() {
    replay("bundle", fuzz::bundle);
}

#[test]
fn date_and_grade_parsers_survive_their_corpus() {
    replay("dates", fuzz::dates);
}

#[test]
fn the_search_query_builder_survives_its_corpus() {
    replay("search", fuzz::search);
}

#[test]
fn the_pack_reader_survives_its_corpus() {
    replay("pack", fuzz::pack);
}
