//! The audit events of applying routes, typed: each is appended to the recovery audit log
//! through its writer (`event` and `ts` are the writer's), so that a reader sees one log
//! of everything this instance changed. No event carries a secret: targets are named,
//! never their keys, and errors are the adapters' sanitized words.

use serde::Serialize;
use serde_json::{Map, Value};

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

impl RouteEvent {
    /// The event's name and its other fields, as the audit writer takes them.
    pub fn into_parts(self) -> (String, Map<String, Value>) {
        let Ok(Value::Object(mut fields)) = serde_json::to_value(&self) else {
            // A struct of strings, numbers and lists always serializes to an object.
            return (String::new(), Map::new());
        };
        let event = match fields.remove("event") {
            Some(Value::String(e)) => e,
            _ => String::new(),
        };
        (event, fields)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_splits_into_its_name_and_the_contract_fields() {
        let (event, fields) = RouteEvent::RouteApply {
            target: "proxy".into(),
            kind: "litellm",
            write: "config",
            from: vec!["Cloud".into(), "Local".into()],
            to: vec!["Local".into(), "Cloud".into()],
            orders: [("Local".into(), 1), ("Cloud".into(), 2)].into(),
            reason: "r".into(),
            by: "auto".into(),
            dry_run: false,
        }
        .into_parts();
        assert_eq!(event, "route_apply");
        let keys: Vec<&str> = fields.keys().map(String::as_str).collect();
        for k in [
            "target", "kind", "write", "from", "to", "orders", "reason", "by", "dry_run",
        ] {
            assert!(keys.contains(&k), "{k} missing from {keys:?}");
        }
        assert_eq!(
            fields["orders"],
            serde_json::json!({"Cloud": 2, "Local": 1})
        );
        let (event, fields) = RouteEvent::RoutePending {
            target: "proxy".into(),
            to: vec!["Local".into()],
        }
        .into_parts();
        assert_eq!(event, "route_pending");
        assert_eq!(fields.len(), 2);
    }
}
