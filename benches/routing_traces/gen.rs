//! Synthetic probe traces for the routing policies (JSONL observation records,
//! docs/json.md), deterministic for a seed: per channel a base latency with heavy-tailed
//! noise and rare spikes, slow drifts, slow spells and outages, a region and a price.
//! Shared by `benches/routing_policies.rs` (the measures) and `tests/routing_policies.rs`.
#![allow(dead_code)]

use std::fmt::Write as _;

/// Seconds per tick the traces are made for, and probes per channel per tick.
pub const TICK_S: i64 = 10;
pub const PROBES_PER_TICK: i64 = 5;

/// Something that happens to a channel between two ticks (`from` inclusive, `to` not).
#[derive(Debug, Clone, Copy)]
pub enum Event {
    /// Every probe fails.
    Outage { from: u32, to: u32 },
    /// A share of probes fail (e.g. 0.1 for 10 %).
    Errors { from: u32, to: u32, rate: f64 },
    /// Latency × factor.
    Slow { from: u32, to: u32, factor: f64 },
    /// Latency moves linearly from the base to `to_ms` over the span, and stays there.
    Drift { from: u32, to: u32, to_ms: f64 },
}

#[derive(Debug, Clone)]
pub struct Channel {
    pub name: &'static str,
    pub base_ms: f64,
    /// Relative spread of the noise (0.15 = ±15 % typical).
    pub noise: f64,
    pub region: &'static str,
    pub cost: f64,
    pub events: Vec<Event>,
}

impl Channel {
    pub fn new(name: &'static str, base_ms: f64, region: &'static str, cost: f64) -> Self {
        Channel {
            name,
            base_ms,
            noise: 0.15,
            region,
            cost,
            events: Vec::new(),
        }
    }

    pub fn with(mut self, e: Event) -> Self {
        self.events.push(e);
        self
    }

    /// Latency of a probe at tick `t` before noise, and its failure rate.
    fn at(&self, t: u32) -> (f64, f64) {
        let (mut ms, mut fail) = (self.base_ms, 0.0_f64);
        for e in &self.events {
            match *e {
                Event::Outage { from, to } if (from..to).contains(&t) => fail = 1.0,
                Event::Errors { from, to, rate } if (from..to).contains(&t) => {
                    fail = fail.max(rate)
                }
                Event::Slow { from, to, factor } if (from..to).contains(&t) => ms *= factor,
                Event::Drift { from, to, to_ms } if t >= from => {
                    let k = (f64::from(t - from) / f64::from((to - from).max(1))).min(1.0);
                    ms += (to_ms - self.base_ms) * k;
                }
                _ => {}
            }
        }
        (ms, fail)
    }
}

/// The region episode: the first region's two channels fail half their probes from tick
/// 100 to 200, then recover; a channel in the next region, and one in an unlisted region
/// that is the fastest of all (it must never be chosen while a listed one is healthy).
pub fn regional() -> Vec<Channel> {
    let failing = Event::Errors {
        from: 100,
        to: 200,
        rate: 0.5,
    };
    vec![
        Channel::new("Seoul-a", 120.0, "ap-northeast-2", 0.5).with(failing),
        Channel::new("Seoul-b", 180.0, "ap-northeast-2", 0.5).with(failing),
        Channel::new("Oregon", 60.0, "us-west-2", 0.5),
        Channel::new("Virginia", 40.0, "us-east-1", 0.5),
    ]
}

/// xorshift64*: small, fast, and the same on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }

    pub fn unit(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Roughly normal (sum of four uniforms), mean 0, standard deviation 1.
    pub fn normal(&mut self) -> f64 {
        ((0..4).map(|_| self.unit()).sum::<f64>() - 2.0) * 3f64.sqrt()
    }
}

/// The trace: `ticks` ticks of [`TICK_S`] s, [`PROBES_PER_TICK`] probes per channel per
/// tick, as JSONL records starting at 2026-11-24T10:00:00Z.
pub fn trace(channels: &[Channel], ticks: u32, seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let mut out = String::new();
    let t0: i64 = 1_763_978_400; // 2026-11-24T10:00:00Z
    let step = TICK_S * 1000 / PROBES_PER_TICK;
    for t in 0..ticks {
        for p in 0..PROBES_PER_TICK {
            let at_ms = (t0 + i64::from(t) * TICK_S) * 1000 + p * step;
            for c in channels {
                let (ms, fail) = c.at(t);
                let ts = rfc3339(at_ms);
                if rng.unit() < fail {
                    let _ = writeln!(
                        out,
                        r#"{{"ts":"{ts}","channel":"{}","ok":false,"latency_ms":null,"error":"connection refused"}}"#,
                        c.name
                    );
                    continue;
                }
                // Heavy tail: mostly the noise, now and then a spike of 3-8×.
                let mut lat = ms * (1.0 + c.noise * rng.normal()).max(0.2);
                if rng.unit() < 0.01 {
                    lat *= 3.0 + 5.0 * rng.unit();
                }
                let _ = writeln!(
                    out,
                    r#"{{"ts":"{ts}","channel":"{}","ok":true,"latency_ms":{lat:.2},"error":null}}"#,
                    c.name
                );
            }
        }
    }
    out
}

/// The `[[channel]]` tables of a config for these channels (probes are not used by
/// replay; region and price are).
pub fn channel_tables(channels: &[Channel]) -> String {
    let mut s = String::new();
    for c in channels {
        let _ = write!(
            s,
            "[[channel]]\nname = \"{}\"\nprobe = \"simulated\"\nregion = \"{}\"\ncost_per_1k_tokens = {}\n\n",
            c.name, c.region, c.cost
        );
    }
    s
}

fn rfc3339(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        ms.rem_euclid(1000)
    )
}

/// Days since 1970-01-01 to (year, month, day), Howard Hinnant's algorithm.
fn civil(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}
