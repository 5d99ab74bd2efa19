//! The events pane: what changed between consecutive snapshots (health transitions,
//! routing and recovery decisions, poller and file state), newest first, plus notes
//! from the console itself. The changes come from the one change stream
//! (`history::changes`) by its rules; this file shows them.
//! The pane's keys scroll it; `Events` draws it, newest first, wrapped under their time.

use std::collections::VecDeque;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

use crate::domain::change::{Burst, Change, Collapse, Tone};
use crate::history::changes::Changes;
use crate::snapshot::Snapshot;
use crate::tui::keymap::Cmd;
use crate::tui::ui::ctx::Ctx;
use crate::tui::ui::fmt;
use crate::tui::ui::theme::Sev;

/// Older entries are dropped past this many.
const CAPACITY: usize = 500;

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub at_ms: i64,
    pub sev: Sev,
    pub text: String,
    /// What repeats of this change share (`primary A⇄B`), for collapsing.
    pub key: String,
}

/// A line as the pane and the piped live view show it.
#[derive(Debug, Clone, PartialEq)]
pub struct Shown {
    pub sev: Sev,
    pub text: String,
    pub burst: Burst,
}

pub fn sev(t: Tone) -> Sev {
    match t {
        Tone::Good => Sev::Good,
        Tone::Info => Sev::Info,
        Tone::Warn => Sev::Warn,
        Tone::Bad => Sev::Bad,
    }
}

/// The lines of one change, in the console's words: the change (folded into its burst
/// of repeats), and for a channel going down, why, on a line of its own.
pub fn show(collapse: &mut Collapse, at_ms: i64, c: &Change) -> Vec<Shown> {
    let burst = collapse.add(at_ms, c);
    let text = match burst.n {
        1 => c.text(),
        n => c.collapsed(n, &crate::tui::ui::fmt::age(burst.span_ms)),
    };
    let mut out = vec![Shown {
        sev: sev(c.tone()),
        text,
        burst,
    }];
    if let Some(why) = c.why() {
        out.push(show_text(collapse, at_ms, Sev::Bad, why));
    }
    out
}

/// A line that is no change of its own (a console note): repeats fold by its text.
fn show_text(collapse: &mut Collapse, at_ms: i64, sev: Sev, text: String) -> Shown {
    let burst = collapse.add_key(at_ms, text.clone());
    let text = match burst.n {
        1 => text,
        n => format!("{text} ×{n} in {}", crate::tui::ui::fmt::age(burst.span_ms)),
    };
    Shown { sev, text, burst }
}

#[derive(Debug, Default)]
pub struct EventLog {
    /// Newest first.
    pub entries: VecDeque<Entry>,
    /// Rows scrolled down from the newest.
    pub scroll: usize,
    collapse: Collapse,
    changes: Changes,
    fed: bool,
}

impl EventLog {
    /// A note of the console's own.
    pub fn push(&mut self, at_ms: i64, sev: Sev, text: String) {
        let shown = show_text(&mut self.collapse, at_ms, sev, text);
        self.insert(at_ms, shown);
    }

    /// A change, as the pane shows it.
    pub fn push_change(&mut self, at_ms: i64, c: &Change) {
        for shown in show(&mut self.collapse, at_ms, c) {
            self.insert(at_ms, shown);
        }
    }

    fn insert(&mut self, at_ms: i64, shown: Shown) {
        let Shown { sev, text, burst } = shown;
        if burst.n > 1 {
            // The same flap again: its entry grows a count and moves to the top, stamped
            // with the time of the latest repeat, instead of a new row.
            if let Some(i) = self.entries.iter().position(|e| e.key == burst.key) {
                self.entries.remove(i);
            }
        }
        self.entries.push_front(Entry {
            at_ms,
            sev,
            text,
            key: burst.key,
        });
        self.entries.truncate(CAPACITY);
        if self.scroll > 0 {
            // Keep the operator's place while reading older entries.
            self.scroll = (self.scroll + 1).min(self.entries.len().saturating_sub(1));
        }
    }

    /// Records what changed from `prev` to `next`. The pane keeps [`CAPACITY`] entries,
    /// so no more are pushed per snapshot: a file that grows by 80,000 channels is one
    /// line saying how many more changed, not 80,000 entries to collapse per frame.
    pub fn record(&mut self, prev: &Snapshot, next: &Snapshot, at_ms: i64) {
        if !std::mem::replace(&mut self.fed, true) {
            self.changes.next(prev);
        }
        let changes: Vec<Change> = self
            .changes
            .next(next)
            .into_iter()
            // The first-data line summarises the channels it starts with.
            .filter(|c| !matches!(c, Change::Health { from: None, .. }))
            .collect();
        let n = changes.len();
        let shown = if n > CAPACITY { CAPACITY - 1 } else { n };
        for c in changes.iter().take(shown) {
            self.push_change(at_ms, c);
        }
        if n > shown {
            self.push(
                at_ms,
                Sev::Warn,
                format!("… and {} more changes in this snapshot", n - shown),
            );
        }
    }

