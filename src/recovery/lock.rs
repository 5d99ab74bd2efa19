//! The single-writer lock: an exclusive `flock` on `lock` in the state dir. The instance
//! that holds it runs recovery actions and writes the audit log; any other instance on the
//! same state dir stays read-only for recovery. The kernel drops the lock when the process
//! dies, however it dies, so a `kill -9` never leaves a stale lock behind.
//!
//! The lock file is opened like every state file (`base::state_dir`): never through a
//! link, only when it is a regular file.

use std::fs::File;
use std::io::{Read, Seek, Write};
use std::path::Path;

use crate::base::input::io_reason;
use crate::base::state_dir::{open_private, private_file, LOCK};

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
        let path = dir.join(LOCK);
        let mut file = open_private(
            private_file()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false),
            &path,
        )
        .map_err(|e| LockError::Io(format!("{}: {}", path.display(), io_reason(&e))))?;
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
    let mut file = open_private(private_file().read(true), &dir.join(LOCK)).ok()?;
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

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(unix)]
    use crate::base::state_dir::{ensure_dir, plant_link, PLANTED};

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

    #[cfg(unix)]
    #[test]
    fn the_lock_file_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let _lock = StateLock::acquire(dir.path()).unwrap();
        let mode = std::fs::metadata(dir.path().join(LOCK))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
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
    }

    #[cfg(unix)]
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
