//! The console's event loop, driven by injected terminal events and a paused tokio clock:
//! typing a ChatOps question shows the answer, `q` quits, a new snapshot redraws the table
//! without any key, y/N confirmation gates commands, and an idle console does not redraw.

mod common;

use std::io;
use std::sync::Arc;
use std::time::Duration;

use common::tui::*;
use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use futures_util::stream;
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use switchboard::base::clock::Clock;
use switchboard::poller::PollerCommand;
use switchboard::recovery::RecoveryCommand;
use switchboard::snapshot::Snapshot;
use switchboard::tui::runner::{run, Feed};
use switchboard::tui::work::Worker;
use switchboard::tui::App;
use tokio::sync::{mpsc, oneshot, watch};

/// A console running on a test terminal, fed by channels the test holds.
struct Harness {
    keys: mpsc::UnboundedSender<io::Result<Event>>,
    snaps: watch::Sender<Arc<Snapshot>>,
    commands: mpsc::Receiver<PollerCommand>,
    stop: Option<oneshot::Sender<()>>,
    done: tokio::task::JoinHandle<(Result<(), String>, Terminal<TestBackend>, App)>,
}

fn start(first: Snapshot, w: u16, h: u16) -> Harness {
    start_app(app(first, true), w, h)
}

fn start_app(app: App, w: u16, h: u16) -> Harness {
    start_with(app, w, h, None)
}

fn start_with(
    app: App,
    w: u16,
    h: u16,
    recovery: Option<mpsc::Sender<RecoveryCommand>>,
) -> Harness {
    start_working(app, w, h, recovery, Worker::default())
}

fn start_working(
    mut app: App,
    w: u16,
    h: u16,
    recovery: Option<mpsc::Sender<RecoveryCommand>>,
    worker: Worker,
) -> Harness {
    let (keys, mut key_rx) = mpsc::unbounded_channel();
    let (snaps, snap_rx) = watch::channel(app.snap.clone());
    let (cmd_tx, commands) = mpsc::channel(16);
    let (stop, stop_rx) = oneshot::channel::<()>();
    let done = tokio::spawn(async move {
        let mut term = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
        let events = stream::poll_fn(move |cx| key_rx.poll_recv(cx));
        let feed = Feed {
            snapshots: snap_rx,
            status: None,
            commands: cmd_tx,
            recovery,
            routes: None,
            worker,
            link: None,
        };
        let shutdown = async {
            let _ = stop_rx.await;
        };
        let r = run(
            &mut term,
            &mut app,
            events,
            feed,
            Clock::starting_at(NOW_MS),
            shutdown,
        )
        .await;
        (r, term, app)
    });
    Harness {
        keys,
        snaps,
        commands,
        stop: Some(stop),
        done,
    }
}

impl Harness {
    fn key(&self, code: KeyCode) {
        let e = Event::Key(KeyEvent::new(code, KeyModifiers::NONE));
        self.keys.send(Ok(e)).expect("console is listening");
    }

    fn type_text(&self, text: &str) {
        for c in text.chars() {
            self.key(KeyCode::Char(c));
        }
    }

    /// Lets the console handle what was sent (the paused clock advances only when idle).
    async fn settle(&self) {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    /// Stops the console (as SIGTERM would) and hands back what it drew.
    async fn stop(mut self) -> (Terminal<TestBackend>, App, mpsc::Receiver<PollerCommand>) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        self.finish().await
    }

    async fn finish(self) -> (Terminal<TestBackend>, App, mpsc::Receiver<PollerCommand>) {
        let (r, term, app) = tokio::time::timeout(Duration::from_secs(5), self.done)
            .await
            .expect("console ends")
            .expect("console task");
        r.expect("console ran without error");
        (term, app, self.commands)
    }
}

