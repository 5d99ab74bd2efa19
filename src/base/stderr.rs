//! Lines for stderr that never panic: `eprintln!` does when stderr is a closed pipe,
//! which wedged a daemon whose log reader had gone. A line that cannot be written is
//! dropped and counted as a daemon fault (`/healthz`, the console's banner).

use super::sanitize::error_line;

/// Prints [`error_line`] on stderr.
pub fn eprint_error(message: &str) {
    eprint_raw(&error_line(message));
}

/// Writes one line on stderr; one that cannot be written is dropped and counted.
pub fn eprint_raw(line: &str) {
    use std::io::Write;
    let mut err = std::io::stderr().lock();
    let mut text = String::with_capacity(line.len() + 1);
    text.push_str(line);
    text.push('\n');
    if err.write_all(text.as_bytes()).is_err() && crate::base::fault::global().stderr_dropped() {
        tracing::error!(
            "stderr is closed: log lines are dropped from now on (counted in /healthz)"
        );
    }
}

/// Stderr for code that writes warnings through `io::Write` (the replay's skipped
/// lines): a write that fails is dropped and counted like [`eprint_raw`]'s, so a closed
/// stderr never ends the work whose output goes elsewhere.
pub struct LossyStderr;

impl std::io::Write for LossyStderr {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if std::io::stderr().lock().write_all(buf).is_err() && buf.ends_with(b"\n") {
            let _ = crate::base::fault::global().stderr_dropped();
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let _ = std::io::stderr().flush();
        Ok(())
    }
}
