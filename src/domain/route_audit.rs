//! The audit events of applying routes to a gateway (`route_apply`, `route_verify`,
//! `route_rollback`, `route_pending`): the same log as recovery's, so a reader sees one
//! record of everything this instance changed. No event carries a secret: targets are
//! named, never their keys, and errors are the adapters' sanitized words. What views ask
//! of them (`Fields`) is answered in `audit.rs`, beside the other events.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A change about to be written to a route target (or, in a dry run, that would be).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RouteApply {
    pub target: String,
    pub kind: String,
    /// `api`, `config`, `file` or `webhook`.
    pub write: String,
    pub from: Vec<String>,
    pub to: Vec<String>,
    /// The order number each channel gets, 1 first.
    pub orders: BTreeMap<String, u32>,
    pub reason: String,
    pub by: String,
    pub dry_run: bool,
}

/// The read-back after a write.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RouteVerify {
    pub target: String,
    pub ok: bool,
    pub ms: Option<u64>,
    pub observed: Vec<String>,
    pub error: Option<String>,
}

/// The previous state put back after a failed write or verification.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RouteRollback {
    pub target: String,
    pub ok: bool,
    pub error: Option<String>,
}

/// `apply = "confirm"`: a change waits for an operator (recorded once per change).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RoutePending {
    pub target: String,
    pub to: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::audit::{AuditEvent, AuditLine};

    fn line(event: AuditEvent) -> serde_json::Map<String, serde_json::Value> {
        let line = AuditLine {
            ts: "2026-12-02T10:00:00.000Z".into(),
            event,
            dry_run: false,
        };
        let back = AuditLine::parse(line.to_json().as_bytes()).expect("reads back");
        assert_eq!(back, line, "an audit line round-trips");
        line.to_map()
    }

    #[test]
    fn a_route_event_is_an_audit_line_with_the_contract_fields() {
        let fields = line(AuditEvent::RouteApply(RouteApply {
            target: "proxy".into(),
            kind: "litellm".into(),
            write: "config".into(),
            from: vec!["Cloud".into(), "Local".into()],
            to: vec!["Local".into(), "Cloud".into()],
            orders: [("Local".into(), 1), ("Cloud".into(), 2)].into(),
            reason: "r".into(),
            by: "auto".into(),
            dry_run: false,
        }));
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
        let fields = line(AuditEvent::RoutePending(RoutePending {
            target: "proxy".into(),
            to: vec!["Local".into()],
        }));
        assert_eq!(fields["event"], "route_pending");
        assert_eq!(fields.len(), 4, "ts, event, target, to: {fields:?}");
    }
}
