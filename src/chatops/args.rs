//! Arguments carried by an utterance besides its intent: a file path for `export`, and a
//! time horizon for `forecast` ("다음 10분", "next 2 hours").

use super::lexicon::Concept;
use super::normalize::{is_hangul, Piece, Prepared, Script};
use super::numbers;

/// Takes the first path out of `text` (so it is not read as vocabulary): a quoted path
/// (which may hold spaces), else a word that starts with `/`, `./`, `../` or `~/`, or ends
/// in `.json`/`.html`/`.htm`. A Korean particle glued to it ("/tmp/ctx.json에") is not part
/// of it.
pub fn take_path(text: &str) -> (String, Option<String>) {
    if let Some((before, inner, after)) = quoted(text) {
        if looks_like_path(inner) {
            return (format!("{before} {after}"), Some(inner.to_string()));
        }
    }
    let mut path = None;
    let mut rest = Vec::new();
    for word in text.split_whitespace() {
        // Sentence punctuation after a path ends the sentence, not the file name: "should
        // we export to q.json?" names `q.json`, and is still a question.
        let bare = word.trim_end_matches(['?', '？', '!', '.', ',', ';', ':', '。']);
        let tail = &word[bare.len()..];
        let candidate = bare
            .trim_matches(['"', '\'', '`', '「', '」', '“', '”'])
            .trim_end_matches(is_hangul)
            .trim_end_matches([',', '"', '\'', '`', '」', '”']);
        if path.is_none() && looks_like_path(candidate) {
            path = Some(candidate.to_string());
            if !tail.is_empty() {
                rest.push(tail);
            }
        } else {
            rest.push(word);
        }
    }
    (rest.join(" "), path)
}

/// The first `"…"`, `'…'` or `` `…` `` span: (text before, inside, text after).
fn quoted(text: &str) -> Option<(&str, &str, &str)> {
    let (start, q) = text
        .char_indices()
        .find(|(_, c)| matches!(c, '"' | '\'' | '`'))?;
    let open = start + q.len_utf8();
    let len = text[open..].find(q)?;
    Some((
        &text[..start],
        &text[open..open + len],
        &text[open + len + q.len_utf8()..],
    ))
}

fn looks_like_path(w: &str) -> bool {
    let lower = w.to_ascii_lowercase();
    ["/", "./", "../", "~/"].iter().any(|p| w.starts_with(p)) && w.len() > 1
        || [".json", ".html", ".htm"]
            .iter()
            .any(|e| lower.ends_with(e) && lower.len() > e.len())
}

/// The routing policy a switch names, by its config name or a word for it: "balanced",
/// "비용"/"cost" (balanced), "ceiling"/"상한", "region"/"리전"/"지역", "health"/"헬스".
pub fn policy_name(prep: &Prepared) -> Option<&'static str> {
    const WORDS: [(&str, &str); 17] = [
        ("balanced", "balanced"),
        ("balance", "balanced"),
        ("cost", "balanced"),
        ("비용", "balanced"),
        ("균형", "balanced"),
        ("밸런스", "balanced"),
        ("ceiling", "ceiling"),
        ("상한", "ceiling"),
        ("천장", "ceiling"),
        ("region", "region"),
        ("regional", "region"),
        ("리전", "region"),
        ("지역", "region"),
        ("health", "health"),
        ("헬스", "health"),
        ("건강", "health"),
        ("기본", "health"),
    ];
    // A Hangul run holds its particles and may hold several words ("정책을비용기준으로").
    prep.pieces.iter().find_map(|p| {
        WORDS
            .iter()
            .find(|(word, _)| match p.script {
                Script::Hangul => !word.is_ascii() && p.text.contains(word),
                _ => p.text == *word,
            })
            .map(|&(_, policy)| policy)
    })
}

