//! Drawing: one function turns `&App` plus "now" into a frame. Each pane is a widget in
//! its own file; this file only chooses the layout — full from 80×24, compact below,
//! and a plain "terminal too small" message under 60×16.

pub mod channels;
pub mod chat;
pub mod decision;
pub mod detail;
pub mod events;
pub mod fmt;
pub mod footer;
pub mod header;
pub mod help;
pub mod recovery;
pub mod theme;

use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use super::app::{App, Focus, Hits, View};

/// Below this the console shows only a message.
pub const MIN: (u16, u16) = (60, 16);
/// From this size on, the full layout.
pub const FULL: (u16, u16) = (80, 24);

/// Draws the whole screen. `now_ms` is injected so that a frame is a pure function of
/// its inputs (tests render fixed times).
pub fn draw(frame: &mut Frame, app: &App, now_ms: i64) {
    let area = frame.area();
    if area.width < MIN.0 || area.height < MIN.1 {
        app.age_shown.set(false);
        app.hits.set(Hits::default());
        app.channels.rows_area.set(Rect::default());
        frame.render_widget(too_small(area), area);
        return;
    }
    let compact = area.width < FULL.0 || area.height < FULL.1;
    app.compact.set(compact);
    let [top, body, bottom] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    frame.render_widget(
        header::Header {
            app,
            now_ms,
            compact,
        },
        top,
    );
    match &app.view {
        View::Detail(name) => {
            app.hits.set(Hits::default());
            app.channels.rows_area.set(Rect::default());
            frame.render_widget(detail::Detail { app, name, now_ms }, body);
        }
        View::Main if compact => main_compact(frame, app, body),
        View::Main => main_full(frame, app, body, now_ms),
    }
    frame.render_widget(footer::Footer { app }, bottom);
    if app.help {
        help::render(frame, app, area);
    } else {
        place_cursor(frame, app);
    }
}

/// Puts the terminal's own cursor on the prompt's while it is edited: input methods
/// (Hangul composition) draw their pre-edit text there.
fn place_cursor(frame: &mut Frame, app: &App) {
    let field = app.hits.get().prompt;
    let editing = app.view == View::Main && app.focus == Focus::Chat && app.chat.pending.is_none();
    if !editing || field.is_empty() {
        return;
    }
    let input = &app.chat.input;
    let col = input
        .screen_cursor()
        .col
        .saturating_sub(input.scroll_offset().1 as usize);
    let x = field
        .x
        .saturating_add(col as u16)
        .min(field.right().saturating_sub(1));
    frame.set_cursor_position((x, field.y));
}

fn main_full(frame: &mut Frame, app: &App, body: Rect, now_ms: i64) {
    const DECISION_H: u16 = 6;
    const CHAT_MIN_H: u16 = 8;
    let rows = app.snap.channels.len().max(1) as u16;
    let room = body.height.saturating_sub(DECISION_H + CHAT_MIN_H).max(5);
    let table_h = (rows + 3).clamp(5, room);
    let [table, decision, lower] = Layout::vertical([
        Constraint::Length(table_h),
        Constraint::Length(DECISION_H),
        Constraint::Fill(1),
    ])
    .areas(body);
    let [routing, recovery] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Fill(1)]).areas(decision);
    // ChatOps replies are laid out for 80 columns: give the chat that much when the
    // events pane keeps 30, and never less than three fifths.
    let chat_w = (lower.width * 3 / 5).max(82.min(lower.width.saturating_sub(30)));
    let [chat_area, events_area] =
        Layout::horizontal([Constraint::Length(chat_w), Constraint::Fill(1)]).areas(lower);
    app.hits.set(Hits {
        channels: table,
        events: events_area,
        chat: chat_area,
        prompt: Rect::default(),
    });
    let focused = |f: Focus| app.focus == f;
    frame.render_widget(
        channels::Table {
            app,
            compact: false,
            focused: focused(Focus::Channels),
        },
        table,
    );
    frame.render_widget(decision::Routing { app }, routing);
    frame.render_widget(recovery::Recovery { app, now_ms }, recovery);
    frame.render_widget(
        chat::Chat {
            app,
            compact: false,
            focused: focused(Focus::Chat),
        },
        chat_area,
    );
    frame.render_widget(
        events::Events {
            app,
            focused: focused(Focus::Events),
        },
        events_area,
    );
}

fn main_compact(frame: &mut Frame, app: &App, body: Rect) {
    const DECISION_H: u16 = 2;
    const CHAT_MIN_H: u16 = 5;
    let rows = app.snap.channels.len().max(1) as u16;
    let room = body.height.saturating_sub(DECISION_H + CHAT_MIN_H).max(2);
    let table_h = (rows + 1).clamp(2, room);
    let [table, decision, chat_area] = Layout::vertical([
        Constraint::Length(table_h),
        Constraint::Length(DECISION_H),
        Constraint::Fill(1),
    ])
    .areas(body);
    app.hits.set(Hits {
        channels: table,
        events: Rect::default(),
        chat: chat_area,
        prompt: Rect::default(),
    });
    let chat_focused = app.focus == Focus::Chat;
    frame.render_widget(
        channels::Table {
            app,
            compact: true,
            focused: !chat_focused,
        },
        table,
    );
    frame.render_widget(decision::Compact { app }, decision);
    frame.render_widget(
        chat::Chat {
            app,
            compact: true,
            focused: chat_focused,
        },
        chat_area,
    );
}

fn too_small(area: Rect) -> Paragraph<'static> {
    let lines = vec![
        Line::from("terminal too small"),
        Line::from(format!(
            "need {}×{}, now {}×{}",
            MIN.0, MIN.1, area.width, area.height
        )),
        Line::from("enlarge the window · q quits"),
    ];
    // Vertically centred by padding with empty lines above.
    let pad = area.height.saturating_sub(lines.len() as u16) / 2;
    let mut text: Vec<Line> = (0..pad).map(|_| Line::from("")).collect();
    text.extend(lines);
    Paragraph::new(text)
        .alignment(Alignment::Center)
        .wrap(Wrap { trim: true })
}
