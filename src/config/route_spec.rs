//! What the route-apply runner needs from a config and the command line, and what a
//! process that runs no runner (a one-shot `--snapshot` or `--say`) shows of it.

use std::time::Duration;

use super::{ApplySettings, Config, RouteTarget};
use crate::domain::route_apply::{RouteView, TargetView};

/// What the runner needs, from a config and the command line.
#[derive(Clone)]
pub struct RouteSpec {
    pub settings: ApplySettings,
    pub targets: Vec<RouteTarget>,
    /// Channels in config order (a webhook or a file takes them all).
    pub channels: Vec<String>,
    /// No change before one full evaluation window since start.
    pub window: Duration,
    pub dry_run: bool,
}

impl RouteSpec {
    /// The view of a process that runs no runner (a one-shot `--snapshot` or `--say`):
    /// the mode and the targets, none of them read.
    pub fn peek(&self) -> Option<RouteView> {
        (!self.targets.is_empty()).then(|| RouteView {
            mode: self.settings.mode.word(),
            dry_run: self.dry_run,
            read_only: None,
            targets: self
                .targets
                .iter()
                .map(|t| TargetView {
                    name: t.name.clone(),
                    kind: t.kind.word(),
                    state: "unknown",
                    ..TargetView::default()
                })
                .collect(),
        })
    }

    pub fn from_config(cfg: &Config, dry_run: bool) -> RouteSpec {
        RouteSpec {
            settings: cfg.route_apply.clone(),
            targets: cfg.route_targets.clone(),
            channels: cfg.channels.iter().map(|c| c.name.clone()).collect(),
            window: cfg.poll.window,
            dry_run,
        }
    }
}
