//! Workloads for the crash-safety harness (`scripts/crash_harness.py`), which kills them, or the
//! CLI working on what they make, at random moments.
//!
//!   crash_workload bundle N OUT.json   a bundle of N synthetic companies, each with a source,
//!                                      an allegation citing it and a cloud offering
//!   crash_workload list N OUT.csv      an OFAC-format sdn.csv of N synthetic entries
//!   crash_workload burst DB            edits through the core until killed: each transaction
//!                                      saves a new source and the allegation citing it;
//!                                      prints the number committed after each commit

use clap::{Parser, Subcommand};
use riskbrief::model::*;
use riskbrief::{bundle, Store};
use std::io::Write;
use std::path::PathBuf;
use uuid::Uuid;

#[derive(Parser)]
struct Args {
    #[command(subcommand)]
    what: What,
}

#[derive(Subcommand)]
enum What {
    Bundle { n: usize, out: PathBuf },
    List { n: usize, out: PathBuf },
    Burst { db: PathBuf },
}

const STAMP: &str = "2026-01-01T00:00:00Z";

fn source(title: String) -> Source {
    Source {
        id: Uuid::now_v7(),
        publisher: "Crash harness".into(),
        title,
        url: None,
        published: None,
        kind: SourceKind::NewsReport,
        reliability: Reliability::C,
        note: None,
        updated_at: STAMP.parse().expect("a time"),
    }
}

fn allegation(company_id: Uuid, source_id: Uuid, n: usize) -> Allegation {
    Allegation {
        id: Uuid::now_v7(),
        company_id,
        category: AllegationCategory::Other,
        summary: format!("Synthetic allegation {n}"),
        detail: None,
        attribution: None,
        status: AllegationStatus::Alleged,
        first_reported: None,
        citations: vec![Citation { source_id, credibility: Credibility::C3 }],
        responses: vec![],
        updated_at: STAMP.parse().expect("a time"),
    }
}

fn company(n: usize) -> Company {
    Company {
        id: Uuid::now_v7(),
        slug: format!("synthetic-{n}"),
        legal_name: format!("Synthetic Vendor {n} Ltd"),
        native_name: None,
        aliases: vec![],
        country: "CN".into(),
        headquarters: None,
        owner: None,
        sector: None,
        website: None,
        description: None,
        products: vec![],
        source_ids: vec![],
        updated_at: STAMP.parse().expect("a time"),
    }
}

fn main() -> anyhow::Result<()> {
    match Args::parse().what {
        What::Bundle { n, out } => {
            let mut d = Dataset::default();
            for i in 0..n {
                let (c, s) = (company(i), source(format!("Synthetic report {i}")));
                d.allegations.push(allegation(c.id, s.id, i));
                d.cloud_offerings.push(CloudOffering {
                    id: Uuid::now_v7(),
                    company_id: c.id,
                    product: format!("Model {i}"),
                    platform: "Amazon".into(),
                    service: "Amazon Bedrock".into(),
                    offering_type: OfferingType::ManagedApi,
                    data_path: DataPath::ProviderRegion,
                    regions: vec![],
                    available_since: None,
                    last_verified: None,
                    source_id: Some(s.id),
                    note: None,
                    updated_at: STAMP.parse().expect("a time"),
                });
                d.sources.push(s);
                d.companies.push(c);
            }
            let b = bundle::create(d, vec![], "2026-01-02T00:00:00Z".into(), "crash harness".into(), None);
            riskbrief::edge::write_file(&out, serde_json::to_string(&b)?.as_bytes(), true)?;
        }
        What::List { n, out } => {
            let mut csv = String::new();
            for i in 0..n {
                csv.push_str(&format!(
                    "{},\"SYNTHETIC TRADING {i} CO., LTD.\",-0- ,\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"Listed 2026-01-0{}.\"\r\n",
                    100_000 + i,
                    1 + i % 9
                ));
            }
            riskbrief::edge::write_file(&out, csv.as_bytes(), true)?;
        }
        What::Burst { db } => {
            let mut store = Store::open(&db)?;
            let c = company(0);
            let c = Company { slug: format!("burst-{}", &c.id.simple().to_string()[20..]), ..c };
            store.save_company(&c)?;
            let mut out = std::io::stdout().lock();
            for n in 1.. {
                let s = source(format!("Burst report {n}"));
                store.save_allegation_with_source(&allegation(c.id, s.id, n), &s)?;
                writeln!(out, "{n}")?;
                out.flush()?;
            }
        }
    }
    Ok(())
}
