//! The state directory: where it is by default, its file names, and how every file in
//! it is created and opened.
//!
//! Every file in the state dir is opened here without following a symlink and used only
//! when it is a regular file, and a state dir that others could write to is refused
//! (`check_dir`): a planted `lock -> ~/.bashrc` must never be truncated, an `audit.jsonl`
//! link never appended through, a `lock -> /dev/zero` never read.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::input::io_reason;

/// The audit log (JSON lines; `docs/recovery.md`).
pub const AUDIT: &str = "audit.jsonl";
/// The single-writer lock.
pub const LOCK: &str = "lock";
/// The program's own log.
pub const LOG: &str = "switchboard.log";
/// The history database.
pub const HISTORY: &str = "history.sqlite";
/// Silences asked for by ChatOps.
pub const SILENCES: &str = "silences.jsonl";

/// Where a daemon sends one line per recorded event (`--headless` prints them on
/// stderr, the others write them to the log file).
pub type LogSink = Arc<dyn Fn(&str) + Send + Sync>;

/// `$XDG_STATE_HOME/switchboard`, else `~/.local/state/switchboard`.
pub fn default_dir() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_STATE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|v| !v.is_empty())
                .map(|h| PathBuf::from(h).join(".local/state"))
        })?;
    Some(base.join("switchboard"))
}

/// Open options for a file in the state dir: created 0600, like the dir is 0700; a
/// symlink is never followed (the open fails with ELOOP) and a FIFO never blocks the
/// open. Open with [`open_private`], which also refuses anything but a regular file.
pub fn private_file() -> std::fs::OpenOptions {
    let mut o = std::fs::OpenOptions::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600)
            .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    o
}

/// Opens a state-dir file with `opts` (from [`private_file`]) and checks that it is a
/// regular file: a device, FIFO or socket planted in its place is refused.
pub fn open_private(opts: &std::fs::OpenOptions, path: &Path) -> std::io::Result<File> {
    let file = opts.open(path).map_err(|e| {
        if e.raw_os_error() == Some(libc::ELOOP) {
            std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "is a symbolic link (not followed in the state dir)",
            )
        } else {
            e
        }
    })?;
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "is not a regular file",
        ));
    }
    Ok(file)
}

/// Why `dir` must not hold switchboard's state, if it must not: like ssh with `~/.ssh`,
/// a dir that another user owns, or that group or others may write to, could have
/// files planted in it (a lock, an audit log, a history database) — refused.
pub fn check_dir(dir: &Path) -> Result<(), String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let meta = std::fs::metadata(dir)
            .map_err(|e| format!("state dir {}: {}", dir.display(), io_reason(&e)))?;
        if !meta.is_dir() {
            return Err(format!("state dir {}: not a directory", dir.display()));
        }
        // SAFETY: geteuid has no preconditions and cannot fail.
        let me = unsafe { libc::geteuid() };
        if meta.uid() != me {
            return Err(format!(
                "state dir {} is owned by uid {}, not by this user (uid {me}): refused; \
                 use a dir of your own (--state-dir)",
                dir.display(),
                meta.uid()
            ));
        }
        if meta.mode() & 0o022 != 0 {
            return Err(format!(
                "state dir {} is writable by group or others (mode {:o}): refused; \
                 chmod go-w it or use another (--state-dir)",
                dir.display(),
                meta.mode() & 0o7777
            ));
        }
    }
    Ok(())
}

/// Creates the state dir if needed and checks it may be used ([`check_dir`]).
pub fn prepare_dir(dir: &Path) -> Result<(), String> {
    ensure_dir(dir).map_err(|e| format!("cannot create {}: {}", dir.display(), io_reason(&e)))?;
    check_dir(dir)
}

/// Creates the state dir (and parents) with mode 0700 when it does not exist.
pub fn ensure_dir(dir: &Path) -> std::io::Result<()> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir)
}

/// For tests: a file (someone's `~/.bashrc`) and a link named `name` in `dir` pointing
/// at it, as an attacker would plant one; returns the target, whose text is [`PLANTED`].
#[cfg(all(test, unix))]
pub(crate) fn plant_link(dir: &Path, name: &str) -> std::path::PathBuf {
    let target = dir.join("precious-target");
    std::fs::write(&target, PLANTED).expect("target");
    std::os::unix::fs::symlink(&target, dir.join(name)).expect("link");
    target
}

/// What a planted link's target holds, to check that it was left alone.
#[cfg(all(test, unix))]
pub(crate) const PLANTED: &str = "export A=1\nexport B=2";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_state_dir_is_private() {
        let dir = tempfile::tempdir().unwrap();
        let state = dir.path().join("a/b/switchboard");
        ensure_dir(&state).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&state).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o700);
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_device_is_not_a_state_file() {
        let dev = open_private(private_file().read(true), Path::new("/dev/null"));
        assert!(dev.unwrap_err().to_string().contains("not a regular file"));
    }

    #[test]
    fn a_state_dir_others_can_write_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let state = dir.path().join("state");
        prepare_dir(&state).expect("a fresh private dir");
        std::fs::set_permissions(&state, std::fs::Permissions::from_mode(0o777)).unwrap();
        let e = prepare_dir(&state).unwrap_err();
        assert!(e.contains("writable by group or others (mode 777)"), "{e}");
        std::fs::set_permissions(&state, std::fs::Permissions::from_mode(0o750)).unwrap();
        assert!(check_dir(&state).is_ok(), "group may read");
        // Owned by someone else: a dir that root owns (when not running as root).
        // SAFETY: geteuid has no preconditions.
        if unsafe { libc::geteuid() } != 0 {
            let e = check_dir(Path::new("/")).unwrap_err();
            assert!(e.contains("is owned by uid 0"), "{e}");
        }
    }
}
