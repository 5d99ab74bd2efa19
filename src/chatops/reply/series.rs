//! `trend` and `forecast`: what the latency history in the snapshot shows, and a plainly
//! labelled straight-line extrapolation of it. Nothing is shown that the source does not
//! have: metrics files carry 24 hourly means, live windows carry recent probes, and no
//! source carries an availability history.

use std::fmt::Write;

use super::fmt::{self, ms_f, round1};
use crate::chatops::classify::Classification;
use crate::chatops::intent::Lang;
use crate::chatops::replies;
use crate::domain::{classify, Policy};
use crate::snapshot::{ChannelView, Snapshot};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `HourlyLatency` of a metrics file: one mean per hour.
    Hourly,
    /// A live window: one value per probe, `None` for a failed probe.
    Probes,
}

struct Series {
    values: Vec<Option<f64>>,
    kind: Kind,
}

fn series(c: &ChannelView) -> Option<Series> {
    let d = &c.details;
    if !d.hourly_latency_ms.is_empty() {
        let values = d.hourly_latency_ms.iter().map(|v| Some(*v)).collect();
        Some(Series {
            values,
            kind: Kind::Hourly,
        })
    } else if !d.recent_latency_ms.is_empty() {
        Some(Series {
            values: d.recent_latency_ms.clone(),
            kind: Kind::Probes,
        })
    } else {
        None
    }
}

fn chosen<'a>(s: &'a Snapshot, channel: Option<&str>) -> Vec<&'a ChannelView> {
    match channel.and_then(|n| s.channel(n)) {
        Some(c) => vec![c],
        None => s.channels.iter().collect(),
    }
}

fn kind_label(k: Kind, n: usize, lang: Lang) -> String {
    match k {
        Kind::Hourly => replies::hourly_means(lang, &n),
        Kind::Probes => replies::last_probes(lang, &n),
    }
}

/// `trend`: a sparkline per channel (oldest → newest), first and last value, range, and
/// the source's own short/long means.
pub fn trend(s: &Snapshot, channel: Option<&str>, lang: Lang) -> String {
    let chans = chosen(s, channel);
    let mut out = String::new();
    out.push_str(replies::LATENCY_HISTORY_OLDEST_NEWEST.get(lang));
    let w = fmt::name_width(chans.iter().copied(), 4);
    for c in chans {
        let name = fmt::pad(&crate::base::sanitize::cell(c.name(), fmt::NAME_MAX), w);
        let Some(sr) = series(c) else {
            let _ = writeln!(
                out,
                "  {name}  {}",
                replies::NO_HISTORY_IN_THIS_SOURCE.get(lang)
            );
            continue;
        };
        let known: Vec<f64> = sr.values.iter().flatten().copied().collect();
        let (lo, hi) = min_max(&known);
        let span = match (known.first(), known.last()) {
            (Some(a), Some(b)) => format!("{} → {}", round1(*a), ms_f(*b)),
            _ => replies::NO_SUCCESSFUL_PROBE.get(lang).to_string(),
        };
        let _ = writeln!(
            out,
            "  {name}  {}  {span} ({})",
            fmt::sparkline(&sr.values),
            kind_label(sr.kind, sr.values.len(), lang)
        );
        let mut facts = format!(
            "{} {}, {} {}",
            replies::MIN.get(lang),
            ms_f(lo),
            replies::MAX.get(lang),
            ms_f(hi)
        );
        let d = &c.details;
        if let (Some(short), Some(long)) = (d.trend_short_mean_ms, d.trend_long_mean_ms) {
            let _ = write!(
                facts,
                "; {} {short} ms / {} {long} ms",
                replies::SHORT.get(lang),
                replies::LONG.get(lang),
            );
        }
        let trend = fmt::trend_word(&c.eval.input.trend, lang);
        let _ = writeln!(out, "  {}  {facts} → {trend}", " ".repeat(w));
    }
    out
}

fn min_max(v: &[f64]) -> (f64, f64) {
    if v.is_empty() {
        return (0.0, 0.0);
    }
    v.iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), x| {
            (lo.min(*x), hi.max(*x))
        })
}

