//! The routing and recovery panes (bordered, full layout) and their two-line compact
//! form: primary, fallback, healthy fallbacks, mode and the rule's reason; whether
//! recovery should run, why, and which actions. Names and reasons are drawn from the
//! sanitised copy of the snapshot (`report::sanitize::snapshot`).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use super::theme::{Sev, Theme};
use crate::report::sanitize;
use crate::snapshot::Snapshot;

pub struct Routing<'a> {
    pub snap: &'a Snapshot,
    pub theme: Theme,
    /// The operator's time zone, for when a route was applied.
    pub tz: &'a jiff::tz::TimeZone,
}

pub struct Compact<'a> {
    pub snap: &'a Snapshot,
    pub theme: Theme,
}

fn name(n: &Option<String>) -> String {
    n.clone().unwrap_or_else(|| "none".into())
}

/// `a, b, c` cut to about `room` columns, saying how many were left out.
fn list_within(names: &[String], room: usize) -> String {
    if names.is_empty() {
        return "none".into();
    }
    let mut out = String::new();
    for (i, n) in names.iter().enumerate() {
        let more = format!(" … +{} more", names.len() - i);
        if !out.is_empty() && out.len() + n.len() + 2 + more.len() > room {
            return out + &more;
        }
        if !out.is_empty() {
            out.push_str(", ");
        }
        out.push_str(n);
    }
    out
}

pub(super) fn block(title: String, right: String, t: Theme) -> Block<'static> {
    Block::bordered()
        .border_style(t.border(false))
        .title(Span::styled(title, t.title(false)))
        .title(Line::from(Span::styled(right, t.dim())).right_aligned())
}

impl Widget for Routing<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let shown = sanitize::snapshot(self.snap);
        let (s, t) = (&*shown, self.theme);
        let r = &s.routing;
        let primary = match &r.recommended_primary {
            Some(p) => Span::styled(p.clone(), t.strong()),
            None => Span::styled("none (no core channel)", t.sev(Sev::Bad)),
        };
        // Two lines' worth at most: a fleet's full list would only be wrapped away.
        let healthy = list_within(&r.fallback_channels, area.width as usize * 2);
        // The fallback's own health beside it, so a DEGRADED fallback is never hidden.
        let fallback_health = r
            .recommended_fallback
            .as_deref()
            .and_then(|f| s.channel(f))
            .map(|c| format!(" ({})", c.eval.health))
            .unwrap_or_default();
        let lines = vec![
            Line::from(vec![
                Span::styled("primary ", t.label()),
                primary,
                Span::styled("  fallback ", t.label()),
                Span::raw(name(&r.recommended_fallback)),
                Span::raw(fallback_health),
            ]),
            Line::from(vec![
                // "besides primary": a bare "healthy none" read as if the primary were down.
                Span::styled("healthy besides primary ", t.label()),
                Span::raw(healthy),
            ]),
            Line::from(vec![
                Span::styled("why ", t.label()),
                Span::raw(r.reason.clone()),
            ]),
        ];
        let mut lines = lines;
        if let Some(routes) = &s.routes {
            // Above the reason, which may wrap out of the pane.
            let (text, bad) = routes.summary(|at| super::fmt::clock(at, self.tz));
            let style = if bad { t.sev(Sev::Bad) } else { t.dim() };
            let line = Line::from(vec![
                Span::styled("gateway ", t.label()),
                Span::styled(crate::base::sanitize::clean(&text).into_owned(), style),
            ]);
            lines.insert(2, line);
        }
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block(" Routing ".into(), mode_and_policy(r), t))
            .render(area, buf);
    }
}

/// The routing mode, and the policy when it is not the default health ranking (whose
/// "why" line says enough); another policy's "why" is its explain sentence.
fn mode_and_policy(r: &crate::domain::Routing) -> String {
    match (r.policy, &r.policy_set_by) {
        (policy, Some(by)) => format!(" {} · {policy}, set by {by} ", r.mode),
        ("health", None) => format!(" {} ", r.mode),
        (policy, None) => format!(" {} · {policy} ", r.mode),
    }
}

/// One line each for routing and recovery (compact layout).
pub fn compact_lines(s: &Snapshot, t: Theme) -> [Line<'static>; 2] {
    let shown = sanitize::snapshot(s);
    let s: &Snapshot = &shown;
    let r = &s.routing;
    let route = Line::from(vec![
        Span::styled("route ", t.label()),
        match &r.recommended_primary {
            Some(p) => Span::styled(p.clone(), t.strong()),
            None => Span::styled("none (no core channel)", t.sev(Sev::Bad)),
        },
        Span::raw(format!(" → {} · {}", name(&r.recommended_fallback), r.mode)),
    ]);
    let rec = &s.recovery;
    let recovery = if rec.should_trigger {
        Line::from(vec![
            Span::styled("recovery ", t.label()),
            Span::styled("NEEDED", t.sev(Sev::Bad)),
            Span::raw(format!(
                ": {} → {}",
                rec.reason,
                rec.recommended_actions.join(", ")
            )),
        ])
    } else {
        Line::from(vec![
            Span::styled("recovery ", t.label()),
            Span::styled("not needed", t.sev(Sev::Good)),
        ])
    };
    [route, recovery]
}

impl Widget for Compact<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let lines = compact_lines(self.snap, self.theme);
        Paragraph::new(lines.to_vec()).render(area, buf);
    }
}
