//! Build + render of the DeepSeek brief, fonts already loaded (target: under 20 ms).
//! Run with `scripts/bench.sh`, which also times headless Chromium on the same brief's HTML.

use criterion::{criterion_group, criterion_main, Criterion};
use riskbrief::brief::{self, fonts::FontSet, BriefOptions};
use riskbrief::{dataset, risk, Store};
use std::hint::black_box;

fn system_cjk() -> Option<(&'static [u8], u32, String)> {
    brief::fonts::SYSTEM_CJK_CANDIDATES.iter().find_map(|(p, i)| {
        let bytes = std::fs::read(p).ok()?;
        Some((&*Box::leak(bytes.into_boxed_slice()), *i, p.to_string()))
    })
}

fn bench(c: &mut Criterion) {
    let mut store = Store::open_in_memory().unwrap();
    store.import_dataset(&dataset::bundled().unwrap()).unwrap();
    let data = store.company_data(store.find_company("deepseek").unwrap().id).unwrap();
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    let options =
        BriefOptions { marking: brief::DEFAULT_MARKING.into(), generated: as_of, previous: None, exposure: vec![] };
    let fonts = FontSet::new(system_cjk()).unwrap();

    c.bench_function("deepseek brief: assess + build + render PDF", |b| {
        b.iter(|| {
            let a = risk::assess(black_box(&data), as_of);
            let br = brief::build(&data, &a, &options, as_of);
            black_box(brief::pdf::render(&br, &fonts).bytes.len())
        })
    });
    c.bench_function("deepseek brief: assess + build + render HTML", |b| {
        b.iter(|| {
            let a = risk::assess(black_box(&data), as_of);
            black_box(brief::html::render(&brief::build(&data, &a, &options, as_of)).len())
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
