//! The key map: one table that the console matches keys against, and that the footer
//! hints and the `?` overlay are read from, so what is shown is what is bound.
//!
//! Each row is one line of help (or none, for keys that need no explaining), the keys it
//! binds in which scopes, and its hints in the footer of each context. What a command
//! does is up to the component that owns the scope: `Down` steps a list, scrolls the
//! help and recalls a later question in the prompt.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Where a binding applies. The app asks in order: help, confirmation, filter line,
/// prompt, detail view, focused pane, global keys (the innermost owner wins).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Everywhere, before anything else (Ctrl-C).
    Always,
    Help,
    Confirm,
    /// The channel filter line while it is typed.
    Filter,
    Prompt,
    Detail,
    /// The channels pane only (on top of `List`).
    Channels,
    /// Any scrolling list pane: channels, events.
    List,
    Global,
}

/// What a key asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmd {
    Interrupt,
    Quit,
    Help,
    Refresh,
    Pause,
    Sort,
    Mouse,
    Auto,
    Reset,
    /// Switch the routing policy to the next one the config describes.
    Policy,
    Ask,
    Filter,
    FocusNext,
    FocusPrev,
    /// Close what is open: details, the prompt, the filter; else focus the channels.
    Back,
    Down,
    Up,
    PageDown,
    PageUp,
    Top,
    Bottom,
    /// Enter: open a channel, send the prompt, keep the filter.
    Submit,
    /// Backspace in the filter line.
    Erase,
    /// `y` to a y/N question.
    Yes,
    /// A key the scope swallows (Ctrl-M and Ctrl-J would break the one-line prompt).
    Nothing,
}

/// Footer contexts: which keys the footer offers right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Main,
    Prompt,
    Confirm,
    Detail,
    Help,
}

/// Which modifiers a key accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mods {
    /// Any (Shift is how `G` and `?` arrive).
    Any,
    /// Neither Ctrl nor Alt: letters stay free for the terminal's and the prompt's chords.
    Plain,
    Ctrl,
}

#[derive(Debug, Clone, Copy)]
pub struct Key {
    code: KeyCode,
    mods: Mods,
}

impl Key {
    fn matches(&self, k: &KeyEvent) -> bool {
        let chord = k
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        self.code == k.code
            && match self.mods {
                Mods::Any => true,
                Mods::Plain => !chord,
                Mods::Ctrl => k.modifiers.contains(KeyModifiers::CONTROL),
            }
    }
}

const fn any(code: KeyCode) -> Key {
    Key {
        code,
        mods: Mods::Any,
    }
}
const fn ch(c: char) -> Key {
    any(KeyCode::Char(c))
}
const fn plain(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: Mods::Plain,
    }
}
const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: Mods::Ctrl,
    }
}

/// Keys bound to a command in some scopes.
pub struct Bind {
    scopes: &'static [Scope],
    keys: &'static [Key],
    cmd: Cmd,
}

/// A footer hint: shown in `ctx`, ordered by `rank` (a narrow footer drops the tail).
pub struct Hint {
    ctx: Context,
    rank: u8,
    key: &'static str,
    what: &'static str,
}

/// One line of the key map.
pub struct Row {
    /// The keys as the help overlay names them; empty: not listed there.
    pub keys: &'static str,
    pub what: &'static str,
    binds: &'static [Bind],
    hints: &'static [Hint],
}

const fn bind(scopes: &'static [Scope], keys: &'static [Key], cmd: Cmd) -> Bind {
    Bind { scopes, keys, cmd }
}
const fn hint(ctx: Context, rank: u8, key: &'static str, what: &'static str) -> Hint {
    Hint {
        ctx,
        rank,
        key,
        what,
    }
}

use Context as C;
use KeyCode as K;
use Scope as S;

