//! Whole-screen snapshots of the console (insta) from synthetic, deterministic snapshots at
//! 80×24, 120×40 and 50×12, in colour and monochrome (NO_COLOR), for every state an
//! operator must be able to read: healthy, a channel OFFLINE with recovery triggered, no
//! core channel, stale data, a failed poller, the help overlay, the detail view and a
//! pending confirmation. The snapshots hold the styles too, so a lost colour or a lost
//! bold shows up in review.

mod common;

use std::sync::Arc;

use common::tui::*;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Color;
use switchboard::domain::audit::{AuditEvent, Verify};
use switchboard::domain::guard::RecoveryState;
use switchboard::snapshot::{ChannelRecovery, ExecutorView, PollerState, RecoveryRecord};
use switchboard::tui::app::View;
use switchboard::tui::{Action, App};

const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (50, 12)];

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
}

/// Builds a scenario's app for a colour choice.
type Build = fn(bool) -> App;

fn scenarios() -> Vec<(&'static str, Build)> {
    vec![
        ("healthy", healthy),
        ("offline_recovery", offline_recovery),
        ("no_core_channel", no_core_channel),
        ("stale", stale),
        ("poller_failed", poller_failed),
        ("help", help),
        ("detail", detail),
        ("detail_live", detail_live),
        ("confirm", confirm),
        ("recovery_running", recovery_running),
        ("recovery_escalated", recovery_escalated),
    ]
}

/// The executor as the poller attaches it: `Gateway` in `state`, one earlier record.
fn executor(state: RecoveryState, failures: u32) -> ExecutorView {
    let gateway = ChannelRecovery {
        name: "Gateway".into(),
        state,
        actions: vec!["restart_gateway".into()],
        failures,
        running: (state == RecoveryState::Running)
            .then(|| ("restart_gateway".to_string(), NOW_MS - 7_000)),
        next_allowed_ms: None,
        escalated_since_ms: (state == RecoveryState::Escalated).then_some(NOW_MS - 60_000),
    };
    let idle = |name: &str| ChannelRecovery {
        name: name.into(),
        state: RecoveryState::Idle,
        actions: Vec::new(),
        failures: 0,
        running: None,
        next_allowed_ms: None,
        escalated_since_ms: None,
    };
    ExecutorView {
        auto: true,
        channels: vec![idle("Local"), idle("Cloud"), gateway],
        recent: vec![RecoveryRecord {
            at_ms: NOW_MS - 3_600_000,
            channel: "Gateway".into(),
            event: AuditEvent::Verify(Verify {
                channel: "Gateway".into(),
                attempt: 1,
                ok: true,
                down_ms: Some(8_000),
            }),
            ok: true,
            dry_run: false,
        }],
        success_rate: Some(90.0),
        mttr_s: Some(8.4),
        audit_path: Some("/state/audit.jsonl".into()),
        ..ExecutorView::default()
    }
}

fn with_executor(color: bool, x: ExecutorView) -> App {
    let mut a = offline_recovery(color);
    let mut snap = (*a.snap).clone();
    snap.executor = Some(Arc::new(x));
    a.update(NOW_MS - 1_000, Action::Snapshot(Arc::new(snap)));
    a
}

fn recovery_running(color: bool) -> App {
    with_executor(color, executor(RecoveryState::Running, 0))
}

fn recovery_escalated(color: bool) -> App {
    with_executor(color, executor(RecoveryState::Escalated, 3))
}

fn healthy(color: bool) -> App {
    let mut a = app(file_snapshot(&healthy_file()), color);
    a.feed.updated_ms = Some(NOW_MS - 30_000);
    a
}

fn offline_recovery(color: bool) -> App {
    let mut a = app(live_healthy(NOW_MS - 30_000), color);
    a.update(
        NOW_MS - 4_000,
        Action::Snapshot(Arc::new(live_gateway_down(NOW_MS - 4_000, 2))),
    );
    a.update(
        NOW_MS - 2_000,
        Action::Snapshot(Arc::new(live_gateway_down(NOW_MS - 2_000, 12))),
    );
    a.channels.selected = Some("Gateway".into());
    a
}

