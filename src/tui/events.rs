//! The events pane: what changed between consecutive snapshots (health transitions,
//! routing and recovery decisions, poller and file state), newest first, plus notes
//! from the console itself. Derived by diffing, so the poller needs no event channel.

use std::collections::VecDeque;

use crossterm::event::{KeyCode, KeyEvent};

use crate::snapshot::{ChannelView, PollerState, Snapshot};
use crate::tui::ui::theme::Sev;

/// Older entries are dropped past this many.
const CAPACITY: usize = 500;
/// A change that repeats within this long of the first one collapses into one entry.
pub const COLLAPSE_MS: i64 = 60_000;

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub at_ms: i64,
    pub sev: Sev,
    pub text: String,
    /// What repeats of this change share (`primary A⇄B`), for collapsing.
    pub key: String,
}

/// Collapses repeats: `primary A → B`, `primary B → A`, … within [`COLLAPSE_MS`] become
/// one line, `primary A ⇄ B ×5 in 30s, now B`; an identical message repeated becomes
/// `TEXT ×3 in 12s`. Shared by the events pane and the piped live view.
#[derive(Debug, Default)]
pub struct Collapse {
    /// Open bursts by key: first time, count. Looked up, not searched: a fleet that
    /// grows by tens of thousands of channels makes as many bursts at once.
    bursts: rustc_hash::FxHashMap<String, (i64, u32)>,
    /// Keys in the order their bursts opened, to close them oldest first.
    opened: VecDeque<(i64, String)>,
}

impl Collapse {
    /// The text to show for a change seen at `at_ms`, its key, and whether it continues a
    /// burst (so the line with that key is replaced instead of a new one added).
    pub fn add(&mut self, at_ms: i64, text: &str) -> (String, String, bool) {
        let key = flap_key(text);
        while let Some((first, _)) = self.opened.front() {
            if at_ms - first <= COLLAPSE_MS {
                break;
            }
            if let Some((_, old)) = self.opened.pop_front() {
                if self
                    .bursts
                    .get(&old)
                    .is_some_and(|(f, _)| at_ms - f > COLLAPSE_MS)
                {
                    self.bursts.remove(&old);
                }
            }
        }
        match self.bursts.get_mut(&key) {
            Some((first, n)) if at_ms - *first <= COLLAPSE_MS => {
                *n += 1;
                (collapsed(text, *n, at_ms - *first), key, true)
            }
            _ => {
                self.bursts.insert(key.clone(), (at_ms, 1));
                self.opened.push_back((at_ms, key.clone()));
                (text.to_string(), key, false)
            }
        }
    }
}

/// `primary A → B` and `primary B → A` share a key (`primary A⇄B`, names sorted); other
/// texts are their own key.
fn flap_key(text: &str) -> String {
    match split_arrow(text) {
        Some((what, a, b)) => {
            let (x, y) = if a <= b { (a, b) } else { (b, a) };
            format!("{what}{x}⇄{y}")
        }
        None => text.to_string(),
    }
}

/// `WHAT FROM → TO` split into its parts (WHAT keeps its trailing space).
fn split_arrow(text: &str) -> Option<(&str, &str, &str)> {
    let (left, to) = text.split_once(" → ")?;
    let (what, from) = match left.rsplit_once(' ') {
        Some((w, f)) => (&left[..w.len() + 1], f),
        None => ("", left),
    };
    Some((what, from, to))
}

fn collapsed(text: &str, n: u32, span_ms: i64) -> String {
    let span = crate::tui::ui::fmt::age(span_ms);
    match split_arrow(text) {
        Some((what, from, to)) => format!("{what}{from} ⇄ {to} ×{n} in {span}, now {to}"),
        None => format!("{text} ×{n} in {span}"),
    }
}

#[derive(Debug, Default)]
pub struct EventLog {
    /// Newest first.
    pub entries: VecDeque<Entry>,
    /// Rows scrolled down from the newest.
    pub scroll: usize,
    collapse: Collapse,
}

