//! The event loop. It sleeps until something happens — a key, a mouse report, a resize,
//! a new snapshot, a file status change, finished slow work, or the header's age ticking
//! over while it is on screen — and draws once after handling it. There is no fixed-rate redraw: an idle
//! console costs nothing.

use std::future::Future;
use std::io;
use std::pin::pin;
use std::sync::Arc;
use std::task::Poll;

use crossterm::event::Event;
use futures_util::{Stream, StreamExt};
use ratatui::backend::Backend;
use ratatui::Terminal;
use tokio::sync::{mpsc, watch};

use super::app::{Action, App, Effect, RecoveryRequest};
use super::ui::{self, theme::Sev};
use super::work::{Done, Worker};
use crate::base::clock::Clock;
use crate::poller::PollerCommand;
use crate::recovery::RecoveryCommand;
use crate::snapshot::Snapshot;
use crate::source::follow::FeedStatus;

/// Where the console's data comes from and where its commands go.
pub struct Feed {
    pub snapshots: watch::Receiver<Arc<Snapshot>>,
    /// A followed file's status (absent for live sources).
    pub status: Option<watch::Receiver<FeedStatus>>,
    pub commands: mpsc::Sender<PollerCommand>,
    /// The recovery executor, for live sources.
    pub recovery: Option<mpsc::Sender<RecoveryCommand>>,
    /// The route-apply runner, for live sources with route targets.
    pub routes: Option<mpsc::Sender<crate::route_apply::RouteCommand>>,
    /// Where slow work (history reads, exports) runs.
    pub worker: Worker,
    /// An attached console's controller, where confirmed orders go (`--connect`).
    pub link: Option<crate::connect::Link>,
}

/// Input events handled before the next frame is drawn (a paste or key repeat burst
/// costs one frame, not one per key).
const BURST: usize = 64;

/// Runs until the operator quits, input ends, or `shutdown` resolves.
pub async fn run<B, E, S>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    mut events: E,
    mut feed: Feed,
    clock: Clock,
    shutdown: S,
) -> Result<(), String>
where
    B: Backend,
    E: Stream<Item = io::Result<Event>> + Unpin,
    S: Future<Output = ()>,
{
    let mut shutdown = pin!(shutdown);
    let mut pace = Pace::default();
    let mut snaps_open = true;
    let mut status_open = feed.status.is_some();
    let (done_tx, mut done_rx) = mpsc::unbounded_channel::<Done>();
    loop {
        let now = clock.now_ms();
        if pace.due(now) {
            terminal
                .draw(|f| ui::draw(f, app, now))
                .map_err(|e| e.to_string())?;
            app.frames += 1;
            pace.drawn(now);
        }
        let now = clock.now_ms();
        // A timer's change could not be drawn before the pace allows anyway: waking for
        // it sooner would only note it (a wasted wake-up per age tick).
        let timer_at = app.next_wake(now).map(|t| pace.not_before(t));
        let wake = [timer_at, pace.wake()].into_iter().flatten().min();
        let timer = tokio::time::sleep_until(crate::base::wake::coalesce(
            clock.instant_at(wake.unwrap_or(0)),
        ));
        let mut changed = false;
        tokio::select! {
            _ = &mut shutdown => return Ok(()),
            first = events.next() => {
                if !input(app, &clock, &mut events, first).await? {
                    return Ok(());
                }
                pace.input();
            }
            r = feed.snapshots.changed(), if snaps_open => match r {
                Ok(()) => {
                    let s = feed.snapshots.borrow_and_update().clone();
                    changed = app.update(clock.now_ms(), Action::Snapshot(s));
                }
                // The poller and its supervisor are gone; the last snapshot stays shown.
                Err(_) => snaps_open = false,
            },
            r = status_changed(&mut feed.status), if status_open => match r {
                Some(s) => changed = app.update(clock.now_ms(), Action::Feed(s)),
                None => status_open = false,
            },
            Some(done) = done_rx.recv() => {
                // An answer to the operator: drawn at once.
                app.update(clock.now_ms(), Action::Done(done));
                pace.input();
            }
            _ = timer, if wake.is_some() => changed = app.update(clock.now_ms(), Action::Tick),
        }
        if changed {
            pace.data();
        }
        // Effects answer the operator (an export's path, a refused command): at once.
        if apply_effects(app, &feed, &done_tx) {
            pace.input();
        }
        if app.quit {
            return Ok(());
        }
    }
}

/// When to draw. What the operator does is drawn at once; what the data and the clock
/// change is drawn at most once per `DATA_FRAME_GAP_MS`, the newest state at that moment
/// (like bottom's or k9s's refresh rate). A fleet on jittered probe intervals publishes
/// several snapshots a second, and each frame wakes a sleeping CPU: pacing them keeps an
/// idle console near zero while nothing shown is more than a second old.
#[derive(Debug)]
struct Pace {
    /// The first frame, an input, or an effect waits for nothing.
    now: bool,
    /// Data or a timer changed something not drawn yet.
    pending: bool,
    /// When a frame last showed a data change (none yet: the first data shows at once).
    last_data_ms: Option<i64>,
}

