//! The two header lines: the status word with overall health, routing mode and
//! auto-recovery, and the data's age; then either the loudest alert (poller failed, file
//! error, stale, paused, no core channel) as a full-width banner, or the source.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::ctx::Ctx;
use super::fmt;
use super::theme::Sev;
use crate::snapshot::PollerState;
use crate::tui::app::ConsoleOptions;

/// A followed metrics file whose own timestamp is older than this is STALE: the file
/// changes, but what writes it stopped measuring (or writes an old copy).
pub const FILE_STALE_MS: i64 = 10 * 60 * 1000;

/// How old a file's `Timestamp` is at `now_ms`: RFC 3339, or a local date-time without
/// zone (the seed monitor's) read in the console's zone.
fn file_age_ms(ts: &str, now_ms: i64, tz: &jiff::tz::TimeZone) -> Option<i64> {
    let at = match ts.parse::<jiff::Timestamp>() {
        Ok(t) => t,
        Err(_) => {
            let dt: jiff::civil::DateTime = ts.parse().ok()?;
            tz.to_ambiguous_zoned_datetime(dt)
                .compatible()
                .ok()?
                .timestamp()
        }
    };
    Some(now_ms - at.as_millisecond())
}

/// The header over the snapshot, the console's options and what the app knows of its
/// feed (computed by the app: they also drive its timers).
pub struct Header<'a> {
    pub ctx: Ctx<'a>,
    pub opts: &'a ConsoleOptions,
    /// When the data shown was produced (a snapshot's time, or the file's mtime).
    pub updated_ms: Option<i64>,
    /// Why the newest version of a followed file could not be used.
    pub feed_error: Option<&'a str>,
    /// An attached console's connection (`--connect`).
    pub link: Option<&'a crate::connect::LinkStatus>,
    /// Commands that change something are refused here.
    pub read_only: bool,
    pub stale: bool,
    pub paused: bool,
    pub compact: bool,
}

impl Widget for Header<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let [first, second] =
            Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(area);
        let age = self.age().unwrap_or_default();
        let age_w = age.chars().count() as u16;
        let [left, right] =
            Layout::horizontal([Constraint::Fill(1), Constraint::Length(age_w)]).areas(first);
        let room = left.width.saturating_sub(1) as usize;
        Line::from(self.summary(room)).render(left, buf);
        Line::from(Span::styled(age, self.ctx.theme.dim())).render(right, buf);
        match self.alert() {
            Some((sev, text)) => {
                let style = self.ctx.theme.banner(sev);
                buf.set_style(second, style);
                Line::from(Span::styled(
                    fmt::truncate(&text, second.width as usize),
                    style,
                ))
                .render(second, buf);
            }
            None => Paragraph::new(Line::from(Span::styled(
                fmt::safe(&self.source()).into_owned(),
                self.ctx.theme.dim(),
            )))
            .render(second, buf),
        }
    }
}