    pub fn handle(&mut self, cmd: Cmd) -> bool {
        let max = self.entries.len().saturating_sub(1);
        self.scroll = match cmd {
            Cmd::Down => (self.scroll + 1).min(max),
            Cmd::Up => self.scroll.saturating_sub(1),
            Cmd::PageDown => (self.scroll + 10).min(max),
            Cmd::PageUp => self.scroll.saturating_sub(10),
            Cmd::Top => 0,
            Cmd::Bottom => max,
            _ => return false,
        };
        true
    }

    pub fn scroll_by(&mut self, delta: isize) {
        let max = self.entries.len().saturating_sub(1) as isize;
        self.scroll = (self.scroll as isize + delta).clamp(0, max) as usize;
    }
}

/// The lines the pane shows for `next` after `prev` alone (no earlier history, no
/// folding of repeats).
pub fn diff(prev: &Snapshot, next: &Snapshot) -> Vec<(Sev, String)> {
    let mut changes = Changes::default();
    changes.next(prev);
    let mut collapse = Collapse::default();
    changes
        .next(next)
        .iter()
        .flat_map(|c| show(&mut collapse, 0, c))
        .map(|s| (s.sev, s.text))
        .collect()
}

/// The pane drawn from its log.
pub struct Events<'a> {
    pub ctx: Ctx<'a>,
    pub log: &'a EventLog,
    pub focused: bool,
}

/// `HH:MM:SS ` before each entry.
const STAMP: usize = 9;

