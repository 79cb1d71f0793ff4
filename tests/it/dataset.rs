//! The bundled dataset (`data/`): complete, valid, and faithful to the founding report.

use riskbrief::dataset::{self, BUNDLED};
use riskbrief::model::*;
use riskbrief::Error;
use std::collections::HashSet;
use std::path::Path;
use uuid::Uuid;

fn bundled() -> Dataset {
    dataset::bundled().unwrap_or_else(|e| panic!("bundled dataset does not load: {e}"))
}

fn deepseek(d: &Dataset) -> &Company {
    d.companies.iter().find(|c| c.slug == "deepseek").expect("deepseek in the bundled data")
}

fn deepseek_allegations(d: &Dataset) -> Vec<&Allegation> {
    let id = deepseek(d).id;
    d.allegations.iter().filter(|a| a.company_id == id).collect()
}

/// Summary and detail of an allegation, lower-cased, for content checks.
fn text(a: &Allegation) -> String {
    format!("{} {}", a.summary, a.detail.clone().unwrap_or_default()).to_lowercase()
}

/// The one allegation whose text contains every one of `words` (case-insensitive).
#[track_caller]
fn allegation_about<'a>(all: &[&'a Allegation], words: &[&str]) -> &'a Allegation {
    let found: Vec<_> = all.iter().filter(|a| words.iter().all(|w| text(a).contains(&w.to_lowercase()))).collect();
    assert!(!found.is_empty(), "no DeepSeek allegation mentions all of {words:?}");
    found[0]
}

#[test]
fn bundled_dataset_loads_and_validates() {
    let d = bundled();
    riskbrief::validate::dataset(&d).unwrap();
    assert!(!d.sources.is_empty());
    assert_eq!(BUNDLED[0].0, "data/sources.json", "sources must load first");
}

#[test]
fn every_data_file_is_embedded() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let embedded: HashSet<&str> = BUNDLED.iter().map(|(name, _)| *name).collect();
    let mut on_disk = vec!["data/sources.json".to_string()];
    for entry in std::fs::read_dir(root.join("data/companies")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name.ends_with(".json") {
            on_disk.push(format!("data/companies/{name}"));
        }
    }
    assert!(on_disk.len() >= 8);
    for f in &on_disk {
        assert!(embedded.contains(f.as_str()), "{f} exists but is not listed in riskbrief::dataset::BUNDLED");
    }
    // And nothing embedded is stale: each entry is a file that still exists, with the same text.
    for (name, json) in BUNDLED {
        let disk = std::fs::read_to_string(root.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(&disk, json, "{name} differs from the embedded copy");
    }
    assert_eq!(embedded.len(), BUNDLED.len(), "a file is embedded twice");
}

#[test]
fn at_least_seven_companies_with_unique_slugs() {
    let d = bundled();
    assert!(d.companies.len() >= 7, "only {} companies", d.companies.len());
    let slugs: HashSet<_> = d.companies.iter().map(|c| c.slug.as_str()).collect();
    assert_eq!(slugs.len(), d.companies.len());
    for s in ["deepseek", "huawei"] {
        assert!(slugs.contains(s), "{s} missing");
    }
}

#[test]
fn deepseek_carries_the_founding_report() {
    let d = bundled();
    let all = deepseek_allegations(&d);

    let mil = allegation_about(&all, &["military", "intelligence"]);
    assert_eq!(mil.category, AllegationCategory::MilitaryIntelligence);
    let procurement = allegation_about(&all, &["150", "procurement"]);
    assert_eq!(procurement.category, AllegationCategory::MilitaryIntelligence);
    let sharing = allegation_about(&all, &["user", "data", "shar"]);
    assert_eq!(sharing.category, AllegationCategory::DataSharing);
    let shell = allegation_about(&all, &["shell firms", "H100"]);
    assert_eq!(shell.category, AllegationCategory::ExportControlEvasion);
    let remote = allegation_about(&all, &["remote", "data center"]);
    assert_eq!(remote.category, AllegationCategory::ExportControlEvasion);
    allegation_about(&all, &["Singapore", "fraud"]);
    allegation_about(&all, &["$5.58 million"]);

    let nvidia = shell.responses.iter().find(|r| r.responder.contains("Nvidia")).expect("Nvidia's response to the H100 allegation");
    assert!(nvidia.statement.contains("H800"), "Nvidia's response does not mention H800: {}", nvidia.statement);

    for a in &all {
        assert_ne!(a.status, AllegationStatus::Confirmed, "DeepSeek allegation marked confirmed: {}", a.summary);
        assert!(a.first_reported.is_some(), "{}", a.summary);
    }
}

