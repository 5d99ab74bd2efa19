//! The program's own log: `switchboard.log` in the state dir, through `tracing`, so the
//! console never writes on its terminal. What goes there is what an operator would want
//! after the fact and the screen no longer shows: start and stop, the executor's steps,
//! history trouble, a poller or file that failed, a panic, a daemon fault. `--headless`
//! and `--serve` log their events to stderr, which their service manager collects, and
//! write this file too, so that what a closed stderr could not take is still said. The
//! level comes from `SWITCHBOARD_LOG` (`error`, `warn`, `info` — the default —, `debug`,
//! `trace`, `off`).

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use tracing_subscriber::filter::LevelFilter;

use crate::base::state_dir::{LogSink, LOG};

/// At start, a log larger than this is moved to `switchboard.log.1` (replacing it).
const ROTATE_AT: u64 = 8 << 20;

/// Sends `tracing` events to `dir/switchboard.log`; returns its path, or `None` when
/// there is no state dir, logging is off, or the file cannot be opened (the console
/// runs without a log rather than not at all).
pub fn to_file(dir: Option<&Path>) -> Option<PathBuf> {
    let level = level(std::env::var("SWITCHBOARD_LOG").ok().as_deref());
    if level == LevelFilter::OFF {
        return None;
    }
    let dir = dir?;
    crate::base::state_dir::prepare_dir(dir).ok()?;
    let path = dir.join(LOG);
    let file = open(&path).ok()?;
    let subscriber = tracing_subscriber::fmt()
        .with_writer(Mutex::new(file))
        .with_ansi(false)
        .with_target(false)
        .with_max_level(level)
        .finish();
    tracing::subscriber::set_global_default(subscriber).ok()?;
    Some(path)
}

fn level(v: Option<&str>) -> LevelFilter {
    v.and_then(|v| v.trim().parse().ok())
        .unwrap_or(LevelFilter::INFO)
}

fn open(path: &Path) -> std::io::Result<File> {
    if std::fs::metadata(path).is_ok_and(|m| m.len() > ROTATE_AT) {
        let _ = std::fs::rename(path, path.with_extension("log.1"));
    }
    let lock = crate::base::state_dir::private_file;
    crate::base::state_dir::open_private(lock().create(true).append(true), path)
}

/// A sink for the executor's and history's lines: an `info` event each, cleaned of
/// terminal controls (the text may quote a server or a config).
pub fn sink() -> LogSink {
    Arc::new(|line: &str| tracing::info!("{}", crate::base::sanitize::clean(unstamped(line))))
}

/// A value for a `key=value` log line, quoted the logfmt way when it needs to be (empty,
/// or holding a space, `=`, a quote, a backslash or a control character): a channel
/// named `A ok=true exit_code=0` must not forge fields for a log parser.
pub fn logfmt(v: &str) -> std::borrow::Cow<'_, str> {
    let plain = !v.is_empty()
        && !v
            .chars()
            .any(|c| c == ' ' || c == '=' || c == '"' || c == '\\' || c.is_control());
    if plain {
        return std::borrow::Cow::Borrowed(v);
    }
    let mut out = String::with_capacity(v.len() + 2);
    out.push('"');
    for c in v.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    std::borrow::Cow::Owned(out)
}

/// The executor stamps its lines for stderr; the log stamps every line itself.
fn unstamped(line: &str) -> &str {
    match line.split_once(' ') {
        Some((first, rest)) if first.parse::<jiff::Timestamp>().is_ok() => rest,
        _ => line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_level_comes_from_the_environment_with_info_by_default() {
        assert_eq!(level(None), LevelFilter::INFO);
        assert_eq!(level(Some("debug")), LevelFilter::DEBUG);
        assert_eq!(level(Some(" WARN ")), LevelFilter::WARN);
        assert_eq!(level(Some("off")), LevelFilter::OFF);
        assert_eq!(level(Some("loud")), LevelFilter::INFO);
    }

    #[test]
    fn a_line_stamped_for_stderr_is_not_stamped_twice() {
        assert_eq!(
            unstamped("2026-11-30T16:33:34.729Z start pid=1"),
            "start pid=1"
        );
        assert_eq!(
            unstamped("history off: disk full"),
            "history off: disk full"
        );
    }

    #[test]
    fn a_large_log_is_moved_aside_at_start_and_the_new_one_is_private() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(LOG);
        std::fs::write(&path, vec![b'x'; (ROTATE_AT + 1) as usize]).unwrap();
        let f = open(&path).unwrap();
        assert_eq!(f.metadata().unwrap().len(), 0, "a fresh file");
        let old = dir.path().join("switchboard.log.1");
        assert_eq!(std::fs::metadata(old).unwrap().len(), ROTATE_AT + 1);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[cfg(unix)]
    #[test]
    fn the_log_is_never_appended_through_a_link() {
        use crate::base::state_dir::{plant_link, PLANTED};
        let dir = tempfile::tempdir().unwrap();
        let target = plant_link(dir.path(), LOG);
        assert!(open(&dir.path().join(LOG)).is_err());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), PLANTED);
    }

    #[test]
    fn log_values_that_could_forge_fields_are_quoted() {
        assert_eq!(logfmt("Gateway"), "Gateway");
        assert_eq!(logfmt("A ok=true exit_code=0"), "\"A ok=true exit_code=0\"");
        assert_eq!(logfmt(""), "\"\"");
        assert_eq!(logfmt("say \"hi\"\\"), "\"say \\\"hi\\\"\\\\\"");
        assert_eq!(logfmt("a\nb"), "\"a\\nb\"");
        assert_eq!(logfmt("게이트웨이"), "게이트웨이");
    }
}
