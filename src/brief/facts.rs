//! The identity of the facts behind a brief: the versioned projection, its fingerprint, and the
//! brief id derived from the fingerprint, the options and the as-of date.

mod projection;

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
    let mut h = Sha256::new();
    h.update(format!("riskbrief-facts-v{FACTS_VERSION}\n"));
    h.update(facts_json(value));
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
        self.h.update(facts_json(item));
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

/// The JSON of `value`'s projection: the bytes `facts(serde_json::to_value(value))` prints, written
/// straight from `value` (`projection::write`: no JSON tree, a third of a portfolio brief's time
/// before). A value the direct writer does not handle (a map keyed by something other than text
/// or a number) goes through the tree, which gives the same bytes.
pub fn facts_json<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    let mut out = Vec::with_capacity(4096);
    match projection::write(value, &mut out) {
        Ok(()) => out,
        Err(_) => {
            let tree = facts(serde_json::to_value(value).expect("plain data serialises"));
            serde_json::to_vec(&tree).expect("JSON serialises")
        }
    }
}

/// The projection behind `fingerprint`, version `FACTS_VERSION`, on a JSON tree: the reference
/// `facts_json` writes directly.
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;
    use std::collections::{BTreeMap, HashMap};

    /// What `facts_json` must equal: the projection through the JSON tree.
    fn reference<T: Serialize>(v: &T) -> String {
        String::from_utf8(serde_json::to_vec(&facts(serde_json::to_value(v).unwrap())).unwrap()).unwrap()
    }

    fn direct<T: Serialize>(v: &T) -> String {
        let mut out = Vec::new();
        projection::write(v, &mut out).expect("written directly");
        String::from_utf8(out).unwrap()
    }

    #[derive(Serialize)]
    enum Shape {
        Unit,
        Newtype(Option<String>),
        Tuple(u8, Option<u8>),
        Struct { zeta: Vec<u8>, alpha: &'static str, updated_at: &'static str },
    }

    #[derive(Serialize)]
    #[serde(tag = "kind", rename_all = "snake_case")]
    enum Tagged {
        Listed { since: &'static str },
        Nothing,
    }

    #[derive(Serialize)]
    struct Inner {
        b: Option<u32>,
        a: String,
        screened_at: &'static str,
    }

    #[derive(Serialize)]
    struct Flat {
        z: u8,
        #[serde(flatten)]
        rest: BTreeMap<String, i64>,
    }

    #[derive(Serialize)]
    struct Record {
        name: &'static str,
        updated_at: &'static str,
        empty_text: String,
        none: Option<u8>,
        empty_list: Vec<u8>,
        nulls_in_list: Vec<Option<u8>>,
        empties_in_list: Vec<Inner>,
        inner: Inner,
        emptied: Inner,
        shapes: Vec<Shape>,
        tagged: Vec<Tagged>,
        by_name: HashMap<String, Inner>,
        by_number: BTreeMap<u32, f64>,
        flat: Flat,
        float: f32,
        not_a_number: f64,
        negative: i64,
        unit: (),
        pair: (bool, char),
        bytes: serde_bytes_like::Bytes,
        escaped: &'static str,
        text_keys: BTreeMap<&'static str, &'static str>,
    }

    mod serde_bytes_like {
        pub struct Bytes(pub Vec<u8>);
        impl serde::Serialize for Bytes {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_bytes(&self.0)
            }
        }
    }

    fn record() -> Record {
        let inner = |a: &str, b| Inner { a: a.into(), b, screened_at: "2026-01-01" };
        Record {
            name: "Hangzhou DeepSeek 深度求索",
            updated_at: "2026-01-02T00:00:00Z",
            empty_text: String::new(),
            none: None,
            empty_list: vec![],
            nulls_in_list: vec![None, Some(1)],
            empties_in_list: vec![inner("", None), inner("x", Some(0))],
            inner: inner("text", Some(7)),
            emptied: inner("", None),
            shapes: vec![
                Shape::Unit,
                Shape::Newtype(None),
                Shape::Newtype(Some("n".into())),
                Shape::Tuple(1, None),
                Shape::Struct { zeta: vec![], alpha: "", updated_at: "t" },
                Shape::Struct { zeta: vec![2], alpha: "a", updated_at: "t" },
            ],
            tagged: vec![Tagged::Listed { since: "2025" }, Tagged::Nothing],
            by_name: [
                ("b".into(), inner("", None)),
                ("a".into(), inner("y", None)),
                ("updated_at".into(), inner("z", None)),
            ]
            .into_iter()
            .collect(),
            by_number: [(10, 0.1), (9, -0.0), (100, 1e300)].into_iter().collect(),
            flat: Flat { z: 0, rest: [("y".into(), -1), ("a".into(), 2)].into_iter().collect() },
            float: 0.1,
            not_a_number: f64::NAN,
            negative: i64::MIN,
            unit: (),
            pair: (false, '\u{1f}'),
            bytes: serde_bytes_like::Bytes(vec![0, 255]),
            escaped: "quote \" backslash \\ tab \t line \n",
            text_keys: [("b\u{e9}", "1"), ("B", "2"), ("a", "")].into_iter().collect(),
        }
    }

    #[test]
    fn the_direct_projection_prints_what_the_tree_prints() {
        let r = record();
        assert_eq!(direct(&r), reference(&r));
        // And it is a projection: the bookkeeping and the empty members are gone.
        let json = direct(&r);
        for gone in ["updated_at", "screened_at", "empty_text", "\"none\"", "empty_list", "emptied"] {
            assert!(!json.contains(gone), "{gone} left in {json}");
        }
        assert!(json.contains(r#""nulls_in_list":[null,1]"#), "{json}");
        assert!(json.contains(r#""float":0.10000000149011612"#), "{json}");
    }

    #[test]
    fn each_shape_alone_prints_what_the_tree_prints() {
        for s in record().shapes {
            assert_eq!(direct(&s), reference(&s));
        }
        for v in [serde_json::json!({}), serde_json::json!([{}]), serde_json::json!({"a": {"updated_at": 1}})] {
            assert_eq!(direct(&v), reference(&v));
        }
        assert_eq!(direct(&Option::<u8>::None), "null");
        assert_eq!(direct(&Shape::Newtype(None)), "{}");
    }

    #[test]
    fn a_map_keyed_by_what_the_direct_writer_leaves_goes_through_the_tree() {
        let odd: BTreeMap<bool, u8> = [(true, 1)].into_iter().collect();
        assert!(projection::write(&odd, &mut Vec::new()).is_err());
        assert_eq!(String::from_utf8(facts_json(&odd)).unwrap(), reference(&odd));
    }
}
