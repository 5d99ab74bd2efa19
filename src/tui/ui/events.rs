//! The events pane: time-stamped changes, newest first, wrapped under their time.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

use super::fmt;
use crate::tui::app::App;

pub struct Events<'a> {
    pub app: &'a App,
    pub focused: bool,
}

/// `HH:MM:SS ` before each entry.
const STAMP: usize = 9;

impl Widget for Events<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (app, t) = (self.app, self.app.theme());
        let log = &app.events;
        let title = if log.scroll > 0 {
            format!(" Events ↓{} ", log.scroll)
        } else {
            " Events ".to_string()
        };
        let block = Block::bordered()
            .border_style(t.border(self.focused))
            .title(Span::styled(title, t.title(self.focused)));
        let inner = block.inner(area);
        block.render(area, buf);
        if log.entries.is_empty() {
            Paragraph::new(Span::styled("no changes yet", t.dim())).render(inner, buf);
            return;
        }
        let width = (inner.width as usize).saturating_sub(STAMP).max(8);
        let mut lines = Vec::new();
        for e in log.entries.iter().skip(log.scroll) {
            let stamp = format!("{} ", fmt::clock(e.at_ms, &app.opts.tz));
            for (k, part) in fmt::wrap_words(&e.text, width).into_iter().enumerate() {
                let lead = if k == 0 {
                    stamp.clone()
                } else {
                    " ".repeat(STAMP)
                };
                lines.push(Line::from(vec![
                    Span::styled(lead, t.dim()),
                    Span::styled(part, t.sev(e.sev)),
                ]));
            }
            if lines.len() >= inner.height as usize {
                break;
            }
        }
        Paragraph::new(lines).render(inner, buf);
    }
}
