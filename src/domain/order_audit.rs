//! The audit event of an order that came over HTTP (`order`): `POST /say` from a console
//! attached with `--connect`, recorded before it is carried out, with the caller's
//! address — who sent it from where is what an incident review asks first. What views
//! ask of it (`Fields`) is answered in `audit.rs`, beside the other events.

use serde::{Deserialize, Serialize};

/// An order over HTTP, as understood by the controller.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Order {
    /// The channel it names, when it names one.
    pub channel: String,
    /// The caller's address (`127.0.0.1:53124`).
    pub from: String,
    /// The words as sent.
    pub text: String,
    /// The intent they were understood as (`recovery.run`).
    pub intent: String,
}
