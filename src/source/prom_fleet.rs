//! `[prometheus]`: a fleet discovered from Prometheus (docs/config.md, "Prometheus as a
//! fleet source"). Each poll runs `up_query` and `latency_query` once, as instant
//! queries, and every value of `channel_label` in their answers is a channel: teams that
//! already probe from many places with blackbox_exporter watch the whole fleet with two
//! queries, not one per channel.
//!
//! A Prometheus that cannot be asked (down, slow, an HTTP error, `status:"error"`, an
//! answer that is not an instant vector) is a *source* error: the snapshot says so and no
//! channel learns anything from it, so nothing turns OFFLINE because Prometheus did.

use std::borrow::Cow;
use std::collections::HashMap;
use std::time::Duration;

use rustc_hash::{FxHashMap, FxHashSet};
use serde::Deserialize;

use crate::config::{api_key, PrometheusFleet};
use crate::monitor::{ChannelMeta, Monitor, Observation};

/// Answers are read up to this many bytes: 10,000 series are about 2 MB.
const ANSWER_CAP: usize = 64 * 1024 * 1024;
/// A channel missing from this many answers in a row is dropped (until then it keeps
/// its last state): a target removed from the scrape leaves, one gap does not.
pub const FORGET_AFTER: u32 = 3;

/// One channel as one poll saw it.
#[derive(Debug, Clone, PartialEq)]
pub struct Seen {
    pub name: String,
    pub ok: bool,
    pub latency_ms: Option<f64>,
    pub error: Option<String>,
}

/// Asks Prometheus both queries (at once, bounded by the timeout together); the
/// channels by name, or why the source could not be read.
pub async fn read(client: &reqwest::Client, cfg: &PrometheusFleet) -> Result<Vec<Seen>, String> {
    let both = async {
        let (up, latency) = tokio::join!(
            query(client, cfg, &cfg.up_query),
            query(client, cfg, &cfg.latency_query)
        );
        let up = up.map_err(|e| format!("up_query: {e}"))?;
        let latency = latency.map_err(|e| format!("latency_query: {e}"))?;
        join(&up, &latency, &cfg.channel_label)
    };
    match tokio::time::timeout(cfg.timeout, both).await {
        Ok(result) => result,
        Err(_) => Err(format!(
            "Prometheus at {} did not answer within {}",
            crate::base::sanitize::redact_userinfo(&cfg.url),
            humantime::format_duration(cfg.timeout)
        )),
    }
}

/// One instant query's answer body, or why there is none.
async fn query(
    client: &reqwest::Client,
    cfg: &PrometheusFleet,
    promql: &str,
) -> Result<Vec<u8>, String> {
    let url =
        reqwest::Url::parse_with_params(&format!("{}/api/v1/query", cfg.url), [("query", promql)])
            .map_err(|e| format!("bad URL: {e}"))?;
    let mut req = client.get(url);
    if let Some(var) = &cfg.api_key_env {
        req = req.bearer_auth(api_key(var)?);
    }
    let resp = req.send().await.map_err(|e| {
        let why = crate::base::http_body::root_cause(&e);
        let why = format!("cannot reach Prometheus at {}: {why}", cfg.url);
        crate::base::sanitize::redact_userinfo(&why).into_owned()
    })?;
    let status = resp.status();
    let body = crate::base::http_body::read(resp, ANSWER_CAP, Duration::from_secs(3600)).await;
    if let Some(e) = body.error {
        return Err(format!("reading the answer: {e}"));
    }
    if body.bytes.len() >= ANSWER_CAP {
        return Err(format!(
            "the answer is larger than {} MiB; narrow the query",
            ANSWER_CAP >> 20
        ));
    }
    if !status.is_success() {
        // Prometheus says why in its JSON (`error`) even with a 4xx/5xx.
        let why = match parse(&body.bytes) {
            Err(e) => e,
            Ok(_) => String::new(),
        };
        return Err(format!("Prometheus answered HTTP {status}: {why}"));
    }
    Ok(body.bytes)
}

#[derive(Deserialize)]
struct Answer<'a> {
    status: Cow<'a, str>,
    #[serde(default, borrow)]
    data: Option<Data<'a>>,
    #[serde(default, borrow)]
    error: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
#[serde(tag = "resultType", content = "result", rename_all = "lowercase")]
enum Data<'a> {
    #[serde(borrow)]
    Vector(Vec<Series<'a>>),
    // Only told apart, to say what the query should return instead.
    Scalar(serde::de::IgnoredAny),
    Matrix(serde::de::IgnoredAny),
    String(serde::de::IgnoredAny),
}

#[derive(Deserialize)]
struct Series<'a> {
    #[serde(borrow)]
    metric: HashMap<Cow<'a, str>, Cow<'a, str>>,
    #[serde(borrow)]
    value: (f64, Cow<'a, str>),
}

