//! `[prometheus]` as a fleet source against a loopback fake Prometheus: the library's
//! reading and discovery, the live poller, and `--snapshot` (exit codes, `source.error`).

mod common;

use std::io::Write;
use std::time::{Duration, Instant};

use common::fake_prom::{pairs, vector, FakeProm, LATENCY, UP};
use switchboard::config::Config;
use switchboard::domain::{Health, Status};
use switchboard::http_call::http_client;
use switchboard::source::prom_fleet::{read, Fleet, FORGET_AFTER};

fn config(text: &str) -> (tempfile::NamedTempFile, Config) {
    let mut f = tempfile::NamedTempFile::new().expect("temp");
    f.write_all(text.as_bytes()).expect("write");
    let cfg = Config::parse("fleet.toml", text).unwrap_or_else(|e| panic!("{e}"));
    (f, cfg)
}

/// `--snapshot --format json` of `text`: exit code and the JSON.
fn snapshot(text: &str) -> (i32, serde_json::Value) {
    let (file, _) = config(text);
    let out = common::switchboard()
        .args(["--snapshot", "--format", "json", "--config"])
        .arg(file.path())
        .timeout(Duration::from_secs(20))
        .output()
        .expect("ran");
    let json = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code().unwrap_or(-1), json)
}

fn channel<'a>(json: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    json["channels"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["name"] == name))
        .unwrap_or_else(|| panic!("no channel {name} in {json}"))
}

#[test]
fn snapshot_shows_one_channel_per_instance_healthy_and_offline() {
    let p = FakeProm::start();
    p.fleet(
        &pairs(&[("10.0.0.1:8000", "1"), ("10.0.0.2:8000", "0")]),
        &pairs(&[("10.0.0.1:8000", "12.5"), ("10.0.0.2:8000", "1000.2")]),
    );
    let (code, json) = snapshot(&p.config(""));
    assert_eq!(json["source"].get("error"), None, "{json}");
    assert_eq!(json["channels"].as_array().unwrap().len(), 2);
    let live = channel(&json, "10.0.0.1:8000");
    assert_eq!(live["health"], "EXCELLENT");
    assert_eq!(live["mean_latency_ms"], 12.5);
    assert_eq!(channel(&json, "10.0.0.2:8000")["health"], "OFFLINE");
    assert_eq!(code, 2, "a core channel down: CRITICAL");

    let server = common::http::TestServer::start();
    let core = format!(
        "optional = true\n\n[[channel]]\nname = \"Gateway\"\nprobe = \"http\"\nurl = \"{}\"\n",
        server.url("/ok")
    );
    let (code, json) = snapshot(&p.config(&core));
    assert_eq!(channel(&json, "10.0.0.2:8000")["optional"], true);
    assert_eq!(code, 1, "an optional channel down: WARNING");
}

#[test]
fn a_prometheus_that_cannot_be_read_is_a_source_error_and_exit_3() {
    let p = FakeProm::start();
    let good = vector(&pairs(&[("a", "1")]));
    let cases: Vec<(u16, String, &str)> = vec![
        (
            503,
            r#"{"status":"error","errorType":"unavailable","error":"TSDB not ready"}"#.into(),
            "HTTP 503 Service Unavailable: query failed: TSDB not ready",
        ),
        (404, "404 page not found".into(), "HTTP 404"),
        (
            422,
            r#"{"status":"error","errorType":"execution","error":"many-to-many matching not allowed"}"#.into(),
            "query failed: many-to-many",
        ),
        (
            200,
            r#"{"status":"error","errorType":"bad_data","error":"parse error"}"#.into(),
            "query failed: parse error",
        ),
        (200, "{\"status\":\"succ".into(), "not Prometheus's query API JSON"),
        (
            200,
            r#"{"status":"success","data":{"resultType":"matrix","result":[]}}"#.into(),
            "instant vector",
        ),
    ];
    for (status, body, says) in cases {
        p.answer(UP, 200, good.clone());
        p.answer(LATENCY, status, body.clone());
        let (code, json) = snapshot(&p.config(""));
        let e = json["source"]["error"]
            .as_str()
            .unwrap_or_else(|| panic!("{json}"));
        assert!(
            e.starts_with("latency_query: ") && e.contains(says),
            "{body}: {e}"
        );
        assert_eq!(code, 3, "{body}");
        assert_eq!(json["status"], "UNKNOWN");
        assert_eq!(
            json["channels"].as_array().unwrap().len(),
            0,
            "no channel blamed"
        );
    }
}