impl Widget for Events<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (log, t) = (self.log, self.ctx.theme);
        let title = if log.scroll > 0 {
            format!(" Events ↓{} ", log.scroll)
        } else {
            " Events ".to_string()
        };
        let block = Block::bordered()
            .border_style(t.border(self.focused))
            .title(Span::styled(title, t.title(self.focused)));
        let inner = block.inner(area);
        block.render(area, buf);
        if log.entries.is_empty() {
            Paragraph::new(Span::styled("no changes yet", t.dim())).render(inner, buf);
            return;
        }
        let width = (inner.width as usize).saturating_sub(STAMP).max(8);
        let mut lines = Vec::new();
        for e in log.entries.iter().skip(log.scroll) {
            let stamp = format!("{} ", fmt::clock(e.at_ms, self.ctx.tz));
            for (k, part) in fmt::wrap_words(&e.text, width).into_iter().enumerate() {
                let lead = if k == 0 {
                    stamp.clone()
                } else {
                    " ".repeat(STAMP)
                };
                lines.push(Line::from(vec![
                    Span::styled(lead, t.dim()),
                    Span::styled(part, t.sev(e.sev)),
                ]));
            }
            if lines.len() >= inner.height as usize {
                break;
            }
        }
        Paragraph::new(lines).render(inner, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Policy;
    use crate::source::metrics_file::MetricsFile;

    /// A file-sourced snapshot whose channel `A` has the given availability and mean.
    fn snap(avail: f64, mean: f64) -> Snapshot {
        let json = format!(
            r#"{{"Channels":{{"A":{{"Availability":{avail},"Mean":{mean}}},"B":{{"Availability":100,"Mean":180}}}}}}"#
        );
        MetricsFile::parse("t.json", json.as_bytes())
            .expect("parses")
            .snapshot(&Policy::default(), "t.json")
    }

    #[test]
    fn excellent_and_good_swapping_is_not_news_but_leaving_health_is() {
        let (excellent, good) = (snap(100.0, 50.0), snap(100.0, 150.0));
        let degraded = snap(92.0, 150.0);
        let lines =
            |a: &Snapshot, b: &Snapshot| diff(a, b).into_iter().map(|(_, l)| l).collect::<Vec<_>>();
        assert_eq!(lines(&excellent, &good), Vec::<String>::new());
        assert_eq!(lines(&good, &excellent), Vec::<String>::new());
        let down = lines(&good, &degraded);
        assert!(down.contains(&"A GOOD → DEGRADED".to_string()), "{down:?}");
        let back = lines(&degraded, &excellent);
        assert!(
            back.contains(&"A DEGRADED → EXCELLENT".to_string()),
            "{back:?}"
        );
    }

    /// Back from an outage that the window still holds: the events pane says "back".
    #[test]
    fn a_channel_back_from_an_outage_is_back_not_poor() {
        let mut offline = snap(0.0, 999.0);
        offline.channels[0].eval.health = crate::domain::Health::Offline;
        let mut back = snap(80.0, 50.0);
        back.channels[0].details.recovering = true;
        let lines: Vec<String> = diff(&offline, &back).into_iter().map(|(_, l)| l).collect();
        assert!(
            lines.contains(&"A back (OFFLINE → POOR, recovering)".to_string()),
            "{lines:?}"
        );
        assert!(!lines.iter().any(|l| l == "A OFFLINE → POOR"), "{lines:?}");
    }

    #[test]
    fn an_anomaly_and_a_new_prediction_are_warnings_once() {
        use crate::domain::anomaly::{Direction, Verdict};
        use crate::domain::Health;
        use crate::snapshot::Forecast;
        let with = |anomaly: bool, predicted: Option<(Health, i64)>| {
            let mut s = snap(100.0, 150.0);
            for c in &mut s.channels {
                c.details.forecast = Some(Forecast {
                    latency_ms: Some(160.0),
                    anomaly: anomaly && c.name() == "A",
                    verdict: Some(Verdict {
                        anomaly: anomaly && c.name() == "A",
                        incident: anomaly && c.name() == "A",
                        rarity: 2e5,
                        latency_ms: 412.0,
                        usual_ms: 48.0,
                        spread_ms: 6.0,
                        direction: Direction::Above,
                        learning: false,
                    }),
                    predicted: predicted.filter(|_| c.name() == "A"),
                });
            }
            s
        };
        let quiet = with(false, None);
        let spike = with(true, None);
        let got = diff(&quiet, &spike);
        assert_eq!(
            got,
            vec![(
                Sev::Warn,
                "A: 412 ms is rarer than 1 in 100,000 for this channel — anomalous \
                 (high; usual 48 ms ± 6.0 ms)"
                    .to_string()
            )]
        );
        let heading = with(false, Some((Health::Degraded, 240_000)));
        let got = diff(&quiet, &heading);
        assert_eq!(
            got,
            vec![(Sev::Warn, "A predicted DEGRADED in ~4 min".to_string())]
        );
        // Still heading there a round later: not news again.
        let closer = with(false, Some((Health::Degraded, 230_000)));
        assert_eq!(diff(&heading, &closer), Vec::new());
    }

    fn fleet(n: usize, avail: u32) -> Snapshot {
        let channels: Vec<String> = (0..n)
            .map(|i| format!(r#""c{i}":{{"Availability":{avail},"Mean":40}}"#))
            .collect();
        let json = format!(r#"{{"Channels":{{{}}}}}"#, channels.join(","));
        MetricsFile::parse("t.json", json.as_bytes())
            .expect("parses")
            .snapshot(&Policy::default(), "t.json")
    }

    /// A fleet that changes by 80,000 channels at once is a bounded amount of work for
    /// the pane: its capacity of entries, the last saying how many more there were.
    #[test]
    fn a_huge_change_is_bounded_work_per_snapshot() {
        let (up, down) = (fleet(80_000, 100), fleet(80_000, 0));
        let mut log = EventLog::default();
        let started = std::time::Instant::now();
        log.record(&up, &down, 1_000);
        log.record(&down, &up, 2_000);
        assert!(started.elapsed() < std::time::Duration::from_secs(10));
        assert!(log.entries.len() <= CAPACITY);
        assert!(
            log.entries[0]
                .text
                .contains("more changes in this snapshot"),
            "{:?}",
            log.entries[0]
        );
    }

    /// Tens of thousands of distinct changes within a minute collapse in linear time,
    /// and a burst still closes after the collapse window.
    #[test]
    fn many_open_bursts_are_looked_up_not_searched() {
        use crate::domain::change::COLLAPSE_MS;
        use crate::domain::Health::{Excellent, Offline};
        let flap = |i: usize, from, to| Change::Health {
            channel: format!("c{i}"),
            from: Some(from),
            to,
            error: None,
        };
        let mut c = Collapse::default();
        let started = std::time::Instant::now();
        for i in 0..80_000 {
            let b = c.add(i as i64 / 2, &flap(i, Excellent, Offline));
            assert_eq!(b.n, 1);
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(10));
        let b = c.add(40_000, &flap(5, Offline, Excellent));
        assert_eq!(b.n, 2, "the same flap within the window");
        let b = c.add(40_000 + COLLAPSE_MS + 10, &flap(5, Excellent, Offline));
        assert_eq!(b.n, 1, "a new burst after the window");
    }
}
