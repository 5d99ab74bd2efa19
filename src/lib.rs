//! switchboard: a terminal operations console for AI/LLM traffic channels.
//!
//! Layers, lowest first: `base` → `domain` (pure rules) → `snapshot` → `config` →
//! `source`, `monitor`, `http_call` → `history` → `report`, `notify` → `poller` →
//! `recovery`, `route_apply` → `chatops` → `serve`, `tui` → `app`, `cli` (which wires them
//! for the command line). `tests/layers.rs` keeps it so.

pub mod app;
pub mod base;
pub mod chatops;
pub mod cli;
pub mod config;
pub mod connect;
pub mod domain;
pub mod history;
pub mod http_call;
pub mod monitor;
pub mod notify;
pub mod poller;
pub mod recovery;
pub mod report;
pub mod route_apply;
pub mod serve;
pub mod snapshot;
pub mod source;
pub mod tui;
