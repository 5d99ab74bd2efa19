//! The framing around a short ask: an opening that only eases into it ("Not urgent, but
//! …", "Hey, quick question — …", "Sorry if this is a dumb question — …", "이거 급한 건
//! 아닌데 …", "그건 그렇고 …") and a closing that only thanks ("…, thanks in advance!",
//! "… 감사합니다~"). Neither asks, orders nor refuses anything: "Not urgent" holds a "not",
//! but it negates nothing the console could do.

/// Openings, lower case, each read up to the mark that closes it (a comma, a dash, a
/// colon, "but", or for Korean the phrase itself).
const OPENINGS: &[&str] = &[
    "not urgent",
    "no rush",
    "no hurry",
    "quick question",
    "quick q",
    "random thought",
    "sorry if",
    "sorry to bug you",
    "sorry to bother",
    "sorry for the ping",
    "sorry for bothering",
    "when you get a sec",
    "when you have a sec",
    "if you get a chance",
    "if you have a sec",
    "hope you're doing well",
    "hope you are doing well",
    "hope the week",
    "one more thing",
    "by the way",
    "btw",
    "also",
    "hey hey",
    "hey",
    "hi",
    "hello",
];

/// Korean openings, matched with or without their spaces.
const OPENINGS_KO: &[&str] = &[
    "이거급한건아닌데",
    "급한건아닌데",
    "급한거아닌데",
    "혹시시간되시면",
    "시간되실때",
    "바쁘신데죄송한데요",
    "바쁘신데죄송한데",
    "바쁘신데",
    "안녕하세요다름이아니라",
    "다름이아니라",
    "그건그렇고",
    "아그리고",
    "아참",
    "저기죄송한데",
    "저기요",
    "저기",
];

/// Closings that only thank, lower case, with their marks taken off.
const CLOSINGS: &[&str] = &[
    "thanks in advance",
    "thanks a bunch",
    "thanks a lot",
    "thank you",
    "thanks",
    "thx",
    "ty",
    "cheers",
    "감사합니다",
    "고맙습니다",
    "수고하세요",
];

/// `text` without its opening and closing framing; `None` when it has none, or when
/// nothing would be left.
pub fn unframed(text: &str) -> Option<&str> {
    let mut t = text.trim();
    for _ in 0..3 {
        match opening(t).or_else(|| opening_ko(t)) {
            Some(rest) => t = rest,
            None => break,
        }
    }
    while let Some(rest) = closing(t) {
        t = rest;
    }
    (t.len() < text.trim().len() && t.chars().any(char::is_alphanumeric)).then_some(t)
}

/// The text after an English opening and the mark that closes it.
fn opening(t: &str) -> Option<&str> {
    let lower = t.to_lowercase();
    let lead = OPENINGS.iter().find(|o| {
        lower.starts_with(*o) && !lower[o.len()..].starts_with(|c: char| c.is_ascii_alphanumeric())
    })?;
    // The opening runs to its first mark: ", but", " — ", " - ", ": ", "! ", "... ", ", ".
    let marks = [
        ", but ", " but ", " — ", " – ", " - ", "... ", ": ", "! ", ", ", ". ",
    ];
    let (at, len) = marks
        .iter()
        .filter_map(|m| lower.find(m).map(|at| (at, m.len())))
        .filter(|&(at, _)| at >= lead.len())
        .min_by_key(|&(at, len)| (at, std::cmp::Reverse(len)))?;
    // An opening holds no more than a few words ("sorry if this is a dumb question").
    (lower[..at].split_whitespace().count() <= 8).then(|| t[at + len..].trim_start())
}

/// The text after a Korean opening, read without spaces.
fn opening_ko(t: &str) -> Option<&str> {
    let mut squeezed = 0usize;
    let mut cut = None;
    let mut joined = String::new();
    for (i, c) in t.char_indices() {
        if c.is_whitespace() || matches!(c, '~' | ',' | '!' | '.') {
            continue;
        }
        joined.push(c);
        squeezed += 1;
        if OPENINGS_KO.iter().any(|o| joined == *o) {
            cut = Some(i + c.len_utf8());
        }
        if squeezed > 12 {
            break;
        }
    }
    let rest = t[cut?..].trim_start_matches(['~', ',', '!', '.', ' ']);
    (!rest.is_empty()).then_some(rest)
}

/// The text before a closing thanks ("… thanks in advance!", "… 감사합니다~").
fn closing(t: &str) -> Option<&str> {
    let body = t.trim_end_matches(|c: char| !c.is_alphanumeric());
    let lower = body.to_lowercase();
    let close = CLOSINGS.iter().find(|c| {
        lower.ends_with(*c)
            && lower[..lower.len() - c.len()]
                .chars()
                .next_back()
                .is_some_and(|p| !p.is_alphanumeric())
    })?;
    let rest = body[..body.len() - close.len()].trim_end_matches([' ', ',', '—', '-', '~']);
    rest.chars().any(char::is_alphanumeric).then_some(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ask_is_taken_out_of_its_framing() {
        for (framed, ask) in [
            (
                "Not urgent, but could you kindly restart the Cloud worker? thanks!",
                "could you kindly restart the Cloud worker?",
            ),
            (
                "Sorry if this is a dumb question — just apply it please. thanks!",
                "just apply it please.",
            ),
            (
                "hey hey, sorry to bug you again — big-picture status please",
                "big-picture status please",
            ),
            (
                "이거 급한 건 아닌데 로컬 상태 좀 봐주세요~ 감사합니다!",
                "로컬 상태 좀 봐주세요",
            ),
            (
                "그건 그렇고 화면 갱신 멈춰 주세요.",
                "화면 갱신 멈춰 주세요.",
            ),
            (
                "안녕하세요~ 다름이 아니라 게이트웨이 에스컬레이션 풀어주세요",
                "게이트웨이 에스컬레이션 풀어주세요",
            ),
        ] {
            assert_eq!(unframed(framed), Some(ask), "{framed}");
        }
    }

    #[test]
    fn words_that_only_look_like_framing_stay() {
        for text in [
            "not now, don't restart it",
            "hi",
            "thanks",
            "high latency on cloud?",
            "also restart local",
            "hey restart local",
        ] {
            let kept = unframed(text).unwrap_or(text);
            assert!(
                kept.contains(text.split_whitespace().last().unwrap_or("")),
                "{text}"
            );
        }
        assert_eq!(unframed("not now, don't restart it"), None);
        assert_eq!(unframed("hi"), None);
        assert_eq!(unframed("high latency on cloud?"), None);
    }
}
