//! The seed system's monitoring-metrics JSON (docs/metrics-file.md): typed, order-preserving parse of
//! only the keys that matter, then the decision rules of docs/rules.md.

use std::fmt;

use rustc_hash::FxHashMap;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;

use super::strict::{too_deep, Obj, MAX_DEPTH};
use crate::base::input::{canonical_name, display_name, utf8_text, InputError};
use crate::domain::{evaluate, ChannelInput, Num, Overall, Policy, Trend};
use crate::snapshot::{now_rfc3339, ChannelDetails, Snapshot, SourceInfo};

/// A parsed metrics file: the channels in file order and the top-level facts.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricsFile {
    pub channels: Vec<(String, RawChannel)>,
    pub optional_channels: Vec<(String, RawChannel)>,
    pub overall_health: Overall,
    pub effective_availability: Num,
    /// `None` when the file has neither `Timestamp` nor `Generated`.
    pub timestamp: Option<String>,
}

#[derive(Deserialize)]
#[serde(expecting = "a JSON object at the top level (with \"Channels\")")]
struct RawFile {
    #[serde(rename = "Channels", default)]
    channels: Option<ChannelMap>,
    #[serde(rename = "OptionalChannels", default)]
    optional_channels: Option<ChannelMap>,
    #[serde(rename = "OverallHealth", default)]
    overall_health: Option<String>,
    #[serde(
        rename = "EffectiveAvailability",
        default,
        deserialize_with = "percent"
    )]
    effective_availability: Option<Num>,
    #[serde(rename = "Health", default)]
    health: Option<Obj<RawHealth>>,
    #[serde(rename = "Timestamp", default)]
    timestamp: Option<String>,
    #[serde(rename = "Generated", default)]
    generated: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(expecting = "an object")]
struct RawHealth {
    #[serde(rename = "Status", default)]
    status: Option<String>,
    #[serde(rename = "AvgAvailability", default, deserialize_with = "percent")]
    avg_availability: Option<Num>,
}

/// One channel's metrics as the file has them; `None` = key missing or null.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(expecting = "a channel object (metric name -> value)")]
pub struct RawChannel {
    #[serde(rename = "Availability", default, deserialize_with = "percent")]
    pub availability: Option<Num>,
    #[serde(rename = "Mean", default, deserialize_with = "latency")]
    pub mean: Option<Num>,
    #[serde(rename = "Trend", default)]
    pub trend: Option<Obj<RawTrend>>,
    #[serde(rename = "BaselineAlerts", default, deserialize_with = "non_negative")]
    pub baseline_alerts: Option<Num>,
    #[serde(rename = "P95", default, deserialize_with = "latency")]
    pub p95: Option<Num>,
    #[serde(rename = "Median", default, deserialize_with = "latency")]
    pub median: Option<Num>,
    #[serde(rename = "Min", default, deserialize_with = "latency")]
    pub min: Option<Num>,
    #[serde(rename = "Max", default, deserialize_with = "latency")]
    pub max: Option<Num>,
    #[serde(rename = "Std", default, deserialize_with = "latency")]
    pub std: Option<Num>,
    #[serde(rename = "Count", default)]
    pub count: Option<Num>,
    #[serde(rename = "Spikes", default)]
    pub spikes: Option<Num>,
    #[serde(rename = "AdaptiveAlerts", default)]
    pub adaptive_alerts: Option<Num>,
    #[serde(rename = "BaselineWarns", default)]
    pub baseline_warns: Option<Num>,
    #[serde(rename = "AdaptiveWarns", default)]
    pub adaptive_warns: Option<Num>,
    #[serde(rename = "HourlyLatency", default, deserialize_with = "latencies")]
    pub hourly_latency: Option<Vec<Num>>,
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(expecting = "a trend object with \"Direction\"")]
pub struct RawTrend {
    #[serde(rename = "Direction", default)]
    pub direction: Option<String>,
    #[serde(rename = "ShortMeanMs", default, deserialize_with = "latency")]
    pub short_mean_ms: Option<Num>,
    #[serde(rename = "LongMeanMs", default, deserialize_with = "latency")]
    pub long_mean_ms: Option<Num>,
}

