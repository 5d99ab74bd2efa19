//! The daemon under attack, through the real binary: nothing outside it may make it act,
//! stop acting, or leak. Idle connections to `--serve` on a small descriptor limit, a
//! closed stderr, a state dir others can write, a forged `Host`.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

struct Daemon {
    child: common::Reaped,
    dir: tempfile::TempDir,
}

impl Daemon {
    fn state(&self) -> PathBuf {
        self.dir.path().join("state")
    }

    fn audit(&self) -> String {
        std::fs::read_to_string(self.state().join("audit.jsonl")).unwrap_or_default()
    }

    /// SIGTERM, and the exit code.
    fn stop(mut self) -> Option<i32> {
        self.child.terminate()
    }
}

fn command(dir: &Path, config: &str, args: &[&str]) -> Command {
    std::fs::write(dir.join("c.toml"), config).expect("config");
    let mut c = Command::new(env!("CARGO_BIN_EXE_switchboard"));
    c.args(args)
        .arg("--config")
        .arg(dir.join("c.toml"))
        .arg("--state-dir")
        .arg(dir.join("state"))
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    c
}

/// A loopback TCP service that accepts and closes: what the channels probe.
fn tcp_service() -> String {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = l.local_addr().unwrap().to_string();
    std::thread::spawn(move || {
        for s in l.incoming() {
            drop(s);
        }
    });
    addr
}

fn get(addr: &str, path: &str, host: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).expect("connects");
    s.set_read_timeout(Some(Duration::from_secs(15))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut text = String::new();
    let _ = s.read_to_string(&mut text);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let code = head
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (code, body.to_string())
}

/// Five healthy TCP channels probed twice a second, each with an action that would
/// leave a mark: any action at all is a failure of the daemon under attack.
fn fleet(service: &str, marker: &Path) -> String {
    let mut c = format!(
        "[poll]\ninterval = \"500ms\"\ndown_after = 2\n\n[recovery]\nauto = true\n\
         cooldown = \"1s\"\n\n[[action]]\nname = \"mark\"\ncommand = [\"touch\", \"{}\"]\n",
        marker.display()
    );
    for i in 0..5 {
        c.push_str(&format!(
            "\n[[channel]]\nname = \"ch{i}\"\nprobe = \"tcp\"\naddress = \"{service}\"\n\
             actions = [\"mark\"]\n"
        ));
    }
    c
}

