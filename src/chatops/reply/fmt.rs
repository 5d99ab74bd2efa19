//! Small text helpers shared by the replies: aligned channel rows, localised words,
//! display-width padding (Hangul is two columns wide) and sparklines.

use std::fmt::Write;

use unicode_width::UnicodeWidthStr;

use crate::chatops::intent::Lang;
use crate::chatops::replies;
use crate::domain::{Num, RoutingMode, Trend};
use crate::snapshot::{ChannelView, Snapshot};

/// Pads `s` with spaces to `width` display columns.
pub fn pad(s: &str, width: usize) -> String {
    format!("{s}{}", " ".repeat(width.saturating_sub(s.width())))
}

pub fn ms(n: Num) -> String {
    format!("{n} ms")
}

pub fn ms_f(v: f64) -> String {
    format!("{} ms", round1(v))
}

/// One decimal, without a trailing `.0` (`262.1`, `38`).
pub fn round1(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
}

pub fn trend_word(t: &Trend, lang: Lang) -> String {
    match (lang, t) {
        (Lang::Ko, Trend::Improving) => "개선 중".to_string(),
        (Lang::Ko, Trend::Stable) => "안정".to_string(),
        (Lang::Ko, Trend::Degrading) => "악화 중".to_string(),
        (_, t) => t.as_str().to_string(),
    }
}

pub fn mode_word(m: RoutingMode, lang: Lang) -> &'static str {
    match m {
        RoutingMode::Monitoring => replies::MODE_MONITORING.get(lang),
        RoutingMode::Static => replies::MODE_STATIC.get(lang),
    }
}

pub fn name_or_none(n: &Option<String>, lang: Lang) -> String {
    n.clone()
        .unwrap_or_else(|| replies::NONE.get(lang).to_string())
}

pub fn list_or_none(items: &[String], lang: Lang) -> String {
    if items.is_empty() {
        replies::NONE.get(lang).to_string()
    } else {
        items.join(", ")
    }
}

/// Channel names wider than this are cut with `…` in listings; details show them whole.
pub const NAME_MAX: usize = 20;

/// Width of the widest channel name as listed (at least `min`, at most [`NAME_MAX`]).
pub fn name_width<'a>(channels: impl Iterator<Item = &'a ChannelView>, min: usize) -> usize {
    channels
        .map(|c| c.name().width().min(NAME_MAX))
        .max()
        .unwrap_or(0)
        .max(min)
}

/// `  Gateway  DEGRADED   100%     254.8 ms  STABLE` — the line every listing uses.
pub fn channel_row(out: &mut String, c: &ChannelView, name_w: usize, lang: Lang) {
    let i = &c.eval.input;
    let p95 = c
        .details
        .p95_latency_ms
        .map_or(String::new(), |p| format!("p95 {}", ms(p)));
    let mut line = format!(
        "  {}  {:<9}  {:>7}  {:>11}  {:<12}  {}",
        pad(&crate::base::sanitize::cell(c.name(), NAME_MAX), name_w),
        c.eval.health.as_str(),
        format!("{}%", i.availability),
        if c.details.no_latency {
            "-".to_string()
        } else {
            ms(i.mean_latency_ms)
        },
        p95,
        trend_word(&i.trend, lang),
    );
    if i.optional {
        line.push_str(replies::OPTIONAL_NOTE.get(lang));
    }
    let _ = writeln!(out, "{}", line.trim_end());
}

/// Label/value lines with labels padded to one width.
pub fn pairs(out: &mut String, rows: &[(&str, String)]) {
    let w = rows.iter().map(|(k, _)| k.width()).max().unwrap_or(0);
    for (k, v) in rows {
        let _ = writeln!(out, "  {}  {v}", pad(k, w));
    }
}

/// Core channels in the order routing ranks them: by (priority, mean latency) in
/// monitoring mode, file order in static mode — the same stable sort as `domain::route`.
pub fn ranked(s: &Snapshot) -> Vec<&ChannelView> {
    let mut core: Vec<&ChannelView> = s
        .channels
        .iter()
        .filter(|c| !c.eval.input.optional)
        .collect();
    if s.routing.mode == RoutingMode::Monitoring {
        core.sort_by(|a, b| {
            a.eval.routing_priority.cmp(&b.eval.routing_priority).then(
                a.eval
                    .input
                    .mean_latency_ms
                    .get()
                    .total_cmp(&b.eval.input.mean_latency_ms.get()),
            )
        });
    }
    core
}

