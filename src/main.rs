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
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// The portfolio: every company with its band and score.
    List {
        /// Date to assess as of (YYYY-MM-DD; default today).
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
    },
    /// Everything about one company: profile, allegations, lists, restrictions, cloud, score.
    Show {
        /// Slug (e.g. deepseek), id, or name.
        company: String,
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
    },
    /// The audit trail of a company: every change to it and its records, newest first.
    History {
        company: String,
    },
    /// Full-text search across companies, aliases, allegations and sources.
    Search {
        /// Words to find (all must appear; any script).
        #[arg(required = true)]
        text: Vec<String>,
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// Render PDF risk briefs: one company, every company (--all), or the portfolio.
    Brief {
        /// Slug, id or name of the company (omit with --all or --portfolio).
        #[arg(required_unless_present_any = ["all", "portfolio"], conflicts_with_all = ["all", "portfolio"])]
        company: Option<String>,
        /// Output file (a folder with --all). Default: <slug>-<as-of>.pdf in the current folder.
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
    /// Create the database (filled with the bundled sample unless --empty).
    Init {
        #[arg(long)]
        empty: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("riskbrief: {e:#}");
            ExitCode::from(exit_code(&e))
        }
    }
}

fn exit_code(e: &anyhow::Error) -> u8 {
    match e.downcast_ref::<Error>().map(|e| e.code()) {
        Some(ErrorCode::NotFound) => 3,
        Some(ErrorCode::Validation) => 4,
        Some(ErrorCode::Conflict) => 5,
        _ => 1,
    }
}
