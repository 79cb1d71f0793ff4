//! Command implementations: open the store, call one core function, print.

mod text;

use crate::{Cli, Command};
use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
use riskbrief::db::Opened;
use riskbrief::risk::assess;
use riskbrief::app::{self, BriefRequest};
use riskbrief::brief::{self, fonts::FontSet};
use riskbrief::{dataset, Store};
use std::path::{Path, PathBuf};

pub fn run(cli: Cli) -> Result<()> {
    let json = cli.json;
    match cli.command {
        Command::Init { empty } => {
            let path = db_path(cli.db)?;
            if path.exists() {
                bail!("{} already exists; remove it first or choose another --db", path.display());
            }
            let seed = if empty { None } else { Some(dataset::bundled()?) };
            let audit = riskbrief::edge::audit_context("");
            let (store, _) = Store::open_seeded(&path, seed.as_ref(), audit)?;
            let n = store.company_summaries()?.len();
            println!("created {} ({} companies)", path.display(), n);
        }
        Command::List { as_of } => {
            let as_of = as_of_date(as_of)?;
            let store = open(cli.db)?;
            let rows = app::portfolio(&store, as_of)?;
            if json {
                print_json(&serde_json::json!({"as_of": as_of, "companies": rows}))?;
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
        Command::Brief { company, output, all, portfolio, marking, as_of, force, html } => {
            let as_of = as_of_date(as_of)?;
            let today = chrono::Local::now().date_naive();
            let mut store = open(cli.db)?;
            let fonts = if html { None } else { Some(load_fonts()?) };
            let ext = if html { "html" } else { "pdf" };
            let brief_one = |store: &mut Store, company: Option<String>, path: Option<PathBuf>| -> Result<PathBuf> {
                let request = BriefRequest { company, marking: marking.clone(), as_of, path: None };
                let (b, company) = app::build_brief(store, &request, today)?;
                let path = path.unwrap_or_else(|| PathBuf::from(app::default_file_name(company.as_ref(), as_of, ext)));
                match &fonts {
                    None => write_new(&path, brief::html::render(&b).as_bytes(), force)?,
                    Some(f) => {
                        let shown = std::path::absolute(&path).unwrap_or(path.clone()).display().to_string();
                        let (bytes, record, warnings) = app::render_pdf(
                            &b, company.as_ref(), f, uuid::Uuid::now_v7(), Some(shown), chrono::Utc::now().to_rfc3339(),
                        );
                        for w in &warnings {
                            eprintln!("riskbrief: warning: {w}");
                        }
                        write_new(&path, &bytes, force)?;
                        store.record_brief(&record)?;
                    }
                }
                Ok(path)
            };
            if all {
                let dir = output.expect("clap requires -o with --all");
                std::fs::create_dir_all(&dir).with_context(|| format!("cannot create folder {}", dir.display()))?;
                let summaries = store.company_summaries()?;
                let bar = indicatif::ProgressBar::new(summaries.len() as u64).with_style(
                    indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {msg}").expect("valid template"),
                );
                for s in &summaries {
                    bar.set_message(s.slug.clone());
                    let file = dir.join(format!("{}-{as_of}.{ext}", s.slug));
                    brief_one(&mut store, Some(s.id.to_string()), Some(file))?;
                    bar.inc(1);
                }
                bar.finish_and_clear();
                println!("{} briefs in {}", summaries.len(), dir.display());
            } else {
                let company = if portfolio { None } else { company };
                let path = brief_one(&mut store, company, output)?;
                println!("{}", path.display());
            }
        }
        Command::History { company } => {
            let store = open(cli.db)?;
            let c = store.find_company(&company)?;
            let entries = store.history(c.id)?;
            if json {
                print_json(&entries)?;
            } else {
                print!("{}", text::history(&c, &entries));
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
        None => riskbrief::edge::database_path().context("no OS data directory (set HOME, or pass --db PATH)"),
    }
}

/// Opens the database, creating and seeding it from the bundled dataset on first use.
fn open(flag: Option<PathBuf>) -> Result<Store> {
    let path = db_path(flag)?;
    let (store, opened) = riskbrief::edge::open_database(&path)?;
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

/// Writes a new file; an existing one is refused unless `force`.
fn write_new(path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    if path.exists() && !force {
        bail!("{} already exists; use --force to overwrite it", path.display());
    }
    std::fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))
}

/// Fonts for PDF briefs, loaded once.
fn load_fonts() -> Result<FontSet> {
    let (fonts, notice) = riskbrief::edge::load_fonts().map_err(|e| anyhow::anyhow!(e))?;
    if let Some(n) = notice {
        eprintln!("riskbrief: {n}");
    }
    Ok(fonts)
}
