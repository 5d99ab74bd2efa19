//! Wires the command line to sources and reports, and decides the exit code.

mod check;
mod connect;
mod generate;
mod headless;
pub mod init;
mod launch;
mod live;
mod replay;
pub mod say;
mod say_live;

use std::io::Write;

use serde_json::Value;

pub use launch::{launch, launch_on, Running};

use crate::base::exit;
use crate::base::input::InputError;
use crate::base::{sanitize, stderr};
use crate::cli::{Cli, Format};
use crate::domain::{Policy, RoutingMode};
use crate::report::{export, html, json, style, text};
use crate::snapshot::Snapshot;
use crate::source::metrics_file::MetricsFile;

/// A small, realistic metrics file compiled in (tests and benches use it).
pub const EXAMPLE_METRICS: &str = include_str!("../../assets/example-metrics.json");

/// `EXAMPLE_METRICS` decided by the default policy, as unit tests start from it.
#[cfg(test)]
pub(crate) fn example_snapshot() -> Snapshot {
    MetricsFile::parse("example.json", EXAMPLE_METRICS.as_bytes())
        .expect("the example metrics parse")
        .snapshot(&crate::domain::Policy::default(), "example.json")
}

/// A long-running mode's state dir, created if needed, must be this user's alone
/// (`base::state_dir::check_dir`): one line and exit 77 otherwise. One that cannot be
/// created is not refused here: the console then runs without a log or history, and
/// the executor says why it only watches.
fn state_dir_usable(dir: Option<&std::path::Path>) -> Result<(), u8> {
    let Some(dir) = dir else {
        return Ok(());
    };
    if crate::base::state_dir::ensure_dir(dir).is_err() && !dir.exists() {
        return Ok(());
    }
    crate::base::state_dir::check_dir(dir).map_err(|why| {
        stderr::eprint_error(&why);
        exit::UNSAFE_STATE_DIR
    })
}

/// Runs the selected mode and returns the process exit code.
pub fn run(cli: &Cli) -> u8 {
    if let Some(cmd) = &cli.command {
        return generate::run(cmd);
    }
    if cli.init_config {
        return init::run();
    }
    if cli.print_default_config {
        write_stdout(crate::config::DEFAULT_TOML);
        return 0;
    }
    if let Some(text) = &cli.say {
        if let Err(code) = say::check_text(text) {
            return code;
        }
    } else if cli.yes {
        // clap skips `requires = "say"` when --say conflicts with a flag that is present
        // (e.g. --snapshot), so the check is repeated here: --yes must never be ignored.
        stderr::eprint_error("--yes only applies to --say");
        return exit::UNKNOWN;
    }
    if cli.check {
        return check::run(cli);
    }
    if let Some(url) = &cli.connect {
        return connect::run(cli, url);
    }
    if let Some(path) = &cli.replay {
        return replay::run(cli, path);
    }
    let Some(path) = &cli.metrics_file else {
        return live::run(cli);
    };
    if console_wanted(cli) {
        return file_console(cli, path);
    }
    let snap = match MetricsFile::load(path) {
        Ok(file) => file.snapshot(&policy(cli), path),
        Err(e) => return input_failed(cli.format, &e),
    };
    finish(cli, &snap, None)
}

/// The console following a metrics file; a file that is bad from the start is reported
/// like any bad input, before the screen changes.
fn file_console(cli: &Cli, path: &str) -> u8 {
    let follower = match crate::source::follow::Follower::open(path, policy(cli)) {
        Ok(f) => f,
        Err(e) => return input_failed(cli.format, &e),
    };
    let rt = match runtime() {
        Ok(rt) => rt,
        Err(e) => {
            stderr::eprint_error(&e);
            return exit::UNKNOWN;
        }
    };
    let opts = console_options(cli, policy(cli), crate::chatops::Teach::default());
    let state = cli
        .state_dir
        .clone()
        .or_else(crate::base::state_dir::default_dir);
    if let Err(code) = state_dir_usable(state.as_deref()) {
        return code;
    }
    crate::base::logging::to_file(state.as_deref());
    tracing::info!(
        "console started: switchboard {}, following {}",
        env!("CARGO_PKG_VERSION"),
        sanitize::clean(path)
    );
    let code = rt.block_on(crate::tui::run_file(
        follower,
        opts,
        launch::shutdown_signal(),
    ));
    tracing::info!("console stopped (exit code {code})");
    code
}

