//! The channel detail view (Enter on a channel): every metric the source has for one
//! channel, and its latency history — the hourly means of a metrics file as a bar chart,
//! the last hour as a timeline, or the live window's probes as a sparkline with failures
//! marked. Its keys: back to the main view, or step to the previous/next channel without
//! leaving it.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Axis, Bar, BarChart, BarGroup, Block, Chart, Dataset, GraphType, Paragraph, Sparkline, Widget,
    Wrap,
};

use super::channels::{symbol, ChannelsPane};
use super::keymap::Cmd;
use super::trail::Trail;
use super::ui::ctx::Ctx;
use super::ui::fmt;
use super::ui::theme::Theme;
use crate::domain::{Health, Num};
use crate::report::sanitize;
use crate::snapshot::{ChannelView, Forecast, Snapshot};
use unicode_width::UnicodeWidthStr;

/// What a key did in the detail view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Ignored,
    /// Back to the main view.
    Close,
    /// Show this channel instead.
    Show(String),
}

/// A command in the detail view of `name`; the channels pane's selection follows it, so
/// that closing the view lands on the channel last shown.
pub fn handle(cmd: Cmd, name: &str, pane: &mut ChannelsPane, s: &Snapshot) -> Outcome {
    let delta = match cmd {
        Cmd::Back => return Outcome::Close,
        Cmd::Down => 1,
        Cmd::Up => -1,
        _ => return Outcome::Ignored,
    };
    pane.selected = Some(name.to_string());
    pane.step(s, delta);
    match pane.current(s) {
        Some(next) => Outcome::Show(next),
        None => Outcome::Ignored,
    }
}

/// Names wider than this are cut in the title and shown whole as the first fact.
const TITLE_NAME_MAX: usize = 40;

/// The view drawn: the channel called `name`, its last hour from `trail`.
pub struct Detail<'a> {
    pub ctx: Ctx<'a>,
    pub trail: &'a Trail,
    pub name: &'a str,
}

impl Widget for Detail<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = self.ctx.theme;
        // The channel is found by its exact name, then drawn from the sanitised copy.
        let found = self
            .ctx
            .snap
            .channels
            .iter()
            .position(|c| c.name() == self.name);
        let shown = sanitize::snapshot(self.ctx.snap);
        let s: &Snapshot = &shown;
        let name = fmt::safe(self.name);
        let block = Block::bordered()
            .border_style(t.border(true))
            .title(Span::styled(
                format!(" {} · details ", fmt::truncate(&name, TITLE_NAME_MAX)),
                t.title(true),
            ))
            .title(Line::from(Span::styled(" Esc back · j/k next ", t.dim())).right_aligned());
        let inner = block.inner(area);
        block.render(area, buf);
        let Some(c) = found.and_then(|i| s.channels.get(i)) else {
            let text = format!("{name} is not in the current data any more");
            Paragraph::new(Span::styled(text, t.dim())).render(inner, buf);
            return;
        };
        let facts = facts(c, s, t);
        // Side by side when there is room, stacked otherwise.
        let (left, right) = if inner.width >= 100 {
            let [l, r] =
                Layout::horizontal([Constraint::Length(54), Constraint::Fill(1)]).areas(inner);
            (l, r)
        } else {
            let h = (facts.len() as u16).min(inner.height.saturating_sub(4));
            let [l, r] =
                Layout::vertical([Constraint::Length(h), Constraint::Fill(1)]).areas(inner);
            (l, r)
        };
        Paragraph::new(facts)
            .wrap(Wrap { trim: false })
            .render(left, buf);
        match self.trail.points(self.name) {
            Some(p) if p.len() >= TIMELINE_MIN && c.details.hourly_latency_ms.is_empty() => {
                let next = c.details.forecast.and_then(|f| f.latency_ms);
                timeline(p, next, self.ctx.tz, t, right, buf)
            }
            _ => history(c, t, right, buf),
        }
    }
}

/// Below this many points (a minute at 5 s) the window's probes say more than a chart.
const TIMELINE_MIN: usize = 12;

