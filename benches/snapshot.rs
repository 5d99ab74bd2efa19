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

/// A snapshot of 1,000 channels with what a live one carries: a window of 60 latencies,
/// p95, failure counts, a forecast.
fn live_like(n: usize) -> switchboard::snapshot::Snapshot {
    use switchboard::domain::Num;
    let body: Vec<String> = (0..n)
        .map(|i| format!(r#""ch{i}":{{"Availability":99.5,"Mean":{}.47}}"#, i % 300))
        .collect();
    let file = format!(r#"{{"Channels":{{{}}}}}"#, body.join(","));
    let mut snap = MetricsFile::parse("f", file.as_bytes())
        .expect("parses")
        .snapshot(&Policy::default(), "f");
    for (i, c) in snap.channels.iter_mut().enumerate() {
        let d = &mut c.details;
        d.observed = true;
        d.p95_latency_ms = Some(Num::float(1.0 + i as f64 * 0.013));
        d.recent_latency_ms = (0..60).map(|k| Some(0.8 + k as f64 * 0.011)).collect();
        d.recent_at_ms = (0..60).map(|k| 1_764_000_000_000 + k * 5_000).collect();
        d.forecast = Some(switchboard::snapshot::Forecast {
            latency_ms: Some(0.9 + i as f64 * 0.001),
            anomaly: false,
            verdict: None,
            predicted: None,
        });
    }
    snap
}

/// What `--serve` renders for a scrape of 1,000 channels (once per snapshot).
fn serve(c: &mut Criterion) {
    let snap = live_like(1_000);
    c.bench_function("/metrics exposition, 1,000 channels", |b| {
        b.iter(|| switchboard::report::prometheus::exposition(black_box(&snap)))
    });
    c.bench_function("/context json, 1,000 channels", |b| {
        b.iter(|| json::to_string(black_box(&snap)))
    });
}

criterion_group!(benches, bench, serve);
criterion_main!(benches);
