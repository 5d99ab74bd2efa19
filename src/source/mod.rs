//! Where observations come from. Each source ends in the same `Snapshot`.

pub mod excerpt;
pub mod follow;
pub mod http_body;
pub mod input;
pub mod metrics_file;
pub mod openai;
pub mod probe;
pub mod prometheus;
pub mod replay;
pub mod simulated;
pub mod strict;

pub use input::{read_input, InputError};
