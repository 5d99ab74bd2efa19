//! Untrusted text made safe for a terminal: the one function every terminal rendering
//! (text snapshot, live text view, replay lines, `--say` replies, console panes, error
//! lines on stderr) passes input-derived text through. See `docs/architecture.md`.
//!
//! Channel names, timestamps, health and trend words from a metrics file, probe errors,
//! a command probe's stderr, config strings and ChatOps input all come from outside. A
//! terminal interprets some characters as commands: ESC starts sequences that retitle the
//! window (OSC 0), write the clipboard (OSC 52) or clear the screen (`ESC[2J`); C1 controls
//! do the same in one byte; a newline in a name prints a fake row; bidi overrides reorder
//! what is shown so `Gateway` can be displayed for other bytes. Those characters are
//! replaced by a visible escape (`\u{1b}`), never emitted and never silently dropped, so
//! an operator sees that a name is odd. Everything else — Hangul, CJK, emoji — is kept.
//!
//! JSON output does not pass through here: serde escapes control characters itself and
//! the exact string is the contract there.

use std::borrow::Cow;

use unicode_width::UnicodeWidthStr;

use crate::domain::{Overall, Trend};
use crate::snapshot::{PollerState, Snapshot};

/// Whether `c` must not reach a terminal as is.
///
/// C0 controls (tab and line breaks included: a single field never contains the
/// renderer's own line breaks), DEL, C1 controls, and the invisible format characters
/// that reorder or hide text: bidi marks, embeddings, overrides and isolates, zero-width
/// characters, the line/paragraph separators, the BOM, interlinear annotation controls
/// and the tag characters. Variation selectors stay: they only pick an emoji's look.
pub fn is_unsafe(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}'
        | '\u{7f}'..='\u{9f}'
        | '\u{ad}'               // soft hyphen: invisible, splits a name silently
        | '\u{34f}'              // combining grapheme joiner
        | '\u{61c}'              // Arabic letter mark (bidi)
        | '\u{115f}' | '\u{1160}' // Hangul fillers: blank yet "width 2" in some terminals
        | '\u{17b4}' | '\u{17b5}'
        | '\u{180b}'..='\u{180f}'
        | '\u{200b}'..='\u{200f}' // zero-width space/joiners, LRM, RLM
        | '\u{2028}'..='\u{202e}' // line/paragraph separators, embeddings, overrides
        | '\u{2060}'..='\u{206f}' // word joiner, invisible operators, isolates, deprecated
        | '\u{3164}'             // Hangul filler
        | '\u{feff}'             // BOM / zero-width no-break space
        | '\u{ffa0}'             // halfwidth Hangul filler
        | '\u{fff9}'..='\u{fffb}' // interlinear annotation
        | '\u{1d173}'..='\u{1d17a}'
        | '\u{e0000}'..='\u{e007f}' // tag characters
    )
}

/// The text of one field (a name, a reason, an error message) safe for a terminal:
/// every unsafe character becomes a visible `\u{…}` escape; a backslash that could be
/// mistaken for the start of such an escape stays as it is (names rarely hold one, and
/// an unambiguous view matters less than showing what was written). Borrowed, with no
/// allocation, in the usual case where nothing needs escaping.
pub fn clean(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unsafe(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Several lines of renderer-built text (a ChatOps reply): the renderer's own `\n` line
/// breaks are kept, each line is [`clean`]ed. Untrusted fields inside must have been
/// cleaned already, or an embedded newline would still start a row of its own; this is
/// the last gate that guarantees no control character or ESC leaves anyway.
pub fn clean_lines(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c != '\n' && is_unsafe(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for (i, line) in s.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&clean(line));
    }
    Cow::Owned(out)
}

/// [`clean`], then cut to `max` display columns with a trailing `…` when longer: for
/// table cells. Details show the whole [`clean`]ed text instead.
pub fn cell(s: &str, max: usize) -> Cow<'_, str> {
    let c = clean(s);
    if c.width() <= max {
        return c;
    }
    Cow::Owned(truncate(&c, max))
}

