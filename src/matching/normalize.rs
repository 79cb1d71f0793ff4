//! Turning a name into comparable tokens: Unicode NFKC, transliteration to Latin (Chinese to
//! pinyin, Cyrillic and others to Latin), case and punctuation folding, and legal forms and
//! common words marked as weak tokens (kept, compared, but never enough for a match alone).

use unicode_normalization::UnicodeNormalization;

/// One word of a normalised name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The word as shown to a reviewer (lower-case Latin; legal forms in their canonical form).
    pub shown: String,
    /// The form compared: transliteration variants folded (y/j → i, kh → h, doubled letters).
    pub key: String,
    /// A legal form or a common word ("ltd", "corp", "group", "technology").
    pub weak: bool,
    /// A legal form ("llc", "jsc", "ltd"); weak.
    pub legal: bool,
}

/// A normalised name: its tokens, and its distinctive tokens run together (so "Hua Wei" meets
/// "Huawei").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    /// Every word of the name, in order; a multi-word legal form is one token.
    pub tokens: Vec<Token>,
    /// The keys of the distinctive tokens run together ("huawei" for "Hua Wei"): exact equality
    /// of this is a candidate match however the name is spaced.
    pub compact: String,
}

impl Normalized {
    /// The tokens that identify the name; all of them when every token is weak.
    pub fn distinctive(&self) -> impl Iterator<Item = &Token> {
        let all_weak = self.tokens.iter().all(|t| t.weak);
        self.tokens.iter().filter(move |t| all_weak || !t.weak)
    }

    /// The legal forms and common words, which only nudge the score; none when every token is
    /// weak (they are then all distinctive).
    pub fn weak(&self) -> impl Iterator<Item = &Token> {
        let all_weak = self.tokens.iter().all(|t| t.weak);
        self.tokens.iter().filter(move |t| !all_weak && t.weak)
    }
}

/// Chinese words for legal forms and common words, replaced before transliteration so that
/// 华为技术有限公司 reads "huawei technology co ltd".
const CJK_WORDS: &[(&str, &str)] = &[
    ("股份有限公司", " co ltd "),
    ("有限责任公司", " llc "),
    ("有限公司", " co ltd "),
    ("集团", " group "),
    ("公司", " company "),
    ("科技", " technology "),
    ("技术", " technology "),
];

/// Multi-word legal forms and their canonical token. Longest first within each canonical form
/// does not matter: the longest phrase is tried first at each position.
const LEGAL_PHRASES: &[(&[&str], &str)] = &[
    (&["obshchestvo", "s", "ogranichennoi", "otvetstvennostiu"], "llc"),
    (&["obshchestvo", "s", "ogranichennoy", "otvetstvennostyu"], "llc"),
    (&["limited", "liability", "company"], "llc"),
    (&["limited", "liability", "partnership"], "llp"),
    (&["public", "joint", "stock", "company"], "jsc"),
    (&["open", "joint", "stock", "company"], "jsc"),
    (&["closed", "joint", "stock", "company"], "jsc"),
    (&["joint", "stock", "company"], "jsc"),
    (&["aktsionernoe", "obshchestvo"], "jsc"),
    (&["aktsionernoye", "obshchestvo"], "jsc"),
    (&["public", "limited", "company"], "plc"),
    (&["company", "limited"], "ltd"),
    (&["co", "ltd"], "ltd"),
    (&["sa", "de", "cv"], "sa"),
    (&["s", "de", "rl", "de", "cv"], "srl"),
    (&["s", "de", "rl"], "srl"),
    (&["sapi", "de", "cv"], "sa"),
    (&["sab", "de", "cv"], "sa"),
    (&["sp", "z", "oo"], "sp zoo"),
    (&["sdn", "bhd"], "sdn bhd"),
    (&["kabushiki", "kaisha"], "kk"),
    (&["pte", "ltd"], "ltd"),
    (&["pvt", "ltd"], "ltd"),
    (&["private", "limited"], "ltd"),
];