fn no_core_channel(color: bool) -> App {
    let mut a = app(file_snapshot(&no_core_file()), color);
    a.feed.updated_ms = Some(NOW_MS - 125_000);
    a
}

fn stale(color: bool) -> App {
    app(live_healthy(NOW_MS - 17_000), color)
}

fn poller_failed(color: bool) -> App {
    let mut a = app(live_healthy(NOW_MS - 8_000), color);
    let failed = live_snapshot(
        &[
            ("Local", false, &steady(35.0, 30)),
            ("Cloud", false, &steady(150.0, 30)),
            ("Gateway", false, &steady(90.0, 30)),
        ],
        NOW_MS - 6_000,
        PollerState::Failed("poller crashed: probe exploded".into()),
        31,
    );
    a.update(NOW_MS - 6_000, Action::Snapshot(Arc::new(failed)));
    a
}

/// The daemon is out of descriptors: said as such, never as a channel's failure.
fn daemon_fault(color: bool) -> App {
    let mut a = app(live_healthy(NOW_MS - 8_000), color);
    let mut s = live_healthy(NOW_MS - 6_000);
    if let Some(l) = s.live.as_mut() {
        l.faults = vec!["out of file descriptors: accept: Too many open files".into()];
    }
    a.update(NOW_MS - 6_000, Action::Snapshot(Arc::new(s)));
    a
}

fn help(color: bool) -> App {
    let mut a = healthy(color);
    key(&mut a, KeyCode::Char('?'));
    a
}

fn detail(color: bool) -> App {
    let mut a = healthy(color);
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.view, View::Detail("Local".into()));
    a
}

fn detail_live(color: bool) -> App {
    let mut a = offline_recovery(color);
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.view, View::Detail("Gateway".into()));
    a
}

fn confirm(color: bool) -> App {
    let mut a = app(live_healthy(NOW_MS - 1_000), color);
    key(&mut a, KeyCode::Char(':'));
    type_text(&mut a, "pause");
    key(&mut a, KeyCode::Enter);
    assert!(a.chat.pending.is_some(), "pause waits for y/N");
    a
}

#[test]
fn screens() {
    for (name, build) in scenarios() {
        for color in [true, false] {
            for (w, h) in SIZES {
                let mut app = build(color);
                let t = render(&mut app, w, h, NOW_MS);
                let mode = if color { "color" } else { "mono" };
                let snap_name = format!("{name}_{w}x{h}_{mode}");
                insta::assert_snapshot!(snap_name, format!("{:?}", t.backend().buffer()));
            }
        }
    }
}

/// NO_COLOR: not one cell may carry a colour (crossterm would turn colour changes into
/// resets that wipe bold/reverse), yet meaning must still be marked by bold or reverse.
#[test]
fn monochrome_sets_no_colour_but_keeps_emphasis() {
    for (name, build) in scenarios() {
        for (w, h) in SIZES {
            let t = render(&mut build(false), w, h, NOW_MS);
            let buf = t.backend().buffer();
            let mut emphasised = false;
            for cell in buf.content() {
                assert_eq!(
                    (cell.fg, cell.bg),
                    (Color::Reset, Color::Reset),
                    "{name} {w}x{h}"
                );
                emphasised |= !cell.modifier.is_empty();
            }
            assert!(
                emphasised || w < 60,
                "{name} {w}x{h} has no emphasis at all"
            );
        }
    }
}

