//! The identity of the facts behind a brief: the versioned projection, its fingerprint, and the
//! brief id derived from the fingerprint, the options and the as-of date.

use super::BriefOptions;
use crate::bundle::hex;
use chrono::NaiveDate;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The version of the projection `fingerprint` hashes: hashed with it, and written into each PDF
/// brief's metadata (`RiskBriefFactsVersion`). Change the projection only with a new version.
pub const FACTS_VERSION: u32 = 1;

/// The fingerprint of the facts behind a brief: SHA-256 over a projection of `value`'s JSON
/// that keeps what a brief states and drops what it does not: bookkeeping times (`updated_at`,
/// a screening's `screened_at`) and empty values (null, "", [], {}), so that a re-screening that
/// finds nothing new, or a new optional field of a model type, leaves fingerprints as they were.
pub fn fingerprint<T: Serialize>(value: &T) -> String {
    let facts = facts(serde_json::to_value(value).expect("plain data serialises"));
    let mut h = Sha256::new();
    h.update(format!("riskbrief-facts-v{FACTS_VERSION}\n"));
    h.update(serde_json::to_vec(&facts).expect("JSON serialises"));
    hex(&h.finalize())
}

/// `fingerprint` of a list, equal to `fingerprint(&items)`, computed one item at a time so that
/// a whole portfolio is never held as one JSON tree.
pub fn fingerprint_each<'a, T: Serialize + 'a>(items: impl IntoIterator<Item = &'a T>) -> String {
    let mut f = ListFingerprint::new();
    items.into_iter().for_each(|x| f.add(x));
    f.finish()
}

/// `fingerprint_each` fed one item at a time, for a list read in batches.
pub struct ListFingerprint {
    h: Sha256,
    any: bool,
}

impl ListFingerprint {
    /// The fingerprint of an empty list, so far.
    pub fn new() -> Self {
        let mut h = Sha256::new();
        h.update(format!("riskbrief-facts-v{FACTS_VERSION}\n"));
        h.update(b"[");
        ListFingerprint { h, any: false }
    }

    /// Adds the list's next item.
    pub fn add<T: Serialize>(&mut self, item: &T) {
        if self.any {
            self.h.update(b",");
        }
        let facts = facts(serde_json::to_value(item).expect("plain data serialises"));
        self.h.update(serde_json::to_vec(&facts).expect("JSON serialises"));
        self.any = true;
    }

    /// The fingerprint of the items added.
    pub fn finish(mut self) -> String {
        self.h.update(b"]");
        hex(&self.h.finalize())
    }
}

impl Default for ListFingerprint {
    fn default() -> Self {
        Self::new()
    }
}

/// The projection behind `fingerprint`, version `FACTS_VERSION`.
pub fn facts(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    let empty = |v: &Value| match v {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    };
    match v {
        Value::Object(o) => Value::Object(
            o.into_iter()
                .filter(|(k, _)| k != "updated_at" && k != "screened_at")
                .map(|(k, v)| (k, facts(v)))
                .filter(|(_, v)| !empty(v))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.into_iter().map(facts).collect()),
        other => other,
    }
}

pub(super) fn brief_id(fingerprint: &str, options: &BriefOptions, as_of: NaiveDate) -> String {
    let mut h = Sha256::new();
    h.update(fingerprint.as_bytes());
    h.update(serde_json::to_vec(options).expect("options serialise"));
    h.update(as_of.to_string().as_bytes());
    format!("RB-{}", hex(&h.finalize()[..4]).to_uppercase())
}
