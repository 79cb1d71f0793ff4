//! Full-text search over companies, allegations and sources (the FTS5 `search_index` table, kept in
//! step by triggers).

use super::col;
use crate::error::{Error, Result};
use crate::model::{SearchHit, SearchKind};
use rusqlite::{params_from_iter, Connection};
use uuid::Uuid;

/// Every word of the query must appear (as a substring, any script). Words of three or more
/// characters use the trigram index and rank by BM25; shorter ones (e.g. 华为) fall back to LIKE.
/// At most this many words, each at most `MAX_WORD` characters: a query is what a person types,
/// and the work grows with the square of the words.
pub const MAX_WORDS: usize = 16;
/// At most this many characters per word of a query.
pub const MAX_WORD: usize = 100;
/// At most this many hits per query.
pub const MAX_LIMIT: usize = 1000;

/// Searches for `query`, returning at most `limit` hits (clamped to 1–[`MAX_LIMIT`]), best first
/// (or by kind and title when every word is shorter than three characters). A validation error
/// for an empty query, more than [`MAX_WORDS`] words, or a word longer than [`MAX_WORD`].
pub fn search(conn: &Connection, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
    // Control characters (a NUL ends an FTS5 string early) separate words like spaces.
    let words: Vec<&str> =
        query.split(|c: char| c.is_whitespace() || c.is_control()).filter(|w| !w.is_empty()).collect();
    if words.is_empty() {
        return Err(Error::Validation("search: give at least one word to look for".into()));
    }
    if words.len() > MAX_WORDS {
        return Err(Error::Validation(format!("search: {} words; give at most {MAX_WORDS}", words.len())));
    }
    if let Some(w) = words.iter().find(|w| w.chars().count() > MAX_WORD) {
        return Err(Error::Validation(format!(
            "search: a word of {} characters; words are at most {MAX_WORD}",
            w.chars().count()
        )));
    }
    let limit = limit.clamp(1, MAX_LIMIT);
    let (long, short): (Vec<&str>, Vec<&str>) = words.iter().partition(|w| w.chars().count() >= 3);
    let mut clauses = Vec::new();
    let mut args: Vec<String> = Vec::new();
    if !long.is_empty() {
        clauses.push("search_index MATCH ?".to_string());
        args.push(long.iter().map(|w| format!("\"{}\"", w.replace('"', "\"\""))).collect::<Vec<_>>().join(" AND "));
    }
    for w in &short {
        clauses.push(r"(search_index.title LIKE ? ESCAPE '\' OR search_index.body LIKE ? ESCAPE '\')".to_string());
        // `%` and `_` are searched for as themselves, not as wildcards.
        let pat = format!("%{}%", w.replace('\\', r"\\").replace('%', r"\%").replace('_', r"\_"));
        args.push(pat.clone());
        args.push(pat);
    }
    let order = if long.is_empty() { "search_index.kind, search_index.title" } else { "rank" };
    let sql = format!(
        "SELECT search_index.kind, search_index.ref_id, c.slug, search_index.title,
                snippet(search_index, 4, '[', ']', '…', 12)
         FROM search_index LEFT JOIN companies c ON c.id = search_index.company_id
         WHERE {} ORDER BY {order} LIMIT {limit}",
        clauses.join(" AND ")
    );
    let mut st = conn.prepare(&sql)?;
    let rows = st
        .query_map(params_from_iter(args.iter()), |r| {
            let kind: String = r.get(0)?;
            Ok(SearchHit {
                kind: match kind.as_str() {
                    "company" => SearchKind::Company,
                    "allegation" => SearchKind::Allegation,
                    "deployment" => SearchKind::Deployment,
                    "person" => SearchKind::Person,
                    "relation" => SearchKind::Relation,
                    _ => SearchKind::Source,
                },
                id: col(r, 1)?,
                company_slug: r.get(2)?,
                title: r.get(3)?,
                snippet: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// How many records one statement of `resume_indexing` indexes. FTS5 writes its pending terms
/// out at the end of every statement, and every megabyte within one, so batches this large cost
/// no more than one statement.
const INDEX_BATCH: usize = 10_000;

/// Ids as a JSON array of strings, for `json_each`.
fn json_ids(ids: &[Uuid]) -> String {
    let mut out = String::with_capacity(ids.len() * 39 + 2);
    out.push('[');
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('"');
        out.push_str(id.hyphenated().encode_lower(&mut Uuid::encode_buffer()));
        out.push('"');
    }
    out.push(']');
    out
}

/// Indexing paused for a batch of writes: see `suspend_indexing`.
pub struct Suspended(());

/// Pauses the triggers that fill the search index on insert and update (a flag they read,
/// migration 0011), inside the caller's transaction: no other connection ever sees it set. The
/// caller writes its records, then calls `resume_indexing`, which indexes them in one statement
/// and clears the flag. Deletion triggers stay active.
pub fn suspend_indexing(conn: &Connection) -> Result<Suspended> {
    conn.execute("UPDATE search_pause SET paused = 1", [])?;
    Ok(Suspended(()))
}

/// Indexes the records written while indexing was suspended — `added` (new) and `updated`
/// (whose old entries are removed first, with those of the relations that name them) records
/// of the kinds search finds, by id — and resumes the triggers. A statement covers `INDEX_BATCH` records, so that the list of ids
/// it is given stays small however large the import (700,000 ids at 100,000 companies);
/// `indexed` hears, after each, how many records of the whole are indexed.
pub fn resume_indexing(
    conn: &Connection,
    suspended: Suspended,
    added: &[Uuid],
    updated: &[Uuid],
    indexed: &mut dyn FnMut(u64, u64),
) -> Result<()> {
    index(conn, added, updated, INDEX_BATCH, indexed)?;
    let Suspended(()) = suspended;
    conn.execute("UPDATE search_pause SET paused = 0", [])?;
    Ok(())
}

/// `resume_indexing`'s work, `batch` records a statement.
fn index(
    conn: &Connection,
    added: &[Uuid],
    updated: &[Uuid],
    batch: usize,
    indexed: &mut dyn FnMut(u64, u64),
) -> Result<()> {
    // A relation's document names its parties: an updated company or person changes it too.
    // Held: the few relations that are not themselves among the records (no set of them all).
    let mut naming: std::collections::HashSet<Uuid> = relations_naming(conn, updated, batch)?.into_iter().collect();
    if !naming.is_empty() {
        added.iter().chain(updated).for_each(|id| {
            naming.remove(id);
        });
    }
    let updated: std::borrow::Cow<[Uuid]> = if naming.is_empty() {
        updated.into()
    } else {
        updated.iter().copied().chain(naming).collect::<Vec<_>>().into()
    };
    let total = (added.len() + updated.len()) as u64;
    let mut done = 0;
    indexed(done, total);
    for batch in updated.chunks(batch) {
        conn.execute("DELETE FROM search_index WHERE ref_id IN (SELECT value FROM json_each(?1))", [json_ids(batch)])?;
    }
    for batch in added.chunks(batch).chain(updated.chunks(batch)) {
        conn.execute(
            "INSERT INTO search_index (kind, ref_id, company_id, title, body)
         SELECT kind, ref_id, company_id, title, body FROM search_documents
         WHERE ref_id IN (SELECT value FROM json_each(?1))",
            [json_ids(batch)],
        )?;
        done += batch.len() as u64;
        indexed(done, total);
    }
    Ok(())
}

/// The relations whose documents name any of `parties` (companies or persons, by id; ids of
/// other records name none), `batch` ids a statement.
fn relations_naming(conn: &Connection, parties: &[Uuid], batch: usize) -> Result<Vec<Uuid>> {
    let mut st = conn.prepare_cached(
        "WITH p(id) AS (SELECT value FROM json_each(?1))
         SELECT id FROM relations WHERE from_company_id IN p OR to_company_id IN p OR from_person_id IN p",
    )?;
    let mut out = Vec::new();
    for b in parties.chunks(batch) {
        for id in st.query_map([json_ids(b)], |r| col(r, 0))? {
            out.push(id?);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Records indexed in batches smaller than the import are each indexed once, and indexing
    /// updated ones again replaces their entries.
    #[test]
    fn records_indexed_in_batches_are_each_indexed_once() {
        let store = crate::Store::open_in_memory().unwrap();
        let conn = &store.conn;
        let data = crate::dataset::bundled().unwrap();
        conn.execute_batch("BEGIN").unwrap();
        let suspended = suspend_indexing(conn).unwrap();
        data.sources.iter().try_for_each(|s| super::super::sources::upsert(conn, s)).unwrap();
        data.companies.iter().try_for_each(|c| super::super::companies::upsert(conn, c)).unwrap();
        let count = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
        assert_eq!(count("SELECT count(*) FROM search_index"), 0);
        let ids: Vec<Uuid> = data.sources.iter().map(|s| s.id).chain(data.companies.iter().map(|c| c.id)).collect();
        assert!(ids.len() > 7);
        let mut heard = Vec::new();
        index(conn, &ids, &[], 3, &mut |done, total| heard.push((done, total))).unwrap();
        let n = ids.len() as u64;
        let expected: Vec<(u64, u64)> = (0..=n.div_ceil(3)).map(|i| ((i * 3).min(n), n)).collect();
        assert_eq!(heard, expected, "a report before the first batch and after each");
        let documents = count("SELECT count(*) FROM search_documents");
        assert_eq!(count("SELECT count(*) FROM search_index"), documents);
        let companies: Vec<Uuid> = data.companies.iter().map(|c| c.id).collect();
        index(conn, &[], &companies, 2, &mut |_, _| {}).unwrap();
        assert_eq!(count("SELECT count(*) FROM search_index"), documents);
        let Suspended(()) = suspended;
        let name = &data.companies[data.companies.len() - 1].legal_name;
        let word = name.split_whitespace().find(|w| w.chars().count() >= 3).unwrap();
        assert!(search(conn, word, 50).unwrap().iter().any(|h| h.title == *name), "{word}");
    }
}
