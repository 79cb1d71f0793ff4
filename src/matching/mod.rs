//! Explainable fuzzy name matching against list entries.
//!
//! Names are normalised (`normalize`), then compared as token sets: distinctive tokens are
//! paired one to one by string similarity (rapidfuzz's normalised Indel ratio), weighted by
//! length; weak tokens (legal forms, common words) only nudge the score. The score is
//!
//! ```text
//! D     = Σ sim(q, e) · (w(q) + w(e)) / (Σ w(query tokens) + Σ w(entry tokens))   (distinctive only)
//!         or the similarity of the distinctive tokens run together, if higher ("Hua Wei" / "Huawei")
//! score = 100 · D · L · C
//! L     = 0.92 + 0.08 · agreement of legal forms   (1 when neither name has one, 0.97 when one has)
//! C     = 0.85 + 0.15 · agreement of common words  (1 unless both names have some)
//! ```
//!
//! An `Index` blocks on character trigrams of distinctive tokens, so a query is compared only
//! with names that share a similar token, never with the whole list.

pub mod normalize;

use crate::model::{NameMatch, TokenAgreement};
use normalize::{normalize, Normalized, Token};
use std::collections::HashMap;

/// Scores at or above this are reported by default.
pub const DEFAULT_THRESHOLD: u8 = 85;
/// Two distinctive tokens agree when their similarity reaches this.
const TOKEN_MIN: f64 = 0.8;
/// … unless a word of five letters or fewer is all a name has: then one letter off is a
/// different name more often than a typo ("SMIC" / "SOMIC"), and this is needed.
const SHORT_TOKEN_MIN: f64 = 0.9;

fn weight(t: &Token) -> f64 {
    2.0 + t.key.len().min(10) as f64
}

fn token_sim(a: &str, b: &str) -> f64 {
    if a == b {
        return 1.0;
    }
    let (la, lb) = (a.len(), b.len());
    // Short words and numbers must agree exactly; a ratio ≥ 0.8 needs lengths within 2:3.
    if la.min(lb) <= 3 || a.bytes().all(|c| c.is_ascii_digit()) || (la.abs_diff(lb) as f64) > 0.2 * (la + lb) as f64 {
        return 0.0;
    }
    let r = rapidfuzz::fuzz::ratio(a.bytes(), b.bytes());
    if r >= TOKEN_MIN {
        r
    } else {
        0.0
    }
}

/// Compares two normalised names: score 0–100 and the tokens that agreed.
pub fn score(q: &Normalized, e: &Normalized) -> (u8, Vec<TokenAgreement>) {
    let dq: Vec<&Token> = q.distinctive().collect();
    let de: Vec<&Token> = e.distinctive().collect();
    if dq.is_empty() || de.is_empty() {
        return (0, vec![]);
    }
    let mut pairs = vec![];
    let single = dq.len() == 1 || de.len() == 1;
    for (i, a) in dq.iter().enumerate() {
        for (j, b) in de.iter().enumerate() {
            let s = token_sim(&a.key, &b.key);
            let short = a.key.len().min(b.key.len()) <= 5;
            if s > 0.0 && !(single && short && s < SHORT_TOKEN_MIN) {
                pairs.push((s, i, j));
            }
        }
    }
    pairs.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    let (mut used_q, mut used_e) = (vec![false; dq.len()], vec![false; de.len()]);
    let mut matched = 0.0;
    let mut agreed = vec![];
    for (s, i, j) in pairs {
        if used_q[i] || used_e[j] {
            continue;
        }
        used_q[i] = true;
        used_e[j] = true;
        matched += s * (weight(dq[i]) + weight(de[j]));
        agreed.push(TokenAgreement {
            query: dq[i].shown.clone(),
            entry: de[j].shown.clone(),
            similarity: (s * 100.0).round() as u8,
        });
    }
    let total: f64 = dq.iter().chain(&de).map(|t| weight(t)).sum();
    let mut d = matched / total;
    if q.compact == e.compact || (q.compact.len() >= 5 && e.compact.len() >= 5) {
        let c = if q.compact == e.compact { 1.0 } else { rapidfuzz::fuzz::ratio(q.compact.bytes(), e.compact.bytes()) };
        if c >= 0.9 && c > d {
            d = c;
            let join = |ts: &[&Token]| ts.iter().map(|t| t.shown.as_str()).collect::<Vec<_>>().join(" ");
            agreed = vec![TokenAgreement { query: join(&dq), entry: join(&de), similarity: (c * 100.0).round() as u8 }];
        }
    }
    let legal = match agreement(q, e, true, &mut agreed) {
        Agreement::Neither => 1.0,
        Agreement::OneSide => 0.97,
        Agreement::Share(a) => 0.92 + 0.08 * a,
    };
    let common = match agreement(q, e, false, &mut agreed) {
        Agreement::Share(a) => 0.85 + 0.15 * a,
        _ => 1.0,
    };
    let factor = legal * common;
    ((d * factor * 100.0).round().clamp(0.0, 100.0) as u8, agreed)
}

