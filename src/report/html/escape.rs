//! The one escaping function of the HTML dashboard. Every string from outside (channel
//! names, errors, reasons, paths, timestamps) passes through [`escape`] before it meets
//! the page, in text and in (double-quoted) attribute values alike.

use std::borrow::Cow;

use crate::base::sanitize;

/// `s` safe in HTML text and in a double- or single-quoted attribute value: `&`, `<`,
/// `>`, `"` and `'` become character references, and the characters a terminal would
/// act on or that hide or reorder text (controls, bidi overrides, zero-width) become
/// visible `\u{…}` escapes first, exactly as on the terminal (`sanitize::clean`), so a
/// name looks the same in the console and in the dashboard. Borrowed when nothing needs
/// changing.
pub fn escape(s: &str) -> Cow<'_, str> {
    let cleaned = sanitize::clean(s);
    if !cleaned.contains(['&', '<', '>', '"', '\'']) {
        return cleaned;
    }
    let mut out = String::with_capacity(cleaned.len() + 16);
    for c in cleaned.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::escape;
    use std::borrow::Cow;

    #[test]
    fn markup_becomes_text() {
        assert_eq!(
            escape("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(escape("a & b"), "a &amp; b");
    }

    #[test]
    fn quotes_cannot_leave_an_attribute() {
        let e = escape("x\" onmouseover=\"alert(1)' y");
        assert!(!e.contains('"') && !e.contains('\''), "{e}");
        assert_eq!(e, "x&quot; onmouseover=&quot;alert(1)&#39; y");
    }

    #[test]
    fn controls_and_bidi_are_shown_not_emitted() {
        let e = escape("Gate\u{1b}]0;x\u{7}way\u{202e}");
        assert_eq!(e, "Gate\\u{1b}]0;x\\u{7}way\\u{202e}");
        assert!(!e.chars().any(char::is_control));
    }

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(escape("Gateway 게이트웨이"), Cow::Borrowed(_)));
    }
}