#[test]
fn deepseek_is_not_listed_anywhere_and_is_offered_on_three_clouds() {
    let d = bundled();
    let id = deepseek(&d).id;
    let designations: Vec<_> = d.designations.iter().filter(|x| x.company_id == id).collect();
    assert!(!designations.is_empty());
    for x in &designations {
        assert_eq!(x.status, DesignationStatus::NotListed, "{:?}", x.list);
        assert!(x.as_of.is_some());
    }
    let lists: HashSet<_> = designations.iter().map(|x| x.list).collect();
    assert!(lists.contains(&OfficialList::OfacSdn) && lists.contains(&OfficialList::BisEntityList), "{lists:?}");

    let platforms: HashSet<_> = d.cloud_offerings.iter().filter(|o| o.company_id == id).map(|o| o.platform.as_str()).collect();
    for p in ["Amazon", "Microsoft", "Google"] {
        assert!(platforms.contains(p), "no DeepSeek offering on {p}: {platforms:?}");
    }
}

#[test]
fn every_cited_source_exists_and_every_allegation_is_sourced() {
    let d = bundled();
    let sources: std::collections::HashMap<Uuid, &Source> = d.sources.iter().map(|s| (s.id, s)).collect();
    let mut cited: Vec<(String, Uuid)> = vec![];
    for c in &d.companies {
        cited.extend(c.source_ids.iter().map(|s| (format!("company {}", c.slug), *s)));
    }
    for a in &d.allegations {
        assert!(!a.citations.is_empty(), "allegation without citation: {}", a.summary);
        cited.extend(a.citations.iter().map(|c| (format!("allegation {}", a.id), c.source_id)));
        cited.extend(a.responses.iter().filter_map(|r| r.source_id).map(|s| (format!("response in {}", a.id), s)));
    }
    cited.extend(d.designations.iter().filter_map(|x| x.source_id.map(|s| (format!("designation {}", x.id), s))));
    cited.extend(d.restrictions.iter().filter_map(|x| x.source_id.map(|s| (format!("restriction {}", x.id), s))));
    cited.extend(d.cloud_offerings.iter().filter_map(|x| x.source_id.map(|s| (format!("offering {}", x.id), s))));
    assert!(!cited.is_empty());
    for (who, s) in &cited {
        let src = sources.get(s).unwrap_or_else(|| panic!("{who} cites missing source {s}"));
        assert!(!src.publisher.trim().is_empty(), "source {s} has no publisher");
        assert!(!src.title.trim().is_empty(), "source {s} has no title");
    }
    let company_ids: HashSet<Uuid> = d.companies.iter().map(|c| c.id).collect();
    for a in &d.allegations {
        assert!(company_ids.contains(&a.company_id));
    }
}

#[test]
fn parse_errors_name_the_file_and_line() {
    let broken = "{\n  \"companies\": [\n    { \"id\": \n  ]\n}\n";
    match dataset::parse("data/companies/broken.json", broken) {
        Err(Error::Validation(msg)) => {
            assert!(msg.contains("data/companies/broken.json"), "{msg}");
            assert!(msg.contains("line"), "{msg}");
            assert!(msg.contains("line 4"), "wrong line in {msg}");
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
    // Unknown top-level keys are refused too (deny_unknown_fields), naming the file.
    match dataset::parse("extra.json", "{\"companys\": []}") {
        Err(Error::Validation(msg)) => assert!(msg.contains("extra.json") && msg.contains("companys"), "{msg}"),
        other => panic!("expected a validation error, got {other:?}"),
    }
    // A well-formed but empty dataset is fine.
    assert_eq!(dataset::parse("empty.json", "{}").unwrap(), Dataset::default());
}

#[test]
fn merge_keeps_every_record() {
    let parts: Vec<Dataset> = BUNDLED.iter().map(|(n, j)| dataset::parse(n, j).unwrap()).collect();
    let total_companies: usize = parts.iter().map(|p| p.companies.len()).sum();
    let total_allegations: usize = parts.iter().map(|p| p.allegations.len()).sum();
    let merged = dataset::merge(parts);
    assert_eq!(merged.companies.len(), total_companies);
    assert_eq!(merged.allegations.len(), total_allegations);
    assert_eq!(merged, bundled());
}