impl EventLog {
    pub fn push(&mut self, at_ms: i64, sev: Sev, text: String) {
        let (text, key, repeat) = self.collapse.add(at_ms, &text);
        if repeat {
            // The same flap again: its entry grows a count and moves to the top, stamped
            // with the time of the latest repeat, instead of a new row.
            if let Some(i) = self.entries.iter().position(|e| e.key == key) {
                self.entries.remove(i);
            }
        }
        self.entries.push_front(Entry {
            at_ms,
            sev,
            text,
            key,
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
        let changes = diff(prev, next);
        let n = changes.len();
        let shown = if n > CAPACITY { CAPACITY - 1 } else { n };
        for (sev, text) in changes.into_iter().take(shown) {
            self.push(at_ms, sev, text);
        }
        if n > shown {
            self.push(
                at_ms,
                Sev::Warn,
                format!("… and {} more changes in this snapshot", n - shown),
            );
        }
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> bool {
        let max = self.entries.len().saturating_sub(1);
        self.scroll = match key.code {
            KeyCode::Down | KeyCode::Char('j') => (self.scroll + 1).min(max),
            KeyCode::Up | KeyCode::Char('k') => self.scroll.saturating_sub(1),
            KeyCode::PageDown => (self.scroll + 10).min(max),
            KeyCode::PageUp => self.scroll.saturating_sub(10),
            KeyCode::Home | KeyCode::Char('g') => 0,
            KeyCode::End | KeyCode::Char('G') => max,
            _ => return false,
        };
        true
    }

    pub fn scroll_by(&mut self, delta: isize) {
        let max = self.entries.len().saturating_sub(1) as isize;
        self.scroll = (self.scroll as isize + delta).clamp(0, max) as usize;
    }
}

fn has_data(s: &Snapshot) -> bool {
    s.live.as_ref().is_none_or(|l| l.rounds > 0)
}

/// The changes an operator cares about, in reading order.
pub fn diff(prev: &Snapshot, next: &Snapshot) -> Vec<(Sev, String)> {
    let mut out = Vec::new();
    poller_change(prev, next, &mut out);
    executor_change(prev, next, &mut out);
    if !has_data(next) {
        return out;
    }
    if !has_data(prev) {
        out.push((Sev::Info, first_data(next)));
        return out;
    }
    let by_name = Lookup::new(&prev.channels, |c| c.name());
    for (i, c) in next.channels.iter().enumerate() {
        let Some(before) = by_name.get(i, c.name()) else {
            out.push((
                Sev::Info,
                format!("{} appeared ({})", c.name(), c.eval.health),
            ));
            continue;
        };
        let (from, to) = (before.eval.health, c.eval.health);
        if c.details.recovering && !before.details.recovering && from.is_down() {
            // It answers again; only its window remembers the outage.
            out.push((
                Sev::Good,
                format!("{} back ({from} → {to}, recovering)", c.name()),
            ));
            continue;
        }
        if to.is_news_after(from) {
            let sev = if to > from { worse(to) } else { Sev::Good };
            out.push((sev, format!("{} {from} → {to}", c.name())));
            // Going down: say why, in the probe's own words (its own line, so that a
            // flapping health still collapses into one `⇄` line).
            if to.is_down() && !from.is_down() {
                if let Some(err) = &c.details.last_error {
                    out.push((Sev::Bad, format!("{}: {err}", c.name())));
                }
            }
        }
        model_news(before, c, &mut out);
    }
    routing_change(prev, next, &mut out);
    recovery_change(prev, next, &mut out);
    if prev.status != next.status {
        let sev = match next.status {
            crate::domain::Status::Ok => Sev::Good,
            crate::domain::Status::Warning => Sev::Warn,
            _ => Sev::Bad,
        };
        out.push((sev, format!("status {} → {}", prev.status, next.status)));
    }
    out
}

/// Live and replay: an anomaly starting (once per incident), and a worse health newly
/// predicted. Neither is a transition of the rules, so both are warnings, never more.
fn model_news(before: &ChannelView, c: &ChannelView, out: &mut Vec<(Sev, String)>) {
    use crate::chatops::intent::Lang;
    use crate::chatops::reply::model;
    let Some(f) = c.details.forecast else {
        return;
    };
    if let (true, Some(v)) = (f.anomaly, f.verdict) {
        out.push((Sev::Warn, model::anomaly_sentence(c.name(), &v, Lang::En)));
    }
    let was = before
        .details
        .forecast
        .and_then(|f| f.predicted)
        .map(|p| p.0);
    if f.predicted.is_some_and(|p| Some(p.0) != was) {
        if let Some(p) = model::prediction(&f, Lang::En) {
            out.push((Sev::Warn, format!("{} {p}", c.name())));
        }
    }
}

/// The previous snapshot's row for a name: at the same position (the usual case, as
/// rows keep their order), else through a map built once — never a search per row,
/// which made a fleet of 80,000 channels cost billions of comparisons per snapshot.
struct Lookup<'a, T> {
    rows: &'a [T],
    name: fn(&T) -> &str,
    map: std::cell::OnceCell<rustc_hash::FxHashMap<&'a str, &'a T>>,
}

impl<'a, T> Lookup<'a, T> {
    fn new(rows: &'a [T], name: fn(&T) -> &str) -> Self {
        Lookup {
            rows,
            name,
            map: std::cell::OnceCell::new(),
        }
    }

    fn get(&self, i: usize, name: &str) -> Option<&'a T> {
        if let Some(row) = self.rows.get(i).filter(|r| (self.name)(r) == name) {
            return Some(row);
        }
        let rows = self.rows;
        let f = self.name;
        self.map
            .get_or_init(|| rows.iter().map(|r| (f(r), r)).collect())
            .get(name)
            .copied()
    }
}

fn worse(to: crate::domain::Health) -> Sev {
    if to.is_down() {
        Sev::Bad
    } else {
        Sev::Warn
    }
}

fn first_data(s: &Snapshot) -> String {
    let primary = s.routing.recommended_primary.as_deref().unwrap_or("none");
    format!("first data: {} · primary {primary}", s.status)
}

/// The executor's own news: actions starting, and every new audit record (results,
/// verifications, escalations), whatever the poller's data did meanwhile.
fn executor_change(prev: &Snapshot, next: &Snapshot, out: &mut Vec<(Sev, String)>) {
    let (Some(a), Some(b)) = (prev.executor.as_deref(), next.executor.as_deref()) else {
        return;
    };
    if a.auto != b.auto {
        let on = if b.auto { "on" } else { "off" };
        out.push((Sev::Info, format!("auto-recovery {on}")));
    }
    let by_name = Lookup::new(&a.channels, |c| c.name.as_str());
    for (i, c) in b.channels.iter().enumerate() {
        let was = by_name.get(i, &c.name).and_then(|p| p.running.as_ref());
        if let Some((action, _)) = c.running.as_ref().filter(|r| Some(*r) != was) {
            out.push((Sev::Warn, format!("{} {action} started", c.name)));
        }
    }
    let newest = a.recent.last().map(|r| r.at_ms);
    for r in b
        .recent
        .iter()
        .filter(|r| newest.is_none_or(|n| r.at_ms > n))
    {
        let sev = if r.ok { Sev::Good } else { Sev::Bad };
        out.push((sev, format!("{} {}", r.channel, r.text())));
    }
}

fn poller_change(prev: &Snapshot, next: &Snapshot, out: &mut Vec<(Sev, String)>) {
    let state = |s: &Snapshot| s.live.as_ref().map(|l| l.poller.clone());
    let (a, b) = (state(prev), state(next));
    if a == b {
        return;
    }
    match b {
        Some(PollerState::Paused) => out.push((Sev::Warn, "poller paused".into())),
        Some(PollerState::Running) => out.push((Sev::Good, "poller resumed".into())),
        Some(PollerState::Failed(why)) => out.push((Sev::Bad, format!("poller FAILED: {why}"))),
        None => {}
    }
}

fn routing_change(prev: &Snapshot, next: &Snapshot, out: &mut Vec<(Sev, String)>) {
    let (a, b) = (&prev.routing, &next.routing);
    let name = |n: &Option<String>| n.clone().unwrap_or_else(|| "none".into());
    if a.mode != b.mode {
        out.push((Sev::Info, format!("routing mode {} → {}", a.mode, b.mode)));
    }
    if a.recommended_primary != b.recommended_primary {
        let sev = if b.recommended_primary.is_none() {
            Sev::Bad
        } else {
            Sev::Warn
        };
        out.push((
            sev,
            format!(
                "primary {} → {}",
                name(&a.recommended_primary),
                name(&b.recommended_primary)
            ),
        ));
    } else if a.recommended_fallback != b.recommended_fallback {
        out.push((
            Sev::Info,
            format!(
                "fallback {} → {}",
                name(&a.recommended_fallback),
                name(&b.recommended_fallback)
            ),
        ));
    }
}

fn recovery_change(prev: &Snapshot, next: &Snapshot, out: &mut Vec<(Sev, String)>) {
    let (a, b) = (&prev.recovery, &next.recovery);
    if b.should_trigger && (!a.should_trigger || a.reason != b.reason) {
        out.push((Sev::Bad, format!("recovery NEEDED: {}", b.reason)));
    } else if a.should_trigger && !b.should_trigger {
        out.push((Sev::Good, "recovery no longer needed".into()));
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
        let mut c = Collapse::default();
        let started = std::time::Instant::now();
        for i in 0..80_000 {
            let (_, _, repeat) = c.add(i / 2, &format!("c{i} EXCELLENT → OFFLINE"));
            assert!(!repeat);
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(10));
        let (_, _, repeat) = c.add(40_000, "c5 OFFLINE → EXCELLENT");
        assert!(repeat, "the same flap within the window");
        let (_, _, repeat) = c.add(40_000 + COLLAPSE_MS + 10, "c5 EXCELLENT → OFFLINE");
        assert!(!repeat, "a new burst after the window");
    }
}
