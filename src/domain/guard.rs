//! The recovery guardrails as a pure state machine: which channel gets its actions run,
//! when, and when to stop trying. Time comes in as milliseconds; nothing here sleeps,
//! spawns or writes. The controller in `crate::recovery` feeds it snapshots and the
//! results of the actions it ran, and carries out the `Step`s it returns.
//!
//! Per channel the cycle is `idle → running → verifying → idle`, with `cooldown` (a
//! derived state: idle, but too soon to act again) and `escalated` (too many failed
//! attempts in a row; nothing more runs until an operator resets it). Pacing follows the
//! kubelet's CrashLoopBackOff: the gap before the next attempt on a channel is `cooldown`
//! after a success or a first failure, then doubles with every further failure in a row,
//! up to `backoff_max`.

use rustc_hash::FxHashMap;

use super::health::Health;

/// Guardrail settings (config `[recovery]`), in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GuardSettings {
    /// Least time between two attempts on one channel.
    pub cooldown_ms: i64,
    /// Failed attempts in a row before the channel is escalated.
    pub max_attempts: u32,
    /// After its actions succeed, the channel must be back within this.
    pub verify_timeout_ms: i64,
    /// The backoff between failed attempts grows up to this.
    pub backoff_max_ms: i64,
    /// A POOR channel (up, but failing often) is acted on once it has been POOR this long.
    pub poor_after_ms: i64,
}

impl Default for GuardSettings {
    fn default() -> Self {
        GuardSettings {
            cooldown_ms: 300_000,
            max_attempts: 3,
            verify_timeout_ms: 60_000,
            backoff_max_ms: 1_800_000,
            poor_after_ms: 120_000,
        }
    }
}

/// A channel's recovery state as every view shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecoveryState {
    Idle,
    Cooldown,
    Running,
    Verifying,
    Escalated,
}

impl RecoveryState {
    pub fn as_str(self) -> &'static str {
        match self {
            RecoveryState::Idle => "idle",
            RecoveryState::Cooldown => "cooldown",
            RecoveryState::Running => "running",
            RecoveryState::Verifying => "verifying",
            RecoveryState::Escalated => "escalated",
        }
    }
}

impl serde::Serialize for RecoveryState {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl std::fmt::Display for RecoveryState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the guard sees of one channel at one moment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Seen<'a> {
    pub name: &'a str,
    pub health: Health,
    pub optional: bool,
    /// Whether there is anything to run for this channel right now (bound actions, or the
    /// unbound ones while the overall recovery rule fires).
    pub actionable: bool,
    /// When its current run of failures began, if it is failing.
    pub down_since_ms: Option<i64>,
    /// Its newest probes succeeded (`up_after` of them in a row): it is back, whatever
    /// the window's availability still says about the outage.
    pub back: bool,
}

/// What the controller must do (and record) next.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// Run the channel's actions now, as attempt number `attempt` of this incident.
    Trigger {
        channel: String,
        attempt: u32,
        reason: String,
        manual: bool,
    },
    /// The actions of an attempt failed (a non-zero exit, a timeout, a refused webhook).
    Failed { channel: String, attempt: u32 },
    /// Whether the channel came back within `verify_timeout` after its actions ran;
    /// `down_ms` is the time from its first failure to now, when it is back.
    Verified {
        channel: String,
        attempt: u32,
        ok: bool,
        down_ms: Option<i64>,
    },
    /// `failures` attempts in a row failed: no more until an operator resets the channel.
    Escalate { channel: String, failures: u32 },
    /// An attempt was due but would take the last serving core channel out of rotation.
    Blocked { channel: String, reason: String },
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Phase {
    Idle,
    Running,
    Verifying { deadline_ms: i64 },
    Escalated { since_ms: i64 },
}

/// One channel's guard state.
#[derive(Debug, Clone)]
struct Track {
    phase: Phase,
    /// Failed attempts in a row.
    failures: u32,
    /// Attempts in the current incident.
    attempts: u32,
    last_start_ms: Option<i64>,
    poor_since_ms: Option<i64>,
    /// When the current incident began (first failure), for time-to-recovery.
    incident_since_ms: Option<i64>,
    /// A `Blocked` step was already given for this incident.
    blocked: bool,
}

