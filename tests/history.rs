//! History end to end on the embedded demo in virtual time, with a temp state dir: a
//! restarted console shows the last hour (events, sparklines, the detail chart); a
//! database locked by another connection or deleted while running is reported and
//! recovered from; a corrupt one is a header badge (insta) while the console runs on.

mod tui_support;

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use switchboard::config::Config;
use switchboard::history::{History, HistorySettings, Store};
use switchboard::poller::{Clock, PollerSpec};
use switchboard::recovery::{self, LogSink, RecoverySpec, Running};
use switchboard::source::probe::http_client;
use switchboard::tui::{Action, App};
use tui_support::{options, render, text};

/// 2025-11-24T16:00:00Z: the demo's Gateway outage starts 40 s in.
const START_MS: i64 = 1_764_000_000_000;

fn launch(state: &Path, start_ms: i64, seed: Option<&History>) -> Running {
    let cfg = Config::demo();
    let client = http_client().expect("client");
    let mut spec = PollerSpec::from_config(&cfg, &client);
    if let Some(h) = seed {
        spec.seed = h.sparklines();
    }
    let rspec = RecoverySpec::from_config(
        &cfg,
        spec.sims.clone(),
        client,
        Some(state.to_path_buf()),
        false,
    );
    recovery::launch_on(spec, rspec, Clock::starting_at(start_ms))
}

fn collecting() -> (LogSink, Arc<Mutex<Vec<String>>>) {
    let lines = Arc::new(Mutex::new(Vec::new()));
    let l = lines.clone();
    (Arc::new(move |s: &str| l.lock().unwrap().push(s.to_string())), lines)
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
    h.start(&running.poller.snapshots, None);
    assert!(h.writes, "the lock holder writes");
    tokio::time::sleep(Duration::from_secs(180)).await;
    until(200, "three minutes of ticks stored", || ticks(&path) >= 3 * 80).await;
    let Running { poller, recovery } = running;
    recovery.shutdown().await;
    drop(poller);

    // Second run, a minute later: before its first probe the console already has it all.
    let restart_ms = START_MS + 240_000;
    let h = History::open(HistorySettings::default(), Some(state.path()), restart_ms).unwrap();
    assert_eq!(h.status.problem(), None);
    let texts: Vec<&str> = h.seed.events.iter().map(|e| e.text.as_str()).collect();
    assert!(
        texts.iter().any(|t| t.starts_with("Gateway") && t.contains("OFFLINE")),
        "{texts:?}"
    );
    let running = launch(state.path(), restart_ms, Some(&h));
    let first = running.poller.snapshots.borrow().clone();
    let gw = first.channel("Gateway").unwrap();
    assert!(
        gw.details.recent_latency_ms.len() >= 3,
        "sparkline pre-loaded: {:?}",
        gw.details.recent_latency_ms
    );
    let mut opts = options(false);
    opts.history = Some(Arc::new(h));
    let mut app = App::new(first, opts);
    let screen = text(&render(&app, 120, 40, restart_ms));
    assert!(screen.contains("from history"), "{screen}");
    assert!(screen.contains("Gateway"), "{screen}");
    app.channels.selected = Some("Gateway".into());
    app.update(
        restart_ms,
        Action::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    );
    let screen = text(&render(&app, 120, 40, restart_ms));
    assert!(screen.contains("mean latency, last"), "time chart: {screen}");
    running.recovery.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn a_locked_database_is_reported_and_writing_resumes_when_released() {
    let state = tempfile::tempdir().unwrap();
    let path = state.path().join("history.sqlite");
    let (log, lines) = collecting();
    let mut h = History::open(HistorySettings::default(), Some(state.path()), START_MS).unwrap();
    let running = launch(state.path(), START_MS, None);
    h.start(&running.poller.snapshots, Some(log));
    until(100, "first ticks", || ticks(&path) > 0).await;
    let other = rusqlite::Connection::open(&path).unwrap();
    other.execute_batch("BEGIN EXCLUSIVE").unwrap();
    until(100, "the lock reported", || {
        h.status.problem().as_deref() == Some("database is locked")
    })
    .await;
    let rx = running.poller.snapshots.borrow().clone();
    assert!(rx.live.is_some(), "the console keeps running");
    other.execute_batch("COMMIT").unwrap();
    let before = ticks(&path);
    until(100, "writing again", || h.status.problem().is_none() && ticks(&path) > before).await;
    let lines = lines.lock().unwrap().clone();
    assert!(lines.contains(&"history off: database is locked".to_string()), "{lines:?}");
    assert!(lines.contains(&"history: writing again".to_string()), "{lines:?}");
    running.recovery.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn a_database_deleted_while_running_is_started_anew() {
    let state = tempfile::tempdir().unwrap();
    let path = state.path().join("history.sqlite");
    let (log, lines) = collecting();
    let mut h = History::open(HistorySettings::default(), Some(state.path()), START_MS).unwrap();
    let running = launch(state.path(), START_MS, None);
    h.start(&running.poller.snapshots, Some(log));
    until(100, "first ticks", || ticks(&path) > 0).await;
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
    let h = History::open(HistorySettings::default(), Some(state.path()), tui_support::NOW_MS)
        .unwrap();
    assert_eq!(h.status.problem().as_deref(), Some("database is corrupt"));
    let mut opts = options(false);
    opts.history = Some(Arc::new(h));
    let app = App::new(
        Arc::new(tui_support::live_healthy(tui_support::NOW_MS - 1_000)),
        opts,
    );
    let t = render(&app, 80, 24, tui_support::NOW_MS);
    let screen = text(&t);
    assert!(screen.contains("HISTORY OFF: database is corrupt"), "{screen}");
    insta::assert_snapshot!("history_off_80x24", screen);
}