#[test]
fn states_are_spelled_out_in_words() {
    let at = |mut a: App| text(&render(&mut a, 120, 40, NOW_MS));
    let s = at(offline_recovery(true));
    assert!(s.contains("✕ OFFLINE"), "{s}");
    assert!(s.contains("NEEDED"), "{s}");
    assert!(
        s.contains("Gateway EXCELLENT → OFFLINE") || s.contains("Gateway GOOD → OFFLINE"),
        "{s}"
    );
    let s = at(stale(true));
    assert!(s.contains("STALE: no new data for 17s"), "{s}");
    let s = at(poller_failed(true));
    assert!(
        s.contains("POLLER FAILED: poller crashed: probe exploded"),
        "{s}"
    );
    let s = at(daemon_fault(true));
    assert!(
        s.contains("DAEMON FAULT: out of file descriptors: accept: Too many open files"),
        "{s}"
    );
    let s = at(no_core_channel(true));
    assert!(s.contains("NO PRIMARY: no core channel"), "{s}");
    assert!(s.contains("file changed 2m ago"), "{s}");
    let s = at(confirm(true));
    // The confirmation names the action and what it changes, not an intent id.
    assert!(
        s.contains("go ahead? y/N — pause polling — stops probing; the view keeps the last state"),
        "{s}"
    );
    let s = at(recovery_running(true));
    assert!(s.contains("auto-recovery on"), "{s}");
    assert!(
        s.contains("▶ running restart_gateway on Gateway · 7s"),
        "{s}"
    );
    assert!(s.contains("success 90% · MTTR 8s"), "{s}");
    let s = at(recovery_escalated(true));
    assert!(s.contains("ESCALATED: Gateway"), "the header says it: {s}");
    assert!(
        s.contains("✕ ESCALATED Gateway after 3 failed attempts"),
        "{s}"
    );
    // The demo says so in the header; a config problem found at load is a banner.
    let s = at(offline_recovery(true));
    assert!(s.lines().next().is_some_and(|l| l.contains("DEMO")), "{s}");
    let mut warned = app(live_healthy(NOW_MS - 2_000), true);
    warned.opts.warnings = vec![
        "channel Gateway: api_key_env: environment variable GW_KEY is not set; its probes fail until it is set".into(),
    ];
    let s = at(warned);
    assert!(s.contains("⚠ CONFIG: channel Gateway: api_key_env"), "{s}");
    let s = text(&render(&mut healthy(true), 50, 12, NOW_MS));
    assert!(
        s.contains("terminal too small") && s.contains("need 60×16, now 50×12"),
        "{s}"
    );
}

#[test]
fn compact_layout_between_60x16_and_80x24() {
    let s = text(&render(&mut offline_recovery(true), 64, 18, NOW_MS));
    assert!(s.contains("Gateway") && s.contains("OFFLINE"), "{s}");
    assert!(s.contains("recovery NEEDED"), "{s}");
    assert!(
        !s.contains("Events"),
        "events are left out when compact:\n{s}"
    );
}

#[test]
fn hundred_channels_scroll_with_the_selection() {
    let mut a = app(live_many(100, NOW_MS - 1_000), true);
    for _ in 0..60 {
        key(&mut a, KeyCode::Char('j'));
    }
    let selected = a.channels.current(&a.snap).expect("a selection");
    let s = text(&render(&mut a, 120, 40, NOW_MS));
    let row = s
        .lines()
        .find(|l| l.contains('›') && l.contains("channel-"))
        .expect("selected row shown");
    assert!(row.contains(&selected), "{row} vs {selected}");
}

/// A followed file whose own timestamp is old is STALE, with its age, even though the
/// file keeps changing; events are stamped with the time the change was seen.
#[test]
fn old_file_is_stale_and_events_carry_the_time_seen() {
    let at = |a: &mut App, now: i64| text(&render(a, 120, 40, now));
    let mut a = healthy(true);
    assert!(!at(&mut a, NOW_MS).contains("STALE"), "30 s old is fresh");
    let s = at(&mut a, NOW_MS + 2 * 3_600_000);
    assert!(
        s.contains("STALE: the file says it was written 2h ago (at 2026-11-24T09:59:30)"),
        "{s}"
    );
    let mut a = app(file_snapshot(&healthy_file()), true);
    a.feed.updated_ms = Some(NOW_MS - 600_000);
    let seen = NOW_MS - 5_000;
    a.update(
        seen,
        Action::Snapshot(Arc::new(file_snapshot(&no_core_file()))),
    );
    let newest = a.events.entries.front().expect("an event");
    assert_eq!(newest.at_ms, seen, "{newest:?}");
}

