//! `--format text`: an aligned summary an operator reads at a glance, within 80 columns.
//! Every string from the input is shown through `sanitize` (see `docs/json.md` for the
//! exact strings): a hostile channel name cannot move the cursor or fake a row.

use std::fmt::Write;

use unicode_width::UnicodeWidthStr;

use super::sanitize;
use super::style::Painter;
use crate::domain::Num;
use crate::snapshot::{ChannelView, Snapshot};

const NAME_MAX: usize = 18;
/// `routing   primary NAME, fallback NAME  (monitoring mode)` within 80 columns.
const ROUTING_NAME_MAX: usize = 16;
/// The summary is laid out for this many columns.
const WIDTH: usize = 80;

/// Renders the snapshot summary (ends with a newline).
pub fn render(snap: &Snapshot, p: Painter) -> String {
    // The renderer's own copy with every input string made safe; widths below are
    // measured on what is shown.
    let shown = sanitize::snapshot(snap);
    let s: &Snapshot = &shown;
    let mut out = String::new();
    // The first line is what a monitoring plugin (Nagios, Icinga) shows: the status, the
    // channels with problems, and performance data after `|`.
    let _ = writeln!(
        out,
        "{}  {} | {}",
        p.status(s.status, s.status.as_str()),
        problems(s),
        perfdata(s)
    );
    // Status and overall health can disagree (WARNING beside EXCELLENT); say why.
    let _ = writeln!(
        out,
        "overall   {}  availability {}%  at {}",
        s.overall_health, s.effective_availability, s.timestamp
    );
    let _ = writeln!(
        out,
        "          {}",
        p.dim("(overall = core availability; status = worst channel or recovery)")
    );
    out.push('\n');
    render_table(&mut out, s, p);
    render_why(&mut out, s, p);
    out.push('\n');
    render_routing(&mut out, s);
    render_recovery(&mut out, s, p);
    render_source(&mut out, s, p);
    out
}

fn render_table(out: &mut String, s: &Snapshot, p: Painter) {
    if s.channels.is_empty() {
        let _ = writeln!(out, "no channels in the input");
        return;
    }
    let name_w = s
        .channels
        .iter()
        .map(|c| c.name().width().min(NAME_MAX))
        .max()
        .unwrap_or(0)
        .max("CHANNEL".len());
    let header = format!(
        "{}  {:<9}  {:>7}  {:>10}  {:>10}  {:<9}  {:>4}",
        pad("CHANNEL", name_w),
        "HEALTH",
        "AVAIL",
        "MEAN",
        "P95",
        "TREND",
        "PRIO"
    );
    let _ = writeln!(out, "{}", p.bold(&header));
    for c in &s.channels {
        let _ = writeln!(out, "{}", row(c, name_w, p));
    }
}

fn row(c: &ChannelView, name_w: usize, p: Painter) -> String {
    let i = &c.eval.input;
    let health = format!("{:<9}", c.eval.health.as_str());
    let mut line = format!(
        "{}  {}  {:>7}  {:>10}  {:>10}  {:<9}  {:>4}",
        pad(&truncate(&i.name, NAME_MAX), name_w),
        p.health(c.eval.health, &health),
        format!("{}%", i.availability),
        ms((!c.details.no_latency).then_some(i.mean_latency_ms)),
        ms(c.details.p95_latency_ms),
        truncate(i.trend.as_str(), 9),
        c.eval.routing_priority,
    );
    if i.optional {
        line.push_str(&p.dim("  optional"));
    }
    line.trim_end().to_string()
}

/// The channels that are not EXCELLENT/GOOD, worst first (`Gateway OFFLINE, Cloud
/// DEGRADED`), or a word that all is well.
fn problems(s: &Snapshot) -> String {
    const SHOWN: usize = 5;
    if let Some(e) = &s.source.error {
        return format!(
            "source error: {}",
            truncate(&crate::base::sanitize::clean(e), 160)
        );
    }
    if s.channels.is_empty() {
        return "no channels".to_string();
    }
    let mut bad: Vec<&ChannelView> = s
        .channels
        .iter()
        .filter(|c| !c.eval.health.is_healthy())
        .collect();
    if bad.is_empty() {
        return format!("all {} channels healthy", s.channels.len());
    }
    // Stable: equally bad channels keep the source order.
    bad.sort_by_key(|c| std::cmp::Reverse(c.eval.routing_priority));
    let mut parts: Vec<String> = bad
        .iter()
        .take(SHOWN)
        .map(|c| format!("{} {}", truncate(c.name(), ROUTING_NAME_MAX), c.eval.health))
        .collect();
    if bad.len() > SHOWN {
        parts.push(format!("+{} more", bad.len() - SHOWN));
    }
    parts.join(", ")
}

