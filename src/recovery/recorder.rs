//! The recorder: writes each audit event before the step it records goes ahead, keeps
//! what could not be written while the disk is full, folds every event into the memory
//! views read, and passes it on to the `--headless` log and to `[[notify]]`.

use std::sync::{Mutex, MutexGuard};

use serde_json::{Map, Value};
use tokio::sync::mpsc;

use super::audit::{AuditLog, Memory};
use crate::base::state_dir::LogSink;
use crate::domain::audit::{AuditEvent, AuditLine};
use crate::domain::notice::{Notice, NoticeKind};

/// The audit log and what has been read back from it, shared with attempt tasks.
pub(super) struct Recorder {
    pub(super) log: Option<AuditLog>,
    pub(super) memory: Memory,
    pub(super) problem: Option<String>,
    pub(super) dry_run: bool,
    pub(super) sink: Option<LogSink>,
    /// Recorded recoveries, escalations and resets, for `[[notify]]`.
    pub(super) notices: Option<mpsc::UnboundedSender<Notice>>,
    /// Every recorded event as it happens (`--serve`'s `/events`).
    pub(super) tap: Option<super::AuditTap>,
    /// Events of steps that happened anyway (an action that ran) while the log could not
    /// be written; written first, in order, once it can.
    pub(super) unwritten: Vec<AuditLine>,
}

/// Unwritten events kept while the disk is full; beyond this the oldest are dropped.
const UNWRITTEN_MAX: usize = 1000;

impl Recorder {
    /// Writes one event and waits for the disk; `false` when it could not be written.
    /// Nothing that depends on the event goes ahead then.
    pub(super) fn record(&mut self, at_ms: i64, event: AuditEvent) -> bool {
        self.record_as(at_ms, event, false)
    }

    /// Records the end of something that has already happened: when the log cannot take
    /// it now, it is kept and written before the next event that can be.
    pub(super) fn record_done(&mut self, at_ms: i64, event: AuditEvent) {
        self.record_as(at_ms, event, true);
    }

    fn record_as(&mut self, at_ms: i64, event: AuditEvent, keep: bool) -> bool {
        let line = AuditLine {
            ts: ts(at_ms),
            event,
            dry_run: self.dry_run,
        };
        let written = self.write_unwritten().and_then(|()| self.write(&line));
        if written.is_err() && keep && self.log.is_some() {
            if self.unwritten.len() == UNWRITTEN_MAX {
                self.unwritten.remove(0);
            }
            self.unwritten.push(line.clone());
        }
        let ok = written.is_ok();
        if self.log.is_some() {
            self.announce(written.as_ref().err());
        }
        self.problem = written.err();
        self.memory.apply(&line, &mut Vec::new());
        if let Some(sink) = &self.sink {
            sink(&log_line(&line.to_map()));
        }
        if let Some(tap) = &self.tap {
            tap(&line);
        }
        if let (Some(tx), Some(n)) = (&self.notices, notice_of(&line, at_ms)) {
            let _ = tx.send(n);
        }
        ok
    }

    fn write(&mut self, line: &AuditLine) -> Result<(), String> {
        match &mut self.log {
            Some(log) => log.append(line).map_err(|e| {
                let why = format!(
                    "audit log {}: {}",
                    log.path().display(),
                    crate::base::input::io_reason(&e)
                );
                if let Some(kind) = crate::base::fault::of_io(&e) {
                    let now = crate::snapshot::parse_rfc3339_ms(&line.ts).unwrap_or_default();
                    crate::base::fault::note(kind, &why, now);
                }
                why
            }),
            None => Err("no audit log (this instance does not act)".to_string()),
        }
    }

    /// Writes what could not be written before, oldest first, stopping at a failure.
    fn write_unwritten(&mut self) -> Result<(), String> {
        while let Some(line) = self.unwritten.first().cloned() {
            self.write(&line)?;
            self.unwritten.remove(0);
        }
        Ok(())
    }

    /// Says once when the audit log stops taking lines (a full disk) and once when it
    /// takes them again: the view's `problem` says it too, but a log reader needs both.
    fn announce(&self, failed: Option<&String>) {
        let line = match (&self.problem, failed) {
            (None, Some(why)) => format!("{why}; recovery actions wait until it can be written"),
            (Some(_), None) => "audit log: writing again".to_string(),
            _ => return,
        };
        if let Some(sink) = &self.sink {
            sink(&line);
        }
    }
}

pub(super) fn lock(rec: &Mutex<Recorder>) -> MutexGuard<'_, Recorder> {
    rec.lock().unwrap_or_else(|e| e.into_inner())
}

/// The notice for a recorded event that people hear of: a verified recovery, an
/// escalation, a reset (a rehearsal's say so).
fn notice_of(line: &AuditLine, at_ms: i64) -> Option<Notice> {
    let dry = if line.dry_run { " [dry run]" } else { "" };
    let (kind, channel, text) = match &line.event {
        AuditEvent::Verify(e) if e.ok => {
            let after = e.down_ms.map_or(String::new(), |d| {
                format!(", {:.0}s after its first failure", d as f64 / 1000.0)
            });
            let text = format!("{} recovered{after}{dry}", e.channel);
            (NoticeKind::Recovered, &e.channel, text)
        }
        AuditEvent::Escalate(e) => {
            let text = format!(
                "{} ESCALATED after {} failed attempts: no automatic action until reset{dry}",
                e.channel, e.failures
            );
            (NoticeKind::Escalated, &e.channel, text)
        }
        AuditEvent::Reset(e) => {
            let text = format!("{} recovery reset by {}{dry}", e.channel, e.by);
            (NoticeKind::Reset, &e.channel, text)
        }
        _ => return None,
    };
    Some(Notice {
        kind,
        channel: channel.clone(),
        at_ms,
        text,
    })
}

/// RFC 3339 UTC with milliseconds, so that events within a second keep their order.
pub(super) fn ts(at_ms: i64) -> String {
    jiff::Timestamp::from_millisecond(at_ms)
        .map(|t| format!("{t:.3}"))
        .unwrap_or_else(|_| at_ms.to_string())
}

/// `ts event channel key=value …` for a log reader, every value logfmt-quoted when it
/// needs to be (`crate::base::logging::logfmt`).
fn log_line(o: &Map<String, Value>) -> String {
    let mut line = String::new();
    for (k, v) in o {
        let v = match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        if !line.is_empty() {
            line.push(' ');
        }
        let v = crate::base::logging::logfmt(&v);
        match k.as_str() {
            "ts" | "event" | "channel" => line.push_str(&v),
            _ => line.push_str(&format!("{k}={v}")),
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::audit::ActionEnd;

    #[test]
    fn a_channel_name_cannot_forge_log_fields() {
        let line = AuditLine {
            ts: "t".into(),
            event: AuditEvent::ActionEnd(ActionEnd {
                channel: "A ok=true exit_code=0".into(),
                ..ActionEnd::default()
            }),
            dry_run: false,
        };
        let mut o = line.to_map();
        o.retain(|k, _| ["ts", "event", "channel", "ok"].contains(&k.as_str()));
        assert_eq!(
            log_line(&o),
            "t action_end \"A ok=true exit_code=0\" ok=false"
        );
    }
}