/// The last hour's mean latency against time: clock times on the x axis, milliseconds on
/// the y axis, OFFLINE stretches as ✕ on the baseline, and the next round's forecast
/// (live and replay) as a mark just past the newest point.
fn timeline(
    points: &std::collections::VecDeque<(i64, Option<f64>)>,
    next: Option<f64>,
    tz: &jiff::tz::TimeZone,
    t: Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let first = points.front().map_or(0, |p| p.0);
    let last = points.back().map_or(0, |p| p.0);
    let x = |at: i64| (at - first) as f64 / 1000.0;
    // One line per stretch with latency, so an outage is a gap, not a bridge.
    let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
    for (at, v) in points {
        match (v, runs.last_mut()) {
            (Some(v), Some(run)) => run.push((x(*at), *v)),
            (None, Some(run)) if !run.is_empty() => runs.push(Vec::new()),
            _ => {}
        }
    }
    let down: Vec<(f64, f64)> = points
        .iter()
        .filter(|p| p.1.is_none())
        .map(|(at, _)| (x(*at), 0.0))
        .collect();
    let (_, hi) = fmt::range(points.iter().map(|p| &p.1));
    let hi = next.map_or(hi, |n| if hi.is_finite() { hi.max(n) } else { n });
    let top = if hi.is_finite() && hi > 0.0 {
        hi * 1.1
    } else {
        1.0
    };
    let span = x(last).max(1.0);
    // The forecast sits a fortieth of the chart past the newest point.
    let ahead: Vec<(f64, f64)> = next.map(|n| (span * 1.025, n)).into_iter().collect();
    let clock = |at: i64| Span::styled(fmt::clock(at, tz)[..5].to_string(), t.dim());
    let mid = first + (last - first) / 2;
    let mut datasets: Vec<Dataset> = runs
        .iter()
        .map(|run| {
            Dataset::default()
                .marker(Marker::Braille)
                .graph_type(GraphType::Line)
                .style(t.bar())
                .data(run)
        })
        .collect();
    datasets.push(
        Dataset::default()
            .marker(Marker::Dot)
            .graph_type(GraphType::Scatter)
            .style(t.failure())
            .data(&down),
    );
    datasets.push(
        Dataset::default()
            .marker(Marker::Block)
            .graph_type(GraphType::Scatter)
            .style(t.strong())
            .data(&ahead),
    );
    let minutes = (last - first) / 60_000;
    let block = Block::bordered()
        .border_style(t.border(false))
        .title(Span::styled(
            format!(" mean latency, last {minutes} min "),
            t.title(false),
        ))
        .title_bottom(Line::from(Span::styled(
            if ahead.is_empty() {
                " • OFFLINE "
            } else {
                " • OFFLINE · █ forecast "
            },
            t.dim(),
        )));
    let right = if ahead.is_empty() { span } else { span * 1.05 };
    Chart::new(datasets)
        .block(block)
        .x_axis(
            Axis::default()
                .bounds([0.0, right])
                .labels([clock(first), clock(mid), clock(last)])
                .style(t.dim()),
        )
        .y_axis(
            Axis::default()
                .bounds([0.0, top])
                .labels([
                    Span::styled("0", t.dim()),
                    Span::styled(fmt::ms(top / 2.0), t.dim()),
                    Span::styled(fmt::ms(top), t.dim()),
                ])
                .style(t.dim()),
        )
        .render(area, buf);
}

fn num(n: Option<Num>) -> String {
    n.map_or_else(|| "-".into(), |v| v.to_string())
}

/// The source's min/max, or the live window's when the source has none.
fn min_max(c: &ChannelView) -> String {
    let d = &c.details;
    let (lo, hi) = fmt::range(d.recent_latency_ms.iter());
    let pick = |n: Option<Num>, w: f64| match n {
        Some(v) => v.to_string(),
        None if w.is_finite() => format!("{}", (w * 100.0).round() / 100.0),
        None => "-".into(),
    };
    let mut out = format!(
        "{} / {} ms",
        pick(d.min_latency_ms, lo),
        pick(d.max_latency_ms, hi)
    );
    if let Some(std) = d.std_latency_ms {
        out.push_str(&format!("   std {std}"));
    }
    out
}

