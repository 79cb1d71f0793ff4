//! The exposure benchmark's two halves (`scripts/bench-exposure.sh`, issue #13).
//!
//!   exposure_bench register --rows N -o FILE.xlsx
//!       writes a register workbook of N deployments as procurement keeps them: a title row, a
//!       header with the usual names, vendors spelt as people spell them (the bundled companies'
//!       short and legal names, a typo in one row in ten, vendors not in the database in one
//!       row in five), routes, data classes, statuses, user counts and renewal dates as dates.
//!   exposure_bench verdicts --db FILE [--runs R]
//!       judges every deployment of the database's register R times (default 30) and prints one
//!       JSON line: the median milliseconds of reading the register from SQLite (the baseline),
//!       of judging it (`exposure::register`, vendors' data and assessments already loaded),
//!       and their ratio.
//!   exposure_bench scenario --db FILE --name NAME [--runs R]
//!       runs the scenario (`app::scenario::run`: it loads the companies the scenario touches and
//!       their deployments, assesses them before and after, judges the deployments) R times and
//!       prints one JSON line: the median milliseconds of the run and of reading the register from
//!       SQLite (the baseline), the deployments in the register and those the run judged.

use clap::{Parser, Subcommand};
use riskbrief::exposure;
use riskbrief::risk::assess;
use riskbrief::Store;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Instant;

#[derive(Parser)]
struct Args {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Write a register workbook.
    Register {
        #[arg(long)]
        rows: usize,
        #[arg(short)]
        o: PathBuf,
    },
    /// Time the verdicts of a database's register.
    Verdicts {
        #[arg(long)]
        db: PathBuf,
        #[arg(long, default_value_t = 30)]
        runs: usize,
    },
    /// Time a scenario run.
    Scenario {
        #[arg(long)]
        db: PathBuf,
        #[arg(long)]
        name: String,
        #[arg(long, default_value_t = 15)]
        runs: usize,
    },
}

const VENDORS: &[&str] = &[
    "DeepSeek",
    "Hangzhou DeepSeek Artificial Intelligence Basic Technology Research Co., Ltd.",
    "深度求索",
    "Hikvision",
    "Dahua Technology",
    "Huawei Technologies",
    "ZTE Corp",
    "Kaspersky Lab",
    "Hytera",
    "SenseTime",
    "China Mobile",
];
const TYPOS: &[&str] = &["Hikvison", "Huawie Technologies", "Deepseak", "Kasperksy Lab"];
const UNKNOWN: &[&str] = &["Atlassian", "Slack Technologies", "Acme Payroll", "Northwind Traders", "Contoso Ltd"];
const ROUTES: &[&str] = &["SaaS", "Amazon Bedrock", "self-hosted", "on-prem hardware", "Other", "Vendor API"];
const DATA: &[&str] = &["Public", "Internal", "Confidential", "PII", "Regulated"];
const STATUS: &[&str] = &["Live", "Pilot", "Planned", "Retired"];
const OWNERS: &[&str] = &["Finance", "Facilities", "Engineering", "Customer Service", "Legal", "HR", "IT Networks"];

fn register(rows: usize, out: &std::path::Path) -> Result<(), Box<dyn std::error::Error>> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    ws.write_string(0, 0, "Acme Corp — software and hardware register")?;
    let header = [
        "Use case",
        "Supplier",
        "Application",
        "Department",
        "Hosting",
        "Cloud provider",
        "Data classification",
        "Lifecycle",
        "Users",
        "Renewal date",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(2, c as u16, *h)?;
    }
    // A small linear congruential generator: the same rows every run, no dependency.
    let mut x: u64 = 12;
    let mut next = |n: usize| {
        x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((x >> 33) as usize) % n
    };
    for i in 0..rows {
        let r = 3 + i as u32;
        let vendor = match next(10) {
            0 => TYPOS[next(TYPOS.len())],
            1 | 2 => UNKNOWN[next(UNKNOWN.len())],
            _ => VENDORS[next(VENDORS.len())],
        };
        let route = ROUTES[next(ROUTES.len())];
        ws.write_string(r, 0, format!("System {i}"))?;
        ws.write_string(r, 1, vendor)?;
        ws.write_string(r, 2, format!("Product {}", next(50)))?;
        ws.write_string(r, 3, OWNERS[next(OWNERS.len())])?;
        ws.write_string(r, 4, route)?;
        if route == "Amazon Bedrock" {
            ws.write_string(r, 5, "Amazon")?;
        }
        ws.write_string(r, 6, DATA[next(DATA.len())])?;
        ws.write_string(r, 7, STATUS[next(STATUS.len())])?;
        ws.write_number(r, 8, (1 + next(500)) as f64)?;
        let d = ExcelDateTime::from_ymd(2027, 1 + next(12) as u8, 1 + next(28) as u8)?;
        ws.write_datetime_with_format(r, 9, &d, &date)?;
    }
    book.save(out)?;
    Ok(())
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn verdicts(db: &std::path::Path, runs: usize) -> Result<(), Box<dyn std::error::Error>> {
    let store = Store::open(db)?;
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 12, 2).expect("date");
    let all = store.deployments()?;
    let mut vendors = HashMap::new();
    for c in all.iter().filter_map(|d| d.company_id) {
        if let std::collections::hash_map::Entry::Vacant(e) = vendors.entry(c) {
            let data = store.company_data(c)?;
            let a = assess(&data, as_of);
            e.insert((data, a));
        }
    }
    let (mut read, mut judge) = (vec![], vec![]);
    let mut judged = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let rows = store.deployments()?;
        read.push(t.elapsed().as_secs_f64() * 1000.0);
        let t = Instant::now();
        let reg = exposure::register(rows, &vendors, as_of);
        judge.push(t.elapsed().as_secs_f64() * 1000.0);
        judged = reg.rows.len();
    }
    let (r, j) = (median(read), median(judge));
    println!(
        "{{\"deployments\": {judged}, \"read_ms\": {r:.2}, \"verdicts_ms\": {j:.2}, \"verdicts_over_read\": {:.2}}}",
        j / r
    );
    Ok(())
}

fn scenario(db: &std::path::Path, name: &str, runs: usize) -> Result<(), Box<dyn std::error::Error>> {
    let store = Store::open(db)?;
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 12, 2).expect("date");
    let s = riskbrief::app::scenario::find(&store, name)?;
    let (mut read, mut run) = (vec![], vec![]);
    let (mut total, mut judged) = (0, 0);
    for _ in 0..runs {
        let t = Instant::now();
        total = store.deployments()?.len();
        read.push(t.elapsed().as_secs_f64() * 1000.0);
        let t = Instant::now();
        let r = riskbrief::app::scenario::run(&store, &s, as_of)?;
        run.push(t.elapsed().as_secs_f64() * 1000.0);
        judged = r.deployments.len();
    }
    let companies = store.company_count()?;
    let (r, x) = (median(read), median(run));
    println!(
        "{{\"companies\": {companies}, \"deployments\": {total}, \"changed\": {judged}, \"read_ms\": {r:.2}, \"scenario_ms\": {x:.2}, \"scenario_over_read\": {:.2}}}",
        x / r
    );
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    match Args::parse().command {
        Cmd::Register { rows, o } => register(rows, &o),
        Cmd::Verdicts { db, runs } => verdicts(&db, runs),
        Cmd::Scenario { db, name, runs } => scenario(&db, &name, runs),
    }
}
