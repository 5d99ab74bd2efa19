//! `trend` over a period from the history database: "지난 1시간", "last 24 hours", "what
//! happened overnight" answered with each channel's availability, time up, mean and p95
//! latency, incidents and downtime — real numbers from stored ticks, not the window.

use std::fmt::Write;
use std::path::Path;

use unicode_width::UnicodeWidthStr;

use super::fmt::{ms_f, pad};
use crate::chatops::intent::Lang;
use crate::chatops::replies;
use crate::history::{self, ChannelSummary};

const HOUR_MS: i64 = 3_600_000;

/// The answer for the last `minutes` (or the last hour and the last 24 hours when no
/// period was named) before `now_ms`; `None` when history has nothing for it, so the
/// caller answers from the snapshot instead.
pub fn trend(
    path: &Path,
    now_ms: i64,
    minutes: Option<u32>,
    channel: Option<&str>,
    lang: Lang,
) -> Option<String> {
    let periods: Vec<i64> = match minutes {
        Some(m) => vec![i64::from(m.max(1)) * 60_000],
        None => vec![HOUR_MS, 24 * HOUR_MS],
    };
    let mut out = String::new();
    for period in periods {
        let rows: Vec<ChannelSummary> = history::summary_at(path, now_ms, period)
            .ok()?
            .into_iter()
            .filter(|s| channel.is_none_or(|c| s.channel == c))
            .collect();
        if rows.is_empty() {
            continue;
        }
        table(&mut out, &rows, period, lang);
    }
    (!out.is_empty()).then_some(out)
}

fn table(out: &mut String, rows: &[ChannelSummary], period_ms: i64, lang: Lang) {
    let minutes = period_ms / 60_000;
    let span = if minutes % 60 == 0 {
        format!("{}h", minutes / 60)
    } else {
        format!("{minutes}m")
    };
    let w = rows
        .iter()
        .map(|r| r.channel.chars().count())
        .max()
        .unwrap_or(0)
        .max(7);
    out.push_str(&replies::from_history(lang, &span));
    let head = match lang {
        Lang::Ko => ["채널", "가용성", "가동", "평균", "p95", "장애", "중단"],
        Lang::En => ["channel", "avail", "up", "mean", "p95", "incidents", "down"],
    };
    // Right-aligned by display width: Korean headings are two columns a character.
    let right = |s: &str, n: usize| format!("{}{s}", " ".repeat(n.saturating_sub(s.width())));
    let _ = writeln!(
        out,
        "  {} {} {} {} {} {} {}",
        pad(head[0], w),
        right(head[1], 7),
        right(head[2], 7),
        right(head[3], 9),
        right(head[4], 9),
        right(head[5], 9),
        right(head[6], 8)
    );
    for r in rows {
        let lat = |v: Option<f64>| v.map_or_else(|| "-".to_string(), ms_f);
        let down = if r.down_ms == 0 {
            "0".to_string()
        } else {
            humantime::format_duration(std::time::Duration::from_secs((r.down_ms / 1000) as u64))
                .to_string()
        };
        let _ = writeln!(
            out,
            "  {} {:>6.1}% {:>6.1}% {:>9} {:>9} {:>9} {:>8}",
            pad(&r.channel, w),
            r.availability,
            r.uptime(),
            lat(r.mean_ms),
            lat(r.p95_ms),
            r.incidents,
            down,
        );
    }
}
