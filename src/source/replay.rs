//! `--replay`: a JSONL stream of observations (docs/json.md, observation records) evaluated tick by tick through
//! the same `Monitor` as live polling. Deterministic; bad lines are reported and skipped.

use std::borrow::Cow;
use std::io::{BufRead, Write};

use serde::Deserialize;

use crate::base::input::{display_name, io_reason, InputError};
use crate::monitor::{Monitor, MonitorSettings, Observation};
use crate::snapshot::{parse_rfc3339_ms, Snapshot, SourceInfo};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Record<'a> {
    #[serde(borrow)]
    ts: Cow<'a, str>,
    #[serde(borrow)]
    channel: Cow<'a, str>,
    ok: bool,
    #[serde(default)]
    latency_ms: Option<f64>,
    #[serde(default)]
    error: Option<String>,
    #[serde(default)]
    status: Option<u16>,
    #[serde(default)]
    region: Option<String>,
    #[serde(default)]
    cost_per_1k_tokens: Option<f64>,
}

/// Remembers the last timestamp parsed: streams repeat the same `ts` for a whole round.
#[derive(Default)]
pub struct TsCache {
    text: String,
    ms: i64,
}

impl TsCache {
    fn parse(&mut self, ts: &str) -> Option<i64> {
        if ts != self.text {
            self.ms = parse_rfc3339_ms(ts)?;
            self.text.clear();
            self.text.push_str(ts);
        }
        Some(self.ms)
    }
}

/// The observation of a record, with the channel left for the caller (`channel` empty),
/// so a stream of a million lines does not allocate a million names.
fn observation(r: Record<'_>, cache: &mut TsCache) -> Result<Observation, String> {
    let at_ms = cache.parse(&r.ts).ok_or_else(|| {
        format!(
            "bad ts {:?} (expected RFC 3339, e.g. 2026-11-24T10:00:00Z)",
            r.ts
        )
    })?;
    match r.latency_ms {
        Some(l) if l < 0.0 => return Err(format!("latency_ms {l} is negative")),
        Some(l) => {
            crate::config::limits::number("latency_ms", l, crate::config::limits::LATENCY_MS)?;
        }
        None if r.ok => return Err("ok record without latency_ms".to_string()),
        _ => {}
    }
    if let Some(c) = r.cost_per_1k_tokens {
        crate::config::limits::number("cost_per_1k_tokens", c, crate::config::limits::COST)?;
    }
    if r.channel.trim().is_empty() {
        return Err("empty channel name".to_string());
    }
    Ok(Observation {
        at_ms,
        channel: String::new(),
        ok: r.ok,
        latency_ms: r.latency_ms,
        error: r.error,
        status: r.status,
        region: r.region,
        cost_per_1k_tokens: r.cost_per_1k_tokens,
    })
}

/// A parsed line: the channel name and its observation, or what is wrong with it.
pub type Parsed = Result<(String, Observation), String>;

/// Parses one input line; `None` for a blank line.
pub fn parse_record(line: &str, cache: &mut TsCache) -> Option<Parsed> {
    if line.trim().is_empty() {
        return None;
    }
    let parsed = serde_json::from_str::<Record>(line)
        .map_err(|e| e.to_string())
        .and_then(|r| {
            let name = crate::base::input::canonical_name(&r.channel).into_owned();
            observation(r, cache).map(|o| (name, o))
        });
    Some(parsed)
}

/// Where each tick's decision goes.
pub trait TickSink {
    /// Takes the tick's snapshot (owned, so that a sink may hand it to another thread).
    fn tick(&mut self, snap: Snapshot) -> std::io::Result<()>;
}

/// Outcome of a replay.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplaySummary {
    pub ticks: u64,
    pub records: u64,
    pub skipped: usize,
    /// Exit code of the last tick's status (3 when there was no tick).
    pub exit_code: u8,
    /// Empty ticks not printed because they were part of a long run (see `MAX_EMPTY_RUN`).
    pub empty_ticks_skipped: u64,
    /// The output was closed (`| head`): the replay stopped there, quietly.
    pub output_closed: bool,
}

/// A run of more empty ticks than this between two records is collapsed: its first empty
/// tick is printed (the window ages), the rest become one line on stderr saying how many
/// were skipped. One record a year after the previous one used to print 3.1 M lines.
pub const MAX_EMPTY_RUN: i64 = 10;

/// Groups records into ticks aligned to the first record and evaluates each tick.
pub struct Replayer<'a> {
    monitor: Monitor,
    tick_ms: i64,
    name: String,
    tick_end: Option<i64>,
    /// This tick's records, with their channel's index in the monitor.
    pending: Vec<(usize, Observation)>,
    summary: ReplaySummary,
    ts_cache: TsCache,
    warn: &'a mut dyn Write,
}

