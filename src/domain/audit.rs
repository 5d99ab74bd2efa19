//! The audit log's events as types: one variant per event of `docs/recovery.md`, each a
//! small struct of its own fields, so the executor writes them, the memory reads them
//! back and every view renders them without looking anything up by string key.
//!
//! A line on disk is `{"ts", "event", fields…, "dry_run"?}` in exactly that order
//! ([`AuditLine`]). Adding an event is one place: its struct here with `impl Fields`
//! (what views may ask of it, all optional) and one line in `audit_events!`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub use super::route_audit::{RouteApply, RoutePending, RouteRollback, RouteVerify};

/// Declares the events: the enum, and the dispatch of [`Fields`] to each event's struct.
/// Adding an event is its struct (with `impl Fields`) and one line in the list below.
macro_rules! audit_events {
    ($($variant:ident($ty:ident),)*) => {
        /// One audit event with its fields (the line's `event` key is the variant's
        /// name in snake case).
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(tag = "event", rename_all = "snake_case")]
        pub enum AuditEvent {
            $($variant($ty),)*
            /// An event this build does not know (a newer build wrote it): read past,
            /// not lost.
            #[serde(other)]
            Unknown,
        }

        impl AuditEvent {
            fn fields(&self) -> Option<&dyn Fields> {
                match self {
                    $(AuditEvent::$variant(e) => Some(e),)*
                    AuditEvent::Unknown => None,
                }
            }

            fn fields_mut(&mut self) -> Option<&mut dyn Fields> {
                match self {
                    $(AuditEvent::$variant(e) => Some(e),)*
                    AuditEvent::Unknown => None,
                }
            }
        }
    };
}

audit_events! {
    Start(Start),
    Trigger(Trigger),
    ActionStart(ActionStart),
    ActionEnd(ActionEnd),
    Verify(Verify),
    Escalate(Escalate),
    Blocked(Blocked),
    Interrupted(Interrupted),
    Aborted(Aborted),
    Maintenance(MaintenanceEdge),
    Reset(Reset),
    Auto(Auto),
    RouteApply(RouteApply),
    RouteVerify(RouteVerify),
    RouteRollback(RouteRollback),
    RoutePending(RoutePending),
    RoutingPolicy(RoutingPolicy),
}

/// What views ask of an event; each event's struct answers for itself (the defaults:
/// no channel, not a success, nothing shown, no free text).
pub trait Fields {
    /// The channel the event is about (`""` for the instance's own events).
    fn channel(&self) -> &str {
        ""
    }

    /// Whether it says something went well, for the colour views give it.
    fn ok(&self) -> bool {
        false
    }

    /// What happened, in a few English words, for the events an operator cares about
    /// (`None` for bookkeeping such as start, trigger and action_start).
    fn describe(&self) -> Option<String> {
        None
    }

    /// Every free-text field, for the sanitiser (names, errors and output come from the
    /// config, the network and child processes); [`Fields::strings`] in the same order.
    fn strings_mut(&mut self) -> Vec<&mut String> {
        Vec::new()
    }

    fn strings(&self) -> Vec<&str> {
        Vec::new()
    }
}

/// An instance took the lock.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Start {
    pub pid: u32,
    pub version: String,
    pub auto: bool,
    pub dry_run: bool,
}

/// An attempt starts.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Trigger {
    pub channel: String,
    pub attempt: u32,
    pub reason: String,
    /// `auto`, `console` or `say`.
    pub by: String,
    pub actions: Vec<String>,
    pub run: String,
}

/// Before an action runs.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ActionStart {
    pub channel: String,
    pub action: String,
    pub attempt: u32,
    pub run: String,
    pub kind: String,
    pub target: Target,
    /// The `on_escalate` action's own record.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub escalation: Option<bool>,
}

/// What an action acts on, safe to record: a command's argv, or a webhook's scheme and
/// host only (its URL is often a secret itself).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Target {
    Argv(Vec<String>),
    Host(String),
}

impl Default for Target {
    fn default() -> Self {
        Target::Host(String::new())
    }
}

/// After an action ended.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ActionEnd {
    pub channel: String,
    pub action: String,
    pub attempt: u32,
    pub run: String,
    pub ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exit_code: Option<i64>,
    /// A webhook's HTTP status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    pub duration_ms: u64,
    pub timed_out: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    pub output: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub escalation: Option<bool>,
    /// It could not run for want of the daemon's own resources.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub daemon_fault: Option<bool>,
    /// Cut off because the process was stopping.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aborted: Option<bool>,
}

