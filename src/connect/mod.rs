//! `--connect URL`: the console on a remote controller (`--serve`). `wire` reads its
//! `/context` back into a snapshot, `sse` reads `/events`, `link` keeps the connection
//! (and sends confirmed orders as `POST /say`).

pub mod link;
pub mod orders;
pub mod sse;
pub mod wire;

pub use crate::source::follow::LinkStatus;
pub use link::{Link, RemoteFeed};
