//! What changed, as types: one stream of `Change`s that the events pane, the piped live
//! view, the `--headless` log and the history database all take from the same rules, so
//! they agree on what is news and a restarted console reads what a running one showed.
//!
//! Three rules live here: [`Baseline`] says which health moves are news (one rule for
//! every surface), [`Change::key`] and [`Collapse`] say which repeats fold into one line,
//! and [`Change::text`] is the English every console surface shows. A surface with
//! wording of its own (the log) renders the same `Change`s with its own function.

use rustc_hash::FxHashMap;

use super::{Health, RoutingMode, Status};

/// One change an operator hears of.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// The first round of data: the status and routing it starts from.
    FirstData {
        status: Status,
        primary: Option<String>,
        fallback: Option<String>,
        reason: String,
    },
    /// A channel that the previous data did not have.
    Appeared {
        channel: String,
        health: Health,
    },
    /// A health move that is news ([`Baseline`]); `from` is `None` the first time a
    /// channel is seen unhealthy.
    Health {
        channel: String,
        from: Option<Health>,
        to: Health,
        /// Why, in the probe's own words, when it went down.
        error: Option<String>,
    },
    /// A down channel answers again; only its window still holds the outage.
    Back {
        channel: String,
        from: Health,
        to: Health,
    },
    /// The recommended primary moved (with the fallback and reason it moved with).
    Primary {
        from: Option<String>,
        to: Option<String>,
        fallback: Option<String>,
        reason: String,
    },
    /// Only the fallback moved.
    Fallback {
        from: Option<String>,
        to: Option<String>,
    },
    Mode {
        from: RoutingMode,
        to: RoutingMode,
    },
    /// The recovery rule fires (or fires for another reason).
    RecoveryNeeded {
        reason: String,
    },
    RecoveryNotNeeded,
    /// The executor's steps: autonomous mode, an action starting, a recorded result.
    Auto {
        on: bool,
    },
    ActionStarted {
        channel: String,
        action: String,
    },
    Recorded {
        channel: String,
        text: String,
        ok: bool,
    },
    Poller(PollerChange),
    Status {
        from: Status,
        to: Status,
    },
    /// A latency anomaly began (the model's sentence says why).
    Anomaly {
        channel: String,
        text: String,
    },
    /// A worse health is newly predicted (`A predicted DEGRADED in ~4 min`).
    Predicted {
        channel: String,
        text: String,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum PollerChange {
    Paused,
    Resumed,
    Failed(String),
}

/// How a change reads: views colour it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Good,
    Info,
    Warn,
    Bad,
}

impl Change {
    /// The English words of the console, the piped view and a replayed history.
    pub fn text(&self) -> String {
        let none = |n: &Option<String>| n.clone().unwrap_or_else(|| "none".into());
        match self {
            Change::FirstData {
                status, primary, ..
            } => {
                format!("first data: {status} · primary {}", none(primary))
            }
            Change::Appeared { channel, health } => format!("{channel} appeared ({health})"),
            Change::Health {
                channel, from, to, ..
            } => match from {
                Some(from) => format!("{channel} {from} → {to}"),
                None => format!("{channel} {to}"),
            },
            Change::Back { channel, from, to } => {
                format!("{channel} back ({from} → {to}, recovering)")
            }
            Change::Primary { from, to, .. } => format!("primary {} → {}", none(from), none(to)),
            Change::Fallback { from, to } => format!("fallback {} → {}", none(from), none(to)),
            Change::Mode { from, to } => format!("routing mode {from} → {to}"),
            Change::RecoveryNeeded { reason } => format!("recovery NEEDED: {reason}"),
            Change::RecoveryNotNeeded => "recovery no longer needed".into(),
            Change::Auto { on } => format!("auto-recovery {}", if *on { "on" } else { "off" }),
            Change::ActionStarted { channel, action } => format!("{channel} {action} started"),
            Change::Recorded { channel, text, .. } => format!("{channel} {text}"),
            Change::Poller(PollerChange::Paused) => "poller paused".into(),
            Change::Poller(PollerChange::Resumed) => "poller resumed".into(),
            Change::Poller(PollerChange::Failed(why)) => format!("poller FAILED: {why}"),
            Change::Status { from, to } => format!("status {from} → {to}"),
            Change::Anomaly { text, .. } | Change::Predicted { text, .. } => text.clone(),
        }
    }