/// Minutes named in the text: `10분`, `2시간`, `30 min`, `1h`, `한 시간`.
pub fn horizon_minutes(prep: &Prepared) -> Option<u32> {
    let pieces = &prep.pieces;
    for (i, p) in pieces.iter().enumerate() {
        if p.script == Script::Hangul {
            if let Some(m) = numbers::korean_minutes(&p.text) {
                return Some(m);
            }
            continue;
        }
        // "two hours", "forty five minutes", "half an hour": spelled out.
        let words: Vec<&str> = pieces[i..]
            .iter()
            .take(4)
            .map(|p| p.text.as_str())
            .collect();
        if let Some(m) = spelled_minutes(&words) {
            return Some(m);
        }
        let digits: String = p.text.chars().take_while(|c| c.is_ascii_digit()).collect();
        // "for an hour", "the past hour": one of the unit.
        let one = matches!(p.text.as_str(), "a" | "an" | "one" | "past" | "last");
        let n = match digits.parse::<u32>() {
            Ok(n) => n,
            Err(_) if one => 1,
            Err(_) => continue,
        };
        if one
            && pieces
                .get(i + 1)
                .is_none_or(|next| unit_minutes(&next.text).is_none())
        {
            continue;
        }
        let unit = match &p.text[digits.len()..] {
            _ if one => pieces.get(i + 1).map_or("", |next| next.text.as_str()),
            "" => pieces.get(i + 1).map_or("", |next| next.text.as_str()),
            suffix => suffix,
        };
        if let Some(scale) = unit_minutes(unit) {
            return n.checked_mul(scale);
        }
    }
    None
}

/// "카운터 0으로 돌려", "set the count to 0": setting a count back to zero is resetting it.
pub fn to_zero(prep: &Prepared) -> bool {
    prep.pieces.windows(2).any(|w| {
        let (a, b) = (w[0].text.as_str(), w[1].text.as_str());
        (a == "0" && b.starts_with("으로")) || (a == "to" && matches!(b, "0" | "zero"))
    })
}

/// Whether a time phrase looks back or ahead by its shape: `in 30 minutes`, `30분 후`,
/// `다음 10분` ahead; `1시간 전`, `last 2 hours`, `30 minutes ago` back. Words that say it
/// alone ("앞으로", "last") are vocabulary; this reads the number-and-unit phrases.
pub fn time_direction(prep: &Prepared) -> Option<Concept> {
    let pieces = &prep.pieces;
    for i in 0..pieces.len() {
        let Some((unit, next)) = length_at(pieces, i) else {
            continue;
        };
        // Korean: the direction follows the unit in the same run ("분후", "시간전에").
        let after_unit = ["시간", "분", "초", "일"]
            .iter()
            .find_map(|u| unit.strip_prefix(u))
            .map_or("", |r| r.strip_prefix('반').unwrap_or(r));
        let later = pieces.get(next).map_or("", |n| n.text.as_str());
        // "in like ten minutes", "in about 20 min": a guess at the length still has
        // the direction of the word before it.
        let before = pieces[..i]
            .iter()
            .rev()
            .map(|b| b.text.as_str())
            .find(|w| !APPROXIMATELY.contains(w))
            .unwrap_or("");
        if after_unit.starts_with(['후', '뒤'])
            || later.starts_with(['후', '뒤'])
            || matches!(before, "in" | "within")
            || matches!(later, "later" | "from")
        {
            return Some(Concept::Future);
        }
        if after_unit.starts_with('전') || later.starts_with('전') || later == "ago" {
            return Some(Concept::Past);
        }
    }
    // "at 0300", "at zero three hundred", "at 3pm", "3시에": an hour appointed is to come.
    appointed_hour(pieces).then_some(Concept::Future)
}

/// Whether an hour of the clock is named as when something happens.
fn appointed_hour(pieces: &[Piece]) -> bool {
    let text = |i: usize| pieces.get(i).map_or("", |p| p.text.as_str());
    (0..pieces.len()).any(|i| {
        let digits = !text(i).is_empty() && text(i).chars().all(|c| c.is_ascii_digit());
        let korean = digits && text(i + 1).starts_with("시에");
        let english = text(i) == "at"
            && (text(i + 1)
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit())
                || matches!(text(i + 1), "noon" | "midnight")
                || (i + 2..i + 5).any(|j| matches!(text(j), "hundred" | "am" | "pm" | "oclock")));
        korean || english
    })
}

/// Words that only hedge a length ("in like ten minutes", "within roughly an hour").
const APPROXIMATELY: [&str; 8] = [
    "like",
    "about",
    "around",
    "roughly",
    "maybe",
    "approx",
    "approximately",
    "another",
];

