//! The console's state and its single entry point, `App::update(now, Action)`: keys go to
//! the help overlay, a pending confirmation, the filter line, the prompt, the detail view
//! or the focused pane, and then the global bindings, in that order (gitui style: the
//! innermost owner of a key wins), each looked up in the one key map. The panes own
//! their state, keys and drawing; this file routes to them. Nothing here touches the
//! terminal or the poller; commands leave as `Effect`s.

use std::sync::Arc;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use jiff::tz::TimeZone;
use ratatui::layout::{Position, Rect};

pub use super::action::{Action, Effect, RecoveryRequest};
use super::channels::{self, ChannelsPane};
use super::chat::{self, ChatPane, Who};
use super::detail;
use super::events::EventLog;
use super::keymap::{self, Cmd, Scope};
use super::ui::fmt;
use super::ui::help::HelpState;
use super::ui::theme::{Sev, Theme};
use crate::chatops::{Engine, Lang, Teach};
use crate::domain::Policy;
use crate::poller::PollerCommand;
use crate::snapshot::{PollerState, Snapshot};
use crate::source::follow::FeedStatus;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Channels,
    Events,
    Chat,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum View {
    Main,
    Detail(String),
}

/// How the console is set up (from the command line and config).
#[derive(Debug, Clone)]
pub struct ConsoleOptions {
    pub theme: Theme,
    pub read_only: bool,
    /// Attached to a remote controller (`--connect`): orders go to it, and only while
    /// it takes them from this console.
    pub remote: bool,
    pub teach: Teach,
    /// Thresholds and actions in force, for ChatOps explanations.
    pub policy: Policy,
    /// Event times are shown in this zone (tests pass UTC).
    pub tz: TimeZone,
    /// Config problems found at load (an unset `api_key_env`), shown as a banner while
    /// nothing louder is.
    pub warnings: Vec<String>,
    /// History: the last hour shown at start, problems in the header, ChatOps periods.
    pub history: Option<Arc<crate::history::History>>,
    /// The language of the environment's locale: a line without words ("🔄") typed
    /// before any other is answered in it.
    pub locale: Option<Lang>,
}

impl Default for ConsoleOptions {
    fn default() -> Self {
        ConsoleOptions {
            theme: Theme::new(true),
            read_only: false,
            remote: false,
            teach: Teach::default(),
            policy: Policy::default(),
            tz: TimeZone::UTC,
            warnings: Vec::new(),
            history: None,
            locale: None,
        }
    }
}

/// Screen regions the last frame drew, for mouse hit-testing.
#[derive(Debug, Clone, Copy, Default)]
pub struct Hits {
    pub channels: Rect,
    pub events: Rect,
    pub chat: Rect,
}

pub struct App {
    pub snap: Arc<Snapshot>,
    /// Follow state of a metrics file (default for live sources).
    pub feed: FeedStatus,
    pub opts: ConsoleOptions,
    pub focus: Focus,
    /// Where the focus goes back to once a y/N question asked for a key (`a`, `x`) is
    /// answered: the next key belongs to that pane again, not to the prompt.
    pub(super) confirm_return: Option<Focus>,
    pub view: View,
    /// The `?` overlay.
    pub help: HelpState,
    pub channels: ChannelsPane,
    pub events: EventLog,
    pub chat: ChatPane,
    pub(super) engine: Option<(Vec<String>, Engine)>,
    pub(super) effects: Vec<Effect>,
    pub quit: bool,
    /// Whether the console captures the mouse (clicks and wheel). Off, the terminal's
    /// own selection works again, so text can be selected and copied.
    pub mouse: bool,
    /// Where the last frame drew the panes.
    pub hits: Hits,
    /// The last frame used the compact layout (no events pane to focus).
    pub compact: bool,
    /// Whether the last frame showed the header's age (it then needs a timer).
    pub age_shown: bool,
    /// Frames drawn so far (tests and the latency benchmark read it).
    pub frames: u64,
    /// The example question the prompt's placeholder shows.
    example: String,
    /// Each channel's last hour, for the detail chart.
    pub trail: super::trail::Trail,
}