    /// The probe's error that goes with a channel going down, as a line of its own
    /// (`A: connection refused`), so a flapping health still folds into one line.
    pub fn why(&self) -> Option<String> {
        match self {
            Change::Health {
                channel,
                from,
                to,
                error: Some(e),
            } if to.is_down() && !from.is_some_and(Health::is_down) => {
                Some(format!("{channel}: {e}"))
            }
            _ => None,
        }
    }

    pub fn tone(&self) -> Tone {
        match self {
            Change::FirstData { .. } | Change::Appeared { .. } | Change::Mode { .. } => Tone::Info,
            Change::Fallback { .. } | Change::Auto { .. } => Tone::Info,
            Change::Health { from, to, .. } => match from {
                Some(from) if to < from => Tone::Good,
                _ if to.is_down() => Tone::Bad,
                _ => Tone::Warn,
            },
            Change::Back { .. } | Change::RecoveryNotNeeded => Tone::Good,
            Change::Primary { to: None, .. } => Tone::Bad,
            Change::Primary { .. } | Change::ActionStarted { .. } => Tone::Warn,
            Change::Anomaly { .. } | Change::Predicted { .. } => Tone::Warn,
            Change::RecoveryNeeded { .. } => Tone::Bad,
            Change::Recorded { ok, .. } => {
                if *ok {
                    Tone::Good
                } else {
                    Tone::Bad
                }
            }
            Change::Poller(PollerChange::Paused) => Tone::Warn,
            Change::Poller(PollerChange::Resumed) => Tone::Good,
            Change::Poller(PollerChange::Failed(_)) => Tone::Bad,
            Change::Status { to, .. } => match to {
                Status::Ok => Tone::Good,
                Status::Warning => Tone::Warn,
                _ => Tone::Bad,
            },
        }
    }

    /// What moved, from where, to where, for the changes that flap (`primary A → B`,
    /// `B → A`, …): the collapsing rule folds repeats of one pair into one line.
    pub fn arrow(&self) -> Option<(String, String, String)> {
        let none = |n: &Option<String>| n.clone().unwrap_or_else(|| "none".into());
        match self {
            Change::Health {
                channel,
                from: Some(from),
                to,
                ..
            } => Some((format!("{channel} "), from.to_string(), to.to_string())),
            Change::Primary { from, to, .. } => Some(("primary ".into(), none(from), none(to))),
            Change::Fallback { from, to } => Some(("fallback ".into(), none(from), none(to))),
            Change::Mode { from, to } => {
                Some(("routing mode ".into(), from.to_string(), to.to_string()))
            }
            Change::Status { from, to } => {
                Some(("status ".into(), from.to_string(), to.to_string()))
            }
            _ => None,
        }
    }

    /// What repeats of this change share: `primary A⇄B` for both directions of a pair,
    /// else the text itself.
    pub fn key(&self) -> String {
        match self.arrow() {
            Some((what, a, b)) => {
                let (x, y) = if a <= b { (a, b) } else { (b, a) };
                format!("{what}{x}⇄{y}")
            }
            None => self.text(),
        }
    }

    /// The line for the `n`th repeat within a burst that has lasted `span` (already in
    /// words): `primary A ⇄ B ×5 in 30s, now B`, or `TEXT ×3 in 12s`.
    pub fn collapsed(&self, n: u32, span: &str) -> String {
        match self.arrow() {
            Some((what, from, to)) => format!("{what}{from} ⇄ {to} ×{n} in {span}, now {to}"),
            None => format!("{} ×{n} in {span}", self.text()),
        }
    }
}

/// One rule for what is news about a channel's health, for every surface: a move is
/// news when it leaves or regains health or moves between unhealthy states, never when
/// a healthy channel moves between EXCELLENT and GOOD (latency wobbling around 100 ms,
/// which on many channels buried every real change). `from` is the health last reported,
/// so every surface says the same "from".
#[derive(Debug, Default, Clone)]
pub struct Baseline {
    reported: FxHashMap<String, Health>,
}

impl Baseline {
    /// Takes `health` as what is known of `channel` without reporting it (the data the
    /// first report summarises, or a history database's last word).
    pub fn know(&mut self, channel: &str, health: Health) {
        self.reported.insert(channel.to_string(), health);
    }

    pub fn get(&self, channel: &str) -> Option<Health> {
        self.reported.get(channel).copied()
    }

