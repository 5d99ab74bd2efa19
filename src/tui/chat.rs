//! The chat pane's state and keys: a one-line `tui-textarea` prompt with Up/Down history,
//! the transcript of questions and replies, and a pending y/N confirmation. What a
//! submitted line means is decided by the ChatOps engine (see `ask`), not here.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Style;
use tui_textarea::TextArea;

use crate::chatops::{ChatCommand, Lang};
use crate::tui::ui::theme::Sev;

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
    /// The time of the action being handled (set by `App::update`): messages are
    /// stamped with it.
    pub now_ms: i64,
    history: Vec<String>,
    /// Position while browsing history with Up/Down, and the draft it replaced.
    browsing: Option<(usize, String)>,
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
            now_ms: 0,
            history: Vec::new(),
            browsing: None,
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

    pub fn handle_key(&mut self, key: KeyEvent) -> Outcome {
        match key.code {
            KeyCode::Enter => {
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
            KeyCode::Esc => Outcome::Leave,
            KeyCode::Up => self.recall(-1),
            KeyCode::Down => self.recall(1),
            KeyCode::PageUp => {
                self.scroll_by(5);
                Outcome::Handled
            }
            KeyCode::PageDown => {
                self.scroll_by(-5);
                Outcome::Handled
            }
            // Tab and Shift-Tab move focus; a one-line prompt has no use for a tab character.
            KeyCode::Tab | KeyCode::BackTab => Outcome::Ignored,
            // Ctrl-M and Ctrl-J would insert a newline into a one-line prompt.
            KeyCode::Char('m' | 'j') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                Outcome::Handled
            }
            _ => {
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
