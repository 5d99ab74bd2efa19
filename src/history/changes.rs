//! The change stream: successive snapshots in, typed [`Change`]s out, by the rules of
//! `domain::change`. The events pane, the piped live view, the `--headless` log and the
//! history writer each keep one `Changes` and render what it yields; none decides on its
//! own what is news.

use rustc_hash::FxHashMap;

use crate::domain::change::{Baseline, Change, PollerChange};
use crate::domain::{Health, RoutingMode, Status};
use crate::snapshot::{PollerState, Snapshot};

/// What was known of a channel at the previous snapshot.
#[derive(Debug, Clone, Copy, Default)]
struct Seen {
    recovering: bool,
    predicted: Option<Health>,
}

/// What the previous snapshot said, kept small (no copy of the snapshot itself).
#[derive(Debug, Default)]
pub struct Changes {
    baseline: Baseline,
    channels: FxHashMap<String, Seen>,
    /// A snapshot has been seen (the next one is compared with it).
    fed: bool,
    /// A snapshot with data has been seen.
    started: bool,
    routing: Option<(Option<String>, Option<String>, RoutingMode)>,
    recovery: (bool, String),
    status: Option<Status>,
    poller: Option<PollerState>,
    auto: Option<bool>,
    running: FxHashMap<String, Option<(String, i64)>>,
    newest_record_ms: Option<i64>,
}

fn has_data(s: &Snapshot) -> bool {
    s.live.as_ref().is_none_or(|l| l.rounds > 0)
}

impl Changes {
    /// Starts from a history database's last word on each channel's health, so a
    /// restarted process does not report again what it reported before.
    pub fn resume(last_health: FxHashMap<String, Health>) -> Changes {
        let mut c = Changes::default();
        for (name, h) in last_health {
            c.baseline.know(&name, h);
        }
        c
    }

    /// The health last reported for a channel.
    pub fn reported(&self, channel: &str) -> Option<Health> {
        self.baseline.get(channel)
    }

    /// What `s` changes, in reading order.
    pub fn next(&mut self, s: &Snapshot) -> Vec<Change> {
        let mut out = Vec::new();
        self.poller(s, &mut out);
        self.executor(s, &mut out);
        self.fed = true;
        if !has_data(s) {
            return out;
        }
        let first = !self.started;
        self.started = true;
        for c in &s.channels {
            self.channel(c, first, &mut out);
        }
        if first {
            // After the channels first seen unhealthy, as a log reads: what is down,
            // then where traffic goes.
            out.push(Change::FirstData {
                status: s.status,
                primary: s.routing.recommended_primary.clone(),
                fallback: s.routing.recommended_fallback.clone(),
                reason: s.routing.reason.clone(),
            });
        }
        self.routing(s, first, &mut out);
        self.recovery(s, first, &mut out);
        if self.status.is_some_and(|st| st != s.status) {
            out.push(Change::Status {
                from: self.status.unwrap_or(s.status),
                to: s.status,
            });
        }
        self.status = Some(s.status);
        out
    }

    fn channel(&mut self, c: &crate::snapshot::ChannelView, first: bool, out: &mut Vec<Change>) {
        let (name, now) = (c.name(), c.eval.health);
        // Two lookups per channel in the common case (its slot here and its baseline):
        // every snapshot of ten thousand channels passes through here.
        let slot = self.channels.get_mut(name);
        let seen = slot.as_deref().copied();
        let appeared = seen.is_none() && !first && self.baseline.get(name).is_none();
        if appeared {
            out.push(Change::Appeared {
                channel: name.to_string(),
                health: now,
            });
            self.baseline.know(name, now);
        }
        let newly_recovering = c.details.recovering && !seen.is_some_and(|s| s.recovering);
        let was = newly_recovering.then(|| self.baseline.get(name)).flatten();
        match was {
            Some(from) if from.is_down() => {
                // It answers again; only its window remembers the outage.
                self.baseline.know(name, now);
                out.push(Change::Back {
                    channel: name.to_string(),
                    from,
                    to: now,
                });
            }
            _ => {
                if let Some(from) = self.baseline.report(name, now) {
                    out.push(Change::Health {
                        channel: name.to_string(),
                        from,
                        to: now,
                        error: c.details.last_error.clone().filter(|_| !now.is_healthy()),
                    });
                }
            }
        }
        let was_predicted = seen.and_then(|s| s.predicted);
        let predicted = if first || appeared {
            c.details.forecast.and_then(|f| f.predicted).map(|p| p.0)
        } else {
            Self::model(c, was_predicted, out)
        };
        let entry = Seen {
            recovering: c.details.recovering,
            predicted,
        };
        match slot {
            Some(s) => *s = entry,
            None => {
                self.channels.insert(name.to_string(), entry);
            }
        }
    }

