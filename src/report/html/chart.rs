//! Inline SVG for the dashboard: a sparkline per card and the latency chart over the
//! window, with a time axis and a millisecond scale. Pure functions of their series, so
//! any source can feed them: the snapshot's window or hourly means today, the history
//! database tomorrow. Colours come from CSS classes (`s0`…`s7`), so the page's light and
//! dark themes apply; each series also has its own dash pattern, so lines are told apart
//! without colour.

use std::fmt::Write;

/// One channel's latency over time: `(ms since the epoch, latency ms)`, oldest first;
/// `None` is a failed probe (drawn as a gap and a mark on the time axis).
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub points: Vec<(i64, Option<f64>)>,
}

/// Series the chart draws at most; more would be an unreadable tangle.
pub const MAX_SERIES: usize = 8;
/// Dash patterns by series index (`None` = solid), so lines differ without colour.
const DASHES: [Option<&str>; 4] = [None, Some("8 4"), Some("2 4"), Some("10 4 2 4")];

const W: f64 = 960.0;
const H: f64 = 320.0;
const LEFT: f64 = 76.0;
const RIGHT: f64 = 24.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 56.0;

/// The dash attribute of series `i` (also used by the legend).
pub fn dash_attr(i: usize) -> String {
    DASHES[i % DASHES.len()]
        .map(|d| format!(" stroke-dasharray=\"{d}\""))
        .unwrap_or_default()
}

/// A small line of `values` (oldest first) scaled to their own range; `label` (already
/// HTML-escaped) is its accessible description.
pub fn sparkline(values: &[Option<f64>], label: &str) -> String {
    const SW: f64 = 160.0;
    const SH: f64 = 36.0;
    let mut out = format!(
        "<svg class=\"spark\" viewBox=\"0 0 {SW} {SH}\" preserveAspectRatio=\"none\" \
         role=\"img\" aria-label=\"{label}\">\
         <title>{label}</title>"
    );
    let (lo, hi) = range(values.iter().flatten().copied());
    if values.is_empty() || lo > hi {
        out.push_str("</svg>");
        return out;
    }
    let step = if values.len() > 1 {
        (SW - 4.0) / (values.len() - 1) as f64
    } else {
        0.0
    };
    let y = |v: f64| {
        if hi > lo {
            SH - 3.0 - (v - lo) / (hi - lo) * (SH - 8.0)
        } else {
            SH / 2.0
        }
    };
    let pts: Vec<(f64, Option<f64>)> = values
        .iter()
        .enumerate()
        .map(|(i, v)| (2.0 + i as f64 * step, v.map(y)))
        .collect();
    path(&mut out, &pts, "line", "");
    for (x, v) in &pts {
        if v.is_none() {
            let _ = write!(
                out,
                "<line class=\"fail\" x1=\"{x:.1}\" y1=\"{:.1}\" x2=\"{x:.1}\" y2=\"{SH}\"/>",
                SH - 6.0
            );
        }
    }
    out.push_str("</svg>");
    out
}

/// `M x y L x y …` through the points, broken at each `None`; a point alone is a dot.
fn path(out: &mut String, pts: &[(f64, Option<f64>)], class: &str, extra: &str) {
    let mut d = String::new();
    let mut run = 0;
    let mut dots = String::new();
    for (i, (x, y)) in pts.iter().enumerate() {
        match y {
            Some(y) => {
                let _ = write!(d, "{}{x:.1} {y:.1}", if run == 0 { "M" } else { "L" });
                run += 1;
                let next_gap = pts.get(i + 1).is_none_or(|(_, n)| n.is_none());
                if run == 1 && next_gap {
                    let _ = write!(
                        dots,
                        "<circle class=\"dot {class}\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"2.5\"/>"
                    );
                }
            }
            None => run = 0,
        }
    }
    if !d.is_empty() {
        let _ = write!(out, "<path class=\"{class}\"{extra} d=\"{d}\"/>");
    }
    out.push_str(&dots);
}

/// The smallest and largest finite value (`(inf, -inf)` when there is none).
fn range(values: impl Iterator<Item = f64>) -> (f64, f64) {
    values
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        })
}

