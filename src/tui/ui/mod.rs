//! Drawing: one function turns the app plus "now" into a frame. The panes draw
//! themselves (each from its own state and a `Ctx`, in its own module: `channels`,
//! `events`, `chat`, `detail`); here are the header, the decision panes, the footer and
//! the help overlay, and the layout — full from 80×24, compact below, and a plain
//! "terminal too small" message under 60×16. What a frame laid out (pane areas, the
//! table's scroll) is kept in the app's state for the next key, click and frame.

pub mod ctx;
pub mod decision;
pub mod fmt;
pub mod footer;
pub mod header;
pub mod help;
pub mod recovery;
pub mod theme;

pub use ctx::Ctx;

use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use super::app::{App, Focus, Hits, View};
use super::channels::Table;
use super::chat::Chat;
use super::detail::Detail;
use super::events::Events;

/// Below this the console shows only a message.
pub const MIN: (u16, u16) = (60, 16);
/// From this size on, the full layout.
pub const FULL: (u16, u16) = (80, 24);

/// Draws the whole screen. `now_ms` is injected so that a frame is a pure function of
/// its inputs (tests render fixed times).
pub fn draw(frame: &mut Frame, app: &mut App, now_ms: i64) {
    let area = frame.area();
    app.hits = Hits::default();
    app.channels.rows_area = Rect::default();
    app.chat.field = Rect::default();
    if area.width < MIN.0 || area.height < MIN.1 {
        app.age_shown = false;
        frame.render_widget(too_small(area), area);
        return;
    }
    let compact = area.width < FULL.0 || area.height < FULL.1;
    app.compact = compact;
    let [top, body, bottom] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let ctx = Ctx {
        snap: &app.snap,
        theme: app.opts.theme,
        tz: &app.opts.tz,
        now_ms,
    };
    let header = header::Header {
        ctx,
        opts: &app.opts,
        updated_ms: app.updated_ms(),
        feed_error: app.feed.error.as_deref(),
        link: app.feed.remote.as_ref(),
        read_only: app.read_only(),
        stale: app.is_stale(now_ms),
        paused: app.paused(),
        compact,
    };
    let age_shown = header.age().is_some();
    frame.render_widget(header, top);
    match &app.view {
        View::Detail(name) => {
            let trail = &app.trail;
            frame.render_widget(Detail { ctx, trail, name }, body);
        }
        View::Main if compact => {
            app.hits = main_compact(
                frame,
                ctx,
                app.focus,
                &mut app.channels,
                &mut app.chat,
                body,
            );
        }
        View::Main => {
            let panes = Panes {
                channels: &mut app.channels,
                chat: &mut app.chat,
                events: &app.events,
            };
            app.hits = main_full(frame, ctx, app.focus, panes, body);
        }
    }
    app.age_shown = age_shown;
    let footer = footer::Footer {
        ctx: footer::context(app),
        mouse: app.mouse,
        theme: app.opts.theme,
    };
    frame.render_widget(footer, bottom);
    if app.help.open {
        let ctx = Ctx {
            snap: &app.snap,
            theme: app.opts.theme,
            tz: &app.opts.tz,
            now_ms,
        };
        frame.render_stateful_widget(help::Help { ctx }, area, &mut app.help);
    } else {
        place_cursor(frame, app);
    }
}

/// Puts the terminal's own cursor on the prompt's while it is edited: input methods
/// (Hangul composition) draw their pre-edit text there.
fn place_cursor(frame: &mut Frame, app: &App) {
    let field = app.chat.field;
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

/// The panes of the main view, borrowed from the app for one frame.
struct Panes<'a> {
    channels: &'a mut super::channels::ChannelsPane,
    chat: &'a mut super::chat::ChatPane,
    events: &'a super::events::EventLog,
}

fn main_full(frame: &mut Frame, ctx: Ctx, focus: Focus, panes: Panes, body: Rect) -> Hits {
    const DECISION_H: u16 = 6;
    const CHAT_MIN_H: u16 = 8;
    let rows = ctx.snap.channels.len().max(1) as u16;
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
    let focused = |f: Focus| focus == f;
    let (snap, theme) = (ctx.snap, ctx.theme);
    let table_widget = Table {
        ctx,
        compact: false,
        focused: focused(Focus::Channels),
    };
    frame.render_stateful_widget(table_widget, table, panes.channels);
    frame.render_widget(
        decision::Routing {
            snap,
            theme,
            tz: ctx.tz,
        },
        routing,
    );
    frame.render_widget(recovery::Recovery { ctx }, recovery);
    let chat = Chat {
        ctx,
        compact: false,
        focused: focused(Focus::Chat),
    };
    frame.render_stateful_widget(chat, chat_area, panes.chat);
    let events = Events {
        ctx,
        log: panes.events,
        focused: focused(Focus::Events),
    };
    frame.render_widget(events, events_area);
    Hits {
        channels: table,
        events: events_area,
        chat: chat_area,
    }
}

fn main_compact(
    frame: &mut Frame,
    ctx: Ctx,
    focus: Focus,
    channels: &mut super::channels::ChannelsPane,
    chat: &mut super::chat::ChatPane,
    body: Rect,
) -> Hits {
    const DECISION_H: u16 = 2;
    const CHAT_MIN_H: u16 = 5;
    let rows = ctx.snap.channels.len().max(1) as u16;
    let room = body.height.saturating_sub(DECISION_H + CHAT_MIN_H).max(2);
    let table_h = (rows + 1).clamp(2, room);
    let [table, decision, chat_area] = Layout::vertical([
        Constraint::Length(table_h),
        Constraint::Length(DECISION_H),
        Constraint::Fill(1),
    ])
    .areas(body);
    let chat_focused = focus == Focus::Chat;
    let table_widget = Table {
        ctx,
        compact: true,
        focused: !chat_focused,
    };
    frame.render_stateful_widget(table_widget, table, channels);
    let (snap, theme) = (ctx.snap, ctx.theme);
    frame.render_widget(decision::Compact { snap, theme }, decision);
    let widget = Chat {
        ctx,
        compact: true,
        focused: chat_focused,
    };
    frame.render_stateful_widget(widget, chat_area, chat);
    Hits {
        channels: table,
        events: Rect::default(),
        chat: chat_area,
    }
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
