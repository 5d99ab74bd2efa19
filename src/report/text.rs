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
    let _ = writeln!(
        out,
        "{}  overall {}  availability {}%  at {}",
        p.status(s.status, s.status.as_str()),
        s.overall_health,
        s.effective_availability,
        s.timestamp
    );
    out.push('\n');
    render_table(&mut out, s, p);
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
        ms(Some(i.mean_latency_ms)),
        ms(c.details.p95_latency_ms),
        truncate(i.trend.as_str(), 9),
        c.eval.routing_priority,
    );
    if i.optional {
        line.push_str(&p.dim("  optional"));
    }
    line.trim_end().to_string()
}

fn render_routing(out: &mut String, s: &Snapshot) {
    let r = &s.routing;
    // Long names are cut so the line fits 80 columns with two of them and the mode;
    // `--format json` and `--say` details have them whole.
    let name = |n: &Option<String>| {
        n.as_deref()
            .map_or("none".to_string(), |n| truncate(n, ROUTING_NAME_MAX))
    };
    let _ = writeln!(
        out,
        "routing   primary {}, fallback {}  ({} mode)",
        name(&r.recommended_primary),
        name(&r.recommended_fallback),
        r.mode
    );
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
    let _ = writeln!(out, "          other healthy channels: {others}");
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
    sanitize::truncate(s, max)
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
