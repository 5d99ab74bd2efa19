//! Colours and emphasis for the console. Meaning is always carried by a word or a symbol
//! as well; colour only reinforces it.
//!
//! The monochrome theme (`NO_COLOR`) never sets a colour, only bold / reverse / dim /
//! underline: crossterm 0.29 under `NO_COLOR` writes every colour change as a bare SGR
//! reset, which would silently wipe those attributes.

use ratatui::style::{Color, Modifier, Style};

use crate::domain::{Health, Status, Trend};

/// Whether colour is used is a parameter, never an environment read while rendering, so
/// that rendering is deterministic under test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

/// Severity of an event, a banner or a chat line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sev {
    Info,
    Good,
    Warn,
    Bad,
}

const BOLD: Modifier = Modifier::BOLD;

impl Theme {
    pub fn new(color: bool) -> Theme {
        Theme { color }
    }

    /// Colour unless `NO_COLOR` is set to something non-empty (https://no-color.org).
    pub fn from_env() -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme::new(!no_color)
    }

    /// `colored` with colour, `mono` without.
    fn pick(self, colored: Style, mono: Style) -> Style {
        if self.color {
            colored
        } else {
            mono
        }
    }

    fn fg(self, c: Color) -> Style {
        self.pick(Style::new().fg(c), Style::new())
    }

    pub fn health(self, h: Health) -> Style {
        match h {
            Health::Excellent => self.fg(Color::Green),
            Health::Good => self.fg(Color::Cyan),
            Health::Degraded => self.pick(
                Style::new().fg(Color::Yellow),
                Style::new().add_modifier(BOLD),
            ),
            Health::Poor => self.pick(
                Style::new().fg(Color::LightRed).add_modifier(BOLD),
                Style::new().add_modifier(BOLD),
            ),
            Health::Offline => self.pick(
                Style::new().fg(Color::Red).add_modifier(BOLD),
                Style::new().add_modifier(BOLD | Modifier::UNDERLINED),
            ),
        }
    }

    /// The status badge in the header.
    pub fn status(self, s: Status) -> Style {
        let (fg, bg) = match s {
            Status::Ok => (Color::Black, Color::Green),
            Status::Warning => (Color::Black, Color::Yellow),
            Status::Critical => (Color::White, Color::Red),
            Status::Unknown => (Color::Black, Color::Magenta),
        };
        let mono = match s {
            Status::Ok | Status::Warning => Style::new().add_modifier(BOLD),
            Status::Critical | Status::Unknown => {
                Style::new().add_modifier(BOLD | Modifier::REVERSED)
            }
        };
        self.pick(Style::new().fg(fg).bg(bg).add_modifier(BOLD), mono)
    }

    /// A full-width banner (stale, paused, failed, file error).
    pub fn banner(self, sev: Sev) -> Style {
        let colored = match sev {
            Sev::Bad => Style::new().fg(Color::White).bg(Color::Red),
            Sev::Warn => Style::new().fg(Color::Black).bg(Color::Yellow),
            Sev::Good | Sev::Info => Style::new().fg(Color::Black).bg(Color::Cyan),
        };
        self.pick(
            colored.add_modifier(BOLD),
            Style::new().add_modifier(BOLD | Modifier::REVERSED),
        )
    }

    /// Text of a given severity inside a pane.
    pub fn sev(self, sev: Sev) -> Style {
        match sev {
            Sev::Info => Style::new(),
            Sev::Good => self.fg(Color::Green),
            Sev::Warn => self.pick(
                Style::new().fg(Color::Yellow),
                Style::new().add_modifier(BOLD),
            ),
            Sev::Bad => self.pick(
                Style::new().fg(Color::LightRed).add_modifier(BOLD),
                Style::new().add_modifier(BOLD),
            ),
        }
    }

    pub fn trend(self, t: &Trend) -> Style {
        match t {
            Trend::Improving => self.fg(Color::Green),
            Trend::Degrading => self.pick(
                Style::new().fg(Color::Yellow),
                Style::new().add_modifier(BOLD),
            ),
            _ => self.dim(),
        }
    }

    pub fn border(self, focused: bool) -> Style {
        match (focused, self.color) {
            (true, true) => Style::new().fg(Color::Cyan).add_modifier(BOLD),
            (true, false) => Style::new().add_modifier(BOLD),
            (false, true) => Style::new().fg(Color::DarkGray),
            (false, false) => Style::new(),
        }
    }

    pub fn title(self, focused: bool) -> Style {
        let s = Style::new().add_modifier(BOLD);
        if focused {
            self.pick(s.fg(Color::Cyan), s.add_modifier(Modifier::REVERSED))
        } else {
            s
        }
    }

    /// The selected table row: reverse in monochrome, a dark bar in colour.
    pub fn selected(self, focused: bool) -> Style {
        match (focused, self.color) {
            (true, true) => Style::new().bg(Color::DarkGray).add_modifier(BOLD),
            (false, true) => Style::new().add_modifier(BOLD),
            (true, false) => Style::new().add_modifier(Modifier::REVERSED),
            (false, false) => Style::new().add_modifier(BOLD),
        }
    }

    pub fn dim(self) -> Style {
        self.pick(
            Style::new().fg(Color::DarkGray),
            Style::new().add_modifier(Modifier::DIM),
        )
    }

    pub fn label(self) -> Style {
        self.pick(Style::new().fg(Color::Gray), Style::new())
    }

    pub fn strong(self) -> Style {
        Style::new().add_modifier(BOLD)
    }

    /// A key name in the footer and help.
    pub fn key(self) -> Style {
        self.pick(
            Style::new().fg(Color::Cyan).add_modifier(BOLD),
            Style::new().add_modifier(BOLD),
        )
    }

    /// What the operator typed, echoed in the chat.
    pub fn you(self) -> Style {
        self.pick(
            Style::new().fg(Color::Cyan).add_modifier(BOLD),
            Style::new().add_modifier(BOLD),
        )
    }

    /// The y/N question: it must not be missed.
    pub fn confirm(self) -> Style {
        self.pick(
            Style::new()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(BOLD),
            Style::new().add_modifier(BOLD | Modifier::REVERSED),
        )
    }

    /// The prompt's cursor cell.
    pub fn cursor(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    /// A failed probe in a sparkline.
    pub fn failure(self) -> Style {
        self.pick(Style::new().fg(Color::Red), Style::new().add_modifier(BOLD))
    }

    pub fn bar(self) -> Style {
        self.fg(Color::Cyan)
    }
}