fn percent<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Num>, D::Error> {
    let n = Option::<Num>::deserialize(d)?;
    match n {
        Some(v) if !(0.0..=100.0).contains(&v.get()) => Err(de::Error::custom(format!(
            "availability {v} is outside 0–100 percent"
        ))),
        _ => Ok(n),
    }
}

/// A latency in ms within `limits::LATENCY_MS`: 1e308 used to print `inf ms`.
fn latency<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Num>, D::Error> {
    let n = Option::<Num>::deserialize(d)?;
    if let Some(v) = n {
        check_latency(v).map_err(de::Error::custom)?;
    }
    Ok(n)
}

fn latencies<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<Num>>, D::Error> {
    let list = Option::<Vec<Num>>::deserialize(d)?;
    for v in list.iter().flatten() {
        check_latency(*v).map_err(de::Error::custom)?;
    }
    Ok(list)
}

fn check_latency(v: Num) -> Result<(), String> {
    let (min, max) = crate::config::limits::LATENCY_MS;
    if v.get() < min {
        return Err(format!("{v} must not be negative"));
    }
    if v.get() > max {
        return Err(format!("latency {v} ms is absurd (at most {max} ms)"));
    }
    Ok(())
}

fn non_negative<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Num>, D::Error> {
    let n = Option::<Num>::deserialize(d)?;
    match n {
        Some(v) if v.get() < 0.0 => Err(de::Error::custom(format!("{v} must not be negative"))),
        _ => Ok(n),
    }
}

/// A JSON object of channels, kept in file order. A repeated name keeps its first
/// place and its last value, as Python's `json` did.
#[derive(Debug, Default)]
struct ChannelMap(Vec<(String, RawChannel)>);

impl<'de> Deserialize<'de> for ChannelMap {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct MapVisitor;
        impl<'de> Visitor<'de> for MapVisitor {
            type Value = ChannelMap;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of channels (name -> metrics)")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ChannelMap, A::Error> {
                let mut out: Vec<(String, RawChannel)> = Vec::new();
                // Name -> place in `out`: a linear search here made parsing quadratic
                // in the channel count (80k channels took 24 s).
                let mut index: FxHashMap<String, usize> = FxHashMap::default();
                // The names as written, to tell an exact repeat from a look-alike.
                let mut written: Vec<String> = Vec::new();
                while let Some((raw, ch)) = map.next_entry::<String, Obj<RawChannel>>()? {
                    let ch = ch.0;
                    let name = canonical_name(&raw).into_owned();
                    match index.get(&name) {
                        // The same spelling again: first place, last value (Python's json).
                        Some(&i) if written[i] == raw => out[i].1 = ch,
                        Some(_) => {
                            return Err(de::Error::custom(format!(
                                "channel {name:?} is given twice in different Unicode \
                                 spellings (NFC and NFD look alike but differ)"
                            )))
                        }
                        None => {
                            index.insert(name.clone(), out.len());
                            written.push(raw);
                            out.push((name, ch));
                        }
                    }
                }
                Ok(ChannelMap(out))
            }
        }
        d.deserialize_map(MapVisitor)
    }
}

impl MetricsFile {
    /// Parses file contents. `name` is used in error messages.
    pub fn parse(name: &str, bytes: &[u8]) -> Result<MetricsFile, InputError> {
        let text = utf8_text(name, bytes)?;
        if text.trim().is_empty() {
            return Err(InputError::new(
                name,
                "file is empty (expected a JSON object)",
            ));
        }
        if let Some((line, column)) = too_deep(text) {
            let problem = format!("nesting deeper than {MAX_DEPTH} levels");
            return Err(InputError::at(name, line, column, problem));
        }
        match serde_json::from_str::<Obj<RawFile>>(text) {
            Ok(Obj(raw)) => Ok(raw.into()),
            // Path tracking costs on every value, so it runs only to explain a failure.
            Err(_) => Err(explain_error(name, text)),
        }
    }

    /// Reads and parses a path (`-` for stdin).
    pub fn load(path: &str) -> Result<MetricsFile, InputError> {
        let bytes = crate::base::input::read_input(path)?;
        MetricsFile::parse(display_name(path), &bytes)
    }

