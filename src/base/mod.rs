//! The layer every other module may use and that uses none of them: input errors,
//! text made safe for a terminal, the message locale, the daemon's own faults, the one
//! clock, a thread's CPU time, the state directory and the small runtime helpers (timer
//! coalescing, contained panics, child processes, bounded HTTP bodies). Nothing here
//! knows about channels or snapshots.

pub mod clock;
pub mod contain;
pub mod cpu;
pub mod exit;
pub mod fault;
pub mod http_body;
pub mod input;
pub mod locale;
pub mod logging;
pub mod process;
pub mod sanitize;
pub mod state_dir;
pub mod stderr;
pub mod wake;
