//! Punctuation said aloud to a voice keyboard and typed out as words: "just bounced cloud
//! comma healthy now", "apply routing period", "set autorecover equals true". Read with
//! the marks it stands for, so that a report stays a report and a form stays a form.

/// `text` with spoken marks made marks; `None` when it has none. "period" and "full
/// stop" count only at the very end ("trend for the period" names a time).
pub fn marked(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() < 2 || !text.is_ascii() {
        return None;
    }
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let mut out = String::new();
    let mut i = 0;
    let mut changed = false;
    while i < words.len() {
        let next = lower.get(i + 1).map(String::as_str);
        let last = i + 1 == words.len();
        let (mark, used) = match (lower[i].as_str(), next) {
            ("comma", _) => (Some(","), 1),
            ("question", Some("mark")) => (Some("?"), 2),
            ("exclamation", Some("mark" | "point")) => (Some("!"), 2),
            ("full", Some("stop")) if i + 2 == words.len() => (Some("."), 2),
            ("period", _) if last => (Some("."), 1),
            ("equals", _) if i > 0 && !last => (Some("="), 1),
            _ => (None, 1),
        };
        match mark {
            Some("=") => out.push('='),
            Some(m) => out.push_str(m),
            None => {
                if !out.is_empty() && !out.ends_with('=') {
                    out.push(' ');
                }
                out.push_str(words[i]);
            }
        }
        changed |= mark.is_some();
        i += used;
    }
    changed.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spoken_marks_become_marks() {
        for (said, typed) in [
            (
                "just bounced clowd comma healthy now",
                "just bounced clowd, healthy now",
            ),
            ("apply routing period", "apply routing."),
            ("standby ok question mark", "standby ok?"),
            ("set autorecover equals true", "set autorecover=true"),
            (
                "silence gateway twenty minutes full stop",
                "silence gateway twenty minutes.",
            ),
        ] {
            assert_eq!(marked(said).as_deref(), Some(typed), "{said}");
        }
        for plain in [
            "trend for the period of the outage",
            "restart gateway",
            "equals",
        ] {
            assert_eq!(marked(plain), None, "{plain}");
        }
    }
}
