//! Faults of the daemon itself, as opposed to faults of the channels it watches.
//!
//! When this process runs out of file descriptors (EMFILE, ENFILE), of memory (ENOMEM) or
//! of room on the state disk (ENOSPC, EDQUOT), every probe and action fails at once — and
//! if those failures were taken for the channels' own, a flood of idle connections to
//! `--serve` would make the daemon restart every healthy service and escalate them all.
//! So such a failure is classified here, counts toward no channel's `down_after`, starts
//! no action, and is shown for what it is: in every snapshot (`LiveInfo::faults`, the
//! console's banner), on the log, and as `/healthz` 503. A fault is shown while it keeps
//! happening and for [`HOLD_MS`] after it was last seen.
//!
//! Lines that could not be written to stderr (a closed pipe) are a fault too: they are
//! counted, never a panic, and the count stays visible for the rest of the run, since
//! nothing brings a closed stderr back.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

/// What the daemon ran out of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// EMFILE, ENFILE: no file descriptor (too many connections or files open).
    Descriptors,
    /// ENOMEM: no memory.
    Memory,
    /// ENOSPC, EDQUOT: the state disk is full.
    DiskFull,
}

impl Kind {
    fn index(self) -> usize {
        self as usize
    }

    fn words(self) -> &'static str {
        match self {
            Kind::Descriptors => "out of file descriptors",
            Kind::Memory => "out of memory",
            Kind::DiskFull => "state disk full",
        }
    }
}

/// How long a fault stays shown after it was last seen.
pub const HOLD_MS: i64 = 60_000;

/// The kind of daemon fault an I/O error is, if it is one.
pub fn of_io(e: &std::io::Error) -> Option<Kind> {
    match e.raw_os_error()? {
        libc::EMFILE | libc::ENFILE => Some(Kind::Descriptors),
        libc::ENOMEM => Some(Kind::Memory),
        libc::ENOSPC | libc::EDQUOT => Some(Kind::DiskFull),
        _ => None,
    }
}

/// The kind of daemon fault anywhere in an error's chain of causes (an HTTP client's
/// error wraps the connect call's `io::Error`).
pub fn of_error(e: &(dyn std::error::Error + 'static)) -> Option<Kind> {
    let mut cur = Some(e);
    while let Some(err) = cur {
        if let Some(kind) = err.downcast_ref::<std::io::Error>().and_then(of_io) {
            return Some(kind);
        }
        cur = err.source();
    }
    None
}

/// The faults seen recently: per kind, when last and what was said then.
#[derive(Debug, Default)]
pub struct Faults {
    last: Mutex<[Option<(i64, String)>; 3]>,
    stderr_dropped: AtomicU64,
}

impl Faults {
    pub const fn new() -> Faults {
        Faults {
            last: Mutex::new([None, None, None]),
            stderr_dropped: AtomicU64::new(0),
        }
    }

    /// Records a fault seen at `now_ms`; true when it was not being shown already (the
    /// caller logs it then, once, rather than on every failed probe).
    pub fn note(&self, kind: Kind, detail: &str, now_ms: i64) -> bool {
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        let slot = &mut last[kind.index()];
        let new = slot
            .as_ref()
            .is_none_or(|(at, _)| now_ms.saturating_sub(*at) > HOLD_MS);
        *slot = Some((now_ms, detail.to_string()));
        new
    }

    /// A line that could not be written to stderr; true for the first one.
    pub fn stderr_dropped(&self) -> bool {
        self.stderr_dropped.fetch_add(1, Ordering::Relaxed) == 0
    }

    /// The faults to show at `now_ms`, in words, most serious first.
    pub fn active(&self, now_ms: i64) -> Vec<String> {
        let last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        let mut out: Vec<String> = [Kind::Descriptors, Kind::Memory, Kind::DiskFull]
            .into_iter()
            .filter_map(|k| {
                let (at, detail) = last[k.index()].as_ref()?;
                (now_ms.saturating_sub(*at) <= HOLD_MS).then(|| format!("{}: {detail}", k.words()))
            })
            .collect();
        let dropped = self.stderr_dropped.load(Ordering::Relaxed);
        if dropped > 0 {
            out.push(format!(
                "stderr is closed: {dropped} log line{} could not be written",
                if dropped == 1 { "" } else { "s" }
            ));
        }
        out
    }
}

/// The process's faults (a process runs out of descriptors as a whole).
static GLOBAL: Faults = Faults::new();

pub fn global() -> &'static Faults {
    &GLOBAL
}

/// Notes a fault in the process's registry and, the first time in a while, says so in
/// the program's log.
pub fn note(kind: Kind, detail: &str, now_ms: i64) {
    if GLOBAL.note(kind, detail, now_ms) {
        tracing::error!(
            "daemon fault, not counted against any channel: {}: {}",
            kind.words(),
            crate::base::sanitize::clean(detail)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_errors_are_daemon_faults_and_others_are_not() {
        let io = std::io::Error::from_raw_os_error;
        assert_eq!(of_io(&io(libc::EMFILE)), Some(Kind::Descriptors));
        assert_eq!(of_io(&io(libc::ENFILE)), Some(Kind::Descriptors));
        assert_eq!(of_io(&io(libc::ENOMEM)), Some(Kind::Memory));
        assert_eq!(of_io(&io(libc::ENOSPC)), Some(Kind::DiskFull));
        assert_eq!(of_io(&io(libc::ECONNREFUSED)), None);
        assert_eq!(of_io(&std::io::Error::other("x")), None);
        // Wrapped, as an HTTP client wraps its connect error.
        #[derive(Debug)]
        struct Wrap(std::io::Error);
        impl std::fmt::Display for Wrap {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("error sending request")
            }
        }
        impl std::error::Error for Wrap {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                Some(&self.0)
            }
        }
        assert_eq!(of_error(&Wrap(io(libc::EMFILE))), Some(Kind::Descriptors));
        assert_eq!(of_error(&Wrap(io(libc::ETIMEDOUT))), None);
    }

    #[test]
    fn a_fault_is_shown_while_it_lasts_and_a_closed_stderr_for_good() {
        let f = Faults::new();
        assert!(f.active(0).is_empty());
        assert!(f.note(Kind::Descriptors, "accept: Too many open files", 1_000));
        assert!(!f.note(Kind::Descriptors, "again", 2_000), "said once");
        assert_eq!(f.active(2_000), ["out of file descriptors: again"]);
        assert!(f.active(2_000 + HOLD_MS + 1).is_empty(), "over");
        assert!(f.note(Kind::Descriptors, "back", 2_000 + HOLD_MS + 1));
        assert!(f.stderr_dropped());
        assert!(!f.stderr_dropped());
        let shown = f.active(10 * HOLD_MS);
        assert_eq!(
            shown,
            ["stderr is closed: 2 log lines could not be written"]
        );
    }
}