fn kv(k: &str, v: String, t: Theme) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("{k:<13}"), t.label()),
        Span::raw(v),
    ])
}

fn facts(c: &ChannelView, s: &Snapshot, t: Theme) -> Vec<Line<'static>> {
    let (e, d) = (&c.eval, &c.details);
    let whole_name = (c.name().width() > TITLE_NAME_MAX).then(|| kv("name", c.name().into(), t));
    let role = if s.routing.recommended_primary.as_deref() == Some(c.name()) {
        "primary"
    } else if s.routing.recommended_fallback.as_deref() == Some(c.name()) {
        "fallback"
    } else if s.routing.fallback_channels.iter().any(|n| n == c.name()) {
        "healthy fallback"
    } else {
        "not routed"
    };
    let optional = if e.input.optional { "optional" } else { "core" };
    let mut lines = vec![
        Line::from(vec![
            Span::styled(format!("{:<13}", "health"), t.label()),
            Span::styled(
                format!("{} {}", symbol(e.health), e.health),
                t.health(e.health),
            ),
            Span::raw(format!(
                "  priority {} · {optional} · {role}",
                e.routing_priority
            )),
        ]),
        kv("availability", fmt::pct(e.input.availability), t),
        kv(
            "mean",
            if c.details.no_latency {
                "- (no successful probe in the window)".to_string()
            } else {
                format!("{} ms", e.input.mean_latency_ms)
            },
            t,
        ),
        kv(
            "p95 / median",
            format!(
                "{} / {} ms",
                num(d.p95_latency_ms),
                num(d.median_latency_ms)
            ),
            t,
        ),
        kv("min / max", min_max(c), t),
        kv(
            "trend",
            format!(
                "{} {} · short {} · long {} ms",
                e.input.trend.arrow(),
                e.input.trend.as_str(),
                num(d.trend_short_mean_ms),
                num(d.trend_long_mean_ms)
            ),
            t,
        ),
        kv(
            "samples",
            format!("{}   spikes {}", num(d.samples), num(d.spikes)),
            t,
        ),
        kv(
            "alerts",
            format!(
                "baseline {} · adaptive {}",
                e.input.baseline_alerts,
                num(d.adaptive_alerts)
            ),
            t,
        ),
        kv(
            "warnings",
            format!(
                "baseline {} · adaptive {}",
                num(d.baseline_warns),
                num(d.adaptive_warns)
            ),
            t,
        ),
    ];
    if let Some(line) = whole_name {
        // A name too long for the title is shown whole here (tables cut it with `…`).
        lines.insert(0, line);
    }
    if d.consecutive_failures > 0 || d.last_error.is_some() {
        let e = fmt::last_error(c);
        // The error's age and whether it is history sit beside the count, so the
        // server's words keep the whole next line.
        let when = match (&e, d.last_error_at_ms, d.at_ms) {
            (Some(e), Some(at), Some(now)) => format!(
                " · last {} ago{}",
                fmt::age(now - at),
                if e.recovered { ", healthy again" } else { "" }
            ),
            _ => String::new(),
        };
        lines.push(kv(
            "failures",
            format!("{} in a row{when}", d.consecutive_failures),
            t,
        ));
        let (err, style) = match e {
            Some(e) => {
                let style = e.style(t);
                (e.message, style)
            }
            None => ("-".into(), t.dim()),
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{:<13}", "last error"), t.label()),
            Span::styled(err, style),
        ]));
    }
    if let Some(f) = &d.forecast {
        model_facts(&mut lines, c.name(), f, t);
    }
    if d.region.is_some() || d.cost_per_1k_tokens.is_some() {
        let region = d.region.clone().unwrap_or_else(|| "-".into());
        let cost = d
            .cost_per_1k_tokens
            .map_or_else(|| "-".into(), |c| c.to_string());
        lines.push(kv(
            "region",
            format!("{region} · cost {cost} per 1k tokens"),
            t,
        ));
    }
    lines
}

