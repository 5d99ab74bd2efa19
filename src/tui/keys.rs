//! The key map as the operator reads it: the `?` overlay and the footer hint line both
//! come from here, so what is shown is what is bound.

/// Every binding, in the order the help overlay lists them.
pub const HELP: &[(&str, &str)] = &[
    ("Tab / Shift-Tab", "move focus: channels → events → chat"),
    ("j k ↑ ↓", "select a channel / scroll the focused pane"),
    ("PgUp PgDn Home End", "jump in the focused pane"),
    ("Enter", "channel details (in the prompt: send)"),
    ("Esc", "back: close details, help, leave the prompt"),
    (":", "ask ChatOps (typing Hangul starts a question too)"),
    ("/", "filter channels by name (Enter keeps, Esc clears)"),
    ("↑ ↓ in the prompt", "earlier questions"),
    ("r", "refresh: probe now / re-read the file"),
    ("p", "pause or resume polling / following"),
    (
        "s",
        "sort channels: problems first → routing order → by name",
    ),
    ("a", "auto recovery on/off (asks y/N)"),
    ("x", "reset an escalated channel's recovery (asks y/N)"),
    ("?", "this help (j/k scroll it on a small screen)"),
    ("q  Ctrl-C", "quit (Ctrl-C in the prompt clears the line)"),
    ("m", "mouse on/off (off: select and copy text)"),
    ("mouse", "click a row to select, wheel to scroll"),
];

/// Footer hints per context, most useful first (a narrow footer drops the tail):
/// (key, what).
pub fn footer(ctx: Context) -> &'static [(&'static str, &'static str)] {
    match ctx {
        Context::Main => &[
            ("?", "help"),
            ("q", "quit"),
            (":", "ask"),
            ("/", "filter"),
            ("m", "mouse"),
            ("j/k", "move"),
            ("Enter", "open"),
            ("r", "refresh"),
            ("p", "pause/resume"),
            ("s", "sort"),
            ("a", "auto"),
            ("Tab", "focus"),
        ],
        Context::Prompt => &[
            ("Enter", "send"),
            ("↑/↓", "history"),
            ("PgUp/PgDn", "scroll"),
            ("Esc", "back"),
            ("Tab", "focus"),
            ("Ctrl-C", "clear"),
        ],
        Context::Confirm => &[("y", "confirm"), ("any other key", "cancel")],
        Context::Detail => &[
            ("Esc", "back"),
            ("j/k", "prev/next channel"),
            ("m", "mouse"),
            ("r", "refresh"),
            ("?", "help"),
            ("q", "quit"),
        ],
        Context::Help => &[("Esc or ?", "close help"), ("Ctrl-C", "quit")],
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Main,
    Prompt,
    Confirm,
    Detail,
    Help,
}
