//! History end to end on the embedded demo in virtual time, with a temp state dir: a
//! restarted console shows the last hour (events, sparklines, the detail chart); a
//! database locked by another connection or deleted while running is reported and
//! recovered from; a corrupt one is a header badge (insta) while the console runs on.

mod common;

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::tui::{key, options, render, text};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use switchboard::app::{self, Running};
use switchboard::base::clock::Clock;
use switchboard::base::state_dir::LogSink;
use switchboard::config::Config;
use switchboard::config::HistorySettings;
use switchboard::history::{History, Store};
use switchboard::http_call::http_client;
use switchboard::poller::PollerSpec;
use switchboard::recovery::RecoverySpec;
use switchboard::tui::{Action, App};

/// 2025-11-24T16:00:00Z: the demo's Gateway outage starts 40 s in.
const START_MS: i64 = 1_764_000_000_000;

fn launch(state: &Path, start_ms: i64, seed: Option<&History>) -> Running {
    launch_probing(state, start_ms, seed, None).0
}

type Probes = Vec<Arc<dyn switchboard::source::probe::Probe>>;

/// `launch`, and its probes; given `probes`, the channels are those of another instance
/// (one simulated service watched by two instances, as two processes watch one real one).
fn launch_probing(
    state: &Path,
    start_ms: i64,
    seed: Option<&History>,
    probes: Option<&Probes>,
) -> (Running, Probes) {
    let cfg = Config::demo();
    let client = http_client().expect("client");
    let mut spec = PollerSpec::from_config(&cfg, &client);
    if let Some(other) = probes {
        for (ch, probe) in spec.channels.iter_mut().zip(other) {
            ch.probe = probe.clone();
        }
    }
    let mine = spec.channels.iter().map(|c| c.probe.clone()).collect();
    if let Some(h) = seed {
        // As the console and --headless do it.
        spec.seed = h.sparklines();
        spec.window_seed = h.window_results(spec.settings.window_ms, start_ms);
    }
    let rspec = RecoverySpec::from_config(
        &cfg,
        spec.sims.clone(),
        client,
        Some(state.to_path_buf()),
        false,
    );
    (
        app::launch_on(spec, rspec, Clock::starting_at(start_ms)),
        mine,
    )
}

fn collecting() -> (LogSink, Arc<Mutex<Vec<String>>>) {
    let lines = Arc::new(Mutex::new(Vec::new()));
    let l = lines.clone();
    (
        Arc::new(move |s: &str| l.lock().unwrap().push(s.to_string())),
        lines,
    )
}

/// Lets virtual time run in steps of one probe interval until `done` holds, giving the
/// writer thread (real time) a moment after each step; panics after `steps`.
async fn until(steps: usize, what: &str, mut done: impl FnMut() -> bool) {
    for _ in 0..steps {
        if done() {
            return;
        }
        tokio::time::sleep(Duration::from_secs(2)).await;
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("gave up waiting: {what}");
}

/// The time of the newest stored tick, 0 while there is none.
fn last_stored_ms(path: &Path) -> i64 {
    Store::open_read_only(path)
        .ok()
        .and_then(|s| s.last_tick_ms().ok().flatten())
        .unwrap_or(0)
}

fn ticks(path: &Path) -> i64 {
    let Ok(s) = Store::open_read_only(path) else {
        return 0;
    };
    s.summary(0, i64::MAX)
        .map(|v| v.iter().map(|c| c.ticks).sum())
        .unwrap_or(0)
}

#[tokio::test(start_paused = true)]
async fn a_restarted_console_shows_the_last_hour_at_once() {
    let state = tempfile::tempdir().unwrap();
    let path = state.path().join("history.sqlite");
    // First run: three minutes, through the Gateway's first outage and its recovery.
    let mut h = History::open(HistorySettings::default(), Some(state.path()), START_MS).unwrap();
    let running = launch(state.path(), START_MS, None);
    let _writer = h.start(&running.snapshots, None);
    assert!(h.writes, "the lock holder writes");
    tokio::time::sleep(Duration::from_secs(180)).await;
    until(200, "three minutes of ticks stored", || {
        ticks(&path) >= 3 * 80
    })
    .await;
    let Running {
        poller, recovery, ..
    } = running;
    recovery.shutdown().await;
    drop(poller);

    // Second run, a minute later: before its first probe the console already has it all.
    let restart_ms = START_MS + 240_000;
    let h = History::open(HistorySettings::default(), Some(state.path()), restart_ms).unwrap();
    assert_eq!(h.status.problem(), None);
    let texts: Vec<String> = h.seed.events.iter().map(|e| e.text()).collect();
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("Gateway") && t.contains("OFFLINE")),
        "{texts:?}"
    );
    let running = launch(state.path(), restart_ms, Some(&h));
    let first = running.snapshots.borrow().clone();
    let gw = first.channel("Gateway").unwrap();
    assert!(
        gw.details.recent_latency_ms.len() >= 3,
        "sparkline pre-loaded: {:?}",
        gw.details.recent_latency_ms
    );
    let mut opts = options(false);
    opts.history = Some(Arc::new(h));
    let mut app = App::new(first, opts);
    let screen = text(&render(&mut app, 120, 40, restart_ms));
    assert!(screen.contains("from history"), "{screen}");
    assert!(screen.contains("Gateway"), "{screen}");
    app.channels.selected = Some("Gateway".into());
    app.update(
        restart_ms,
        Action::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    );
    let screen = text(&render(&mut app, 120, 40, restart_ms));
    assert!(
        screen.contains("mean latency, last"),
        "time chart: {screen}"
    );
    running.recovery.shutdown().await;
}

