//! The chat pane: a one-line `tui-textarea` prompt with Up/Down history, the transcript of
//! questions and replies, and a pending y/N confirmation; what its keys do, and how it is
//! drawn (the transcript wrapped to the pane, newest lines last, above the prompt or the
//! y/N question). What a submitted line means is decided by the ChatOps engine (see
//! `ask`), not here.

use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, StatefulWidget, Widget, Wrap};
use tui_textarea::TextArea;

use super::keymap::Cmd;
use super::ui::ctx::Ctx;
use super::ui::fmt;
use super::ui::theme::{Sev, Theme};
use crate::chatops::{ChatCommand, Lang};

/// Transcript lines kept (oldest dropped first).
const KEEP: usize = 1_000;
/// Prompt history entries kept.
const HISTORY: usize = 200;

#[derive(Debug, Clone, PartialEq)]
pub enum Who {
    /// What the operator typed.
    You,
    /// An answer from the engine.
    Reply,
    /// A note from the console (an action's result, a refusal).
    Note(Sev),
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChatLine {
    pub who: Who,
    pub text: String,
    /// When the message arrived, on its first line only (the pane shows it there).
    pub at_ms: Option<i64>,
}

/// An action waiting for y/N.
#[derive(Debug, Clone, PartialEq)]
pub struct Pending {
    pub command: ChatCommand,
    pub lang: Lang,
}

/// What a key did in the prompt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Ignored,
    Handled,
    Submit(String),
    /// Esc: leave the prompt.
    Leave,
}

pub struct ChatPane {
    pub input: TextArea<'static>,
    pub lines: Vec<ChatLine>,
    /// Lines scrolled up from the newest.
    pub scroll: usize,
    pub pending: Option<Pending>,
    /// The language of the operator's last line with words: a line without any ("🔄")
    /// is answered in it.
    pub lang: Option<Lang>,
    /// The time of the action being handled (set by `App::update`): messages are
    /// stamped with it.
    pub now_ms: i64,
    history: Vec<String>,
    /// Position while browsing history with Up/Down, and the draft it replaced.
    browsing: Option<(usize, String)>,
    /// Where the last frame drew the prompt's input field, while it was edited (the
    /// terminal's cursor goes there, and clicks).
    pub field: Rect,
}

impl Default for ChatPane {
    fn default() -> Self {
        ChatPane::new()
    }
}

impl ChatPane {
    pub fn new() -> ChatPane {
        let mut input = TextArea::default();
        // One line, no underline under it; the theme styles the cursor.
        input.set_cursor_line_style(Style::new());
        input.set_placeholder_text("ask: 오케스트레이션 상태 · why is Gateway degraded · help");
        ChatPane {
            input,
            lines: Vec::new(),
            scroll: 0,
            pending: None,
            lang: None,
            now_ms: 0,
            history: Vec::new(),
            browsing: None,
            field: Rect::default(),
        }
    }

    pub fn push(&mut self, who: Who, text: &str) {
        for (k, line) in text.trim_end_matches('\n').split('\n').enumerate() {
            self.lines.push(ChatLine {
                who: who.clone(),
                text: line.to_string(),
                at_ms: (k == 0).then_some(self.now_ms),
            });
        }
        if self.lines.len() > KEEP {
            let extra = self.lines.len() - KEEP;
            self.lines.drain(..extra);
        }
        // New output is what the operator wants to see.
        self.scroll = 0;
    }

    pub fn text(&self) -> String {
        self.input.lines().join(" ")
    }

    pub fn set_text(&mut self, text: &str) {
        self.input.select_all();
        self.input.cut();
        self.input.insert_str(text);
    }

    pub fn scroll_by(&mut self, delta: isize) {
        let max = self.lines.len().saturating_sub(1) as isize;
        self.scroll = (self.scroll as isize + delta).clamp(0, max) as usize;
    }

    /// A key in the prompt: a bound command, or (`None`) text for the field.
    pub fn handle(&mut self, cmd: Option<Cmd>, key: KeyEvent) -> Outcome {
        match cmd {
            Some(Cmd::Submit) => {
                let text = self.text();
                self.set_text("");
                self.browsing = None;
                if text.trim().is_empty() {
                    return Outcome::Handled;
                }
                if self.history.last() != Some(&text) {
                    self.history.push(text.clone());
                    if self.history.len() > HISTORY {
                        self.history.remove(0);
                    }
                }
                Outcome::Submit(text)
            }
            Some(Cmd::Back) => Outcome::Leave,
            Some(Cmd::Up) => self.recall(-1),
            Some(Cmd::Down) => self.recall(1),
            Some(Cmd::PageUp) => {
                self.scroll_by(5);
                Outcome::Handled
            }
            Some(Cmd::PageDown) => {
                self.scroll_by(-5);
                Outcome::Handled
            }
            Some(Cmd::Nothing) => Outcome::Handled,
            // Focus keys and the like belong to the console.
            Some(_) => Outcome::Ignored,
            None => {
                self.input.input(key);
                Outcome::Handled
            }
        }
    }

    /// Up (-1) / Down (+1) through earlier lines; Down past the newest restores the draft.
    fn recall(&mut self, dir: isize) -> Outcome {
        if self.history.is_empty() {
            return Outcome::Handled;
        }
        let (pos, draft) = match self.browsing.take() {
            Some(b) => b,
            None if dir < 0 => (self.history.len(), self.text()),
            None => return Outcome::Handled,
        };
        let next = pos as isize + dir;
        if next >= self.history.len() as isize {
            self.set_text(&draft);
            return Outcome::Handled;
        }
        let next = next.max(0) as usize;
        let entry = self.history[next].clone();
        self.set_text(&entry);
        self.browsing = Some((next, draft));
        Outcome::Handled
    }
}

/// The pane drawn over its state.
pub struct Chat<'a> {
    pub ctx: Ctx<'a>,
    pub compact: bool,
    pub focused: bool,
}

impl StatefulWidget for Chat<'_> {
    type State = ChatPane;

    fn render(self, area: Rect, buf: &mut Buffer, chat: &mut ChatPane) {
        let t = self.ctx.theme;
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
        let example = example_channel(self.ctx.snap);
        let stamp = |at: i64| fmt::clock(at, self.ctx.tz);
        transcript(&chat.lines, chat.scroll, log, t, &example, &stamp).render(log, buf);
        self.prompt(chat, prompt, buf);
    }
}

impl Chat<'_> {
    fn prompt(&self, chat: &mut ChatPane, area: Rect, buf: &mut Buffer) {
        let t = self.ctx.theme;
        chat.field = Rect::default();
        if let Some(p) = &chat.pending {
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
            (&chat.input).render(field, buf);
            chat.field = field;
            return;
        }
        let typed = chat.text();
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
