//! Command implementations: open the store, call one core function, print.

/// Prints to standard output. Errors (a closed pipe: `riskbrief … | head`) return to `main`,
/// which ends quietly on a broken pipe.
macro_rules! out {
    ($($t:tt)*) => { $crate::cli::write_out(&format!($($t)*))? };
}
macro_rules! outln {
    ($($t:tt)*) => { $crate::cli::write_out(&(format!($($t)*) + "\n"))? };
}

mod exposure;
mod lists;
mod scenario;
mod text;

use crate::{Cli, Command, KeysCommand};
use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
use riskbrief::app::exchange::{self, ImportMode, Unsigned};
use riskbrief::app::{self, BriefRequest};
use riskbrief::brief::{self, fonts::FontSet};
use riskbrief::db::Opened;
use riskbrief::edge::Input;
use riskbrief::risk::assess;
use riskbrief::{bundle, Store};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Runs one subcommand. Each has its own function (as ripgrep's `main.rs` does); the exit
/// status is theirs to choose (`verify` says 8 or 9 without an error).
pub fn run(cli: Cli) -> Result<ExitCode> {
    let (db, json) = (cli.db, cli.json);
    match cli.command {
        Command::Lists { action } => lists::lists(open(db)?, action, json)?,
        Command::Screen { company, all, names, threshold, csv } => {
            lists::screen(open(db)?, company.filter(|_| !all), names, threshold, csv, json)?
        }
        Command::Hits { action, company, status } => lists::hits(open(db)?, action, company, status, json)?,
        Command::Init { empty } => init(db, empty)?,
        Command::Exposure { action } => exposure::exposure(open(db)?, action, json)?,
        Command::Scenario { action } => scenario::scenario(open(db)?, action, json)?,
        Command::Owners { company, as_of } => {
            let view = app::ownership::ownership(&open(db)?, &company, app::as_of(as_of.as_deref(), today())?)?;
            if json {
                print_json(&view)?;
            } else {
                out!("{}", text::owners(&view));
            }
        }
        Command::OwnedBy { party, as_of } => {
            let rows = app::ownership::owned_by(&open(db)?, &party, app::as_of(as_of.as_deref(), today())?)?;
            if json {
                print_json(&rows)?;
            } else {
                out!("{}", text::owned_by(&party, &rows));
            }
        }
        Command::Relation { action } => relation(open(db)?, action, json)?,
        Command::Inbox { action, all } => inbox(open(db)?, action, all, json)?,
        Command::Timeline { company: Some(company), .. } => {
            let events = app::timeline(&open(db)?, &company)?;
            if json {
                print_json(&events)?;
            } else {
                out!("{}", text::timeline(&events));
            }
        }
        Command::Timeline { company: None, .. } => {
            let events = app::portfolio_timeline(&open(db)?)?;
            if json {
                print_json(&events)?;
            } else {
                out!("{}", text::portfolio_timeline(&events));
            }
        }
        Command::List { as_of, head } => list(open(db)?, as_of, head, json)?,
        Command::Show { company, as_of } => show(open(db)?, &company, as_of, json)?,
        Command::Brief { company, output, all, portfolio, marking, as_of, force, html } => {
            let format = if html { BriefFormat::Html } else { BriefFormat::Pdf };
            let as_of = app::as_of(as_of.as_deref(), today())?;
            let mut out = BriefOut { store: open(db)?, marking, as_of, format, force, fonts: None };
            if format == BriefFormat::Pdf {
                out.fonts = Some(load_fonts()?);
            }
            match (all, output) {
                (true, Some(dir)) => out.all(&dir)?,
                (_, output) => out.one(if portfolio { None } else { company }, output)?,
            }
        }
        Command::Verify { file } => return verify(open(db)?, &file, json),
        Command::Export { company, output, sign, force } => export(open(db)?, company, &output, sign, force)?,
        Command::Import { file, dry_run, allow_unsigned } => import(open(db)?, &file, dry_run, allow_unsigned, json)?,
        Command::Keys { action } => keys(db, action, json)?,
        Command::Check => {
            open(db)?.check_database()?;
            outln!("the database is sound: every page, index and reference checked");
        }
        Command::Backup { file } => {
            open(db)?.backup_to(&file)?;
            outln!("backed up to {}", file.display());
        }
        Command::Restore { file, yes } => restore(open(db)?, &file, yes)?,
        Command::History { company } => history(open(db)?, &company, json)?,
        Command::Vocabulary => vocabulary(json)?,
        Command::Index => {
            let n = catch_up_search(&open(db)?)?;
            if n == 0 {
                outln!("the search index is up to date");
            } else {
                outln!("indexed {n} records for search; the search index is up to date");
            }
        }
        Command::Search { text: words, limit, .. } => {
            let store = open(db)?;
            catch_up_search(&store)?;
            let hits = store.search(&words.join(" "), limit.into())?;
            if json {
                print_json(&hits)?;
            } else {
                out!("{}", text::search(&hits));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// `riskbrief inbox`: checks bands and verdicts, then lists what awaits a decision; `ack` and
/// `assign` decide on one event.
fn inbox(mut store: Store, action: Option<crate::InboxCommand>, all: bool, json: bool) -> Result<()> {
    use crate::InboxCommand as C;
    use riskbrief::app::monitor::{self, EventDecision};
    let who = riskbrief::edge::audit_context(&store.settings()?.analyst).actor;
    let find = |store: &Store, reference: &str| -> Result<uuid::Uuid> {
        let matching: Vec<uuid::Uuid> = store
            .inbox(true)?
            .into_iter()
            .map(|e| e.id)
            .filter(|id| reference.len() >= 6 && id.to_string().ends_with(reference) || id.to_string() == reference)
            .collect();
        match matching.as_slice() {
            [id] => Ok(*id),
            [] => {
                Err(riskbrief::Error::NotFound(format!("no inbox event {reference:?} (see `riskbrief inbox`)")).into())
            }
            _ => Err(riskbrief::Error::Validation(format!(
                "{} events end with {reference:?}; give more of the id",
                matching.len()
            ))
            .into()),
        }
    };
    let decided = match action {
        None => {
            let raised = monitor::check(&mut store, today(), riskbrief::edge::now())?;
            let events = store.inbox(all)?;
            if json {
                print_json(&events)?;
            } else {
                out!("{}", text::inbox(&events, raised.len()));
            }
            return Ok(());
        }
        Some(C::Ack { event, note }) => {
            let id = find(&store, &event)?;
            monitor::decide(&mut store, id, &EventDecision::Acknowledge { note }, &who, riskbrief::edge::now())?
        }
        Some(C::Assign { event, to }) => {
            let id = find(&store, &event)?;
            monitor::decide(&mut store, id, &EventDecision::Assign { assignee: to }, &who, riskbrief::edge::now())?
        }
        Some(C::Digest { since, output, as_of, marking, force }) => {
            let since = app::as_of(Some(&since), today())?;
            let as_of = app::as_of(as_of.as_deref(), today())?;
            let fonts = load_fonts()?;
            monitor::check(&mut store, as_of, riskbrief::edge::now())?;
            let built = monitor::digest(&store, since, as_of, &marking, today())?;
            let (record, warnings) = riskbrief::edge::save_pdf_brief(&mut store, &built, &fonts, &output, force)?;
            for w in warnings {
                eprintln!("riskbrief: {w}");
            }
            outln!("wrote {} ({})", output.display(), record.brief_id);
            return Ok(());
        }
    };
    if json {
        print_json(&decided)?;
    } else {
        outln!("{}: {} ({})", decided.status.label(), decided.title, decided.id);
    }
    Ok(())
}

/// `riskbrief relation …`: persons and relations saved from JSON (stamped now; the nil id makes
/// a new one), or deleted; each one transaction, audited.
fn relation(mut store: Store, action: crate::RelationCommand, json: bool) -> Result<()> {
    use crate::RelationCommand as C;
    use riskbrief::model::{Person, Relation};
    fn read<T: serde::de::DeserializeOwned>(file: &Path, what: &str) -> Result<T> {
        serde_json::from_slice(&riskbrief::edge::read_input(file, Input::Record)?)
            .map_err(|e| anyhow::anyhow!("{}: not a {what} ({e})", file.display()))
    }
    let fresh = |id: &mut uuid::Uuid| {
        if id.is_nil() {
            *id = uuid::Uuid::now_v7();
        }
    };
    match action {
        C::Save { file, new_person } => {
            let now = riskbrief::edge::now();
            let mut r: Relation = read(&file, "relation")?;
            fresh(&mut r.id);
            r.updated_at = now;
            let person = match new_person {
                Some(f) => {
                    let mut p: Person = read(&f, "person")?;
                    fresh(&mut p.id);
                    p.updated_at = now;
                    Some(p)
                }
                None => None,
            };
            let saved = app::monitor::save_relation(&mut store, r, person, now)?;
            if json {
                print_json(&saved)?;
            } else {
                if let Some(p) = &saved.person {
                    outln!("saved person {:?} ({})", p.name, p.id);
                }
                outln!("saved relation {} ({})", saved.relation.id, saved.relation.kind.label());
                if saved.new_hits > 0 {
                    outln!("screening the company again raised {} new hit(s): see `riskbrief inbox`", saved.new_hits);
                }
            }
        }
        C::SavePerson { file } => {
            let mut p: Person = read(&file, "person")?;
            fresh(&mut p.id);
            p.updated_at = riskbrief::edge::now();
            store.save_person(&p)?;
            if json {
                print_json(&p)?;
            } else {
                outln!("saved person {:?} ({})", p.name, p.id);
            }
        }
        C::Persons => {
            let persons = store.persons()?;
            if json {
                print_json(&persons)?;
            } else {
                for p in &persons {
                    outln!(
                        "{}  {}{}",
                        p.id,
                        p.name,
                        p.native_name.as_ref().map(|n| format!(" ({n})")).unwrap_or_default()
                    );
                }
            }
        }
        C::Delete { id } => {
            store.delete_relation(id)?;
            outln!("deleted relation {id}");
        }
        C::DeletePerson { id } => {
            store.delete_person(id)?;
            outln!("deleted person {id} and the relations it was on");
        }
    }
    Ok(())
}

fn init(db: Option<PathBuf>, empty: bool) -> Result<()> {
    let path = db_path(db)?;
    if path.exists() {
        bail!("{} already exists; remove it first or choose another --db", path.display());
    }
    let seed = if empty { None } else { Some(app::exposure::sample(riskbrief::edge::now())?) };
    let seed = seed.as_ref().map(|(data, deployments)| (data, deployments.as_slice()));
    let (store, _) = Store::open_seeded(&path, seed, riskbrief::edge::seeding_context())?;
    outln!("created {} ({} companies)", path.display(), store.company_summaries()?.len());
    Ok(())
}

fn list(store: Store, as_of: Option<String>, head: Option<usize>, json: bool) -> Result<()> {
    let as_of = app::as_of(as_of.as_deref(), today())?;
    let mut store = store;
    let (rows, total) = match head {
        Some(limit) => {
            let head = app::portfolio_head(&mut store, as_of, limit)?;
            (head.rows, Some(head.total))
        }
        None => (app::portfolio(&mut store, as_of)?, None),
    };
    if json {
        // Written straight from the rows: no JSON tree of 100,000 companies in between.
        #[derive(serde::Serialize)]
        struct Listing<'a> {
            as_of: chrono::NaiveDate,
            #[serde(skip_serializing_if = "Option::is_none")]
            total: Option<usize>,
            companies: &'a [app::PortfolioRow],
        }
        print_json(&Listing { as_of, total, companies: &rows })?;
    } else {
        out!("{}", text::portfolio(&rows, total.unwrap_or(rows.len()), as_of));
    }
    Ok(())
}

fn show(store: Store, company: &str, as_of: Option<String>, json: bool) -> Result<()> {
    let as_of = app::as_of(as_of.as_deref(), today())?;
    let data = store.company_data(store.find_company(company)?.id)?;
    let assessment = assess(&data, as_of);
    if json {
        print_json(&serde_json::json!({"data": data, "assessment": assessment}))?;
    } else {
        out!("{}", text::company(&data, &assessment));
    }
    Ok(())
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum BriefFormat {
    Pdf,
    Html,
}

impl BriefFormat {
    fn ext(self) -> &'static str {
        match self {
            BriefFormat::Pdf => "pdf",
            BriefFormat::Html => "html",
        }
    }
}

/// `riskbrief brief`: what every brief of one run shares.
struct BriefOut {
    store: Store,
    marking: String,
    as_of: NaiveDate,
    format: BriefFormat,
    force: bool,
    fonts: Option<FontSet>,
}

impl BriefOut {
    /// Builds one brief (a company's, or the portfolio's with `company` None) and writes it to
    /// `path`, or to its default name in the current folder.
    fn write(&mut self, company: Option<String>, path: Option<PathBuf>) -> Result<PathBuf> {
        let request = BriefRequest { company, marking: self.marking.clone(), as_of: self.as_of, path: None };
        let built = app::build_brief(&self.store, &request, today())?;
        let path = path.unwrap_or_else(|| {
            PathBuf::from(app::default_file_name(built.company.as_ref(), self.as_of, self.format.ext()))
        });
        match &self.fonts {
            None => write_new(&path, brief::html::render(&built.brief).as_bytes(), self.force)?,
            Some(f) if is_stdio(&path) => {
                let (bytes, record, warnings) =
                    app::render_pdf(&built, f, uuid::Uuid::now_v7(), None, riskbrief::edge::now());
                for w in &warnings {
                    eprintln!("riskbrief: warning: {w}");
                }
                self.store.record_brief(&record, built.snapshot.as_deref())?;
                write_new(&path, &bytes, true)?;
            }
            Some(f) => {
                let (_, warnings) = riskbrief::edge::save_pdf_brief(&mut self.store, &built, f, &path, self.force)?;
                for w in &warnings {
                    eprintln!("riskbrief: warning: {w}");
                }
            }
        }
        Ok(path)
    }

    fn one(&mut self, company: Option<String>, output: Option<PathBuf>) -> Result<()> {
        let path = self.write(company, output)?;
        if !is_stdio(&path) {
            outln!("{}", path.display());
        }
        Ok(())
    }

    /// One brief per company into `dir`. An interrupted run resumes: a brief already written
    /// and recorded is kept.
    fn all(&mut self, dir: &Path) -> Result<()> {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create folder {}", dir.display()))?;
        let summaries = self.store.company_summaries()?;
        let bar = indicatif::ProgressBar::new(summaries.len() as u64)
            .with_style(indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {msg}").expect("valid template"));
        let mut kept = 0;
        for s in &summaries {
            bar.set_message(s.slug.clone());
            let file = dir.join(format!("{}-{}.{}", s.slug, self.as_of, self.format.ext()));
            if !self.force && self.format == BriefFormat::Pdf && recorded_brief(&self.store, &file, s.id)? {
                kept += 1;
            } else {
                self.write(Some(s.id.to_string()), Some(file))?;
            }
            bar.inc(1);
        }
        bar.finish_and_clear();
        let resumed = if kept > 0 { format!(" ({kept} already there, kept)") } else { String::new() };
        outln!("{} briefs in {}{resumed}", summaries.len(), dir.display());
        Ok(())
    }
}

/// Exit status 0: unaltered and current; 8: unaltered, the data changed since; 9: altered or
/// unknown. The report is printed either way.
fn verify(store: Store, file: &Path, json: bool) -> Result<ExitCode> {
    let bytes = read_input(file, Input::Pdf)?;
    let v = app::verify(&store, &bytes, today())?;
    if json {
        print_json(&v)?;
    } else {
        out!("{}", text::verification(file, &v));
    }
    Ok(match (v.file, v.data_changed) {
        (app::FileStatus::Unaltered, Some(true)) => {
            eprintln!("riskbrief: the data behind this brief has changed since it was generated");
            ExitCode::from(8)
        }
        (app::FileStatus::Unaltered, _) => ExitCode::SUCCESS,
        (app::FileStatus::Scenario, _) => {
            eprintln!("riskbrief: a scenario brief is hypothetical and never recorded, so it cannot be verified");
            ExitCode::from(9)
        }
        _ => {
            eprintln!("riskbrief: this file is not an unaltered brief from this database");
            ExitCode::from(9)
        }
    })
}

fn export(store: Store, company: Option<String>, output: &Path, sign: Option<PathBuf>, force: bool) -> Result<()> {
    let key = sign
        .map(|p| read_input(&p, Input::Key).and_then(|b| Ok(bundle::signing_key(&String::from_utf8_lossy(&b))?)))
        .transpose()?;
    let manifest = if is_stdio(output) {
        let mut o = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
        let shown = Path::new("standard output");
        let m = exchange::export_bundle(&store, company.as_deref(), key.as_ref(), &mut o, shown)?;
        o.flush().map_err(|e| riskbrief::edge::io_error(shown, e))?;
        m
    } else {
        riskbrief::edge::export_bundle(&store, company.as_deref(), key.as_ref(), output, force)?
    };
    let signed = manifest.signature.as_ref().map(|s| format!(", signed by {}", s.public_key)).unwrap_or_default();
    let report = format!("{}: {} records{signed}", output.display(), manifest.record_count);
    if is_stdio(output) {
        eprintln!("riskbrief: {report}");
    } else {
        outln!("{report}");
    }
    Ok(())
}

fn import(mut store: Store, file: &Path, dry_run: bool, allow_unsigned: bool, json: bool) -> Result<()> {
    // A file is read as a stream, once; standard input is read whole (up to the cap) first.
    let mut input: Box<dyn ReadSeek> = if is_stdio(file) {
        Box::new(std::io::Cursor::new(read_input(file, Input::Bundle)?))
    } else {
        Box::new(riskbrief::edge::open_input(file, Input::Bundle)?.0)
    };
    let mode = if dry_run { ImportMode::DryRun } else { ImportMode::Apply };
    let unsigned = if allow_unsigned { Unsigned::Allow } else { Unsigned::RefuseWhenKeysTrusted };
    let bar = indicatif::ProgressBar::new(0)
        .with_style(indicatif::ProgressStyle::with_template("{msg:8} {bar:40} {percent:>3}%").expect("valid template"));
    if !std::io::stderr().is_terminal() {
        bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    let plan = exchange::import_bundle(&mut store, &file.display().to_string(), &mut input, unsigned, mode, &mut |p| {
        // A step with nothing to do is done.
        bar.set_length(p.total.max(1));
        bar.set_position(if p.total == 0 { 1 } else { p.done });
        bar.set_message(p.phase.code());
    });
    bar.finish_and_clear();
    let plan = plan?;
    if json {
        print_json(&plan)?;
    } else {
        out!("{}", text::import_plan(&plan));
        let backlog = store.search_backlog()?;
        if plan.applied && backlog > 0 {
            outln!(
                "Search: {backlog} records wait to be indexed; the next search indexes them first \
                 (`riskbrief index` does it now)."
            );
        }
    }
    Ok(())
}

/// Indexes the search backlog (what a bundle import left to index), with a bar on a terminal.
fn catch_up_search(store: &Store) -> Result<u64> {
    let bar = indicatif::ProgressBar::new(0)
        .with_style(indicatif::ProgressStyle::with_template("{msg:8} {bar:40} {percent:>3}%").expect("valid template"))
        .with_message("indexing");
    if !std::io::stderr().is_terminal() {
        bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    let n = store.catch_up_search(&mut |done, total| {
        bar.set_length(total.max(1));
        bar.set_position(done);
    });
    bar.finish_and_clear();
    Ok(n?)
}

fn keys(db: Option<PathBuf>, action: KeysCommand, json: bool) -> Result<()> {
    match action {
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
            let text = String::from_utf8_lossy(&read_input(&file, Input::Key)?).into_owned();
            let name =
                name.unwrap_or_else(|| file.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default());
            let key = exchange::trust_key(&mut open(db)?, &file.display().to_string(), &text, name)?;
            outln!("trusted {}: {}", key.name, key.public_key);
        }
        KeysCommand::List => {
            let keys = open(db)?.trusted_keys()?;
            if json {
                print_json(&keys)?;
            } else if keys.is_empty() {
                outln!(
                    "No trusted keys: unsigned bundles are accepted, signed ones refused until their key is trusted."
                );
            } else {
                for k in keys {
                    outln!("{}  {}  (since {})", k.public_key, k.name, k.added_at);
                }
            }
        }
    }
    Ok(())
}

fn restore(mut store: Store, file: &Path, yes: bool) -> Result<()> {
    if !yes {
        bail!("restore replaces everything in the database with {}; run again with --yes", file.display());
    }
    let kept = store.path().map(|p| riskbrief::edge::restore_keep_path(&p));
    store.restore_from(file, kept.as_deref())?;
    outln!("restored from {} ({} companies)", file.display(), store.company_summaries()?.len());
    if let Some(k) = kept {
        outln!("the previous contents are kept in {}", k.display());
    }
    Ok(())
}

fn history(store: Store, company: &str, json: bool) -> Result<()> {
    let c = store.find_company(company)?;
    let entries = store.history(c.id)?;
    if json {
        print_json(&entries)?;
    } else {
        out!("{}", text::history(&c, &entries));
    }
    Ok(())
}

pub(crate) fn print_json<T: serde::Serialize>(v: &T) -> Result<()> {
    // Standard output is line-buffered: unbuffered, pretty JSON would be one write per line.
    let mut o = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
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

/// Writes a file whole or not at all; an existing one is refused unless `force`.
/// `-` is standard output, as Unix tools have it.
fn write_new(path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    if is_stdio(path) {
        let mut o = std::io::stdout().lock();
        o.write_all(bytes)?;
        return Ok(o.flush()?);
    }
    Ok(riskbrief::edge::write_file(path, bytes, force)?)
}

/// `-` for a file: standard input or output.
pub(crate) fn is_stdio(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// True when `file` is a PDF brief of `company` recorded in the brief history, unaltered.
fn recorded_brief(store: &Store, file: &Path, company: uuid::Uuid) -> Result<bool> {
    if !file.is_file() {
        return Ok(false);
    }
    let bytes = read_input(file, Input::Pdf)?;
    Ok(store.brief_by_pdf_hash(&app::sha256_hex(&bytes))?.is_some_and(|(r, _)| r.company_id == Some(company)))
}

/// The vocabulary: JSON as the app receives it, or one line per choice (`group  code  label`).
fn vocabulary(json: bool) -> Result<()> {
    let v = app::vocabulary();
    if json {
        return print_json(&v);
    }
    let value = serde_json::to_value(&v)?;
    for (group, choices) in value.as_object().into_iter().flatten() {
        for c in choices.as_array().into_iter().flatten() {
            outln!("{group:<22} {:<24} {}", c["code"].as_str().unwrap_or(""), c["label"].as_str().unwrap_or(""));
        }
    }
    Ok(())
}

/// A file that can be read again from the start.
trait ReadSeek: std::io::Read + std::io::Seek + Send {}
impl<T: std::io::Read + std::io::Seek + Send> ReadSeek for T {}

/// Reads an input file (regular files only, size-capped; a missing one exits 3).
/// `-` is standard input, read up to the same cap.
pub(crate) fn read_input(path: &Path, kind: riskbrief::edge::Input) -> Result<Vec<u8>> {
    if is_stdio(path) {
        use std::io::Read;
        let mut bytes = Vec::new();
        std::io::stdin().lock().take(kind.max_bytes() + 1).read_to_end(&mut bytes)?;
        if bytes.len() as u64 > kind.max_bytes() {
            bail!("standard input: more than the {} MB RiskBrief reads", kind.max_bytes() >> 20);
        }
        return Ok(bytes);
    }
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