impl Track {
    fn new() -> Track {
        Track {
            phase: Phase::Idle,
            failures: 0,
            attempts: 0,
            last_start_ms: None,
            poor_since_ms: None,
            incident_since_ms: None,
            blocked: false,
        }
    }
}

/// What a channel's track says, for views.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrackView {
    pub state: RecoveryState,
    pub failures: u32,
    pub attempts: u32,
    /// When the next automatic attempt may start (set while in cooldown or backoff).
    pub next_allowed_ms: Option<i64>,
    pub escalated_since_ms: Option<i64>,
    pub verify_deadline_ms: Option<i64>,
}

/// Refusals of a manual run.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    /// An attempt is already running or being verified.
    Busy(RecoveryState),
    /// It would take the last serving core channel out of rotation.
    LastServing,
}

/// The guardrails for every channel.
#[derive(Debug, Clone)]
pub struct Guard {
    settings: GuardSettings,
    tracks: FxHashMap<String, Track>,
    changed: bool,
    last_seen_ms: Option<i64>,
}

impl Guard {
    pub fn new(settings: GuardSettings) -> Guard {
        Guard {
            settings,
            tracks: FxHashMap::default(),
            changed: true,
            last_seen_ms: None,
        }
    }

    pub fn settings(&self) -> &GuardSettings {
        &self.settings
    }

    fn track(&mut self, channel: &str) -> &mut Track {
        // Looked up before inserting: this runs per channel per snapshot, and the key
        // is allocated only the first time a channel is seen.
        if !self.tracks.contains_key(channel) {
            self.tracks.insert(channel.to_string(), Track::new());
        }
        self.tracks
            .get_mut(channel)
            .expect("a track was inserted above")
    }

    /// Whether anything a view shows (state, failures, cooldown) changed since the last
    /// call: the controller then rebuilds its view, and only then.
    pub fn take_changed(&mut self) -> bool {
        std::mem::take(&mut self.changed)
    }

    /// The gap after the last attempt before the next one may start.
    fn gap_ms(&self, failures: u32) -> i64 {
        let s = &self.settings;
        let doublings = failures.saturating_sub(1).min(30);
        let cap = s.backoff_max_ms.max(s.cooldown_ms);
        s.cooldown_ms.saturating_mul(1i64 << doublings).min(cap)
    }

    fn next_allowed(&self, t: &Track) -> Option<i64> {
        t.last_start_ms
            .map(|at| at.saturating_add(self.gap_ms(t.failures)))
    }

    /// Feeds one moment's channels; returns what to do. With `auto` off nothing is
    /// triggered, but verification and incident tracking go on.
    pub fn observe(&mut self, now_ms: i64, seen: &[Seen], auto: bool) -> Vec<Step> {
        let mut steps = Vec::new();
        self.changed |= self.next_deadline_passed(now_ms);
        // Counted once: a fleet of a thousand channels must not cost a million checks.
        let serving_core = seen.iter().filter(|o| serves_core(o)).count();
        for ch in seen {
            let serving_others = serving_core - usize::from(serves_core(ch));
            self.observe_one(now_ms, ch, auto, serving_others, &mut steps);
        }
        self.changed |= !steps.is_empty();
        steps
    }

