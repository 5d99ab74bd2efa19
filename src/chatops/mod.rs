//! ChatOps (docs/chatops.md): one intent engine for the TUI prompt and `--say`, in Korean and English.
//!
//! `normalize` → `matcher` (vocabulary → evidence) → `mood` (asking or ordering?) →
//! `rules` (concepts → intents) → `classify` (the `Engine`), then `reply` answers from a
//! `Snapshot`. Nothing here runs an action: mutating intents come back as a `Command`
//! for the caller to confirm and execute.

pub mod args;
pub mod classify;
pub mod intent;
pub mod jamo;
pub mod lexicon;
pub mod matcher;
pub mod mood;
pub mod normalize;
pub mod reply;
pub mod rules;
pub mod say;
pub mod slip;

pub use classify::{Args, Classification, Engine, Hold, Teach, TeachError};
pub use intent::{Intent, Lang};
pub use normalize::normalize;
pub use reply::{reply, Command, Reply, ReplyContext, Surface};
