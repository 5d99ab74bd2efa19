//! Where observations come from. Each source ends in the same `Snapshot`.

pub mod input;
pub mod metrics_file;
pub mod strict;

pub use input::{read_input, InputError};
