//! The recovery pane: whether the recovery rule fires and why, what the executor is doing
//! (running action with its elapsed time, verification, cooldown, escalation), the last
//! results from the audit log, and its success rate and time to recovery.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::ctx::Ctx;
use super::decision::block;
use super::fmt;
use super::theme::{Sev, Theme};
use crate::domain::guard::RecoveryState;
use crate::snapshot::{ExecutorView, Snapshot};

pub struct Recovery<'a> {
    pub ctx: Ctx<'a>,
}

/// The pane title's right side: whether recovery runs by itself.
pub fn auto_label(s: &Snapshot) -> String {
    match &s.executor {
        None => "auto-recovery n/a".into(),
        Some(x) if x.read_only.is_some() => "auto-recovery read-only".into(),
        Some(x) => format!(
            "auto-recovery {}{}",
            if x.auto { "on" } else { "off" },
            if x.dry_run { " (dry run)" } else { "" }
        ),
    }
}

impl Widget for Recovery<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let shown = crate::report::sanitize::snapshot(self.ctx.snap);
        let (s, t) = (&*shown, self.ctx.theme);
        let r = &s.recovery;
        let mut lines = Vec::new();
        let back = recovering_only(s);
        if r.should_trigger && !back.is_empty() {
            // The rule still fires on the window, but every channel behind it answers
            // again: "needed" would send an operator to fix what is already fixed.
            lines.push(Line::from(vec![
                Span::styled("↺ RECOVERING", t.sev(Sev::Warn)),
                Span::raw(format!(
                    ": {} back, the window still holds the outage ({})",
                    back.join(", "),
                    r.reason
                )),
            ]));
        } else if r.should_trigger {
            lines.push(Line::from(vec![
                Span::styled("✕ NEEDED", t.sev(Sev::Bad)),
                Span::raw(format!(": {}", r.reason)),
            ]));
        } else {
            lines.push(Line::from(Span::styled(
                "● rule: not needed",
                t.sev(Sev::Good),
            )));
        }
        match &s.executor {
            Some(x) => lines.extend(executor_lines(x, self.ctx.now_ms, self.ctx.tz, t)),
            None => {
                if r.should_trigger {
                    lines.push(Line::from(vec![
                        Span::styled("actions ", t.label()),
                        Span::raw(r.recommended_actions.join(", ")),
                    ]));
                }
                lines.push(Line::from(Span::styled(
                    "no executor for this source: actions are recommended only",
                    t.dim(),
                )));
            }
        }
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block(
                " Recovery ".into(),
                format!(" {} ", auto_label(s)),
                t,
            ))
            .render(area, buf);
    }
}

/// The recovering channels, when they are all that is unhealthy among the core ones
/// (nothing is down that does not answer); else empty.
pub fn recovering_only(s: &Snapshot) -> Vec<&str> {
    let core = || s.channels.iter().filter(|c| !c.eval.input.optional);
    let still_down = core().any(|c| c.eval.health.is_down() && !c.details.recovering);
    if still_down {
        return Vec::new();
    }
    core()
        .filter(|c| c.details.recovering)
        .map(|c| c.name())
        .collect()
}