#[tokio::test(start_paused = true)]
async fn typing_a_chatops_question_shows_the_answer() {
    let h = start(live_healthy(NOW_MS), 120, 40);
    h.type_text("오케스트레이션 상태");
    h.key(KeyCode::Enter);
    h.settle().await;
    let (term, _, _) = h.stop().await;
    let s = text(&term);
    assert!(s.contains("› 오케스트레이션 상태"), "{s}");
    assert!(
        s.contains("주 채널 Local"),
        "the reply names the primary:\n{s}"
    );
}

/// A paste, or keys sent faster than a frame, arrive as a burst: every key of it is
/// typed, however long (the 65th was once dropped at the end of a burst of 64).
#[tokio::test(start_paused = true)]
async fn a_long_burst_of_keys_loses_none() {
    let h = start(live_healthy(NOW_MS), 200, 40);
    h.key(KeyCode::Char(':'));
    let typed: String = (0..150)
        .map(|i| char::from(b'a' + (i % 26) as u8))
        .collect();
    h.type_text(&typed);
    h.key(KeyCode::Enter);
    h.settle().await;
    let (term, _, _) = h.stop().await;
    let s = text(&term);
    let shown = &typed[..100];
    assert!(s.contains(shown), "the first 100 keys, in order:\n{s}");
}

#[tokio::test(start_paused = true)]
async fn q_quits() {
    let h = start(live_healthy(NOW_MS), 80, 24);
    h.key(KeyCode::Char('q'));
    let (_, app, mut commands) = h.finish().await;
    assert!(app.quit);
    assert!(
        commands.try_recv().is_err(),
        "quitting sends nothing to the poller"
    );
}

#[tokio::test(start_paused = true)]
async fn a_new_snapshot_redraws_the_table_without_a_key() {
    let h = start(live_healthy(NOW_MS), 120, 40);
    h.settle().await;
    h.snaps
        .send_replace(Arc::new(live_gateway_down(NOW_MS + 10, 12)));
    h.settle().await;
    let (term, app, _) = h.stop().await;
    let s = text(&term);
    assert!(s.contains("✕ OFFLINE"), "{s}");
    assert!(s.contains("NEEDED"), "{s}");
    assert!(app.frames >= 2, "first frame, then the snapshot's");
}

#[tokio::test(start_paused = true)]
async fn snapshots_faster_than_a_second_are_drawn_once_a_second_newest_first() {
    let h = start(live_healthy(NOW_MS), 120, 40);
    h.settle().await;
    // Ten snapshots a second for three seconds, as a jittered fleet publishes them.
    for i in 1..=30 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let s = if i == 30 {
            live_gateway_down(NOW_MS + i * 100, 12)
        } else {
            live_healthy(NOW_MS + i * 100)
        };
        h.snaps.send_replace(Arc::new(s));
    }
    // The newest state is on screen within a second of arriving.
    tokio::time::sleep(Duration::from_millis(1_000)).await;
    h.key(KeyCode::Char('x'));
    h.settle().await;
    let (term, app, _) = h.stop().await;
    assert!(text(&term).contains("✕ OFFLINE"), "{}", text(&term));
    // The first frame, the first snapshot at once, then one a second (plus the key's).
    assert!(
        (4..=7).contains(&app.frames),
        "{} frames for 30 snapshots in 3 s",
        app.frames
    );
}

#[tokio::test(start_paused = true)]
async fn commands_wait_for_y_and_go_to_the_poller() {
    let h = start(live_healthy(NOW_MS), 120, 40);
    h.key(KeyCode::Char(':'));
    h.type_text("pause");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('n'));
    h.settle().await;
    h.key(KeyCode::Char(':'));
    h.type_text("일시정지");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('y'));
    h.type_text("monitoring off");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('y'));
    h.type_text("run recovery");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('y'));
    h.settle().await;
    let (term, _, mut commands) = h.stop().await;
    assert_eq!(
        commands.try_recv().ok(),
        Some(PollerCommand::Pause),
        "only after y"
    );
    assert_eq!(
        commands.try_recv().ok(),
        Some(PollerCommand::SetMode(
            switchboard::domain::RoutingMode::Static
        ))
    );
    assert!(
        commands.try_recv().is_err(),
        "recovery has no executor: nothing sent"
    );
    let s = text(&term);
    assert!(s.contains("cancelled"), "{s}");
    assert!(
        s.contains("not run: this source has no recovery executor"),
        "{s}"
    );
}

