//! Cost of the per-channel forecaster and anomaly detector: one tick of one channel,
//! measured over a labelled synthetic trace (`benches/synthetic/mod.rs`) so that the
//! incident paths are exercised too. The bar is 1 µs per channel per tick.

#[allow(dead_code)]
mod synthetic;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use switchboard::domain::anomaly::Detector;

fn bench(c: &mut Criterion) {
    let trace = synthetic::labelled(7, 4);
    let mut g = c.benchmark_group("anomaly");
    g.throughput(Throughput::Elements(trace.latency_ms.len() as u64));
    g.bench_function("detector_per_tick_x2880", |b| {
        b.iter(|| {
            let mut d = Detector::default();
            let mut alarms = 0u32;
            for &x in &trace.latency_ms {
                alarms += u32::from(d.observe(black_box(x)).is_some_and(|v| v.anomaly));
            }
            black_box(alarms)
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