#[test]
fn a_down_prometheus_leaves_configured_channels_alone_and_exits_3() {
    // A port nothing listens on: bound, then closed.
    let addr = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let server = common::http::TestServer::start();
    let text = format!(
        "[prometheus]\nurl = \"http://{addr}\"\nchannel_label = \"instance\"\nup_query = 'up'\n\
         latency_query = 'lat'\n\n[[channel]]\nname = \"Gateway\"\nprobe = \"http\"\nurl = \"{}\"\n",
        server.url("/ok")
    );
    let (code, json) = snapshot(&text);
    assert_eq!(code, 3);
    let e = json["source"]["error"].as_str().unwrap();
    assert!(e.contains("refused"), "{e}");
    assert_eq!(json["channels"].as_array().unwrap().len(), 1);
    assert_eq!(channel(&json, "Gateway")["health"], "EXCELLENT");

    // The text report says it on its first line (what a monitoring plugin shows).
    let (file, _) = config(&text);
    let out = common::switchboard()
        .args(["--snapshot", "--config"])
        .arg(file.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let first = String::from_utf8_lossy(&out.stdout)
        .lines()
        .next()
        .unwrap_or("")
        .to_string();
    assert!(
        first.starts_with("UNKNOWN  source error: up_query: "),
        "{first}"
    );
}

#[test]
fn a_slow_prometheus_times_out_as_a_source_error() {
    let p = FakeProm::start();
    p.fleet(&pairs(&[("a", "1")]), &pairs(&[("a", "1")]));
    p.delay(Duration::from_secs(5));
    let start = Instant::now();
    let (code, json) = snapshot(&p.config(""));
    assert!(
        start.elapsed() < Duration::from_secs(4),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(code, 3);
    let e = json["source"]["error"].as_str().unwrap();
    assert!(e.contains("did not answer within 1s"), "{e}");
}

#[test]
fn mixed_configs_work_and_a_configured_channel_wins_a_name_clash() {
    let p = FakeProm::start();
    let server = common::http::TestServer::start();
    p.fleet(
        &pairs(&[("Gateway", "0"), ("b", "1")]),
        &pairs(&[("Gateway", "5"), ("b", "7")]),
    );
    let extra = format!(
        "\n[[channel]]\nname = \"Gateway\"\nprobe = \"http\"\nurl = \"{}\"\n",
        server.url("/ok")
    );
    let (code, json) = snapshot(&p.config(&extra));
    let names: Vec<&str> = json["channels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Gateway", "b"]);
    assert_eq!(
        channel(&json, "Gateway")["health"],
        "EXCELLENT",
        "the configured probe"
    );
    assert_eq!(code, 0);
}

#[test]
fn a_prometheus_table_is_validated() {
    let err = |t: &str| Config::parse("t.toml", t).unwrap_err().to_string();
    let base =
        "[prometheus]\nurl = \"http://127.0.0.1:9090\"\nup_query = 'up'\nlatency_query = 'x'\n";
    assert!(err(base).contains("channel_label"), "{}", err(base));
    let e = err(&format!("{base}channel_label = \"in-stance\""));
    assert!(e.contains("not a Prometheus label name"), "{e}");
    let e = err(&format!(
        "{base}channel_label = \"instance\"\ntimeout = \"10s\""
    ));
    assert!(e.contains("longer than the interval"), "{e}");
    let e = err(&format!(
        "{base}channel_label = \"instance\"\nup_query = ''"
    ));
    assert!(e.contains("up_query") || e.contains("duplicate"), "{e}");
    let e = err(&format!(
        "{base}channel_label = \"instance\"\nlabel = \"x\""
    ));
    assert!(e.contains("unknown field"), "{e}");
    let ok = Config::parse("t.toml", &format!("{base}channel_label = \"instance\"")).unwrap();
    assert!(ok.channels.is_empty(), "[prometheus] alone is a config");
    assert!(err("[poll]\ninterval = \"5s\"\n").contains("[prometheus]"));
}

#[tokio::test]
async fn series_appear_and_disappear_over_readings() {
    let p = FakeProm::start();
    let (_f, cfg) = config(&p.config(""));
    let fleet_cfg = cfg.prometheus.clone().unwrap();
    let client = http_client().unwrap();
    let settings = switchboard::poller::settings(&cfg);
    let mut m = switchboard::monitor::Monitor::new(settings, Vec::new(), Default::default());
    let mut fleet = Fleet::new(&fleet_cfg, &[], 300_000);
    let names = |m: &mut switchboard::monitor::Monitor, at: i64| -> Vec<String> {
        m.snapshot(at, None)
            .channels
            .iter()
            .map(|c| c.name().to_string())
            .collect()
    };
    p.fleet(
        &pairs(&[("a", "1"), ("b", "1")]),
        &pairs(&[("a", "1"), ("b", "2")]),
    );
    fleet.apply(&mut m, read(&client, &fleet_cfg).await, 1_000);
    assert_eq!(names(&mut m, 1_000), ["a", "b"]);
    p.fleet(
        &pairs(&[("b", "1"), ("c", "1")]),
        &pairs(&[("b", "1"), ("c", "2")]),
    );
    for k in 1..=FORGET_AFTER {
        let at = 1_000 + 1_000 * i64::from(k);
        fleet.apply(&mut m, read(&client, &fleet_cfg).await, at);
        let expected: &[&str] = if k < FORGET_AFTER {
            &["a", "b", "c"]
        } else {
            &["b", "c"]
        };
        assert_eq!(names(&mut m, at), expected, "reading {k} without a");
    }
    let s = m.snapshot(5_000, None);
    assert_eq!(
        s.channel("b").unwrap().details.samples.map(|n| n.get()),
        Some(4.0)
    );
}

/// 10,000 series of each query: one reading and its discovery, well within a poll. The
/// bound here is loose (debug build, shared CI cores); benches/live_scale.sh measures
/// the release build against the 200 ms goal.
#[tokio::test]
async fn ten_thousand_series_are_read_and_discovered_in_one_poll() {
    let p = FakeProm::start();
    let up: Vec<(String, String)> = (0..10_000)
        .map(|i| {
            (
                format!("10.{}.{}.{}:8000", i / 65536, (i / 256) % 256, i % 256),
                if i % 100 == 0 { "0" } else { "1" }.to_string(),
            )
        })
        .collect();
    let lat: Vec<(String, String)> = up
        .iter()
        .map(|(n, _)| (n.clone(), "1.5".to_string()))
        .collect();
    p.fleet(&up, &lat);
    let (_f, cfg) = config(&p.config(""));
    let fleet_cfg = cfg.prometheus.clone().unwrap();
    let client = http_client().unwrap();
    let mut m = switchboard::monitor::Monitor::new(
        switchboard::poller::settings(&cfg),
        Vec::new(),
        Default::default(),
    );
    let mut fleet = Fleet::new(&fleet_cfg, &[], 300_000);
    let start = Instant::now();
    let reading = read(&client, &fleet_cfg).await;
    fleet.apply(&mut m, reading, 1_000);
    let took = start.elapsed();
    let s = m.snapshot(1_000, None);
    assert_eq!(s.channels.len(), 10_000);
    let down = s
        .channels
        .iter()
        .filter(|c| c.details.consecutive_failures == 1)
        .count();
    assert_eq!(down, 100);
    assert!(took < Duration::from_secs(3), "{took:?}");
}

/// The live poller: discovered channels flow into its snapshots; Prometheus going down
/// is a source error in them, never an OFFLINE channel; its return clears it.
#[test]
fn the_live_poller_reads_the_fleet_and_survives_prometheus_going_away() {
    let p = FakeProm::start();
    p.fleet(
        &pairs(&[("a", "1"), ("b", "1")]),
        &pairs(&[("a", "3"), ("b", "4")]),
    );
    let text = p.config("interval = \"200ms\"\ntimeout = \"150ms\"");
    let (_f, cfg) = config(&text);
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let client = http_client().unwrap();
        let spec = switchboard::poller::PollerSpec::from_config(&cfg, &client);
        let handle = switchboard::poller::spawn(spec);
        let rx = handle.snapshots.clone();
        let wait = |mut rx: tokio::sync::watch::Receiver<
            std::sync::Arc<switchboard::snapshot::Snapshot>,
        >,
                    f: Box<dyn Fn(&switchboard::snapshot::Snapshot) -> bool>| async move {
            tokio::time::timeout(Duration::from_secs(10), async {
                loop {
                    {
                        let s = rx.borrow_and_update().clone();
                        if f(&s) {
                            return s;
                        }
                    }
                    rx.changed().await.expect("poller alive");
                }
            })
            .await
            .expect("in time")
        };
        let s = wait(
            rx.clone(),
            Box::new(|s| {
                s.channels.len() == 2
                    && s.channels
                        .iter()
                        .all(|c| c.eval.health == Health::Excellent)
            }),
        )
        .await;
        assert_eq!(s.source.error, None);
        p.delay(Duration::from_secs(1));
        let s = wait(rx.clone(), Box::new(|s| s.source.error.is_some())).await;
        assert_eq!(s.status, Status::Unknown);
        assert!(s
            .source
            .error
            .as_deref()
            .unwrap()
            .contains("did not answer within 150ms"));
        tokio::time::sleep(Duration::from_millis(1_000)).await;
        let s = rx.borrow().clone();
        assert_eq!(s.channels.len(), 2);
        assert!(
            s.channels.iter().all(|c| c.eval.health != Health::Offline),
            "{:?}",
            s.channels
        );
        p.delay(Duration::ZERO);
        p.fleet(
            &pairs(&[("a", "1"), ("b", "0")]),
            &pairs(&[("a", "3"), ("b", "4")]),
        );
        let s = wait(
            rx.clone(),
            Box::new(|s| {
                s.source.error.is_none()
                    && s.channel("b")
                        .is_some_and(|c| c.eval.health == Health::Offline)
            }),
        )
        .await;
        assert_eq!(s.routing.recommended_primary.as_deref(), Some("a"));
        drop(handle);
    });
}

