//! The audit events of applying routes, typed: each is appended to the recovery audit log
//! through its writer (`event` and `ts` are the writer's), so that a reader sees one log
//! of everything this instance changed. No event carries a secret: targets are named,
//! never their keys, and errors are the adapters' sanitized words.

use serde::Serialize;

use crate::domain::audit::{self as ev, AuditEvent};

/// One route-apply event, as written to `audit.jsonl`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum RouteEvent {
    /// A change about to be written (or, in a dry run, that would be).
    RouteApply {
        target: String,
        kind: &'static str,
        /// `api`, `config`, `file` or `webhook`.
        write: &'static str,
        from: Vec<String>,
        to: Vec<String>,
        /// The order number each channel gets, 1 first.
        orders: std::collections::BTreeMap<String, u32>,
        reason: String,
        by: String,
        dry_run: bool,
    },
    /// The read-back after a write.
    RouteVerify {
        target: String,
        ok: bool,
        ms: Option<u64>,
        observed: Vec<String>,
        error: Option<String>,
    },
    /// The previous state put back after a failed write or verification.
    RouteRollback {
        target: String,
        ok: bool,
        error: Option<String>,
    },
    /// `apply = "confirm"`: a change waits for an operator (recorded once per change).
    RoutePending { target: String, to: Vec<String> },
}

impl From<RouteEvent> for AuditEvent {
    /// The event as the audit log's type: the same fields under the same names.
    fn from(e: RouteEvent) -> AuditEvent {
        let strings = |v: Vec<String>| v;
        match e {
            RouteEvent::RouteApply {
                target,
                kind,
                write,
                from,
                to,
                orders,
                reason,
                by,
                dry_run,
            } => AuditEvent::RouteApply(ev::RouteApply {
                target,
                kind: kind.to_string(),
                write: write.to_string(),
                from: strings(from),
                to,
                orders,
                reason,
                by,
                dry_run,
            }),
            RouteEvent::RouteVerify {
                target,
                ok,
                ms,
                observed,
                error,
            } => AuditEvent::RouteVerify(ev::RouteVerify {
                target,
                ok,
                ms,
                observed,
                error,
            }),
            RouteEvent::RouteRollback { target, ok, error } => {
                AuditEvent::RouteRollback(ev::RouteRollback { target, ok, error })
            }
            RouteEvent::RoutePending { target, to } => {
                AuditEvent::RoutePending(ev::RoutePending { target, to })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::audit::AuditLine;

    fn line(e: RouteEvent) -> serde_json::Map<String, serde_json::Value> {
        let line = AuditLine {
            ts: "2026-12-02T10:00:00.000Z".into(),
            event: e.into(),
            dry_run: false,
        };
        let back = AuditLine::parse(line.to_json().as_bytes()).expect("reads back");
        assert_eq!(back, line, "an audit line round-trips");
        line.to_map()
    }

    #[test]
    fn a_route_event_is_an_audit_line_with_the_contract_fields() {
        let fields = line(RouteEvent::RouteApply {
            target: "proxy".into(),
            kind: "litellm",
            write: "config",
            from: vec!["Cloud".into(), "Local".into()],
            to: vec!["Local".into(), "Cloud".into()],
            orders: [("Local".into(), 1), ("Cloud".into(), 2)].into(),
            reason: "r".into(),
            by: "auto".into(),
            dry_run: false,
        });
        assert_eq!(fields["event"], "route_apply");
        for k in [
            "ts", "target", "kind", "write", "from", "to", "orders", "reason", "by", "dry_run",
        ] {
            assert!(fields.contains_key(k), "{k} missing from {fields:?}");
        }
        assert_eq!(
            fields["orders"],
            serde_json::json!({"Cloud": 2, "Local": 1})
        );
        let fields = line(RouteEvent::RoutePending {
            target: "proxy".into(),
            to: vec!["Local".into()],
        });
        assert_eq!(fields["event"], "route_pending");
        assert_eq!(fields.len(), 4, "ts, event, target, to: {fields:?}");
    }
}
