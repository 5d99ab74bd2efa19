//! Child processes that never outlive their purpose, shared by command probes and
//! recovery actions.
//!
//! A child runs in its own process group so that a timeout can end everything it started
//! (`sh -c "sleep 300"` forks; killing only the shell leaves the sleep behind on every
//! interval). Its output is read with a bound and the rest drained, so a chatty child
//! neither grows memory without limit nor blocks on a full pipe.

use std::ffi::OsString;
use std::sync::Mutex;
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt};
use tokio::process::{Child, Command};

/// Which part of a long output to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// The first bytes (a probe reports the first line of stderr).
    Head,
    /// The newest bytes (an action's log shows how it ended).
    Tail,
}

/// A spawned child's process group. Dropping it while still armed kills the whole group
/// with SIGKILL: a probe future dropped by its timeout takes the group down with it.
#[derive(Debug)]
pub struct Group {
    pgid: Option<i32>,
}

/// Spawns `cmd` as the leader of a new process group (killed on drop as a last resort).
pub fn spawn_group(cmd: &mut Command) -> std::io::Result<(Child, Group)> {
    cmd.kill_on_drop(true);
    #[cfg(unix)]
    cmd.process_group(0);
    let child = cmd.spawn()?;
    let pgid = child.id().and_then(|p| i32::try_from(p).ok());
    Ok((child, Group { pgid }))
}

impl Group {
    /// Sends `sig` to every process of the group.
    #[cfg(unix)]
    fn signal(&self, sig: libc::c_int) {
        if let Some(pgid) = self.pgid.filter(|p| *p > 0) {
            // SAFETY: signalling a process group this process created; no memory involved.
            unsafe { libc::kill(-pgid, sig) };
        }
    }

    /// SIGTERM to the group, SIGKILL after `grace` if the leader has not exited, then reap.
    pub async fn terminate(mut self, child: &mut Child, grace: Duration) {
        #[cfg(unix)]
        {
            self.signal(libc::SIGTERM);
            if tokio::time::timeout(grace, child.wait()).await.is_err() {
                self.signal(libc::SIGKILL);
            }
        }
        #[cfg(not(unix))]
        let _ = grace;
        let _ = child.kill().await;
        // Stragglers that ignored SIGTERM but outlived the leader go too.
        #[cfg(unix)]
        self.signal(libc::SIGKILL);
        self.pgid = None;
    }

    /// The group is finished (leader reaped, its pipes closed by everyone): nothing to kill.
    /// Only then may the id be forgotten; a group id is not reused while a member lives.
    pub fn disarm(mut self) {
        self.pgid = None;
    }
}

impl Drop for Group {
    fn drop(&mut self) {
        #[cfg(unix)]
        self.signal(libc::SIGKILL);
    }
}

/// Reads `r` to its end, keeping at most `cap` bytes (the first or the newest, as `keep`
/// says) and dropping the rest, so that a child writing gigabytes costs `cap` of memory
/// and never blocks on a full pipe.
pub async fn read_bounded<R: AsyncRead + Unpin>(r: Option<R>, cap: usize, keep: Keep) -> Vec<u8> {
    let kept = Mutex::new(Vec::new());
    read_bounded_into(r, cap, keep, &kept).await;
    kept.into_inner().unwrap_or_else(|e| e.into_inner())
}

/// [`read_bounded`] into a buffer shared with the caller, who can take what has been read
/// so far when it stops waiting: a background grandchild that keeps the pipe open must
/// not cost the output its parent wrote before it exited.
pub async fn read_bounded_into<R: AsyncRead + Unpin>(
    r: Option<R>,
    cap: usize,
    keep: Keep,
    into: &Mutex<Vec<u8>>,
) {
    let Some(mut r) = r else {
        return;
    };
    let mut buf = vec![0u8; 8192];
    while let Ok(n) = r.read(&mut buf).await {
        if n == 0 {
            break;
        }
        let mut kept = into.lock().unwrap_or_else(|e| e.into_inner());
        match keep {
            Keep::Head => {
                let room = cap.saturating_sub(kept.len());
                kept.extend_from_slice(&buf[..n.min(room)]);
            }
            Keep::Tail => {
                kept.extend_from_slice(&buf[..n]);
                if kept.len() > cap {
                    let excess = kept.len() - cap;
                    kept.drain(..excess);
                }
            }
        }
    }
}

/// Environment variables a child (an action, a command probe) gets from ours: the
/// environment is cleared first, so channel API keys and webhook secrets never reach it.
const ENV_KEPT: &[&str] = &["PATH", "HOME", "LANG", "TZ"];
/// Prefixes of the other variables it gets.
const ENV_KEPT_PREFIXES: &[&str] = &["LC_", "SWITCHBOARD_"];

/// The variables of `vars` a child may have: the allowlist, plus the names in `extra`
/// (an `[[action]]`'s `env = [...]`).
pub fn allowed_env<I>(vars: I, extra: &[String]) -> Vec<(OsString, OsString)>
where
    I: IntoIterator<Item = (OsString, OsString)>,
{
    vars.into_iter()
        .filter(|(k, _)| {
            let Some(k) = k.to_str() else { return false };
            ENV_KEPT.contains(&k)
                || ENV_KEPT_PREFIXES.iter().any(|p| k.starts_with(p))
                || extra.iter().any(|e| e == k)
        })
        .collect()
}

/// Clears `cmd`'s environment down to [`allowed_env`] of ours.
pub fn clean_env(cmd: &mut Command, extra: &[String]) {
    cmd.env_clear()
        .envs(allowed_env(std::env::vars_os(), extra));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn reads_are_bounded_at_either_end() {
        let data: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        let head = read_bounded(Some(&data[..]), 1000, Keep::Head).await;
        assert_eq!(head, &data[..1000]);
        let tail = read_bounded(Some(&data[..]), 1000, Keep::Tail).await;
        assert_eq!(tail, &data[data.len() - 1000..]);
        assert!(read_bounded(None::<&[u8]>, 10, Keep::Head).await.is_empty());
    }

    #[test]
    fn a_child_gets_the_allowlist_and_the_names_it_asks_for_only() {
        let kept = [
            "PATH",
            "HOME",
            "LANG",
            "LC_ALL",
            "TZ",
            "SWITCHBOARD_LOG",
            "DEPLOY_TOKEN",
        ];
        let dropped = ["GATEWAY_API_KEY", "AWS_SECRET_ACCESS_KEY", "PATHX"];
        let vars = kept
            .iter()
            .chain(&dropped)
            .map(|k| (OsString::from(k), OsString::from("v")));
        let got = allowed_env(vars, &["DEPLOY_TOKEN".to_string()]);
        let names: Vec<_> = got.iter().map(|(k, _)| k.to_str().unwrap()).collect();
        assert_eq!(names, kept);
    }
}