/// Least-squares line through `(index, value)` for the known values: (slope, value at the
/// last index). `None` with fewer than three points — two points make a line, not a trend.
fn fit(values: &[Option<f64>]) -> Option<(f64, f64)> {
    let pts: Vec<(f64, f64)> = values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|v| (i as f64, v)))
        .collect();
    if pts.len() < 3 {
        return None;
    }
    let n = pts.len() as f64;
    let (mx, my) = pts
        .iter()
        .fold((0.0, 0.0), |(a, b), (x, y)| (a + x / n, b + y / n));
    let sxx: f64 = pts.iter().map(|(x, _)| (x - mx).powi(2)).sum();
    let sxy: f64 = pts.iter().map(|(x, y)| (x - mx) * (y - my)).sum();
    let slope = if sxx > 0.0 { sxy / sxx } else { 0.0 };
    let last = (values.len() - 1) as f64;
    Some((slope, my + slope * (last - mx)))
}

/// `forecast`: one step ahead on the fitted line, and the health that latency would give
/// if availability stayed as it is (there is no availability history to fit).
pub fn forecast(s: &Snapshot, c: &Classification, policy: &Policy, lang: Lang) -> String {
    let chans = chosen(s, c.args.channel.as_deref());
    // Until some channel's model can forecast (three rounds), the fitted line over the
    // window's probes still answers: a one-shot `--say` probes only once.
    let modelled = |ch: &&ChannelView| ch.details.forecast.is_some_and(|f| f.latency_ms.is_some());
    if chans.iter().any(modelled) {
        return from_model(&chans, policy, lang);
    }
    let mut out = String::new();
    out.push_str(replies::FORECAST_A_STRAIGHT_LINE_FITTED.get(lang));
    let w = fmt::name_width(chans.iter().copied(), 4);
    let mut hourly = false;
    for ch in chans {
        let name = fmt::pad(&crate::base::sanitize::cell(ch.name(), fmt::NAME_MAX), w);
        let sr = series(ch);
        let fitted = sr
            .as_ref()
            .and_then(|sr| fit(&sr.values).map(|f| (sr.kind, f)));
        let Some((kind, (slope, at_last))) = fitted else {
            let n = sr.map_or(0, |sr| sr.values.iter().flatten().count());
            let _ = writeln!(
                out,
                "  {name}  {} ({n})",
                replies::NOT_ENOUGH_HISTORY.get(lang)
            );
            continue;
        };
        hourly |= kind == Kind::Hourly;
        let predicted = (at_last + slope).max(0.0);
        let i = &ch.eval.input;
        let health = classify(
            i.availability.get(),
            predicted,
            i.baseline_alerts.get(),
            &policy.thresholds,
        );
        let (step, unit) = match (kind, lang) {
            (Kind::Hourly, Lang::Ko) => ("다음 1시간", "ms/시간"),
            (Kind::Hourly, Lang::En) => ("next hour", "ms/h"),
            (Kind::Probes, Lang::Ko) => ("다음 프로브", "ms/프로브"),
            (Kind::Probes, Lang::En) => ("next probe", "ms/probe"),
        };
        let _ = writeln!(
            out,
            "  {name}  {step} ≈ {} ({}{} {unit}) → {} {}",
            ms_f(predicted),
            if slope >= 0.0 { "+" } else { "" },
            round1(slope),
            health,
            replies::IF_AVAILABILITY_HOLDS.get(lang),
        );
    }
    if let (Some(m), true) = (c.args.horizon_minutes, hourly) {
        if m != 60 {
            let _ = writeln!(out, "  {}", replies::hourly_horizon(lang, &m));
        }
    }
    out.push_str(replies::AVAILABILITY_NO_HISTORY_IN_THIS.get(lang));
    out
}