#[tokio::test(start_paused = true)]
async fn keys_refresh_pause_and_sort() {
    let h = start(live_healthy(NOW_MS), 120, 40);
    h.key(KeyCode::Char('r'));
    h.key(KeyCode::Char('p'));
    // Problems first (the default) → routing order → by name.
    h.key(KeyCode::Char('s'));
    h.key(KeyCode::Char('s'));
    h.settle().await;
    let (term, app, mut commands) = h.stop().await;
    assert_eq!(commands.try_recv().ok(), Some(PollerCommand::Refresh));
    assert_eq!(commands.try_recv().ok(), Some(PollerCommand::Pause));
    assert_eq!(app.channels.sort, switchboard::tui::channels::Sort::Name);
    assert!(text(&term).contains("by name"));
}

#[tokio::test(start_paused = true)]
async fn read_only_refuses_pause() {
    let mut opts = options(true);
    opts.read_only = true;
    let a = App::new(Arc::new(live_healthy(NOW_MS)), opts);
    let h = start_app(a, 120, 40);
    h.key(KeyCode::Char('p'));
    h.type_text("/pause");
    h.key(KeyCode::Enter);
    h.settle().await;
    let (term, _, mut commands) = h.stop().await;
    assert!(commands.try_recv().is_err());
    assert!(text(&term).contains("refused"));
}

#[tokio::test(start_paused = true)]
async fn idle_console_does_not_redraw_without_a_visible_timer() {
    // A file snapshot with no modification time: nothing on screen counts time.
    let h = start(file_snapshot(&healthy_file()), 120, 40);
    tokio::time::sleep(Duration::from_secs(600)).await;
    let (_, app, _) = h.stop().await;
    assert_eq!(app.frames, 1, "ten idle minutes, one frame");
}

#[tokio::test(start_paused = true)]
async fn the_age_ticks_at_most_once_a_second_then_once_a_minute() {
    let h = start(live_healthy(NOW_MS), 120, 40);
    tokio::time::sleep(Duration::from_secs(660)).await;
    let (term, app, _) = h.stop().await;
    // 60 one-second ticks, then 10 one-minute ticks (plus the first frame).
    assert!(app.frames <= 75, "{} frames in 11 minutes", app.frames);
    assert!(
        text(&term).contains("STALE"),
        "no data for 11 minutes is stale"
    );
}

#[tokio::test(start_paused = true)]
async fn mouse_click_selects_a_row_and_wheel_moves() {
    let h = start(live_healthy(NOW_MS), 120, 40);
    h.settle().await;
    // Rows start below the border (y 2) and the header row (y 3): y 6 is the third row.
    let click = MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: 10,
        row: 6,
        modifiers: KeyModifiers::NONE,
    };
    h.keys.send(Ok(Event::Mouse(click))).expect("listening");
    let wheel_up = MouseEvent {
        kind: MouseEventKind::ScrollUp,
        ..click
    };
    h.settle().await;
    h.keys.send(Ok(Event::Mouse(wheel_up))).expect("listening");
    h.settle().await;
    let (_, app, _) = h.stop().await;
    let second = {
        let order = app.channels.order(&app.snap);
        app.snap.channels[order[1]].name().to_string()
    };
    // Clicked the third row, then the wheel moved the selection up by one.
    assert_eq!(app.channels.selected.as_deref(), Some(second.as_str()));
}