/// Single-word legal forms and their canonical token.
const LEGAL_WORDS: &[(&str, &str)] = &[
    ("llc", "llc"),
    ("ooo", "llc"),
    ("tov", "llc"),
    ("too", "llc"),
    ("ltd", "ltd"),
    ("limited", "ltd"),
    ("ltda", "ltd"),
    ("inc", "inc"),
    ("incorporated", "inc"),
    ("corp", "corp"),
    ("corporation", "corp"),
    ("co", "co"),
    ("company", "co"),
    ("cie", "co"),
    ("cia", "co"),
    ("jsc", "jsc"),
    ("ao", "jsc"),
    ("oao", "jsc"),
    ("zao", "jsc"),
    ("pao", "jsc"),
    ("pjsc", "jsc"),
    ("ojsc", "jsc"),
    ("cjsc", "jsc"),
    ("gmbh", "gmbh"),
    ("ag", "ag"),
    ("kg", "kg"),
    ("plc", "plc"),
    ("llp", "llp"),
    ("lp", "lp"),
    ("bv", "bv"),
    ("nv", "nv"),
    ("sa", "sa"),
    ("sas", "sa"),
    ("sarl", "sarl"),
    ("spa", "spa"),
    ("srl", "srl"),
    ("oy", "oy"),
    ("ab", "ab"),
    ("kft", "kft"),
    ("zrt", "zrt"),
    ("doo", "doo"),
    ("bhd", "bhd"),
    ("tbk", "tbk"),
    ("pt", "pt"),
    ("fze", "fze"),
    ("fzco", "fze"),
    ("fzc", "fze"),
    ("fzllc", "fze"),
    ("kk", "kk"),
    ("pte", "pte"),
    ("pvt", "pvt"),
    ("sl", "sl"),
    ("se", "se"),
];

/// Words so common in company names that they must not make a match on their own.
const COMMON_WORDS: &[&str] = &[
    "the",
    "of",
    "and",
    "for",
    "in",
    "de",
    "del",
    "la",
    "le",
    "el",
    "et",
    "du",
    "des",
    "y",
    "und",
    "group",
    "holding",
    "holdings",
    "technology",
    "technologies",
    "tech",
    "international",
    "intl",
    "industries",
    "industry",
    "industrial",
    "trading",
    "trade",
    "enterprise",
    "enterprises",
    "services",
    "service",
    "systems",
    "system",
    "solutions",
    "global",
    "general",
    "science",
    "sciences",
    "development",
    "investment",
    "investments",
    "management",
    "partners",
    "associates",
    "worldwide",
    "national",
    "network",
    "networks",
    "resources",
    "products",
    "manufacturing",
    "commercial",
    "ventures",
    "capital",
    "establishment",
    "organization",
    "organisation",
    "agency",
    "bureau",
    "office",
    "center",
    "centre",
    "institute",
    "firm",
    "firma",
];

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF)
}

/// Latin text for any script: CJK runs become one word each (华为 → "huawei"); other letters
/// are transliterated one by one, keeping the word breaks.
fn to_latin(name: &str) -> String {
    let mut s: String = name.nfkc().collect();
    if s.chars().any(is_cjk) {
        for (word, latin) in CJK_WORDS {
            s = s.replace(word, latin);
        }
    }
    let mut out = String::with_capacity(s.len());
    let mut in_cjk = false;
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c);
            in_cjk = false;
            continue;
        }
        let latin = deunicode::deunicode_char(c).unwrap_or(" ");
        if is_cjk(c) {
            if !in_cjk {
                out.push(' ');
            }
            out.extend(latin.chars().filter(|c| !c.is_whitespace()));
            in_cjk = true;
        } else {
            out.push_str(latin);
            in_cjk = false;
        }
    }
    out
}

/// Folds spelling variants of transliteration so they compare equal: Tekhnokratiya,
/// Tekhnokratiia, Tehnokratija → "tehnokratia". Words under five letters are kept as they are
/// (folding "BYD" would make it "BID").
pub fn fold(word: &str) -> String {
    if word.len() < 5 {
        return word.to_owned();
    }
    let mut s = String::with_capacity(word.len());
    let b = word.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'k' && b.get(i + 1) == Some(&b'h') {
            s.push('h');
            i += 2;
            continue;
        }
        let c = match c {
            b'y' | b'j' => b'i',
            c => c,
        };
        if s.as_bytes().last() != Some(&c) {
            s.push(c as char);
        }
        i += 1;
    }
    s
}

fn words(latin: &str) -> Vec<String> {
    let mut cleaned = String::with_capacity(latin.len());
    for c in latin.chars() {
        match c {
            // Dots and apostrophes join ("S.A." → "sa", "L'Avenir" → "lavenir").
            '.' | '\'' | '`' => {}
            '&' => cleaned.push_str(" and "),
            c if c.is_ascii_alphanumeric() => cleaned.push(c.to_ascii_lowercase()),
            _ => cleaned.push(' '),
        }
    }
    cleaned.split_whitespace().map(str::to_owned).collect()
}

fn common_word(w: &str) -> Option<&'static str> {
    if let Some(c) = COMMON_WORDS.iter().find(|c| **c == w) {
        return Some(c);
    }
    // A misspelt common word is still common ("tecnologies").
    if w.len() < 7 {
        return None;
    }
    COMMON_WORDS
        .iter()
        .filter(|c| c.len().abs_diff(w.len()) <= 2 && c.as_bytes()[0] == w.as_bytes()[0])
        .find(|c| rapidfuzz::fuzz::ratio(c.bytes(), w.bytes()) >= 0.9)
        .copied()
}