impl Header<'_> {
    /// The first line's pieces that fit in `room` columns. Less important pieces are left
    /// out first, but those shown keep their places.
    fn summary(&self, room: usize) -> Vec<Span<'static>> {
        let (s, t) = (self.ctx.snap, self.ctx.theme);
        let badge = Span::styled(format!(" {} ", s.status), t.status(s.status));
        // (priority, spans): lower priority numbers are kept first.
        let mut pieces: Vec<(u8, Vec<Span<'static>>)> = vec![
            (
                0,
                vec![
                    Span::raw(" overall "),
                    Span::styled(
                        fmt::safe(&s.overall_health.to_string()).into_owned(),
                        t.strong(),
                    ),
                    Span::raw(format!(" {}", fmt::pct(s.effective_availability))),
                ],
            ),
            (2, vec![Span::raw(format!("routing {}", s.routing.mode))]),
            (3, vec![Span::raw(super::recovery::auto_label(s))]),
        ];
        let down = s
            .channels
            .iter()
            .filter(|c| c.eval.health.is_down() && !c.details.recovering)
            .count();
        let recovering = s.channels.iter().filter(|c| c.details.recovering).count();
        let degraded = s
            .channels
            .iter()
            .filter(|c| c.eval.health == crate::domain::Health::Degraded)
            .count();
        if down + degraded + recovering > 0 {
            // How many need attention, before the details: the count that pages people.
            // A channel back from an outage answers: it is counted apart from "down".
            let mut words = Vec::new();
            if down > 0 {
                words.push(Span::styled(format!("{down} down"), t.strong()));
            }
            if recovering > 0 {
                if !words.is_empty() {
                    words.push(Span::raw(", "));
                }
                words.push(Span::raw(format!("{recovering} recovering")));
            }
            if degraded > 0 {
                if !words.is_empty() {
                    words.push(Span::raw(", "));
                }
                words.push(Span::raw(format!("{degraded} degraded")));
            }
            pieces.push((0, words));
        }
        if s.source.kind == "demo" {
            // A demo must never pass for production: say so before anything else.
            pieces.push((0, vec![Span::styled("DEMO", t.strong())]));
        }
        if self.read_only {
            pieces.push((1, vec![Span::styled("read-only", t.strong())]));
        }
        if self.history_problem().is_some() {
            // History failing never stops the console; it only says so (the reason is on
            // the second line when nothing louder is).
            pieces.push((1, vec![Span::styled("HISTORY OFF", t.banner(Sev::Warn))]));
        }
        let width = |v: &[Span]| v.iter().map(|s| s.width()).sum::<usize>();
        let mut used = badge.width();
        let mut keep = vec![false; pieces.len()];
        let mut by_priority: Vec<usize> = (0..pieces.len()).collect();
        by_priority.sort_by_key(|&i| pieces[i].0);
        for i in by_priority {
            let w = width(&pieces[i].1) + 3;
            if used + w <= room {
                used += w;
                keep[i] = true;
            }
        }
        let mut spans = vec![badge];
        for (i, (_, piece)) in pieces.into_iter().enumerate() {
            if keep[i] {
                if spans.len() > 1 {
                    spans.push(Span::styled(" · ", t.dim()));
                }
                spans.extend(piece);
            }
        }
        spans
    }

    /// "updated 3s ago", while there is a time to count from (the console then needs a
    /// timer to keep it true).
    pub fn age(&self) -> Option<String> {
        let at = self.updated_ms?;
        let word = if self.ctx.snap.live.is_some() || self.link.is_some() {
            "updated"
        } else {
            "file changed"
        };
        Some(format!("{word} {} ago ", fmt::age(self.ctx.now_ms - at)))
    }

    /// An attached console's loudest news: the connection is lost, or the controller
    /// says it is unwell.
    fn link_alert(&self) -> Option<(Sev, String)> {
        let l = self.link?;
        let now_ms = self.ctx.now_ms;
        if let Some(since) = l.lost_since_ms {
            let retry = match l.retry_at_ms {
                Some(at) if at > now_ms => format!("retrying in {}s", (at - now_ms + 999) / 1000),
                _ => "retrying now".to_string(),
            };
            return Some((
                Sev::Bad,
                format!(
                    " ✕ CONNECTION LOST {} ago · {retry} · {}: {} · showing the last snapshot",
                    fmt::age(now_ms - since),
                    l.url,
                    l.error.as_deref().unwrap_or("no answer"),
                ),
            ));
        }
        l.controller
            .as_ref()
            .map(|p| (Sev::Warn, format!(" ⚠ CONTROLLER: {p}")))
    }

    fn alert(&self) -> Option<(Sev, String)> {
        if let Some(a) = self.link_alert() {
            return Some(a);
        }
        let (s, tz, now_ms) = (self.ctx.snap, self.ctx.tz, self.ctx.now_ms);
        if let Some(live) = &s.live {
            if let PollerState::Failed(why) = &live.poller {
                let at = fmt::clock(live.at_ms, tz);
                return Some((
                    Sev::Bad,
                    format!(" ✕ POLLER FAILED: {why} — data frozen at {at}"),
                ));
            }
            if let Some(f) = live.faults.first() {
                return Some((
                    Sev::Bad,
                    format!(" ✕ DAEMON FAULT: {f} — no channel is blamed for it"),
                ));
            }
        }
        if let Some(e) = self.feed_error {
            return Some((
                Sev::Bad,
                format!(" ✕ FILE ERROR: {e} — showing the last good read"),
            ));
        }
        if let Some(e) = &s.source.error {
            return Some((
                Sev::Bad,
                format!(" ✕ SOURCE ERROR: {e} — discovered channels keep their last state"),
            ));
        }
        if s.live.is_none() && self.link.is_none() {
            if let Some(age) = file_age_ms(&s.timestamp, now_ms, tz) {
                if age > FILE_STALE_MS {
                    return Some((
                        Sev::Warn,
                        format!(
                            " ⚠ STALE: the file says it was written {} ago (at {}); is its writer running?",
                            fmt::age(age),
                            s.timestamp
                        ),
                    ));
                }
            }
        }
        if self.stale {
            let live = s.live.as_ref()?;
            let quiet = fmt::age(now_ms - live.at_ms);
            let every = humantime::format_duration(live.interval);
            return Some((
                Sev::Warn,
                format!(" ⚠ STALE: no new data for {quiet} (probes every {every}); showing the last snapshot"),
            ));
        }
        if self.paused {
            return Some((
                Sev::Warn,
                " ⏸ PAUSED: data is not being refreshed · p resumes".into(),
            ));
        }
        if s.live.as_ref().is_some_and(|l| l.rounds == 0) {
            return Some((Sev::Info, " … waiting for the first probe round".into()));
        }
        if let Some(x) = &s.executor {
            let escalated = x.escalated();
            if !escalated.is_empty() {
                return Some((
                    Sev::Bad,
                    format!(
                        " ✕ ESCALATED: {} — recovery gave up; x resets after you fix it",
                        escalated.join(", ")
                    ),
                ));
            }
            if let Some(p) = &x.problem {
                return Some((Sev::Bad, format!(" ✕ RECOVERY: {p}")));
            }
        }
        if s.routing.recommended_primary.is_none() {
            let what = if s.channels.is_empty() {
                "no channels"
            } else {
                "no core channel"
            };
            return Some((
                Sev::Bad,
                format!(" ✕ NO PRIMARY: {what} — routing has nowhere to send traffic"),
            ));
        }
        if let Some(w) = self.opts.warnings.first() {
            let more = match self.opts.warnings.len() {
                1 => String::new(),
                n => format!(" (+{} more)", n - 1),
            };
            return Some((Sev::Warn, format!(" ⚠ CONFIG: {w}{more}")));
        }
        if let Some(p) = self.history_problem() {
            return Some((
                Sev::Warn,
                format!(" ⚠ HISTORY OFF: {p}; running without it, audit log unaffected"),
            ));
        }
        if let Some(n) = self.opts.history.as_ref().and_then(|h| h.status.notice()) {
            return Some((Sev::Warn, format!(" ⚠ HISTORY: {}", fmt::safe(&n))));
        }
        None
    }

    fn history_problem(&self) -> Option<String> {
        let p = self.opts.history.as_ref()?.status.problem()?;
        Some(fmt::safe(&p).into_owned())
    }

    fn source(&self) -> String {
        let s = self.ctx.snap;
        if let Some(l) = self.link {
            let orders = match (&l.orders_off, l.orders) {
                (_, true) => "orders on (confirmed with y)".to_string(),
                (Some(why), false) => format!("read-only: {why}"),
                (None, false) => "read-only".to_string(),
            };
            // What the operator may do comes before what they can see elsewhere.
            return format!(
                " connected to {} · {orders} · source {}",
                l.url, s.source.kind
            );
        }
        let mut out = format!(" source {}", s.source.kind);
        if let Some(p) = &s.source.path {
            out.push(' ');
            out.push_str(p);
        }
        out.push_str(&format!(" · {} channels", s.channels.len()));
        match &s.live {
            // `rounds` counts rounds in which every channel was probed once at least
            // (each on its own interval, so the slowest ends a round).
            Some(l) => out.push_str(&format!(
                " · {} probe batches · every {}",
                l.rounds,
                humantime::format_duration(l.interval)
            )),
            None => out.push_str(&format!(" · file time {}", s.timestamp)),
        }
        out
    }
}