/// Monitoring-plugin performance data: availability, mean and p95 per channel
/// (`'Local_avail'=99.83%;;;0;100 'Local_mean'=38.4ms 'Local_p95'=71ms`); `U` when a
/// value is unknown.
fn perfdata(s: &Snapshot) -> String {
    let mut out = String::new();
    for c in &s.channels {
        // Labels are quoted; a quote inside is doubled, `=` and spaces are kept safe.
        let label = c.name().replace('\'', "''").replace('=', "_");
        let mean = if c.details.no_latency {
            "U".to_string()
        } else {
            format!("{}ms", c.eval.input.mean_latency_ms)
        };
        let p95 = c
            .details
            .p95_latency_ms
            .map_or("U".to_string(), |v| format!("{v}ms"));
        if !out.is_empty() {
            out.push(' ');
        }
        let _ = write!(
            out,
            "'{label}_avail'={}%;;;0;100 '{label}_mean'={mean} '{label}_p95'={p95}",
            c.eval.input.availability
        );
    }
    out
}

/// One line per channel with a problem to explain: since when it is down, how many
/// probes in a row failed, and the newest error with its age (live and replay).
fn render_why(out: &mut String, s: &Snapshot, p: Painter) {
    let name_w = s
        .channels
        .iter()
        .filter(|c| c.details.last_error.is_some())
        .map(|c| c.name().width().min(NAME_MAX))
        .max()
        .unwrap_or(0);
    let mut first = true;
    for c in &s.channels {
        let d = &c.details;
        let Some(err) = &d.last_error else { continue };
        // A channel that is fine again keeps its error in JSON, but text only explains
        // what is wrong now.
        if c.eval.health.is_healthy() && d.consecutive_failures == 0 {
            continue;
        }
        if first {
            out.push('\n');
            first = false;
        }
        let now = d.at_ms.unwrap_or_default();
        let mut facts = Vec::new();
        if let Some(since) = d.down_since_ms {
            facts.push(format!("down {}", age(now - since)));
        }
        if d.consecutive_failures > 0 {
            facts.push(format!("{} failed in a row", d.consecutive_failures));
        }
        if let Some(at) = d.last_error_at_ms {
            facts.push(format!("last {} ago", age(now - at)));
        }
        let head = format!(
            "{}  {}",
            pad(&truncate(c.name(), NAME_MAX), name_w),
            facts.join(", ")
        );
        let room = WIDTH.saturating_sub(head.width() + 2);
        // The error on the same line when it fits, else indented below: cut as little
        // of the server's own words as possible.
        if err.width() <= room {
            let _ = writeln!(out, "{}", p.dim(&format!("{head}: {err}")));
        } else {
            let _ = writeln!(out, "{}", p.dim(&head));
            let indent = name_w + 2;
            let cut = truncate(err, WIDTH.saturating_sub(indent));
            let _ = writeln!(out, "{}", p.dim(&format!("{}{cut}", " ".repeat(indent))));
        }
    }
}

/// A short age: `45s`, `3m20s`, `2h5m`.
pub fn age(ms: i64) -> String {
    let s = ms.max(0) / 1000;
    match s {
        0..=59 => format!("{s}s"),
        60..=3599 => format!("{}m{:02}s", s / 60, s % 60),
        _ => format!("{}h{:02}m", s / 3600, (s / 60) % 60),
    }
}

fn render_routing(out: &mut String, s: &Snapshot) {
    let r = &s.routing;
    // Long names are cut so the line fits 80 columns with two of them, the fallback's
    // health and the mode; `--format json` and `--say` details have them whole.
    let line = |max: usize| {
        let name = |n: &Option<String>| {
            n.as_deref()
                .map_or("none".to_string(), |n| truncate(n, max))
        };
        // The fallback's own health, so "fallback Gateway" never hides that it is down.
        let fallback = match r.recommended_fallback.as_deref().and_then(|f| s.channel(f)) {
            Some(c) => format!("{} ({})", name(&r.recommended_fallback), c.eval.health),
            None => name(&r.recommended_fallback),
        };
        format!(
            "routing   primary {}, fallback {}  ({} mode)",
            name(&r.recommended_primary),
            fallback,
            r.mode
        )
    };
    let mut shown = line(ROUTING_NAME_MAX);
    for max in [13, 10, 8] {
        if shown.width() <= WIDTH {
            break;
        }
        shown = line(max);
    }
    let _ = writeln!(out, "{shown}");
    if let Some(why) = &r.fallback_reason {
        let _ = writeln!(out, "          {}", truncate(why, WIDTH - 10));
    }
    let others = if r.fallback_channels.is_empty() {
        "none".to_string()
    } else {
        let cut: Vec<String> = r
            .fallback_channels
            .iter()
            .map(|n| truncate(n, ROUTING_NAME_MAX))
            .collect();
        cut.join(", ")
    };
    // "besides the primary": a bare "healthy: none" read as if the primary were down too.
    let _ = writeln!(out, "          healthy besides the primary: {others}");
}

