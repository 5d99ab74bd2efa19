//! The channels pane: which channel is selected (by name, so it stays on the same
//! channel while routing re-orders the rows), the sort order and the `/` filter, what its
//! keys do, and (in `table`) how it is drawn. The table keeps its scroll offset and the
//! rows it drew here, for the next frame and for mouse hit-testing.

mod table;

use ratatui::layout::Rect;

use super::keymap::Cmd;
use crate::domain::RoutingMode;
use crate::snapshot::Snapshot;

pub use table::{sparkline, symbol, Table};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Channels with a problem first (worst first), then the rest in routing order: with
    /// nothing down it is the routing order, so it is the default.
    #[default]
    Problems,
    /// Core channels best first (priority, then mean latency), then optional ones.
    Routing,
    Name,
}

impl Sort {
    pub fn label(self) -> &'static str {
        match self {
            Sort::Problems => "problems first",
            Sort::Routing => "routing order",
            Sort::Name => "by name",
        }
    }
}

/// What a key did in this pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Ignored,
    Handled,
    /// Enter: open the detail view of this channel.
    Open(String),
}

#[derive(Debug, Default)]
pub struct ChannelsPane {
    pub selected: Option<String>,
    pub sort: Sort,
    /// `/` filter (as in k9s, htop, less): only channels whose name contains it, case
    /// insensitive; empty shows all.
    pub filter: String,
    /// The filter line is being typed.
    pub filtering: bool,
    /// First visible row; kept between frames so the view does not jump.
    pub offset: usize,
    /// Where the last frame drew the rows (for mouse clicks).
    pub rows_area: Rect,
}

/// Whether the table groups its rows by region: the channels have regions (live and
/// replay from a config that gives them).
pub fn grouped(s: &Snapshot) -> bool {
    !s.routing.regions.is_empty()
}

impl ChannelsPane {
    /// Snapshot indices in display order: the sort within each region, the regions in
    /// the snapshot's order (channels without one last), so a region reads as a block.
    pub fn order(&self, s: &Snapshot) -> Vec<usize> {
        let mut idx = self.sorted(s);
        if grouped(s) {
            let rank = |i: &usize| {
                let r = s.channels[*i].details.region.as_deref();
                r.and_then(|r| s.routing.regions.iter().position(|g| g.region == r))
                    .unwrap_or(usize::MAX)
            };
            idx.sort_by_key(rank);
        }
        idx
    }

    fn sorted(&self, s: &Snapshot) -> Vec<usize> {
        let mut idx: Vec<usize> = (0..s.channels.len()).collect();
        if !self.filter.is_empty() {
            let needle = self.filter.to_lowercase();
            idx.retain(|&i| s.channels[i].name().to_lowercase().contains(&needle));
        }
        match self.sort {
            // Static routing follows the configured order, which is the snapshot's.
            Sort::Routing if s.routing.mode == RoutingMode::Static => {}
            Sort::Routing => idx.sort_by(|&a, &b| {
                let (a, b) = (&s.channels[a].eval, &s.channels[b].eval);
                (a.input.optional, a.routing_priority)
                    .cmp(&(b.input.optional, b.routing_priority))
                    .then(
                        a.input
                            .mean_latency_ms
                            .get()
                            .total_cmp(&b.input.mean_latency_ms.get()),
                    )
            }),
            Sort::Name => idx.sort_by_cached_key(|&i| s.channels[i].name().to_lowercase()),
            Sort::Problems => {
                // Routing order first, then a stable partition: unhealthy channels, worst
                // (highest priority number) first, ahead of the healthy ones.
                idx = ChannelsPane {
                    sort: Sort::Routing,
                    filter: self.filter.clone(),
                    ..ChannelsPane::default()
                }
                .sorted(s);
                idx.sort_by_key(|&i| {
                    let e = &s.channels[i].eval;
                    if e.health.is_healthy() {
                        0
                    } else {
                        -i16::from(e.routing_priority)
                    }
                });
            }
        }
        idx
    }

    /// Position of the selection in `order`; the first row when nothing (or a vanished
    /// channel) is selected.
    pub fn position(&self, s: &Snapshot, order: &[usize]) -> Option<usize> {
        if order.is_empty() {
            return None;
        }
        let found = self
            .selected
            .as_deref()
            .and_then(|name| order.iter().position(|&i| s.channels[i].name() == name));
        Some(found.unwrap_or(0))
    }

    /// The selected channel's name, defaulting to the first row.
    pub fn current(&self, s: &Snapshot) -> Option<String> {
        let order = self.order(s);
        self.position(s, &order)
            .map(|p| s.channels[order[p]].name().to_string())
    }

    /// Moves the selection by `delta` rows, clamped.
    pub fn step(&mut self, s: &Snapshot, delta: isize) {
        let order = self.order(s);
        let Some(pos) = self.position(s, &order) else {
            return;
        };
        let last = order.len() as isize - 1;
        let to = (pos as isize + delta).clamp(0, last) as usize;
        self.selected = Some(s.channels[order[to]].name().to_string());
    }

    pub fn select_row(&mut self, s: &Snapshot, row: usize) {
        let order = self.order(s);
        if let Some(&i) = order.get(row) {
            self.selected = Some(s.channels[i].name().to_string());
        }
    }

    /// The display row under a screen position, if the last frame drew one there.
    pub fn row_at(&self, x: u16, y: u16) -> Option<usize> {
        let a = self.rows_area;
        let inside = x >= a.x && x < a.right() && y >= a.y && y < a.bottom();
        inside.then(|| self.offset + usize::from(y - a.y))
    }

    pub fn toggle_sort(&mut self) {
        self.sort = match self.sort {
            Sort::Problems => Sort::Routing,
            Sort::Routing => Sort::Name,
            Sort::Name => Sort::Problems,
        };
    }

    /// A command while the filter line is being typed: Enter keeps it, Esc clears it.
    pub fn filter_cmd(&mut self, cmd: Cmd) {
        match cmd {
            Cmd::Back => {
                self.filter.clear();
                self.filtering = false;
            }
            Cmd::Submit => self.filtering = false,
            Cmd::Erase => {
                self.filter.pop();
            }
            _ => {}
        }
    }

    /// A typed character of the filter.
    pub fn filter_char(&mut self, c: char) {
        if !c.is_control() {
            self.filter.push(c);
        }
    }

    pub fn handle(&mut self, cmd: Cmd, s: &Snapshot) -> Outcome {
        let page = self.rows_area.height.max(1) as isize;
        match cmd {
            Cmd::Down => self.step(s, 1),
            Cmd::Up => self.step(s, -1),
            Cmd::PageDown => self.step(s, page),
            Cmd::PageUp => self.step(s, -page),
            Cmd::Top => self.step(s, isize::MIN / 2),
            Cmd::Bottom => self.step(s, isize::MAX / 2),
            Cmd::Submit => {
                return match self.current(s) {
                    Some(name) => Outcome::Open(name),
                    None => Outcome::Ignored,
                }
            }
            _ => return Outcome::Ignored,
        }
        Outcome::Handled
    }
}
