//! ChatOps (docs/chatops.md): one intent engine for the TUI prompt and `--say`, in Korean and English.
//!
//! `normalize` → `matcher` (vocabulary → evidence) → `act` (ordering, asking, refusing,
//! wondering, reporting?) → `rules` (concepts → intents), with `topic` (a model trained on
//! `corpus`) for what the tables do not cover → `classify` (the `Engine`), then `reply`
//! answers from a `Snapshot`. Nothing there runs an action: mutating intents come back as a
//! `ChatCommand` for the caller to confirm, and `execute` carries it out with the caller's hands.

pub mod act;
pub mod address;
pub mod args;
pub mod aside;
pub mod chain;
pub mod classify;
pub mod clause;
pub mod contrast;
pub mod corpus;
pub mod dictation;
pub mod execute;
pub mod form;
pub mod ime;
pub mod intent;
pub mod jamo;
pub mod later;
pub mod lexicon;
pub mod matcher;
pub mod modifier;
pub mod narrative;
pub mod ngram;
pub mod normalize;
pub mod numbers;
pub mod passive;
pub mod paste;
pub mod permission;
pub mod phrasal;
pub mod preamble;
pub mod replies;
pub mod reply;
pub mod request;
pub mod rules;
pub mod run_on;
pub mod scope;
pub mod slip;
pub mod switch_way;
pub mod topic;
#[cfg(test)]
mod topic_svm;
pub mod vernacular;

pub use classify::{Args, Classification, Engine, Hold, Teach, TeachError};
pub use intent::{Intent, Lang};
pub use normalize::normalize;
pub use reply::{reply, ChatCommand, Reply, ReplyContext, Surface};