/// Most urgent first: escalations, running work, cooldowns, the last result, the totals.
fn executor_lines(
    x: &ExecutorView,
    now: i64,
    tz: &jiff::tz::TimeZone,
    t: Theme,
) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for c in &x.channels {
        let line = match c.state {
            RecoveryState::Escalated => Line::from(vec![
                Span::styled("✕ ESCALATED ", t.sev(Sev::Bad)),
                Span::raw(format!(
                    "{} after {} failed attempts · x resets",
                    c.name, c.failures
                )),
            ]),
            RecoveryState::Running => {
                let (action, since) = c.running.clone().unwrap_or_default();
                Line::from(vec![
                    Span::styled("▶ running ", t.sev(Sev::Warn)),
                    Span::raw(format!(
                        "{action} on {} · {}",
                        c.name,
                        fmt::age(now - since)
                    )),
                ])
            }
            RecoveryState::Verifying => Line::from(vec![
                Span::styled("… verifying ", t.sev(Sev::Warn)),
                Span::raw(format!("{} comes back", c.name)),
            ]),
            RecoveryState::Cooldown => Line::from(vec![
                Span::styled("cooldown ", t.label()),
                Span::raw(format!(
                    "{} {} left",
                    c.name,
                    fmt::age(c.next_allowed_ms.unwrap_or(now) - now + 999)
                )),
            ]),
            RecoveryState::Idle => continue,
        };
        lines.push(line);
    }
    for (name, until) in &x.maintenance {
        lines.push(Line::from(vec![
            Span::styled("maintenance ", t.sev(Sev::Info)),
            Span::raw(format!("{name} until {}", fmt::clock(*until, tz))),
        ]));
    }
    if let Some(last) = x.recent.last() {
        let sev = if last.ok { Sev::Good } else { Sev::Bad };
        lines.push(Line::from(vec![
            Span::styled(format!("{} ", fmt::clock(last.at_ms, tz)), t.dim()),
            Span::styled(format!("{} ", last.channel), t.strong()),
            Span::styled(last.text(), t.sev(sev)),
        ]));
    }
    if let Some(p) = &x.problem {
        lines.push(Line::from(Span::styled(format!("! {p}"), t.sev(Sev::Bad))));
    }
    if let Some(why) = &x.read_only {
        lines.push(Line::from(Span::styled(
            format!("read-only: {why}"),
            t.sev(Sev::Warn),
        )));
    }
    lines.push(Line::from(Span::styled(totals(x), t.dim())));
    lines
}

/// "success 95% · MTTR 8s" once there is a record, else what can run.
fn totals(x: &ExecutorView) -> String {
    match (x.success_rate, x.mttr_s) {
        (Some(rate), mttr) => format!(
            "success {rate:.0}% · MTTR {}",
            mttr.map_or("-".into(), |m| fmt::age((m * 1000.0) as i64))
        ),
        (None, _) if x.channels.iter().all(|c| c.actions.is_empty()) => {
            "no [[action]] bound: recommendations only".into()
        }
        (None, _) if x.channels.iter().any(|c| busy(c.state)) => {
            "first recovery in progress".into()
        }
        (None, _) if !x.recent.is_empty() => "no attempt has finished yet".into(),
        (None, _) => "no recovery has run yet".into(),
    }
}

fn busy(s: RecoveryState) -> bool {
    matches!(s, RecoveryState::Running | RecoveryState::Verifying)
}

/// When the pane's text next changes by itself (a running action's elapsed time, a
/// cooldown counting down), so the console wakes only for that.
pub fn next_change(s: &Snapshot, now: i64) -> Option<i64> {
    let x = s.executor.as_ref()?;
    x.channels
        .iter()
        .filter_map(|c| match c.state {
            RecoveryState::Running => c
                .running
                .as_ref()
                .map(|(_, since)| fmt::age_changes_at(*since, now)),
            RecoveryState::Cooldown => c
                .next_allowed_ms
                .map(|at| now + (at - now).rem_euclid(1000).max(1)),
            _ => None,
        })
        .min()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::{ChannelRecovery, RecoveryRecord};

    /// While the first attempt is being verified (its action already ended `exit 0`), the
    /// totals line does not also say that no recovery has run.
    #[test]
    fn totals_never_contradict_an_attempt_in_progress() {
        let channel = |state| ChannelRecovery {
            name: "Api".into(),
            state,
            actions: vec!["restart".into()],
            failures: 0,
            running: None,
            next_allowed_ms: None,
            escalated_since_ms: None,
        };
        let mut x = ExecutorView {
            channels: vec![channel(RecoveryState::Idle)],
            ..ExecutorView::default()
        };
        assert_eq!(totals(&x), "no recovery has run yet");
        x.channels = vec![channel(RecoveryState::Verifying)];
        x.recent.push(RecoveryRecord {
            at_ms: 0,
            channel: "Api".into(),
            event: crate::domain::audit::AuditEvent::Reset(Default::default()),
            ok: true,
            dry_run: false,
        });
        assert_eq!(totals(&x), "first recovery in progress");
        x.channels = vec![channel(RecoveryState::Idle)];
        assert_eq!(totals(&x), "no attempt has finished yet");
    }
}
