//! The single-writer lock: an exclusive `flock` on `lock` in the state dir. The instance
//! that holds it runs recovery actions and writes the audit log; any other instance on the
//! same state dir stays read-only for recovery. The kernel drops the lock when the process
//! dies, however it dies, so a `kill -9` never leaves a stale lock behind.
//!
//! Every file in the state dir is opened here without following a symlink and used only
//! when it is a regular file, and a state dir that others could write to is refused
//! (`check_dir`): a planted `lock -> ~/.bashrc` must never be truncated, an `audit.jsonl`
//! link never appended through, a `lock -> /dev/zero` never read.

use std::fs::File;
use std::io::{Read, Seek, Write};
use std::path::Path;

/// A held lock; dropping it (or exiting) releases it.
#[derive(Debug)]
pub struct StateLock {
    _file: File,
}

/// Why the lock could not be taken.
#[derive(Debug, Clone, PartialEq)]
pub enum LockError {
    /// Another process holds it; its pid when it wrote one.
    Held(Option<u32>),
    Io(String),
}

impl std::fmt::Display for LockError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LockError::Held(Some(pid)) => {
                write!(f, "another switchboard (pid {pid}) holds the recovery lock")
            }
            LockError::Held(None) => write!(f, "another switchboard holds the recovery lock"),
            LockError::Io(e) => write!(f, "cannot take the recovery lock: {e}"),
        }
    }
}

impl StateLock {
    /// Takes the lock without waiting, and writes this process's pid into the file.
    pub fn acquire(dir: &Path) -> Result<StateLock, LockError> {
        let path = dir.join("lock");
        let mut file = open_private(
            private_file()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false),
            &path,
        )
        .map_err(|e| {
            LockError::Io(format!(
                "{}: {}",
                path.display(),
                crate::base::input::io_reason(&e)
            ))
        })?;
        if !try_flock(&file) {
            // A pid is a few bytes: read no more whatever the file holds.
            let mut text = String::new();
            let _ = (&mut file).take(32).read_to_string(&mut text);
            return Err(LockError::Held(text.trim().parse().ok()));
        }
        // Only the holder writes the pid, so readers see the holder's.
        let _ = file
            .set_len(0)
            .and_then(|_| file.rewind())
            .and_then(|_| writeln!(file, "{}", std::process::id()))
            .and_then(|_| file.flush());
        Ok(StateLock { _file: file })
    }
}

/// Whether another process holds the lock in `dir`, and its pid when it wrote one: two
/// instances with different state dirs both act, so one started elsewhere says so.
/// `None` when nobody holds it (or there is no lock file).
pub fn holder(dir: &Path) -> Option<Option<u32>> {
    let mut file = open_private(private_file().read(true), &dir.join("lock")).ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::io::AsRawFd;
        // SAFETY: flock on a descriptor owned here; a shared lock taken is released when
        // the file is dropped below.
        let free = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_SH | libc::LOCK_NB) == 0 };
        if free {
            return None;
        }
    }
    let mut text = String::new();
    let _ = (&mut file).take(32).read_to_string(&mut text);
    Some(text.trim().parse().ok())
}

#[cfg(unix)]
fn try_flock(file: &File) -> bool {
    use std::os::unix::io::AsRawFd;
    // SAFETY: flock on a descriptor this process owns; no memory is involved.
    unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) == 0 }
}

#[cfg(not(unix))]
fn try_flock(_file: &File) -> bool {
    true
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
        let meta = std::fs::metadata(dir).map_err(|e| {
            format!(
                "state dir {}: {}",
                dir.display(),
                crate::base::input::io_reason(&e)
            )
        })?;
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
    ensure_dir(dir).map_err(|e| {
        format!(
            "cannot create {}: {}",
            dir.display(),
            crate::base::input::io_reason(&e)
        )
    })?;
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
    fn a_second_holder_is_refused_with_the_first_ones_pid() {
        let dir = tempfile::tempdir().unwrap();
        let first = StateLock::acquire(dir.path()).expect("free");
        assert_eq!(
            StateLock::acquire(dir.path()).unwrap_err(),
            LockError::Held(Some(std::process::id()))
        );
        drop(first);
        assert!(StateLock::acquire(dir.path()).is_ok(), "released on drop");
    }

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
            let _lock = StateLock::acquire(&state).unwrap();
            let mode = std::fs::metadata(state.join("lock"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600, "the lock file too");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_planted_lock_link_or_device_is_refused_and_its_target_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let state = dir.path().join("state");
        ensure_dir(&state).unwrap();
        let target = plant_link(&state, "lock");
        let e = StateLock::acquire(&state).unwrap_err();
        assert!(e.to_string().contains("symbolic link"), "{e}");
        assert_eq!(std::fs::read_to_string(&target).unwrap(), PLANTED);
        std::fs::remove_file(state.join("lock")).unwrap();
        std::os::unix::fs::symlink("/dev/zero", state.join("lock")).unwrap();
        assert!(StateLock::acquire(&state).is_err());
        let dev = open_private(private_file().read(true), Path::new("/dev/null"));
        assert!(dev.unwrap_err().to_string().contains("not a regular file"));
    }

    #[cfg(unix)]
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

    #[test]
    fn the_holder_of_another_dirs_lock_is_known() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(holder(dir.path()), None, "no lock file");
        let held = StateLock::acquire(dir.path()).unwrap();
        assert_eq!(holder(dir.path()), Some(Some(std::process::id())));
        drop(held);
        assert_eq!(holder(dir.path()), None);
        assert!(
            StateLock::acquire(dir.path()).is_ok(),
            "looking took nothing"
        );
    }
}
