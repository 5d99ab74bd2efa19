//! Accuracy (never timing) of the per-channel forecaster and anomaly detector on the
//! labelled synthetic traces of `benches/synthetic/mod.rs`, on fixed seeds.

#[path = "../benches/synthetic/mod.rs"]
mod synthetic;

use switchboard::domain::anomaly::Detector;
use synthetic::{Score, Trace};

/// Replays one trace through a fresh model: per tick, the flag and the forecast made
/// for that tick before seeing it.
fn run(t: &Trace) -> (Vec<bool>, Vec<Option<f64>>) {
    let mut f = Detector::default();
    let mut flags = Vec::with_capacity(t.latency_ms.len());
    let mut forecasts = Vec::with_capacity(t.latency_ms.len());
    for &x in &t.latency_ms {
        forecasts.push(f.forecast());
        flags.push(f.observe(x).is_some_and(|v| v.anomaly));
    }
    (flags, forecasts)
}

const SEEDS: std::ops::Range<u64> = 1..41;

#[test]
fn labelled_anomalies_are_found_within_a_tick_and_little_else_is_flagged() {
    let mut score = Score::default();
    for seed in SEEDS {
        let t = synthetic::labelled(seed, 4);
        score.add(&t, &run(&t).0);
    }
    eprintln!(
        "synthetic anomaly: found {} missed {} false {}: precision {:.3} recall {:.3} F1 {:.3}",
        score.found,
        score.missed,
        score.false_flags,
        score.precision(),
        score.recall(),
        score.f1()
    );
    assert_eq!(score.found + score.missed, 4 * SEEDS.count());
    assert!(score.f1() >= 0.90, "F1 {:.3}", score.f1());
}

/// Pure noise (seasonality, drift, heavy tails, gaps) raises at most one false alarm
/// per channel-hour — in fact far fewer.
#[test]
fn noise_alone_is_almost_never_an_alarm() {
    let mut alarms = 0;
    for seed in SEEDS {
        alarms += run(&synthetic::noise_only(1_000 + seed))
            .0
            .iter()
            .filter(|a| **a)
            .count();
    }
    let hours = SEEDS.count() * synthetic::TICKS / synthetic::TICKS_PER_HOUR;
    eprintln!("synthetic noise: {alarms} false alarms in {hours} channel-hours");
    assert!(alarms * 10 <= hours, "{alarms} in {hours} channel-hours");
}

/// Mean absolute percentage error of next-tick forecasts over the traces' normal ticks
/// (labelled events are not forecastable and are left out), for our model, the last
/// value and an exponentially weighted mean side by side.
#[test]
fn the_forecast_beats_the_naive_ones_and_stays_within_ten_percent() {
    let (mut ours, mut naive, mut ewma, mut n) = (0.0, 0.0, 0.0, 0usize);
    for seed in SEEDS {
        let t = synthetic::labelled(seed, 4);
        let (_, forecasts) = run(&t);
        let mut unusual = vec![false; t.latency_ms.len()];
        for &(at, _) in &t.events {
            for u in unusual.iter_mut().skip(at).take(30) {
                *u = true;
            }
        }
        let (mut last, mut smooth) = (None::<f64>, None::<f64>);
        for (i, &x) in t.latency_ms.iter().enumerate() {
            let Some(x) = x else { continue };
            if let (Some(p), Some(l), Some(s), false) = (forecasts[i], last, smooth, unusual[i]) {
                ours += (p - x).abs() / x;
                naive += (l - x).abs() / x;
                ewma += (s - x).abs() / x;
                n += 1;
            }
            last = Some(x);
            smooth = Some(smooth.map_or(x, |s| 0.7 * s + 0.3 * x));
        }
    }
    let (ours, naive, ewma) = (ours / n as f64, naive / n as f64, ewma / n as f64);
    eprintln!(
        "synthetic forecast MAPE over {n} ticks: ours {:.1}%, last value {:.1}%, EWMA(0.3) {:.1}%",
        100.0 * ours,
        100.0 * naive,
        100.0 * ewma
    );
    assert!(ours <= 0.10, "MAPE {ours:.3}");
    assert!(ours < naive, "ours {ours:.3} vs last value {naive:.3}");
}