    /// An anomaly starting (once per incident) and a worse health newly predicted:
    /// neither is a transition of the rules, so both are warnings, never more.
    fn model(
        c: &crate::snapshot::ChannelView,
        was: Option<Health>,
        out: &mut Vec<Change>,
    ) -> Option<Health> {
        use crate::domain::intent::Lang;
        use crate::monitor::words as model;
        let f = c.details.forecast?;
        if let (true, Some(v)) = (f.anomaly, f.verdict) {
            out.push(Change::Anomaly {
                channel: c.name().to_string(),
                text: model::anomaly_sentence(c.name(), &v, Lang::En),
            });
        }
        let predicted = f.predicted.map(|p| p.0);
        if predicted.is_some() && predicted != was {
            if let Some(p) = model::prediction(&f, Lang::En) {
                out.push(Change::Predicted {
                    channel: c.name().to_string(),
                    text: format!("{} {p}", c.name()),
                });
            }
        }
        predicted
    }

    fn routing(&mut self, s: &Snapshot, first: bool, out: &mut Vec<Change>) {
        let r = &s.routing;
        let now = (
            r.recommended_primary.clone(),
            r.recommended_fallback.clone(),
            r.mode,
        );
        if let (Some((primary, fallback, mode)), false) = (&self.routing, first) {
            if *mode != r.mode {
                out.push(Change::Mode {
                    from: *mode,
                    to: r.mode,
                });
            }
            if *primary != r.recommended_primary {
                out.push(Change::Primary {
                    from: primary.clone(),
                    to: r.recommended_primary.clone(),
                    fallback: r.recommended_fallback.clone(),
                    reason: r.reason.clone(),
                });
            } else if *fallback != r.recommended_fallback {
                out.push(Change::Fallback {
                    from: fallback.clone(),
                    to: r.recommended_fallback.clone(),
                });
            }
        }
        self.routing = Some(now);
    }

    fn recovery(&mut self, s: &Snapshot, first: bool, out: &mut Vec<Change>) {
        let (was, reason) = &self.recovery;
        let b = &s.recovery;
        if !first && b.should_trigger && (!was || *reason != b.reason) {
            out.push(Change::RecoveryNeeded {
                reason: b.reason.clone(),
            });
        } else if !first && *was && !b.should_trigger {
            out.push(Change::RecoveryNotNeeded);
        }
        self.recovery = (b.should_trigger, b.reason.clone());
    }

    fn poller(&mut self, s: &Snapshot, out: &mut Vec<Change>) {
        let now = s.live.as_ref().map(|l| l.poller.clone());
        if self.fed && now != self.poller {
            match &now {
                Some(PollerState::Paused) => out.push(Change::Poller(PollerChange::Paused)),
                Some(PollerState::Running) => out.push(Change::Poller(PollerChange::Resumed)),
                Some(PollerState::Failed(why)) => {
                    out.push(Change::Poller(PollerChange::Failed(why.clone())))
                }
                None => {}
            }
        }
        self.poller = now;
    }

