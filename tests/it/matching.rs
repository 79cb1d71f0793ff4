//! Property tests of name normalisation and matching (proptest): normalising is idempotent, and
//! neither case nor punctuation between words changes a name's tokens or its score.

use proptest::prelude::*;
use riskbrief::matching::{compare, normalize::normalize};

/// Company-like names: two to five words of Latin letters, some of them legal forms or common
/// words, so that phrases and weak tokens are exercised.
fn name() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        "[a-z]{2,10}",
        Just("co".to_string()),
        Just("ltd".to_string()),
        Just("limited".to_string()),
        Just("liability".to_string()),
        Just("company".to_string()),
        Just("technology".to_string()),
        Just("group".to_string()),
        Just("llc".to_string()),
    ];
    prop::collection::vec(word, 1..6).prop_map(|w| w.join(" "))
}

fn keys(name: &str) -> Vec<(String, bool)> {
    normalize(name).tokens.into_iter().map(|t| (t.key, t.weak)).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn normalising_is_idempotent(n in name()) {
        let once = normalize(&n);
        let shown: Vec<String> = once.tokens.iter().map(|t| t.shown.clone()).collect();
        prop_assert_eq!(keys(&shown.join(" ")), keys(&n));
    }

    #[test]
    fn case_does_not_matter(n in name()) {
        prop_assert_eq!(keys(&n.to_uppercase()), keys(&n));
        let title: String = n.split(' ').map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
        }).collect::<Vec<_>>().join(" ");
        prop_assert_eq!(keys(&title), keys(&n));
    }

    #[test]
    fn punctuation_between_words_does_not_matter(n in name(), sep in prop_oneof![Just(", "), Just(". "), Just(" - "), Just(" ("), Just("; ")]) {
        let punctuated = n.replace(' ', sep) + ".";
        prop_assert_eq!(keys(&punctuated), keys(&n));
        prop_assert_eq!(compare(&punctuated, &n).score, compare(&n, &n).score);
    }

    #[test]
    fn a_name_matches_itself_fully(word in "[a-z]{3,9}", rest in name()) {
        // A distinctive word first ("…q" is no legal form or common word), then anything.
        let n = format!("{word}q {rest}");
        prop_assert_eq!(compare(&n, &n).score, 100);
    }
}