/// Where the length at piece `i` names its unit, when a length starts there: the unit
/// glued to the number ("30분후", "두시간뒤") or the piece after the number ("30 min",
/// "two hours", "30 분 후"), and the index of the piece after the unit. The same counts
/// as `horizon_minutes` reads, digits or spelled out, so a length it understands also
/// has a direction ("두 시간 뒤에 재시작해" is an order for later).
fn length_at(pieces: &[Piece], i: usize) -> Option<(&str, usize)> {
    let p = &pieces[i];
    let text = |j: usize| pieces.get(j).map_or("", |n| n.text.as_str());
    // Runs on every utterance: no allocation until a number is seen.
    let digits = p.text.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 {
        let glued = &p.text[digits..];
        return Some(if glued.is_empty() {
            (text(i + 1), i + 2)
        } else {
            (glued, i + 1)
        });
    }
    if p.script == Script::Hangul {
        numbers::korean_minutes(&p.text)?;
        let at = p.text.find("시간").or_else(|| p.text.find('분'))?;
        return Some((&p.text[at..], i + 1));
    }
    // Spelled out, only before a unit: "in one of the channels" is no length.
    let (_, used) = numbers::english(&[p.text.as_str(), text(i + 1)])?;
    unit_minutes(text(i + used))?;
    Some((text(i + used), i + used + 1))
}

/// Minutes in English words at the start of `words`: a count then its unit, or "half an
/// hour".
fn spelled_minutes(words: &[&str]) -> Option<u32> {
    if let ["half", "an" | "a", "hour", ..] = words {
        return Some(30);
    }
    let (n, used) = numbers::english(words)?;
    n.checked_mul(unit_minutes(words.get(used)?)?)
}

fn unit_minutes(unit: &str) -> Option<u32> {
    if unit.starts_with('분') || matches!(unit, "m" | "min" | "mins" | "minute" | "minutes") {
        Some(1)
    } else if unit.starts_with("시간") || matches!(unit, "h" | "hr" | "hrs" | "hour" | "hours") {
        Some(60)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chatops::normalize::prepare;

    #[test]
    fn paths_are_taken_out() {
        assert_eq!(
            take_path("export to /tmp/ctx.json please"),
            (
                "export to please".to_string(),
                Some("/tmp/ctx.json".to_string())
            )
        );
        assert_eq!(
            take_path("대시보드 out.json에 내보내"),
            ("대시보드 내보내".to_string(), Some("out.json".to_string()))
        );
        assert_eq!(take_path("status/health").1, None);
        assert_eq!(take_path("/").1, None);
        assert_eq!(
            take_path("export to \"./my dir/a b.json\" now"),
            (
                "export to   now".to_string(),
                Some("./my dir/a b.json".to_string())
            )
        );
        assert_eq!(take_path("say \"hi\"").1, None);
        assert_eq!(
            take_path("'./report.html'").1,
            Some("./report.html".to_string())
        );
    }

    #[test]
    fn trailing_punctuation_is_not_part_of_a_path() {
        let (rest, path) = take_path("should we export to q.json?");
        assert_eq!(path.as_deref(), Some("q.json"));
        assert!(rest.ends_with('?'), "{rest}");
        assert_eq!(
            take_path("export to ./a.json.").1.as_deref(),
            Some("./a.json")
        );
    }

    #[test]
    fn time_phrases_point_back_or_ahead() {
        let t = |s: &str| time_direction(&prepare(s));
        assert_eq!(t("latency in 30 minutes"), Some(Concept::Future));
        assert_eq!(t("30분 후 게이트웨이"), Some(Concept::Future));
        assert_eq!(t("30분후 지연"), Some(Concept::Future));
        assert_eq!(t("1시간 전 지연"), Some(Concept::Past));
        assert_eq!(t("2 hours ago"), Some(Concept::Past));
        assert_eq!(t("다음 10분"), None);
        assert_eq!(t("status"), None);
        // A length spelled out points the same ways (`horizon_minutes` reads it too).
        assert_eq!(t("두 시간 뒤에 재시작해"), Some(Concept::Future));
        assert_eq!(t("한 시간 반 뒤에"), Some(Concept::Future));
        assert_eq!(t("삼십 분 전에"), Some(Concept::Past));
        assert_eq!(t("restart it in two hours"), Some(Concept::Future));
        assert_eq!(t("forty five minutes ago"), Some(Concept::Past));
        assert_eq!(t("in one of the channels"), None);
        // A guessed length still points ahead.
        assert_eq!(
            t("restart the worker in like ten minutes"),
            Some(Concept::Future)
        );
        assert_eq!(t("in about 20 min"), Some(Concept::Future));
    }

    #[test]
    fn horizons() {
        let h = |s: &str| horizon_minutes(&prepare(s));
        assert_eq!(h("다음 10분 예측"), Some(10));
        assert_eq!(h("2시간 뒤 예측"), Some(120));
        assert_eq!(h("forecast next 30 min"), Some(30));
        assert_eq!(h("forecast 1h"), Some(60));
        assert_eq!(h("다음 한 시간 예측"), Some(60));
        assert_eq!(h("forecast"), None);
        assert_eq!(h("forecast 99999999999 min"), None);
    }
}
