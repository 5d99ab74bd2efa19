//! Wires the command line to sources and reports, and decides the exit code.

use std::io::Write;

use crate::cli::{Cli, Format};
use crate::domain::{Policy, RoutingMode};
use crate::report::{export, json, style, text};
use crate::snapshot::Snapshot;
use crate::source::metrics_file::MetricsFile;
use crate::source::InputError;

/// A small, realistic metrics file compiled in, so a bare `switchboard` shows something.
pub const EXAMPLE_METRICS: &str = include_str!("../assets/example-metrics.json");
const EXAMPLE_NAME: &str = "<embedded example>";

/// Exit code when an output file cannot be written (sysexits EX_CANTCREAT).
pub const EXIT_CANT_WRITE: u8 = 73;

/// Runs the selected mode and returns the process exit code.
pub fn run(cli: &Cli) -> u8 {
    let policy = policy(cli);
    let snap = match load(cli, &policy) {
        Ok(s) => s,
        Err(e) => return input_failed(cli.format, &e),
    };
    if let Some(path) = &cli.export_json {
        return export_json(&snap, path);
    }
    print_snapshot(&snap, cli.format);
    if cli.snapshot {
        snap.status.exit_code()
    } else {
        if cli.format == Format::Text {
            eprintln!(
                "(the live console is not built yet; this was one snapshot. \
                 Use --snapshot in scripts for the status exit code.)"
            );
        }
        0
    }
}

fn policy(cli: &Cli) -> Policy {
    let mode = if cli.no_monitoring {
        RoutingMode::Static
    } else {
        RoutingMode::Monitoring
    };
    Policy {
        mode,
        ..Policy::default()
    }
}

fn load(cli: &Cli, policy: &Policy) -> Result<Snapshot, InputError> {
    match &cli.metrics_file {
        Some(path) => Ok(MetricsFile::load(path)?.snapshot(policy, path)),
        None => {
            let file = MetricsFile::parse(EXAMPLE_NAME, EXAMPLE_METRICS.as_bytes())?;
            let mut snap = file.snapshot(policy, EXAMPLE_NAME);
            snap.source.kind = "example";
            snap.source.path = None;
            Ok(snap)
        }
    }
}

fn print_snapshot(snap: &Snapshot, format: Format) {
    let out = match format {
        Format::Json => {
            let mut s = json::to_string(snap);
            s.push('\n');
            s
        }
        Format::Text => text::render(
            snap,
            style::Painter {
                color: style::stdout_wants_color(),
            },
        ),
    };
    write_stdout(&out);
}

/// Bad input: one line on stderr; with JSON, the UNKNOWN object on stdout too.
fn input_failed(format: Format, e: &InputError) -> u8 {
    eprintln!("switchboard: {e}");
    if format == Format::Json {
        write_stdout(&format!("{}\n", json::error_object(&e.to_string())));
    }
    3
}

fn export_json(snap: &Snapshot, path: &std::path::Path) -> u8 {
    let mut body = serde_json::to_string_pretty(&export::context(snap)).unwrap_or_default();
    body.push('\n');
    match export::write_atomic(path, body.as_bytes()) {
        Ok(()) => {
            write_stdout(&format!("{}\n", path.display()));
            0
        }
        Err(e) => {
            eprintln!(
                "switchboard: {}: cannot write: {}",
                path.display(),
                crate::source::input::io_reason(&e)
            );
            EXIT_CANT_WRITE
        }
    }
}

/// Writes to stdout, ignoring a closed pipe (`| head` is not an error).
fn write_stdout(s: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(s.as_bytes()).and_then(|_| out.flush());
}
