//! Requests typed as forms or code: "action: restart, target: gateway", "set
//! autorecover=false", "silence(cloud, 30m)", "요청: 게이트웨이 재기동 / 사유: 지연",
//! "auto_recovery: disabled  # during migration". Read as the words they stand for: the
//! fields' values (a switch's true/false as on/off), names joined by `_` or `.` as words,
//! and without the fields that only give the reason or a comment.

/// Field names whose value is only why ("사유: 지연", `reason="5xx spike"`).
const REASONS: &[&str] = &["사유", "이유", "reason", "why", "note"];

/// Field names that only label the value after them.
const LABELS: &[&str] = &[
    "요청", "작업", "대상", "값", "기간", "범위", "항목", "action", "op", "do", "target",
    "channel", "query", "get", "show", "value", "duration", "q",
];

/// `text` as plain words, when it is written as a form or as code; `None` otherwise.
pub fn plain(text: &str) -> Option<String> {
    // "…변경할 것. 사유: 부하 분산": a reason field after the request says only why.
    if let Some(ask) = before_reason(text) {
        return Some(plain(ask).unwrap_or_else(|| ask.to_string()));
    }
    // A path or a file name is the operator's own ("export to /tmp/ctx.json"), never code.
    if !formlike(text) || text.split_whitespace().any(names_a_file) {
        return None;
    }
    // A comment after `#` says why ("# during migration"), like a reason field.
    let text = text.split(" #").next().unwrap_or(text);
    let fields: Vec<String> = text
        .split(" / ")
        .filter(|f| !REASONS.contains(&key_of(f).as_str()))
        .map(words_of)
        .collect();
    let out = fields.join(", ");
    let out = out.split_whitespace().collect::<Vec<_>>().join(" ");
    (!out.is_empty() && out != text.trim()).then_some(out)
}

/// The request before a reason field that follows it ("… 바람. 사유: 지연 지속", "…
/// (reason: vendor patch)").
fn before_reason(text: &str) -> Option<&str> {
    let lower = text.to_lowercase();
    let at = REASONS
        .iter()
        .filter_map(|r| {
            let at = lower.find(&format!("{r}:"))?;
            let before = lower[..at].trim_end();
            let closed = before.ends_with(['.', ',', '(', '/', ';', '-', '—']);
            (at > 0 && closed && lower.len() == text.len()).then_some(at)
        })
        .min()?;
    let ask = text[..at]
        .trim_end()
        .trim_end_matches(['(', ',', '/', ';', '-', '—', ' ']);
    (!ask.trim().is_empty()).then_some(ask)
}

/// "/tmp/out.html", "~/ctx.json", "report.html": a path or a file name.
fn names_a_file(word: &str) -> bool {
    let word = word.trim_end_matches(['.', ',', '?', '!', ')', '"', '\'']);
    let path = (word.len() > 1 && word.contains('/')) || word.starts_with('~');
    let file = [
        ".json", ".jsonl", ".html", ".htm", ".csv", ".txt", ".md", ".log",
    ]
    .iter()
    .any(|e| word.to_ascii_lowercase().ends_with(e));
    path || file
}

/// Whether `text` looks typed as a form or code rather than as a sentence.
fn formlike(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    let joined = chars.windows(3).any(|w| {
        matches!(w[1], '_' | '.' | '=' | '(' | '{')
            && w[0].is_alphanumeric()
            && (w[2].is_alphabetic() || matches!(w[1], '=' | '(' | '{'))
    });
    let field = text.split(" / ").count() > 1 && text.contains(':');
    joined
        || field
        || text.contains(" --")
        || text.contains(":=")
        || text.contains("->")
        || text.contains('→')
        || text.starts_with('{')
        || first_word_is_label(text)
        || switched_field(text)
}

/// "autorecover: enabled", "monitoring_routing: off", "autorecover = false": a setting
/// and its switch value.
fn switched_field(text: &str) -> bool {
    text.split_once([':', '=']).is_some_and(|(k, v)| {
        let v = v.trim().trim_end_matches(['.', '!']).to_lowercase();
        !k.trim().is_empty()
            && k.trim().is_ascii()
            && matches!(
                v.as_str(),
                "true" | "false" | "enabled" | "disabled" | "on" | "off"
            )
    })
}

/// "action: pause, …", "요청: …": a field name opening the line.
fn first_word_is_label(text: &str) -> bool {
    text.split_once(':').is_some_and(|(k, _)| {
        let k = k.trim().to_lowercase();
        LABELS.contains(&k.as_str()) || REASONS.contains(&k.as_str())
    })
}

/// The field name of `field` ("사유" of "사유: 지연"), lower case; empty when none.
fn key_of(field: &str) -> String {
    field
        .split_once([':', '='])
        .map(|(k, _)| k.trim().trim_start_matches('-').to_lowercase())
        .filter(|k| !k.contains(' '))
        .unwrap_or_default()
}

/// One field's words: keys that only label dropped, switches' values as on/off, code's
/// punctuation as spaces.
fn words_of(field: &str) -> String {
    let spaced = spaced(field);
    let words: Vec<&str> = spaced.split_whitespace().collect();
    let mut out: Vec<&str> = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        match key_at(&words, i, field) {
            Some(Key::Label) => {
                i += if words.get(i + 1) == Some(&":") { 2 } else { 1 };
                continue;
            }
            // The reason's value runs to the end of the field.
            Some(Key::Reason) => break,
            None => {}
        }
        let w = words[i].trim_start_matches("--");
        // ("action: restart, target: gateway": the comma only closes a field.)
        let w = if key_at(&words, i + 1, field).is_some() {
            w.trim_end_matches(',')
        } else {
            w
        };
        if w != ":" && !w.is_empty() {
            out.push(switch_value(w));
        }
        i += 1;
    }
    out.join(" ")
}

