//! Console details that make it trustworthy on a shift: a key that hands the
//! mouse back to the terminal for copying, LAST ERROR with its age that fades once the
//! channel is healthy again, a sparkline that grows with the terminal, and time stamps on
//! chat replies. Screens at 80×24 and 120×40 (insta) plus targeted assertions.

mod common;

use std::sync::Arc;

use common::tui::*;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Modifier;
use switchboard::snapshot::{PollerState, Snapshot};
use switchboard::tui::app::Effect;
use switchboard::tui::{Action, App};

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

/// Gateway failed one probe 12 s ago and has answered since: healthy again, but its last
/// error is still known.
fn gateway_recovered(at_ms: i64) -> Snapshot {
    let mut g = steady(90.0, 30);
    g[24] = None;
    let (l, c) = (steady(35.0, 30), steady(150.0, 30));
    let script: Script = &[
        ("Local", false, &l),
        ("Cloud", false, &c),
        ("Gateway", false, &g),
    ];
    live_snapshot(script, at_ms, PollerState::Running, 30)
}

fn screens(name: &str, app: &mut App) {
    for (w, h) in SIZES {
        let t = render(app, w, h, NOW_MS);
        insta::assert_snapshot!(
            format!("{name}_{w}x{h}"),
            format!("{:?}", t.backend().buffer())
        );
    }
}

#[test]
fn m_releases_the_mouse_for_copying_and_says_so() {
    let mut a = app(live_healthy(NOW_MS - 1_000), false);
    assert!(a.mouse);
    key(&mut a, KeyCode::Char('m'));
    assert!(!a.mouse);
    assert_eq!(a.take_effects(), vec![Effect::Mouse(false)]);
    let s = text(&render(&mut a, 120, 40, NOW_MS));
    let footer = s.lines().last().expect("footer");
    assert!(
        footer.starts_with(" MOUSE OFF: select & copy · m back on"),
        "{footer}"
    );
    assert!(s.contains("mouse released"), "an event says so: {s}");
    screens("mouse_off", &mut a);
    key(&mut a, KeyCode::Char('m'));
    assert!(a.mouse);
    assert_eq!(a.take_effects(), vec![Effect::Mouse(true)]);
    let footer = text(&render(&mut a, 120, 40, NOW_MS));
    assert!(!footer.contains("MOUSE OFF"));
    assert!(footer.contains("m mouse"), "the key is in the footer hint");
    // And in the `?` help.
    key(&mut a, KeyCode::Char('?'));
    let help = text(&render(&mut a, 120, 40, NOW_MS));
    assert!(
        help.contains("mouse on/off (off: select and copy text)"),
        "{help}"
    );
    // Status and overall health side by side in the header are told apart in words, and
    // the example names this console's channel.
    assert!(
        help.contains("Header: the first word is the status"),
        "{help}"
    );
    assert!(help.contains("Gateway status · which"), "{help}");
}

#[test]
fn m_in_the_prompt_is_typed_not_taken() {
    let mut a = app(live_healthy(NOW_MS - 1_000), false);
    key(&mut a, KeyCode::Char(':'));
    key(&mut a, KeyCode::Char('m'));
    assert!(a.mouse);
    assert_eq!(a.chat.text(), "m");
    assert!(a.take_effects().is_empty());
}

