//! The history database's size after 7 days × 10 channels at a 5 s interval, written
//! with a fake clock in one-minute batches and maintained (downsampling, retention)
//! every 10 minutes as the writer does. Prints rows per tier and bytes on disk; the bar
//! is ≤ 50 MiB. `cargo bench --bench history_size`.

use switchboard::domain::Health;
use switchboard::history::tick::{ChannelTick, Tick};
use switchboard::history::Store;

/// 2026-11-24T00:00:00Z.
const T0: i64 = 1_795_478_400_000;
const DAYS: i64 = 7;
const CHANNELS: usize = 10;
const INTERVAL_MS: i64 = 5_000;

fn main() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("history.sqlite");
    let mut store = Store::open(&path).expect("open");
    let ticks = DAYS * 86_400_000 / INTERVAL_MS;
    let started = std::time::Instant::now();
    let mut batch = Vec::with_capacity(12);
    for n in 0..ticks {
        let at_ms = T0 + n * INTERVAL_MS;
        batch.push(Tick {
            at_ms,
            channels: (0..CHANNELS)
                .map(|i| ChannelTick {
                    channel: format!("channel-{i}"),
                    health: if (n / 720 + i as i64) % 23 == 0 {
                        Health::Offline
                    } else {
                        Health::Good
                    },
                    availability: 99.0 + (n % 10) as f64 / 10.0,
                    mean_ms: Some(100.0 + ((n * 7 + i as i64) % 90) as f64),
                    p95_ms: Some(200.0 + (n % 50) as f64),
                    span_ms: INTERVAL_MS,
                    last_error: None,
                })
                .collect(),
            ..Tick::default()
        });
        if batch.len() == 12 {
            store.write(&batch).expect("write");
            batch.clear();
        }
        if n % 120 == 0 {
            store.maintain(at_ms, 7 * 86_400_000).expect("maintain");
        }
    }
    store.write(&batch).expect("write");
    store
        .maintain(T0 + ticks * INTERVAL_MS, 7 * 86_400_000)
        .expect("maintain");
    let size = |suffix: &str| {
        std::fs::metadata(format!("{}{suffix}", path.display())).map_or(0, |m| m.len())
    };
    let total = size("") + size("-wal") + size("-shm");
    let sum = store.summary(0, i64::MAX).expect("read");
    println!(
        "{DAYS} days × {CHANNELS} channels at {INTERVAL_MS} ms: {ticks} ticks written in {:.1?}",
        started.elapsed()
    );
    println!(
        "ticks still counted per channel: {} (merged into buckets)",
        sum.first().map_or(0, |s| s.ticks)
    );
    println!(
        "on disk: {total} bytes ({:.2} MiB) — bar 50 MiB",
        total as f64 / 1_048_576.0
    );
    assert!(total <= 50 * 1_048_576, "over the 50 MiB bar");
}
