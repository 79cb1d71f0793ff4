//! Ownership benchmark (issue #15, `scripts/bench-ownership.sh`): effective ownership of every
//! company of a large graph, with the OFAC 50 % rule applied to each, against a baseline
//! measured in the same run.
//!
//!   ownership_bench [--companies N] [--relations M] [--seed S]
//!
//! The graph: N companies in corporate groups of 2–20, each company but a group's head held by
//! one or two earlier companies of its group (a majority parent, sometimes a minority co-owner,
//! shares summing to at most 100 %), the rest of the M relations persons' holdings (a share or
//! undisclosed), founders and controllers; one company in a hundred is on the SDN list.
//! Baseline: indexing the relations by the company they point to (one pass, a hash map of
//! vectors), which any reading of the graph must do. Measured: `ownership::Owners` for every
//! company (effective shares through chains, cycles, unaccounted share) and the OFAC rule for
//! each. Prints one JSON line: the counts, the median of 5 runs of each in milliseconds, and
//! the ratio.

use chrono::NaiveDate;
use clap::Parser;
use riskbrief::model::*;
use riskbrief::ownership;
use std::collections::HashMap;
use std::time::Instant;
use uuid::Uuid;

#[derive(Parser)]
struct Args {
    /// How many companies.
    #[arg(long, default_value_t = 100_000)]
    companies: usize,
    /// How many relations in all.
    #[arg(long, default_value_t = 300_000)]
    relations: usize,
    /// Seed of the generator.
    #[arg(long, default_value_t = 15)]
    seed: u64,
}

/// splitmix64, as in `synth_portfolio`.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn id(&mut self) -> Uuid {
        uuid::Builder::from_random_bytes(
            [self.next().to_le_bytes(), self.next().to_le_bytes()].concat().try_into().unwrap(),
        )
        .into_uuid()
    }
}

fn relation(rng: &mut Rng, from: Party, to: Uuid, kind: RelationKind, share: Option<f64>) -> Relation {
    let stamp = Timestamp::from_utc(chrono::DateTime::from_timestamp(1_764_547_200, 0).expect("a time"));
    Relation {
        id: rng.id(),
        from,
        to,
        kind,
        share,
        since: None,
        until: None,
        citations: vec![Citation { source_id: Uuid::nil(), credibility: Credibility::C2 }],
        note: None,
        updated_at: stamp,
    }
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

fn main() {
    let args = Args::parse();
    let mut rng = Rng(args.seed);
    let companies: Vec<Uuid> = (0..args.companies).map(|_| rng.id()).collect();
    let mut relations = Vec::with_capacity(args.relations);
    let mut held: HashMap<Uuid, f64> = HashMap::new();
    let mut start = 0;
    while start < companies.len() {
        let size = (2 + rng.below(19)).min(companies.len() - start);
        for i in 1..size {
            let c = companies[start + i];
            let parent = companies[start + rng.below(i)];
            let share = 51.0 + rng.below(50) as f64;
            relations.push(relation(&mut rng, Party::Company(parent), c, RelationKind::OwnsShares, Some(share)));
            *held.entry(c).or_default() += share;
            if i > 1 && rng.below(3) == 0 {
                let other = companies[start + rng.below(i)];
                if other != parent {
                    let s = (100.0 - share).min(1.0 + rng.below(30) as f64);
                    relations.push(relation(&mut rng, Party::Company(other), c, RelationKind::OwnsShares, Some(s)));
                    *held.entry(c).or_default() += s;
                }
            }
        }
        start += size;
    }
    let kinds = [RelationKind::OwnsShares, RelationKind::Founded, RelationKind::Controls, RelationKind::Directs];
    while relations.len() < args.relations {
        let c = companies[rng.below(companies.len())];
        let kind = kinds[rng.below(kinds.len())];
        let room = 100.0 - held.get(&c).copied().unwrap_or(0.0);
        let share = match kind {
            RelationKind::OwnsShares if room >= 1.0 && rng.below(2) == 0 => Some(1.0 + rng.below(room as usize) as f64),
            _ => None,
        };
        if let Some(s) = share {
            *held.entry(c).or_default() += s;
        }
        let person = Party::Person(rng.id());
        relations.push(relation(&mut rng, person, c, kind, share));
    }
    let listed: std::collections::HashSet<Party> =
        companies.iter().filter(|_| rng.below(100) == 0).map(|c| Party::Company(*c)).collect();
    let as_of = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let regime = riskbrief::dataset::ownership_regimes().iter().find(|r| r.id == "ofac_50").unwrap();
    let lists = |p: Party| if listed.contains(&p) { vec![OfficialList::OfacSdn] } else { vec![] };
    let name = |p: Party| p.id().to_string();

    let (mut base, mut all) = (vec![], vec![]);
    let (mut holdings, mut blocked) = (0usize, 0usize);
    for _ in 0..5 {
        let t = Instant::now();
        let mut index: HashMap<Uuid, Vec<&Relation>> = HashMap::new();
        for r in &relations {
            index.entry(r.to).or_default().push(r);
        }
        std::hint::black_box(&index);
        base.push(t.elapsed().as_secs_f64() * 1000.0);

        let t = Instant::now();
        let graph = ownership::Graph::new(&relations, as_of);
        (holdings, blocked) = (0, 0);
        for c in &companies {
            let o = graph.owners(*c);
            holdings += o.holdings.len();
            if o.holdings.iter().any(|h| listed.contains(&h.party)) {
                let f = ownership::apply(regime, &graph, &o, *c, &lists, &name);
                blocked += f.applies as usize;
            }
        }
        all.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let (b, a) = (median(base), median(all));
    println!(
        "{{\"companies\": {}, \"relations\": {}, \"holdings\": {holdings}, \"blocked\": {blocked}, \"baseline_ms\": {b:.1}, \"all_owners_ms\": {a:.1}, \"ratio\": {:.1}}}",
        companies.len(),
        relations.len(),
        a / b
    );
}
