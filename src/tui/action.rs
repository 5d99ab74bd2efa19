//! What flows in and out of the console's state: `Action`s (terminal input, snapshots,
//! the file's status, timers, finished work) go in through `App::update`; `Effect`s (the
//! poller's and the executor's commands, slow work, the mouse) come out for the event
//! loop to carry out.

use std::sync::Arc;

use crossterm::event::{Event, KeyEvent, KeyEventKind, MouseEvent};

use super::work::{Done, Job};
use crate::poller::PollerCommand;
use crate::snapshot::Snapshot;
use crate::source::follow::FeedStatus;

/// What the console is told to do.
#[derive(Debug, Clone)]
pub enum Action {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Paste(String),
    Resize,
    Snapshot(Arc<Snapshot>),
    Feed(FeedStatus),
    /// A visible timer's text is due to change (the header's age).
    Tick,
    /// Slow work handed off earlier has finished.
    Done(Done),
}

impl Action {
    /// Terminal events the console reacts to; focus changes and the like are `None`.
    pub fn from_event(e: Event) -> Option<Action> {
        match e {
            Event::Key(k) if k.kind != KeyEventKind::Release => Some(Action::Key(k)),
            Event::Mouse(m) => Some(Action::Mouse(m)),
            Event::Paste(s) => Some(Action::Paste(s)),
            Event::Resize(..) => Some(Action::Resize),
            _ => None,
        }
    }
}

/// Work for the event loop, which owns the poller's command channel and the file system.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Send(PollerCommand),
    /// Slow work (the disk) for a worker thread; it comes back as `Action::Done`.
    Work(Job),
    /// Turn the terminal's mouse reports on or off (`m`).
    Mouse(bool),
    Recovery(RecoveryRequest),
}

/// What the console asks of the recovery executor (after the operator confirmed).
#[derive(Debug, Clone, PartialEq)]
pub enum RecoveryRequest {
    SetAuto(bool),
    /// Run the actions of a channel, or of every unhealthy one.
    Run(Option<String>),
    /// Clear a channel's escalation (or every channel's).
    Reset(Option<String>),
    /// No automatic action, no notification for the channel (or all) for minutes.
    Silence(Option<String>, u32),
    /// Write the routing order where a change is due (goes to the route-apply runner).
    ApplyRoutes,
    /// Route by the configured policy of this name (audited by the executor).
    SetPolicy(String),
}
