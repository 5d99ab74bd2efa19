//! Synthetic, deterministic console inputs shared by the TUI tests and benchmarks
//! (included by `benches/tui_render.rs` on its own, so it uses nothing else of `common`):
//! snapshots built from inline metrics files or from a `Monitor` fed fixed timestamps,
//! and whole screens rendered on a `TestBackend` at an injected "now".
#![allow(dead_code)]

use std::sync::Arc;
use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use switchboard::domain::{FlapRule, Policy};
use switchboard::monitor::{ChannelMeta, Monitor, MonitorSettings, Observation};
use switchboard::snapshot::{LiveInfo, PollerState, Snapshot, SourceInfo};
use switchboard::source::metrics_file::MetricsFile;
use switchboard::tui::ui::theme::Theme;
use switchboard::tui::{Action, App, ConsoleOptions};

/// 2026-11-24T10:00:00Z: every synthetic screen is drawn at this moment.
pub const NOW_MS: i64 = 1_795_514_400_000;
pub const INTERVAL: Duration = Duration::from_secs(2);

/// A snapshot of an inline metrics file.
pub fn file_snapshot(json: &str) -> Snapshot {
    let f = MetricsFile::parse("metrics.json", json.as_bytes()).expect("valid inline metrics");
    f.snapshot(&Policy::default(), "/var/lib/monitor/metrics.json")
}

/// Hourly means for a file channel: a gentle daily wave around `base`.
pub fn hourly(base: f64) -> String {
    let v: Vec<String> = (0..24)
        .map(|h| {
            format!(
                "{:.1}",
                base * (1.0 + 0.3 * ((h as f64) / 24.0 * std::f64::consts::TAU).sin())
            )
        })
        .collect();
    format!("[{}]", v.join(","))
}

pub fn healthy_file() -> String {
    format!(
        r#"{{"OverallHealth":"EXCELLENT","EffectiveAvailability":99.9,"Timestamp":"2026-11-24T09:59:30",
        "Channels":{{
          "Local":{{"Availability":99.9,"Mean":38.4,"P95":71,"Median":35,"Min":20,"Max":140,"Std":12.5,"Count":288,"Spikes":2,"BaselineAlerts":0,"AdaptiveAlerts":1,"BaselineWarns":0,"AdaptiveWarns":2,"Trend":{{"Direction":"IMPROVING","ShortMeanMs":35.1,"LongMeanMs":40.2}},"HourlyLatency":{}}},
          "Cloud":{{"Availability":100,"Mean":150.2,"P95":190,"Trend":{{"Direction":"STABLE"}},"HourlyLatency":{}}},
          "Gateway":{{"Availability":99.5,"Mean":90.5,"P95":120,"Trend":{{"Direction":"DEGRADING"}},"HourlyLatency":{}}}}},
        "OptionalChannels":{{"Edge":{{"Availability":99,"Mean":60,"P95":80}}}}}}"#,
        hourly(38.0),
        hourly(150.0),
        hourly(90.0)
    )
}

pub fn no_core_file() -> String {
    r#"{"OverallHealth":"GOOD","EffectiveAvailability":99,"Timestamp":"2026-11-24T09:59:30",
       "Channels":{},
       "OptionalChannels":{"Edge":{"Availability":99,"Mean":60,"P95":80},"Batch":{"Availability":97,"Mean":180}}}"#
        .to_string()
}

/// Per channel: latencies of its probes, oldest first (`None` = failed probe).
pub type Script<'a> = &'a [(&'a str, bool, &'a [Option<f64>])];

