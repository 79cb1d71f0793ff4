//! The bundled sample dataset (`data/`), embedded in the binary, and JSON dataset parsing.

use crate::error::{Error, Result};
use crate::model::Dataset;

/// The files of `data/`, in load order: sources first, then one file per company, then the
/// persons and relations of ownership and control.
pub const BUNDLED: &[(&str, &str)] = &[
    ("data/sources.json", include_str!("../data/sources.json")),
    ("data/companies/china-mobile.json", include_str!("../data/companies/china-mobile.json")),
    ("data/companies/dahua.json", include_str!("../data/companies/dahua.json")),
    ("data/companies/deepseek.json", include_str!("../data/companies/deepseek.json")),
    ("data/companies/high-flyer.json", include_str!("../data/companies/high-flyer.json")),
    ("data/companies/hikvision.json", include_str!("../data/companies/hikvision.json")),
    ("data/companies/huawei.json", include_str!("../data/companies/huawei.json")),
    ("data/companies/hytera.json", include_str!("../data/companies/hytera.json")),
    ("data/companies/kaspersky.json", include_str!("../data/companies/kaspersky.json")),
    ("data/companies/sensetime.json", include_str!("../data/companies/sensetime.json")),
    ("data/companies/zte.json", include_str!("../data/companies/zte.json")),
    ("data/ownership.json", include_str!("../data/ownership.json")),
];

/// The sample register of deployments: a fictional organisation's, bundled so that the
/// Exposure screen and brief show the feature working on first launch. Not facts about the world.
pub const SAMPLE_REGISTER: (&str, &[u8]) = ("data/sample-register.csv", include_bytes!("../data/sample-register.csv"));

/// What each official list's listing means for a buyer, with its legal source: embedded from
/// `data/list-consequences.json`, parsed once.
pub fn list_consequences() -> &'static [crate::model::ListConsequence] {
    #[derive(serde::Deserialize)]
    struct File {
        consequences: Vec<crate::model::ListConsequence>,
    }
    static PARSED: std::sync::OnceLock<Vec<crate::model::ListConsequence>> = std::sync::OnceLock::new();
    PARSED.get_or_init(|| {
        let f: File = serde_json::from_str(include_str!("../data/list-consequences.json"))
            .expect("data/list-consequences.json is checked by the tests");
        f.consequences
    })
}

/// The 50 % rules (`data/ownership-rules.json`), checked by the tests.
pub fn ownership_regimes() -> &'static [crate::ownership::Regime] {
    #[derive(serde::Deserialize)]
    struct File {
        regimes: Vec<crate::ownership::Regime>,
    }
    static PARSED: std::sync::OnceLock<Vec<crate::ownership::Regime>> = std::sync::OnceLock::new();
    PARSED.get_or_init(|| {
        let f: File = serde_json::from_str(include_str!("../data/ownership-rules.json"))
            .expect("data/ownership-rules.json is checked by the tests");
        f.regimes
    })
}

/// The consequence of a listing on `list`; `None` for a list without a settled one (`other`).
pub fn list_consequence(list: crate::model::OfficialList) -> Option<&'static crate::model::ListConsequence> {
    list_consequences().iter().find(|c| c.list == list)
}

/// Parses one dataset file; errors name the file, line and column.
pub fn parse(name: &str, json: &str) -> Result<Dataset> {
    serde_json::from_str(json)
        .map_err(|e| Error::Validation(format!("{name}: line {}, column {}: {e}", e.line(), e.column())))
}

/// Merges several dataset files into one.
pub fn merge(parts: impl IntoIterator<Item = Dataset>) -> Dataset {
    let mut all = Dataset::default();
    for d in parts {
        all.sources.extend(d.sources);
        all.companies.extend(d.companies);
        all.allegations.extend(d.allegations);
        all.designations.extend(d.designations);
        all.restrictions.extend(d.restrictions);
        all.cloud_offerings.extend(d.cloud_offerings);
        all.deployments.extend(d.deployments);
        all.scenarios.extend(d.scenarios);
        all.persons.extend(d.persons);
        all.relations.extend(d.relations);
    }
    all
}

/// The bundled sample dataset, parsed and checked.
pub fn bundled() -> Result<Dataset> {
    let parts = BUNDLED.iter().map(|(name, json)| parse(name, json)).collect::<Result<Vec<_>>>()?;
    let data = merge(parts);
    crate::validate::dataset(&data)?;
    Ok(data)
}
