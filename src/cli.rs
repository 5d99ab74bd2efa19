//! Command-line interface (clap derive). Only flags that work are declared.
//!
//! The interface is flag based (`--snapshot`, `--say`, …); the only subcommands are the
//! ecosystem conventions generated from this same definition: `completions SHELL` and
//! `man`. They cannot be mixed with the flags (`args_conflicts_with_subcommands`), so a
//! flag's value such as `--say completions` is never taken for a subcommand.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    /// Aligned human summary (fits 80 columns)
    #[default]
    Text,
    /// One JSON object (docs/json.md, schema in docs/snapshot.schema.json)
    Json,
}

/// `--tick`: bounded like every config duration (a tick of 2^64−1 s wrapped around).
fn parse_duration(s: &str) -> Result<std::time::Duration, String> {
    match humantime::parse_duration(s) {
        Ok(d) => crate::config::limits::duration("tick", d, crate::config::limits::TICK),
        Err(e) => Err(format!("{e} (try 10s, 1m)")),
    }
}

/// Operations console for AI/LLM traffic channels: health, routing, recovery.
#[derive(Debug, Clone, Parser)]
#[command(
    name = "switchboard",
    version,
    about,
    args_conflicts_with_subcommands = true,
    after_help = "Exit codes with --snapshot: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN \
                  (bad input or usage, or no channel); 73 an export file could not be written; \
                  77 the state dir is not yours alone (another owner, or writable by others). \
                  --check: 0 ok, 1 warnings, 3 errors. --headless/--serve configured to act: \
                  75 another instance holds the lock, 73 the state dir or audit log cannot be \
                  written. --say orders: 75 refused because of the lock, 130 interrupted.
\
                  Documentation: docs/ in the source tree (rules.md, metrics-file.md, \
                  config.md, chatops.md, json.md, dashboard.md, serve.md, architecture.md); `switchboard man` \
                  prints the man page."
)]
pub struct Cli {
    /// Generated helpers; without one, the flags below choose the mode
    #[command(subcommand)]
    pub command: Option<Generate>,

    /// Evaluate once, print the result and exit with its status code
    #[arg(long)]
    pub snapshot: bool,

    /// Output format for --snapshot
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// Read channels from a monitoring-metrics JSON file (`-` = stdin)
    #[arg(long, value_name = "PATH", conflicts_with_all = ["config", "replay"])]
    pub metrics_file: Option<String>,

    /// TOML config with channels and probes [default: $XDG_CONFIG_HOME/switchboard/config.toml
    /// if present, else the embedded demo]
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Use the embedded demo (three simulated channels) even where a config exists. The
    /// console opens the demo on its own when there is no config; one-shot modes
    /// (--snapshot, --say, --export-json, --export-html) need this flag to evaluate it, so a cron job
    /// without a config never reports on simulated channels
    #[arg(long, conflicts_with_all = ["config", "metrics_file", "replay"])]
    pub demo: bool,

    /// Print a commented default config (it loads as is) and exit
    #[arg(long, exclusive = true)]
    pub print_default_config: bool,

    /// Write the commented default config to $XDG_CONFIG_HOME/switchboard/config.toml
    /// (creating the directory; never over an existing file), print its path and exit
    #[arg(long, exclusive = true)]
    pub init_config: bool,

