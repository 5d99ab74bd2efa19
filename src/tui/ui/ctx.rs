//! What every widget reads besides its own pane's state: the snapshot shown, the theme,
//! the zone times are shown in, and the injected "now" (a frame is a pure function of
//! its inputs, so tests render fixed times).

use jiff::tz::TimeZone;

use super::theme::Theme;
use crate::snapshot::Snapshot;

#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    pub snap: &'a Snapshot,
    pub theme: Theme,
    pub tz: &'a TimeZone,
    pub now_ms: i64,
}