fn render_recovery(out: &mut String, s: &Snapshot, p: Painter) {
    let r = &s.recovery;
    if r.should_trigger {
        let _ = writeln!(
            out,
            "recovery  {}: {}",
            p.status(s.status, "NEEDED"),
            r.reason
        );
        let _ = writeln!(
            out,
            "          actions: {}",
            r.recommended_actions.join(", ")
        );
    } else {
        let _ = writeln!(out, "recovery  not needed");
    }
    if let Some(x) = &s.executor {
        render_executor(out, x);
    }
}

/// One line on what the executor is doing, and one per channel that is not idle.
fn render_executor(out: &mut String, x: &crate::snapshot::ExecutorView) {
    use crate::domain::guard::RecoveryState;
    let mut line = format!(
        "          auto-recovery {}{}",
        if x.auto { "on" } else { "off" },
        if x.dry_run { " (dry run)" } else { "" }
    );
    if let Some(rate) = x.success_rate {
        let _ = write!(line, " · success {rate:.0}%");
    }
    if let Some(m) = x.mttr_s {
        let _ = write!(line, " · MTTR {m:.0}s");
    }
    if let Some(why) = &x.read_only {
        line = format!("          read-only: {why}");
    }
    let _ = writeln!(out, "{}", truncate_left(&line, WIDTH));
    for c in x.channels.iter().filter(|c| c.state != RecoveryState::Idle) {
        let what = match c.state {
            RecoveryState::Escalated => format!("ESCALATED after {} failed attempts", c.failures),
            RecoveryState::Running => format!(
                "running {}",
                c.running.as_ref().map_or("", |(a, _)| a.as_str())
            ),
            other => other.to_string(),
        };
        let _ = writeln!(out, "          {}: {what}", c.name);
    }
    for (name, until) in &x.maintenance {
        let _ = writeln!(
            out,
            "          {name}: maintenance until {} (no action, no notification)",
            crate::snapshot::rfc3339_ms(*until)
        );
    }
}

fn render_source(out: &mut String, s: &Snapshot, p: Painter) {
    let mut line = format!("source    {}", s.source.kind);
    if let Some(path) = &s.source.path {
        let room = WIDTH.saturating_sub(line.width() + 1);
        let _ = write!(line, " {}", truncate_left(path, room));
    }
    let _ = writeln!(out, "{}", p.dim(&line));
}

fn ms(n: Option<Num>) -> String {
    match n {
        Some(v) => format!("{v} ms"),
        None => "-".to_string(),
    }
}

/// Pads to a display width (Hangul and other wide characters take two columns).
fn pad(s: &str, width: usize) -> String {
    let w = s.width();
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

fn truncate(s: &str, max: usize) -> String {
    crate::base::sanitize::truncate(s, max)
}

/// Keeps the end of `s` (a path's file name matters most), marking the cut with `…`.
fn truncate_left(s: &str, max: usize) -> String {
    if s.width() <= max {
        return s.to_string();
    }
    let mut tail: Vec<char> = Vec::new();
    let mut width = 1;
    for ch in s.chars().rev() {
        let w = ch.to_string().width();
        if width + w > max {
            break;
        }
        width += w;
        tail.push(ch);
    }
    std::iter::once('…').chain(tail.into_iter().rev()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pads_and_truncates_by_display_width() {
        assert_eq!(pad("게이트", 8), "게이트  ");
        assert_eq!(truncate("abcdefghij", 5), "abcd…");
        assert_eq!(truncate("게이트웨이채널", 7).width(), 7);
        assert_eq!(truncate("short", 18), "short");
        assert_eq!(truncate_left("/a/b/file.json", 10), "…file.json");
        assert_eq!(truncate_left("file.json", 10), "file.json");
    }
}
