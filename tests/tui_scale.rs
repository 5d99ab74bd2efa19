//! A console with 1,000 channels: paging with PgDn/PgUp/Home/End keeps
//! the selection on screen, and the filter narrows the list. Frame times are measured in
//! `benches/tui_render.rs`, never asserted here.

mod common;

use common::tui::*;
use crossterm::event::KeyCode;
use switchboard::tui::App;

/// The selected channel's name, and whether its row is on the 200×50 screen.
fn selected_on_screen(a: &mut App) -> (String, bool) {
    let selected = a.channels.current(&a.snap).expect("a selection");
    let s = text(&render(a, 200, 50, NOW_MS));
    let shown = s
        .lines()
        .any(|l| l.contains('›') && l.contains(&format!("{selected} ")));
    (selected, shown)
}

fn position(a: &App) -> usize {
    let order = a.channels.order(&a.snap);
    a.channels.position(&a.snap, &order).expect("a position")
}

#[test]
fn a_thousand_channels_page_and_stay_in_view() {
    let mut a = app(live_many(1_000, NOW_MS - 1_000), true);
    render(&mut a, 200, 50, NOW_MS); // the pane learns its height
    assert_eq!(position(&a), 0);
    key(&mut a, KeyCode::PageDown);
    let page = position(&a);
    assert!(
        page > 10,
        "a page is the pane's height, not one row: {page}"
    );
    key(&mut a, KeyCode::PageDown);
    assert_eq!(position(&a), 2 * page);
    assert!(selected_on_screen(&mut a).1);
    key(&mut a, KeyCode::PageUp);
    assert_eq!(position(&a), page);
    key(&mut a, KeyCode::End);
    assert_eq!(position(&a), 999);
    let (last, shown) = selected_on_screen(&mut a);
    assert!(shown, "{last} is the selected row on screen");
    key(&mut a, KeyCode::PageDown);
    assert_eq!(position(&a), 999, "End stays at the end");
    key(&mut a, KeyCode::Home);
    assert_eq!(position(&a), 0);
    assert!(selected_on_screen(&mut a).1);
}

#[test]
fn a_thousand_channels_filter_to_the_matching_rows() {
    let mut a = app(live_many(1_000, NOW_MS - 1_000), true);
    key(&mut a, KeyCode::Char('/'));
    for c in "channel-99".chars() {
        key(&mut a, KeyCode::Char(c));
    }
    key(&mut a, KeyCode::Enter);
    let order = a.channels.order(&a.snap);
    assert_eq!(order.len(), 10);
    let s = text(&render(&mut a, 200, 50, NOW_MS));
    assert!(s.contains("Channels (10 of 1000) /channel-99"), "{s}");
    assert!(
        s.contains("channel-990") && s.contains("channel-999"),
        "{s}"
    );
    assert!(!s.contains("channel-989"), "{s}");
    key(&mut a, KeyCode::End);
    assert_eq!(position(&a), 9);
    assert!(selected_on_screen(&mut a).1);
}