/// `Gateway (3, 254.8 ms)`: a channel with its sort key.
pub fn keyed(c: &ChannelView) -> String {
    // No successful probe in the window: no latency to show (the rules used 999).
    let mean = if c.details.no_latency {
        "-".to_string()
    } else {
        ms(c.eval.input.mean_latency_ms)
    };
    format!("{} ({}, {mean})", c.name(), c.eval.routing_priority)
}

/// Word-wraps `text` to `width` columns. The first line starts at column `first`;
/// continuation lines start with `indent` spaces.
pub fn wrap(text: &str, first: usize, indent: usize, width: usize) -> String {
    let mut out = String::new();
    let (mut col, mut line_start) = (first, first);
    for word in text.split(' ') {
        if col > line_start && col + 1 + word.width() > width {
            out.push('\n');
            out.push_str(&" ".repeat(indent));
            col = indent;
            line_start = indent;
        } else if col > line_start {
            out.push(' ');
            col += 1;
        }
        out.push_str(word);
        col += word.width();
    }
    out
}

/// Re-wraps any line wider than `width` (long channel names, long reasons), indenting its
/// continuation two columns deeper than the line itself.
pub fn fit(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        if line.width() <= width {
            out.push_str(line);
        } else {
            let body = line.trim_start();
            let lead = line.len() - body.len();
            out.push_str(&line[..lead]);
            out.push_str(&wrap(body, lead, lead + 2, width));
        }
        out.push('\n');
    }
    out
}

/// Joins `items` with ` → `, breaking lines so that none is wider than `width` columns;
/// continuation lines start with `indent` spaces.
pub fn arrows(items: &[String], indent: usize, width: usize) -> String {
    let mut out = String::new();
    let mut col = indent;
    for (i, item) in items.iter().enumerate() {
        let piece = if i == 0 {
            item.clone()
        } else {
            format!(" → {item}")
        };
        if i > 0 && col + piece.width() > width {
            out.push('\n');
            out.push_str(&" ".repeat(indent));
            out.push_str(&format!("→ {item}"));
            col = indent + item.width() + 2;
        } else {
            out.push_str(&piece);
            col += piece.width();
        }
    }
    out
}

const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// A sparkline of `values` scaled between their min and max; `None` (a failed probe) is `✕`.
pub fn sparkline(values: &[Option<f64>]) -> String {
    let known = values.iter().flatten().copied();
    let (lo, hi) = known.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    values
        .iter()
        .map(|v| match v {
            None => '✕',
            Some(v) if hi > lo => {
                let k = ((v - lo) / (hi - lo) * 7.0).round() as usize;
                BARS[k.min(7)]
            }
            Some(_) => BARS[3],
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparkline_scales_between_min_and_max() {
        assert_eq!(sparkline(&[Some(1.0), Some(8.0)]), "▁█");
        assert_eq!(sparkline(&[Some(5.0), None, Some(5.0)]), "▄✕▄");
        assert_eq!(sparkline(&[]), "");
    }

    #[test]
    fn wrap_breaks_between_words() {
        assert_eq!(wrap("aa bb cc", 0, 2, 80), "aa bb cc");
        assert_eq!(wrap("aa bb cc", 0, 2, 6), "aa bb\n  cc");
        assert_eq!(wrap("aa bb cc", 3, 2, 6), "aa\n  bb\n  cc");
        assert_eq!(wrap("", 0, 2, 8), "");
    }

    #[test]
    fn fit_only_touches_long_lines() {
        assert_eq!(fit("short\n  aa bb cc\n", 7), "short\n  aa bb\n    cc\n");
        assert_eq!(fit("x\n", 80), "x\n");
    }

    #[test]
    fn arrows_wrap_at_the_width() {
        let items: Vec<String> = ["aaaa", "bbbb", "cccc"].map(String::from).to_vec();
        assert_eq!(arrows(&items, 2, 80), "aaaa → bbbb → cccc");
        assert_eq!(arrows(&items, 2, 14), "aaaa → bbbb\n  → cccc");
    }

    #[test]
    fn padding_counts_display_columns() {
        assert_eq!(pad("가용성", 8), "가용성  ");
        assert_eq!(pad("abc", 2), "abc");
        assert_eq!(round1(262.14), "262.1");
        assert_eq!(round1(38.0), "38");
    }
}