/// The series of an instant-vector answer, or why it is not one.
fn parse(body: &[u8]) -> Result<Vec<Series<'_>>, String> {
    let a: Answer = serde_json::from_slice(body)
        .map_err(|_| "the answer is not Prometheus's query API JSON".to_string())?;
    if a.status != "success" {
        let why = a.error.unwrap_or(a.status);
        let why: String = why.chars().take(200).collect();
        return Err(format!(
            "query failed: {}",
            crate::base::sanitize::clean(&why)
        ));
    }
    match a.data {
        Some(Data::Vector(series)) => Ok(series),
        Some(_) => Err("the query must return an instant vector (one series per channel)".into()),
        None => Err("the answer has no data".into()),
    }
}

/// Each series' `label` value and number; series without the label are left out.
fn values(body: &[u8], label: &str) -> Result<(Vec<(String, f64)>, usize), String> {
    let series = parse(body)?;
    let total = series.len();
    let mut out = Vec::with_capacity(total);
    for s in series {
        let Some(name) = s.metric.get(label) else {
            continue;
        };
        let name = channel_name(name);
        if name.is_empty() {
            continue;
        }
        // Prometheus writes NaN and ±Inf as "NaN", "+Inf", "-Inf".
        let v = s.value.1.parse::<f64>().unwrap_or(f64::NAN);
        out.push((name, v));
    }
    Ok((out, total))
}

/// A label value as a channel name: one line, no control characters, NFC, bounded.
fn channel_name(value: &str) -> String {
    let clean = crate::base::sanitize::clean(value.trim());
    let name = crate::base::input::canonical_name(&clean);
    name.chars().take(200).collect()
}

/// Joins both answers by channel, sorted by name (decisions in docs/config.md).
fn join(up: &[u8], latency: &[u8], label: &str) -> Result<Vec<Seen>, String> {
    let (up, up_total) = values(up, label).map_err(|e| format!("up_query: {e}"))?;
    if up.is_empty() && up_total > 0 {
        return Err(format!(
            "up_query: none of its {up_total} series has the label `{label}` (channel_label)"
        ));
    }
    let (lat, lat_total) = values(latency, label).map_err(|e| format!("latency_query: {e}"))?;
    if lat.is_empty() && !up.is_empty() {
        return Err(format!(
            "latency_query: none of its {lat_total} series has the label `{label}` \
             (channel_label), so no channel has a latency"
        ));
    }
    // Several series per channel (probed from several places): the worst of them, so
    // that one failing prober is seen rather than averaged away.
    let mut worst_latency: FxHashMap<&str, f64> = FxHashMap::default();
    for (name, v) in &lat {
        let e = worst_latency.entry(name).or_insert(f64::NAN);
        if v.is_finite() && (e.is_nan() || *v > *e) {
            *e = *v;
        }
    }
    let mut by_name: FxHashMap<&str, (u32, u32)> = FxHashMap::default();
    for (name, v) in &up {
        let e = by_name.entry(name).or_default();
        e.0 += 1;
        // NaN (no probe result) is not up.
        if v.is_nan() || *v <= 0.0 {
            e.1 += 1;
        }
    }
    let mut seen: Vec<Seen> = by_name
        .into_iter()
        .map(|(name, (series, down))| seen(name, series, down, worst_latency.get(name)))
        .collect();
    seen.sort_unstable_by(|a, b| a.name.cmp(&b.name));
    Ok(seen)
}

fn seen(name: &str, series: u32, down: u32, latency: Option<&f64>) -> Seen {
    let (_, max) = crate::config::limits::LATENCY_MS;
    let latency = latency.copied().filter(|v| (0.0..=max).contains(v));
    let error = if down > 0 {
        Some(if series > 1 {
            format!("down in {down} of {series} series of up_query")
        } else {
            "down (up_query is 0 or NaN)".to_string()
        })
    } else if latency.is_none() {
        Some("up, but latency_query has no usable value for it".to_string())
    } else {
        None
    };
    Seen {
        name: name.to_string(),
        ok: error.is_none(),
        latency_ms: latency,
        error,
    }
}

/// The discovered channels over time: which are known, and for how many answers each
/// has been missing.
pub struct Fleet {
    optional: bool,
    /// Configured channels: a discovered one of the same name is left out.
    configured: FxHashSet<String>,
    missing: FxHashMap<String, u32>,
    window_ms: i64,
    /// History of channels from before this process (sparkline points, window
    /// results), given to each when the first reading finds it again.
    past: FxHashMap<String, Past>,
}

/// A channel's sparkline points and window results from history, oldest first.
pub type Past = (Vec<(i64, Option<f64>)>, Vec<(i64, bool, Option<f64>)>);

impl Fleet {
    pub fn new(cfg: &PrometheusFleet, configured: &[String], window_ms: i64) -> Fleet {
        Fleet {
            optional: cfg.optional,
            configured: configured.iter().cloned().collect(),
            missing: FxHashMap::default(),
            window_ms,
            past: FxHashMap::default(),
        }
    }

    /// History to start discovered channels with, so that a restarted (or second)
    /// instance shows their last hour and judges the same window (configured channels'
    /// entries are left out: they are preloaded already).
    pub fn remember(&mut self, past: FxHashMap<String, Past>) {
        self.past = past;
        self.past.retain(|name, _| !self.configured.contains(name));
    }

