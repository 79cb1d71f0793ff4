//! Command implementations: open the store, call one core function, print.

/// Prints to standard output. Errors (a closed pipe: `riskbrief … | head`) return to `main`,
/// which ends quietly on a broken pipe.
macro_rules! out {
    ($($t:tt)*) => { $crate::cli::write_out(&format!($($t)*))? };
}
macro_rules! outln {
    ($($t:tt)*) => { $crate::cli::write_out(&(format!($($t)*) + "\n"))? };
}

mod lists;
mod text;

use crate::{Cli, Command, KeysCommand};
use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
use riskbrief::app::{self, BriefRequest};
use riskbrief::brief::{self, fonts::FontSet};
use riskbrief::db::Opened;
use riskbrief::edge::Input;
use riskbrief::risk::assess;
use riskbrief::{bundle, dataset, Store};
use std::io::Write;
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
            outln!("created {} ({} companies)", path.display(), n);
        }
        Command::List { as_of } => {
            let as_of = as_of_date(as_of)?;
            let store = open(cli.db)?;
            let rows = app::portfolio(&store, as_of)?;
            if json {
                print_json(&serde_json::json!({"as_of": as_of, "companies": rows}))?;
            } else {
                out!("{}", text::portfolio(&rows, as_of));
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
                out!("{}", text::company(&data, &assessment));
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
                        let (_, warnings) = riskbrief::edge::save_pdf_brief(store, &built, f, &path, force)?;
                        for w in &warnings {
                            eprintln!("riskbrief: warning: {w}");
                        }
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
                let mut kept = 0;
                for s in &summaries {
                    bar.set_message(s.slug.clone());
                    let file = dir.join(format!("{}-{as_of}.{ext}", s.slug));
                    // An interrupted run resumes: a brief already written and recorded is kept.
                    if !force && !html && recorded_brief(&store, &file, s.id)? {
                        kept += 1;
                    } else {
                        brief_one(&mut store, Some(s.id.to_string()), Some(file))?;
                    }
                    bar.inc(1);
                }
                bar.finish_and_clear();
                let resumed = if kept > 0 { format!(" ({kept} already there, kept)") } else { String::new() };
                outln!("{} briefs in {}{resumed}", summaries.len(), dir.display());
            } else {
                let company = if portfolio { None } else { company };
                let path = brief_one(&mut store, company, output)?;
                outln!("{}", path.display());
            }
        }
        Command::Verify { file } => {
            let bytes = read_input(&file, Input::Pdf)?;
            let store = open(cli.db)?;
            let v = app::verify(&store, &bytes, chrono::Local::now().date_naive())?;
            if json {
                print_json(&v)?;
            } else {
                out!("{}", text::verification(&file, &v));
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
                Some(p) => Some(bundle::signing_key(&String::from_utf8_lossy(&read_input(&p, Input::Key)?))?),
                None => None,
            };
            let data = store.export_dataset(company_id)?;
            let b = bundle::create(
                data,
                vec![],
                chrono::Utc::now().to_rfc3339(),
                riskbrief::edge::audit_context(&store.settings()?.analyst).actor,
                key.as_ref(),
            );
            write_new(&output, serde_json::to_string_pretty(&b)?.as_bytes(), force)?;
            outln!(
                "{}: {} records{}",
                output.display(),
                b.manifest.record_count,
                b.manifest.signature.as_ref().map(|s| format!(", signed by {}", s.public_key)).unwrap_or_default()
            );
        }
        Command::Import { file, dry_run, allow_unsigned } => {
            let bytes = read_input(&file, Input::Bundle)?;
            let mut store = open(cli.db)?;
            let trusted: Vec<(String, String)> =
                store.trusted_keys()?.into_iter().map(|k| (k.public_key, k.name)).collect();
            let (b, signer) =
                bundle::open(&file.display().to_string(), &bytes, &trusted, allow_unsigned, chrono::Utc::now())?;
            let plan = store.import_bundle(&b, signer, dry_run)?;
            if json {
                print_json(&plan)?;
            } else {
                out!("{}", text::import_plan(&plan));
            }
        }
        Command::Keys { action } => match action {
            KeysCommand::Generate { name } => {
                let mut secret = [0u8; 32];
                getrandom::fill(&mut secret).map_err(|e| anyhow::anyhow!("no OS randomness: {e}"))?;
                let key = ed25519_dalek::SigningKey::from_bytes(&secret);
                let (sk, pk) = (name.with_extension("key"), name.with_extension("pub"));
                if pk.exists() {
                    bail!("{} already exists; choose another name", pk.display());
                }
                riskbrief::edge::write_secret(&sk, bundle::hex(&secret).as_bytes())?;
                write_new(&pk, bundle::public_key_hex(&key).as_bytes(), false)?;
                outln!(
                    "secret key: {} (keep it private)\npublic key: {} (give it to those who import your bundles)",
                    sk.display(),
                    pk.display()
                );
            }
            KeysCommand::Trust { file, name } => {
                let hex = String::from_utf8_lossy(&read_input(&file, Input::Key)?).trim().to_lowercase();
                if bundle::unhex(&hex).map(|b| b.len()) != Some(32) {
                    bail!("{}: not a public key (expected 64 hex characters)", file.display());
                }
                let name = name
                    .unwrap_or_else(|| file.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default());
                let mut store = open(cli.db)?;
                store.trust_key(&riskbrief::model::TrustedKey {
                    public_key: hex.clone(),
                    name: name.clone(),
                    added_at: chrono::Utc::now().to_rfc3339(),
                })?;
                outln!("trusted {name}: {hex}");
            }
            KeysCommand::List => {
                let store = open(cli.db)?;
                let keys = store.trusted_keys()?;
                if json {
                    print_json(&keys)?;
                } else if keys.is_empty() {
                    outln!("No trusted keys: unsigned bundles are accepted, signed ones refused until their key is trusted.");
                } else {
                    for k in keys {
                        outln!("{}  {}  (since {})", k.public_key, k.name, k.added_at);
                    }
                }
            }
        },
        Command::Check => {
            let store = open(cli.db)?;
            store.check_database()?;
            outln!("the database is sound: every page, index and reference checked");
        }
        Command::Backup { file } => {
            let store = open(cli.db)?;
            store.backup_to(&file)?;
            outln!("backed up to {}", file.display());
        }
        Command::Restore { file, yes } => {
            if !yes {
                bail!("restore replaces everything in the database with {}; run again with --yes", file.display());
            }
            let mut store = open(cli.db)?;
            let kept = store.path().map(|p| riskbrief::edge::restore_keep_path(&p));
            store.restore_from(&file, kept.as_deref())?;
            outln!("restored from {} ({} companies)", file.display(), store.company_summaries()?.len());
            if let Some(k) = kept {
                outln!("the previous contents are kept in {}", k.display());
            }
        }
        Command::History { company } => {
            let store = open(cli.db)?;
            let c = store.find_company(&company)?;
            let entries = store.history(c.id)?;
            if json {
                print_json(&entries)?;
            } else {
                out!("{}", text::history(&c, &entries));
            }
        }
        Command::Search { text: words, limit, .. } => {
            let store = open(cli.db)?;
            let hits = store.search(&words.join(" "), limit.into())?;
            if json {
                print_json(&hits)?;
            } else {
                out!("{}", text::search(&hits));
            }
        }
    }
    Ok(())
}