impl<'a> Replayer<'a> {
    pub fn new(
        path: &str,
        tick_ms: i64,
        settings: MonitorSettings,
        metas: Vec<crate::monitor::ChannelMeta>,
        warn: &'a mut dyn Write,
    ) -> Self {
        let source = SourceInfo {
            kind: "replay",
            path: Some(path.to_string()),
            skipped: Some(0),
            error: None,
        };
        Replayer {
            monitor: Monitor::new(settings, metas, source),
            tick_ms: tick_ms.max(1),
            name: display_name(path).to_string(),
            tick_end: None,
            pending: Vec::new(),
            summary: ReplaySummary {
                ticks: 0,
                records: 0,
                skipped: 0,
                exit_code: 3,
                empty_ticks_skipped: 0,
                output_closed: false,
            },
            ts_cache: TsCache::default(),
            warn,
        }
    }

    /// Feeds one input line (1-based number for messages).
    pub fn line(
        &mut self,
        number: usize,
        line: &str,
        sink: &mut dyn TickSink,
    ) -> std::io::Result<()> {
        match parse_record(line, &mut self.ts_cache) {
            Some(parsed) => self.accept(number, parsed, sink),
            None => Ok(()),
        }
    }

    /// Takes one parsed line (see `parse_record`): places it in its tick or skips it.
    pub fn accept(
        &mut self,
        number: usize,
        parsed: Parsed,
        sink: &mut dyn TickSink,
    ) -> std::io::Result<()> {
        let (name, obs) = match parsed {
            Ok(x) => x,
            Err(problem) => return self.skip(number, &problem),
        };
        let end = *self.tick_end.get_or_insert(obs.at_ms + self.tick_ms);
        // Before the first tick is out, an earlier record still belongs to it.
        if obs.at_ms < end - self.tick_ms && self.summary.ticks > 0 {
            return self.skip(
                number,
                "record is older than the current tick (out of order across ticks)",
            );
        }
        while obs.at_ms >= self.tick_end.unwrap_or(end) {
            self.flush(sink)?;
            self.collapse_empty_run(obs.at_ms, sink)?;
        }
        self.summary.records += 1;
        let index = self.monitor.index_of(&name);
        self.pending.push((index, obs));
        Ok(())
    }

    /// After a tick is out and the next record lies more than `MAX_EMPTY_RUN` empty ticks
    /// ahead: prints the first empty tick (the window ages), then jumps over the rest,
    /// staying on the tick grid, with one line on stderr saying how many were skipped.
    fn collapse_empty_run(
        &mut self,
        next_at_ms: i64,
        sink: &mut dyn TickSink,
    ) -> std::io::Result<()> {
        let Some(end) = self.tick_end else {
            return Ok(());
        };
        if !self.pending.is_empty() || next_at_ms < end {
            return Ok(());
        }
        // Empty ticks ending at end, end+tick, … up to the one before the record's.
        let empty = (next_at_ms - end) / self.tick_ms + 1;
        if empty <= MAX_EMPTY_RUN {
            return Ok(());
        }
        self.flush(sink)?;
        let skipped = empty - 1;
        let last_skipped_end = end + skipped * self.tick_ms;
        self.tick_end = Some(last_skipped_end + self.tick_ms);
        self.summary.empty_ticks_skipped += skipped as u64;
        let message = format!(
            "{}: no records from {} to {}: {skipped} empty ticks skipped",
            self.name,
            crate::snapshot::rfc3339_ms(end),
            crate::snapshot::rfc3339_ms(last_skipped_end),
        );
        writeln!(self.warn, "{}", crate::base::sanitize::error_line(&message))
    }

    /// What has been done so far (for a replay stopped by a closed output).
    pub fn summary(&self) -> ReplaySummary {
        self.summary.clone()
    }

    fn skip(&mut self, number: usize, problem: &str) -> std::io::Result<()> {
        self.summary.skipped += 1;
        // The problem quotes the line: shown through the one terminal sanitiser.
        let message = format!("{}:{number}: skipped: {problem}", self.name);
        writeln!(self.warn, "{}", crate::base::sanitize::error_line(&message))
    }

