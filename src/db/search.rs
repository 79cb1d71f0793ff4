//! Full-text search over companies, allegations and sources (the FTS5 `search_index` table, kept in
//! step by triggers).

use super::col;
use crate::error::{Error, Result};
use crate::model::{SearchHit, SearchKind};
use rusqlite::{params, params_from_iter, Connection};
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

/// Sets the triggers that index a record on insert and update aside (flags they read,
/// migrations 0011 and 0023), inside the caller's transaction: no other connection ever sees
/// `importing` set. The caller writes its records, then either indexes them at once
/// (`resume_indexing`) or leaves them to the backlog (`defer_indexing`). Deletion triggers stay
/// active.
pub fn suspend_indexing(conn: &Connection) -> Result<Suspended> {
    conn.execute("UPDATE search_pause SET paused = 1, importing = 1", [])?;
    Ok(Suspended(()))
}

/// The flags after a suspension: the triggers index at once again, unless the backlog still
/// holds records (then they note theirs there too, and the index stays marked as behind).
fn end_suspension(conn: &Connection, suspended: Suspended) -> Result<()> {
    let Suspended(()) = suspended;
    conn.execute("UPDATE search_pause SET importing = 0, paused = EXISTS (SELECT 1 FROM search_backlog)", [])?;
    Ok(())
}

/// Indexes the records written while indexing was suspended, in the caller's transaction —
/// `added` (new) and `updated` (whose old entries are removed first, with those of the relations
/// that name them) records of the kinds search finds, by id — and resumes the triggers. For a
/// few records at a time (a register of deployments); a bundle import defers instead.
pub fn resume_indexing(conn: &Connection, suspended: Suspended, added: &[Uuid], updated: &[Uuid]) -> Result<()> {
    index(conn, added, updated, INDEX_BATCH, &mut |_, _| {})?;
    // Indexed now: a backlog row of theirs would index them a second time.
    for batch in added.chunks(INDEX_BATCH).chain(updated.chunks(INDEX_BATCH)) {
        conn.execute(
            "DELETE FROM search_backlog WHERE ref_id IN (SELECT value FROM json_each(?1))",
            [json_ids(batch)],
        )?;
    }
    end_suspension(conn, suspended)
}

/// Notes the records written while indexing was suspended in the backlog, for `catch_up` to
/// index after the caller's transaction commits, and resumes the triggers: `added` (new)
/// records, and `updated` ones with the relations that name them (their old entries are
/// removed when they are indexed). A bundle import's way: its records are stored and usable as
/// soon as it commits, and the index is built afterwards, in transactions of its own.
pub fn defer_indexing(conn: &Connection, suspended: Suspended, added: &[Uuid], updated: &[Uuid]) -> Result<()> {
    let mut note = conn.prepare_cached(
        "INSERT INTO search_backlog (ref_id, replace) SELECT value, ?2 FROM json_each(?1) WHERE true
         ON CONFLICT (ref_id) DO UPDATE SET replace = max(replace, excluded.replace)",
    )?;
    let mut naming = conn.prepare_cached(
        "WITH p(id) AS (SELECT value FROM json_each(?1))
         INSERT INTO search_backlog (ref_id, replace)
         SELECT id, 1 FROM relations WHERE from_company_id IN p OR to_company_id IN p OR from_person_id IN p
         ON CONFLICT (ref_id) DO UPDATE SET replace = 1",
    )?;
    // In order: the backlog's b-tree is then filled page after page, not torn open at random
    // (an import's records come kind by kind, and their ids interleave across kinds).
    let sorted = |ids: &[Uuid]| {
        let mut v = ids.to_vec();
        v.sort_unstable();
        v
    };
    for batch in sorted(added).chunks(INDEX_BATCH) {
        note.execute(params![json_ids(batch), 0])?;
    }
    for batch in sorted(updated).chunks(INDEX_BATCH) {
        let ids = json_ids(batch);
        note.execute(params![ids, 1])?;
        naming.execute([ids])?;
    }
    end_suspension(conn, suspended)
}

/// How many records the search index lacks, or holds in an older version: those `catch_up`
/// indexes. 0 when search finds every stored record as it is.
pub fn backlog(conn: &Connection) -> Result<u64> {
    Ok(conn.query_row("SELECT count(*) FROM search_backlog", [], |r| r.get::<_, i64>(0))? as u64)
}

/// How many records one transaction of `catch_up` indexes: enough that a statement's fixed
/// costs do not matter, few enough that another writer waits a fraction of a second for it.
pub const CATCH_UP_BATCH: usize = 10_000;

/// Indexes what the backlog holds, `batch` records a transaction (see `catch_up_batch`), until
/// it is empty. `indexed` hears how many records are done of how many there are, before the
/// first transaction and after each (an edit made meanwhile adds to the whole). Returns how many
/// were indexed.
pub fn catch_up(conn: &Connection, batch: usize, indexed: &mut dyn FnMut(u64, u64)) -> Result<u64> {
    let mut left = backlog(conn)?;
    if left == 0 {
        return Ok(0);
    }
    let mut done = 0u64;
    indexed(0, left);
    while left > 0 {
        let (n, l) = catch_up_batch(conn, batch)?;
        (done, left) = (done + n, l);
        indexed(done, done + left);
    }
    Ok(done)
}

/// One transaction of `catch_up`, IMMEDIATE (another writer goes between two; a crash keeps
/// those committed): indexes the first `batch` records of the backlog (an older entry removed
/// first where there may be one) and takes them off it; once it is empty, the insert and update
/// triggers index at once again. Returns how many records it indexed and how many are left.
/// Must be called outside a transaction.
pub fn catch_up_batch(conn: &Connection, batch: usize) -> Result<(u64, u64)> {
    if !conn.is_autocommit() {
        return Err(Error::Internal("the search backlog is indexed in transactions of its own, not inside one".into()));
    }
    let tx = rusqlite::Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate)?;
    let rows: Vec<(Uuid, bool)> = tx
        .prepare_cached("SELECT ref_id, replace FROM search_backlog ORDER BY ref_id LIMIT ?1")?
        .query_map([batch as i64], |r| Ok((col(r, 0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let replaced: Vec<Uuid> = rows.iter().filter(|(_, replace)| *replace).map(|(id, _)| *id).collect();
    if !replaced.is_empty() {
        tx.execute(
            "DELETE FROM search_index WHERE ref_id IN (SELECT value FROM json_each(?1))",
            [json_ids(&replaced)],
        )?;
    }
    let ids = json_ids(&rows.iter().map(|(id, _)| *id).collect::<Vec<_>>());
    tx.execute(
        "INSERT INTO search_index (kind, ref_id, company_id, title, body)
         SELECT kind, ref_id, company_id, title, body FROM search_documents
         WHERE ref_id IN (SELECT value FROM json_each(?1))",
        [&ids],
    )?;
    tx.execute("DELETE FROM search_backlog WHERE ref_id IN (SELECT value FROM json_each(?1))", [&ids])?;
    let left = backlog(&tx)?;
    if left == 0 {
        tx.execute("UPDATE search_pause SET paused = 0", [])?;
    }
    tx.commit()?;
    Ok((rows.len() as u64, left))
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