pub(crate) fn print_json<T: serde::Serialize>(v: &T) -> Result<()> {
    let mut o = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut o, v)?;
    o.write_all(b"\n")?;
    Ok(o.flush()?)
}

/// Writes text for people to standard output. Characters that reorder or hide text (bidi
/// overrides and isolates, other controls) are shown as `<U+202E>`, never passed to the
/// terminal: a list entry cannot make a name read backwards.
pub(crate) fn write_out(s: &str) -> Result<()> {
    let mut o = std::io::stdout().lock();
    o.write_all(visible(s).as_bytes())?;
    Ok(o.flush()?)
}

fn visible(s: &str) -> std::borrow::Cow<'_, str> {
    let hidden = |c: char| {
        matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
            || (c.is_control() && c != '\n' && c != '\t')
    };
    if !s.chars().any(hidden) {
        return s.into();
    }
    s.chars()
        .map(|c| if hidden(c) { format!("<U+{:04X}>", c as u32) } else { c.to_string() })
        .collect::<String>()
        .into()
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

/// Writes a file whole or not at all; an existing one is refused unless `force`.
fn write_new(path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    Ok(riskbrief::edge::write_file(path, bytes, force)?)
}

/// True when `file` is a PDF brief of `company` recorded in the brief history, unaltered.
fn recorded_brief(store: &Store, file: &Path, company: uuid::Uuid) -> Result<bool> {
    if !file.is_file() {
        return Ok(false);
    }
    let bytes = read_input(file, Input::Pdf)?;
    Ok(store.brief_by_pdf_hash(&app::sha256_hex(&bytes))?.is_some_and(|(r, _)| r.company_id == Some(company)))
}

/// Reads an input file (regular files only, size-capped; a missing one exits 3).
pub(crate) fn read_input(path: &Path, kind: riskbrief::edge::Input) -> Result<Vec<u8>> {
    Ok(riskbrief::edge::read_input(path, kind)?)
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