    /// Evaluates the current tick and moves to the next.
    fn flush(&mut self, sink: &mut dyn TickSink) -> std::io::Result<()> {
        let Some(end) = self.tick_end else {
            return Ok(());
        };
        // Within a tick, order does not matter to the input but does to the window.
        self.pending.sort_by_key(|(_, o)| o.at_ms);
        for (i, o) in self.pending.drain(..) {
            self.monitor.ingest_at(i, &o);
        }
        self.monitor.source_mut().skipped = Some(self.summary.skipped);
        let snap = self.monitor.snapshot(end, None);
        self.summary.ticks += 1;
        self.summary.exit_code = snap.status.exit_code();
        self.tick_end = Some(end + self.tick_ms);
        sink.tick(snap)
    }

    /// Flushes the last tick.
    pub fn finish(mut self, sink: &mut dyn TickSink) -> std::io::Result<ReplaySummary> {
        self.finish_in_place(sink)?;
        Ok(self.summary)
    }

    fn finish_in_place(&mut self, sink: &mut dyn TickSink) -> std::io::Result<()> {
        if !self.pending.is_empty() {
            self.flush(sink)?;
        }
        Ok(())
    }
}

/// Replays a file (or stdin for `-`) into `sink`; warnings about bad lines go to `warn`.
pub fn replay(
    path: &str,
    tick_ms: i64,
    settings: MonitorSettings,
    metas: Vec<crate::monitor::ChannelMeta>,
    sink: &mut dyn TickSink,
    warn: &mut dyn Write,
) -> Result<ReplaySummary, InputError> {
    let name = display_name(path).to_string();
    let reader: Box<dyn BufRead + Send> = if path == "-" {
        Box::new(std::io::BufReader::with_capacity(1 << 16, std::io::stdin()))
    } else {
        if std::path::Path::new(path).is_dir() {
            return Err(InputError::new(&name, "is a directory, not a file"));
        }
        let f = std::fs::File::open(path)
            .map_err(|e| InputError::new(&name, format!("cannot read: {}", io_reason(&e))))?;
        Box::new(std::io::BufReader::with_capacity(1 << 16, f))
    };
    let io = |e: std::io::Error| InputError::new(&name, format!("cannot read: {}", io_reason(&e)));
    let mut r = Replayer::new(path, tick_ms, settings, metas, warn);
    // Parsing is about a third of the work: a reader thread parses batches while this
    // thread evaluates ticks, so the two overlap on a second core.
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<(usize, Parsed)>>(8);
    let parser = std::thread::spawn(move || parse_batches(reader, tx));
    // Errors writing the output (ticks to stdout, warnings to stderr) are not errors of
    // the input: `| head -1` used to blame the file ("cannot read: Broken pipe").
    let mut written = Ok(());
    'batches: for batch in rx {
        for (number, parsed) in batch {
            written = r.accept(number, parsed, sink);
            if written.is_err() {
                // Dropping the receiver stops the reader thread at its next batch.
                break 'batches;
            }
        }
    }
    let read = parser
        .join()
        .unwrap_or_else(|_| Err(std::io::Error::other("the reader thread panicked")));
    if written.is_ok() {
        read.map_err(io)?;
        written = r.finish_in_place(sink);
    }
    match written {
        Ok(()) => Ok(r.summary()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            let mut summary = r.summary();
            summary.output_closed = true;
            Ok(summary)
        }
        Err(e) => Err(InputError::new(
            "<output>",
            format!("cannot write: {}", io_reason(&e)),
        )),
    }
}

/// Lines per batch sent from the reader thread.
const BATCH: usize = 4096;

