//! Labelled synthetic latency traces for scoring the forecaster and anomaly detector
//! (`tests/anomaly_synthetic.rs`, `benches/anomaly.rs`): seasonality, trend, heavy-tailed
//! noise, and labelled spikes, drops, level shifts and outages, plus unlabelled gaps with
//! no latency at all. Deterministic for a seed; no dependencies.

/// Small, fast, deterministic random numbers (splitmix64).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.uniform()
    }

    /// Standard normal (Box–Muller).
    pub fn normal(&mut self) -> f64 {
        let u = self.uniform().max(1e-300);
        let v = self.uniform();
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }

    /// Student's t with `df` degrees of freedom: heavy tails, as probe latencies have.
    pub fn student_t(&mut self, df: u32) -> f64 {
        let chi2: f64 = (0..df).map(|_| self.normal().powi(2)).sum();
        self.normal() / (chi2 / f64::from(df)).sqrt()
    }
}

/// What kind of labelled event starts at a tick.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// One or two ticks far above normal.
    Spike,
    /// One or two ticks near zero (a cache answering, a misrouted probe).
    Drop,
    /// A lasting change of level, up or down.
    Shift,
    /// Latency pinned near a timeout for a while, then back.
    Outage,
}

/// One channel's trace: a mean latency per tick (`None`: no successful probe).
#[derive(Debug, Clone)]
pub struct Trace {
    pub latency_ms: Vec<Option<f64>>,
    /// Labelled anomalies: the tick each starts at, and its kind.
    pub events: Vec<(usize, Event)>,
}

/// Ticks per trace: eight hours of 10-second probe rounds.
pub const TICKS: usize = 2_880;
/// Probe rounds per hour (10-second ticks).
pub const TICKS_PER_HOUR: usize = 360;
/// No labelled event before this tick: the detector's warm-up.
pub const WARMUP: usize = 300;

/// A trace of normal behaviour only: seasonality, trend, heavy-tailed noise, gaps.
pub fn noise_only(seed: u64) -> Trace {
    let mut rng = Rng::new(seed);
    let mut t = normal_trace(&mut rng);
    add_gaps(&mut rng, &mut t);
    t
}

/// A trace with `events` labelled anomalies spread over it, at least `TICKS / (events + 1)`
/// apart so that each can be told from the next.
pub fn labelled(seed: u64, events: usize) -> Trace {
    let mut rng = Rng::new(seed);
    let mut t = normal_trace(&mut rng);
    let room = (TICKS - WARMUP) / events.max(1);
    let mut base: Vec<f64> = t.latency_ms.iter().map(|x| x.unwrap_or(0.0)).collect();
    for k in 0..events {
        let at = WARMUP + k * room + (rng.uniform() * (room / 2) as f64) as usize;
        let kind = match rng.next_u64() % 4 {
            0 => Event::Spike,
            1 => Event::Drop,
            2 => Event::Shift,
            _ => Event::Outage,
        };
        apply(&mut rng, &mut base, at, kind);
        t.events.push((at, kind));
    }
    t.latency_ms = base.into_iter().map(Some).collect();
    add_gaps(&mut rng, &mut t);
    t
}

/// Level, seasonal swing, drift and noise drawn for one channel.
fn normal_trace(rng: &mut Rng) -> Trace {
    let level = rng.range(20.0, 800.0);
    let period = [360, 720, 1_440][(rng.next_u64() % 3) as usize];
    let swing = rng.range(0.0, 0.3) * level;
    let drift = rng.range(-0.2, 0.4) * level / TICKS as f64;
    let noise = rng.range(0.02, 0.08) * level;
    let phase = rng.range(0.0, std::f64::consts::TAU);
    let latency_ms = (0..TICKS)
        .map(|i| {
            let season = swing * (std::f64::consts::TAU * i as f64 / period as f64 + phase).sin();
            let x = level + season + drift * i as f64 + noise * rng.student_t(4);
            Some(x.max(0.5))
        })
        .collect();
    Trace {
        latency_ms,
        events: Vec::new(),
    }
}

/// Puts one labelled event into the trace at `at`.
fn apply(rng: &mut Rng, x: &mut [f64], at: usize, kind: Event) {
    match kind {
        Event::Spike => {
            let factor = rng.range(3.0, 8.0);
            let len = 1 + (rng.next_u64() % 2) as usize;
            for v in x.iter_mut().skip(at).take(len) {
                *v *= factor;
            }
        }
        Event::Drop => {
            let len = 1 + (rng.next_u64() % 2) as usize;
            for v in x.iter_mut().skip(at).take(len) {
                *v = rng.range(0.2, 2.0);
            }
        }
        Event::Shift => {
            let factor = if rng.uniform() < 0.5 {
                rng.range(1.8, 3.0)
            } else {
                rng.range(0.3, 0.5)
            };
            for v in x.iter_mut().skip(at) {
                *v *= factor;
            }
        }
        Event::Outage => {
            let timeout = rng.range(4_000.0, 10_000.0);
            let len = 5 + (rng.next_u64() % 20) as usize;
            for v in x.iter_mut().skip(at).take(len) {
                *v = timeout * rng.range(0.97, 1.0);
            }
        }
    }
}

/// Unlabelled gaps: a few runs of ticks without any successful probe, placed where no
/// event starts nearby, which must not make the ticks after them look anomalous.
fn add_gaps(rng: &mut Rng, t: &mut Trace) {
    for _ in 0..3 {
        let at = WARMUP + (rng.uniform() * (TICKS - WARMUP - 40) as f64) as usize;
        let len = 3 + (rng.next_u64() % 30) as usize;
        let near = t
            .events
            .iter()
            .any(|&(e, _)| e + 40 > at && e < at + len + 40);
        if near {
            continue;
        }
        for v in t.latency_ms.iter_mut().skip(at).take(len) {
            *v = None;
        }
    }
}

/// How flags compare with the labels: an event is found when flagged within one tick of
/// its start; every other flag is false.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct Score {
    pub found: usize,
    pub missed: usize,
    pub false_flags: usize,
}

impl Score {
    pub fn add(&mut self, t: &Trace, flags: &[bool]) {
        let mut matched = vec![false; flags.len()];
        for &(at, _) in &t.events {
            let hit = (at.saturating_sub(1)..=at + 1).find(|&i| flags.get(i) == Some(&true));
            match hit {
                Some(i) => {
                    self.found += 1;
                    matched[i] = true;
                }
                None => self.missed += 1,
            }
        }
        self.false_flags += flags
            .iter()
            .zip(&matched)
            .filter(|(f, m)| **f && !**m)
            .count();
    }

    pub fn precision(&self) -> f64 {
        self.found as f64 / (self.found + self.false_flags).max(1) as f64
    }

    pub fn recall(&self) -> f64 {
        self.found as f64 / (self.found + self.missed).max(1) as f64
    }

    pub fn f1(&self) -> f64 {
        let d = 2 * self.found + self.false_flags + self.missed;
        if d == 0 {
            return 0.0;
        }
        2.0 * self.found as f64 / d as f64
    }
}