impl App {
    pub fn new(snap: Arc<Snapshot>, opts: ConsoleOptions) -> App {
        let mut chat = ChatPane::new();
        // The textarea's default placeholder colour would break the monochrome theme.
        chat.input.set_placeholder_style(opts.theme.dim());
        chat.input.set_cursor_style(opts.theme.cursor());
        let (events, trail) = from_history(opts.history.as_deref());
        let mut app = App {
            snap,
            feed: FeedStatus::default(),
            opts,
            focus: Focus::Channels,
            confirm_return: None,
            view: View::Main,
            help: HelpState::default(),
            channels: ChannelsPane::default(),
            events,
            chat,
            engine: None,
            effects: Vec::new(),
            quit: false,
            mouse: true,
            hits: Hits::default(),
            compact: false,
            age_shown: false,
            frames: 0,
            example: String::new(),
            trail,
        };
        app.trail.record(&app.snap);
        app.set_example();
        app
    }

    /// The prompt's placeholder names a channel of this console, one with a problem when
    /// there is one; it follows the snapshots (the first one has no probe results yet).
    fn set_example(&mut self) {
        let example = chat::example_questions(&self.snap);
        if example != self.example {
            self.chat
                .input
                .set_placeholder_text(format!("ask: 오케스트레이션 상태 · {example} · help"));
            self.example = example;
        }
    }

    pub fn theme(&self) -> Theme {
        self.opts.theme
    }