/// A flapping primary is one growing entry in the events pane, not a row per swap.
#[test]
fn repeated_events_collapse() {
    let mut a = app(live_healthy(NOW_MS - 60_000), true);
    let base = live_healthy(NOW_MS - 50_000);
    for k in 0..6i64 {
        let mut s = base.clone();
        s.routing.recommended_primary = Some(if k % 2 == 0 { "Cloud" } else { "Local" }.into());
        if let Some(l) = s.live.as_mut() {
            l.at_ms = NOW_MS - 50_000 + k * 5_000;
        }
        a.update(NOW_MS, Action::Snapshot(Arc::new(s)));
    }
    let primary: Vec<&str> = a
        .events
        .entries
        .iter()
        .map(|e| e.text.as_str())
        .filter(|t| t.starts_with("primary"))
        .collect();
    assert_eq!(primary.len(), 1, "{primary:?}");
    assert!(
        primary[0].contains(" ⇄ ") && primary[0].contains("×6 in 25s"),
        "{primary:?}"
    );
}

/// Problems first: with a channel down it is the first row, the header counts it, and
/// the routing pane shows the fallback's health. Ctrl-C in the prompt clears the line
/// (then leaves the prompt) instead of quitting.
#[test]
fn problems_first_counts_and_ctrl_c_in_the_prompt() {
    let mut a = offline_recovery(true);
    let s = text(&render(&mut a, 120, 40, NOW_MS));
    let first_row = s
        .lines()
        .find(|l| l.contains("OFFLINE") || l.contains("EXCELLENT") || l.contains("GOOD"))
        .and_then(|_| s.lines().skip_while(|l| !l.contains("CHANNEL")).nth(1))
        .expect("a row");
    assert!(first_row.contains("Gateway"), "{s}");
    assert!(s.contains("problems first · s"), "{s}");
    assert!(
        s.lines().next().is_some_and(|l| l.contains("1 down")),
        "{s}"
    );
    assert!(s.contains("healthy besides primary"), "{s}");
    let mut a = app(live_healthy(NOW_MS - 2_000), true);
    type_text(&mut a, ":");
    type_text(&mut a, "status");
    let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
    a.update(NOW_MS, Action::Key(ctrl_c));
    assert!(!a.quit, "Ctrl-C in the prompt does not quit");
    assert!(a.chat.input.is_empty(), "the line is cleared");
    a.update(NOW_MS, Action::Key(ctrl_c));
    assert!(!a.quit);
    a.update(NOW_MS, Action::Key(ctrl_c));
    assert!(a.quit, "outside the prompt Ctrl-C quits");
}

/// `/` filters the channels as in k9s (ChatOps moved to `:`): typing narrows the table,
/// Enter keeps the filter, `/` then Esc clears it.
#[test]
fn slash_filters_channels_and_colon_asks() {
    let mut a = app(live_healthy(NOW_MS - 2_000), true);
    type_text(&mut a, "/gate");
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.channels.order(&a.snap).len(), 1);
    let s = text(&render(&mut a, 120, 40, NOW_MS));
    assert!(s.contains("Channels (1 of 3) /gate"), "{s}");
    assert!(!s.contains("│  Local"), "{s}");
    key(&mut a, KeyCode::Char('/'));
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.channels.order(&a.snap).len(), 3);
    type_text(&mut a, ":");
    type_text(&mut a, "status");
    assert_eq!(a.chat.input.lines().join(""), "status");
}