/// How an action ended, as views say it: its error, else its exit code, else ok/failed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Outcome<'a> {
    Error(&'a str),
    Exit(i64),
    Ok,
    Failed,
}

impl ActionEnd {
    pub fn outcome(&self) -> Outcome<'_> {
        match (self.exit_code, self.error.as_deref()) {
            (_, Some(err)) if !err.is_empty() => Outcome::Error(err),
            (Some(code), _) => Outcome::Exit(code),
            (None, _) if self.ok => Outcome::Ok,
            (None, _) => Outcome::Failed,
        }
    }
}

/// The channel came back, or did not in time.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Verify {
    pub channel: String,
    pub attempt: u32,
    pub ok: bool,
    /// First failure to back; `null` for a channel that was not down.
    pub down_ms: Option<i64>,
}

/// `max_attempts` failed in a row.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Escalate {
    pub channel: String,
    pub failures: u32,
    pub on_escalate: Option<String>,
}

/// An attempt was due on the last serving channel.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Blocked {
    pub channel: String,
    pub reason: String,
}

/// An action that started and never ended, found at the next start.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Interrupted {
    pub channel: String,
    pub action: String,
    pub attempt: u64,
    pub run: String,
    /// The `ts` of its `action_start`.
    pub started: String,
}

/// The process stopped while an attempt waited for its verification.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Aborted {
    pub channel: String,
    pub attempt: u32,
    pub reason: String,
}

/// A channel entered (`on`) or left a maintenance window or silence.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MaintenanceEdge {
    pub channel: String,
    pub on: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// An operator cleared escalation (no channel: every channel).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Reset {
    pub channel: String,
    pub by: String,
}

/// Autonomous mode switched.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Auto {
    pub on: bool,
    pub by: String,
}

/// An operator switched the routing policy at run time (until a restart, which goes
/// back to the config's).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RoutingPolicy {
    pub from: String,
    pub to: String,
    pub by: String,
}

impl AuditEvent {
    /// The channel the event is about (`""` for the instance's own events).
    pub fn channel(&self) -> &str {
        self.fields().map_or("", Fields::channel)
    }

    /// Whether the event says something went well (a verified recovery, an action that
    /// succeeded, a reset), for the colour views give it.
    pub fn ok(&self) -> bool {
        self.fields().is_some_and(Fields::ok)
    }

    /// What happened, in a few English words, for the events an operator cares about.
    /// The JSON, the history database and the console show these; ChatOps renders them
    /// per language.
    pub fn describe(&self) -> Option<String> {
        self.fields().and_then(Fields::describe)
    }

    /// Every free-text field, for the sanitiser.
    pub fn strings_mut(&mut self) -> Vec<&mut String> {
        self.fields_mut().map_or_else(Vec::new, Fields::strings_mut)
    }

    /// [`AuditEvent::strings_mut`], read-only (the same fields in the same order).
    pub fn strings(&self) -> Vec<&str> {
        self.fields().map_or_else(Vec::new, Fields::strings)
    }
}

/// `channel` first, then the other free-text fields named, for [`Fields`].
macro_rules! texts {
    ($($f:ident),*) => {
        fn channel(&self) -> &str {
            &self.channel
        }

        fn strings_mut(&mut self) -> Vec<&mut String> {
            vec![&mut self.channel $(, &mut self.$f)*]
        }

        fn strings(&self) -> Vec<&str> {
            vec![self.channel.as_str() $(, self.$f.as_str())*]
        }
    };
}

fn secs(ms: i64) -> f64 {
    ms as f64 / 1000.0
}

impl Fields for Start {}
impl Fields for Auto {}

impl Fields for RoutingPolicy {
    fn describe(&self) -> Option<String> {
        Some(format!(
            "routing policy {} → {} (by {})",
            self.from, self.to, self.by
        ))
    }
}

impl Fields for Trigger {
    texts!(reason);
}

impl Fields for ActionStart {
    texts!(action);
}

impl Fields for ActionEnd {
    fn channel(&self) -> &str {
        &self.channel
    }

    fn ok(&self) -> bool {
        self.ok
    }