/// A 1-2-5 step that cuts `span` into about `ticks` pieces.
fn nice_step(span: f64, ticks: f64) -> f64 {
    let raw = (span / ticks).max(f64::MIN_POSITIVE);
    let mag = 10f64.powf(raw.log10().floor());
    let norm = raw / mag;
    let k = if norm <= 1.0 {
        1.0
    } else if norm <= 2.0 {
        2.0
    } else if norm <= 5.0 {
        5.0
    } else {
        10.0
    };
    k * mag
}

/// A round time step (seconds to weeks) giving at most about six ticks over `span_ms`.
fn time_step(span_ms: i64) -> i64 {
    const STEPS_S: [i64; 16] = [
        10, 30, 60, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172_800, 604_800,
        2_592_000,
    ];
    STEPS_S
        .iter()
        .map(|s| s * 1000)
        .find(|s| span_ms / s <= 6)
        .unwrap_or(2_592_000_000)
}

/// `HH:MM` (with seconds for short steps, with the date for spans of days).
fn time_label(at_ms: i64, step_ms: i64, span_ms: i64) -> String {
    let Ok(t) = jiff::Timestamp::from_millisecond(at_ms) else {
        return at_ms.to_string();
    };
    let fmt = if span_ms >= 2 * 86_400_000 {
        "%m-%d %H:%M"
    } else if step_ms < 60_000 {
        "%H:%M:%S"
    } else {
        "%H:%M"
    };
    t.strftime(fmt).to_string()
}

/// The latency chart: every series on one time axis (`tz` names the clock the labels
/// are in) and one ms scale from 0. At most [`MAX_SERIES`] series are drawn; the caller
/// says so when it had more. `label` (already escaped) describes it for screen readers.
pub fn latency_chart(series: &[Series], tz: &str, label: &str) -> String {
    let series = &series[..series.len().min(MAX_SERIES)];
    let mut out = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-label=\"{label}\">\
         <title>{label}</title>"
    );
    let all = || series.iter().flat_map(|s| s.points.iter());
    let (t0, t1) = all().fold((i64::MAX, i64::MIN), |(a, b), (t, _)| {
        (a.min(*t), b.max(*t))
    });
    let (_, vmax) = range(all().filter_map(|(_, v)| *v));
    if t0 > t1 || !vmax.is_finite() {
        out.push_str("<text class=\"axis\" x=\"480\" y=\"160\" text-anchor=\"middle\">no latency samples</text></svg>");
        return out;
    }
    let span = (t1 - t0).max(1);
    let ystep = nice_step(vmax.max(1.0), 4.0);
    let ymax = (vmax / ystep).ceil().max(1.0) * ystep;
    let (pw, ph) = (W - LEFT - RIGHT, H - TOP - BOTTOM);
    let x = |t: i64| {
        if t1 > t0 {
            LEFT + (t - t0) as f64 / span as f64 * pw
        } else {
            LEFT + pw / 2.0
        }
    };
    let y = |v: f64| TOP + ph - v / ymax * ph;
    y_axis(&mut out, ymax, ystep, &y);
    x_axis(&mut out, t0, t1, tz, &x);
    for (i, s) in series.iter().enumerate() {
        let pts: Vec<(f64, Option<f64>)> =
            s.points.iter().map(|(t, v)| (x(*t), v.map(y))).collect();
        let class = format!("line s{}", i % 8);
        path(&mut out, &pts, &class, &dash_attr(i));
        for (px, v) in &pts {
            if v.is_none() {
                let _ = write!(
                    out,
                    "<path class=\"fail\" d=\"M{:.1} {:.1}l4 6h-8z\"/>",
                    px,
                    TOP + ph + 2.0
                );
            }
        }
    }
    out.push_str("</svg>");
    out
}

fn y_axis(out: &mut String, ymax: f64, ystep: f64, y: &dyn Fn(f64) -> f64) {
    let mut v = 0.0;
    while v <= ymax + ystep / 2.0 {
        let py = y(v);
        let _ = write!(
            out,
            "<line class=\"grid\" x1=\"{LEFT}\" y1=\"{py:.1}\" x2=\"{:.1}\" y2=\"{py:.1}\"/>\
             <text class=\"axis\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            W - RIGHT,
            LEFT - 6.0,
            py + 4.0,
            crate::domain::Num::round2(v)
        );
        v += ystep;
    }
    let _ = write!(
        out,
        "<text class=\"axis\" x=\"18\" y=\"{:.1}\" transform=\"rotate(-90 18 {:.1})\" \
         text-anchor=\"middle\">latency (ms)</text>",
        TOP + (H - TOP - BOTTOM) / 2.0,
        TOP + (H - TOP - BOTTOM) / 2.0
    );
}