/// `field` with code's punctuation spaced out: brackets, `_`, `=`, quotes, a `.` inside a
/// name, a key's `:` set apart, and an arrow as a space (after Korean, a clause's comma).
fn spaced(field: &str) -> String {
    let mut spaced = String::with_capacity(field.len() + 8);
    let chars: Vec<char> = field.chars().collect();
    let mut depth = 0usize;
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        let inside_word =
            prev.is_some_and(char::is_alphabetic) && next.is_some_and(char::is_alphabetic);
        match c {
            '(' | '{' | '[' => {
                depth += 1;
                spaced.push(' ');
            }
            ')' | '}' | ']' => {
                depth = depth.saturating_sub(1);
                spaced.push(' ');
            }
            // Inside a call's parentheses a comma separates arguments, not clauses.
            ',' if depth > 0 => spaced.push(' '),
            '_' | '"' | '`' | '=' => spaced.push(' '),
            '.' if inside_word => spaced.push(' '),
            ':' if prev.is_some_and(|p| !p.is_ascii_digit()) => spaced.push_str(" : "),
            // ("policy → balanced": between two words of code, the arrow sets a value.)
            '→' if !between_words(&chars, i) => spaced.push_str(", "),
            '>' | '→' if c == '→' || prev == Some('-') => {
                if c == '>' {
                    spaced.pop();
                }
                // "로컬 죽었음 -> 재시작해": an arrow after a Korean clause closes it.
                let after_korean = spaced
                    .trim_end()
                    .chars()
                    .last()
                    .is_some_and(super::normalize::is_hangul);
                if after_korean {
                    let kept = spaced.trim_end().len();
                    spaced.truncate(kept);
                    spaced.push_str(", ");
                } else {
                    spaced.push(' ');
                }
            }
            _ => spaced.push(c),
        }
    }
    spaced
}

/// Whether the mark at `i` stands between two ASCII words ("policy → balanced"), spaces
/// aside.
fn between_words(chars: &[char], i: usize) -> bool {
    let before = chars[..i].iter().rev().find(|c| !c.is_whitespace());
    let after = chars[i + 1..].iter().find(|c| !c.is_whitespace());
    before.is_some_and(|c| c.is_ascii_alphanumeric())
        && after.is_some_and(|c| c.is_ascii_alphabetic())
}

/// What a field name does to the value after it.
enum Key {
    /// Only labels it ("action:", "target=").
    Label,
    /// Says why ("사유:", `reason=`): the rest of the field orders nothing.
    Reason,
}

/// Whether word `j` of `words` (the spaced-out `field`) names a field, and which kind.
fn key_at(words: &[&str], j: usize, field: &str) -> Option<Key> {
    let w = words.get(j)?.trim_start_matches("--");
    if words.get(j + 1) != Some(&":") && !field_value_follows(field, w) {
        return None;
    }
    let lower = w.to_lowercase();
    if LABELS.contains(&lower.as_str()) || lower.is_empty() {
        Some(Key::Label)
    } else {
        REASONS.contains(&lower.as_str()).then_some(Key::Reason)
    }
}

/// Whether `word` is written as a field name in `field` ("target=gateway").
fn field_value_follows(field: &str, word: &str) -> bool {
    field.contains(&format!("{word}=")) || field.contains(&format!("{word} ="))
}

/// A switch's value in a form: true/enabled as "on", false/disabled as "off".
fn switch_value(w: &str) -> &str {
    match w.to_lowercase().as_str() {
        "true" | "enabled" | "yes" => "on",
        "false" | "disabled" | "no" => "off",
        _ => w,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_and_code_read_as_words() {
        for (typed, read) in [
            ("set autorecover=false", "set autorecover off"),
            ("action: restart, target: gateway", "restart gateway"),
            ("silence(cloud, 30m)", "silence cloud 30m"),
            ("요청: 게이트웨이 재기동 / 사유: 지연", "게이트웨이 재기동"),
            (
                "라우팅 정책을 balanced로 변경할 것. 사유: 부하 분산",
                "라우팅 정책을 balanced로 변경할 것.",
            ),
            ("mute cloud 1h (reason: vendor patch)", "mute cloud 1h"),
            ("autorecover: enabled", "autorecover on"),
            ("autorecover = false", "autorecover off"),
            (
                "auto_recovery: disabled  # during migration",
                "auto recovery off",
            ),
            (
                "op=recover target=Cloud reason=\"5xx spike\"",
                "recover Cloud",
            ),
            ("set routing.mode=monitoring", "set routing mode monitoring"),
            ("로컬 죽었음 -> 재시작해", "로컬 죽었음, 재시작해"),
            ("recovery.history --last 20", "recovery history last 20"),
        ] {
            assert_eq!(plain(typed).as_deref(), Some(read), "{typed}");
        }
    }

    #[test]
    fn sentences_are_left_alone() {
        for text in [
            "restart the gateway please",
            "what's wrong with cloud? it's slow",
            "게이트웨이 상태 알려줘",
            "mute cloud for 1.5 hours",
            "at 10:30 restart local",
            "should we export to /tmp/x/q.json?",
            "export the dashboard to report.html",
        ] {
            assert_eq!(plain(text), None, "{text}");
        }
    }
}