/// The error of a channel that is failing is bold (red in colour); once healthy again it
/// is dim, and it says how old it is.
#[test]
fn last_error_shows_its_age_and_fades_once_healthy() {
    let mut down = app(live_gateway_down(NOW_MS - 2_000, 12), false);
    let mut up = app(gateway_recovered(NOW_MS - 2_000), false);
    for (a, modifier, age) in [
        (&mut down, Modifier::BOLD, "0s ago"),
        (&mut up, Modifier::DIM, "10s ago"),
    ] {
        let t = render(a, 120, 40, NOW_MS);
        let s = text(&t);
        let row = s
            .lines()
            .position(|l| l.contains("Gateway "))
            .expect("Gateway row");
        let line = s.lines().nth(row).unwrap();
        let col = line
            .find(&format!("{age}: connection refused"))
            .unwrap_or_else(|| panic!("{age} missing: {line}"));
        let x = line[..col].chars().count() as u16;
        let cell = &t.backend().buffer()[(x, row as u16)];
        assert!(
            cell.modifier.contains(modifier),
            "{line}: {:?}",
            cell.modifier
        );
    }
    screens("last_error_faded", &mut up);
    // The detail view says it is history.
    let mut d = app(gateway_recovered(NOW_MS - 2_000), false);
    d.channels.selected = Some("Gateway".into());
    key(&mut d, KeyCode::Enter);
    let s = text(&render(&mut d, 120, 40, NOW_MS));
    assert!(
        s.contains("0 in a row · last 10s ago, healthy again"),
        "{s}"
    );
    screens("last_error_faded_detail", &mut d);
}

#[test]
fn the_sparkline_grows_with_the_terminal() {
    let mut a = app(live_healthy(NOW_MS - 1_000), false);
    let mut width_of_bars = |w: u16, h: u16| {
        let s = text(&render(&mut a, w, h, NOW_MS));
        let row = s
            .lines()
            .find(|l| l.contains("Local "))
            .expect("Local row")
            .to_string();
        row.chars().filter(|c| ('▁'..='█').contains(c)).count()
    };
    let (narrow, wide) = (width_of_bars(120, 40), width_of_bars(200, 50));
    assert_eq!(narrow, 24);
    assert_eq!(
        wide, 30,
        "every probe of the window is shown when there is room"
    );
}

#[test]
fn chat_replies_carry_their_time() {
    let mut a = app(live_healthy(NOW_MS - 1_000), false);
    key(&mut a, KeyCode::Char(':'));
    for c in "status".chars() {
        key(&mut a, KeyCode::Char(c));
    }
    a.update(
        NOW_MS,
        Action::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    );
    let s = text(&render(&mut a, 120, 40, NOW_MS));
    // NOW_MS is 2026-11-24T10:00:00Z; the test zone is UTC.
    let reply = s
        .lines()
        .find(|l| l.contains("OK · overall"))
        .expect("reply");
    assert!(reply.contains("10:00:00"), "{reply}");
    let question = s
        .lines()
        .find(|l| l.contains("› status"))
        .expect("question");
    assert!(!question.contains("10:00:00"), "{question}");
    // A later answer has a later time.
    a.update(
        NOW_MS + 65_000,
        Action::Snapshot(Arc::new(live_healthy(NOW_MS + 64_000))),
    );
    for c in "help".chars() {
        a.update(
            NOW_MS + 65_000,
            Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
        );
    }
    a.update(
        NOW_MS + 65_000,
        Action::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    );
    let s = text(&render(&mut a, 120, 40, NOW_MS + 65_000));
    assert!(s.contains("10:01:05"), "{s}");
    screens("chat_times", &mut a);
}

/// The prompt's example question names a channel of this console and fits its state.
#[test]
fn the_prompt_example_follows_the_channels() {
    let mut a = app(live_healthy(NOW_MS - 3_000), false);
    key(&mut a, KeyCode::Char(':'));
    let s = text(&render(&mut a, 120, 40, NOW_MS));
    assert!(
        s.contains("Gateway status · which channel is fastest"),
        "{s}"
    );
    a.update(
        NOW_MS,
        Action::Snapshot(Arc::new(live_gateway_down(NOW_MS - 1_000, 12))),
    );
    let s = text(&render(&mut a, 120, 40, NOW_MS));
    assert!(s.contains("why is Gateway down · what's wrong"), "{s}");
}