    /// With a config: probe rounds to take before --snapshot/--export-json/--export-html decide
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=1000),
          conflicts_with_all = ["metrics_file", "replay"])]
    pub samples: u32,

    /// Evaluate a JSONL stream of probe observations tick by tick (`-` = stdin)
    #[arg(long, value_name = "PATH")]
    pub replay: Option<String>,

    /// Tick length for --replay
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = parse_duration, requires = "replay")]
    pub tick: std::time::Duration,

    /// Write the orchestration context (JSON, channels keyed by name) to PATH and exit
    #[arg(long, value_name = "PATH")]
    pub export_json: Option<PathBuf>,

    /// Write the dashboard to PATH and exit: one self-contained HTML file (inline CSS and
    /// SVG, no script, no network) with status, channel cards, routing, recovery, the
    /// automation history from the audit log and a latency chart. From --metrics-file,
    /// --config, --demo or the end state of --replay; combines with --export-json
    #[arg(long, value_name = "PATH")]
    pub export_html: Option<PathBuf>,

    /// Route by health and latency (the default)
    #[arg(long, overrides_with = "no_monitoring")]
    pub use_monitoring: bool,

    /// Route by the static preference order (file order), ignoring health
    #[arg(long, overrides_with = "use_monitoring")]
    pub no_monitoring: bool,

    /// Ask one ChatOps question or give one command, in Korean or English, and exit
    /// (e.g. "오케스트레이션 상태", "why is Gateway degraded", "run recovery").
    /// Exit code 0 when it answered, 3 when the source is invalid, 64 when TEXT is empty
    #[arg(long, value_name = "TEXT", conflicts_with_all = ["snapshot", "export_json", "export_html", "replay"])]
    pub say: Option<String>,

    /// With --say: carry out a command that changes something (else it is only described)
    #[arg(long, requires = "say")]
    pub yes: bool,

    /// Refuse every ChatOps command that changes or writes anything
    #[arg(long)]
    pub read_only: bool,

    /// No console: poll, decide, run recovery and write the audit log until SIGINT or
    /// SIGTERM, one log line per event on stderr; SIGHUP reloads the config (validated
    /// first)
    #[arg(long, conflicts_with_all = ["snapshot", "say", "export_json", "export_html", "replay", "metrics_file"])]
    pub headless: bool,

    /// Run as --headless and serve HTTP on ADDR (e.g. 127.0.0.1:9464): /metrics
    /// (Prometheus), /context (the snapshot JSON), /healthz (200 while the poller runs
    /// and its data is fresh, else 503), /events (changes and audit records as
    /// server-sent events), /dashboard (the HTML dashboard, reloading itself) and, with
    /// [serve] token_env in the config, POST /say for consoles attached with --connect
    #[arg(long, value_name = "ADDR", conflicts_with_all = ["snapshot", "say", "export_json", "export_html", "replay", "metrics_file"])]
    pub serve: Option<std::net::SocketAddr>,

    /// Decide and audit recovery as usual, but run no action (audited as "dry_run": true)
    #[arg(long)]
    pub dry_run: bool,

    /// With --headless/--serve: an explicit read-only follower that never takes the
    /// recovery lock and never acts. Without it, a daemon configured to act (auto = true)
    /// that cannot take the lock or write its audit log exits non-zero with the reason
    #[arg(long)]
    pub standby: bool,

    /// Preflight: load the config, check every action's executable, the state dir and
    /// the lock, probe each channel once and print a table; exit 0 all well, 1 warnings,
    /// 3 errors
    #[arg(long, conflicts_with_all = ["snapshot", "say", "export_json", "export_html", "replay", "metrics_file", "headless", "serve"])]
    pub check: bool,

    /// Open the console on a remote controller: a --serve at URL (e.g.
    /// http://127.0.0.1:9464), read through /context and /events. Read-only unless the
    /// controller has [serve] token_env and SWITCHBOARD_TOKEN holds that token; then
    /// orders confirmed with y go to it as POST /say. A lost connection keeps the last
    /// snapshot on screen under a banner and is retried after 1 s, 2 s, 4 s … (at most 30 s)
    #[arg(long, value_name = "URL", conflicts_with_all = ["snapshot", "say", "export_json", "export_html", "replay", "metrics_file", "headless", "serve", "check", "config", "demo", "dry_run", "standby"])]
    pub connect: Option<String>,

    /// Where the recovery lock and audit.jsonl live (--export-html reads its history there)
    /// [default: $XDG_STATE_HOME/switchboard, else ~/.local/state/switchboard]
    #[arg(long, value_name = "DIR")]
    pub state_dir: Option<PathBuf>,
}

/// Helpers generated from this command-line definition.
#[derive(Debug, Clone, Subcommand)]
pub enum Generate {
    /// Print a shell completion script to stdout, e.g.
    /// `switchboard completions bash > ~/.local/share/bash-completion/completions/switchboard`
    Completions {
        /// The shell to complete for
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) to stdout, e.g. `switchboard man | man -l -`
    Man,
}

/// The clap command, for generators (completions, man page) and tests.
pub fn command() -> clap::Command {
    <Cli as clap::CommandFactory>::command()
}