/// 150 idle connections against a daemon limited to 64 descriptors (soft and hard,
/// like a service manager's): every channel stays up, nothing acts, and afterwards
/// `/healthz` answers.
#[test]
fn idle_connections_to_serve_never_make_the_daemon_act() {
    let dir = tempfile::tempdir().expect("tmp");
    let marker = dir.path().join("acted");
    let mut cmd = command(
        dir.path(),
        &fleet(&tcp_service(), &marker),
        &["--serve", "127.0.0.1:0"],
    );
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            let lim = libc::rlimit {
                rlim_cur: 64,
                rlim_max: 64,
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &lim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut child = cmd.spawn().expect("runs");
    let addr = common::served_addr(&mut child);
    let d = Daemon {
        child: common::Reaped(child),
        dir,
    };
    let flood: Vec<TcpStream> = (0..150)
        .filter_map(|_| TcpStream::connect(&addr).ok())
        .collect();
    assert!(flood.len() >= 100, "only {} connections", flood.len());
    std::thread::sleep(Duration::from_secs(5));
    drop(flood);
    let deadline = Instant::now() + Duration::from_secs(20);
    let (code, body) = loop {
        let r = get(&addr, "/healthz", &addr);
        if r.0 == 200 || Instant::now() > deadline {
            break r;
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    assert_eq!((code, body.as_str()), (200, "ok\n"));
    let (_, context) = get(&addr, "/context", &addr);
    assert!(!context.contains("OFFLINE"), "{context}");
    let audit = d.audit();
    assert!(!audit.contains("\"trigger\""), "{audit}");
    assert!(!marker.exists(), "an action ran");
    assert_eq!(d.stop(), Some(0));
}

/// A channel always down with a quick action: audit events keep coming, and so do the
/// log lines on stderr.
const BUSY: &str = r#"
[poll]
interval = "200ms"
down_after = 1
up_after = 1

[recovery]
auto = true
cooldown = "200ms"
backoff_max = "200ms"
max_attempts = 1000
verify_timeout = "300ms"

[[action]]
name = "noop"
command = ["true"]

[[channel]]
name = "Api"
probe = "command"
command = ["false"]
actions = ["noop"]

[[channel]]
name = "Backup"
probe = "command"
command = ["true"]
"#;

/// A pipe whose reading end is already closed: every write to it fails with EPIPE.
fn closed_pipe() -> Stdio {
    use std::os::fd::{FromRawFd, OwnedFd};
    let mut fds = [0; 2];
    // SAFETY: pipe fills two descriptors that are then owned here.
    assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
    // SAFETY: both descriptors are fresh and owned by nothing else.
    let (reader, writer) = unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };
    drop(reader);
    Stdio::from(writer)
}

/// stderr closed by its reader: the daemon keeps acting and recording, says so on
/// `/healthz`, and SIGTERM still stops it with 0.
#[test]
fn a_closed_stderr_never_stops_the_daemon() {
    let dir = tempfile::tempdir().expect("tmp");
    let addr = free_addr();
    let mut cmd = command(dir.path(), BUSY, &["--serve", &addr]);
    cmd.stderr(closed_pipe());
    let d = Daemon {
        child: common::Reaped(cmd.spawn().expect("runs")),
        dir,
    };
    let count = |d: &Daemon| d.audit().lines().count();
    let deadline = Instant::now() + Duration::from_secs(20);
    while count(&d) < 5 {
        assert!(Instant::now() < deadline, "audit: {}", d.audit());
        std::thread::sleep(Duration::from_millis(100));
    }
    let before = count(&d);
    std::thread::sleep(Duration::from_secs(2));
    assert!(count(&d) > before + 2, "the audit log stopped growing");
    let (code, body) = get(&addr, "/healthz", &addr);
    assert_eq!(code, 503, "{body}");
    assert!(body.contains("daemon fault: stderr is closed"), "{body}");
    assert_eq!(d.stop(), Some(0));
}

/// One-shot modes exit with their own code, not a panic's, when stderr is closed.
#[test]
fn a_closed_stderr_keeps_the_exit_code_of_a_one_shot() {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(dir.path().join("bad.json"), "{not json").unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_switchboard"))
        .args(["--snapshot", "--metrics-file"])
        .arg(dir.path().join("bad.json"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(closed_pipe())
        .status()
        .expect("runs");
    assert_eq!(status.code(), Some(3));
}

/// A port free a moment ago (the daemon binds it at once).
fn free_addr() -> String {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind");
    l.local_addr().unwrap().to_string()
}

/// A state dir that others may write to is refused with its own exit code, before
/// anything is opened in it.
#[test]
fn a_state_dir_others_can_write_is_refused_with_exit_77() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tmp");
    let state = dir.path().join("state");
    std::fs::create_dir(&state).unwrap();
    std::fs::set_permissions(&state, std::fs::Permissions::from_mode(0o777)).unwrap();
    let mut cmd = command(dir.path(), BUSY, &["--headless"]);
    let log = dir.path().join("stderr.log");
    cmd.stderr(std::fs::File::create(&log).expect("log"));
    let mut child = cmd.spawn().expect("runs");
    // A daemon that accepted the dir would run until stopped: give it a moment only.
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(st) = child.try_wait().expect("wait") {
            break Some(st);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.and_then(|s| s.code()), Some(77), "it started anyway");
    let err = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(err.contains("writable by group or others"), "{err}");
    assert!(!state.join("lock").exists() && !state.join("audit.jsonl").exists());
}

/// An instance on another state dir than the default says so when one holds the
/// default's lock: both would act.
#[test]
fn another_instance_on_the_default_state_dir_is_said_at_start() {
    let dir = tempfile::tempdir().expect("tmp");
    let xdg = dir.path().join("xdg");
    std::fs::write(dir.path().join("c.toml"), BUSY).expect("config");
    // The first uses the default state dir: no --state-dir.
    let mut first = Command::new(env!("CARGO_BIN_EXE_switchboard"));
    first
        .args(["--headless", "--config"])
        .arg(dir.path().join("c.toml"))
        .env("XDG_STATE_HOME", &xdg)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let first = Daemon {
        child: common::Reaped(first.spawn().expect("runs")),
        dir: tempfile::tempdir().expect("tmp"),
    };
    let lock = xdg.join("switchboard/lock");
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::fs::read_to_string(&lock)
        .unwrap_or_default()
        .trim()
        .is_empty()
    {
        assert!(Instant::now() < deadline, "the first never took its lock");
        std::thread::sleep(Duration::from_millis(50));
    }
    let mut second = command(dir.path(), BUSY, &["--headless"]);
    second.env("XDG_STATE_HOME", &xdg);
    let mut child = second.spawn().expect("runs");
    let stderr = child.stderr.take().expect("stderr");
    let second = Daemon {
        child: common::Reaped(child),
        dir: tempfile::tempdir().expect("tmp"),
    };
    let said = BufReader::new(stderr)
        .lines()
        .map_while(Result::ok)
        .take(20)
        .find(|l| l.contains("holds the lock in the default state dir"));
    let pid = first.child.id();
    assert!(
        said.is_some_and(|l| l.contains(&format!("pid {pid}"))),
        "not said"
    );
    assert_eq!(second.stop(), Some(0));
    assert_eq!(first.stop(), Some(0));
}
