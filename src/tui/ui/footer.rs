//! The footer: the keys that work right now, from the same table as the help overlay.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::tui::app::{App, Focus, View};
use crate::tui::keymap::{self, Context};
use crate::tui::ui::theme::Theme;

/// The keys of `ctx`, after a warning while the mouse is released.
pub struct Footer {
    pub ctx: Context,
    pub mouse: bool,
    pub theme: Theme,
}

/// Which keys the footer offers now.
pub fn context(app: &App) -> Context {
    if app.help.open {
        Context::Help
    } else if app.chat.pending.is_some() {
        Context::Confirm
    } else if let View::Detail(_) = app.view {
        Context::Detail
    } else if app.focus == Focus::Chat {
        Context::Prompt
    } else {
        Context::Main
    }
}

impl Widget for Footer {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let mut spans = vec![Span::raw(" ")];
        let mut used = 1;
        if !self.mouse {
            // Said first: while released, clicks select text instead of rows.
            let note = "MOUSE OFF: select & copy · m back on";
            spans.push(Span::styled(note, t.sev(crate::tui::ui::theme::Sev::Warn)));
            spans.push(Span::raw("  "));
            used += note.chars().count() + 2;
        }
        for (key, what) in keymap::footer(self.ctx) {
            let w = key.chars().count() + what.chars().count() + 3;
            if used + w > area.width as usize {
                break;
            }
            used += w;
            spans.push(Span::styled(key, t.key()));
            spans.push(Span::styled(format!(" {what}  "), t.dim()));
        }
        Line::from(spans).render(area, buf);
    }
}