#[tokio::test(start_paused = true)]
async fn a_broken_file_rewrite_keeps_the_data_and_shows_the_error() {
    use switchboard::source::follow::FeedStatus;
    let snap = file_snapshot(&healthy_file());
    let mut app = app(snap.clone(), true);
    app.feed.updated_ms = Some(NOW_MS - 1_000);
    let (_keys, mut key_rx) = mpsc::unbounded_channel::<io::Result<Event>>();
    let (_snaps, snap_rx) = watch::channel(Arc::new(snap));
    let (status_tx, status_rx) = watch::channel(app.feed.clone());
    let (cmd_tx, _cmd_rx) = mpsc::channel(4);
    let (stop, stop_rx) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let mut term = Terminal::new(TestBackend::new(120, 40)).expect("test terminal");
        let feed = Feed {
            snapshots: snap_rx,
            status: Some(status_rx),
            commands: cmd_tx,
            recovery: None,
            routes: None,
            worker: Worker::default(),
            link: None,
        };
        let events = stream::poll_fn(move |cx| key_rx.poll_recv(cx));
        let shutdown = async {
            let _ = stop_rx.await;
        };
        let r = run(
            &mut term,
            &mut app,
            events,
            feed,
            Clock::starting_at(NOW_MS),
            shutdown,
        )
        .await;
        (r, term)
    });
    tokio::time::sleep(Duration::from_millis(20)).await;
    status_tx.send_replace(FeedStatus {
        error: Some("metrics.json:3:1: unexpected end of file; is the file truncated?".into()),
        paused: false,
        updated_ms: Some(NOW_MS - 1_000),
        remote: None,
    });
    tokio::time::sleep(Duration::from_millis(20)).await;
    let _ = stop.send(());
    let (r, term) = task.await.expect("console task");
    r.expect("ran");
    let s = text(&term);
    assert!(
        s.contains("FILE ERROR: metrics.json:3:1: unexpected end of file"),
        "{s}"
    );
    assert!(
        s.contains("Local") && s.contains("EXCELLENT"),
        "last good data stays:\n{s}"
    );
    assert!(s.contains("file error:"), "and it is an event:\n{s}");
}

#[tokio::test(start_paused = true)]
async fn the_terminal_cursor_follows_the_prompt_for_input_methods() {
    let h = start(live_healthy(NOW_MS), 120, 40);
    h.type_text("상태ab");
    h.settle().await;
    let (mut term, _, _) = h.stop().await;
    let s = text(&term);
    let row = s
        .lines()
        .position(|l| l.contains("› 상태ab"))
        .expect("prompt shown") as u16;
    // Border, "› ", then two wide Hangul syllables and two letters.
    let at = term.get_cursor_position().expect("cursor position");
    assert_eq!((at.x, at.y), (1 + 2 + 4 + 2, row));
}

/// Gateway down and escalated, auto-recovery off: what `a` and `x` act on.
fn gateway_escalated() -> switchboard::snapshot::Snapshot {
    use switchboard::domain::guard::RecoveryState;
    use switchboard::snapshot::{ChannelRecovery, ExecutorView};
    let mut snap = live_gateway_down(NOW_MS - 1_000, 4);
    snap.executor = Some(Arc::new(ExecutorView {
        auto: false,
        channels: vec![ChannelRecovery {
            name: "Gateway".into(),
            state: RecoveryState::Escalated,
            actions: vec!["restart_gateway".into()],
            failures: 3,
            running: None,
            next_allowed_ms: None,
            escalated_since_ms: Some(NOW_MS - 5_000),
        }],
        ..ExecutorView::default()
    }));
    snap
}

#[tokio::test(start_paused = true)]
async fn a_and_x_reach_the_executor_only_after_y() {
    let snap = gateway_escalated();
    let (tx, mut rx) = mpsc::channel(8);
    let h = start_with(app(snap, true), 120, 40, Some(tx));
    h.key(KeyCode::Char('a'));
    h.settle().await;
    assert!(rx.try_recv().is_err(), "nothing before y");
    h.key(KeyCode::Char('y'));
    h.key(KeyCode::Char('x'));
    h.key(KeyCode::Char('n'));
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('x'));
    h.key(KeyCode::Char('y'));
    h.settle().await;
    let (term, _, _) = h.stop().await;
    match rx.try_recv() {
        Ok(RecoveryCommand::SetAuto {
            on: true,
            by: "console",
        }) => {}
        other => panic!("expected auto on, got {other:?}"),
    }
    match rx.try_recv() {
        Ok(RecoveryCommand::Reset {
            channel,
            by: "console",
            ..
        }) => {
            assert_eq!(channel.as_deref(), Some("Gateway"));
        }
        other => panic!("expected a reset of Gateway, got {other:?}"),
    }
    assert!(rx.try_recv().is_err(), "the cancelled reset was not sent");
    let s = text(&term);
    assert!(
        s.contains("reset recovery of Gateway"),
        "the question names it: {s}"
    );
}