/// The chat's example questions name this console's channels (one with a problem first),
/// and replies wrap at word boundaries.
#[test]
fn chat_hints_use_configured_names_and_wrap_words() {
    let mut a = app(live_many(40, NOW_MS - 2_000), true);
    key(&mut a, KeyCode::Tab);
    let s = text(&render(&mut a, 120, 40, NOW_MS));
    assert!(!s.contains("why is Gateway"), "{s}");
    assert!(s.contains("why is channel-"), "{s}");
    let mut a = app(live_healthy(NOW_MS - 2_000), true);
    a.note(
        switchboard::tui::ui::theme::Sev::Info,
        &"availability recommendation ".repeat(12),
    );
    let s = text(&render(&mut a, 120, 40, NOW_MS));
    // Cut mid-word, a word would be missing from the count.
    assert_eq!(s.matches("availability").count(), 12, "{s}");
    assert_eq!(s.matches("recommendation").count(), 12, "{s}");
}

/// At 80×24 the help is taller than the screen: its end is reached with j/End, never
/// scrolled past, and any other key closes it.
#[test]
fn help_scrolls_on_a_small_screen() {
    let mut a = help(true);
    let first = text(&render(&mut a, 80, 24, NOW_MS));
    assert!(first.contains("↓ more"), "{first}");
    assert!(
        !first.contains("mean availability"),
        "the end is cut at first:\n{first}"
    );
    key(&mut a, KeyCode::End);
    let end = text(&render(&mut a, 80, 24, NOW_MS));
    assert!(
        end.contains("mean availability") && !end.contains("↓ more"),
        "{end}"
    );
    let max = a.help.scroll;
    key(&mut a, KeyCode::Char('j'));
    assert_eq!(a.help.scroll, max, "never past the end");
    key(&mut a, KeyCode::Char('k'));
    assert_eq!(a.help.scroll, max - 1);
    key(&mut a, KeyCode::Char('x'));
    assert!(
        !a.help.open && a.help.scroll == 0,
        "another key closes help"
    );
    let big = text(&render(&mut help(true), 120, 40, NOW_MS));
    assert!(
        big.contains("mean availability") && !big.contains("↓ more"),
        "{big}"
    );
}

/// Gateway back from a 4-probe outage (two answers since) while its window still holds
/// it: the header counts it as recovering, not down; its row says "back"; the recovery
/// pane says the rule fires on the window while the channel answers, not "NEEDED".
#[test]
fn a_channel_back_from_an_outage_is_recovering_not_down() {
    let mut g = steady(90.0, 8);
    g.extend([None, None, None, None]);
    g.extend(steady(90.0, 2));
    let (l, c) = (steady(35.0, 14), steady(150.0, 14));
    let script: Script = &[
        ("Local", false, &l),
        ("Cloud", false, &c),
        ("Gateway", false, &g),
    ];
    let snap = live_snapshot(script, NOW_MS, PollerState::Running, 14);
    let gw = snap.channel("Gateway").expect("Gateway");
    assert!(gw.details.recovering && gw.eval.health.is_down(), "{gw:?}");
    let v = switchboard::report::json::to_value(&snap);
    assert_eq!(v["channels"][2]["recovering"], true);
    assert!(v["channels"][0].get("recovering").is_none());
    let mut x = executor(RecoveryState::Idle, 0);
    x.recent.clear();
    let mut snap = snap;
    snap.executor = Some(Arc::new(x));
    let screen = text(&render(&mut app(snap, false), 120, 40, NOW_MS));
    assert!(screen.contains("1 recovering"), "{screen}");
    assert!(!screen.contains("1 down"), "{screen}");
    assert!(screen.contains("↺ back"), "{screen}");
    assert!(screen.contains("↺ RECOVERING"), "{screen}");
    assert!(!screen.contains("NEEDED"), "{screen}");
}