/// A single-word legal form's canonical token ("company" → "co"); any other word as it is.
fn legal_form(w: &str) -> &str {
    LEGAL_WORDS.iter().find(|(l, _)| *l == w).map_or(w, |(_, c)| c)
}

/// Normalises a name as written in any script: NFKC, transliteration to lower-case Latin, words
/// split on punctuation (dots and apostrophes join), legal forms made canonical and weak, common
/// words marked weak, other words folded. Idempotent: normalising the shown tokens again gives
/// the same result.
pub fn normalize(name: &str) -> Normalized {
    let mut n = normalize_once(name);
    // Legal forms, once canonical, may form a phrase they did not form as written ("Co Ltd
    // Liability Co" → "ltd liability co" → "llc"): normalise the result again until it stays the
    // same, so that normalising is idempotent. Only names with two legal forms can be affected.
    for _ in 0..4 {
        if n.tokens.iter().filter(|t| t.legal).count() < 2 {
            break;
        }
        let shown = n.tokens.iter().map(|t| t.shown.as_str()).collect::<Vec<_>>().join(" ");
        let again = normalize_once(&shown);
        if again == n {
            break;
        }
        n = again;
    }
    n
}

fn normalize_once(name: &str) -> Normalized {
    let words = words(&to_latin(name));
    let mut tokens = Vec::with_capacity(words.len());
    let mut i = 0;
    'outer: while i < words.len() {
        for (phrase, canonical) in LEGAL_PHRASES {
            // Words are compared in their canonical legal form, so that "Company Ltd" reads as
            // "Co Ltd" does (and normalising a normalised name changes nothing).
            if words[i..].len() >= phrase.len()
                && phrase.iter().zip(&words[i..]).all(|(p, w)| legal_form(p) == legal_form(w))
            {
                tokens.push(Token {
                    shown: canonical.to_string(),
                    key: canonical.to_string(),
                    weak: true,
                    legal: true,
                });
                i += phrase.len();
                continue 'outer;
            }
        }
        let w = &words[i];
        if let Some((_, canonical)) = LEGAL_WORDS.iter().find(|(l, _)| l == w) {
            tokens.push(Token { shown: canonical.to_string(), key: canonical.to_string(), weak: true, legal: true });
        } else if let Some(common) = common_word(w) {
            tokens.push(Token { shown: w.clone(), key: common.to_string(), weak: true, legal: false });
        } else {
            tokens.push(Token { shown: w.clone(), key: fold(w), weak: false, legal: false });
        }
        i += 1;
    }
    let mut n = Normalized { tokens, compact: String::new() };
    n.compact = n.distinctive().map(|t| t.key.as_str()).collect();
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(name: &str) -> Vec<String> {
        normalize(name).tokens.iter().map(|t| if t.weak { format!("({})", t.shown) } else { t.shown.clone() }).collect()
    }

    #[test]
    fn legal_forms_become_weak_canonical_tokens() {
        assert_eq!(shown("Huawei Technologies Co., Ltd."), ["huawei", "(technologies)", "(ltd)"]);
        assert_eq!(shown("OOO Tekhnokratiya"), ["(llc)", "tekhnokratiya"]);
        assert_eq!(shown("Tekhnokratiya Limited Liability Company"), ["tekhnokratiya", "(llc)"]);
        assert_eq!(shown("Grupo Bimbo, S.A.B. de C.V."), ["grupo", "bimbo", "(sa)"]);
        assert_eq!(shown("Cemex S.A. de C.V."), ["cemex", "(sa)"]);
        assert_eq!(shown("AO Kaspersky Lab"), ["(jsc)", "kaspersky", "lab"]);
    }

    #[test]
    fn scripts_are_transliterated() {
        assert_eq!(shown("华为技术有限公司"), ["huawei", "(technology)", "(ltd)"]);
        assert_eq!(shown("ООО Технократия"), ["(llc)", "tekhnokratiia"]);
        assert_eq!(shown("Société Générale"), ["societe", "(generale)"]);
    }

    #[test]
    fn folding_merges_transliteration_variants() {
        assert_eq!(fold("tekhnokratiya"), fold("tekhnokratiia"));
        assert_eq!(fold("tehnokratija"), fold("tekhnokratiya"));
        assert_eq!(fold("mohammed"), fold("mohamed"));
        assert_ne!(fold("melli"), fold("mellat"));
        assert_ne!(fold("byd"), fold("bid"));
    }

    #[test]
    fn misspelt_common_words_stay_weak_and_all_weak_names_keep_their_words() {
        assert!(normalize("Huawei Tecnologies").tokens[1].weak);
        let n = normalize("Global Technology Corp");
        assert_eq!(n.distinctive().count(), 3);
        assert_eq!(normalize("Hua Wei").compact, normalize("HUAWEI").compact);
    }
}
