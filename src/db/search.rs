use super::col;
use crate::error::{Error, Result};
use crate::model::{SearchHit, SearchKind};
use rusqlite::{params_from_iter, Connection};

/// Every word of the query must appear (as a substring, any script). Words of three or more
/// characters use the trigram index and rank by BM25; shorter ones (e.g. 华为) fall back to LIKE.
pub fn search(conn: &Connection, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
    let words: Vec<&str> = query.split_whitespace().collect();
    if words.is_empty() {
        return Err(Error::Validation("search: give at least one word to look for".into()));
    }
    let (long, short): (Vec<&str>, Vec<&str>) = words.iter().partition(|w| w.chars().count() >= 3);
    let mut clauses = Vec::new();
    let mut args: Vec<String> = Vec::new();
    if !long.is_empty() {
        clauses.push("search_index MATCH ?".to_string());
        args.push(long.iter().map(|w| format!("\"{}\"", w.replace('"', "\"\""))).collect::<Vec<_>>().join(" AND "));
    }
    for w in &short {
        clauses.push("(search_index.title LIKE ? OR search_index.body LIKE ?)".to_string());
        let pat = format!("%{}%", w.replace('%', "").replace('_', ""));
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
