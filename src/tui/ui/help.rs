//! The `?` overlay: every key binding (from the key map) and how to talk to the ChatOps
//! prompt; its scroll keys, and how far it can scroll (only the frame knows the size).

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, StatefulWidget, Widget, Wrap};

use super::ctx::Ctx;
use crate::tui::keymap::{self, Cmd};

const KEY_W: usize = 20;

/// Whether the overlay is open and how far it is scrolled.
#[derive(Debug, Clone, Copy, Default)]
pub struct HelpState {
    pub open: bool,
    /// Rows scrolled by.
    pub scroll: u16,
    /// How far it can scroll, as the last frame laid it out: a key never scrolls past
    /// the end.
    pub max: u16,
}

impl HelpState {
    /// A key while the overlay is open: scroll keys move it, any other closes it, and
    /// none acts behind it.
    pub fn handle(&mut self, cmd: Option<Cmd>) {
        let (s, max) = (&mut self.scroll, self.max);
        match cmd {
            Some(Cmd::Down) => *s = (*s + 1).min(max),
            Some(Cmd::Up) => *s = s.saturating_sub(1),
            Some(Cmd::PageDown) => *s = s.saturating_add(10).min(max),
            Some(Cmd::PageUp) => *s = s.saturating_sub(10),
            Some(Cmd::Top) => *s = 0,
            Some(Cmd::Bottom) => *s = max,
            _ => (self.open, *s) = (false, 0),
        }
    }
}

/// The overlay, centred over `area` (the whole screen).
pub struct Help<'a> {
    pub ctx: Ctx<'a>,
}

impl StatefulWidget for Help<'_> {
    type State = HelpState;

    fn render(self, area: Rect, buf: &mut Buffer, state: &mut HelpState) {
        let t = self.ctx.theme;
        let mut lines: Vec<Line> = keymap::help()
            .map(|(k, what)| {
                Line::from(vec![
                    Span::styled(format!(" {k:<KEY_W$}"), t.key()),
                    Span::raw(what),
                ])
            })
            .collect();
        lines.push(Line::from(""));
        // The examples name a channel of this console, not the demo's.
        let example = crate::tui::chat::example_questions(self.ctx.snap);
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
        state.max = max;
        let scroll = state.scroll.min(max);
        let hint = match (scroll > 0, scroll < max) {
            (_, true) => " ↓ more (j/k) · Esc closes ",
            (true, false) => " ↑ j/k · Esc closes ",
            (false, false) => " Esc closes ",
        };
        Clear.render(popup, buf);
        let block = Block::bordered()
            .border_style(t.border(true))
            .title(Span::styled(" Keys ", t.title(true)))
            .title(Line::from(Span::styled(hint, t.dim())).right_aligned());
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0))
            .block(block)
            .render(popup, buf);
    }
}