/// `P` offers the next policy the config describes and sends it to the executor (which
/// audits it) only after `y`; the executor's answer comes back as a note.
#[tokio::test(start_paused = true)]
async fn p_switches_the_routing_policy_only_after_y() {
    let mut snap = gateway_escalated();
    snap.routing.policies = vec!["health", "balanced", "ceiling"];
    let (tx, mut rx) = mpsc::channel(8);
    let h = start_with(app(snap, true), 120, 40, Some(tx));
    h.key(KeyCode::Char('P'));
    h.settle().await;
    assert!(rx.try_recv().is_err(), "nothing before y");
    h.key(KeyCode::Char('y'));
    h.settle().await;
    let cmd = rx.try_recv();
    let Ok(RecoveryCommand::SetPolicy {
        name,
        by: "console",
        reply: Some(reply),
    }) = cmd
    else {
        panic!("expected a policy switch with a reply, got {cmd:?}");
    };
    assert_eq!(name, "balanced");
    reply
        .send(Ok("routing policy health → balanced".into()))
        .expect("the console waits for the answer");
    h.settle().await;
    let (term, _, _) = h.stop().await;
    let s = text(&term);
    assert!(s.contains("health → balanced"), "asked, then answered: {s}");
}

/// Without policies to switch to (a metrics file, no `[routing]`), `P` says so and
/// sends nothing.
#[tokio::test(start_paused = true)]
async fn p_without_configured_policies_says_so() {
    let (tx, mut rx) = mpsc::channel(8);
    let h = start_with(app(gateway_escalated(), true), 120, 40, Some(tx));
    h.key(KeyCode::Char('P'));
    h.key(KeyCode::Char('y'));
    h.settle().await;
    let (term, _, _) = h.stop().await;
    assert!(rx.try_recv().is_err());
    assert!(text(&term).contains("no routing policy to switch to"));
}

/// After `a` and `y`, the focus is back where `a` was pressed: `x` asks for the reset
/// (it is not typed into the prompt, where it would precede the next question).
#[tokio::test(start_paused = true)]
async fn after_a_y_the_next_key_is_a_key_again() {
    let snap = gateway_escalated();
    let (tx, mut rx) = mpsc::channel(8);
    let h = start_with(app(snap, true), 120, 40, Some(tx));
    for c in ['a', 'y', 'x', 'y'] {
        h.key(KeyCode::Char(c));
    }
    h.settle().await;
    let (term, _, _) = h.stop().await;
    assert!(matches!(
        rx.try_recv(),
        Ok(RecoveryCommand::SetAuto { on: true, .. })
    ));
    assert!(
        matches!(rx.try_recv(), Ok(RecoveryCommand::Reset { .. })),
        "x after a, y is the reset key"
    );
    let s = text(&term);
    assert!(!s.contains("› x"), "nothing typed into the prompt: {s}");
}

/// `m` through the loop: the effect is carried out (a no-op on a test terminal, never an
/// error note) and the footer says the mouse is released until `m` again.
#[tokio::test(start_paused = true)]
async fn m_releases_and_retakes_the_mouse() {
    let h = start(live_healthy(NOW_MS), 120, 40);
    h.key(KeyCode::Char('m'));
    h.settle().await;
    let (term, app, _) = h.stop().await;
    assert!(!app.mouse);
    assert!(text(&term).contains("MOUSE OFF: select & copy · m back on"));
    assert!(
        !app.chat.lines.iter().any(|l| l.text.contains("could not")),
        "{:?}",
        app.chat.lines
    );
    let h = start_app(app, 120, 40);
    h.key(KeyCode::Char('m'));
    h.settle().await;
    let (term, app, _) = h.stop().await;
    assert!(app.mouse);
    assert!(!text(&term).contains("MOUSE OFF"));
}

