//! The `?` overlay: every key binding and how to talk to the ChatOps prompt.

use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};
use ratatui::Frame;

use crate::tui::app::App;
use crate::tui::keys::HELP;

const KEY_W: usize = 20;

pub fn render(frame: &mut Frame, app: &App, area: Rect) {
    let t = app.theme();
    let mut lines: Vec<Line> = HELP
        .iter()
        .map(|(k, what)| {
            Line::from(vec![
                Span::styled(format!(" {k:<KEY_W$}"), t.key()),
                Span::raw(*what),
            ])
        })
        .collect();
    lines.push(Line::from(""));
    // The examples name a channel of this console, not the demo's.
    let example = crate::tui::ui::chat::example_questions(&app.snap);
    lines.push(Line::from(Span::styled(
        format!(
            " Ask in Korean or English: 오케스트레이션 상태 · {example} · help. Commands that \
             change something ask y/N first."
        ),
        t.dim(),
    )));
    lines.push(Line::from(Span::styled(
        " Header: the first word is the status (the worst of the channels and recovery, as \
         --snapshot exits); \"overall\" is the health of the core channels' mean availability.",
        t.dim(),
    )));
    let width = 76.min(area.width);
    // Rows as wrapped in the popup (the borders take two columns, word wrapping may take
    // a row more), so the last lines are not cut off.
    let inner = usize::from(width.saturating_sub(2)).max(1);
    let rows: usize = lines.iter().map(|l| l.width().max(1).div_ceil(inner)).sum();
    let height = (rows as u16 + 3).min(area.height);
    let [row] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(area);
    let [popup] = Layout::horizontal([Constraint::Length(width)])
        .flex(Flex::Center)
        .areas(row);
    // Taller than the screen (80×24): scroll with j/k, and say so where it is cut.
    let visible = usize::from(height.saturating_sub(2));
    let max = u16::try_from(rows.saturating_sub(visible)).unwrap_or(u16::MAX);
    app.help_scroll_max.set(max);
    let scroll = app.help_scroll.min(max);
    let hint = match (scroll > 0, scroll < max) {
        (_, true) => " ↓ more (j/k) · Esc closes ",
        (true, false) => " ↑ j/k · Esc closes ",
        (false, false) => " Esc closes ",
    };
    frame.render_widget(Clear, popup);
    let block = Block::bordered()
        .border_style(t.border(true))
        .title(Span::styled(" Keys ", t.title(true)))
        .title(Line::from(Span::styled(hint, t.dim())).right_aligned());
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0))
            .block(block),
        popup,
    );
}
