//! Command implementations: open the store, call one core function, print.

mod text;

use crate::{Cli, Command};
use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
use riskbrief::db::Opened;
use riskbrief::risk::assess;
use riskbrief::brief::{self, fonts::FontSet, Brief, BriefOptions, PortfolioEntry};
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
        Command::Brief { company, output, all, portfolio, marking, as_of, force, html } => {
            let as_of = as_of_date(as_of)?;
            let options = BriefOptions { marking, generated: chrono::Local::now().date_naive() };
            let store = open(cli.db)?;
            let fonts = if html { None } else { Some(load_fonts()?) };
            let write = |brief: &Brief, path: &Path| -> Result<()> {
                let bytes = match &fonts {
                    None => brief::html::render(brief).into_bytes(),
                    Some(f) => {
                        let r = brief::pdf::render(brief, f);
                        for w in &r.warnings {
                            eprintln!("riskbrief: warning: {w}");
                        }
                        r.bytes
                    }
                };
                write_new(path, &bytes, force)
            };
            let ext = if html { "html" } else { "pdf" };
            if portfolio {
                let datas = store.all_company_data()?;
                let assessments: Vec<_> = datas.iter().map(|d| assess(d, as_of)).collect();
                let entries: Vec<PortfolioEntry> =
                    datas.iter().zip(&assessments).map(|(data, assessment)| PortfolioEntry { data, assessment }).collect();
                let b = brief::build_portfolio(&entries, &options, as_of);
                let path = output.unwrap_or_else(|| PathBuf::from(format!("portfolio-{as_of}.{ext}")));
                write(&b, &path)?;
                println!("{}", path.display());
            } else if all {
                let dir = output.expect("clap requires -o with --all");
                std::fs::create_dir_all(&dir).with_context(|| format!("cannot create folder {}", dir.display()))?;
                let summaries = store.company_summaries()?;
                let bar = indicatif::ProgressBar::new(summaries.len() as u64).with_style(
                    indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {msg}").expect("valid template"),
                );
                for s in &summaries {
                    bar.set_message(s.slug.clone());
                    let data = store.company_data(s.id)?;
                    let b = brief::build(&data, &assess(&data, as_of), &options, as_of);
                    write(&b, &dir.join(format!("{}-{as_of}.{ext}", s.slug)))?;
                    bar.inc(1);
                }
                bar.finish_and_clear();
                println!("{} briefs in {}", summaries.len(), dir.display());
            } else {
                let company = company.expect("clap requires a company");
                let data = store.company_data(store.find_company(&company)?.id)?;
                let b = brief::build(&data, &assess(&data, as_of), &options, as_of);
                let path = output.unwrap_or_else(|| PathBuf::from(format!("{}-{as_of}.{ext}", data.company.slug)));
                write(&b, &path)?;
                println!("{}", path.display());
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

/// Writes a new file; an existing one is refused unless `force`.
fn write_new(path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    if path.exists() && !force {
        bail!("{} already exists; use --force to overwrite it", path.display());
    }
    std::fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))
}

/// Fonts for PDF briefs: the bundled family, plus a system CJK font if one is installed
/// (`RISKBRIEF_CJK_FONT=PATH[#INDEX]` chooses one).
fn load_fonts() -> Result<FontSet> {
    let mut candidates: Vec<(String, u32)> = Vec::new();
    if let Ok(v) = std::env::var("RISKBRIEF_CJK_FONT") {
        let (path, index) = v.rsplit_once('#').map(|(p, i)| (p.to_string(), i.parse().unwrap_or(0))).unwrap_or((v.clone(), 0));
        candidates.push((path, index));
    }
    candidates.extend(brief::fonts::SYSTEM_CJK_CANDIDATES.iter().map(|(p, i)| (p.to_string(), *i)));
    let system = candidates.into_iter().find_map(|(path, index)| {
        let bytes = std::fs::read(&path).ok()?;
        // Fonts are parsed once and live for the whole process.
        Some((&*Box::leak(bytes.into_boxed_slice()), index, path))
    });
    if system.is_none() {
        eprintln!(
            "riskbrief: no system CJK font found; using the bundled subset (it covers the sample data only). \
             Install fonts-noto-cjk for any Chinese, Japanese or Korean name."
        );
    }
    FontSet::new(system).map_err(|e| anyhow::anyhow!(e))
}