/// Live and replay: the next round's forecast, the health it heads for, and why the
/// newest tick is or is not anomalous.
fn model_facts(lines: &mut Vec<Line<'static>>, name: &str, f: &Forecast, t: Theme) {
    use crate::chatops::intent::Lang;
    use crate::monitor::words as model;
    let next = f.latency_ms.map_or_else(
        || "- (learning: fewer than 3 rounds)".to_string(),
        |v| format!("{} next round", fmt::ms(v)),
    );
    let mut spans = vec![
        Span::styled(format!("{:<13}", "forecast"), t.label()),
        Span::raw(next),
    ];
    if let Some(p) = model::prediction(f, Lang::En) {
        let style = f.predicted.map_or(t.dim(), |(h, _)| t.health(h));
        spans.push(Span::raw(" · "));
        spans.push(Span::styled(format!("{name} {p}"), style));
    }
    lines.push(Line::from(spans));
    if let Some(v) = &f.verdict {
        let style = if v.incident {
            t.health(Health::Degraded)
        } else {
            Style::new()
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{:<13}", "anomaly"), t.label()),
            Span::styled(model::anomaly_sentence(name, v, Lang::En), style),
        ]));
    }
}

fn history(c: &ChannelView, t: Theme, area: Rect, buf: &mut Buffer) {
    let d = &c.details;
    if !d.hourly_latency_ms.is_empty() {
        hourly(&d.hourly_latency_ms, t, area, buf);
        return;
    }
    let n = d.recent_latency_ms.len();
    let failed = d.recent_latency_ms.iter().filter(|v| v.is_none()).count();
    let (lo, hi) = fmt::range(d.recent_latency_ms.iter());
    let title = if n == 0 {
        " window: no probes yet ".to_string()
    } else if failed == n {
        format!(" window: {n} probes, all failed ")
    } else {
        format!(
            " window: {n} probes, {failed} failed · {}–{} ",
            fmt::ms(lo),
            fmt::ms(hi)
        )
    };
    let block = Block::bordered()
        .border_style(t.border(false))
        .title(Span::styled(title, t.title(false)))
        .title_bottom(Line::from(Span::styled(
            " ✕ failed probe · newest at the right ",
            t.dim(),
        )));
    let inner = block.inner(area);
    block.render(area, buf);
    // One column per probe, the newest that fit; a failure is a ✕ on the baseline.
    let tail = &d.recent_latency_ms[n.saturating_sub(inner.width as usize)..];
    let bars: Vec<Option<u64>> = tail
        .iter()
        .map(|v| v.map(|ms| ms.round().max(1.0) as u64))
        .collect();
    let height = inner.height.min(12);
    let chart = Rect {
        y: inner.bottom() - height,
        height,
        ..inner
    };
    Sparkline::default()
        .data(bars)
        .style(t.bar())
        .absent_value_symbol("✕")
        .absent_value_style(t.failure())
        .render(chart, buf);
}

fn hourly(values: &[f64], t: Theme, area: Rect, buf: &mut Buffer) {
    let n = values.len().max(1) as u16;
    let block = Block::bordered()
        .border_style(t.border(false))
        .title(Span::styled(
            " hourly mean latency, ms (oldest → newest) ",
            t.title(false),
        ));
    let inner = block.inner(area);
    // Bars share the width, one column apart (without gaps the hours merge into one block).
    let bar_w = (inner.width.saturating_sub(n - 1) / n).max(1);
    let bars: Vec<Bar> = values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let label = if bar_w >= 2 {
                format!("{:>2}", i)
            } else {
                String::new()
            };
            Bar::default()
                .value(v.round().max(0.0) as u64)
                .text_value(if bar_w >= 4 {
                    format!("{}", v.round())
                } else {
                    String::new()
                })
                .label(Line::from(label))
        })
        .collect();
    BarChart::default()
        .block(block)
        .bar_width(bar_w)
        .bar_gap(1)
        .bar_style(t.bar())
        .value_style(t.strong())
        .label_style(t.dim())
        .data(BarGroup::default().bars(&bars))
        .render(area, buf);
}