/// Every binding, in the order the help overlay lists them.
pub const TABLE: &[Row] = &[
    Row {
        keys: "Tab / Shift-Tab",
        what: "move focus: channels → events → chat",
        binds: &[
            bind(&[S::Global, S::Prompt], &[any(K::Tab)], Cmd::FocusNext),
            bind(&[S::Global, S::Prompt], &[any(K::BackTab)], Cmd::FocusPrev),
        ],
        hints: &[
            hint(C::Main, 11, "Tab", "focus"),
            hint(C::Prompt, 4, "Tab", "focus"),
        ],
    },
    Row {
        keys: "j k ↑ ↓",
        what: "select a channel / scroll the focused pane",
        binds: &[
            bind(
                &[S::List, S::Detail, S::Help],
                &[any(K::Down), ch('j')],
                Cmd::Down,
            ),
            bind(
                &[S::List, S::Detail, S::Help],
                &[any(K::Up), ch('k')],
                Cmd::Up,
            ),
        ],
        hints: &[
            hint(C::Main, 5, "j/k", "move"),
            hint(C::Detail, 1, "j/k", "prev/next channel"),
        ],
    },
    Row {
        keys: "PgUp PgDn Home End",
        what: "jump in the focused pane",
        binds: &[
            bind(
                &[S::List, S::Help, S::Prompt],
                &[any(K::PageDown)],
                Cmd::PageDown,
            ),
            bind(
                &[S::List, S::Help, S::Prompt],
                &[any(K::PageUp)],
                Cmd::PageUp,
            ),
            bind(&[S::Help], &[ch(' ')], Cmd::PageDown),
            bind(&[S::List, S::Help], &[any(K::Home)], Cmd::Top),
            bind(&[S::List, S::Help], &[any(K::End)], Cmd::Bottom),
        ],
        hints: &[hint(C::Prompt, 2, "PgUp/PgDn", "scroll")],
    },
    Row {
        keys: "g G",
        what: "first / last row of the focused pane",
        binds: &[
            bind(&[S::List], &[ch('g')], Cmd::Top),
            bind(&[S::List], &[ch('G')], Cmd::Bottom),
        ],
        hints: &[],
    },
    Row {
        keys: "Enter",
        what: "channel details (in the prompt: send)",
        binds: &[bind(
            &[S::Channels, S::Prompt, S::Filter],
            &[any(K::Enter)],
            Cmd::Submit,
        )],
        hints: &[
            hint(C::Main, 6, "Enter", "open"),
            hint(C::Prompt, 0, "Enter", "send"),
        ],
    },
    Row {
        keys: "Esc",
        what: "back: close details, help, leave the prompt",
        binds: &[bind(
            &[S::Global, S::Detail, S::Prompt, S::Filter],
            &[any(K::Esc)],
            Cmd::Back,
        )],
        hints: &[
            hint(C::Prompt, 3, "Esc", "back"),
            hint(C::Detail, 0, "Esc", "back"),
            hint(C::Help, 0, "Esc or ?", "close help"),
        ],
    },
    Row {
        keys: "h ← Backspace",
        what: "back from channel details",
        binds: &[bind(
            &[S::Detail],
            &[ch('h'), any(K::Left), any(K::Backspace)],
            Cmd::Back,
        )],
        hints: &[],
    },
    Row {
        keys: ":",
        what: "ask ChatOps (typing Hangul starts a question too)",
        binds: &[bind(&[S::Global], &[ch(':')], Cmd::Ask)],
        hints: &[hint(C::Main, 2, ":", "ask")],
    },
    Row {
        keys: "/",
        what: "filter channels by name (Enter keeps, Esc clears)",
        binds: &[
            bind(&[S::Global], &[ch('/')], Cmd::Filter),
            bind(&[S::Filter], &[any(K::Backspace)], Cmd::Erase),
        ],
        hints: &[hint(C::Main, 3, "/", "filter")],
    },
    Row {
        keys: "↑ ↓ in the prompt",
        what: "earlier questions",
        binds: &[
            bind(&[S::Prompt], &[any(K::Up)], Cmd::Up),
            bind(&[S::Prompt], &[any(K::Down)], Cmd::Down),
        ],
        hints: &[hint(C::Prompt, 1, "↑/↓", "history")],
    },
    Row {
        keys: "r",
        what: "refresh: probe now / re-read the file",
        binds: &[bind(&[S::Global], &[plain('r')], Cmd::Refresh)],
        hints: &[
            hint(C::Main, 7, "r", "refresh"),
            hint(C::Detail, 3, "r", "refresh"),
        ],
    },
    Row {
        keys: "p",
        what: "pause or resume polling / following",
        binds: &[bind(&[S::Global], &[plain('p')], Cmd::Pause)],
        hints: &[hint(C::Main, 8, "p", "pause/resume")],
    },
    Row {
        keys: "s",
        what: "sort channels: problems first → routing order → by name",
        binds: &[bind(&[S::Global], &[plain('s')], Cmd::Sort)],
        hints: &[hint(C::Main, 9, "s", "sort")],
    },
    Row {
        keys: "a",
        what: "auto recovery on/off (asks y/N)",
        binds: &[bind(&[S::Global], &[plain('a')], Cmd::Auto)],
        hints: &[hint(C::Main, 10, "a", "auto")],
    },
    Row {
        keys: "P",
        what: "switch routing policy to the next one (asks y/N)",
        binds: &[bind(&[S::Global], &[plain('P')], Cmd::Policy)],
        hints: &[],
    },
    Row {
        keys: "x",
        what: "reset an escalated channel's recovery (asks y/N)",
        binds: &[bind(&[S::Global], &[plain('x')], Cmd::Reset)],
        hints: &[],
    },
    Row {
        keys: "?",
        what: "this help (j/k scroll it on a small screen)",
        binds: &[bind(&[S::Global], &[ch('?')], Cmd::Help)],
        hints: &[
            hint(C::Main, 0, "?", "help"),
            hint(C::Detail, 4, "?", "help"),
        ],
    },
    Row {
        keys: "q  Ctrl-C",
        what: "quit (Ctrl-C in the prompt clears the line)",
        binds: &[
            bind(&[S::Global], &[plain('q')], Cmd::Quit),
            bind(&[S::Always], &[ctrl('c')], Cmd::Interrupt),
        ],
        hints: &[
            hint(C::Main, 1, "q", "quit"),
            hint(C::Detail, 5, "q", "quit"),
            hint(C::Prompt, 5, "Ctrl-C", "clear"),
            hint(C::Help, 1, "Ctrl-C", "quit"),
        ],
    },
    Row {
        keys: "m",
        what: "mouse on/off (off: select and copy text)",
        binds: &[bind(&[S::Global], &[plain('m')], Cmd::Mouse)],
        hints: &[
            hint(C::Main, 4, "m", "mouse"),
            hint(C::Detail, 2, "m", "mouse"),
        ],
    },
    Row {
        keys: "mouse",
        what: "click a row to select, wheel to scroll",
        binds: &[],
        hints: &[],
    },
    Row {
        keys: "",
        what: "answer a y/N question",
        binds: &[bind(&[S::Confirm], &[ch('y'), ch('Y')], Cmd::Yes)],
        hints: &[
            hint(C::Confirm, 0, "y", "confirm"),
            hint(C::Confirm, 1, "any other key", "cancel"),
        ],
    },
    Row {
        keys: "",
        what: "a one-line prompt takes no newline",
        binds: &[bind(&[S::Prompt], &[ctrl('m'), ctrl('j')], Cmd::Nothing)],
        hints: &[],
    },
];

