//! History: writing one tick of 1,000 channels (one transaction, WAL) — the bar is
//! ≤ 5 ms — and reading back the last hour of 10 channels, as a restarted console does.
//! The on-disk size after a week is `benches/history_size.rs`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use switchboard::domain::Health;
use switchboard::history::tick::{ChannelTick, Tick};
use switchboard::history::Store;

/// 2026-11-24T00:00:00Z.
const T0: i64 = 1_795_478_400_000;

fn tick(n: i64, channels: usize) -> Tick {
    Tick {
        at_ms: T0 + n * 5_000,
        channels: (0..channels)
            .map(|i| ChannelTick {
                channel: format!("channel-{i:04}"),
                health: Health::Good,
                availability: 99.5,
                mean_ms: Some(120.0 + (i % 50) as f64),
                p95_ms: Some(180.0),
                span_ms: 5_000,
                last_error: None,
            })
            .collect(),
        ..Tick::default()
    }
}

fn write_tick(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tmp");
    let mut store = Store::open(&dir.path().join("history.sqlite")).expect("open");
    let mut n = 0;
    c.bench_function("history: write one tick of 1,000 channels", |b| {
        b.iter(|| {
            n += 1;
            store.write(black_box(&[tick(n, 1000)])).expect("write");
        })
    });
}

fn read_hour(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tmp");
    let mut store = Store::open(&dir.path().join("history.sqlite")).expect("open");
    let ticks: Vec<Tick> = (0..720).map(|n| tick(n, 10)).collect();
    store.write(&ticks).expect("write");
    c.bench_function("history: read the last hour of 10 channels", |b| {
        b.iter(|| black_box(store.series(T0).expect("read")))
    });
}

criterion_group!(benches, write_tick, read_hour);
criterion_main!(benches);