/// Export, or print the snapshot and exit with its status code. `history`: the live
/// source's history database, summarised into the export.
fn finish(cli: &Cli, snap: &Snapshot, history: Option<&std::path::Path>) -> u8 {
    if let Some(text) = &cli.say {
        let opts = say::SayOptions::from_cli(cli, text);
        let teach = crate::chatops::Teach::default();
        return say::run(&opts, snap, &policy(cli), &teach, None);
    }
    if let Some(code) = export_files(cli, snap, history) {
        return code;
    }
    print_snapshot(snap, cli.format);
    snap.status.exit_code()
}

fn routing_mode(cli: &Cli) -> RoutingMode {
    if cli.no_monitoring {
        RoutingMode::Static
    } else {
        RoutingMode::Monitoring
    }
}

fn policy(cli: &Cli) -> Policy {
    Policy {
        mode: routing_mode(cli),
        ..Policy::default()
    }
}

fn painter() -> style::Painter {
    style::Painter {
        color: style::stdout_wants_color(),
    }
}

fn print_snapshot(snap: &Snapshot, format: Format) {
    let out = match format {
        Format::Json => format!("{}\n", json::to_string(snap)),
        Format::Text => text::render(snap, painter()),
    };
    write_stdout(&out);
}

/// Bad input: one line on stderr; with JSON, the UNKNOWN object on stdout too (with the
/// exact message: JSON escapes it).
fn input_failed(format: Format, e: &InputError) -> u8 {
    stderr::eprint_error(&e.to_string());
    if format == Format::Json {
        write_stdout(&format!("{}\n", json::error_object(&e.to_string())));
    }
    exit::UNKNOWN
}

/// Whether a one-shot export (`--export-json`, `--export-html`) was asked for.
fn exporting(cli: &Cli) -> bool {
    cli.export_json.is_some() || cli.export_html.is_some()
}

/// `--export-json` and/or `--export-html`: writes each file asked for and prints its
/// path; 73 when one could not be written. `None` when no export was asked for.
fn export_files(cli: &Cli, snap: &Snapshot, history: Option<&std::path::Path>) -> Option<u8> {
    if !exporting(cli) {
        return None;
    }
    let mut code = 0;
    if let Some(path) = &cli.export_json {
        code = code.max(write_export(path, json_body(snap, history).as_bytes()));
    }
    if let Some(path) = &cli.export_html {
        let page = dashboard_page(cli, snap, history);
        code = code.max(write_export(path, html::render(&page).as_bytes()));
    }
    Some(code)
}

/// The dashboard of `snap`. A source without an executor (a metrics file, a replay) still
/// shows the automation history of the state dir's audit log, when there is one; a live
/// source with a history database charts its last hour instead of the probe window.
fn dashboard_page<'a>(
    cli: &Cli,
    snap: &'a Snapshot,
    history: Option<&std::path::Path>,
) -> html::Page<'a> {
    let mut page = html::Page::new(snap, crate::snapshot::now_rfc3339());
    if let Some(series) = history.and_then(|h| last_hour_series(h, snap)) {
        page.series = series;
        page.series_kind = "the last hour from history, one point a minute".into();
        page.tz = "UTC";
    }
    if snap.executor.is_none() {
        let dir = cli
            .state_dir
            .clone()
            .or_else(crate::base::state_dir::default_dir);
        let path = dir
            .map(|d| d.join(crate::base::state_dir::AUDIT))
            .filter(|p| p.is_file());
        if let Some(path) = path {
            match crate::recovery::audit::Memory::load(&path) {
                Ok(m) => page.history = m.recent,
                Err(e) => stderr::eprint_error(&format!(
                    "warning: {}: cannot read: {}",
                    path.display(),
                    crate::base::input::io_reason(&e)
                )),
            }
            page.audit_path = Some(path.display().to_string());
        }
    }
    page
}

