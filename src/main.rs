//! The `riskbrief` command line: an edge over the core. It reads the clock and the file
//! system, the core does the rest.

mod cli;

use clap::{Parser, Subcommand};
use riskbrief::{Error, ErrorCode};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "riskbrief", version, about = "Sourced, graded risk briefs on technology vendors")]
pub struct Cli {
    /// Database file (default: the desktop app's database in the OS data directory).
    #[arg(long, global = true, env = "RISKBRIEF_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Print JSON for scripts instead of text.
    #[arg(long, global = true)]
    pub json: bool,
    /// How to report a failure on standard error: `text` (default) or `json`, one object
    /// `{code, message, field?, kind?, path?}` as the desktop app receives it.
    #[arg(long, global = true, value_enum, default_value_t = ErrorFormat::Text, value_name = "FORMAT")]
    pub errors: ErrorFormat,
    #[command(subcommand)]
    pub command: Command,
}

/// How a failure is written to standard error.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ErrorFormat {
    /// `riskbrief: MESSAGE`.
    Text,
    /// One JSON object, the desktop app's `ApiError`.
    Json,
}

#[derive(Subcommand)]
pub enum Command {
    /// The portfolio: every company with its band and score.
    List {
        /// Date to assess as of (YYYY-MM-DD; default today).
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        /// Only the N riskiest companies, and how many there are (what the app shows first).
        #[arg(long, value_name = "N")]
        head: Option<usize>,
    },
    /// Everything about one company: profile, allegations, lists, restrictions, cloud, score.
    Show {
        /// Slug (e.g. deepseek), id, or name.
        company: String,
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
    },
    /// Check a brief PDF: is the file unaltered, and has the data behind it changed since?
    /// Exit status 0: unaltered and current; 8: unaltered, data changed since; 9: altered or unknown.
    Verify { file: PathBuf },
    /// Every choice's stored code and label (bands, statuses, lists, …), as the app offers them.
    Vocabulary,
    /// The audit trail of a company: every change to it and its records, newest first.
    History { company: String },
    /// The organisation's own deployments of vendors: import a register (CSV or XLSX), list it
    /// with each deployment's verdict, reasons and controls, export it, or brief it as a PDF.
    Exposure {
        #[command(subcommand)]
        action: ExposureCommand,
    },
    /// What-if scenarios: hypothetical listings, confirmed or refuted allegations, restrictions,
    /// withdrawn cloud offerings, changed deployments — run in memory over the real data, which
    /// never changes.
    Scenario {
        #[command(subcommand)]
        action: ScenarioCommand,
    },
    /// Who owns and controls a company: the relations into it with their sources, effective
    /// shares through chains, each 50 % rule applied with its proof path, the unaccounted share.
    Owners {
        /// Slug, id or name.
        company: String,
        /// Date to assess as of (YYYY-MM-DD; default today).
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
    },
    /// Everything a company or person owns or controls, directly or through others.
    OwnedBy {
        /// A company (slug, id or name) or a person (id or name).
        party: String,
        /// Date to assess as of (YYYY-MM-DD; default today).
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
    },
    /// What changed for the portfolio and awaits a decision: new possible matches, matched
    /// entries taken off their lists, replaced snapshots, changed bands and verdicts. Checks bands
    /// and verdicts first, so it shows what changed since the last check.
    Inbox {
        #[command(subcommand)]
        action: Option<InboxCommand>,
        /// Show acknowledged events too.
        #[arg(long)]
        all: bool,
    },
    /// Record ownership and control: persons and relations, saved from JSON, or deleted.
    Relation {
        #[command(subcommand)]
        action: RelationCommand,
    },
    /// A company's timeline: every dated fact (allegations, responses, listings, measures, cloud
    /// offerings, screenings, briefs, changes), oldest first; partial dates stay partial.
    Timeline {
        /// Slug, id or name (omit with --all).
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        company: Option<String>,
        /// The portfolio timeline: every company's listings, delistings and government measures.
        #[arg(long)]
        all: bool,
    },
    /// Full-text search across companies, aliases, allegations and sources. Records a bundle
    /// import left to index are indexed first (see `index`).
    #[command(disable_help_flag = true)]
    Search {
        /// Words to find (all must appear; any script). For a word that begins with "-", put
        /// `--` before the words: `riskbrief search -- -huawei`.
        #[arg(required = true)]
        text: Vec<String>,
        /// Print help (`-h` is not taken, so that `-huawei` is never read as a request for help).
        #[arg(long, action = clap::ArgAction::Help)]
        help: Option<bool>,
        /// At most this many hits (1–1000).
        #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u16).range(1..=1000))]
        limit: u16,
    },
    /// Bring the search index up to date: index the records a bundle import merged (an import
    /// commits them before they are indexed, so that they are usable at once), in transactions
    /// of 10,000 records. `search` does this first by itself; run it after a large import to
    /// have the index ready before the first search.
    Index,
    /// Render PDF risk briefs: one company, every company (--all), or the portfolio.
    Brief {
        /// Slug, id or name of the company (omit with --all or --portfolio).
        #[arg(required_unless_present_any = ["all", "portfolio"], conflicts_with_all = ["all", "portfolio"])]
        company: Option<String>,
        /// Output file (a folder with --all; "-" for standard output). Default: <slug>-<as-of>.pdf in the current folder.
        #[arg(short, long, value_name = "PATH")]
        output: Option<PathBuf>,
        /// One brief per company, into the folder given by -o.
        #[arg(long, requires = "output", conflicts_with = "portfolio")]
        all: bool,
        /// One document summarising every company.
        #[arg(long)]
        portfolio: bool,
        /// Handling marking on every page.
        #[arg(long, value_name = "TEXT", default_value = riskbrief::brief::DEFAULT_MARKING)]
        marking: String,
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        /// Overwrite existing files.
        #[arg(long)]
        force: bool,
        /// Write the HTML rendering instead of PDF.
        #[arg(long)]
        html: bool,
    },
    /// Write a dataset bundle (JSON with a manifest and SHA-256; signed with --sign).
    Export {
        /// Only this company (and the sources it cites).
        #[arg(long)]
        company: Option<String>,
        /// The bundle file ("-" for standard output).
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
        /// Sign with this private key (from `riskbrief keys generate`).
        #[arg(long, value_name = "KEYFILE")]
        sign: Option<PathBuf>,
        #[arg(long)]
        force: bool,
    },
    /// Merge a dataset bundle by stable ids (newer updated_at wins; conflicts reported, not applied).
    Import {
        file: PathBuf,
        /// Show exactly what would change, and change nothing.
        #[arg(long)]
        dry_run: bool,
        /// Accept an unsigned bundle even though trusted keys are configured.
        #[arg(long)]
        allow_unsigned: bool,
    },
    /// Signing keys for bundles.
    Keys {
        #[command(subcommand)]
        action: KeysCommand,
    },
    /// Copy the database to FILE (SQLite online backup: safe while the app is open).
    Backup { file: PathBuf },
    /// Replace the database's contents with a backup made by `riskbrief backup`.
    Restore {
        file: PathBuf,
        /// Required: the current contents are replaced.
        #[arg(long)]
        yes: bool,
    },
    /// Check the database file: every page and index, and every reference between records.
    Check,
    /// Official lists: the imported snapshots (with no subcommand), or import a list file set.
    Lists {
        #[command(subcommand)]
        action: Option<ListsCommand>,
    },
    /// Screen companies (one, or --all), or a supplier file (--names), against the current list snapshots.
    Screen {
        /// Company slug, id or name.
        #[arg(required_unless_present_any = ["all", "names"], conflicts_with_all = ["all", "names"])]
        company: Option<String>,
        #[arg(long, conflicts_with = "names")]
        all: bool,
        /// A CSV with a name (company, supplier, vendor) column, or one name per line. Nothing is stored.
        #[arg(long, value_name = "FILE")]
        names: Option<PathBuf>,
        /// Report hits with a score (0–100) at or above this.
        #[arg(long, default_value_t = riskbrief::matching::DEFAULT_THRESHOLD, value_parser = clap::value_parser!(u8).range(0..=100))]
        threshold: u8,
        /// With --names: also write the hits as CSV to FILE ("-" for standard output).
        #[arg(long, value_name = "FILE", requires = "names")]
        csv: Option<PathBuf>,
    },
    /// Screening hits and their review: list them, or confirm or dismiss one.
    Hits {
        #[command(subcommand)]
        action: Option<HitsCommand>,
        #[arg(long)]
        company: Option<String>,
        /// open, confirmed or dismissed.
        #[arg(long)]
        status: Option<String>,
    },
    /// Create the database (filled with the bundled sample unless --empty).
    Init {
        #[arg(long)]
        empty: bool,
    },
}