const DATA_FRAME_GAP_MS: i64 = 1_000;

impl Default for Pace {
    fn default() -> Pace {
        Pace {
            now: true,
            pending: false,
            last_data_ms: None,
        }
    }
}

impl Pace {
    fn input(&mut self) {
        self.now = true;
    }

    fn data(&mut self) {
        self.pending = true;
    }

    fn due(&self, now_ms: i64) -> bool {
        self.now || self.wake().is_some_and(|at| now_ms >= at)
    }

    /// When pending data will be drawn.
    fn wake(&self) -> Option<i64> {
        self.pending.then(|| {
            self.last_data_ms
                .map_or(i64::MIN, |t| t + DATA_FRAME_GAP_MS)
        })
    }

    /// When a timer due at `at_ms` is worth waking for: not before the next data frame.
    fn not_before(&self, at_ms: i64) -> i64 {
        self.last_data_ms
            .map_or(at_ms, |t| at_ms.max(t + DATA_FRAME_GAP_MS))
    }

    fn drawn(&mut self, now_ms: i64) {
        if self.pending {
            self.last_data_ms = Some(now_ms);
        }
        self.now = false;
        self.pending = false;
    }
}

/// Handles an input event and whatever else is ready right now; `false` when input ended.
async fn input<E>(
    app: &mut App,
    clock: &Clock,
    events: &mut E,
    first: Option<io::Result<Event>>,
) -> Result<bool, String>
where
    E: Stream<Item = io::Result<Event>> + Unpin,
{
    let mut item = first;
    for handled in 1..=BURST {
        match item {
            Some(Ok(e)) => {
                if let Some(action) = Action::from_event(e) {
                    app.update(clock.now_ms(), action);
                }
            }
            Some(Err(e)) => return Err(format!("terminal input failed: {e}")),
            None => return Ok(false),
        }
        // After the last of a burst, the next event waits for the next turn: taken now,
        // it would be dropped (the 65th key of a paste was lost).
        if app.quit || handled == BURST {
            break;
        }
        // Polled with this task's own waker: a channel remembers the waker of the poll
        // that found nothing, so a throwaway one (`now_or_never`) would leave the next
        // key unnoticed until something else woke the loop.
        match std::future::poll_fn(|cx| Poll::Ready(events.poll_next_unpin(cx))).await {
            Poll::Ready(next) => item = next,
            Poll::Pending => break,
        }
    }
    Ok(true)
}

async fn status_changed(rx: &mut Option<watch::Receiver<FeedStatus>>) -> Option<FeedStatus> {
    let rx = rx.as_mut()?;
    rx.changed().await.ok()?;
    let s = rx.borrow_and_update().clone();
    Some(s)
}

/// Carries out what the last update asked for; returns whether anything was done.
fn apply_effects(app: &mut App, feed: &Feed, done: &mpsc::UnboundedSender<Done>) -> bool {
    let effects = app.take_effects();
    let any = !effects.is_empty();
    for effect in effects {
        match effect {
            Effect::Recovery(req) => recovery_request(app, feed, req, done),
            Effect::Send(cmd) => {
                if let Err(e) = feed.commands.try_send(cmd) {
                    let why = match e {
                        mpsc::error::TrySendError::Full(_) => "the poller is busy; try again",
                        mpsc::error::TrySendError::Closed(_) => {
                            "the poller is not running; the command was not delivered"
                        }
                    };
                    app.note(Sev::Bad, why);
                }
            }
            Effect::Work(job) => feed.worker.start(job, done.clone()),
            Effect::Say(text) => say(app, feed.link.as_ref(), text, done),
            Effect::Mouse(on) => {
                if let Err(e) = super::term::set_mouse(on) {
                    app.note(Sev::Bad, &format!("could not switch the mouse: {e}"));
                }
            }
        }
    }
    any
}

/// A confirmed order for the controller: sent off the event loop, its reply comes back
/// as a note.
fn say(
    app: &mut App,
    link: Option<&crate::connect::Link>,
    text: String,
    done: &mpsc::UnboundedSender<Done>,
) {
    let Some(link) = link.cloned() else {
        app.note(
            Sev::Bad,
            "not sent: this console is not attached to a controller",
        );
        return;
    };
    let done = done.clone();
    tokio::spawn(async move {
        let answer = link.say(&text).await;
        let _ = done.send(Done::Said(answer));
    });
}