/// Channels with regions are grouped: each region's rows together (in the snapshot's
/// region order, the sort kept within), the region named on its first row only; below
/// 100 columns the REGION column goes, the grouping stays.
#[test]
fn channels_are_grouped_by_region() {
    use switchboard::domain::regions::RegionView;
    let mut snap = live_many(6, NOW_MS);
    let region = |i: usize| {
        if i % 2 == 0 {
            "ap-northeast-2"
        } else {
            "us-west-2"
        }
    };
    for (i, c) in snap.channels.iter_mut().enumerate() {
        c.details.region = Some(region(i).to_string());
    }
    snap.routing.regions = ["us-west-2", "ap-northeast-2"]
        .iter()
        .map(|r| RegionView {
            region: r.to_string(),
            channels: 3,
            healthy: 3,
            p95_latency_ms: None,
        })
        .collect();
    let mut a = app(snap, false);
    let s = text(&render(&mut a, 120, 40, NOW_MS));
    assert!(s.contains("REGION"), "{s}");
    let table_row = |l: &&str| l.starts_with("│› channel-") || l.starts_with("│  channel-");
    let rows: Vec<&str> = s.lines().filter(table_row).collect();
    assert_eq!(rows.len(), 6, "{s}");
    let names: Vec<&str> = rows
        .iter()
        .map(|l| {
            l.split_whitespace()
                .find(|w| w.starts_with("channel-"))
                .unwrap_or("")
        })
        .collect();
    assert_eq!(
        names,
        [
            "channel-005",
            "channel-001",
            "channel-003",
            "channel-000",
            "channel-002",
            "channel-004"
        ],
        "us-west-2 first, as the snapshot orders regions, problems first within it: {s}"
    );
    let named = |r: &str| rows.iter().filter(|l| l.contains(r)).count();
    assert_eq!((named("us-west-2"), named("ap-northeast-2")), (1, 1), "{s}");
    assert!(rows[0].contains("us-west-2") && rows[3].contains("ap-northeast-2"));
    insta::assert_snapshot!("channels_grouped_by_region_120x40", s);

    let narrow = text(&render(&mut a, 80, 24, NOW_MS));
    assert!(!narrow.contains("REGION"), "{narrow}");
}

/// A line without words ("📈") is answered in the language of the operator's last line
/// with words, and before any in the locale's: it carries no language of its own.
#[test]
fn a_line_without_words_follows_the_conversation() {
    let last_reply = |a: &App| {
        a.chat
            .lines
            .iter()
            .rev()
            .find(|l| l.who == switchboard::tui::chat::Who::Reply)
            .map(|l| l.text.clone())
            .unwrap_or_default()
    };
    let hangul = |s: &str| s.chars().any(|c| ('가'..='힣').contains(&c));
    let mut a = app(live_healthy(NOW_MS - 2_000), true);
    type_text(&mut a, ":📈");
    key(&mut a, KeyCode::Enter);
    assert!(!hangul(&last_reply(&a)), "no locale, no line yet: English");
    type_text(&mut a, ":채널 상태 알려줘");
    key(&mut a, KeyCode::Enter);
    type_text(&mut a, ":📈");
    key(&mut a, KeyCode::Enter);
    let korean = last_reply(&a);
    assert!(hangul(&korean), "{korean}");
    type_text(&mut a, ":channel health");
    key(&mut a, KeyCode::Enter);
    type_text(&mut a, ":📈");
    key(&mut a, KeyCode::Enter);
    let english = last_reply(&a);
    assert!(!hangul(&english), "{english}");

    let mut options = options(true);
    options.locale = Some(switchboard::chatops::Lang::Ko);
    let mut a = App::new(Arc::new(live_healthy(NOW_MS - 2_000)), options);
    type_text(&mut a, ":📈");
    key(&mut a, KeyCode::Enter);
    let korean = last_reply(&a);
    assert!(hangul(&korean), "the locale speaks first: {korean}");
}