fn parse_batches(
    mut reader: Box<dyn BufRead + Send>,
    tx: std::sync::mpsc::SyncSender<Vec<(usize, Parsed)>>,
) -> std::io::Result<()> {
    let mut cache = TsCache::default();
    let mut buf = Vec::new();
    let mut batch = Vec::with_capacity(BATCH);
    let mut number = 0;
    loop {
        buf.clear();
        if reader.read_until(b'\n', &mut buf)? == 0 {
            break;
        }
        number += 1;
        let parsed = match std::str::from_utf8(&buf) {
            Ok(line) => parse_record(line, &mut cache),
            Err(_) => Some(Err("invalid UTF-8".to_string())),
        };
        if let Some(p) = parsed {
            batch.push((number, p));
        }
        if batch.len() == BATCH {
            let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
            if tx.send(full).is_err() {
                return Ok(()); // the evaluator stopped (output closed)
            }
        }
    }
    let _ = tx.send(batch);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{FlapRule, Policy};

    struct Collect(Vec<Snapshot>);
    impl TickSink for Collect {
        fn tick(&mut self, s: Snapshot) -> std::io::Result<()> {
            self.0.push(s);
            Ok(())
        }
    }

    fn settings() -> MonitorSettings {
        MonitorSettings {
            policy: Policy::default(),
            window_ms: 300_000,
            flap: FlapRule::default(),
            keep_history: false,
            choices: Vec::new(),
            policy_set_by: None,
        }
    }

    fn run(lines: &[&str]) -> (Vec<Snapshot>, ReplaySummary, String) {
        let mut warn = Vec::new();
        let mut sink = Collect(Vec::new());
        let mut r = Replayer::new("obs.jsonl", 10_000, settings(), Vec::new(), &mut warn);
        for (i, l) in lines.iter().enumerate() {
            r.line(i + 1, l, &mut sink).unwrap();
        }
        let summary = r.finish(&mut sink).unwrap();
        (sink.0, summary, String::from_utf8(warn).unwrap())
    }

    const A0: &str =
        r#"{"ts":"2026-11-24T10:00:00Z","channel":"A","ok":true,"latency_ms":50,"error":null}"#;
    const B3: &str = r#"{"ts":"2026-11-24T10:00:03Z","channel":"B","ok":true,"latency_ms":150}"#;
    const A12: &str = r#"{"ts":"2026-11-24T10:00:12Z","channel":"A","ok":false,"latency_ms":null,"error":"timeout"}"#;
    const A35: &str =
        r#"{"ts":"2026-11-24T10:00:35+00:00","channel":"A","ok":true,"latency_ms":40}"#;

    /// A record a year later prints one empty tick and one line
    /// saying how many were skipped, not 3.1 M lines; the grid stays aligned.
    #[test]
    fn a_long_gap_is_collapsed_into_one_line() {
        let later = r#"{"ts":"2027-11-24T10:00:05Z","channel":"A","ok":true,"latency_ms":50}"#;
        let (snaps, summary, warn) = run(&[A0, later]);
        let ts: Vec<_> = snaps.iter().map(|s| s.timestamp.as_str()).collect();
        // The first tick, the first empty one, then the tick holding the late record.
        assert_eq!(
            ts,
            [
                "2026-11-24T10:00:10Z",
                "2026-11-24T10:00:20Z",
                "2027-11-24T10:00:10Z"
            ]
        );
        let skipped = 365 * 8640 - 2;
        assert_eq!(summary.empty_ticks_skipped, skipped);
        assert_eq!(
            warn,
            format!(
                "switchboard: obs.jsonl: no records from 2026-11-24T10:00:20Z to \
                 2027-11-24T10:00:00Z: {skipped} empty ticks skipped\n"
            )
        );
        // Short gaps still print every tick.
        let (snaps, summary, _) = run(&[A0, A35]);
        assert_eq!((snaps.len(), summary.empty_ticks_skipped), (4, 0));
    }

    /// Replay passes the window's trend to the rules like
    /// the live poller, so an EXCELLENT channel whose latency falls wins priority 1 over
    /// a faster STABLE one (forcing STABLE made it lose in replay too). The rule picks it;
    /// the hysteresis then keeps the incumbent, since the bonus alone is not a margin.
    #[test]
    fn an_improving_excellent_channel_wins_priority_one_in_replay() {
        let mut lines = Vec::new();
        for t in 0..30 {
            let better = if t < 20 { 90 } else { 30 };
            for (ch, ms) in [("Steady", 20), ("Better", better)] {
                lines.push(format!(
                    r#"{{"ts":"2026-11-24T10:00:{t:02}Z","channel":"{ch}","ok":true,"latency_ms":{ms}}}"#
                ));
            }
        }
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let (snaps, _, warn) = run(&refs);
        assert_eq!(warn, "");
        let last = snaps.last().expect("ticks");
        let better = last.channel("Better").expect("Better");
        assert_eq!(better.eval.health, crate::domain::Health::Excellent);
        assert_eq!(better.eval.input.trend, crate::domain::Trend::Improving);
        assert_eq!(better.eval.routing_priority, 1);
        let steady = last.channel("Steady").expect("Steady");
        assert_eq!(steady.eval.routing_priority, 2);
        assert!(
            last.routing
                .reason
                .contains("Better is not better by a margin"),
            "the rule's pick is Better: {}",
            last.routing.reason
        );
    }

    /// A closed output ends the replay quietly; it is not an input error.
    #[test]
    fn a_closed_output_stops_quietly_and_blames_nobody() {
        struct Closed;
        impl TickSink for Closed {
            fn tick(&mut self, _: Snapshot) -> std::io::Result<()> {
                Err(std::io::ErrorKind::BrokenPipe.into())
            }
        }
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("obs.jsonl");
        std::fs::write(&path, [A0, B3, A12, A35].join("\n")).expect("write");
        let mut warn = Vec::new();
        let summary = replay(
            path.to_str().expect("utf-8 path"),
            10_000,
            settings(),
            Vec::new(),
            &mut Closed,
            &mut warn,
        )
        .expect("a closed output is not an error");
        assert!(summary.output_closed);
        assert_eq!(summary.ticks, 1);
        assert!(warn.is_empty());
    }

    #[test]
    fn ticks_align_to_first_record_and_fill_gaps() {
        let (snaps, summary, warn) = run(&[A0, B3, A12, A35]);
        let ts: Vec<_> = snaps.iter().map(|s| s.timestamp.as_str()).collect();
        assert_eq!(
            ts,
            [
                "2026-11-24T10:00:10Z",
                "2026-11-24T10:00:20Z",
                "2026-11-24T10:00:30Z",
                "2026-11-24T10:00:40Z"
            ]
        );
        assert_eq!(summary.ticks, 4);
        assert_eq!(summary.records, 4);
        assert_eq!(warn, "");
        let names: Vec<_> = snaps[0].channels.iter().map(|c| c.name()).collect();
        assert_eq!(names, ["A", "B"]);
        assert_eq!(
            snaps[1]
                .channel("A")
                .unwrap()
                .eval
                .input
                .availability
                .to_string(),
            "50"
        );
    }

    #[test]
    fn out_of_order_within_a_tick_is_the_same() {
        const B15: &str =
            r#"{"ts":"2026-11-24T10:00:15Z","channel":"B","ok":false,"error":"reset"}"#;
        let (a, ..) = run(&[A0, B3, A12, B15]);
        let (b, ..) = run(&[A0, B3, B15, A12]);
        assert_eq!(a.len(), 2);
        assert_eq!(b.len(), 2);
        // Channel order follows first sight, so compare by channel.
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x.routing, y.routing);
            for c in &x.channels {
                assert_eq!(Some(&c.eval), y.channel(c.name()).map(|v| &v.eval));
            }
        }
    }

    #[test]
    fn an_earlier_record_still_joins_the_first_tick() {
        let (snaps, summary, warn) = run(&[B3, A0]);
        assert_eq!((summary.skipped, summary.ticks, warn.as_str()), (0, 1, ""));
        assert_eq!(snaps[0].timestamp, "2026-11-24T10:00:13Z");
        assert_eq!(snaps[0].channels.len(), 2);
    }

    /// Absurd numbers are skipped lines naming the field.
    #[test]
    fn absurd_numbers_are_skipped_with_the_field_named() {
        let (_, summary, warn) = run(&[
            A0,
            r#"{"ts":"2026-11-24T10:00:01Z","channel":"A","ok":true,"latency_ms":1e308}"#,
            r#"{"ts":"2026-11-24T10:00:02Z","channel":"A","ok":true,"latency_ms":1,"cost_per_1k_tokens":-1}"#,
        ]);
        assert_eq!(summary.skipped, 2);
        let lines: Vec<_> = warn.lines().collect();
        assert_eq!(
            lines[0],
            "switchboard: obs.jsonl:2: skipped: latency_ms 1e308 is out of range (0–1000000000)"
        );
        assert!(
            lines[1].contains("obs.jsonl:3: skipped: cost_per_1k_tokens -1"),
            "{warn}"
        );
    }

    #[test]
    fn bad_lines_are_reported_with_numbers_and_counted() {
        let (snaps, summary, warn) = run(&[
            A0,
            "not json",
            r#"{"ts":"yesterday","channel":"A","ok":true,"latency_ms":1}"#,
            r#"{"ts":"2026-11-24T10:00:01Z","channel":"A","ok":true}"#,
            r#"{"ts":"2026-11-24T10:00:01Z","channel":"A","ok":"yes","latency_ms":1}"#,
            A12,
            r#"{"ts":"2026-11-24T09:59:00Z","channel":"A","ok":true,"latency_ms":1}"#,
        ]);
        assert_eq!(summary.skipped, 5);
        let lines: Vec<_> = warn.lines().collect();
        assert!(
            lines[0].starts_with("switchboard: obs.jsonl:2: skipped: expected"),
            "{warn}"
        );
        assert!(
            lines[1].starts_with("switchboard: obs.jsonl:3: skipped: bad ts \"yesterday\""),
            "{warn}"
        );
        assert_eq!(
            lines[2],
            "switchboard: obs.jsonl:4: skipped: ok record without latency_ms"
        );
        assert!(
            lines[3].contains("obs.jsonl:5: skipped: invalid type"),
            "{warn}"
        );
        assert!(
            lines[4].contains("obs.jsonl:7: skipped: record is older"),
            "{warn}"
        );
        assert_eq!(snaps.last().unwrap().source.skipped, Some(5));
    }
}