    /// The executor's own news: actions starting, and every new audit record (results,
    /// verifications, escalations), whatever the poller's data did meanwhile.
    fn executor(&mut self, s: &Snapshot, out: &mut Vec<Change>) {
        let Some(x) = s.executor.as_deref() else {
            return;
        };
        let known = self.auto.is_some();
        if self.auto.is_some_and(|a| a != x.auto) {
            out.push(Change::Auto { on: x.auto });
        }
        self.auto = Some(x.auto);
        for c in &x.channels {
            let was = self.running.get(&c.name).and_then(Option::as_ref);
            if let (Some((action, _)), true) = (&c.running, known) {
                if c.running.as_ref() != was {
                    out.push(Change::ActionStarted {
                        channel: c.name.clone(),
                        action: action.clone(),
                    });
                }
            }
            self.running.insert(c.name.clone(), c.running.clone());
        }
        let newest = self.newest_record_ms;
        if known {
            for r in x
                .recent
                .iter()
                .filter(|r| newest.is_none_or(|n| r.at_ms > n))
            {
                out.push(Change::Recorded {
                    channel: r.channel.clone(),
                    text: r.text(),
                    ok: r.ok,
                });
            }
        }
        self.newest_record_ms = x.recent.last().map(|r| r.at_ms).or(newest);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::LiveInfo;

    /// A live snapshot whose channel `A` has the given health (and error).
    fn snap(round: u64, health: Health, error: Option<&str>) -> Snapshot {
        let json = r#"{"Channels":{"A":{"Availability":100,"Mean":50}}}"#;
        let mut s = crate::source::metrics_file::MetricsFile::parse("t.json", json.as_bytes())
            .expect("parses")
            .snapshot(&crate::domain::Policy::default(), "t.json");
        s.channels[0].eval.health = health;
        s.channels[0].details.last_error = error.map(str::to_string);
        s.live = Some(LiveInfo {
            poller: PollerState::Running,
            interval: std::time::Duration::from_secs(5),
            rounds: round,
            at_ms: round as i64 * 5_000,
            faults: Vec::new(),
            clock: crate::base::clock::Clock::new(),
        });
        s
    }

    fn sequence() -> Vec<Snapshot> {
        use Health::*;
        vec![
            snap(1, Excellent, None),
            snap(2, Good, None),
            snap(3, Degraded, None),
            snap(4, Excellent, None),
            snap(5, Good, None),
            snap(6, Offline, Some("connection refused")),
        ]
    }

    /// EXCELLENT ⇄ GOOD is news nowhere, and "from" is the health last reported: the
    /// stream, the history and the events pane say the same thing.
    #[test]
    fn every_surface_hears_the_same_changes() {
        use Health::*;
        let mut stream = Changes::default();
        let heard: Vec<Change> = sequence().iter().flat_map(|s| stream.next(s)).collect();
        let health: Vec<(Option<Health>, Health)> = heard
            .iter()
            .filter_map(|c| match c {
                Change::Health { from, to, .. } => Some((*from, *to)),
                _ => None,
            })
            .collect();
        assert_eq!(
            health,
            [
                (Some(Excellent), Degraded),
                (Some(Degraded), Excellent),
                (Some(Excellent), Offline)
            ]
        );
        let mut history = super::super::tick::Tracker::default();
        let stored: Vec<(Option<Health>, Health)> = sequence()
            .iter()
            .filter_map(|s| history.tick(s))
            .flat_map(|t| t.transitions)
            .map(|t| (t.from, t.to))
            .collect();
        assert_eq!(stored, health, "history stores what the views show");
        let mut pane = crate::tui::events::EventLog::default();
        let seq = sequence();
        for w in seq.windows(2) {
            pane.record(&w[0], &w[1], w[1].live.as_ref().unwrap().at_ms);
        }
        let shown: Vec<&str> = pane.entries.iter().rev().map(|e| e.text.as_str()).collect();
        assert_eq!(
            shown,
            [
                "A DEGRADED ⇄ EXCELLENT ×2 in 5s, now EXCELLENT",
                "A EXCELLENT → OFFLINE",
                "A: connection refused"
            ]
        );
    }
}
