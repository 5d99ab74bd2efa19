//! `--serve ADDR` as a user runs it, on the embedded demo: it says where it listens, and
//! `/metrics`, `/context` and `/healthz` answer over loopback; a port in use is a clear
//! line and exit 69; SIGTERM stops it with exit 0.

mod common;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

struct Served {
    child: common::Reaped,
    addr: String,
    _dir: tempfile::TempDir,
}

fn command(dir: &std::path::Path, addr: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_switchboard"));
    c.args(["--serve", addr, "--state-dir"])
        .arg(dir.join("state"))
        .env("XDG_CONFIG_HOME", dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    c
}

/// Starts the binary on port 0 and reads the address it says it serves on.
fn serve() -> Served {
    let dir = tempfile::tempdir().expect("tmp");
    let mut child = command(dir.path(), "127.0.0.1:0").spawn().expect("runs");
    let addr = common::served_addr(&mut child);
    Served {
        child: common::Reaped(child),
        addr,
        _dir: dir,
    }
}

/// A plain HTTP/1.1 GET: status code, headers and body.
fn get(addr: &str, path: &str) -> (u16, String, String) {
    let mut s = TcpStream::connect(addr).expect("connects");
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut text = String::new();
    s.read_to_string(&mut text).expect("reads");
    let (head, body) = text.split_once("\r\n\r\n").expect("a response");
    let code = head
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (code, head.to_lowercase(), body.to_string())
}

/// Polls `path` until `done` holds (the first probe round takes a moment).
fn until(addr: &str, path: &str, done: impl Fn(u16, &str) -> bool) -> (u16, String, String) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let r = get(addr, path);
        if done(r.0, &r.2) {
            return r;
        }
        assert!(Instant::now() < deadline, "{path}: {r:?}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn metrics_context_and_healthz_answer_from_the_live_snapshot() {
    let s = serve();
    let (code, _, body) = until(&s.addr, "/healthz", |c, _| c == 200);
    assert_eq!((code, body.as_str()), (200, "ok\n"));

    let (code, head, body) = until(&s.addr, "/metrics", |_, b| b.contains("channel_up"));
    assert_eq!(code, 200);
    assert!(
        head.contains("content-type: application/openmetrics-text"),
        "{head}"
    );
    for name in ["Local", "Cloud", "Gateway"] {
        let up = format!("switchboard_channel_up{{channel=\"{name}\"}} ");
        assert!(body.lines().any(|l| l.starts_with(&up)), "{up} in\n{body}");
    }
    assert!(
        body.contains("switchboard_routing_primary{channel="),
        "{body}"
    );
    assert!(body.ends_with("# EOF\n"));

    let (code, head, body) = get(&s.addr, "/context");
    assert_eq!(code, 200);
    assert!(head.contains("content-type: application/json"), "{head}");
    let v: serde_json::Value = serde_json::from_str(&body).expect("the snapshot JSON");
    assert_eq!(v["channels"].as_array().map(Vec::len), Some(3));
    assert!(v["status"].is_string() && v["routing"]["mode"] == "monitoring");
    // The live latency model rides along: every channel says whether it is anomalous.
    let channels = v["channels"].as_array().expect("channels");
    assert!(channels.iter().all(|c| c["anomaly"].is_boolean()), "{body}");
    let (_, _, metrics) = get(&s.addr, "/metrics");
    assert!(metrics.contains("switchboard_channel_anomalous{channel=\"Local\"}"));

    let (code, _, _) = get(&s.addr, "/nope");
    assert_eq!(code, 404);
}

#[test]
fn sigterm_stops_it_with_exit_0() {
    let mut s = serve();
    until(&s.addr, "/healthz", |c, _| c == 200);
    assert_eq!(s.child.terminate(), Some(0));
}

#[test]
fn a_port_in_use_is_one_clear_line_and_exit_69() {
    let taken = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = taken.local_addr().unwrap().to_string();
    let dir = tempfile::tempdir().expect("tmp");
    let out = command(dir.path(), &addr).output().expect("runs");
    assert_eq!(out.status.code(), Some(69));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("cannot listen on {addr}")), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn serve_takes_only_live_sources() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = command(dir.path(), "127.0.0.1:0")
        .args(["--metrics-file", "x.json"])
        .output()
        .expect("runs");
    assert_ne!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--serve"));
}
