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
    lines.push(Line::from(Span::styled(
        " Ask in Korean or English: 오케스트레이션 상태 · 라우팅 추천 · why is Gateway degraded · help. \
         Commands that change something ask y/N first.",
        t.dim(),
    )));
    let height = (lines.len() as u16 + 3).min(area.height);
    let width = 76.min(area.width);
    let [row] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(area);
    let [popup] = Layout::horizontal([Constraint::Length(width)])
        .flex(Flex::Center)
        .areas(row);
    frame.render_widget(Clear, popup);
    let block = Block::bordered()
        .border_style(t.border(true))
        .title(Span::styled(" Keys ", t.title(true)))
        .title(Line::from(Span::styled(" Esc closes ", t.dim())).right_aligned());
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block),
        popup,
    );
}