    /// Applies one action; returns whether the screen must be redrawn.
    pub fn update(&mut self, now_ms: i64, action: Action) -> bool {
        self.chat.now_ms = now_ms;
        match action {
            Action::Key(k) => self.key(now_ms, k),
            Action::Mouse(m) => return self.mouse(m),
            Action::Paste(s) => {
                self.focus = Focus::Chat;
                self.chat.input.insert_str(s.replace(['\r', '\n'], " "));
            }
            Action::Resize | Action::Tick => {}
            Action::Snapshot(s) => self.on_snapshot(s, now_ms),
            Action::Feed(f) => self.on_feed(f, now_ms),
            Action::Done(done) => self.done(done, now_ms),
        }
        true
    }

    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }

    /// A console note in the chat (an action's result, a refusal).
    pub fn note(&mut self, sev: Sev, text: &str) {
        self.chat.push(Who::Note(sev), text);
    }

    fn on_snapshot(&mut self, next: Arc<Snapshot>, now_ms: i64) {
        // Stamped with when the change was seen: a live snapshot's own time, else now (a
        // followed file's feed status may still describe the previous update, which put
        // events out of order).
        let at = next.live.as_ref().map_or(now_ms, |l| l.at_ms);
        self.events.record(&self.snap, &next, at);
        self.trail.record(&next);
        self.snap = next;
        self.set_example();
    }

    fn on_feed(&mut self, f: FeedStatus, now_ms: i64) {
        match (&self.feed.error, &f.error) {
            (None, Some(e)) => self
                .events
                .push(now_ms, Sev::Bad, format!("file error: {e}")),
            (Some(_), None) => self
                .events
                .push(now_ms, Sev::Good, "file readable again".into()),
            _ => {}
        }
        self.on_link(f.remote.as_ref(), now_ms);
        if f.paused != self.feed.paused {
            let (sev, text) = if f.paused {
                (Sev::Warn, "following paused")
            } else {
                (Sev::Good, "following resumed")
            };
            self.events.push(now_ms, sev, text.into());
        }
        self.feed = f;
    }

    /// The events pane hears of a lost and a regained connection to the controller.
    fn on_link(&mut self, next: Option<&crate::connect::LinkStatus>, now_ms: i64) {
        let was = self.feed.remote.as_ref().and_then(|l| l.lost_since_ms);
        match (was, next.and_then(|l| l.lost_since_ms)) {
            (None, Some(_)) => {
                let why = next.and_then(|l| l.error.clone()).unwrap_or_default();
                self.events
                    .push(now_ms, Sev::Bad, format!("connection lost: {why}"));
            }
            (Some(since), None) => self.events.push(
                now_ms,
                Sev::Good,
                format!("reconnected after {}", super::ui::fmt::age(now_ms - since)),
            ),
            _ => {}
        }
    }

    /// Commands that change something are refused: `--read-only`, or a controller that
    /// takes no orders from this console.
    pub fn read_only(&self) -> bool {
        self.opts.read_only
            || (self.opts.remote && !self.feed.remote.as_ref().is_some_and(|l| l.orders))
    }

    /// When the screen next changes with no input: the header's age ticking over, or data
    /// going stale. `None` when no timer is visible (an idle console then sleeps).
    pub fn next_wake(&self, now_ms: i64) -> Option<i64> {
        if !self.age_shown {
            return None;
        }
        let at = self.updated_ms()?;
        let mut wake = fmt::age_changes_at(at, now_ms);
        if let Some(retry) = self.feed.remote.as_ref().and_then(|l| l.retry_at_ms) {
            // The banner counts down to the next attempt.
            if retry > now_ms {
                wake = wake.min(now_ms + (retry - now_ms - 1) % 1000 + 1);
            }
        }
        if let Some(t) = super::ui::recovery::next_change(&self.snap, now_ms) {
            wake = wake.min(t);
        }
        if let Some(stale_at) = self.stale_at() {
            if stale_at > now_ms {
                wake = wake.min(stale_at);
            }
        }
        Some(wake)
    }

    /// When the shown data was produced: the poller's snapshot time, or the file's mtime.
    pub fn updated_ms(&self) -> Option<i64> {
        self.snap
            .live
            .as_ref()
            .map(|l| l.at_ms)
            .or(self.feed.updated_ms)
    }

    /// Live data is stale after three probe intervals without a snapshot.
    pub fn stale_at(&self) -> Option<i64> {
        let live = self.snap.live.as_ref()?;
        (live.poller == PollerState::Running).then(|| live.stale_at())
    }

    pub fn is_stale(&self, now_ms: i64) -> bool {
        self.stale_at().is_some_and(|t| now_ms > t)
    }

    pub fn paused(&self) -> bool {
        self.feed.paused
            || self
                .feed
                .remote
                .as_ref()
                .is_some_and(|l| l.controller.as_deref() == Some("poller paused"))
            || self
                .snap
                .live
                .as_ref()
                .is_some_and(|l| l.poller == PollerState::Paused)
    }

    fn key(&mut self, now_ms: i64, k: KeyEvent) {
        if keymap::command(Scope::Always, &k) == Some(Cmd::Interrupt) {
            return self.interrupt();
        }
        if self.help.open {
            return self.help.handle(keymap::command(Scope::Help, &k));
        }
        if self.chat.pending.is_some() {
            return self.confirm(keymap::command(Scope::Confirm, &k) == Some(Cmd::Yes));
        }
        if self.channels.filtering {
            match (keymap::command(Scope::Filter, &k), k.code) {
                (Some(cmd), _) => self.channels.filter_cmd(cmd),
                (None, KeyCode::Char(c)) if !k.modifiers.contains(KeyModifiers::CONTROL) => {
                    self.channels.filter_char(c)
                }
                _ => {}
            }
            return;
        }
        if self.focus == Focus::Chat && self.view == View::Main {
            return self.prompt_key(now_ms, k);
        }
        if !self.pane_key(&k) {
            self.global_key(k, now_ms);
        }
    }

    /// Ctrl-C: in the prompt it clears the line (the shell habit), and on an empty line
    /// leaves the prompt; outside it, it quits.
    fn interrupt(&mut self) {
        if self.focus == Focus::Chat && self.view == View::Main && self.chat.pending.is_none() {
            if self.chat.input.is_empty() {
                self.focus = Focus::Channels;
            } else {
                self.chat.input.select_all();
                self.chat.input.cut();
            }
            return;
        }
        self.quit = true;
    }

    fn prompt_key(&mut self, now_ms: i64, k: KeyEvent) {
        if let Some(after_esc) = split_alt(k) {
            // Esc and the next key read together arrive as Alt+key: leave the prompt,
            // then treat the key as pressed outside it.
            self.focus = Focus::Channels;
            return self.key(now_ms, after_esc);
        }
        match self.chat.handle(keymap::command(Scope::Prompt, &k), k) {
            chat::Outcome::Submit(text) => self.ask(&text),
            chat::Outcome::Leave => self.focus = Focus::Channels,
            chat::Outcome::Handled => {}
            chat::Outcome::Ignored => self.global_key(k, now_ms),
        }
    }

    /// Keys owned by the detail view or the focused pane.
    fn pane_key(&mut self, k: &KeyEvent) -> bool {
        if let View::Detail(name) = &self.view {
            let Some(cmd) = keymap::command(Scope::Detail, k) else {
                return false;
            };
            match detail::handle(cmd, name, &mut self.channels, &self.snap) {
                detail::Outcome::Close => self.view = View::Main,
                detail::Outcome::Show(name) => self.view = View::Detail(name),
                detail::Outcome::Ignored => return false,
            }
            return true;
        }
        let list = keymap::command(Scope::List, k);
        match self.focus {
            Focus::Channels => {
                let Some(cmd) = keymap::command(Scope::Channels, k).or(list) else {
                    return false;
                };
                match self.channels.handle(cmd, &self.snap) {
                    channels::Outcome::Open(name) => self.view = View::Detail(name),
                    channels::Outcome::Handled => {}
                    channels::Outcome::Ignored => return false,
                }
                true
            }
            Focus::Events => list.is_some_and(|cmd| self.events.handle(cmd)),
            Focus::Chat => false,
        }
    }

    fn global_key(&mut self, k: KeyEvent, now_ms: i64) {
        let Some(cmd) = keymap::command(Scope::Global, &k) else {
            // Hangul (or any non-ASCII letter) starts a question at once; ASCII letters
            // stay reserved for keys, so that what a letter does never depends on luck.
            let plain = !k
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
            if let KeyCode::Char(c) = k.code {
                if plain && !c.is_ascii() && c.is_alphanumeric() {
                    self.view = View::Main;
                    self.focus = Focus::Chat;
                    self.chat.input.insert_char(c);
                }
            }
            return;
        };
        match cmd {
            Cmd::Quit => self.quit = true,
            Cmd::Help => self.help.open = true,
            Cmd::Refresh => self.control(PollerCommand::Refresh, now_ms),
            Cmd::Pause => {
                let cmd = if self.paused() {
                    PollerCommand::Resume
                } else {
                    PollerCommand::Pause
                };
                self.control(cmd, now_ms);
            }
            Cmd::Sort => self.channels.toggle_sort(),
            Cmd::Mouse => self.toggle_mouse(now_ms),
            Cmd::Auto => self.ask_auto_toggle(),
            Cmd::Reset => self.ask_reset(),
            Cmd::Policy => self.ask_policy(),
            Cmd::Ask => {
                self.view = View::Main;
                self.focus = Focus::Chat;
            }
            Cmd::Filter => {
                self.view = View::Main;
                self.focus = Focus::Channels;
                self.channels.filtering = true;
            }
            Cmd::FocusNext => self.cycle_focus(1),
            Cmd::FocusPrev => self.cycle_focus(-1),
            Cmd::Back => self.focus = Focus::Channels,
            _ => {}
        }
    }

    fn cycle_focus(&mut self, dir: isize) {
        self.view = View::Main;
        let order: &[Focus] = if self.compact {
            &[Focus::Channels, Focus::Chat]
        } else {
            &[Focus::Channels, Focus::Events, Focus::Chat]
        };
        let at = order.iter().position(|f| *f == self.focus).unwrap_or(0) as isize;
        let n = order.len() as isize;
        self.focus = order[((at + dir).rem_euclid(n)) as usize];
    }

    /// `m`: hand the mouse back to the terminal (select and copy text) or take it again.
    fn toggle_mouse(&mut self, now_ms: i64) {
        self.mouse = !self.mouse;
        self.effects.push(Effect::Mouse(self.mouse));
        let text = if self.mouse {
            "mouse captured: click selects, wheel scrolls"
        } else {
            "mouse released: drag to select and copy text; m takes it back"
        };
        self.events.push(now_ms, Sev::Info, text.into());
    }

    /// `r` and `p`: poller (or file follower) control straight from a key.
    fn control(&mut self, cmd: PollerCommand, now_ms: i64) {
        if self.opts.remote && cmd != PollerCommand::Refresh {
            // The controller's poller: an order like any other, asked y/N first.
            let (command, what) = match cmd {
                PollerCommand::Pause => (
                    crate::chatops::ChatCommand::Pause,
                    "pause the controller's probes (every attached console stops updating)",
                ),
                _ => (
                    crate::chatops::ChatCommand::Resume,
                    "resume the controller's probes",
                ),
            };
            return self.confirm_command(command, what);
        }
        if self.read_only() && cmd == PollerCommand::Pause {
            self.note(Sev::Warn, "refused: --read-only disables pause");
            return;
        }
        if cmd == PollerCommand::Refresh {
            self.events
                .push(now_ms, Sev::Info, "refresh requested".into());
        }
        self.effects.push(Effect::Send(cmd));
    }

    fn mouse(&mut self, m: MouseEvent) -> bool {
        let hits = self.hits;
        let at = Position::new(m.column, m.row);
        let scroll = match m.kind {
            MouseEventKind::ScrollDown => 1,
            MouseEventKind::ScrollUp => -1,
            MouseEventKind::Down(MouseButton::Left) => return self.click(at, hits),
            // Motion and release change nothing on screen: no redraw.
            _ => return false,
        };
        if self.help.open || self.view != View::Main {
            return false;
        }
        if hits.channels.contains(at) {
            self.channels.step(&self.snap, scroll);
        } else if hits.events.contains(at) {
            self.events.scroll_by(scroll);
        } else if hits.chat.contains(at) {
            // Wheel up shows older lines.
            self.chat.scroll_by(-scroll * 3);
        } else {
            return false;
        }
        true
    }

    fn click(&mut self, at: Position, hits: Hits) -> bool {
        if self.help.open || self.view != View::Main {
            return false;
        }
        if let Some(row) = self.channels.row_at(at.x, at.y) {
            self.channels.select_row(&self.snap, row);
            self.focus = Focus::Channels;
        } else if hits.channels.contains(at) {
            self.focus = Focus::Channels;
        } else if hits.events.contains(at) {
            self.focus = Focus::Events;
        } else if hits.chat.contains(at) {
            self.focus = Focus::Chat;
        } else {
            return false;
        }
        true
    }
}

/// The events pane and the detail chart of a restarted console: the last hour from
/// history, so nothing starts blank.
fn from_history(h: Option<&crate::history::History>) -> (EventLog, super::trail::Trail) {
    let mut events = EventLog::default();
    let Some(h) = h else {
        return (events, Default::default());
    };
    for e in &h.seed.events {
        events.push_change(e.at_ms, &e.change);
    }
    if let Some(last) = h.seed.events.last() {
        let n = h.seed.events.len();
        events.push(
            last.at_ms,
            Sev::Info,
            format!("↑ {n} events of the last hour, from history"),
        );
    }
    (events, super::trail::Trail::seeded(&h.seed))
}

/// Alt+char as the key that followed an Esc (terminals send both as one sequence).
fn split_alt(k: KeyEvent) -> Option<KeyEvent> {
    match k.code {
        KeyCode::Char(_) if k.modifiers == KeyModifiers::ALT => {
            Some(KeyEvent::new(k.code, KeyModifiers::NONE))
        }
        _ => None,
    }
}