/// Cuts already safe text to `max` display columns, marking the cut with `…`.
pub fn truncate(s: &str, max: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    if s.width() <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut w = 0;
    for ch in s.chars() {
        let cw = ch.width().unwrap_or(0);
        if w + cw > max - 1 {
            break;
        }
        w += cw;
        out.push(ch);
    }
    out.push('…');
    out
}

/// A copy of the snapshot for text renderings that format many of its fields (ChatOps
/// replies): every string from the input [`clean`]ed, so names with a newline cannot
/// start a row of their own and widths are measured on what is shown. Borrowed when
/// nothing needs escaping, which is the usual case. The snapshot itself keeps the exact
/// strings: JSON and exports show those.
pub fn snapshot(s: &Snapshot) -> Cow<'_, Snapshot> {
    if !strings(s).into_iter().any(|t| t.chars().any(is_unsafe)) {
        return Cow::Borrowed(s);
    }
    let mut shown = s.clone();
    for t in strings_mut(&mut shown) {
        if let Cow::Owned(c) = clean(t) {
            *t = c;
        }
    }
    Cow::Owned(shown)
}

/// Every input-derived string of a snapshot. Keep in step with [`strings_mut`] (a test
/// checks both see the same number of fields).
fn strings(s: &Snapshot) -> Vec<&str> {
    let mut v: Vec<&str> = vec![&s.timestamp, &s.routing.reason, &s.recovery.reason];
    if let Overall::Other(o) = &s.overall_health {
        v.push(o);
    }
    v.extend(s.routing.recommended_primary.as_deref());
    v.extend(s.routing.recommended_fallback.as_deref());
    v.extend(s.routing.fallback_channels.iter().map(String::as_str));
    v.extend(s.recovery.recommended_actions.iter().map(String::as_str));
    v.extend(s.source.path.as_deref());
    if let Some(PollerState::Failed(why)) = s.live.as_ref().map(|l| &l.poller) {
        v.push(why);
    }
    for c in &s.channels {
        v.push(&c.eval.input.name);
        if let Trend::Other(t) = &c.eval.input.trend {
            v.push(t);
        }
        v.extend(c.details.last_error.as_deref());
        v.extend(c.details.region.as_deref());
    }
    if let Some(x) = s.executor.as_deref() {
        v.extend(
            [&x.read_only, &x.problem, &x.audit_path]
                .into_iter()
                .flatten()
                .map(String::as_str),
        );
        for c in &x.channels {
            v.push(&c.name);
            v.extend(c.actions.iter().map(String::as_str));
            v.extend(c.running.as_ref().map(|(a, _)| a.as_str()));
        }
        for r in &x.recent {
            v.push(&r.channel);
            v.extend(r.event.strings());
        }
    }
    v
}

fn strings_mut(s: &mut Snapshot) -> Vec<&mut String> {
    let mut v: Vec<&mut String> = vec![
        &mut s.timestamp,
        &mut s.routing.reason,
        &mut s.recovery.reason,
    ];
    if let Overall::Other(o) = &mut s.overall_health {
        v.push(o);
    }
    v.extend(s.routing.recommended_primary.as_mut());
    v.extend(s.routing.recommended_fallback.as_mut());
    v.extend(s.routing.fallback_channels.iter_mut());
    v.extend(s.recovery.recommended_actions.iter_mut());
    v.extend(s.source.path.as_mut());
    if let Some(PollerState::Failed(why)) = s.live.as_mut().map(|l| &mut l.poller) {
        v.push(why);
    }
    for c in &mut s.channels {
        v.push(&mut c.eval.input.name);
        if let Trend::Other(t) = &mut c.eval.input.trend {
            v.push(t);
        }
        v.extend(c.details.last_error.as_mut());
        v.extend(c.details.region.as_mut());
    }
    if let Some(x) = s.executor.as_mut().map(std::sync::Arc::make_mut) {
        v.extend(
            [&mut x.read_only, &mut x.problem, &mut x.audit_path]
                .into_iter()
                .flatten(),
        );
        for c in &mut x.channels {
            v.push(&mut c.name);
            v.extend(c.actions.iter_mut());
            v.extend(c.running.as_mut().map(|(a, _)| a));
        }
        for r in &mut x.recent {
            v.push(&mut r.channel);
            v.extend(r.event.strings_mut());
        }
    }
    v
}