    fn observe_one(
        &mut self,
        now: i64,
        ch: &Seen,
        auto: bool,
        serving_others: usize,
        steps: &mut Vec<Step>,
    ) {
        let poor_after = self.settings.poor_after_ms;
        let max_attempts = self.settings.max_attempts;
        let name = ch.name.to_string();
        let next_allowed = self.tracks.get(ch.name).and_then(|t| self.next_allowed(t));
        let t = self.track(ch.name);
        let bad = ch.health.is_down() && !ch.back;
        t.poor_since_ms = match ch.health {
            Health::Poor => Some(t.poor_since_ms.unwrap_or(now)),
            _ => None,
        };
        if bad {
            let since = ch.down_since_ms.unwrap_or(now).min(now);
            t.incident_since_ms.get_or_insert(since);
        }
        match t.phase {
            Phase::Running | Phase::Escalated { .. } => {}
            Phase::Verifying { deadline_ms } => {
                if !bad {
                    let down_ms = t.incident_since_ms.map(|s| now - s);
                    steps.push(Step::Verified {
                        channel: name,
                        attempt: t.attempts,
                        ok: true,
                        down_ms,
                    });
                    *t = Track {
                        last_start_ms: t.last_start_ms,
                        ..Track::new()
                    };
                } else if now >= deadline_ms {
                    steps.push(Step::Verified {
                        channel: name.clone(),
                        attempt: t.attempts,
                        ok: false,
                        down_ms: None,
                    });
                    t.failures += 1;
                    t.phase = Phase::Idle;
                    if t.failures >= max_attempts {
                        t.phase = Phase::Escalated { since_ms: now };
                        steps.push(Step::Escalate {
                            channel: name,
                            failures: t.failures,
                        });
                    }
                }
            }
            Phase::Idle if !bad => {
                // The incident is over (it came back by itself): the next one starts afresh.
                if t.failures > 0 || t.attempts > 0 {
                    self.changed = true;
                }
                let t = self.track(ch.name);
                t.incident_since_ms = None;
                t.attempts = 0;
                t.failures = 0;
                t.blocked = false;
            }
            Phase::Idle => {
                let poor_long = t.poor_since_ms.is_some_and(|s| now - s >= poor_after);
                let due_health = ch.health == Health::Offline || (poor_long && !ch.back);
                if !(auto && ch.actionable && due_health) {
                    return;
                }
                if next_allowed.is_some_and(|at| now < at) {
                    return;
                }
                let last_serving = ch.health == Health::Poor && !ch.optional && serving_others == 0;
                if last_serving {
                    if !t.blocked {
                        t.blocked = true;
                        steps.push(Step::Blocked {
                            channel: name,
                            reason: "it is the last core channel still serving traffic".into(),
                        });
                    }
                    return;
                }
                let reason = match ch.health {
                    Health::Offline => "OFFLINE".to_string(),
                    _ => format!(
                        "POOR for {}s",
                        (now - t.poor_since_ms.unwrap_or(now)) / 1000
                    ),
                };
                steps.push(Self::start(t, name, now, reason, false));
            }
        }
    }

    fn start(t: &mut Track, channel: String, now: i64, reason: String, manual: bool) -> Step {
        t.attempts += 1;
        t.phase = Phase::Running;
        t.last_start_ms = Some(now);
        Step::Trigger {
            channel,
            attempt: t.attempts,
            reason,
            manual,
        }
    }

    /// An operator asked to run a channel's actions now: cooldown and backoff do not
    /// apply, an escalated channel may be tried, but never two attempts at once and never
    /// at the cost of the last serving core channel.
    pub fn manual(&mut self, now_ms: i64, ch: &Seen, seen: &[Seen]) -> Result<Step, Refusal> {
        let state = self.view(ch.name, now_ms).state;
        if matches!(state, RecoveryState::Running | RecoveryState::Verifying) {
            return Err(Refusal::Busy(state));
        }
        let serving_others = seen
            .iter()
            .filter(|o| o.name != ch.name && serves_core(o))
            .count();
        if serves_core(ch) && serving_others == 0 {
            return Err(Refusal::LastServing);
        }
        let t = self.track(ch.name);
        if ch.health.is_down() {
            t.incident_since_ms
                .get_or_insert(ch.down_since_ms.unwrap_or(now_ms).min(now_ms));
        }
        let reason = format!("operator request ({})", ch.health);
        let step = Self::start(t, ch.name.to_string(), now_ms, reason, true);
        self.changed = true;
        Ok(step)
    }

    /// The actions of the running attempt ended: on success the channel is verified next,
    /// on failure the attempt counts as failed (and may escalate).
    pub fn finished(&mut self, channel: &str, now_ms: i64, ok: bool) -> Vec<Step> {
        let s = self.settings;
        self.changed = true;
        let t = self.track(channel);
        if t.phase != Phase::Running {
            return Vec::new();
        }
        if ok {
            t.phase = Phase::Verifying {
                deadline_ms: now_ms.saturating_add(s.verify_timeout_ms),
            };
            return Vec::new();
        }
        t.failures += 1;
        t.phase = Phase::Idle;
        let mut steps = vec![Step::Failed {
            channel: channel.to_string(),
            attempt: t.attempts,
        }];
        if t.failures >= s.max_attempts {
            t.phase = Phase::Escalated { since_ms: now_ms };
            steps.push(Step::Escalate {
                channel: channel.to_string(),
                failures: t.failures,
            });
        }
        steps
    }

