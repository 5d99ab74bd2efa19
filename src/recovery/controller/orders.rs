//! The operators' orders to the executor (console, ChatOps, `--say`): switch autonomous
//! mode, run a channel's actions now, reset an escalation, silence a channel.

use super::Controller;
use crate::domain::audit::{self as ev, AuditEvent};
use crate::domain::guard::{Refusal, Seen};
use crate::recovery::{By, RecoveryCommand, Refused, RunReply, SetPolicy};

impl Controller {
    pub(super) fn command(&mut self, c: RecoveryCommand, set_policy: &SetPolicy) {
        let now = self.clock.now_ms();
        match c {
            RecoveryCommand::SetPolicy { name, by, reply } => {
                let r = self.switch_policy(&name, by, now, set_policy);
                if let Some(tx) = reply {
                    let _ = tx.send(r);
                }
            }
            RecoveryCommand::SetAuto { on, by } => {
                if on != self.auto {
                    self.auto = on;
                    if self.read_only.is_none() {
                        let e = ev::Auto { on, by: by.into() };
                        self.record(now, AuditEvent::Auto(e));
                    }
                    self.observe();
                }
            }
            RecoveryCommand::Run { channel, by, reply } => {
                let r = self.manual(channel, by, now);
                if let Some(tx) = reply {
                    let _ = tx.send(r);
                }
            }
            RecoveryCommand::Reset { channel, by, reply } => {
                let cleared = self.reset(channel, by, now);
                if let Some(tx) = reply {
                    let _ = tx.send(cleared);
                }
            }
            RecoveryCommand::Silence {
                channel,
                minutes,
                by,
                reply,
            } => {
                let until_ms = now + i64::from(minutes) * 60_000;
                let r = self.silence(channel.as_deref(), until_ms, by, now);
                if let Some(tx) = reply {
                    let _ = tx.send(r);
                }
            }
        }
    }

    /// The policy switch, recorded before it is handed on (nothing changes without a
    /// record), only by the instance that writes the log.
    fn switch_policy(
        &mut self,
        name: &str,
        by: By,
        now: i64,
        set_policy: &SetPolicy,
    ) -> Result<String, String> {
        if let Some(why) = &self.read_only {
            return Err(format!("this instance does not write: {why}"));
        }
        let snap = self.snap.clone().ok_or("no data yet")?;
        let from = snap.routing.policy;
        if from == name {
            return Ok(format!("already routing by {name}"));
        }
        if !snap.routing.policies.contains(&name) {
            return Err(crate::domain::route_policy::unavailable(
                name,
                &snap.routing.policies,
            ));
        }
        let e = ev::RoutingPolicy {
            from: from.into(),
            to: name.into(),
            by: by.into(),
        };
        if !self.record(now, AuditEvent::RoutingPolicy(e)) {
            return Err("the audit log cannot be written; the policy is unchanged".into());
        }
        set_policy(name.to_string(), by);
        Ok(format!("routing policy {from} → {name}"))
    }

    fn silence(
        &mut self,
        channel: Option<&str>,
        until_ms: i64,
        by: By,
        now: i64,
    ) -> Result<(), String> {
        let dir = self.spec.state_dir.clone().ok_or("no state dir")?;
        crate::recovery::silence::add(&dir, channel, until_ms, by).map_err(|e| {
            format!(
                "cannot write {}: {}",
                crate::recovery::silence::path(&dir).display(),
                crate::base::input::io_reason(&e)
            )
        })?;
        self.silences_stamp = None;
        self.maintenance_edges(now);
        Ok(())
    }

    fn manual(&mut self, channel: Option<String>, by: By, now: i64) -> RunReply {
        let mut reply = RunReply::default();
        if let Some(why) = &self.read_only {
            reply
                .refused
                .push(("*".into(), Refused::ReadOnly(why.clone())));
            return reply;
        }
        let Some(snap) = self.snap.clone() else {
            reply.refused.push(("*".into(), Refused::NoData));
            return reply;
        };
        let seen = self.seen(&snap);
        let targets: Vec<Seen> = match &channel {
            Some(name) => match seen.iter().find(|s| s.name == name) {
                Some(s) => vec![*s],
                None => {
                    reply.refused.push((name.clone(), Refused::NoSuchChannel));
                    return reply;
                }
            },
            None => seen
                .iter()
                .filter(|s| !s.health.is_healthy() && !self.spec.listed_for(s.name).is_empty())
                .copied()
                .collect(),
        };
        if targets.is_empty() {
            reply.refused.push(("*".into(), Refused::NothingToRecover));
        }
        let mut steps = Vec::new();
        for t in &targets {
            if self.spec.listed_for(t.name).is_empty() {
                reply.refused.push((t.name.into(), Refused::NoActions));
                continue;
            }
            match self.guard.manual(now, t, &seen) {
                Ok(step) => {
                    reply.started.push(t.name.to_string());
                    steps.push(step);
                }
                Err(Refusal::Busy(state)) => {
                    reply.refused.push((t.name.into(), Refused::Busy(state)))
                }
                Err(Refusal::LastServing) => {
                    reply.refused.push((t.name.into(), Refused::LastServing))
                }
            }
        }
        drop(seen);
        self.carry_out(steps, now, by);
        reply
    }

    fn reset(&mut self, channel: Option<String>, by: By, now: i64) -> Vec<String> {
        if self.read_only.is_some() {
            return Vec::new();
        }
        let names: Vec<String> = match channel {
            Some(c) => vec![c],
            None => self.spec.order.clone(),
        };
        let cleared: Vec<String> = names.into_iter().filter(|n| self.guard.reset(n)).collect();
        for name in &cleared {
            let e = ev::Reset {
                channel: name.clone(),
                by: by.into(),
            };
            self.record(now, AuditEvent::Reset(e));
        }
        if !cleared.is_empty() {
            self.observe();
        }
        cleared
    }
}