    /// The rules' inputs: core channels, then optional ones, with the seed's defaults.
    pub fn channel_inputs(&self) -> Vec<ChannelInput> {
        let core = self.channels.iter().map(|(n, c)| (n, c, false));
        let optional = self.optional_channels.iter().map(|(n, c)| (n, c, true));
        core.chain(optional)
            .map(|(name, c, optional)| ChannelInput {
                name: name.clone(),
                optional,
                availability: c.availability.unwrap_or(Num::int(0)),
                mean_latency_ms: c.mean.unwrap_or(Num::int(999)),
                trend: c
                    .trend
                    .as_ref()
                    .and_then(|t| t.0.direction.as_deref())
                    .map_or(Trend::Stable, Trend::parse),
                baseline_alerts: c.baseline_alerts.unwrap_or(Num::int(0)),
            })
            .collect()
    }

    /// Name -> raw metrics, the first occurrence winning (core before optional), built
    /// once per snapshot so that looking up every channel stays linear.
    fn by_name(&self) -> FxHashMap<&str, &RawChannel> {
        let mut m = FxHashMap::default();
        for (n, c) in self.channels.iter().chain(&self.optional_channels) {
            m.entry(n.as_str()).or_insert(c);
        }
        m
    }

    fn details(found: Option<&RawChannel>) -> ChannelDetails {
        let Some(c) = found else {
            return ChannelDetails::default();
        };
        let trend = c.trend.as_ref().map(|t| &t.0);
        ChannelDetails {
            p95_latency_ms: c.p95,
            median_latency_ms: c.median,
            min_latency_ms: c.min,
            max_latency_ms: c.max,
            std_latency_ms: c.std,
            samples: c.count,
            spikes: c.spikes,
            adaptive_alerts: c.adaptive_alerts,
            baseline_warns: c.baseline_warns,
            adaptive_warns: c.adaptive_warns,
            trend_short_mean_ms: trend.and_then(|t| t.short_mean_ms),
            trend_long_mean_ms: trend.and_then(|t| t.long_mean_ms),
            hourly_latency_ms: c
                .hourly_latency
                .as_ref()
                .map(|v| v.iter().map(|n| n.get()).collect())
                .unwrap_or_default(),
            ..ChannelDetails::default()
        }
    }

    /// Evaluates the file with the rules of docs/rules.md.
    pub fn snapshot(&self, policy: &Policy, path: &str) -> Snapshot {
        let decision = evaluate(self.channel_inputs(), &self.overall_health, policy);
        let by_name = self.by_name();
        Snapshot::assemble(
            self.timestamp.clone().unwrap_or_else(now_rfc3339),
            self.overall_health.clone(),
            self.effective_availability,
            decision,
            |name| Self::details(by_name.get(name).copied()),
            SourceInfo {
                kind: "metrics-file",
                path: Some(path.to_string()),
                skipped: None,
                error: None,
            },
        )
    }
}

impl From<RawFile> for MetricsFile {
    fn from(raw: RawFile) -> Self {
        let health = raw.health.unwrap_or_default().0;
        MetricsFile {
            channels: raw.channels.unwrap_or_default().0,
            optional_channels: raw.optional_channels.unwrap_or_default().0,
            overall_health: raw
                .overall_health
                .or(health.status)
                .map_or(Overall::Unknown, |s| Overall::parse(&s)),
            effective_availability: raw
                .effective_availability
                .or(health.avg_availability)
                .unwrap_or(Num::float(0.0)),
            timestamp: raw.timestamp.or(raw.generated),
        }
    }
}

/// Parses again with path tracking to say where and what the problem is.
fn explain_error(name: &str, text: &str) -> InputError {
    let mut de = serde_json::Deserializer::from_str(text);
    match serde_path_to_error::deserialize::<_, Obj<RawFile>>(&mut de) {
        Err(e) => json_error(name, e.path().to_string(), e.into_inner()),
        Ok(_) => match de.end() {
            Err(e) => json_error(name, String::new(), e),
            Ok(()) => InputError::new(name, "invalid JSON"),
        },
    }
}

