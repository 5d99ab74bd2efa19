//! Full console frames with 100 and 1,000 live channels: `Terminal::draw` on a
//! `TestBackend` (layout, every pane, and the diff against the previous frame), alternating
//! between two snapshots so that each frame really changes. Bars: 100 channels ≤ 1 ms at
//! 200×50 and ≤ 0.3 ms at 80×24; 1,000 channels (paged to the end, and filtered) ≤ 2 ms
//! at 200×50.

use std::hint::black_box;
use std::sync::Arc;

use criterion::{criterion_group, criterion_main, Criterion};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use switchboard::tui::{Action, App};

#[path = "../tests/common/tui.rs"]
mod tui_support;
use tui_support::*;

fn key(app: &mut App, code: KeyCode) {
    app.update(NOW_MS, Action::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn keys(app: &mut App, text: &str) {
    text.chars().for_each(|c| key(app, KeyCode::Char(c)));
}

/// What the 1,000-channel frames show besides the plain list.
#[derive(Clone, Copy)]
enum View {
    Top,
    /// Paged to the last channel (End), the worst case for a list that skips rows.
    End,
    /// `/channel-9` applied: the 100 rows channel-900 … channel-999.
    Filtered,
}

/// A busy console: `n` channels, some events, and a status answer in the chat.
fn busy_app(n: usize, view: View) -> (App, [Arc<switchboard::snapshot::Snapshot>; 2]) {
    let a = Arc::new(live_many(n, NOW_MS - 2_000));
    let b = Arc::new(live_many(n, NOW_MS - 1_000));
    let mut app = App::new(a.clone(), options(true));
    keys(&mut app, ":status");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Esc);
    match view {
        View::Top => {}
        View::End => key(&mut app, KeyCode::End),
        View::Filtered => {
            keys(&mut app, "/channel-9");
            key(&mut app, KeyCode::Enter);
        }
    }
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
fn cpu_per_frame(n: usize, view: View, name: &str, w: u16, h: u16) {
    let (mut app, snaps) = busy_app(n, view);
    let mut term = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    let frames = 4_000;
    let (Some(t0), start) = (thread_cpu_ticks(), std::time::Instant::now()) else {
        return;
    };
    for k in 0..frames {
        app.snap = snaps[k % 2].clone();
        term.draw(|f| switchboard::tui::ui::draw(f, black_box(&mut app), NOW_MS + k as i64))
            .expect("draws");
    }
    let wall = start.elapsed().as_secs_f64() * 1e6 / frames as f64;
    if let Some(t1) = thread_cpu_ticks() {
        let cpu = (t1 - t0) as f64 * 10_000.0 / frames as f64;
        eprintln!("frame {name} {w}x{h}: {cpu:.0} µs CPU, {wall:.0} µs wall per frame");
    }
}

fn bench(c: &mut Criterion) {
    let cases = [
        (100, View::Top, "100 channels", 200u16, 50u16),
        (100, View::Top, "100 channels", 80, 24),
        (1_000, View::Top, "1000 channels", 200, 50),
        (1_000, View::End, "1000 channels at End", 200, 50),
        (1_000, View::Filtered, "1000 channels filtered", 200, 50),
    ];
    for (n, view, name, w, h) in cases {
        cpu_per_frame(n, view, name, w, h);
    }
    for (n, view, name, w, h) in cases {
        let (mut app, snaps) = busy_app(n, view);
        let mut term = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
        let mut k = 0usize;
        c.bench_function(&format!("frame {name} {w}x{h}"), |bench| {
            bench.iter(|| {
                k += 1;
                app.snap = snaps[k % 2].clone();
                term.draw(|f| {
                    switchboard::tui::ui::draw(f, black_box(&mut app), NOW_MS + k as i64)
                })
                .expect("draws");
            })
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
