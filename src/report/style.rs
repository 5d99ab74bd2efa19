//! ANSI styling for terminal text. Meaning is always carried by words as well;
//! colour is only added on a terminal and never under `NO_COLOR`.

use std::io::IsTerminal;

use crate::domain::{Health, Status};

/// Whether to colour stdout: a terminal, and `NO_COLOR` unset or empty.
pub fn stdout_wants_color() -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    !no_color && std::io::stdout().is_terminal()
}

#[derive(Debug, Clone, Copy)]
pub struct Painter {
    pub color: bool,
}

impl Painter {
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }

    pub fn bold(&self, s: &str) -> String {
        self.wrap("1", s)
    }

    pub fn dim(&self, s: &str) -> String {
        self.wrap("2", s)
    }

    pub fn health(&self, h: Health, s: &str) -> String {
        let code = match h {
            Health::Excellent => "32",
            Health::Good => "36",
            Health::Degraded => "33",
            Health::Poor => "31",
            Health::Offline => "1;31",
        };
        self.wrap(code, s)
    }

    pub fn status(&self, st: Status, s: &str) -> String {
        let code = match st {
            Status::Ok => "1;32",
            Status::Warning => "1;33",
            Status::Critical => "1;31",
            Status::Unknown => "1;35",
        };
        self.wrap(code, s)
    }
}
