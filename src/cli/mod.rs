//! Command implementations: open the store, call one core function, print.

mod lists;
mod text;

use crate::{Cli, Command, KeysCommand};
use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
use riskbrief::db::Opened;
use riskbrief::risk::assess;
use riskbrief::app::{self, BriefRequest};
use riskbrief::brief::{self, fonts::FontSet};
use riskbrief::{bundle, dataset, Store};
use std::path::{Path, PathBuf};

pub fn run(cli: Cli) -> Result<()> {
    let json = cli.json;
    match cli.command {
        Command::Lists { action } => lists::lists(open(cli.db)?, action, json)?,
        Command::Screen { company, all, names, threshold, csv } => {
            lists::screen(open(cli.db)?, company.filter(|_| !all), names, threshold, csv, json)?
        }
        Command::Hits { action, company, status } => lists::hits(open(cli.db)?, action, company, status, json)?,
        Command::Init { empty } => {
            let path = db_path(cli.db)?;
            if path.exists() {
                bail!("{} already exists; remove it first or choose another --db", path.display());
            }
            let seed = if empty { None } else { Some(dataset::bundled()?) };
            let (store, _) = Store::open_seeded(&path, seed.as_ref(), riskbrief::edge::seeding_context())?;
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
                let built = app::build_brief(store, &request, today)?;
                let path =
                    path.unwrap_or_else(|| PathBuf::from(app::default_file_name(built.company.as_ref(), as_of, ext)));
                match &fonts {
                    None => write_new(&path, brief::html::render(&built.brief).as_bytes(), force)?,
                    Some(f) => {
                        let shown = std::path::absolute(&path).unwrap_or(path.clone()).display().to_string();
                        let (bytes, record, warnings) =
                            app::render_pdf(&built, f, uuid::Uuid::now_v7(), Some(shown), chrono::Utc::now().to_rfc3339());
                        for w in &warnings {
                            eprintln!("riskbrief: warning: {w}");
                        }
                        write_new(&path, &bytes, force)?;
                        store.record_brief(&record, built.snapshot.as_deref())?;
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
        Command::Verify { file } => {
            let bytes = std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let store = open(cli.db)?;
            let v = app::verify(&store, &bytes, chrono::Local::now().date_naive())?;
            if json {
                print_json(&v)?;
            } else {
                print!("{}", text::verification(&file, &v));
            }
            return match (v.file, v.data_changed) {
                (app::FileStatus::Unaltered, Some(true)) => Err(VerifyOutcome(8).into()),
                (app::FileStatus::Unaltered, _) => Ok(()),
                _ => Err(VerifyOutcome(9).into()),
            };
        }
        Command::Export { company, output, sign, force } => {
            let store = open(cli.db)?;
            let company_id = match company {
                Some(c) => Some(store.find_company(&c)?.id),
                None => None,
            };
            let key = match sign {
                Some(p) => Some(bundle::signing_key(
                    &std::fs::read_to_string(&p).with_context(|| format!("cannot read key {}", p.display()))?,
                )?),
                None => None,
            };
            let data = store.export_dataset(company_id)?;
            let b = bundle::create(data, vec![], chrono::Utc::now().to_rfc3339(), riskbrief::edge::audit_context(&store.settings()?.analyst).actor, key.as_ref());
            write_new(&output, serde_json::to_string_pretty(&b)?.as_bytes(), force)?;
            println!(
                "{}: {} records{}",
                output.display(),
                b.manifest.record_count,
                b.manifest.signature.as_ref().map(|s| format!(", signed by {}", s.public_key)).unwrap_or_default()
            );
        }
        Command::Import { file, dry_run, allow_unsigned } => {
            let bytes = std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let mut store = open(cli.db)?;
            let trusted: Vec<(String, String)> =
                store.trusted_keys()?.into_iter().map(|k| (k.public_key, k.name)).collect();
            let (b, signer) = bundle::open(&file.display().to_string(), &bytes, &trusted, allow_unsigned)?;
            let plan = store.import_bundle(&b, signer, dry_run)?;
            if json {
                print_json(&plan)?;
            } else {
                print!("{}", text::import_plan(&plan));
            }
        }
        Command::Keys { action } => match action {
            KeysCommand::Generate { name } => {
                let mut secret = [0u8; 32];
                getrandom::fill(&mut secret).map_err(|e| anyhow::anyhow!("no OS randomness: {e}"))?;
                let key = ed25519_dalek::SigningKey::from_bytes(&secret);
                let (sk, pk) = (name.with_extension("key"), name.with_extension("pub"));
                write_new(&sk, bundle::hex(&secret).as_bytes(), false)?;
                #[cfg(unix)]
                {
                    use std::os::unix::fs::PermissionsExt;
                    std::fs::set_permissions(&sk, std::fs::Permissions::from_mode(0o600))?;
                }
                write_new(&pk, bundle::public_key_hex(&key).as_bytes(), false)?;
                println!("secret key: {} (keep it private)\npublic key: {} (give it to those who import your bundles)", sk.display(), pk.display());
            }
            KeysCommand::Trust { file, name } => {
                let hex = std::fs::read_to_string(&file).with_context(|| format!("cannot read {}", file.display()))?;
                let hex = hex.trim().to_lowercase();
                if bundle::unhex(&hex).map(|b| b.len()) != Some(32) {
                    bail!("{}: not a public key (expected 64 hex characters)", file.display());
                }
                let name = name.unwrap_or_else(|| file.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default());
                let mut store = open(cli.db)?;
                store.trust_key(&riskbrief::model::TrustedKey { public_key: hex.clone(), name: name.clone(), added_at: chrono::Utc::now().to_rfc3339() })?;
                println!("trusted {name}: {hex}");
            }
            KeysCommand::List => {
                let store = open(cli.db)?;
                let keys = store.trusted_keys()?;
                if json {
                    print_json(&keys)?;
                } else if keys.is_empty() {
                    println!("No trusted keys: unsigned bundles are accepted, signed ones refused until their key is trusted.");
                } else {
                    for k in keys {
                        println!("{}  {}  (since {})", k.public_key, k.name, k.added_at);
                    }
                }
            }
        },
        Command::Backup { file } => {
            let store = open(cli.db)?;
            store.backup_to(&file)?;
            println!("backed up to {}", file.display());
        }
        Command::Restore { file, yes } => {
            if !yes {
                bail!("restore replaces everything in the database with {}; run again with --yes", file.display());
            }
            let mut store = open(cli.db)?;
            store.restore_from(&file)?;
            println!("restored from {} ({} companies)", file.display(), store.company_summaries()?.len());
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

pub(crate) fn print_json<T: serde::Serialize>(v: &T) -> Result<()> {
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

/// A verification that did not come out clean: the exit status says how (8: data changed
/// since the brief; 9: file altered or unknown). The report is already printed.
#[derive(Debug)]
pub struct VerifyOutcome(pub u8);

impl std::fmt::Display for VerifyOutcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            8 => f.write_str("the data behind this brief has changed since it was generated"),
            _ => f.write_str("this file is not an unaltered brief from this database"),
        }
    }
}

impl std::error::Error for VerifyOutcome {}
