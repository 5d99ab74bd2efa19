//! The console with hostile input (tests/tui_screens.rs style): channel names holding an
//! OSC title, OSC 52, `ESC[2J`, a newline, bidi overrides and C1 controls; a failed
//! probe's error and a poller failure message holding escape sequences; a ChatOps
//! question quoting them. Every pane shows them as visible `\u{…}` escapes through the
//! shared sanitiser, table columns stay aligned, a long name is cut in the table and
//! shown whole in the detail view. Screens are insta snapshots of the text (monochrome).

mod common;

use std::sync::Arc;

use common::tui::*;
use crossterm::event::KeyCode;
use switchboard::snapshot::PollerState;
use switchboard::tui::app::View;
use switchboard::tui::{Action, App};

const LONG: &str = "a-channel-name-far-too-long-for-any-table-column-0123456789";

fn ask(app: &mut App, text: &str) {
    key(app, KeyCode::Char(':'));
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
    key(app, KeyCode::Enter);
}

fn hostile_file() -> String {
    format!(
        r#"{{"OverallHealth":"GO\u001b]0;x\u0007OD","EffectiveAvailability":99,"Timestamp":"2026-11-24T09:59:30\u001b[2J",
        "Channels":{{
          "Title\u001b]0;pwned\u0007":{{"Availability":99.9,"Mean":38.4,"P95":71,"Trend":{{"Direction":"STA\u001b[31mBLE"}}}},
          "Clip\u001b]52;c;cGF5bG9hZA==\u0007":{{"Availability":100,"Mean":150.2,"P95":190}},
          "Evil\nFake      EXCELLENT":{{"Availability":0,"Mean":90.5}},
          "\u202eyawetaG\u2066x\u2069":{{"Availability":99.5,"Mean":90.5,"P95":120}},
          "C1\u009b2J\u0085":{{"Availability":97,"Mean":120}},
          "{LONG}":{{"Availability":99.5,"Mean":70,"HourlyLatency":{}}}}}}}"#,
        hourly(70.0)
    )
}

fn hostile_main() -> App {
    let mut a = app(file_snapshot(&hostile_file()), false);
    a.feed.updated_ms = Some(NOW_MS - 30_000);
    ask(&mut a, "status");
    a
}

fn hostile_detail() -> App {
    let mut a = app(file_snapshot(&hostile_file()), false);
    a.feed.updated_ms = Some(NOW_MS - 30_000);
    a.view = View::Detail(LONG.into());
    a
}

fn hostile_live() -> App {
    let (ok, down) = (steady(40.0, 30), failing(90.0, 30, 5));
    let script: Script = &[
        ("Sim\u{1b}]0;pwned\u{7}", false, &ok),
        ("Gate\u{202e}yaw\u{1b}[2J", false, &down),
    ];
    let mut snap = live_snapshot(
        script,
        NOW_MS - 1_000,
        PollerState::Failed("probe \u{1b}]52;c;aGk=\u{7} died\nfake line".into()),
        30,
    );
    snap.channels[1].details.last_error = Some("exit code 1: \u{1b}[2J\u{9b}31m oops".into());
    let mut a = app(live_healthy(NOW_MS - 3_000), false);
    a.update(NOW_MS - 1_000, Action::Snapshot(Arc::new(snap)));
    a
}

fn hostile_live_detail() -> App {
    let mut a = hostile_live();
    a.view = View::Detail("Gate\u{202e}yaw\u{1b}[2J".into());
    a
}

/// No cell may hold a character a terminal acts on or reorders by.
fn assert_cells_safe(name: &str, screen: &str) {
    for c in screen.chars() {
        let bad = c == '\u{1b}'
            || c.is_control() && c != '\n'
            || ('\u{202a}'..='\u{202e}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c);
        assert!(!bad, "{name}: raw {c:?} on screen:\n{screen}");
    }
    assert!(
        !screen
            .lines()
            .any(|l| l.contains("│Fake") || l.starts_with("Fake")),
        "{name}: a name's newline drew a row of its own:\n{screen}"
    );
}

type Build = fn() -> App;

#[test]
fn hostile_screens() {
    let scenarios: [(&str, Build); 4] = [
        ("hostile_main", hostile_main),
        ("hostile_detail", hostile_detail),
        ("hostile_live", hostile_live),
        ("hostile_live_detail", hostile_live_detail),
    ];
    for (name, build) in scenarios {
        for (w, h) in [(120, 40), (80, 24)] {
            let screen = text(&render(&mut build(), w, h, NOW_MS));
            assert_cells_safe(name, &screen);
            insta::assert_snapshot!(format!("{name}_{w}x{h}"), screen);
        }
    }
}

#[test]
fn escapes_are_visible_and_columns_aligned() {
    let s = text(&render(&mut hostile_main(), 120, 40, NOW_MS));
    assert!(s.contains("Title\\u{1b}]0;pwn"), "{s}");
    assert!(s.contains("\\u{202e}yawetaG"), "{s}");
    // The chat reply quotes the names too.
    assert!(s.contains("Evil\\u{a}Fake"), "{s}");
    // Every table row puts its health symbol in the same column.
    let header = s.lines().find(|l| l.contains("CHANNEL")).expect("table");
    let col =
        unicode_width::UnicodeWidthStr::width(&header[..header.find("HEALTH").expect("HEALTH")]);
    let rows: Vec<&str> = s
        .lines()
        .skip_while(|l| !l.contains("CHANNEL"))
        .skip(1)
        .take(6)
        .collect();
    for row in &rows {
        let at: String = row
            .chars()
            .scan(0, |w, c| {
                let here = *w;
                *w += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
                Some((here, c))
            })
            .skip_while(|(here, _)| *here < col)
            .map(|(_, c)| c)
            .take(1)
            .collect();
        assert!(
            ["●", "▲", "▼", "✕"].contains(&at.as_str()),
            "health symbol not at column {col}: {row}"
        );
    }
    // The long name is cut in the table, whole in the detail view.
    assert!(rows.iter().any(|r| r.contains("a-channel-name-fa…")), "{s}");
    assert!(!rows.iter().any(|r| r.contains(LONG)), "{s}");
    // (Stacked layout: the facts have the full width; side by side they wrap the name.)
    let d = text(&render(&mut hostile_detail(), 80, 24, NOW_MS));
    assert!(d.contains(LONG), "{d}");
}

#[test]
fn live_errors_and_poller_failures_are_escaped() {
    let s = text(&render(&mut hostile_live(), 120, 40, NOW_MS));
    assert!(s.contains("POLLER FAILED: probe \\u{1b}]52;c;aGk="), "{s}");
    let d = text(&render(&mut hostile_live_detail(), 120, 40, NOW_MS));
    assert!(d.contains("\\u{1b}[2J\\u{9b}31m oops"), "{d}");
}
