//! The chat pane: the transcript (questions, the engine's replies, console notes),
//! wrapped to the pane and showing the newest lines, above the one-line prompt — or the
//! y/N question while a command waits for confirmation.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

use super::fmt;
use super::theme::Theme;
use crate::tui::app::App;
use crate::tui::chat::{ChatLine, Who};

pub struct Chat<'a> {
    pub app: &'a App,
    pub compact: bool,
    pub focused: bool,
}

impl Widget for Chat<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (app, t) = (self.app, self.app.theme());
        let chat = &app.chat;
        let title = if chat.scroll > 0 {
            format!(" Chat ↑{} ", chat.scroll)
        } else {
            " Chat ".to_string()
        };
        let borders = if self.compact {
            Borders::TOP
        } else {
            Borders::ALL
        };
        let block = Block::new()
            .borders(borders)
            .border_style(t.border(self.focused))
            .title(Span::styled(title, t.title(self.focused)));
        let inner = block.inner(area);
        block.render(area, buf);
        let [log, prompt] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(inner);
        let example = example_channel(&app.snap);
        let stamp = |at: i64| fmt::clock(at, &app.opts.tz);
        transcript(&chat.lines, chat.scroll, log, t, &example, &stamp).render(log, buf);
        self.prompt(prompt, buf);
    }
}

impl Chat<'_> {
    fn prompt(&self, area: Rect, buf: &mut Buffer) {
        let (app, t) = (self.app, self.app.theme());
        if let Some(p) = &app.chat.pending {
            // The action in plain words and what it changes, not just an intent id: the
            // operator confirms what will happen, so a misread order is caught here.
            let q = p.lang.pick("실행할까요?", "go ahead?");
            // The question first, so a narrow pane still shows y/N.
            let text = format!(" {q} y/N — {} ", p.command.describe(p.lang));
            Line::from(Span::styled(
                fmt::truncate(&text, area.width as usize),
                t.confirm(),
            ))
            .render(area, buf);
            return;
        }
        let [mark, field] =
            Layout::horizontal([Constraint::Length(2), Constraint::Fill(1)]).areas(area);
        Span::styled("› ", t.key()).render(mark, buf);
        if self.focused {
            (&app.chat.input).render(field, buf);
            let mut hits = app.hits.get();
            hits.prompt = field;
            app.hits.set(hits);
            return;
        }
        let typed = app.chat.text();
        let line = if typed.is_empty() {
            Span::styled("press : to ask · Hangul: just type · / filters", t.dim())
        } else {
            Span::raw(fmt::safe(&typed).into_owned())
        };
        line.render(field, buf);
    }
}

/// The newest lines that fit, `scroll` lines up from the bottom.
/// A channel of this console to use in example questions (one with a problem when there
/// is one): hints that name `Gateway` on a fleet without one only confuse.
pub fn example_channel(s: &crate::snapshot::Snapshot) -> String {
    let pick = s
        .channels
        .iter()
        .find(|c| !c.eval.health.is_healthy())
        .or_else(|| s.channels.last());
    pick.map_or_else(|| "Gateway".to_string(), |c| fmt::truncate(c.name(), 20))
}

/// Example questions that fit this console: why a channel is down (when one is), or how
/// a healthy one is doing.
pub fn example_questions(s: &crate::snapshot::Snapshot) -> String {
    let name = example_channel(s);
    if s.channels.iter().any(|c| !c.eval.health.is_healthy()) {
        format!("why is {name} down · what's wrong")
    } else {
        format!("{name} status · which channel is fastest")
    }
}

fn transcript(
    lines: &[ChatLine],
    scroll: usize,
    area: Rect,
    t: Theme,
    example: &str,
    stamp: &dyn Fn(i64) -> String,
) -> Paragraph<'static> {
    if lines.is_empty() {
        return Paragraph::new(vec![
            Line::from(Span::styled("Ask in Korean or English, e.g.", t.dim())),
            Line::from(Span::styled(
                "오케스트레이션 상태 · 라우팅 추천 · 복구 필요해?",
                t.dim(),
            )),
            Line::from(Span::styled(
                format!("which channel is fastest? · why is {example} degraded · help"),
                t.dim(),
            )),
        ])
        .wrap(Wrap { trim: false });
    }
    let want = area.height as usize + scroll;
    let width = area.width as usize;
    let mut rows: Vec<Line> = Vec::with_capacity(want);
    for l in lines.iter().rev() {
        let style = style(&l.who, t);
        // A message's first line carries its time at the right, when the pane has room
        // for both (`HH:MM:SS` and a space).
        // The question itself is answered at once: its reply's time says when.
        let time = l
            .at_ms
            .filter(|_| width >= STAMP_MIN && l.who != Who::You)
            .map(stamp);
        let room = width - time.as_ref().map_or(0, |s| s.len() + 1);
        // At word boundaries: a reply cut mid-word is hard to read.
        let parts = fmt::wrap_words(&l.text, room);
        for (k, part) in parts.into_iter().enumerate().rev() {
            let mut spans = vec![Span::styled(part, style)];
            if let (0, Some(time)) = (k, &time) {
                let used = spans[0].width();
                spans.push(Span::raw(
                    " ".repeat(width.saturating_sub(used + time.len())),
                ));
                spans.push(Span::styled(time.clone(), t.dim()));
            }
            rows.push(Line::from(spans));
        }
        if rows.len() >= want {
            break;
        }
    }
    let skip = scroll.min(rows.len());
    let shown: Vec<Line> = rows
        .into_iter()
        .skip(skip)
        .take(area.height as usize)
        .collect();
    Paragraph::new(shown.into_iter().rev().collect::<Vec<_>>())
}

/// Below this width the time stamps would crowd out the text.
const STAMP_MIN: usize = 30;

fn style(who: &Who, t: Theme) -> Style {
    match who {
        Who::You => t.you(),
        Who::Reply => Style::new(),
        Who::Note(sev) => t.sev(*sev),
    }
}