/// A second instance started on the state dir of a running one just after an outage
/// judges the same window (pre-loaded from history), so both say the same: not
/// EXCELLENT on one and POOR on the other.
#[tokio::test(start_paused = true)]
async fn a_second_instance_judges_the_same_window_as_the_first() {
    let state = tempfile::tempdir().unwrap();
    let path = state.path().join("history.sqlite");
    let mut h = History::open(HistorySettings::default(), Some(state.path()), START_MS).unwrap();
    let (first, probes) = launch_probing(state.path(), START_MS, None, None);
    let _writer = h.start(&first.snapshots, None);
    let gateway = |r: &Running| {
        let s = r.snapshots.borrow().clone();
        let c = s.channel("Gateway").cloned().expect("Gateway");
        (c.eval.health, c.details.recovering)
    };
    let mut was_down = false;
    until(400, "the Gateway back from its outage", || {
        let (health, recovering) = gateway(&first);
        was_down |= health == switchboard::domain::Health::Offline;
        was_down && recovering
    })
    .await;
    let seen_ms = first.snapshots.borrow().live.as_ref().unwrap().at_ms;
    // The rounds of the outage are stored (the writer flushes every ten seconds of
    // snapshot time, and its thread writes in real time, so under load it lags: wait for
    // the round that showed the recovery, not merely for some row).
    tokio::time::sleep(Duration::from_secs(12)).await;
    until(200, "the outage stored", || {
        last_stored_ms(&path) >= seen_ms
    })
    .await;
    let (health, recovering) = gateway(&first);
    assert!(!health.is_healthy() && recovering, "{health:?}");
    let now_ms = first.snapshots.borrow().live.as_ref().unwrap().at_ms;
    let h2 = History::open(HistorySettings::default(), Some(state.path()), now_ms).unwrap();
    let (second, _) = launch_probing(state.path(), now_ms, Some(&h2), Some(&probes));
    let mut rx = second.snapshots.clone();
    while rx.borrow().live.as_ref().is_none_or(|l| l.rounds < 3) {
        rx.changed().await.unwrap();
    }
    let (_, recovering2) = gateway(&second);
    let avail = |r: &Running| {
        let s = r.snapshots.borrow().clone();
        s.channel("Gateway")
            .expect("Gateway")
            .eval
            .input
            .availability
            .get()
    };
    let (a1, a2) = (avail(&first), avail(&second));
    // Rounds rebuilt from history stand for probes, so the two windows agree closely,
    // not to the probe (the writer flushes every ten seconds, and each instance probes on
    // its own phases): within one probe of a ~15-probe window. A fresh window would say
    // 100 % here.
    let (health2, _) = gateway(&second);
    assert!(
        recovering2,
        "the second sees the outage it did not watch: {health2:?}, rounds {:?}, first {:?}",
        second.snapshots.borrow().live.as_ref().map(|l| l.rounds),
        gateway(&first)
    );
    assert!((a1 - a2).abs() <= 7.5, "first {a1} %, second {a2} %");
    assert!(a2 < 99.0, "the outage is in the second's window: {a2} %");
    second.recovery.shutdown().await;
    first.recovery.shutdown().await;
}