/// `--check` says what the fleet source found in one row: how many channels, how many
/// failing; an unreadable Prometheus is an error (exit 3).
#[test]
fn check_reports_the_fleet_in_one_row() {
    let p = FakeProm::start();
    p.fleet(
        &pairs(&[("a", "1"), ("b", "0")]),
        &pairs(&[("a", "2"), ("b", "2")]),
    );
    let (file, _) = config(&p.config(""));
    let state = tempfile::tempdir().unwrap();
    let run = || {
        common::switchboard()
            .args(["--check", "--state-dir"])
            .arg(state.path())
            .arg("--config")
            .arg(file.path())
            .output()
            .unwrap()
    };
    let out = run();
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        text.contains("2 channels discovered, 1 failing (first: b)"),
        "{text}"
    );
    assert_eq!(out.status.code(), Some(1), "{text}");
    p.answer(UP, 500, "oops".into());
    let out = run();
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        text.contains("up_query: Prometheus answered HTTP 500"),
        "{text}"
    );
    assert_eq!(out.status.code(), Some(3), "{text}");
}

/// The console says a source error in its banner, above channels that keep their state.
#[test]
fn the_console_shows_a_source_error_banner() {
    let now = 1_764_000_000_000;
    let mut snap = common::tui::live_healthy(now);
    snap.source.error = Some("up_query: Connection refused".into());
    let mut app = common::tui::app(snap, false);
    let screen = common::tui::text(&common::tui::render(&mut app, 160, 30, now));
    assert!(
        screen.contains("✕ SOURCE ERROR: up_query: Connection refused"),
        "{screen}"
    );
}

/// Credentials in the URL travel to Prometheus, never into the error that quotes it.
#[test]
fn a_source_error_never_shows_the_urls_credentials() {
    let addr = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let text = format!(
        "[prometheus]\nurl = \"http://admin:hunter2@{addr}\"\nchannel_label = \"instance\"\n\
         up_query = 'up'\nlatency_query = 'lat'\n"
    );
    let (code, json) = snapshot(&text);
    assert_eq!(code, 3);
    let e = json["source"]["error"].as_str().unwrap();
    assert!(e.contains("cannot reach Prometheus at http://"), "{e}");
    assert!(!e.contains("hunter2"), "{e}");
}