#[derive(Subcommand)]
pub enum InboxCommand {
    /// Acknowledge an event (its id, or the last 6+ characters of it): it leaves the inbox and is kept.
    Ack {
        event: String,
        /// What was done.
        #[arg(long)]
        note: Option<String>,
    },
    /// Assign an event to someone; it stays in the inbox until acknowledged.
    Assign {
        event: String,
        /// Who.
        #[arg(long = "to", value_name = "NAME")]
        to: String,
    },
    /// The digest PDF for executives: what changed since a date — listings that touch the
    /// portfolio, bands and verdicts that moved, lists imported, decisions taken, open items.
    Digest {
        /// The start of the period (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        since: String,
        /// The PDF to write.
        #[arg(short, long)]
        output: PathBuf,
        /// The end of the period (YYYY-MM-DD; default today).
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        /// Handling marking printed on every page.
        #[arg(long, default_value = "INTERNAL")]
        marking: String,
        /// Overwrite the file if it exists.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Subcommand)]
pub enum ListsCommand {
    /// Import a list file set as the list's new snapshot (for OFAC: sdn.csv, then alt.csv and add.csv;
    /// for OFAC's non-SDN lists: cons_prim.csv, then cons_alt.csv and cons_add.csv).
    Import {
        /// ofac, ofac_consolidated, dod_1260h, fcc_covered, ndaa_889, bis_meu, bis_dpl, un_xml, eu_fsf_xml,
        /// uk_sanctions_xml, opensanctions_csv, opensanctions_ftm, csl.
        #[arg(long)]
        format: String,
        /// The files, each read once as a stream; "-" for standard input.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The list's date, when the files carry none (default: the latest date in the file, or a date in its name).
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
    },
    /// The entries a snapshot added and removed (snapshot id, or a list key for its current snapshot).
    Changes { snapshot: String },
    /// Write every current snapshot as one compressed list pack (.rbl) for offline laptops.
    Export {
        /// The pack file to write (whole or not at all).
        #[arg(short, long, value_name = "FILE.rbl")]
        output: PathBuf,
        /// Sign it with this Ed25519 secret key (from `riskbrief keys generate`).
        #[arg(long, value_name = "KEY")]
        sign: Option<PathBuf>,
        /// Replace the file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Import a list pack: checked whole (format, hashes, signature against the trusted keys),
    /// then each newer snapshot replaces its list's current one, the portfolio re-screened.
    ImportPack {
        file: PathBuf,
        /// Say what would be imported, and change nothing.
        #[arg(long)]
        dry_run: bool,
        /// Accept an unsigned pack even when keys are trusted.
        #[arg(long)]
        allow_unsigned: bool,
    },
}

#[derive(Subcommand)]
pub enum HitsCommand {
    /// Confirm a hit: record the company as listed, citing the list snapshot.
    Confirm { hit: String },
    /// Dismiss a hit with the reason; it is not raised again for that list snapshot.
    Dismiss {
        hit: String,
        #[arg(long)]
        reason: String,
    },
}

#[derive(Subcommand)]
pub enum RelationCommand {
    /// Save a relation written as JSON (`from`: {"kind": "company"|"person", "id": …}, `to`, `kind`,
    /// `share` only when a source states it, `citations`); the nil id makes a new one.
    Save {
        /// The relation's JSON file.
        file: std::path::PathBuf,
        /// A new person's JSON file (as for `save-person`): the relation is from them, and both
        /// are saved in one transaction (neither if either is refused).
        #[arg(long, value_name = "FILE")]
        new_person: Option<std::path::PathBuf>,
    },
    /// Save a person written as JSON (`name`, `native_name`, `nationality`); the nil id makes a new one.
    SavePerson {
        /// The person's JSON file.
        file: std::path::PathBuf,
    },
    /// Delete a relation by id.
    Delete {
        /// Its id.
        id: uuid::Uuid,
    },
    /// Delete a person by id, with the relations it is on.
    DeletePerson {
        /// Its id.
        id: uuid::Uuid,
    },
    /// List every person, by name.
    Persons,
}

#[derive(Subcommand)]
pub enum ExposureCommand {
    /// Import a deployments register from a CSV or XLSX file: headers are recognised (vendor,
    /// supplier, manufacturer, product, owner, department, data, route, hosting, …), vendors
    /// resolved to companies by name. Any problem, named by row and column, imports nothing.
    Import {
        /// The spreadsheet (the first sheet of an XLSX workbook is read).
        file: PathBuf,
        /// Read a column as a field: "HEADER=FIELD" (e.g. "Supplier=vendor", "Old notes=ignore").
        /// Fields: id, name, vendor, vendor_company, product, owner, route, platform, offering,
        /// data, status, users, review_date, notes, reported_by, reported_on, ignore.
        #[arg(long = "map", value_name = "HEADER=FIELD")]
        map: Vec<String>,
        /// Show what would be imported, and the problems, without writing anything.
        #[arg(long)]
        dry_run: bool,
    },
    /// The register, each deployment with its verdict, reasons and controls.
    List {
        /// Only the deployments of this company (slug, id or name).
        #[arg(long)]
        vendor: Option<String>,
        /// Date to judge as of (YYYY-MM-DD; default today).
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
    },
    /// Write the register with verdicts, reasons and controls: .xlsx or .csv by the file's name.
    Export {
        /// The file to write (.xlsx or .csv).
        #[arg(short, long)]
        output: PathBuf,
        /// Only the deployments of this company (slug, id or name).
        #[arg(long)]
        vendor: Option<String>,
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        /// Overwrite the file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Save one deployment from a JSON file (a `Deployment`; the nil id makes a new one) and
    /// print it as saved.
    Save {
        /// The deployment, as JSON (`-` for standard input).
        file: PathBuf,
    },
    /// Delete one deployment by id.
    Delete {
        /// The deployment's id.
        id: uuid::Uuid,
    },
    /// Render the exposure brief (PDF): are we exposed, where, and what to do first.
    Brief {
        /// The PDF to write.
        #[arg(short, long)]
        output: PathBuf,
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        /// Handling marking printed on every page.
        #[arg(long, default_value = "INTERNAL")]
        marking: String,
        /// Overwrite the file if it exists.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Subcommand)]
pub enum ScenarioCommand {
    /// The saved scenarios and the built-in starting points.
    List,
    /// One scenario's changes, in words.
    Show {
        /// Its name or id.
        name: String,
    },
    /// Run a scenario: scores, bands and routes before → after, the deployments whose verdict
    /// changes, and what each hypothetical listing would legally mean.
    Run {
        /// Its name or id.
        name: String,
        /// Date to assess as of (YYYY-MM-DD; default: the scenario's, else today).
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
    },
    /// Save a new scenario (or a built-in one under a new name, with more changes).
    New {
        /// Its name.
        name: String,
        /// What it explores.
        #[arg(long)]
        description: Option<String>,
        /// Start from this scenario's changes (saved or built-in).
        #[arg(long, value_name = "SCENARIO")]
        from: Option<String>,
        /// Put a company on a list: COMPANY=LIST[@DATE] (e.g. deepseek=bis_entity_list@2027-01-15).
        #[arg(long, value_name = "COMPANY=LIST[@DATE]")]
        designate: Vec<String>,
        /// Change an allegation's status: COMPANY:A3=STATUS (its number in the brief) or ID=STATUS.
        #[arg(long, value_name = "ALLEGATION=STATUS")]
        status: Vec<String>,
        /// Withdraw cloud offerings: COMPANY:PLATFORM (every offering there) or an offering id.
        #[arg(long, value_name = "COMPANY:PLATFORM|ID")]
        withdraw: Vec<String>,
        /// Assess as of this date when run (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
    },
    /// Render the scenario brief (PDF), marked HYPOTHETICAL on every page; never recorded.
    Brief {
        /// Its name or id.
        name: String,
        /// The PDF to write.
        #[arg(short, long)]
        output: std::path::PathBuf,
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        /// Handling marking printed on every page, after "HYPOTHETICAL — scenario: NAME".
        #[arg(long, default_value = "INTERNAL")]
        marking: String,
        /// Overwrite the file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Save a scenario written as JSON (as `scenario show --json` prints it): the nil id
    /// (00000000-0000-0000-0000-000000000000) makes a new one, an existing id replaces it.
    Save {
        /// The scenario's JSON file.
        file: std::path::PathBuf,
    },
    /// Delete a saved scenario.
    Delete {
        /// Its name or id.
        name: String,
    },
}

#[derive(Subcommand)]
pub enum KeysCommand {
    /// Make a new Ed25519 key pair: NAME.key (secret, keep it) and NAME.pub (share it).
    Generate {
        #[arg(value_name = "NAME")]
        name: PathBuf,
    },
    /// Accept bundles signed by this public key.
    Trust {
        #[arg(value_name = "FILE.pub")]
        file: PathBuf,
        /// Who the key belongs to (default: the file name).
        #[arg(long)]
        name: Option<String>,
    },
    /// The trusted public keys.
    List,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let errors = cli.errors;
    match cli::run(cli) {
        Ok(code) => code,
        // A reader that stopped reading (`riskbrief lists changes … | head -1`) is not an error.
        Err(e) if broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            match errors {
                ErrorFormat::Text => eprintln!("riskbrief: {e:#}"),
                ErrorFormat::Json => eprintln!("{}", error_json(&e)),
            }
            ExitCode::from(exit_code(&e))
        }
    }
}

fn broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<serde_json::Error>().and_then(|j| j.io_error_kind())
                == Some(std::io::ErrorKind::BrokenPipe)
    })
}

/// The failure as the desktop app would receive it; an error from outside the core is internal.
fn error_json(e: &anyhow::Error) -> String {
    let api = match e.downcast_ref::<Error>() {
        Some(core) => riskbrief::app::ApiError { message: format!("{e:#}"), ..core.into() },
        None => Error::Internal(format!("{e:#}")).into(),
    };
    serde_json::to_string(&api).expect("an ApiError serialises")
}

fn exit_code(e: &anyhow::Error) -> u8 {
    match e.downcast_ref::<Error>().map(|e| e.code()) {
        Some(ErrorCode::NotFound) => 3,
        Some(ErrorCode::Validation | ErrorCode::Io) => 4,
        Some(ErrorCode::Conflict) => 5,
        _ => 1,
    }
}
