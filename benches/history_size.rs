//! The history database's size after 7 days × 10 channels at a 5 s interval, written
//! with a fake clock in one-minute batches and maintained (downsampling, retention)
//! every 10 minutes as the writer does. Prints rows per tier and bytes on disk; the bar
//! is ≤ 50 MiB. `cargo bench --bench history_size`.
//!
//! `STEADY_CHANNELS=1000,10000` measures instead the steady state the default tiers reach
//! with that many channels (docs/history.md): the rows a week of history keeps — raw
//! ticks for 2 h, 1-minute buckets for 22 h, 10-minute buckets for the other 6 days —
//! written as ticks of those spacings and maintained into those tiers.

use switchboard::domain::Health;
use switchboard::history::tick::{ChannelTick, Tick};
use switchboard::history::Store;

/// 2026-11-24T00:00:00Z.
const T0: i64 = 1_795_478_400_000;
const DAYS: i64 = 7;
const CHANNELS: usize = 10;
const INTERVAL_MS: i64 = 5_000;

fn main() {
    if let Ok(list) = std::env::var("STEADY_CHANNELS") {
        for n in list.split(',').filter_map(|n| n.trim().parse().ok()) {
            steady(n);
        }
        return;
    }
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

const HOUR_MS: i64 = 3_600_000;
const DAY_MS: i64 = 24 * HOUR_MS;

/// The database a week of `channels` channels at 5 s settles at with the default tiers.
fn steady(channels: usize) {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("history.sqlite");
    let mut store = Store::open(&path).expect("open");
    let names: Vec<String> = (0..channels).map(|i| format!("channel-{i:05}")).collect();
    let now = T0 + 8 * DAY_MS;
    let started = std::time::Instant::now();
    let tiers = [
        (now - 7 * DAY_MS, now - DAY_MS, 600_000),
        (now - DAY_MS, now - 2 * HOUR_MS, 60_000),
        (now - 2 * HOUR_MS, now, INTERVAL_MS),
    ];
    let mut n = 0i64;
    for (from, to, step) in tiers {
        let mut at = from;
        while at < to {
            let tick = Tick {
                at_ms: at,
                channels: names
                    .iter()
                    .enumerate()
                    .map(|(i, name)| ChannelTick {
                        channel: name.clone(),
                        health: Health::Excellent,
                        availability: 100.0,
                        mean_ms: Some(1.0 + ((n * 7 + i as i64) % 90) as f64 / 100.0),
                        p95_ms: Some(2.0 + (n % 50) as f64 / 100.0),
                        span_ms: step,
                        last_error: None,
                    })
                    .collect(),
                ..Tick::default()
            };
            store.write(&[tick]).expect("write");
            at += step;
            n += 1;
        }
        store.maintain(at, 7 * DAY_MS).expect("maintain");
    }
    let rows = store.summary(0, i64::MAX).expect("read").len();
    let used = store.used_bytes().expect("size");
    let size = |suffix: &str| {
        std::fs::metadata(format!("{}{suffix}", path.display())).map_or(0, |m| m.len())
    };
    let file = size("") + size("-wal") + size("-shm");
    // Rows per channel: 2 h of raw ticks, 22 h of minutes, 6 days of ten minutes.
    let per_channel = 2 * 720 + 22 * 60 + 6 * 144;
    let per_row = used as f64 / (channels * per_channel) as f64;
    let raw_per_minute = per_row * 12.0 * channels as f64 / 1_048_576.0;
    println!(
        "{channels} channels ({rows} in the summary), steady state of a week at 5 s: \
         {:.1} MiB of data ({per_row:.0} bytes a row), {:.1} MiB on disk; raw ticks add \
         about {:.2} MiB a minute before they are merged (built in {:.1?})",
        used as f64 / 1_048_576.0,
        file as f64 / 1_048_576.0,
        raw_per_minute,
        started.elapsed()
    );
}