/// The operator confirmed "apply routing": the runner writes what is due and the
/// routing pane says how it went.
fn apply_routes(app: &mut App, tx: Option<&mpsc::Sender<crate::route_apply::RouteCommand>>) {
    let Some(tx) = tx else {
        app.note(
            Sev::Warn,
            "not applied: this source has no route targets ([[route_target]] in a config)",
        );
        return;
    };
    let cmd = crate::route_apply::RouteCommand::Apply {
        by: "console",
        reply: None,
    };
    if tx.try_send(cmd).is_err() {
        app.note(
            Sev::Bad,
            "the route-apply runner is not answering; nothing was done",
        );
    }
}

/// The operator confirmed a policy switch: the executor audits it and hands it to the
/// poller; its answer (what changed, or why nothing did) comes back as a note.
fn set_policy(
    app: &mut App,
    tx: Option<&mpsc::Sender<RecoveryCommand>>,
    name: String,
    done: &mpsc::UnboundedSender<Done>,
) {
    let Some(tx) = tx else {
        app.note(
            Sev::Warn,
            "not switched: this source has no executor to record it (use a config)",
        );
        return;
    };
    let (reply, answer) = tokio::sync::oneshot::channel();
    let cmd = RecoveryCommand::SetPolicy {
        name,
        by: "console",
        reply: Some(reply),
    };
    if !send(app, tx, cmd) {
        return;
    }
    let done = done.clone();
    tokio::spawn(async move {
        let r = answer
            .await
            .unwrap_or_else(|_| Err("the recovery executor stopped; nothing was done".into()));
        let _ = done.send(Done::Policy(r));
    });
}

/// A confirmed request for the executor (or, for "apply routing", the route-apply
/// runner beside it).
fn recovery_request(
    app: &mut App,
    feed: &Feed,
    req: RecoveryRequest,
    done: &mpsc::UnboundedSender<Done>,
) {
    let by = "console";
    let cmd = match req {
        RecoveryRequest::ApplyRoutes => return apply_routes(app, feed.routes.as_ref()),
        RecoveryRequest::SetPolicy(name) => {
            return set_policy(app, feed.recovery.as_ref(), name, done)
        }
        RecoveryRequest::SetAuto(on) => RecoveryCommand::SetAuto { on, by },
        RecoveryRequest::Run(channel) => RecoveryCommand::Run {
            channel,
            by,
            reply: None,
        },
        RecoveryRequest::Reset(channel) => RecoveryCommand::Reset {
            channel,
            by,
            reply: None,
        },
        RecoveryRequest::Silence(channel, minutes) => RecoveryCommand::Silence {
            channel,
            minutes,
            by,
            reply: None,
        },
    };
    let Some(tx) = feed.recovery.as_ref() else {
        app.note(
            Sev::Warn,
            "not run: this source has no recovery executor (a metrics file cannot run actions; use a config with [[action]]s)",
        );
        return;
    };
    send(app, tx, cmd);
}

/// Hands `cmd` to the executor; `false` (and a note) when it is not taking orders.
fn send(app: &mut App, tx: &mpsc::Sender<RecoveryCommand>, cmd: RecoveryCommand) -> bool {
    let sent = tx.try_send(cmd).is_ok();
    if !sent {
        app.note(
            Sev::Bad,
            "the recovery executor is not answering; nothing was done",
        );
    }
    sent
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_draws_at_once_and_data_at_most_once_a_second() {
        let mut p = Pace::default();
        assert!(p.due(0), "the first frame");
        p.drawn(0);
        assert!(!p.due(0) && p.wake().is_none(), "nothing pending");
        p.data();
        assert!(p.due(10), "the first data shows at once");
        p.drawn(10);
        p.data();
        assert!(!p.due(500), "the next waits for the gap");
        assert_eq!(p.wake(), Some(1_010));
        p.data();
        assert_eq!(p.wake(), Some(1_010), "more data does not push it back");
        assert!(p.due(1_010));
        p.drawn(1_010);
        p.input();
        assert!(p.due(1_020), "a key never waits");
        p.drawn(1_020);
        p.data();
        assert_eq!(p.wake(), Some(2_010), "a key frame is not a data frame");
    }

    #[test]
    fn a_timer_is_not_woken_for_before_its_change_could_be_drawn() {
        let mut p = Pace::default();
        assert_eq!(p.not_before(300), 300, "no data frame yet");
        p.drawn(0);
        p.data();
        p.drawn(1_000);
        assert_eq!(
            p.not_before(1_250),
            2_000,
            "the age ticks at 1.25 s: wait for 2 s"
        );
        assert_eq!(p.not_before(2_500), 2_500);
    }

    #[test]
    fn a_key_frame_shows_pending_data_and_counts_as_its_frame() {
        let mut p = Pace::default();
        p.drawn(0);
        p.data();
        p.drawn(5);
        p.data();
        p.input();
        assert!(p.due(300));
        p.drawn(300);
        assert!(p.wake().is_none(), "the key's frame drew the data too");
        p.data();
        assert_eq!(p.wake(), Some(1_300));
    }
}
