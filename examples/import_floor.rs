//! The floor under a bundle import (issue #12): SQLite's own work to store what an import of
//! the same bundle stores, with nothing else. It copies every record table and the audit trail
//! of an imported database into a fresh one (made by `riskbrief init --empty`), and notes every
//! search document in the search backlog, in one IMMEDIATE transaction, with the store's
//! pragmas and the triggers that fire on import (set aside for search, as the import does: the
//! index is built afterwards, by `riskbrief index` or the next search). No JSON is parsed,
//! hashed or checked and no record is compared: what it takes is what the schema costs, so
//! `scripts/bench-scale.sh` reports the import as a multiple of it.
//!
//! A measuring instrument, not part of RiskBrief: the one file outside `src/db` and the tests
//! that holds SQL.
//!
//! usage: import_floor IMPORTED.db FRESH.db

use rusqlite::Connection;
use std::time::Instant;

/// The tables an import writes, parents before children (the order of `Dataset::ORDER`);
/// `company_aliases` is filled by a trigger on `companies`.
const TABLES: [&str; 12] = [
    "sources",
    "companies",
    "allegations",
    "allegation_sources",
    "responses",
    "designations",
    "restrictions",
    "cloud_offerings",
    "deployments",
    "scenarios",
    "persons",
    "relations",
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [from, to] = args.as_slice() else {
        return Err("usage: import_floor IMPORTED.db FRESH.db".into());
    };
    let start = Instant::now();
    let conn = Connection::open(to)?;
    // As `Store::open` sets them.
    conn.pragma_update(None, "foreign_keys", true)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "cache_size", -65536)?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    conn.execute("ATTACH ?1 AS src", [from])?;
    conn.execute_batch("BEGIN IMMEDIATE; UPDATE main.search_pause SET paused = 1, importing = 1;")?;
    let mut lap = Instant::now();
    let mut took = |what: &str| {
        eprintln!("import_floor: {what} {:.3} s", lap.elapsed().as_secs_f64());
        lap = Instant::now();
    };
    let mut rows = 0;
    for t in TABLES {
        rows += conn.execute(&format!("INSERT INTO main.{t} SELECT * FROM src.{t}"), [])?;
    }
    took(&format!("{rows} records"));
    let audit = conn.execute("INSERT INTO main.audit_log SELECT * FROM src.audit_log", [])?;
    took(&format!("{audit} audit rows"));
    let noted = conn.execute(
        "INSERT INTO main.search_backlog (ref_id, replace)
         SELECT ref_id, 0 FROM main.search_documents ORDER BY ref_id",
        [],
    )?;
    took(&format!("{noted} records noted in the search backlog"));
    conn.execute_batch("UPDATE main.search_pause SET importing = 0; COMMIT;")?;
    drop(conn);
    took("commit (with its checkpoint)");
    eprintln!("import_floor: {:.3} s in all", start.elapsed().as_secs_f64());
    if rows == 0 {
        return Err(format!("{from} holds no records: import a bundle into it first").into());
    }
    Ok(())
}