enum Agreement {
    Neither,
    OneSide,
    /// Shared share of the union of the two names' weak tokens of a kind, 0–1.
    Share(f64),
}

/// How far the two names' legal forms (or common words) agree; shared ones are added to `agreed`.
fn agreement(q: &Normalized, e: &Normalized, legal: bool, agreed: &mut Vec<TokenAgreement>) -> Agreement {
    fn keys(n: &Normalized, legal: bool) -> Vec<&Token> {
        let mut k: Vec<&Token> = n.weak().filter(|t| t.legal == legal).collect();
        k.sort_by(|a, b| a.key.cmp(&b.key));
        k.dedup_by(|a, b| a.key == b.key);
        k
    }
    let (a, b) = (keys(q, legal), keys(e, legal));
    match (a.is_empty(), b.is_empty()) {
        (true, true) => return Agreement::Neither,
        (true, false) | (false, true) => return Agreement::OneSide,
        _ => {}
    }
    let mut shared = 0;
    for t in &a {
        if let Some(u) = b.iter().find(|u| u.key == t.key) {
            shared += 1;
            agreed.push(TokenAgreement { query: t.shown.clone(), entry: u.shown.clone(), similarity: 100 });
        }
    }
    Agreement::Share(shared as f64 / (a.len() + b.len() - shared) as f64)
}

/// True when every distinctive word of `query` agrees (similarity ≥ 0.9) with the word in the
/// same place among the first distinctive words of `entry`: "Hytera" covers "Hytera
/// Communications Corporation", "China Mobile" covers "China Mobile Communications Group", but
/// "Mobile" does not. How a register's short vendor name finds the company's full name.
pub fn covers_prefix(query: &str, entry: &str) -> bool {
    let (q, e) = (normalize(query), normalize(entry));
    let dq: Vec<&Token> = q.distinctive().collect();
    let de: Vec<&Token> = e.distinctive().collect();
    !dq.is_empty()
        && dq.len() <= de.len()
        && dq.iter().zip(&de).all(|(a, b)| a.key == b.key || (a.key.len() > 5 && token_sim(&a.key, &b.key) >= 0.9))
}

/// Compares two names as written.
pub fn compare(query: &str, entry: &str) -> NameMatch {
    let (score, agreed) = score(&normalize(query), &normalize(entry));
    NameMatch { query_name: query.to_owned(), entry_name: entry.to_owned(), score, agreed }
}

struct IndexedName {
    entry: u32,
    text: String,
    norm: Normalized,
    weight: f64,
}

/// List entries' names, indexed for screening.
pub struct Index {
    names: Vec<IndexedName>,
    vocab: HashMap<String, u32>,
    vocab_keys: Vec<String>,
    postings: Vec<Vec<u32>>,
    trigrams: HashMap<u32, Vec<u32>>,
    compact: HashMap<String, Vec<u32>>,
}

/// The names of one list entry matched by a query, best first.
#[derive(Debug, Clone, PartialEq)]
pub struct EntryMatch {
    /// Position of the entry in the slice given to `Index::new`.
    pub entry: usize,
    /// The best score of any of its names, 0–100.
    pub score: u8,
    /// Each pair of a query name and an entry name that reached the threshold, best first; at
    /// most eight.
    pub matches: Vec<NameMatch>,
}

fn trigrams(key: &str) -> impl Iterator<Item = u32> + '_ {
    let b = key.as_bytes();
    let at = move |i: isize| if i < 0 || i as usize >= b.len() { b' ' } else { b[i as usize] } as u32;
    (-1..b.len() as isize - 1).map(move |i| at(i) << 16 | at(i + 1) << 8 | at(i + 2))
}

impl Index {
    /// Indexes entries given as their names (primary name first).
    pub fn new<'a, I, N>(entries: I) -> Index
    where
        I: IntoIterator<Item = N>,
        N: IntoIterator<Item = &'a str>,
    {
        let mut ix = Index {
            names: vec![],
            vocab: HashMap::new(),
            vocab_keys: vec![],
            postings: vec![],
            trigrams: HashMap::new(),
            compact: HashMap::new(),
        };
        for (entry, names) in entries.into_iter().enumerate() {
            for text in names {
                let norm = normalize(text);
                if norm.distinctive().next().is_none() {
                    continue;
                }
                let id = ix.names.len() as u32;
                let mut keys: Vec<&str> = norm.distinctive().map(|t| t.key.as_str()).collect();
                keys.sort_unstable();
                keys.dedup();
                for k in keys {
                    let v = match ix.vocab.get(k) {
                        Some(v) => *v,
                        None => {
                            let v = ix.vocab_keys.len() as u32;
                            ix.vocab.insert(k.to_owned(), v);
                            ix.vocab_keys.push(k.to_owned());
                            ix.postings.push(vec![]);
                            if k.len() > 3 {
                                for t in trigrams(k) {
                                    ix.trigrams.entry(t).or_default().push(v);
                                }
                            }
                            v
                        }
                    };
                    ix.postings[v as usize].push(id);
                }
                ix.compact.entry(norm.compact.clone()).or_default().push(id);
                let weight = norm.distinctive().map(weight).sum();
                ix.names.push(IndexedName { entry: entry as u32, text: text.to_owned(), norm, weight });
            }
        }
        ix.trigrams.values_mut().for_each(|v| v.dedup());
        ix
    }

