//! Parse + decide on the largest real metrics file (74 KB), and the text/JSON renderings.
//! Reads `../shared/fixtures/metrics/`; falls back to the embedded example without it.
//! Also 10k and 100k generated channels: parsing must stay linear. Quadratic name
//! lookups once took 24 s for 80k channels; the bar is 100k ≤ 1 s.

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use switchboard::domain::Policy;
use switchboard::report::{json, style::Painter, text};
use switchboard::source::metrics_file::MetricsFile;

fn largest_fixture() -> (String, Vec<u8>) {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/fixtures/metrics");
    let mut best: Option<(String, Vec<u8>)> = None;
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            if let Ok(bytes) = std::fs::read(e.path()) {
                if best.as_ref().is_none_or(|(_, b)| bytes.len() > b.len()) {
                    best = Some((e.path().display().to_string(), bytes));
                }
            }
        }
    }
    best.unwrap_or_else(|| {
        eprintln!("../shared absent: benchmarking the embedded example instead");
        (
            "example".into(),
            switchboard::app::EXAMPLE_METRICS.as_bytes().to_vec(),
        )
    })
}

fn bench(c: &mut Criterion) {
    let (name, bytes) = largest_fixture();
    let policy = Policy::default();
    eprintln!("fixture: {name} ({} bytes)", bytes.len());
    c.bench_function("parse+decide largest fixture", |b| {
        b.iter(|| {
            let f = MetricsFile::parse("f", black_box(&bytes)).expect("fixture parses");
            black_box(f.snapshot(&policy, "f"))
        })
    });
    let snap = MetricsFile::parse("f", &bytes)
        .expect("fixture parses")
        .snapshot(&policy, "f");
    c.bench_function("render json", |b| {
        b.iter(|| json::to_string(black_box(&snap)))
    });
    c.bench_function("render text", |b| {
        b.iter(|| text::render(black_box(&snap), Painter { color: false }))
    });
    let mut group = c.benchmark_group("parse+decide generated");
    group.sample_size(10);
    for n in [10_000, 100_000] {
        let body: Vec<String> = (0..n)
            .map(|i| format!(r#""ch{i}":{{"Availability":99.5,"Mean":{}}}"#, i % 300))
            .collect();
        let file = format!(r#"{{"Channels":{{{}}}}}"#, body.join(","));
        group.bench_function(format!("{n} channels"), |b| {
            b.iter(|| {
                let f = MetricsFile::parse("f", black_box(file.as_bytes())).expect("parses");
                black_box(f.snapshot(&policy, "f"))
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
