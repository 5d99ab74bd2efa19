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