    /// How many names are indexed: every name of every entry, except names with no word at all
    /// (empty, or punctuation only).
    pub fn name_count(&self) -> usize {
        self.names.len()
    }

    /// A screener: reusable scratch space for many queries.
    pub fn screener(&self) -> Screener<'_> {
        Screener { ix: self, counts: vec![0; self.vocab_keys.len()], touched: vec![] }
    }
}

/// Screens names against one [`Index`], reusing its scratch space from query to query. Get one
/// from [`Index::screener`]; it needs `&mut` for each query.
pub struct Screener<'a> {
    ix: &'a Index,
    counts: Vec<u16>,
    touched: Vec<u32>,
}

impl Screener<'_> {
    /// Vocabulary tokens similar to `key`, with their similarity.
    fn similar(&mut self, key: &str, out: &mut Vec<(u32, f64)>) {
        out.clear();
        if let Some(v) = self.ix.vocab.get(key) {
            out.push((*v, 1.0));
        }
        if key.len() <= 3 || key.bytes().all(|c| c.is_ascii_digit()) {
            return;
        }
        let mut n = 0;
        for t in trigrams(key) {
            n += 1;
            for v in self.ix.trigrams.get(&t).map(Vec::as_slice).unwrap_or(&[]) {
                if self.counts[*v as usize] == 0 {
                    self.touched.push(*v);
                }
                self.counts[*v as usize] += 1;
            }
        }
        let need = ((n as f64) * 0.3).ceil() as u16;
        for v in self.touched.drain(..) {
            let c = std::mem::take(&mut self.counts[v as usize]);
            let vk = &self.ix.vocab_keys[v as usize];
            if c >= need && vk != key {
                let s = token_sim(key, vk);
                if s > 0.0 {
                    out.push((v, s));
                }
            }
        }
    }

    /// Screens one party, known by `names`, against the index: every entry scoring at least
    /// `threshold`, best first.
    pub fn screen(&mut self, names: &[&str], threshold: u8) -> Vec<EntryMatch> {
        let mut by_entry: HashMap<u32, EntryMatch> = HashMap::new();
        let mut similar = vec![];
        for q in names {
            let nq = normalize(q);
            let dq: Vec<&Token> = nq.distinctive().collect();
            if dq.is_empty() {
                continue;
            }
            let wq: f64 = dq.iter().map(|t| weight(t)).sum();
            // Upper bound of each candidate name's distinctive score, from the tokens it shares.
            let mut bound: HashMap<u32, f64> = HashMap::new();
            for t in &dq {
                self.similar(&t.key, &mut similar);
                let mut best: HashMap<u32, f64> = HashMap::new();
                for (v, s) in &similar {
                    let wv = 2.0 + self.ix.vocab_keys[*v as usize].len().min(10) as f64;
                    for name in &self.ix.postings[*v as usize] {
                        let b = best.entry(*name).or_default();
                        *b = b.max(s * (weight(t) + wv));
                    }
                }
                for (name, b) in best {
                    *bound.entry(name).or_default() += b;
                }
            }
            for name in self.ix.compact.get(&nq.compact).into_iter().flatten() {
                bound.insert(*name, f64::INFINITY);
            }
            let mut candidates: Vec<u32> = bound
                .into_iter()
                .filter(|(name, b)| 100.0 * b / (wq + self.ix.names[*name as usize].weight) >= threshold as f64 - 0.5)
                .map(|(name, _)| name)
                .collect();
            candidates.sort_unstable();
            for name in candidates {
                let n = &self.ix.names[name as usize];
                let (score, agreed) = score(&nq, &n.norm);
                if score < threshold {
                    continue;
                }
                let m = by_entry.entry(n.entry).or_insert_with(|| EntryMatch {
                    entry: n.entry as usize,
                    score: 0,
                    matches: vec![],
                });
                m.score = m.score.max(score);
                m.matches.push(NameMatch { query_name: q.to_string(), entry_name: n.text.clone(), score, agreed });
            }
        }
        let mut out: Vec<EntryMatch> = by_entry.into_values().collect();
        for m in &mut out {
            m.matches.sort_by(|a, b| b.score.cmp(&a.score).then_with(|| a.entry_name.cmp(&b.entry_name)));
            m.matches.truncate(8);
        }
        out.sort_by(|a, b| b.score.cmp(&a.score).then(a.entry.cmp(&b.entry)));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(a: &str, b: &str) -> u8 {
        compare(a, b).score
    }

    #[test]
    fn variants_of_the_same_name_match() {
        let t = DEFAULT_THRESHOLD;
        for (a, b) in [
            ("OOO Tekhnokratiya", "Tekhnokratiya LLC"),
            ("OOO Tekhnokratiya", "Tekhnokratiia Limited Liability Company"),
            ("AO Kaspersky Lab", "Kaspersky Lab JSC"),
            ("Kaspersky Lab Joint Stock Company", "AO KASPERSKY LAB"),
            ("Cemex, S.A. de C.V.", "CEMEX SA DE CV"),
            ("Huawei Technologies Co., Ltd.", "HUAWEI TECHNOLOGIES COMPANY LIMITED"),
            ("Hikvision Digital Technology Hangzhou", "Hangzhou Hikvision Digital Technology Co., Ltd."),
            ("Rosoboronexport", "ROSOBORONEKSPORT"),
            ("Huawei", "华为技术有限公司"),
            ("Huawei Technologies", "Hua Wei Technologies"),
            ("ZTE Corporation", "ZTE Corp."),
            ("BARAKAT, Hatim Ahmad", "Hatam Ahmad Barakat"),
        ] {
            assert!(s(a, b) >= t, "{a} / {b}: {}", s(a, b));
        }
    }

    #[test]
    fn common_words_and_legal_forms_do_not_match_on_their_own() {
        let t = DEFAULT_THRESHOLD;
        for (a, b) in [
            ("Acme Technology Group Corp", "Zenith Technology Group Corp"),
            ("Bank Melli Iran", "Bank Mellat Iran"),
            ("China Mobile", "China Telecom"),
            ("Global Trading LLC", "Global Shipping LLC"),
            ("ZTE", "ZTC"),
            ("BYD Company Limited", "BID"),
            ("SMIC Holdings Limited", "SOMIC Holdings"),
            ("Pacific Networks Corp", "International Pacific Trading, Inc."),
        ] {
            assert!(s(a, b) < t, "{a} / {b}: {}", s(a, b));
        }
    }

    #[test]
    fn documented_examples_score_as_documented() {
        // docs/screening.md quotes these.
        assert_eq!(s("Huawei", "Huawei Technologies Co., Ltd."), 97);
        assert_eq!(s("Pacific Networks Corp", "International Pacific Trading, Inc."), 78);
    }

    #[test]
    fn hits_explain_which_tokens_agreed() {
        let m = compare("Tekhnokratiya LLC", "OOO TEKHNOKRATIIA");
        assert!(m.score >= 95, "{m:?}");
        assert!(m.agreed.iter().any(|a| a.query == "tekhnokratiya" && a.entry == "tekhnokratiia"), "{m:?}");
        assert!(m.agreed.iter().any(|a| a.query == "llc" && a.entry == "llc"), "{m:?}");
    }

    #[test]
    fn index_finds_the_same_entries_as_comparing_with_every_name() {
        let entries: Vec<Vec<&str>> = vec![
            vec!["HUAWEI TECHNOLOGIES CO., LTD.", "Huawei"],
            vec!["ZTE CORPORATION"],
            vec!["OOO TEKHNOKRATIYA"],
            vec!["BANK MELLAT", "Bank Mellat Iran"],
            vec!["BANK MELLI IRAN"],
            vec!["GLOBAL TECHNOLOGY GROUP"],
        ];
        let ix = Index::new(entries.iter().map(|e| e.iter().copied()));
        let mut sc = ix.screener();
        for q in [
            "Huawei Tech Co Ltd",
            "ZTE Corp",
            "Tekhnokratiia LLC",
            "Bank Melli",
            "Mellat Bank",
            "Global Technology Group",
            "Technology Group",
            "Huaweii",
        ] {
            let got: Vec<(usize, u8)> = sc.screen(&[q], 80).iter().map(|m| (m.entry, m.score)).collect();
            let mut brute: Vec<(usize, u8)> = entries
                .iter()
                .enumerate()
                .filter_map(|(i, names)| {
                    let best = names.iter().map(|n| s(q, n)).max().unwrap();
                    (best >= 80).then_some((i, best))
                })
                .collect();
            brute.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            assert_eq!(got, brute, "{q}");
        }
        assert_eq!(sc.screen(&["Technology Group"], DEFAULT_THRESHOLD), vec![]);
    }
}