fn x_axis(out: &mut String, t0: i64, t1: i64, tz: &str, x: &dyn Fn(i64) -> f64) {
    let base = TOP + (H - TOP - BOTTOM);
    let _ = write!(
        out,
        "<line class=\"axisline\" x1=\"{LEFT}\" y1=\"{base:.1}\" x2=\"{:.1}\" y2=\"{base:.1}\"/>",
        W - RIGHT
    );
    let span = t1 - t0;
    let step = time_step(span);
    let mut t = t0.div_euclid(step) * step;
    if t < t0 {
        t += step;
    }
    if span == 0 {
        t = t0;
    }
    while t <= t1 {
        let px = x(t);
        let _ = write!(
            out,
            "<line class=\"tick\" x1=\"{px:.1}\" y1=\"{base:.1}\" x2=\"{px:.1}\" y2=\"{:.1}\"/>\
             <text class=\"axis\" x=\"{px:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            base + 5.0,
            base + 24.0,
            time_label(t, step, span)
        );
        t += step.max(1);
    }
    let _ = write!(
        out,
        "<text class=\"axis\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">time{}</text>",
        LEFT + (W - LEFT - RIGHT) / 2.0,
        H - 4.0,
        if tz.is_empty() {
            String::new()
        } else {
            format!(" ({tz})")
        }
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(points: Vec<(i64, Option<f64>)>) -> Series {
        Series {
            name: "a".into(),
            points,
        }
    }

    #[test]
    fn nice_steps_are_1_2_5() {
        assert_eq!(nice_step(2060.0, 4.0), 1000.0);
        assert_eq!(nice_step(300.0, 4.0), 100.0);
        assert_eq!(nice_step(13.0, 4.0), 5.0);
        assert_eq!(nice_step(1.0, 4.0), 0.5);
    }

    #[test]
    fn time_axis_is_labelled_on_round_times() {
        let h = 3_600_000;
        let s = series(vec![(0, Some(10.0)), (24 * h, Some(20.0))]);
        let svg = latency_chart(&[s], "UTC", "x");
        // 24 hours in 6-hour steps: 00:00 … 00:00 (next day).
        for label in [">00:00<", ">06:00<", ">12:00<", ">18:00<"] {
            assert!(svg.contains(label), "{label} in {svg}");
        }
        assert!(svg.contains("time (UTC)"));
        assert!(svg.contains(">latency (ms)<"));
        // The scale starts at 0 and reaches past the largest value.
        assert!(svg.contains(">0<") && svg.contains(">20<"), "{svg}");
    }

    #[test]
    fn failed_probes_break_the_line_and_are_marked() {
        let s = series(vec![
            (0, Some(10.0)),
            (1000, None),
            (2000, Some(12.0)),
            (3000, Some(11.0)),
        ]);
        let svg = latency_chart(&[s], "UTC", "x");
        assert_eq!(svg.matches("class=\"fail\"").count(), 1);
        // One lone point (a dot) before the gap, then a two-point run: two subpaths.
        assert_eq!(svg.matches("<circle").count(), 1);
        let line = svg.split("class=\"line s0\"").nth(1).expect("a line");
        assert_eq!(line.split("/>").next().expect("d").matches('M').count(), 2);
    }

    #[test]
    fn no_samples_says_so() {
        let svg = latency_chart(&[series(vec![(0, None)])], "", "x");
        assert!(svg.contains("no latency samples"));
        let svg = latency_chart(&[], "", "x");
        assert!(svg.contains("no latency samples"));
    }

    #[test]
    fn sparkline_has_alt_text_and_marks_failures() {
        let svg = sparkline(&[Some(1.0), None, Some(3.0), Some(2.0)], "lat");
        assert!(svg.contains("role=\"img\"") && svg.contains("<title>lat</title>"));
        assert!(svg.contains("class=\"fail\""));
        assert!(sparkline(&[], "lat").ends_with("</svg>"));
    }
}