    fn describe(&self) -> Option<String> {
        let how = match self.outcome() {
            Outcome::Error(err) => err.to_string(),
            Outcome::Exit(code) => format!("exit {code}"),
            Outcome::Ok => "ok".to_string(),
            Outcome::Failed => "failed".to_string(),
        };
        let dur = secs(self.duration_ms as i64);
        Some(format!("{} {how} in {dur:.1}s", self.action))
    }

    fn strings_mut(&mut self) -> Vec<&mut String> {
        let mut v = vec![&mut self.channel, &mut self.action, &mut self.output];
        v.extend(self.error.as_mut());
        v
    }

    fn strings(&self) -> Vec<&str> {
        let mut v = vec![self.channel.as_str(), &self.action, &self.output];
        v.extend(self.error.as_deref());
        v
    }
}

impl Fields for Verify {
    texts!();

    fn ok(&self) -> bool {
        self.ok
    }

    fn describe(&self) -> Option<String> {
        Some(match (self.ok, self.down_ms) {
            (true, Some(d)) => format!("back, {:.0}s after its first failure", secs(d)),
            (true, None) => "back".to_string(),
            (false, _) => "not back in time".to_string(),
        })
    }
}

impl Fields for Escalate {
    texts!();

    fn describe(&self) -> Option<String> {
        Some(format!("ESCALATED after {} failed attempts", self.failures))
    }
}

impl Fields for Blocked {
    texts!(reason);

    fn describe(&self) -> Option<String> {
        Some(format!("not run: {}", self.reason))
    }
}

impl Fields for Interrupted {
    texts!(action);

    fn describe(&self) -> Option<String> {
        Some(format!("{} interrupted (switchboard stopped)", self.action))
    }
}

impl Fields for Aborted {
    texts!(reason);

    fn describe(&self) -> Option<String> {
        Some("verification aborted (switchboard stopped)".to_string())
    }
}

impl Fields for MaintenanceEdge {
    fn channel(&self) -> &str {
        &self.channel
    }

    fn describe(&self) -> Option<String> {
        if !self.on {
            return Some("maintenance over".to_string());
        }
        Some(format!(
            "maintenance until {} ({})",
            self.until.as_deref().unwrap_or_default(),
            self.reason.as_deref().unwrap_or_default()
        ))
    }

    fn strings_mut(&mut self) -> Vec<&mut String> {
        let mut v = vec![&mut self.channel];
        v.extend(self.until.as_mut());
        v.extend(self.reason.as_mut());
        v
    }

    fn strings(&self) -> Vec<&str> {
        let mut v = vec![self.channel.as_str()];
        v.extend(self.until.as_deref());
        v.extend(self.reason.as_deref());
        v
    }
}

impl Fields for Reset {
    texts!(by);

    fn ok(&self) -> bool {
        true
    }

    fn describe(&self) -> Option<String> {
        Some("reset by operator".to_string())
    }
}

/// One line of the audit log: when, what, and whether it was a rehearsal.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditLine {
    /// RFC 3339 UTC with milliseconds, as written.
    pub ts: String,
    pub event: AuditEvent,
    /// `--dry-run`: shown in the history, never gating the real executor.
    pub dry_run: bool,
}

impl AuditLine {
    /// The line as a JSON object, keys in the order `docs/recovery.md` shows: `ts`,
    /// `event`, the event's fields, then `dry_run` when it is one (a `start` line has
    /// its own `dry_run` field, which keeps its place).
    pub fn to_map(&self) -> Map<String, Value> {
        let fields = match serde_json::to_value(&self.event) {
            Ok(Value::Object(o)) => o,
            _ => Map::new(),
        };
        let mut obj = Map::with_capacity(fields.len() + 2);
        obj.insert("ts".into(), Value::from(self.ts.as_str()));
        obj.extend(fields);
        if self.dry_run {
            obj.insert("dry_run".into(), Value::Bool(true));
        }
        obj
    }

    /// The line as written to disk (without its newline).
    pub fn to_json(&self) -> String {
        Value::Object(self.to_map()).to_string()
    }

    /// Reads one line; `None` when it is not an audit event (a torn line, another
    /// object), so the reader skips it.
    pub fn parse(line: &[u8]) -> Option<AuditLine> {
        let Ok(Value::Object(o)) = serde_json::from_slice::<Value>(line) else {
            return None;
        };
        AuditLine::from_map(o)
    }