    /// `Some(from)` when `now` is news for `channel` (and remembers it as reported);
    /// `from` is `None` for a channel first seen unhealthy.
    pub fn report(&mut self, channel: &str, now: Health) -> Option<Option<Health>> {
        // Looked up before inserting: no allocation per channel per snapshot.
        match self.reported.get_mut(channel) {
            Some(h) if now.is_news_after(*h) => Some(Some(std::mem::replace(h, now))),
            Some(_) => None,
            None if !now.is_healthy() => {
                self.reported.insert(channel.to_string(), now);
                Some(None)
            }
            None => {
                self.reported.insert(channel.to_string(), now);
                None
            }
        }
    }
}

/// A change that repeats within this long of the first one collapses into one line.
pub const COLLAPSE_MS: i64 = 60_000;

/// The collapsing rule: repeats of a change (by [`Change::key`]) within [`COLLAPSE_MS`]
/// of the first are one burst. Shared by the events pane and the piped live view.
#[derive(Debug, Default)]
pub struct Collapse {
    /// Open bursts by key: first time, count. Looked up, not searched: a fleet that
    /// grows by tens of thousands of channels makes as many bursts at once.
    bursts: FxHashMap<String, (i64, u32)>,
    /// Keys in the order their bursts opened, to close them oldest first.
    opened: std::collections::VecDeque<(i64, String)>,
}

/// Where a change stands in its burst.
#[derive(Debug, Clone, PartialEq)]
pub struct Burst {
    pub key: String,
    /// 1 for the first of a burst.
    pub n: u32,
    /// Since the burst's first change.
    pub span_ms: i64,
}

impl Collapse {
    /// Counts `change`, seen at `at_ms`, into its burst.
    pub fn add(&mut self, at_ms: i64, change: &Change) -> Burst {
        self.add_key(at_ms, change.key())
    }

    /// [`Collapse::add`] by key (a line that is not a change of its own, such as the
    /// error of a channel going down, collapses by its text).
    pub fn add_key(&mut self, at_ms: i64, key: String) -> Burst {
        while let Some((first, _)) = self.opened.front() {
            if at_ms - first <= COLLAPSE_MS {
                break;
            }
            if let Some((_, old)) = self.opened.pop_front() {
                if self
                    .bursts
                    .get(&old)
                    .is_some_and(|(f, _)| at_ms - f > COLLAPSE_MS)
                {
                    self.bursts.remove(&old);
                }
            }
        }
        match self.bursts.get_mut(&key) {
            Some((first, n)) if at_ms - *first <= COLLAPSE_MS => {
                *n += 1;
                Burst {
                    n: *n,
                    span_ms: at_ms - *first,
                    key,
                }
            }
            _ => {
                self.bursts.insert(key.clone(), (at_ms, 1));
                self.opened.push_back((at_ms, key.clone()));
                Burst {
                    key,
                    n: 1,
                    span_ms: 0,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excellent_and_good_are_not_news_and_from_is_the_last_reported() {
        let mut b = Baseline::default();
        assert_eq!(b.report("A", Health::Excellent), None, "first seen healthy");
        assert_eq!(b.report("A", Health::Good), None);
        assert_eq!(
            b.report("A", Health::Degraded),
            Some(Some(Health::Excellent)),
            "from is what was last reported, not the unreported GOOD"
        );
        assert_eq!(b.report("A", Health::Good), Some(Some(Health::Degraded)));
        assert_eq!(b.report("B", Health::Offline), Some(None));
    }

    #[test]
    fn both_directions_of_a_flap_share_one_burst() {
        let p = |from: &str, to: &str| Change::Primary {
            from: Some(from.into()),
            to: Some(to.into()),
            fallback: None,
            reason: String::new(),
        };
        let mut c = Collapse::default();
        assert_eq!(c.add(0, &p("A", "B")).n, 1);
        let b = c.add(10_000, &p("B", "A"));
        assert_eq!((b.n, b.span_ms), (2, 10_000));
        assert_eq!(
            p("B", "A").collapsed(2, "10s"),
            "primary B ⇄ A ×2 in 10s, now A"
        );
        assert_eq!(
            c.add(80_000, &p("A", "B")).n,
            1,
            "a minute later: a new burst"
        );
    }

    #[test]
    fn a_channel_going_down_says_why_on_a_line_of_its_own() {
        let down = Change::Health {
            channel: "A".into(),
            from: Some(Health::Good),
            to: Health::Offline,
            error: Some("connection refused".into()),
        };
        assert_eq!(down.text(), "A GOOD → OFFLINE");
        assert_eq!(down.why().as_deref(), Some("A: connection refused"));
        assert_eq!(down.tone(), Tone::Bad);
    }
}