/// A live snapshot as the poller would publish it at `at_ms`, probes `INTERVAL` apart.
pub fn live_snapshot(script: Script, at_ms: i64, poller: PollerState, rounds: u64) -> Snapshot {
    let metas = script
        .iter()
        .map(|(name, optional, _)| ChannelMeta {
            name: name.to_string(),
            optional: *optional,
            region: None,
            cost_per_1k_tokens: None,
        })
        .collect();
    let settings = MonitorSettings {
        policy: Policy::default(),
        window_ms: 120_000,
        flap: FlapRule::default(),
        keep_history: true,
        choices: Vec::new(),
        policy_set_by: None,
    };
    let source = SourceInfo {
        kind: "demo",
        path: None,
        skipped: None,
        error: None,
    };
    let mut m = Monitor::new(settings, metas, source);
    for (name, _, probes) in script {
        let n = probes.len() as i64;
        for (k, p) in probes.iter().enumerate() {
            m.ingest(&Observation {
                at_ms: at_ms - (n - 1 - k as i64) * INTERVAL.as_millis() as i64,
                channel: name.to_string(),
                ok: p.is_some(),
                latency_ms: *p,
                error: p.is_none().then(|| "connection refused".to_string()),
                status: p.map(|_| 200),
                region: None,
                cost_per_1k_tokens: None,
            });
        }
    }
    let info = LiveInfo {
        poller,
        interval: INTERVAL,
        rounds,
        at_ms,
        faults: Vec::new(),
        clock: switchboard::base::clock::Clock::new(),
    };
    m.snapshot(at_ms, Some(info))
}

/// `n` probes around `base` ms with a little deterministic wiggle.
pub fn steady(base: f64, n: usize) -> Vec<Option<f64>> {
    (0..n)
        .map(|i| Some(base + ((i * 7) % 5) as f64 * base * 0.04))
        .collect()
}

/// `steady`, but the last `fails` probes failed.
pub fn failing(base: f64, n: usize, fails: usize) -> Vec<Option<f64>> {
    let mut v = steady(base, n);
    for x in v.iter_mut().rev().take(fails) {
        *x = None;
    }
    v
}

pub fn live_healthy(at_ms: i64) -> Snapshot {
    let (l, c, g) = (steady(35.0, 30), steady(150.0, 30), steady(90.0, 30));
    let script: Script = &[
        ("Local", false, &l),
        ("Cloud", false, &c),
        ("Gateway", false, &g),
    ];
    live_snapshot(script, at_ms, PollerState::Running, 30)
}

/// Gateway down for its last `fails` probes (OFFLINE after two), which drags the
/// effective availability below 95 % so that recovery triggers.
pub fn live_gateway_down(at_ms: i64, fails: usize) -> Snapshot {
    let (l, c, g) = (
        steady(35.0, 30),
        steady(150.0, 30),
        failing(90.0, 30, fails),
    );
    let script: Script = &[
        ("Local", false, &l),
        ("Cloud", false, &c),
        ("Gateway", false, &g),
    ];
    live_snapshot(script, at_ms, PollerState::Running, 30)
}

/// `n` live channels (benchmarks).
pub fn live_many(n: usize, at_ms: i64) -> Snapshot {
    let names: Vec<String> = (0..n).map(|i| format!("channel-{i:03}")).collect();
    let probes: Vec<Vec<Option<f64>>> = (0..n)
        .map(|i| {
            if i % 17 == 5 {
                failing(80.0 + i as f64, 60, 3)
            } else {
                steady(20.0 + (i * 13 % 250) as f64, 60)
            }
        })
        .collect();
    let script: Vec<(&str, bool, &[Option<f64>])> = names
        .iter()
        .zip(&probes)
        .enumerate()
        .map(|(i, (name, p))| (name.as_str(), i % 10 == 9, p.as_slice()))
        .collect();
    live_snapshot(&script, at_ms, PollerState::Running, 60)
}

pub fn options(color: bool) -> ConsoleOptions {
    ConsoleOptions {
        theme: Theme::new(color),
        ..ConsoleOptions::default()
    }
}

pub fn app(snap: Snapshot, color: bool) -> App {
    App::new(Arc::new(snap), options(color))
}

/// One key press without modifiers, handled at [`NOW_MS`].
pub fn key(app: &mut App, code: KeyCode) {
    app.update(NOW_MS, Action::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

/// Draws `app` on a fresh `w`×`h` test terminal at `now_ms`.
pub fn render(app: &mut App, w: u16, h: u16, now_ms: i64) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    t.draw(|f| switchboard::tui::ui::draw(f, app, now_ms))
        .expect("draws");
    t
}

/// The screen's text, one line per row, trailing spaces trimmed.
pub fn text(t: &Terminal<TestBackend>) -> String {
    let buf = t.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..buf.area.width {
            let cell = &buf[(x, y)];
            if skip > 0 {
                skip -= 1;
                continue;
            }
            line.push_str(cell.symbol());
            skip = unicode_width::UnicodeWidthStr::width(cell.symbol()).saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
