//! Small wording helpers shared by the brief's sections: names, dates, numbers, web addresses
//! and reference numbers.

use crate::model::*;
use uuid::Uuid;

/// Short display name: the first alias ("DeepSeek") or the legal name.
pub fn short_name(c: &Company) -> &str {
    c.display_name()
}

pub(super) fn date(d: Option<PartialDate>) -> String {
    d.map(|d| d.human()).unwrap_or_else(|| "—".into())
}

/// Reference numbers follow `data.sources` order (first citation first).
pub(super) struct Refs<'a> {
    pub(super) data: &'a CompanyData,
}

impl Refs<'_> {
    pub(super) fn n(&self, id: Uuid) -> Option<usize> {
        self.data.sources.iter().position(|s| s.id == id).map(|i| i + 1)
    }
    /// " [1, 3]" for a set of sources.
    pub(super) fn cite(&self, ids: impl IntoIterator<Item = Uuid>) -> String {
        let mut ns: Vec<usize> = ids.into_iter().filter_map(|id| self.n(id)).collect();
        ns.sort();
        ns.dedup();
        if ns.is_empty() {
            String::new()
        } else {
            format!(" [{}]", ns.iter().map(|n| n.to_string()).collect::<Vec<_>>().join(", "))
        }
    }
    pub(super) fn cite_opt(&self, id: Option<Uuid>) -> String {
        self.cite(id)
    }
}

pub(super) fn dedup<'a>(items: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut v: Vec<&str> = Vec::new();
    for i in items {
        if !v.contains(&i) {
            v.push(i);
        }
    }
    v
}

pub(super) fn thousands(n: u32) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A web address short enough for a table cell: whole up to 40 characters, else its site.
pub(super) fn short_url(url: &str) -> String {
    let bare = url.split_once("://").map_or(url, |(_, rest)| rest).trim_end_matches('/');
    if bare.chars().count() <= 40 {
        return bare.to_string();
    }
    format!("{}/…", bare.split('/').next().unwrap_or(bare))
}

/// The day of a date or timestamp ("2026-11-28…") as the rest of the brief writes dates ("28 Nov 2026").
pub(super) fn human_day(text: &str) -> String {
    text.get(..10).and_then(|d| d.parse::<PartialDate>().ok()).map_or_else(|| text.to_string(), |d| d.human())
}
