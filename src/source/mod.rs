//! Where observations come from. Each source ends in the same `Snapshot`.

pub mod excerpt;
pub mod kinds;
pub mod metrics_file;
pub mod openai;
pub mod probe;
pub mod prometheus;
pub mod replay;
pub mod simulated;
pub mod strict;
