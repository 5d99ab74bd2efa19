//! The single-writer lock: an exclusive `flock` on `lock` in the state dir. The instance
//! that holds it runs recovery actions and writes the audit log; any other instance on the
//! same state dir stays read-only for recovery. The kernel drops the lock when the process
//! dies, however it dies, so a `kill -9` never leaves a stale lock behind.

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
        let mut file = private_file()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| {
                LockError::Io(format!(
                    "{}: {}",
                    path.display(),
                    crate::source::input::io_reason(&e)
                ))
            })?;
        if !try_flock(&file) {
            let mut text = String::new();
            let _ = file.read_to_string(&mut text);
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

/// Open options for a file in the state dir: created 0600, like the dir is 0700.
pub fn private_file() -> std::fs::OpenOptions {
    let mut o = std::fs::OpenOptions::new();
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
    o
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
}
