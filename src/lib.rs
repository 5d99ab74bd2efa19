//! switchboard: a terminal operations console for AI/LLM traffic channels.
//!
//! Layers: `domain` (pure rules) ← `source` (observations) → `snapshot` → `report` (views).
//! `app` wires them for the command line.

pub mod app;
pub mod base;
pub mod chatops;
pub mod cli;
pub mod config;
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
