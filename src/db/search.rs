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
/// (whose old entries are removed first) companies, allegations and sources, by id — and
/// resumes the triggers.
pub fn resume_indexing(conn: &Connection, suspended: Suspended, added: &[Uuid], updated: &[Uuid]) -> Result<()> {
    let ids = |v: &[Uuid]| serde_json::to_string(&v.iter().map(Uuid::to_string).collect::<Vec<_>>()).expect("ids");
    if !updated.is_empty() {
        conn.execute("DELETE FROM search_index WHERE ref_id IN (SELECT value FROM json_each(?1))", [ids(updated)])?;
    }
    let all: Vec<Uuid> = added.iter().chain(updated).copied().collect();
    if !all.is_empty() {
        conn.execute(
            "INSERT INTO search_index (kind, ref_id, company_id, title, body)
         SELECT kind, ref_id, company_id, title, body FROM search_documents
         WHERE ref_id IN (SELECT value FROM json_each(?1))",
            [ids(&all)],
        )?;
    }
    let Suspended(()) = suspended;
    conn.execute("UPDATE search_pause SET paused = 0", [])?;
    Ok(())
}