/// Per channel of `snap`, the history database's last hour before the snapshot, when it
/// holds more than the window does (at least two minutes of some channel).
fn last_hour_series(db: &std::path::Path, snap: &Snapshot) -> Option<Vec<html::Series>> {
    let now_ms = snap.at_ms()?;
    let settings = crate::config::HistorySettings::default();
    let h = crate::history::History::open(settings, db.parent(), now_ms)?;
    let mut minutes = h.sparklines();
    let series: Vec<html::Series> = snap
        .channels
        .iter()
        .map(|c| html::Series {
            name: c.name().to_string(),
            points: minutes.remove(c.name()).unwrap_or_default(),
        })
        .collect();
    series.iter().any(|s| s.points.len() >= 2).then_some(series)
}

/// The export JSON: the context, plus `history` summaries when the live source has a
/// history database.
fn json_body(snap: &Snapshot, history: Option<&std::path::Path>) -> String {
    let mut doc = export::context(snap);
    if let (Some(h), Some(now_ms)) = (history, snap.at_ms()) {
        let sum = |period| crate::history::summary_at(h, now_ms, period).unwrap_or_default();
        let summary = export::history(&sum(3_600_000), &sum(86_400_000));
        if let Value::Object(o) = &mut doc {
            o.insert("history".into(), summary);
        }
    }
    let mut body = serde_json::to_string_pretty(&doc).unwrap_or_default();
    body.push('\n');
    body
}

/// Writes one export file atomically and prints its path; 73 when it cannot be written.
fn write_export(path: &std::path::Path, body: &[u8]) -> u8 {
    match export::write_atomic(path, body) {
        Ok(()) => {
            write_stdout(&format!(
                "{}\n",
                sanitize::clean(&path.display().to_string())
            ));
            0
        }
        Err(e) => {
            stderr::eprint_error(&format!(
                "{}: cannot write: {}",
                path.display(),
                crate::base::input::io_reason(&e)
            ));
            exit::CANT_WRITE
        }
    }
}

/// Writes to stdout, ignoring a closed pipe (`| head` is not an error).
fn write_stdout(s: &str) {
    let _ = try_write_stdout(s);
}

/// True when stdout is a pipe or socket whose reader has gone (poll reports POLLERR or
/// POLLHUP): a view that writes only when something changes learns of `| head -c 10`
/// without waiting for its next write.
fn stdout_gone() -> bool {
    #[cfg(unix)]
    {
        let mut fd = libc::pollfd {
            fd: libc::STDOUT_FILENO,
            events: 0,
            revents: 0,
        };
        // SAFETY: one valid pollfd, zero timeout; no memory is shared beyond the call.
        let n = unsafe { libc::poll(&mut fd, 1, 0) };
        n > 0 && fd.revents & (libc::POLLERR | libc::POLLHUP) != 0
    }
    #[cfg(not(unix))]
    false
}

/// Writes to stdout and says whether it failed; loops that write until stopped use it to
/// end quietly once the reader is gone (`| head -c 10`), like other Unix tools.
fn try_write_stdout(s: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(s.as_bytes()).and_then(|_| out.flush())
}

/// A current-thread tokio runtime: only the live paths pay for one.
fn runtime() -> Result<tokio::runtime::Runtime, String> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))?;
    crate::base::wake::set_origin();
    Ok(rt)
}

/// Whether a run opens the console: no one-shot mode was asked for, text output, and
/// stdout is a terminal (a pipe or a log keeps the plain text views scripts rely on).
fn console_wanted(cli: &Cli) -> bool {
    use std::io::IsTerminal;
    !cli.snapshot
        && cli.say.is_none()
        && cli.export_json.is_none()
        && cli.export_html.is_none()
        && cli.format == Format::Text
        && std::io::stdout().is_terminal()
}

/// Console options from the command line and the evaluation policy in force.
fn console_options(
    cli: &Cli,
    policy: Policy,
    teach: crate::chatops::Teach,
) -> crate::tui::ConsoleOptions {
    crate::tui::ConsoleOptions {
        theme: crate::tui::ui::theme::Theme::from_env(),
        read_only: cli.read_only,
        remote: false,
        teach,
        policy,
        tz: jiff::tz::TimeZone::system(),
        warnings: Vec::new(),
        history: None,
        locale: crate::chatops::Lang::of_locale(&crate::base::locale::messages()),
    }
}