/// Live and replay: each channel's own latency model (level and trend) one probe round
/// ahead, the health it would give, and the worse health it heads for, if any.
fn from_model(chans: &[&ChannelView], policy: &Policy, lang: Lang) -> String {
    let mut out = String::from(replies::FORECAST_EACH_CHANNEL_S_LATENCY.get(lang));
    let w = fmt::name_width(chans.iter().copied(), 4);
    for ch in chans {
        let name = fmt::pad(&crate::base::sanitize::cell(ch.name(), fmt::NAME_MAX), w);
        let model = ch.details.forecast.unwrap_or_default();
        let Some(next) = model.latency_ms else {
            let _ = writeln!(
                out,
                "  {name}  {}",
                replies::STILL_LEARNING_FEWER_THAN_3.get(lang)
            );
            continue;
        };
        let i = &ch.eval.input;
        let health = classify(i.availability.get(), next, 0.0, &policy.thresholds);
        let mut line = format!(
            "  {name}  {} ≈ {} → {health} {}",
            replies::NEXT_ROUND.get(lang),
            ms_f(next),
            replies::IF_AVAILABILITY_HOLDS.get(lang),
        );
        if let Some(p) = crate::monitor::words::prediction(&model, lang) {
            let _ = write!(line, "; {p}");
        }
        let _ = writeln!(out, "{line}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_of_a_line_is_the_line() {
        let v: Vec<Option<f64>> = (0..5).map(|i| Some(10.0 + 2.0 * i as f64)).collect();
        let (slope, last) = fit(&v).unwrap_or((0.0, 0.0));
        assert!((slope - 2.0).abs() < 1e-9);
        assert!((last - 18.0).abs() < 1e-9);
    }

    #[test]
    fn fit_skips_failed_probes_and_needs_three_points() {
        let v = [Some(1.0), None, Some(3.0), None, Some(5.0)];
        let (slope, last) = fit(&v).unwrap_or((0.0, 0.0));
        assert!((slope - 1.0).abs() < 1e-9 && (last - 5.0).abs() < 1e-9);
        assert_eq!(fit(&[Some(1.0), Some(2.0)]), None);
        assert_eq!(fit(&[Some(1.0), None, None, Some(2.0)]), None);
    }

    #[test]
    fn flat_series_has_zero_slope() {
        assert_eq!(fit(&[Some(7.0); 4]), Some((0.0, 7.0)));
    }

    /// A file snapshot given the latency model a live or replay source would carry.
    fn with_model() -> Snapshot {
        let f = crate::source::metrics_file::MetricsFile::parse(
            "t.json",
            br#"{"Channels":{"Gateway":{"Availability":100,"Mean":150},"Local":{"Availability":100,"Mean":40}}}"#,
        )
        .expect("parses");
        let mut s = f.snapshot(&Policy::default(), "t.json");
        for c in &mut s.channels {
            c.details.forecast = Some(crate::snapshot::Forecast {
                latency_ms: (c.name() == "Gateway").then_some(182.4),
                predicted: (c.name() == "Gateway")
                    .then_some((crate::domain::Health::Degraded, 240_000)),
                ..Default::default()
            });
        }
        s
    }

    #[test]
    fn the_forecast_comes_from_the_model_when_there_is_one() {
        let s = with_model();
        let chans: Vec<&ChannelView> = s.channels.iter().collect();
        let text = from_model(&chans, &Policy::default(), Lang::En);
        assert!(
            text.starts_with("forecast: each channel's latency model"),
            "{text}"
        );
        assert!(
            text.contains(
                "next round ≈ 182.4 ms → GOOD if availability holds; predicted DEGRADED in ~4 min"
            ),
            "{text}"
        );
        assert!(text.contains("still learning"), "{text}");
    }

    #[test]
    fn until_a_model_can_forecast_the_fitted_line_answers() {
        let mut s = with_model();
        for c in &mut s.channels {
            c.details.forecast = Some(crate::snapshot::Forecast::default());
            c.details.hourly_latency_ms = vec![100.0, 110.0, 120.0];
        }
        let engine = crate::chatops::classify::Engine::with_channels(&["Gateway", "Local"]);
        let c = engine.classify("forecast");
        let text = forecast(&s, &c, &Policy::default(), Lang::En);
        assert!(text.starts_with("forecast: a straight line"), "{text}");
        let text = forecast(&with_model(), &c, &Policy::default(), Lang::En);
        assert!(
            text.starts_with("forecast: each channel's latency model"),
            "{text}"
        );
    }
}