    /// An attempt that never ran because the daemon itself could not run it (no audit
    /// record, no descriptor, no memory): not the channel's failure, so it counts toward
    /// no escalation. The cooldown from its start still applies before the next try.
    pub fn not_run(&mut self, channel: &str) {
        let t = self.track(channel);
        if t.phase == Phase::Running {
            t.phase = Phase::Idle;
            t.attempts = t.attempts.saturating_sub(1);
            self.changed = true;
        }
    }

    /// Clears a channel's escalation, failure count and backoff (an operator's reset).
    /// Returns whether there was anything to clear.
    pub fn reset(&mut self, channel: &str) -> bool {
        let Some(t) = self.tracks.get_mut(channel) else {
            return false;
        };
        if matches!(t.phase, Phase::Running | Phase::Verifying { .. }) {
            return false;
        }
        let changed = t.failures > 0 || matches!(t.phase, Phase::Escalated { .. });
        *t = Track::new();
        self.changed |= changed;
        changed
    }

    /// Rebuilds a channel's state from the audit log at start-up.
    pub fn restore(
        &mut self,
        channel: &str,
        failures: u32,
        last_start_ms: Option<i64>,
        escalated_since_ms: Option<i64>,
    ) {
        let t = self.track(channel);
        t.failures = failures;
        t.last_start_ms = last_start_ms;
        if let Some(since_ms) = escalated_since_ms {
            t.phase = Phase::Escalated { since_ms };
        }
    }

    /// A channel's state as of `now_ms`.
    pub fn view(&self, channel: &str, now_ms: i64) -> TrackView {
        let Some(t) = self.tracks.get(channel) else {
            return TrackView {
                state: RecoveryState::Idle,
                failures: 0,
                attempts: 0,
                next_allowed_ms: None,
                escalated_since_ms: None,
                verify_deadline_ms: None,
            };
        };
        let next = self.next_allowed(t).filter(|&at| at > now_ms);
        let state = match t.phase {
            Phase::Running => RecoveryState::Running,
            Phase::Verifying { .. } => RecoveryState::Verifying,
            Phase::Escalated { .. } => RecoveryState::Escalated,
            Phase::Idle if next.is_some() => RecoveryState::Cooldown,
            Phase::Idle => RecoveryState::Idle,
        };
        TrackView {
            state,
            failures: t.failures,
            attempts: t.attempts,
            next_allowed_ms: next,
            escalated_since_ms: match t.phase {
                Phase::Escalated { since_ms } => Some(since_ms),
                _ => None,
            },
            verify_deadline_ms: match t.phase {
                Phase::Verifying { deadline_ms } => Some(deadline_ms),
                _ => None,
            },
        }
    }

    /// Whether a deadline or cooldown end lies between the last observation and now
    /// (time alone changed what a view shows).
    fn next_deadline_passed(&mut self, now_ms: i64) -> bool {
        let passed = self
            .last_seen_ms
            .is_some_and(|last| self.next_deadline(last).is_some_and(|at| at <= now_ms));
        self.last_seen_ms = Some(now_ms);
        passed
    }

    /// The next moment at which time alone changes something: a verification deadline or
    /// the end of a cooldown (the controller wakes then even without a new snapshot).
    pub fn next_deadline(&self, now_ms: i64) -> Option<i64> {
        self.tracks
            .values()
            .filter_map(|t| match t.phase {
                Phase::Verifying { deadline_ms } => Some(deadline_ms),
                Phase::Idle => self.next_allowed(t),
                _ => None,
            })
            .filter(|&at| at > now_ms)
            .min()
    }
}

/// A core channel that still carries traffic (slow counts; failing often does not).
fn serves_core(s: &Seen) -> bool {
    !s.optional
        && matches!(
            s.health,
            Health::Excellent | Health::Good | Health::Degraded
        )
}

#[cfg(test)]
mod tests;
