//! Entry points shared by the fuzz targets (`fuzz/`, run by `scripts/fuzz.sh`) and by the test
//! that replays their corpus and every crash found (`tests/it/fuzz_corpus.rs`). Each takes
//! arbitrary bytes, must never panic, and checks what must hold of whatever it accepts.

use crate::lists::InputFile;
use crate::model::{Credibility, ListFormat, PartialDate, Reliability};
use crate::{Error, Store};

/// Every list format, in the order of the fuzz targets `list_*`.
pub const LIST_FORMATS: [ListFormat; 13] = [
    ListFormat::Ofac,
    ListFormat::Dod1260h,
    ListFormat::FccCovered,
    ListFormat::Ndaa889,
    ListFormat::BisMeu,
    ListFormat::OpenSanctionsCsv,
    ListFormat::OpenSanctionsFtm,
    ListFormat::Csl,
    ListFormat::OfacConsolidated,
    ListFormat::UnXml,
    ListFormat::BisDpl,
    ListFormat::EuFsfXml,
    ListFormat::UkSanctionsXml,
];

/// A list file: refused with a message, or read into entries that each have a name.
pub fn list(format: ListFormat, bytes: &[u8]) {
    let files = [InputFile::from_bytes("fuzz", bytes)];
    let mut got = crate::lists::Collected::default();
    match crate::lists::parse(format, &files, &mut |_, _| {}, &mut got) {
        Ok(parsed) => {
            assert!(parsed.entry_count > 0, "an empty list was accepted");
            assert_eq!(parsed.entry_count as usize, got.entries.len(), "the count is not what the sink took");
            for e in &got.entries {
                assert!(e.name.chars().any(char::is_alphanumeric), "a blank name was accepted: {:?}", e.name);
                let _ = crate::matching::normalize::normalize(&e.name);
            }
        }
        Err(e) => assert!(
            e.code() == crate::ErrorCode::Validation && !matches!(e, Error::Io { .. }),
            "a list file failed other than as invalid input: {e}"
        ),
    }
}

/// A bundle: refused, or opened to a bundle that, written again, opens to the same. Read as a
/// stream, it is refused with the same words, or passed to `open`, or accepted with the same
/// records in the same order.
pub fn bundle(bytes: &[u8]) {
    let now = chrono::DateTime::parse_from_rfc3339("2030-01-01T00:00:00Z").expect("a time").to_utc();
    let opened = crate::bundle::open("fuzz", bytes, &[], true, now);
    if let Ok((b, _)) = &opened {
        let again = serde_json::to_vec(b).expect("a bundle serialises");
        let (b2, _) = crate::bundle::open("fuzz", &again, &[], true, now).expect("a written bundle opens again");
        assert_eq!(*b, b2);
    }
    let json = |r: crate::model::RecordRef<'_>| serde_json::to_string(&r).expect("a record serialises");
    let mut streamed = Vec::new();
    let mut sink = |r: crate::model::RecordRef<'_>, prepared: String| {
        assert_eq!(prepared, json(r));
        streamed.push(prepared);
        Ok(())
    };
    match (crate::bundle::stream("fuzz", bytes, &[], true, now, &json, &mut sink), &opened) {
        (Ok(None), _) => {}
        (Err(e), Err(o)) => assert_eq!(e.to_string(), o.to_string()),
        (Err(e), Ok(_)) => panic!("refused as a stream, opened whole: {e}"),
        (Ok(Some(_)), Err(o)) => panic!("accepted as a stream, refused whole: {o}"),
        (Ok(Some(s)), Ok((b, _))) => {
            assert_eq!(s.deletions, b.deletions);
            assert_eq!(streamed, b.content.records().map(json).collect::<Vec<_>>());
        }
    }
}

/// A list pack: refused, or opened to a pack that, written again, opens to the same.
pub fn pack(bytes: &[u8]) {
    if let Ok((p, _)) = crate::pack::open("fuzz", bytes, &[], true) {
        let again = crate::pack::to_bytes(&p);
        let (p2, _) = crate::pack::open("fuzz", &again, &[], true).expect("a written pack opens again");
        assert_eq!(p, p2);
    }
}

/// Dates, grades and timestamps: what parses prints back to itself.
pub fn dates(bytes: &[u8]) {
    let Ok(s) = std::str::from_utf8(bytes) else { return };
    if let Ok(d) = s.parse::<PartialDate>() {
        assert_eq!(d.to_string().parse::<PartialDate>(), Ok(d));
    }
    if let Ok(r) = s.parse::<Reliability>() {
        assert_eq!(r.code().parse::<Reliability>(), Ok(r));
    }
    if let Ok(c) = s.parse::<Credibility>() {
        assert_eq!(c.code().parse::<Credibility>(), Ok(c));
    }
    if let Some(t) = crate::bundle::timestamp(s) {
        assert_eq!(crate::bundle::timestamp(&t.to_rfc3339()), Some(t));
    }
}

thread_local! {
    static SEARCH_STORE: Store = {
        let mut s = Store::open_in_memory().expect("in-memory store");
        s.import_dataset(&crate::dataset::bundled().expect("bundled data")).expect("bundled data imports");
        s
    };
}

/// A search query: answered, or refused as invalid input; never an SQL error (the query
/// builder must only ever give SQLite well-formed FTS5 and LIKE patterns).
pub fn search(bytes: &[u8]) {
    let q = String::from_utf8_lossy(bytes);
    SEARCH_STORE.with(|s| match s.search(&q, 20) {
        Ok(hits) => assert!(hits.len() <= 20),
        Err(e) => assert!(matches!(e, Error::Validation(_)), "query {q:?} failed: {e}"),
    });
}
