//! Command implementations: open the store, call one core function, print.

mod text;

use crate::{Cli, Command};
use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
use riskbrief::db::Opened;
use riskbrief::risk::assess;
use riskbrief::{dataset, Store};
use std::path::PathBuf;

pub fn run(cli: Cli) -> Result<()> {
    let json = cli.json;
    match cli.command {
        Command::Init { empty } => {
            let path = db_path(cli.db)?;
            if path.exists() {
                bail!("{} already exists; remove it first or choose another --db", path.display());
            }
            let seed = if empty { None } else { Some(dataset::bundled()?) };
            let (store, _) = Store::open_seeded(&path, seed.as_ref())?;
            let n = store.company_summaries()?.len();
            println!("created {} ({} companies)", path.display(), n);
        }
        Command::List { as_of } => {
            let as_of = as_of_date(as_of)?;
            let store = open(cli.db)?;
            let mut rows = Vec::new();
            for s in store.company_summaries()? {
                let a = assess(&store.company_data(s.id)?, as_of);
                rows.push((s, a));
            }
            // Riskiest first, then by name.
            rows.sort_by(|(sa, a), (sb, b)| b.score.cmp(&a.score).then(sa.legal_name.cmp(&sb.legal_name)));
            if json {
                let out: Vec<_> = rows
                    .iter()
                    .map(|(s, a)| serde_json::json!({"company": s, "score": a.score, "band": a.band}))
                    .collect();
                print_json(&serde_json::json!({"as_of": as_of, "companies": out}))?;
            } else {
                print!("{}", text::portfolio(&rows, as_of));
            }
        }
        Command::Show { company, as_of } => {
            let as_of = as_of_date(as_of)?;
            let store = open(cli.db)?;
            let data = store.company_data(store.find_company(&company)?.id)?;
            let assessment = assess(&data, as_of);
            if json {
                print_json(&serde_json::json!({"data": data, "assessment": assessment}))?;
            } else {
                print!("{}", text::company(&data, &assessment));
            }
        }
        Command::Search { text: words, limit } => {
            let store = open(cli.db)?;
            let hits = store.search(&words.join(" "), limit)?;
            if json {
                print_json(&hits)?;
            } else {
                print!("{}", text::search(&hits));
            }
        }
    }
    Ok(())
}

fn print_json<T: serde::Serialize>(v: &T) -> Result<()> {
    println!("{}", serde_json::to_string_pretty(v)?);
    Ok(())
}

/// `--db`, else `RISKBRIEF_DB` (both via clap), else the OS data directory.
fn db_path(flag: Option<PathBuf>) -> Result<PathBuf> {
    match flag {
        Some(p) => Ok(p),
        None => {
            let dir = dirs::data_dir().context("no OS data directory (set HOME, or pass --db PATH)")?;
            Ok(riskbrief::db::default_path(&dir))
        }
    }
}

/// Opens the database, creating and seeding it from the bundled dataset on first use.
fn open(flag: Option<PathBuf>) -> Result<Store> {
    let path = db_path(flag)?;
    let seed = if path.exists() { None } else { Some(dataset::bundled()?) };
    let (store, opened) = Store::open_seeded(&path, seed.as_ref())?;
    if opened == Opened::Seeded {
        eprintln!("riskbrief: created {} from the bundled sample dataset", path.display());
    }
    Ok(store)
}

/// The as-of date: given, or today (the clock is read here, at the edge).
fn as_of_date(given: Option<String>) -> Result<NaiveDate> {
    match given {
        Some(s) => NaiveDate::parse_from_str(&s, "%Y-%m-%d")
            .with_context(|| format!("--as-of {s:?}: expected a date like 2025-06-30")),
        None => Ok(chrono::Local::now().date_naive()),
    }
}