/// A serde_json error as `FILE:LINE:COL: [PATH: ]PROBLEM`, without serde_json's own suffix.
fn json_error(name: &str, path: String, e: serde_json::Error) -> InputError {
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let mut problem = full.strip_suffix(&suffix).unwrap_or(&full).to_string();
    if e.classify() == serde_json::error::Category::Eof {
        problem = format!("unexpected end of file ({problem}); is the file truncated?");
    }
    if !path.is_empty() && path != "." {
        problem = format!("{path}: {problem}");
    }
    if e.line() == 0 {
        InputError::new(name, problem)
    } else {
        InputError::at(name, e.line(), e.column(), problem)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<MetricsFile, InputError> {
        MetricsFile::parse("t.json", s.as_bytes())
    }

    #[test]
    fn keeps_file_order_and_reads_fallback_keys() {
        let f = parse(
            r#"{"Health":{"Status":"GOOD","AvgAvailability":99.1},"Generated":"2025-01-01T00:00:00",
                "Channels":{"Zeta":{"Availability":100},"Alpha":{"Availability":99.5}},
                "OptionalChannels":{"Opt":{}}}"#,
        )
        .unwrap();
        let names: Vec<_> = f.channels.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["Zeta", "Alpha"]);
        assert_eq!(f.overall_health, Overall::Good);
        assert_eq!(f.effective_availability.to_string(), "99.1");
        assert_eq!(f.timestamp.as_deref(), Some("2025-01-01T00:00:00"));
        assert_eq!(f.optional_channels.len(), 1);
    }

    #[test]
    fn primary_keys_win_over_fallbacks() {
        let f = parse(
            r#"{"OverallHealth":"DEGRADED","EffectiveAvailability":91,"Timestamp":"T1",
                "Health":{"Status":"GOOD","AvgAvailability":99.1},"Generated":"T2"}"#,
        )
        .unwrap();
        assert_eq!(f.overall_health, Overall::Degraded);
        assert_eq!(f.effective_availability.to_string(), "91");
        assert_eq!(f.timestamp.as_deref(), Some("T1"));
    }

    #[test]
    fn defaults_when_missing() {
        let f = parse(r#"{"Channels":{"A":{}}}"#).unwrap();
        assert_eq!(f.overall_health, Overall::Unknown);
        assert_eq!(f.effective_availability.get(), 0.0);
        assert_eq!(f.timestamp, None);
        let c = &f.channel_inputs()[0];
        assert_eq!(c.availability.to_string(), "0");
        assert_eq!(c.mean_latency_ms.to_string(), "999");
        assert_eq!(c.trend, Trend::Stable);
        assert_eq!(c.baseline_alerts.get(), 0.0);
    }

    #[test]
    fn duplicate_channel_keeps_first_place_last_value() {
        let f = parse(r#"{"Channels":{"A":{"Mean":1},"B":{},"A":{"Mean":2}}}"#).unwrap();
        assert_eq!(f.channels.len(), 2);
        assert_eq!(f.channels[0].0, "A");
        assert_eq!(f.channels[0].1.mean.unwrap().get(), 2.0);
    }

    #[test]
    fn errors_name_the_place_and_field() {
        let e = parse("{\"Channels\": {\"Gateway\": {\"Availability\": \"99\"}}}").unwrap_err();
        let s = e.to_string();
        assert!(s.starts_with("t.json:1:"), "{s}");
        assert!(s.contains("Channels.Gateway.Availability"), "{s}");
        assert!(s.contains("invalid type: string"), "{s}");

        let e = parse("[1,2]").unwrap_err().to_string();
        assert!(e.contains("JSON object at the top level"), "{e}");
        let e = parse(r#"{"Channels":[1]}"#).unwrap_err().to_string();
        assert!(e.contains("an object of channels"), "{e}");
        let e = parse(r#"{"Channels":{"A":[]}}"#).unwrap_err().to_string();
        assert!(
            e.contains("Channels.A") && e.contains("a channel object"),
            "{e}"
        );
        let e = parse(r#"{"Channels":{"A":{"Trend":["UP"]}}}"#)
            .unwrap_err()
            .to_string();
        assert!(e.contains("Channels.A.Trend"), "{e}");
        let e = parse(r#"{"Channels":{"A":5}}"#).unwrap_err().to_string();
        assert!(
            e.contains("Channels.A") && e.contains("a channel object"),
            "{e}"
        );
        let e = parse(r#"{"Channels":{"A":{"Availability":150}}}"#)
            .unwrap_err()
            .to_string();
        assert!(e.contains("outside 0–100"), "{e}");
        let e = parse(r#"{"Channels":{"A":{"Mean":-1}}}"#)
            .unwrap_err()
            .to_string();
        assert!(e.contains("must not be negative"), "{e}");
        let e = parse("{\"Channels\": {").unwrap_err().to_string();
        assert!(e.contains("truncated"), "{e}");
        let e = parse("  \n ").unwrap_err().to_string();
        assert!(e.contains("empty"), "{e}");
        let e = parse("{} x").unwrap_err().to_string();
        assert!(e.contains("trailing characters"), "{e}");
        let e = parse(r#"{"Channels":{"A":{"Mean":NaN}}}"#)
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("t.json:1:"), "{e}");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = format!("{{\"X\":{}{}}}", "[".repeat(100_000), "]".repeat(100_000));
        let e = parse(&deep).unwrap_err().to_string();
        assert_eq!(
            e,
            format!("t.json:1:{}: nesting deeper than 128 levels", 5 + 128)
        );
    }

    /// 100k channels parse and keep their order (the quadratic name lookups took 24 s
    /// for 80k). Time is measured in `benches/snapshot.rs`, never asserted here.
    #[test]
    fn many_channels_parse_in_file_order() {
        let n = 100_000;
        let mut text = String::from("{\"Channels\":{");
        for i in 0..n {
            if i > 0 {
                text.push(',');
            }
            text.push_str(&format!(
                "\"ch{i}\":{{\"Availability\":99.5,\"Mean\":{}}}",
                i % 300
            ));
        }
        text.push_str("},\"OptionalChannels\":{\"ch7\":{}}}");
        let f = parse(&text).unwrap();
        let snap = f.snapshot(&Policy::default(), "t.json");
        assert_eq!(snap.channels.len(), n + 1);
        let names: Vec<&str> = snap.channels.iter().map(|c| c.name()).collect();
        assert_eq!(names[..3], ["ch0", "ch1", "ch2"]);
        assert_eq!(
            names[n - 1..],
            ["ch99999", "ch7"],
            "core first, then optional"
        );
    }

    /// Absurd latencies are refused with their place, not shown
    /// as `inf ms` or `null`.
    #[test]
    fn absurd_latencies_are_errors_naming_the_field() {
        for (field, json) in [
            ("Channels.A.Mean", r#"{"Channels":{"A":{"Mean":1e308}}}"#),
            ("Channels.A.P95", r#"{"Channels":{"A":{"P95":1e300}}}"#),
            (
                "Channels.A.HourlyLatency",
                r#"{"Channels":{"A":{"HourlyLatency":[1,2e300]}}}"#,
            ),
            (
                "Channels.A.Trend.ShortMeanMs",
                r#"{"Channels":{"A":{"Trend":{"ShortMeanMs":1e300}}}}"#,
            ),
            (
                "EffectiveAvailability",
                r#"{"EffectiveAvailability":1e300,"Channels":{}}"#,
            ),
        ] {
            let e = parse(json).unwrap_err().to_string();
            assert!(e.starts_with("t.json:1:") && e.contains(field), "{e}");
        }
        parse(r#"{"Channels":{"A":{"Mean":1e9,"P95":0}}}"#).expect("the bound itself is fine");
    }

    /// NFC and NFD spellings of one name are one channel, stored in
    /// NFC; given both, the file is refused with the name.
    #[test]
    fn look_alike_names_are_normalised_and_refused_together() {
        let nfc = "\u{AC8C}\u{C774}\u{D2B8}\u{C6E8}\u{C774}"; // 게이트웨이
        let nfd: String = unicode_normalization::UnicodeNormalization::nfd(nfc).collect();
        assert_ne!(nfc, nfd);
        let f = parse(&format!(r#"{{"Channels":{{"{nfd}":{{"Mean":5}}}}}}"#)).unwrap();
        assert_eq!(f.channels[0].0, nfc);
        let e = parse(&format!(r#"{{"Channels":{{"{nfc}":{{}},"{nfd}":{{}}}}}}"#))
            .unwrap_err()
            .to_string();
        assert!(e.contains("different Unicode spellings"), "{e}");
    }
}