/// A line for stderr: `switchboard: MESSAGE`, with the message [`clean`]ed (file names,
/// parse errors quoting the input, probe errors and unknown config keys are untrusted)
/// and any URL's credentials cut out ([`redact_userinfo`]).
pub fn error_line(message: &str) -> String {
    format!("switchboard: {}", clean(&redact_userinfo(message)))
}

/// Replaces the `user:password@` of every URL in `text` with `***@`, so that a message
/// quoting a URL (a config error, a probe error) never shows credentials. Works on text,
/// not on parsed URLs: the URLs in error messages are often the ones that did not parse.
pub fn redact_userinfo(text: &str) -> Cow<'_, str> {
    if !text.contains("://") || !text.contains('@') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut changed = false;
    while let Some(i) = rest.find("://") {
        let (head, tail) = rest.split_at(i + 3);
        out.push_str(head);
        // The authority ends where the path, query or fragment starts, or the text
        // around the URL resumes (a quote, a space).
        let end = tail
            .find(|c: char| {
                matches!(c, '/' | '?' | '#' | '"' | '\'' | '`' | '<' | '>') || c.is_whitespace()
            })
            .unwrap_or(tail.len());
        let authority = &tail[..end];
        match authority.rfind('@') {
            Some(at) => {
                out.push_str("***");
                out.push_str(&authority[at..]);
                changed = true;
            }
            None => out.push_str(authority),
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    if changed {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(text)
    }
}

/// Prints [`error_line`] on stderr.
pub fn eprint_error(message: &str) {
    eprint_raw(&error_line(message));
}

/// Writes one line on stderr. Never panics (`eprintln!` does when stderr is a closed
/// pipe, which wedged a daemon whose log reader had gone): a line that cannot be
/// written is dropped and counted as a daemon fault (`/healthz`, the console's banner).
pub fn eprint_raw(line: &str) {
    use std::io::Write;
    let mut err = std::io::stderr().lock();
    let mut text = String::with_capacity(line.len() + 1);
    text.push_str(line);
    text.push('\n');
    if err.write_all(text.as_bytes()).is_err() && crate::fault::global().stderr_dropped() {
        tracing::error!(
            "stderr is closed: log lines are dropped from now on (counted in /healthz)"
        );
    }
}

/// Stderr for code that writes warnings through `io::Write` (the replay's skipped
/// lines): a write that fails is dropped and counted like [`eprint_raw`]'s, so a closed
/// stderr never ends the work whose output goes elsewhere.
pub struct LossyStderr;

impl std::io::Write for LossyStderr {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if std::io::stderr().lock().write_all(buf).is_err() && buf.ends_with(b"\n") {
            let _ = crate::fault::global().stderr_dropped();
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let _ = std::io::stderr().flush();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_in_urls_are_redacted_everywhere_in_a_message() {
        let m = "bad URL \"https://ops:hunter2@gw.example:8443/v1\": x; also http://u@h and ftp://a:b@c?d";
        assert_eq!(
            redact_userinfo(m),
            "bad URL \"https://***@gw.example:8443/v1\": x; also http://***@h and ftp://***@c?d"
        );
        // A password holding '@' is cut at the last '@' of the authority.
        assert_eq!(redact_userinfo("http://a:p@ss@h/x"), "http://***@h/x");
        // An '@' in the path or elsewhere is left alone.
        assert!(matches!(
            redact_userinfo("http://h/x@y and me@mail"),
            Cow::Borrowed(_)
        ));
        assert!(!error_line("cfg: https://u:secret@h").contains("secret"));
    }

    #[test]
    fn plain_text_is_borrowed_and_unchanged() {
        for s in [
            "Gateway",
            "게이트웨이",
            "クラウド",
            "a b-c_d.e",
            "🚀 fast",
            "",
        ] {
            assert!(matches!(clean(s), Cow::Borrowed(_)), "{s}");
        }
    }

    #[test]
    fn controls_become_visible_escapes() {
        assert_eq!(clean("\u{1b}]0;pwned\u{7}"), "\\u{1b}]0;pwned\\u{7}");
        assert_eq!(clean("a\nb\tc\rd"), "a\\u{a}b\\u{9}c\\u{d}d");
        assert_eq!(clean("x\u{7f}\u{9b}2J"), "x\\u{7f}\\u{9b}2J");
        assert_eq!(clean("\u{202e}yawetaG"), "\\u{202e}yawetaG");
        assert_eq!(clean("Gate\u{200b}way"), "Gate\\u{200b}way");
        assert_eq!(clean("\u{2067}x\u{2069}"), "\\u{2067}x\\u{2069}");
    }

    #[test]
    fn no_unsafe_character_survives_any_input() {
        let all: String = (0u32..0x3000).filter_map(char::from_u32).collect();
        let out = clean(&all);
        assert!(!out.chars().any(is_unsafe));
        assert!(!out.contains('\u{1b}'));
    }

    #[test]
    fn lines_keep_the_renderers_breaks_only() {
        assert_eq!(clean_lines("a\nb\n"), "a\nb\n");
        assert_eq!(clean_lines("a\u{1b}[2J\nb\r\n"), "a\\u{1b}[2J\nb\\u{d}\n");
    }

    #[test]
    fn cells_truncate_by_display_width_after_escaping() {
        assert_eq!(cell("abcdef", 4), "abc…");
        assert_eq!(cell("게이트웨이", 5).width(), 5);
        assert_eq!(cell("\u{1b}[2J", 20), "\\u{1b}[2J");
        assert_eq!(cell("\u{1b}[2Jxxxxxxxxxxxxxx", 8), "\\u{1b}[…");
        assert_eq!(cell("short", 18), "short");
    }

    #[test]
    fn snapshot_copy_cleans_every_input_string() {
        let hostile = "\u{1b}]0;x\u{7}\n";
        let mut snap = crate::source::metrics_file::MetricsFile::parse(
            "t.json",
            crate::app::EXAMPLE_METRICS.as_bytes(),
        )
        .map(|f| f.snapshot(&crate::domain::Policy::default(), "t.json"))
        .expect("example parses");
        assert!(matches!(snapshot(&snap), Cow::Borrowed(_)));
        let n = strings(&snap).len();
        assert_eq!(n, strings_mut(&mut snap.clone()).len());
        snap.overall_health = Overall::Other(hostile.into());
        snap.live = Some(crate::snapshot::LiveInfo {
            poller: PollerState::Failed(hostile.into()),
            interval: std::time::Duration::from_secs(1),
            rounds: 1,
            at_ms: 0,
            faults: Vec::new(),
        });
        for c in &mut snap.channels {
            c.eval.input.trend = Trend::Other(hostile.into());
            c.details.last_error = Some(hostile.into());
            c.details.region = Some(hostile.into());
        }
        snap.routing.recommended_primary = Some(hostile.into());
        snap.routing.recommended_fallback = Some(hostile.into());
        snap.routing.fallback_channels = vec![hostile.into()];
        snap.source.path = Some(hostile.into());
        for t in strings_mut(&mut snap) {
            *t = format!("{t}{hostile}");
        }
        let before = strings(&snap).len();
        let shown = snapshot(&snap);
        let after = strings(&shown);
        assert_eq!(before, after.len());
        for t in after {
            assert!(!t.chars().any(is_unsafe), "{t:?}");
            assert!(t.contains("\\u{1b}"), "{t:?}");
        }
    }

    #[test]
    fn error_lines_are_one_line() {
        assert_eq!(
            error_line("m.json: bad\nname \u{1b}]52;c;aGk=\u{7}"),
            "switchboard: m.json: bad\\u{a}name \\u{1b}]52;c;aGk=\\u{7}"
        );
    }
}
