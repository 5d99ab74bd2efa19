//! Command-line interface (clap derive). Only flags that work are declared.

use std::path::PathBuf;

use clap::{Parser, ValueEnum};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    /// Aligned human summary (fits 80 columns)
    #[default]
    Text,
    /// One JSON object (SPEC §4)
    Json,
}

/// Operations console for AI/LLM traffic channels: health, routing, recovery.
#[derive(Debug, Parser)]
#[command(
    name = "switchboard",
    version,
    about,
    after_help = "Exit codes with --snapshot: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN \
                  (bad input or usage, or no channel); 73 an export file could not be written."
)]
pub struct Cli {
    /// Evaluate once, print the result and exit with its status code
    #[arg(long)]
    pub snapshot: bool,

    /// Output format for --snapshot
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// Read channels from a monitoring-metrics JSON file (`-` = stdin)
    #[arg(long, value_name = "PATH")]
    pub metrics_file: Option<String>,

    /// Write the orchestration context (JSON, channels keyed by name) to PATH and exit
    #[arg(long, value_name = "PATH")]
    pub export_json: Option<PathBuf>,

    /// Route by health and latency (the default)
    #[arg(long, overrides_with = "no_monitoring")]
    pub use_monitoring: bool,

    /// Route by the static preference order (file order), ignoring health
    #[arg(long, overrides_with = "use_monitoring")]
    pub no_monitoring: bool,
}