/// Types `export to PATH` at the console's prompt and hands back the screen.
async fn export_in_console(path: &std::path::Path) -> String {
    let h = start(live_healthy(NOW_MS), 120, 40);
    h.key(KeyCode::Char(':'));
    h.type_text(&format!("export to {}", path.display()));
    h.key(KeyCode::Enter);
    h.settle().await;
    let (term, _, _) = h.stop().await;
    text(&term)
}

#[tokio::test(start_paused = true)]
async fn export_writes_the_dashboard_and_the_context_and_never_overwrites() {
    let dir = tempfile::tempdir().expect("tempdir");
    let json = dir.path().join("ctx.json");
    let html = dir.path().join("ctx.html");
    let s = export_in_console(&json).await;
    let page = std::fs::read_to_string(&html).unwrap_or_else(|e| panic!("{e}:\n{s}"));
    assert!(page.starts_with("<!DOCTYPE html>") && page.contains("Local"));
    assert!(json.is_file(), "{s}");

    std::fs::write(&html, "mine").expect("write");
    let s = export_in_console(&json).await;
    assert_eq!(std::fs::read_to_string(&html).expect("kept"), "mine");
    assert!(s.contains("exists"), "{s}");
}

/// A worker whose disk is slow: each job waits until the test opens the gate, or until a
/// few real seconds pass (then `forced` says so, and the console was stuck behind it).
struct SlowDisk {
    gate: Arc<(std::sync::Mutex<bool>, std::sync::Condvar)>,
    forced: Arc<std::sync::atomic::AtomicBool>,
}

impl SlowDisk {
    fn new() -> SlowDisk {
        SlowDisk {
            gate: Arc::new((std::sync::Mutex::new(false), std::sync::Condvar::new())),
            forced: Arc::new(std::sync::atomic::AtomicBool::new(false)),
        }
    }

    fn worker(&self) -> Worker {
        let (gate, forced) = (self.gate.clone(), self.forced.clone());
        Worker::new(move |job| {
            let (open, cv) = &*gate;
            let guard = open.lock().expect("gate");
            let (guard, wait) = cv
                .wait_timeout_while(guard, Duration::from_secs(5), |open| !*open)
                .expect("gate");
            if wait.timed_out() {
                forced.store(true, std::sync::atomic::Ordering::SeqCst);
            }
            drop(guard);
            job.run()
        })
    }

    fn open(&self) {
        let (open, cv) = &*self.gate;
        *open.lock().expect("gate") = true;
        cv.notify_all();
    }
}

/// An export on a slow disk runs beside the console: while it waits, keys still act
/// (`r` reaches the poller), and its result shows once it is done.
#[tokio::test(start_paused = true)]
async fn a_slow_export_never_freezes_the_keys() {
    let dir = tempfile::tempdir().expect("tempdir");
    let json = dir.path().join("ctx.json");
    let disk = SlowDisk::new();
    let app = app(live_healthy(NOW_MS), true);
    let mut h = start_working(app, 120, 40, None, disk.worker());
    h.key(KeyCode::Char(':'));
    h.type_text(&format!("export to {}", json.display()));
    h.key(KeyCode::Enter);
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('r'));
    let cmd = h.commands.recv().await;
    assert_eq!(cmd, Some(PollerCommand::Refresh));
    assert!(!json.exists(), "the disk is still busy");
    disk.open();
    for _ in 0..100 {
        if json.is_file() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    h.settle().await;
    let (term, _, _) = h.stop().await;
    let s = text(&term);
    assert!(
        !disk.forced.load(std::sync::atomic::Ordering::SeqCst),
        "the console waited for the disk"
    );
    assert!(json.is_file() && s.contains("wrote"), "{s}");
}