/// The command `k` is bound to in `scope`, if any.
pub fn command(scope: Scope, k: &KeyEvent) -> Option<Cmd> {
    TABLE
        .iter()
        .flat_map(|row| row.binds)
        .find(|b| b.scopes.contains(&scope) && b.keys.iter().any(|key| key.matches(k)))
        .map(|b| b.cmd)
}

/// The rows the `?` overlay lists: (keys, what).
pub fn help() -> impl Iterator<Item = (&'static str, &'static str)> {
    TABLE
        .iter()
        .filter(|r| !r.keys.is_empty())
        .map(|r| (r.keys, r.what))
}

/// Footer hints for `ctx`, most useful first: (key, what).
pub fn footer(ctx: Context) -> Vec<(&'static str, &'static str)> {
    let mut hints: Vec<&Hint> = TABLE
        .iter()
        .flat_map(|r| r.hints)
        .filter(|h| h.ctx == ctx)
        .collect();
    hints.sort_by_key(|h| h.rank);
    hints.into_iter().map(|h| (h.key, h.what)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn letters_bind_only_without_ctrl_or_alt_and_shifted_keys_still_match() {
        let q = |m| command(Scope::Global, &key(KeyCode::Char('q'), m));
        assert_eq!(q(KeyModifiers::NONE), Some(Cmd::Quit));
        assert_eq!(q(KeyModifiers::ALT), None);
        assert_eq!(q(KeyModifiers::CONTROL), None);
        let big_g = key(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(command(Scope::List, &big_g), Some(Cmd::Bottom));
        let ctrl_c = key(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(command(Scope::Always, &ctrl_c), Some(Cmd::Interrupt));
        assert_eq!(
            command(Scope::Always, &key(KeyCode::Char('c'), KeyModifiers::NONE)),
            None
        );
    }

    #[test]
    fn every_bound_key_outside_the_hidden_rows_is_in_the_help() {
        // Each row that binds a key the operator may not guess is listed by `?`.
        for row in TABLE.iter().filter(|r| !r.binds.is_empty()) {
            let hidden = row.binds.iter().all(|b| {
                b.scopes
                    .iter()
                    .all(|s| matches!(s, Scope::Confirm | Scope::Prompt))
            });
            assert!(
                hidden || !row.keys.is_empty(),
                "{} is bound but not listed",
                row.what
            );
        }
        let listed: Vec<&str> = help().map(|(k, _)| k).collect();
        assert!(listed.contains(&"g G") && listed.contains(&"h ← Backspace"));
    }

    #[test]
    fn footer_hints_keep_their_order_per_context() {
        let keys = |c| footer(c).into_iter().map(|(k, _)| k).collect::<Vec<_>>();
        assert_eq!(
            keys(Context::Main),
            ["?", "q", ":", "/", "m", "j/k", "Enter", "r", "p", "s", "a", "Tab"]
        );
        assert_eq!(
            keys(Context::Prompt),
            ["Enter", "↑/↓", "PgUp/PgDn", "Esc", "Tab", "Ctrl-C"]
        );
        assert_eq!(keys(Context::Detail), ["Esc", "j/k", "m", "r", "?", "q"]);
        assert_eq!(keys(Context::Help), ["Esc or ?", "Ctrl-C"]);
        assert_eq!(keys(Context::Confirm), ["y", "any other key"]);
    }
}
