//! Small text helpers for dense panes: compact numbers, display-width truncation, ages,
//! clock times and sparklines. Text helpers pass input-derived text through the one
//! terminal sanitiser (`base::sanitize`): ratatui would silently drop control
//! characters but keep bidi overrides; the console shows both as visible escapes.

use std::borrow::Cow;

use jiff::tz::TimeZone;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use ratatui::style::Style;

use super::theme::Theme;
use crate::base::sanitize;
use crate::domain::Num;
use crate::snapshot::ChannelView;

/// Input-derived text made safe to draw (see `base::sanitize::clean`).
pub fn safe(s: &str) -> Cow<'_, str> {
    sanitize::clean(s)
}

/// Latency in few characters: `3.5ms`, `38ms`, `269ms`, `1.23s`.
pub fn ms(v: f64) -> String {
    if !v.is_finite() {
        "-".to_string()
    } else if v < 10.0 {
        format!("{v:.1}ms")
    } else if v < 1000.0 {
        format!("{}ms", v.round() as i64)
    } else {
        format!("{:.2}s", v / 1000.0)
    }
}

pub fn ms_opt(v: Option<Num>) -> String {
    v.map_or_else(|| "-".to_string(), |n| ms(n.get()))
}

/// A percentage as it came in (at most two decimals are ever produced upstream).
pub fn pct(n: Num) -> String {
    format!("{n}%")
}

/// Makes `s` safe, then cuts it to `max` display columns, marking the cut with `…`.
pub fn truncate(s: &str, max: usize) -> String {
    sanitize::cell(s, max).into_owned()
}

/// Splits `s` (made safe first) into lines of at most `width` columns (by character;
/// replies are short aligned text where word wrapping would break the columns anyway).
pub fn wrap(s: &str, width: usize) -> Vec<String> {
    let s = safe(s);
    let width = width.max(1);
    let mut out = Vec::new();
    let mut line = String::new();
    let mut w = 0;
    for ch in s.chars() {
        let cw = ch.width().unwrap_or(0);
        if w + cw > width {
            out.push(std::mem::take(&mut line));
            w = 0;
        }
        line.push(ch);
        w += cw;
    }
    out.push(line);
    out
}

/// Word-wraps `s` to `width` columns; a word longer than a line is split.
pub fn wrap_words(s: &str, width: usize) -> Vec<String> {
    let s = safe(s);
    let width = width.max(1);
    let mut out: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in s.split(' ') {
        let need = if line.is_empty() {
            word.width()
        } else {
            line.width() + 1 + word.width()
        };
        if need <= width {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
            continue;
        }
        if !line.is_empty() {
            out.push(std::mem::take(&mut line));
        }
        let mut parts = wrap(word, width);
        line = parts.pop().unwrap_or_default();
        out.extend(parts);
    }
    out.push(line);
    out
}

/// A channel's last error as the panes show it: with its age, and whether the channel
/// is healthy again (the error then fades: it is history, not why it is down).
pub struct LastError {
    /// `3m ago: HTTP 503 …` (cleaned: a server's words are input).
    pub text: String,
    /// The error alone, cleaned.
    pub message: String,
    pub recovered: bool,
}

impl LastError {
    pub fn style(&self, t: Theme) -> Style {
        if self.recovered {
            t.dim()
        } else {
            t.failure()
        }
    }
}

pub fn last_error(c: &ChannelView) -> Option<LastError> {
    let d = &c.details;
    let err = d.last_error.as_deref()?;
    // Measured against the snapshot's own time: the age then changes with the data, and
    // an idle console needs no timer for it.
    let message = safe(err).into_owned();
    let text = match (d.last_error_at_ms, d.at_ms) {
        (Some(at), Some(now)) => format!("{} ago: {message}", age(now - at)),
        _ => message.clone(),
    };
    Some(LastError {
        text,
        message,
        recovered: c.eval.health.is_healthy() && d.consecutive_failures == 0,
    })
}

/// Whole units only ("3s", "2m", "1h"): the header then changes at most once a second,
/// and much less often once data is old.
pub fn age(ms: i64) -> String {
    let s = ms.max(0) / 1000;
    match s {
        0..=59 => format!("{s}s"),
        60..=3599 => format!("{}m", s / 60),
        3600..=172_799 => format!("{}h", s / 3600),
        _ => format!("{}d", s / 86_400),
    }
}

/// When `age` of something stamped `at_ms` next changes its text, after `now_ms`.
pub fn age_changes_at(at_ms: i64, now_ms: i64) -> i64 {
    let elapsed = (now_ms - at_ms).max(0);
    let unit = match elapsed / 1000 {
        0..=59 => 1_000,
        60..=3599 => 60_000,
        3600..=172_799 => 3_600_000,
        _ => 86_400_000,
    };
    at_ms + (elapsed / unit + 1) * unit
}

/// `HH:MM:SS` in the console's time zone.
pub fn clock(at_ms: i64, tz: &TimeZone) -> String {
    match jiff::Timestamp::from_millisecond(at_ms) {
        Ok(t) => {
            let dt = tz.to_datetime(t);
            format!("{:02}:{:02}:{:02}", dt.hour(), dt.minute(), dt.second())
        }
        Err(_) => "--:--:--".to_string(),
    }
}

const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// One block character for `v` scaled between `lo` and `hi`.
pub fn bar(v: f64, lo: f64, hi: f64) -> char {
    if hi > lo {
        BARS[(((v - lo) / (hi - lo)) * 7.0).round().clamp(0.0, 7.0) as usize]
    } else {
        BARS[3]
    }
}

/// The range of the known values (failed probes are `None`).
pub fn range<'a>(values: impl Iterator<Item = &'a Option<f64>>) -> (f64, f64) {
    values
        .flatten()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
            (lo.min(v), hi.max(v))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_numbers() {
        assert_eq!(ms(3.54), "3.5ms");
        assert_eq!(ms(38.4), "38ms");
        assert_eq!(ms(268.91), "269ms");
        assert_eq!(ms(1234.0), "1.23s");
    }

    #[test]
    fn ages_and_their_next_change() {
        assert_eq!(age(0), "0s");
        assert_eq!(age(59_999), "59s");
        assert_eq!(age(61_000), "1m");
        assert_eq!(age_changes_at(1_000, 1_500), 2_000);
        assert_eq!(age_changes_at(0, 61_000), 120_000);
    }

    #[test]
    fn truncation_and_wrapping_use_display_width() {
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("게이트웨이", 5).width(), 5);
        assert_eq!(wrap("abcdef", 4), ["abcd", "ef"]);
        assert_eq!(wrap("게이트웨이", 4), ["게이", "트웨", "이"]);
        assert_eq!(
            wrap_words("recovery NEEDED: Overall health", 16),
            ["recovery NEEDED:", "Overall health"]
        );
        assert_eq!(wrap_words("abcdefghij x", 4), ["abcd", "efgh", "ij x"]);
    }
}
