//! The routing policies' measures on generated traces (`benches/routing_traces/`):
//! primary and fallback changes per hour between equal channels, cost and latency of the
//! primary against `health`, ticks to leave a down primary, ticks to spill and return
//! between regions, and the evaluation cost per tick at 1,000 channels.
//! `cargo bench --bench routing_policies` prints one table; the same scenarios are
//! asserted on fixed seeds in `tests/routing_policies.rs`.

#[path = "routing_traces/gen.rs"]
mod gen;
#[path = "routing_traces/run.rs"]
mod run;

use gen::{Channel, Event};
use run::{changes, per_hour, primary_mean, ticks_to_leave};
use std::time::Instant;

const SEEDS: [u64; 6] = [11, 22, 33, 44, 55, 66];

fn policy(name: &str, names: [&str; 3], region: &str) -> String {
    match name {
        "ceiling" => format!(
            "[routing]\npolicy = \"ceiling\"\nceilings = [{{ channel = \"{}\", max_latency_ms = 300 }}, {{ channel = \"{}\", max_latency_ms = 500 }}, {{ channel = \"{}\" }}]",
            names[0], names[1], names[2]
        ),
        "balanced" => "[routing]\npolicy = \"balanced\"".into(),
        "region" => format!("[routing]\npolicy = \"region\"\nregion_order = [\"{region}\"]"),
        _ => String::new(),
    }
}

fn main() {
    let policies = ["health", "ceiling", "balanced", "region"];
    let equal = [
        Channel::new("A", 100.0, "eu", 0.5),
        Channel::new("B", 100.0, "eu", 0.5),
        Channel::new("C", 100.0, "eu", 0.5),
    ];
    let outage = [
        Channel::new("A", 60.0, "eu", 0.2).with(Event::Outage { from: 100, to: 160 }),
        Channel::new("B", 150.0, "eu", 0.5),
        Channel::new("C", 240.0, "eu", 1.0),
    ];
    let priced = [
        Channel::new("A", 150.0, "eu", 1.0),
        Channel::new("B", 162.0, "eu", 0.2),
        Channel::new("C", 400.0, "eu", 0.1),
    ];
    println!("policy   | primary/h | fallback/h | ticks to leave a down primary (max) | primary cost | primary ms");
    let mut base = (0.0, 0.0);
    for name in policies {
        let routing = policy(name, ["A", "B", "C"], "eu");
        let (mut p, mut f, mut hours, mut leave) = (0, 0, 0.0, 0);
        let (mut cost, mut ms) = (0.0, 0.0);
        for seed in SEEDS {
            let t = run::run(&routing, &equal, 720, seed);
            p += changes(&t[12..], |t| t.primary.clone());
            f += changes(&t[12..], |t| t.fallback.clone());
            hours += per_hour(1, &t).recip();
            let t = run::run(&routing, &outage, 200, seed);
            leave = leave.max(ticks_to_leave(&t, 100, "A", |_| true).unwrap_or(99));
            let t = run::run(&routing, &priced, 360, seed);
            cost += primary_mean(&t, 12, |_, p| match p {
                "A" => 1.0,
                "B" => 0.2,
                _ => 0.1,
            }) / SEEDS.len() as f64;
            ms += primary_mean(&t, 12, |t, p| t.mean(p).unwrap_or(f64::NAN)) / SEEDS.len() as f64;
        }
        if name == "health" {
            base = (cost, ms);
        }
        println!(
            "{name:<8} | {:>9.2} | {:>10.2} | {leave:>35} | {cost:>5.2} ({:+.0}%) | {ms:>6.1} ({:+.1}%)",
            p as f64 / hours,
            f as f64 / hours,
            100.0 * (cost / base.0 - 1.0),
            100.0 * (ms / base.1 - 1.0)
        );
    }
    regions();
    eval_cost(&policies);
}

/// The first region's channels fail half their probes from tick 100 to 200, then
/// recover: ticks from the first unhealthy tick to the spill, and the changes it took.
fn regions() {
    let channels = gen::regional();
    let routing =
        "[routing]\npolicy = \"region\"\nregion_order = [\"ap-northeast-2\", \"us-west-2\"]";
    let (mut spill, mut back) = (0, 0);
    let mut sequences = std::collections::BTreeSet::new();
    for seed in SEEDS {
        let t = run::run(routing, &channels, 400, seed);
        spill = spill.max(
            ticks_to_leave(&t, 100, "Seoul-a", |t| {
                t.health("Seoul-a").is_some_and(|h| !h.is_healthy())
            })
            .unwrap_or(99),
        );
        let healthy_again = (200..t.len())
            .find(|&i| t[i].health("Seoul-a").is_some_and(|h| h.is_healthy()))
            .unwrap_or(t.len());
        let returned = (healthy_again..t.len())
            .find(|&i| t[i].primary.as_deref() == Some("Seoul-a"))
            .unwrap_or(t.len());
        back = back.max(returned - healthy_again);
        let moved: Vec<String> = t[99..]
            .windows(2)
            .filter(|w| w[0].primary != w[1].primary)
            .map(|w| w[1].primary.clone().unwrap_or_default())
            .collect();
        sequences.insert(moved.join(" → "));
    }
    println!(
        "region: spill ≤ {spill} ticks after the first unhealthy tick; back ≤ {back} ticks after \
         Seoul-a is healthy again; primary moves from Seoul-a: {sequences:?}"
    );
}

/// Replay of 1,000 channels × 100 ticks per policy: the evaluation cost per tick.
fn eval_cost(policies: &[&str]) {
    let regions = ["eu", "us", "ap"];
    let channels: Vec<Channel> = (0..1000)
        .map(|i| {
            let name: &'static str = Box::leak(format!("ch{i:04}").into_boxed_str());
            Channel::new(
                name,
                50.0 + (i % 37) as f64 * 7.0,
                regions[i % 3],
                0.1 + (i % 5) as f64 * 0.2,
            )
        })
        .collect();
    for name in policies {
        let routing = policy(name, ["ch0000", "ch0001", "ch0002"], "eu");
        let start = Instant::now();
        let t = run::run(&routing, &channels, 100, 7);
        let per_tick = start.elapsed().as_secs_f64() * 1000.0 / t.len() as f64;
        println!("{name:<8}: 1,000 channels, {per_tick:.2} ms per tick (trace parse and window included)");
    }
}