fn temp_state() -> (tempfile::TempDir, std::path::PathBuf) {
    let state = tempfile::tempdir().unwrap();
    let path = state.path().join("history.sqlite");
    (state, path)
}

/// The demo running with history on `state`, once its first ticks are stored; the
/// history log's lines are collected.
async fn writing(
    state: &Path,
) -> (
    History,
    Running,
    Arc<Mutex<Vec<String>>>,
    Option<switchboard::history::Flusher>,
) {
    let (log, lines) = collecting();
    let mut h = History::open(HistorySettings::default(), Some(state), START_MS).unwrap();
    let running = launch(state, START_MS, None);
    let writer = h.start(&running.snapshots, Some(log));
    let path = state.join("history.sqlite");
    until(100, "first ticks", || ticks(&path) > 0).await;
    (h, running, lines, writer)
}

#[tokio::test(start_paused = true)]
async fn a_locked_database_is_reported_and_writing_resumes_when_released() {
    let (state, path) = temp_state();
    let (h, running, lines, _writer) = writing(state.path()).await;
    let other = rusqlite::Connection::open(&path).unwrap();
    other.execute_batch("BEGIN EXCLUSIVE").unwrap();
    until(100, "the lock reported", || {
        h.status.problem().as_deref() == Some("database is locked")
    })
    .await;
    let rx = running.snapshots.borrow().clone();
    assert!(rx.live.is_some(), "the console keeps running");
    other.execute_batch("COMMIT").unwrap();
    let before = ticks(&path);
    until(100, "writing again", || {
        h.status.problem().is_none() && ticks(&path) > before
    })
    .await;
    let lines = lines.lock().unwrap().clone();
    assert!(
        lines.contains(&"history off: database is locked".to_string()),
        "{lines:?}"
    );
    assert!(
        lines.contains(&"history: writing again".to_string()),
        "{lines:?}"
    );
    running.recovery.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn a_database_deleted_while_running_is_started_anew() {
    let (state, path) = temp_state();
    let (h, running, lines, _writer) = writing(state.path()).await;
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    until(100, "a new file with ticks", || ticks(&path) > 0).await;
    assert_eq!(h.status.problem(), None);
    let lines = lines.lock().unwrap().clone();
    assert!(lines.iter().any(|l| l.contains("was deleted")), "{lines:?}");
    assert_eq!(
        Store::open_read_only(&path).unwrap().integrity().unwrap(),
        "ok"
    );
    assert!(
        state.path().join("audit.jsonl").exists(),
        "the audit log is another file, untouched"
    );
    running.recovery.shutdown().await;
}

#[test]
fn a_corrupt_database_is_a_header_badge_and_the_console_runs_on() {
    let state = tempfile::tempdir().unwrap();
    std::fs::write(state.path().join("history.sqlite"), vec![0x42; 4096]).unwrap();
    let h = History::open(
        HistorySettings::default(),
        Some(state.path()),
        common::tui::NOW_MS,
    )
    .unwrap();
    assert_eq!(h.status.problem().as_deref(), Some("database is corrupt"));
    let mut opts = options(false);
    opts.history = Some(Arc::new(h));
    let mut app = App::new(
        Arc::new(common::tui::live_healthy(common::tui::NOW_MS - 1_000)),
        opts,
    );
    let t = render(&mut app, 80, 24, common::tui::NOW_MS);
    let screen = text(&t);
    assert!(
        screen.contains("HISTORY OFF: database is corrupt"),
        "{screen}"
    );
    insta::assert_snapshot!("history_off_80x24", screen);
}

/// An hour of two channels with known numbers: Gateway OFFLINE for 10 minutes once,
/// Local steady at 40 ms; then a day-old hour for 24-hour answers.
fn known_history(dir: &Path, now_ms: i64) -> std::path::PathBuf {
    use switchboard::domain::Health;
    use switchboard::history::tick::{ChannelTick, Tick, Transition};
    let path = dir.join("history.sqlite");
    let mut store = Store::open(&path).unwrap();
    let row = |ch: &str, health, mean| ChannelTick {
        channel: ch.into(),
        health,
        availability: if health == Health::Offline {
            0.0
        } else {
            100.0
        },
        mean_ms: mean,
        p95_ms: mean.map(|m| m * 1.5),
        span_ms: 5_000,
        last_error: None,
    };
    let mut ticks = Vec::new();
    for i in 0..720 {
        let at_ms = now_ms - 3_600_000 + i * 5_000;
        let down = (120..240).contains(&i);
        let mut t = Tick {
            at_ms,
            channels: vec![
                row("Local", Health::Excellent, Some(40.0)),
                if down {
                    row("Gateway", Health::Offline, None)
                } else {
                    row("Gateway", Health::Good, Some(150.0))
                },
            ],
            ..Tick::default()
        };
        if i == 120 || i == 240 {
            t.transitions.push(Transition {
                channel: "Gateway".into(),
                from: Some(if down { Health::Good } else { Health::Offline }),
                to: if down { Health::Offline } else { Health::Good },
                error: down.then(|| "connection refused".into()),
            });
        }
        ticks.push(t);
    }
    store.write(&ticks).unwrap();
    path
}

#[test]
fn chatops_trend_answers_from_history_with_numbers() {
    use switchboard::chatops::{reply, Engine, ReplyContext};
    use switchboard::domain::Policy;
    let dir = tempfile::tempdir().unwrap();
    let now = common::tui::NOW_MS;
    let path = known_history(dir.path(), now);
    let snap = common::tui::live_healthy(now);
    let names: Vec<&str> = snap.channels.iter().map(|c| c.name()).collect();
    let engine = Engine::with_channels(&names);
    let ctx = ReplyContext {
        history: Some(path),
        ..ReplyContext::say(false, false, Policy::default())
    };
    let ask = |q: &str| {
        let c = engine.classify(q);
        assert_eq!(c.intent.id(), "trend", "{q}");
        reply(&c, &snap, &ctx).text
    };
    let ko = ask("지난 1시간");
    assert!(ko.contains("지난 1h (기록에서)"), "{ko}");
    let gw = ko
        .lines()
        .find(|l| l.trim_start().starts_with("Gateway"))
        .unwrap();
    // 120 of 720 ticks OFFLINE: 83.3 % up, 10 minutes down, one incident; p95 150 × 1.5.
    for part in ["83.3%", "150 ms", "225 ms", " 1 ", "10m"] {
        assert!(gw.contains(part), "{part:?} in {gw:?}");
    }
    let en = ask("what happened overnight");
    assert!(
        en.contains("last 1h (from history)") && en.contains("last 24h"),
        "{en}"
    );
    let local = ask("latency trend for Local in the last 30 minutes");
    assert!(
        local.contains("last 30m") && !local.contains("Gateway"),
        "{local}"
    );
    assert!(local.contains("40 ms"), "{local}");
    // Without history the window answers, as before.
    let plain = reply(
        &engine.classify("trend"),
        &snap,
        &ReplyContext::say(false, false, Policy::default()),
    )
    .text;
    assert!(!plain.contains("from history"), "{plain}");
}

#[test]
fn export_json_adds_history_summaries_to_the_original_shape() {
    let state = tempfile::tempdir().unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    known_history(state.path(), now);
    let cfg = state.path().join("c.toml");
    std::fs::write(
        &cfg,
        "[[channel]]\nname = \"Gateway\"\nprobe = \"tcp\"\naddress = \"127.0.0.1:1\"\ntimeout = \"200ms\"\n",
    )
    .unwrap();
    let out = state.path().join("ctx.json");
    let mut cmd = assert_cmd::Command::cargo_bin("switchboard").unwrap();
    cmd.env("NO_COLOR", "1")
        .args(["--config"])
        .arg(&cfg)
        .arg("--state-dir")
        .arg(state.path())
        .arg("--export-json")
        .arg(&out)
        .assert()
        .success();
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    for key in ["timestamp", "status", "channels", "routing", "recovery"] {
        assert!(doc.get(key).is_some(), "{key} kept");
    }
    let gw = &doc["history"]["last_hour"]["Gateway"];
    assert_eq!(gw["incidents"], 1, "{doc:#}");
    assert_eq!(gw["downtime_s"], 600);
    assert_eq!(gw["p95_latency_ms"], 225.0);
    assert!(doc["history"]["last_24h"]["Local"].is_object());
}

/// A console on a healthy live snapshot at `now`, with the known history in `state`.
fn console_with_history(state: &Path, now: i64) -> App {
    known_history(state, now);
    let h = History::open(HistorySettings::default(), Some(state), now).unwrap();
    let mut opts = options(false);
    opts.history = Some(Arc::new(h));
    App::new(Arc::new(common::tui::live_healthy(now)), opts)
}

/// The console asks history for a period's trend on a worker, not on its own thread:
/// the question leaves as work, and the answer arrives as an action.
#[test]
fn the_console_reads_a_trend_from_history_off_its_thread() {
    use switchboard::tui::app::Effect;
    use switchboard::tui::work::Job;
    let state = tempfile::tempdir().unwrap();
    let now = common::tui::NOW_MS;
    let mut app = console_with_history(state.path(), now);
    key(&mut app, KeyCode::Char(':'));
    for c in "what happened overnight".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    key(&mut app, KeyCode::Enter);
    let mut effects = app.take_effects();
    let Some(Effect::Work(job @ Job::Answer(_))) = effects.pop() else {
        panic!("no work for a worker: {effects:?}");
    };
    let before = app.chat.lines.len();
    app.update(now, Action::Done(job.run()));
    let answer: Vec<&str> = app.chat.lines[before..]
        .iter()
        .map(|l| l.text.as_str())
        .collect();
    assert!(
        answer.iter().any(|l| l.contains("last 1h (from history)")),
        "{answer:?}"
    );
}

#[test]
fn the_detail_view_charts_the_last_hour_against_clock_time() {
    let state = tempfile::tempdir().unwrap();
    let now = common::tui::NOW_MS;
    let mut app = console_with_history(state.path(), now);
    app.channels.selected = Some("Gateway".into());
    app.update(
        now,
        Action::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    );
    let screen = text(&render(&mut app, 120, 40, now));
    assert!(screen.contains("mean latency, last 60 min"), "{screen}");
    insta::assert_snapshot!("detail_history_120x40", screen);
}

/// `--export-html` from a live config with a history database charts the last hour
/// from history (one point a minute), not just the probe window.
#[test]
fn the_exported_dashboard_charts_the_last_hour_from_history() {
    use switchboard::domain::Health;
    use switchboard::history::tick::{ChannelTick, Tick};
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state");
    std::fs::create_dir_all(&state).unwrap();
    let now = Clock::new().now_ms();
    let mut store = Store::open(&state.join("history.sqlite")).unwrap();
    let ticks: Vec<Tick> = (1..=40)
        .map(|i| Tick {
            at_ms: now - (41 - i) * 60_000,
            channels: vec![ChannelTick {
                channel: "Worker".into(),
                health: Health::Good,
                availability: 100.0,
                mean_ms: Some(100.0 + i as f64),
                p95_ms: Some(150.0),
                span_ms: 60_000,
                last_error: None,
            }],
            ..Tick::default()
        })
        .collect();
    store.write(&ticks).unwrap();
    drop(store);
    let cfg = dir.path().join("c.toml");
    std::fs::write(
        &cfg,
        "[[channel]]\nname = \"Worker\"\nprobe = \"command\"\ncommand = [\"true\"]\n",
    )
    .unwrap();
    let out = dir.path().join("d.html");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_switchboard"))
        .args(["--export-html"])
        .arg(&out)
        .arg("--config")
        .arg(&cfg)
        .arg("--state-dir")
        .arg(&state)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0), "{run:?}");
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains("the last hour from history"), "{html}");
}