    /// Channels discovered and not yet forgotten.
    pub fn len(&self) -> usize {
        self.missing.len()
    }

    pub fn is_empty(&self) -> bool {
        self.missing.is_empty()
    }

    pub fn knows(&self, name: &str) -> bool {
        self.missing.contains_key(name)
    }

    /// Feeds one poll's reading, read at `at_ms`, to the monitor: results for the
    /// channels in it, nothing for the others (dropped after `FORGET_AFTER` answers
    /// without them), and on a source error nothing at all but the error.
    pub fn apply(&mut self, monitor: &mut Monitor, reading: Result<Vec<Seen>, String>, at_ms: i64) {
        let seen = match reading {
            Ok(seen) => seen,
            Err(why) => {
                monitor.source_mut().error = Some(why);
                self.forget_empty(monitor, at_ms);
                return;
            }
        };
        monitor.source_mut().error = None;
        for n in self.missing.values_mut() {
            *n += 1;
        }
        for s in seen {
            if self.configured.contains(&s.name) {
                continue;
            }
            let i = monitor.index_or_add(ChannelMeta {
                name: s.name.clone(),
                optional: self.optional,
                ..ChannelMeta::default()
            });
            if let Some((points, results)) = self.past.remove(&s.name) {
                monitor.preload(&s.name, &points);
                monitor.preload_window(&s.name, &results);
            }
            monitor.ingest_at(
                i,
                &Observation {
                    at_ms,
                    channel: String::new(),
                    ok: s.ok,
                    latency_ms: s.latency_ms,
                    error: s.error,
                    status: None,
                    region: None,
                    cost_per_1k_tokens: None,
                },
            );
            self.missing.insert(s.name, 0);
        }
        self.missing.retain(|_, n| *n < FORGET_AFTER);
        // What the first answer did not name has left the fleet since.
        self.past = FxHashMap::default();
        self.drop_unknown(monitor);
        self.forget_empty(monitor, at_ms);
    }

    /// Removes from the monitor the discovered channels no longer known.
    fn drop_unknown(&self, monitor: &mut Monitor) {
        let (configured, known) = (&self.configured, &self.missing);
        monitor.remove_where(|m| !configured.contains(&m.name) && !known.contains_key(&m.name));
    }

    /// A discovered channel with no result within the window (Prometheus failing longer
    /// than that) would be judged on nothing, which reads as OFFLINE: it leaves instead.
    fn forget_empty(&mut self, monitor: &mut Monitor, at_ms: i64) {
        let cutoff = at_ms - self.window_ms;
        self.missing.retain(|name, _| {
            monitor
                .position(name)
                .and_then(|i| monitor.last_result_ms(i))
                .is_some_and(|t| t >= cutoff)
        });
        self.drop_unknown(monitor);
    }
}

/// The fleet as the live poller runs it: one reading in flight at most, every interval.
pub struct Runner {
    cfg: std::sync::Arc<PrometheusFleet>,
    client: reqwest::Client,
    pub fleet: Fleet,
    next_due: tokio::time::Instant,
    pending: Option<tokio::task::JoinHandle<Reading>>,
}

/// A reading and when it was taken (ms since the epoch).
pub type Reading = (i64, Result<Vec<Seen>, String>);

impl Runner {
    pub fn new(cfg: &PrometheusFleet, client: &reqwest::Client, fleet: Fleet) -> Runner {
        Runner {
            cfg: std::sync::Arc::new(cfg.clone()),
            client: client.clone(),
            fleet,
            next_due: tokio::time::Instant::now(),
            pending: None,
        }
    }

    /// When the next reading is due; `None` while one is in flight.
    pub fn due(&self) -> Option<tokio::time::Instant> {
        self.pending.is_none().then_some(self.next_due)
    }

    /// Starts a reading (in a task of its own: the poller keeps serving meanwhile).
    pub fn launch(&mut self, clock: crate::base::clock::Clock) {
        self.next_due = tokio::time::Instant::now() + self.cfg.interval;
        let (cfg, client) = (self.cfg.clone(), self.client.clone());
        let task = crate::base::contain::contained(async move {
            let at_ms = clock.now_ms();
            (at_ms, read(&client, &cfg).await)
        });
        self.pending = Some(tokio::spawn(task));
    }

    /// Read again now (refresh, resume, a probe asked for a discovered channel).
    pub fn now(&mut self) {
        self.next_due = tokio::time::Instant::now();
    }

    /// The reading in flight, once it is done; never when there is none.
    pub async fn done(&mut self) -> Reading {
        let Some(task) = self.pending.as_mut() else {
            return std::future::pending().await;
        };
        let reading = match task.await {
            Ok(r) => r,
            Err(e) => (0, Err(format!("the Prometheus reading failed: {e}"))),
        };
        self.pending = None;
        reading
    }
}

#[cfg(test)]
mod tests;
