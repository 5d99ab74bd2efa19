//! A short, safe excerpt of an HTTP error body for a probe's error line
//! ("HTTP 503 …: No connected db."), so an operator sees why without opening a shell.
//!
//! Safe means: at most [`MAX_CHARS`] characters on one line, the message field of a JSON
//! error when there is one, markup dropped, control characters turned into spaces, and
//! anything that looks like a credential — the probe's own key, a bearer token, `sk-…`,
//! a long random-looking run — replaced by `[redacted]`. Servers do echo keys back
//! ("invalid api key sk-abc…"); an error line must never carry one to a log.

/// Longest excerpt, in characters.
pub const MAX_CHARS: usize = 80;
/// A word this long mixing letters and digits is taken for a token.
const TOKEN_LEN: usize = 20;

/// The excerpt of `body`, or `None` when there is nothing readable. `secret` is the
/// probe's API key, if it sent one.
pub fn of(body: &[u8], secret: Option<&str>) -> Option<String> {
    let text = String::from_utf8_lossy(&body[..body.len().min(8 * 1024)]);
    let message = json_message(&text).unwrap_or_else(|| strip_markup(&text));
    let mut words: Vec<String> = Vec::new();
    let mut after_bearer = false;
    for raw in message.split(|c: char| c.is_whitespace() || c.is_control()) {
        if raw.is_empty() {
            continue;
        }
        // "Bearer TOKEN": the word after it is the credential, however short.
        let word = if after_bearer {
            "[redacted]".to_string()
        } else {
            redact(raw, secret)
        };
        after_bearer = raw.eq_ignore_ascii_case("bearer");
        words.push(word);
    }
    let line = words.join(" ");
    if line.is_empty() {
        return None;
    }
    let mut out: String = line.chars().take(MAX_CHARS).collect();
    if line.chars().count() > MAX_CHARS {
        out.pop();
        out.push('…');
    }
    Some(out)
}

/// `error.message`, `message`, `detail` or `error` (a string) of a JSON body.
fn json_message(text: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(text.trim()).ok()?;
    let pick = |v: &serde_json::Value| -> Option<String> {
        ["message", "detail", "error", "msg"]
            .iter()
            .find_map(|k| v.get(k).and_then(|m| m.as_str()).map(str::to_string))
    };
    v.get("error").and_then(pick).or_else(|| pick(&v))
}

/// Text with `<…>` tags dropped (an HTML error page keeps its words).
fn strip_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    for ch in text.chars() {
        match ch {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(ch),
            _ => {}
        }
    }
    out
}

fn redact(word: &str, secret: Option<&str>) -> String {
    let secret_hit = secret.is_some_and(|s| s.len() >= 4 && word.contains(s));
    let core = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '_');
    let looks_like_key = core.starts_with("sk-")
        || (core.len() >= TOKEN_LEN
            && core.chars().any(|c| c.is_ascii_digit())
            && core.chars().any(|c| c.is_ascii_alphabetic())
            && core
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.'));
    if secret_hit || looks_like_key {
        "[redacted]".to_string()
    } else {
        word.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_messages_html_and_plain_text() {
        assert_eq!(
            of(
                br#"{"error":{"message":"invalid api key","type":"auth"}}"#,
                None
            )
            .as_deref(),
            Some("invalid api key")
        );
        assert_eq!(
            of(b"No connected db.", None).as_deref(),
            Some("No connected db.")
        );
        assert_eq!(
            of(b"<html><body><h1>502 Bad Gateway</h1></body></html>", None).as_deref(),
            Some("502 Bad Gateway")
        );
        assert_eq!(of(b"   \n ", None), None);
        let long = "word ".repeat(40);
        let e = of(long.as_bytes(), None).expect("excerpt");
        assert_eq!(e.chars().count(), MAX_CHARS);
        assert!(e.ends_with('…'));
    }

    #[test]
    fn never_a_secret_or_a_control_character() {
        let e = of(
            b"Incorrect API key provided: sk-proj-abc123def456. Bearer xyz\x1b]0;pwn\x07",
            Some("hunter2secret"),
        )
        .expect("excerpt");
        assert!(!e.contains("sk-proj") && !e.contains("xyz"), "{e}");
        assert!(!e.contains('\x1b') && !e.contains('\x07'), "{e}");
        let e = of(b"bad key hunter2secret given", Some("hunter2secret")).expect("x");
        assert_eq!(e, "bad key [redacted] given");
        let e = of(b"token 4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c rejected", None).expect("x");
        assert_eq!(e, "token [redacted] rejected");
    }
}
