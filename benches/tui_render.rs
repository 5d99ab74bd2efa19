//! Full console frames with 100 live channels: `Terminal::draw` on a `TestBackend`
//! (layout, every pane, and the diff against the previous frame), alternating between two
//! snapshots so that each frame really changes. Bars: ≤ 1 ms at 200×50, ≤ 0.3 ms at 80×24.

use std::hint::black_box;
use std::sync::Arc;

use criterion::{criterion_group, criterion_main, Criterion};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use switchboard::tui::{Action, App};

#[path = "../tests/tui_support/mod.rs"]
mod tui_support;
use tui_support::*;

/// A busy console: 100 channels, some events, and a status answer in the chat.
fn busy_app() -> (App, [Arc<switchboard::snapshot::Snapshot>; 2]) {
    let a = Arc::new(live_many(100, NOW_MS - 2_000));
    let b = Arc::new(live_many(100, NOW_MS - 1_000));
    let mut app = App::new(a.clone(), options(true));
    for c in "status".chars() {
        let k = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        app.update(NOW_MS, Action::Key(k));
    }
    app.update(
        NOW_MS,
        Action::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    );
    app.update(
        NOW_MS,
        Action::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)),
    );
    for i in 0..20 {
        app.events.push(
            NOW_MS - i * 1000,
            switchboard::tui::ui::theme::Sev::Warn,
            format!("channel-{i:03} GOOD → DEGRADED"),
        );
    }
    (app, [a, b])
}

/// This thread's CPU time (utime + stime) in clock ticks of 10 ms, from procfs.
fn thread_cpu_ticks() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // Fields after the command name, which is in parentheses and may contain spaces.
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    Some(f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?)
}

/// CPU time per frame, which unlike wall time does not grow when other processes share
/// the cores (criterion reports wall time).
fn cpu_per_frame(w: u16, h: u16) {
    let (mut app, snaps) = busy_app();
    let mut term = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    let frames = 4_000;
    let (Some(t0), start) = (thread_cpu_ticks(), std::time::Instant::now()) else {
        return;
    };
    for k in 0..frames {
        app.snap = snaps[k % 2].clone();
        term.draw(|f| switchboard::tui::ui::draw(f, black_box(&app), NOW_MS + k as i64))
            .expect("draws");
    }
    let wall = start.elapsed().as_secs_f64() * 1e6 / frames as f64;
    if let Some(t1) = thread_cpu_ticks() {
        let cpu = (t1 - t0) as f64 * 10_000.0 / frames as f64;
        eprintln!("frame 100 channels {w}x{h}: {cpu:.0} µs CPU, {wall:.0} µs wall per frame");
    }
}

fn bench(c: &mut Criterion) {
    cpu_per_frame(200, 50);
    cpu_per_frame(80, 24);
    for (w, h) in [(200u16, 50u16), (80, 24)] {
        let (mut app, snaps) = busy_app();
        let mut term = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
        let mut k = 0usize;
        c.bench_function(&format!("frame 100 channels {w}x{h}"), |bench| {
            bench.iter(|| {
                k += 1;
                app.snap = snaps[k % 2].clone();
                term.draw(|f| switchboard::tui::ui::draw(f, black_box(&app), NOW_MS + k as i64))
                    .expect("draws");
            })
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