    /// [`AuditLine::parse`] of an object already read.
    pub fn from_map(o: Map<String, Value>) -> Option<AuditLine> {
        let ts = o.get("ts").and_then(Value::as_str).unwrap_or_default();
        let dry_run = o.get("dry_run").and_then(Value::as_bool).unwrap_or(false);
        let ts = ts.to_string();
        let event = serde_json::from_value(Value::Object(o)).ok()?;
        Some(AuditLine { ts, event, dry_run })
    }
}

/// The example lines of `docs/recovery.md`'s audit log block, as written there.
impl Fields for RouteApply {
    fn describe(&self) -> Option<String> {
        let dry = if self.dry_run { " (dry run)" } else { "" };
        Some(format!(
            "routing to {}: {}{dry}",
            self.target,
            self.to.join(", ")
        ))
    }

    fn strings_mut(&mut self) -> Vec<&mut String> {
        vec![&mut self.target, &mut self.reason]
    }

    fn strings(&self) -> Vec<&str> {
        vec![&self.target, &self.reason]
    }
}

impl Fields for RouteVerify {
    fn ok(&self) -> bool {
        self.ok
    }

    fn describe(&self) -> Option<String> {
        Some(match (&self.error, self.ok) {
            (_, true) => format!("routing on {} verified", self.target),
            (Some(e), false) => format!("routing on {} not verified: {e}", self.target),
            (None, false) => format!("routing on {} not verified", self.target),
        })
    }
}

impl Fields for RouteRollback {
    fn ok(&self) -> bool {
        self.ok
    }

    fn describe(&self) -> Option<String> {
        let how = if self.ok {
            "rolled back"
        } else {
            "rollback failed"
        };
        Some(format!("routing on {} {how}", self.target))
    }
}

impl Fields for RoutePending {
    fn describe(&self) -> Option<String> {
        Some(format!(
            "routing to {} waits for a confirmation: {}",
            self.target,
            self.to.join(", ")
        ))
    }
}

#[cfg(test)]
pub(crate) fn documented_lines() -> Vec<String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/recovery.md");
    let doc = std::fs::read_to_string(path).expect("docs/recovery.md");
    let block = doc
        .split("```jsonl\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .expect("an example block of audit lines");
    block.lines().map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every example line of the documented format reads as a typed event and writes
    /// back byte for byte: the types are the contract of `docs/recovery.md`.
    #[test]
    fn every_documented_line_round_trips() {
        let mut events = std::collections::BTreeSet::new();
        for line in &documented_lines() {
            let line = line.as_str();
            let parsed = AuditLine::parse(line.as_bytes()).expect(line);
            assert_ne!(parsed.event, AuditEvent::Unknown, "{line}");
            assert_eq!(parsed.to_json(), line);
            // The sanitiser's two views of the free text agree, field for field.
            let mut copy = parsed.event.clone();
            let owned: Vec<String> = copy.strings_mut().into_iter().map(|s| s.clone()).collect();
            assert_eq!(parsed.event.strings(), owned, "{line}");
            events.insert(serde_json::to_value(&parsed.event).unwrap()["event"].to_string());
        }
        assert_eq!(
            events.len(),
            13,
            "one example per documented event: {events:?}"
        );
    }

    #[test]
    fn an_unknown_event_is_read_past_and_a_torn_line_is_not_read() {
        let l = AuditLine::parse(
            br#"{"ts":"2026-12-02T00:00:00.000Z","event":"from_a_newer_build","x":1}"#,
        );
        assert_eq!(l.map(|l| l.event), Some(AuditEvent::Unknown));
        assert_eq!(AuditLine::parse(br#"{"ts":"2026-12-02T00:00"#), None);
    }

    /// Older lines may lack fields: they read with the defaults the untyped reader used.
    #[test]
    fn missing_fields_read_as_their_defaults() {
        let l = AuditLine::parse(br#"{"ts":"t","event":"verify","channel":"A"}"#).unwrap();
        assert_eq!(
            l.event,
            AuditEvent::Verify(Verify {
                channel: "A".into(),
                ..Verify::default()
            })
        );
    }

    #[test]
    fn a_dry_run_start_keeps_one_dry_run_field_in_its_place() {
        let l = AuditLine {
            ts: "t".into(),
            event: AuditEvent::Start(Start {
                pid: 7,
                version: "0.1.0".into(),
                auto: false,
                dry_run: true,
            }),
            dry_run: true,
        };
        assert_eq!(
            l.to_json(),
            r#"{"ts":"t","event":"start","pid":7,"version":"0.1.0","auto":false,"dry_run":true}"#
        );
    }
}