/// A channel going down says why in the events pane (and the piped view, which shares
/// the change lines), in the probe's own words.
#[test]
fn going_down_says_why_in_the_events() {
    let mut a = app(live_healthy(NOW_MS - 4_000), false);
    a.update(
        NOW_MS - 2_000,
        Action::Snapshot(Arc::new(live_gateway_down(NOW_MS - 2_000, 2))),
    );
    let why: Vec<&str> = a
        .events
        .entries
        .iter()
        .map(|e| e.text.as_str())
        .filter(|t| t.starts_with("Gateway"))
        .collect();
    assert_eq!(
        why,
        ["Gateway: connection refused", "Gateway EXCELLENT → OFFLINE"]
    );
}

/// The routing pane says where the order was last applied, or what went wrong; "apply
/// routing" at the prompt asks y/N and, confirmed, goes to the route-apply runner.
#[test]
fn the_routing_pane_shows_the_gateway_and_apply_routing_is_confirmed() {
    use switchboard::route_apply::{RouteView, TargetView};
    use switchboard::tui::app::RecoveryRequest;
    let with = |t: TargetView| {
        let mut snap = live_healthy(NOW_MS - 1_000);
        snap.routes = Some(Arc::new(RouteView {
            mode: "confirm",
            targets: vec![t],
            ..RouteView::default()
        }));
        snap
    };
    let applied = TargetView {
        name: "proxy".into(),
        kind: "litellm",
        state: "follows",
        last_change_ms: Some(NOW_MS - 60_000),
        verified: true,
        ..TargetView::default()
    };
    let s = text(&render(
        &mut app(with(applied.clone()), false),
        120,
        40,
        NOW_MS,
    ));
    assert!(
        s.contains("gateway applied to proxy 09:59:00 (verified)"),
        "{s}"
    );
    let failed = TargetView {
        state: "failed",
        last_error: Some("reload refused; rolled back".into()),
        ..applied
    };
    let mut a = app(with(failed), false);
    let s = text(&render(&mut a, 120, 40, NOW_MS));
    assert!(
        s.contains("gateway proxy: reload refused; rolled back"),
        "{s}"
    );
    key(&mut a, KeyCode::Char(':'));
    for c in "apply routing".chars() {
        key(&mut a, KeyCode::Char(c));
    }
    key(&mut a, KeyCode::Enter);
    assert!(a.take_effects().is_empty(), "asked first");
    key(&mut a, KeyCode::Char('y'));
    assert_eq!(
        a.take_effects(),
        vec![Effect::Recovery(RecoveryRequest::ApplyRoutes)]
    );
}

/// The keys the help lists for jumping and going back do what it says: `g`/`G` to the
/// first and last channel, and `h`, ← and Backspace out of the details.
#[test]
fn the_listed_jump_and_back_keys_work() {
    use switchboard::tui::app::View;
    let mut a = app(live_healthy(NOW_MS - 1_000), false);
    let order = a.channels.order(&a.snap);
    let name = |a: &App, i: usize| a.snap.channels[i].name().to_string();
    let (first, last) = (name(&a, order[0]), name(&a, order[order.len() - 1]));
    key(&mut a, KeyCode::Char('G'));
    assert_eq!(a.channels.current(&a.snap), Some(last));
    key(&mut a, KeyCode::Char('g'));
    assert_eq!(a.channels.current(&a.snap), Some(first.clone()));
    for back in [KeyCode::Char('h'), KeyCode::Left, KeyCode::Backspace] {
        key(&mut a, KeyCode::Enter);
        assert_eq!(a.view, View::Detail(first.clone()));
        key(&mut a, back);
        assert_eq!(a.view, View::Main, "{back:?}");
    }
    let help = text(&render(&mut a, 120, 40, NOW_MS));
    assert!(!help.contains("g G"));
    key(&mut a, KeyCode::Char('?'));
    let help = text(&render(&mut a, 120, 40, NOW_MS));
    assert!(
        help.contains("g G") && help.contains("h ← Backspace"),
        "{help}"
    );
}
