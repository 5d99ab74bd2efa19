//! Refusals followed by what is meant instead: "don't pause, keep it going", "재시작하지
//! 말고 상태만 알려줘", "stop recommending, apply the routes".

use super::second_clause;

/// The clause after a refused one: "don't pause, keep it going" → "keep it going";
/// "재시작하지 말고 상태만 알려줘" → "상태만 알려줘". `None` when the sentence does not
/// open with a refusal followed by another clause.
pub fn after_refusal(folded: &str) -> Option<&str> {
    let refusals = [
        "don't ",
        "dont ",
        "do not ",
        "never ",
        "no don't ",
        "no dont ",
    ];
    let text = folded.trim_start();
    if let Some((_, order)) = stop_advising(text) {
        return Some(order);
    }
    KOREAN_REFUSALS
        .iter()
        .find_map(|ko| second_clause(text, &refusals, ko, false))
}

/// "stop recommending and just apply the routes", "stop just suggesting the route,
/// apply it": advice refused, then what to do instead (the refused clause, the order).
fn stop_advising(text: &str) -> Option<(&str, &str)> {
    // ("ok stop recommending, apply the routes already": a word of impatience first.)
    let opened = [
        "ok ", "okay ", "ok, ", "so ", "please ", "pls ", "ugh ", "just ",
    ]
    .iter()
    .find_map(|w| text.strip_prefix(w))
    .unwrap_or(text);
    let rest = opened.strip_prefix("stop ")?;
    let rest = ["just ", "only "]
        .iter()
        .find_map(|w| rest.strip_prefix(w))
        .unwrap_or(rest);
    if !["recommending", "suggesting", "advising"]
        .iter()
        .any(|w| rest.starts_with(w))
    {
        return None;
    }
    let (at, len) = [" and ", ", "]
        .iter()
        .find_map(|j| text.find(j).map(|at| (at, j.len())))?;
    let order = text[at + len..].trim();
    (!order.is_empty()).then_some((&text[..at], order))
}

/// What joins a refused Korean verb to the order meant: "끄지 말고 켜", "하지 마시고 …",
/// "켜 두지 마, 꺼".
/// ("자동복구 켜두지마 꺼": the refusal may end without a comma.)
const KOREAN_REFUSALS: [&str; 7] = [
    "말고",
    "마시고",
    "지 마,",
    "지마,",
    "지 마 ",
    "지마 ",
    "그만하고",
];

/// The refused clause of a sentence that opens with a refusal and goes on with the order
/// meant: "자동 복구 끄지 말고 켜 둬" → "자동 복구 끄지", "don't just recommend the routing,
/// apply it" → "don't just recommend the routing". In Korean only a verb refused in the
/// "…지 말고" form counts, so "고정 순서 말고 …" (not that, but …) gives nothing.
pub fn refused_clause(folded: &str) -> Option<&str> {
    let text = folded.trim();
    if let Some((refused, _)) = stop_advising(text) {
        return Some(refused);
    }
    after_refusal(text)?;
    if let Some((at, k)) = KOREAN_REFUSALS
        .iter()
        .find_map(|k| text.find(k).map(|at| (at, k)))
    {
        // "…지 마," keeps its 지: the verb refused ends there.
        let end = at
            + if k.starts_with('지') {
                '지'.len_utf8()
            } else {
                0
            };
        let refused = text[..end].trim_end();
        return refused.ends_with('지').then_some(refused);
    }
    text.split_once(", ").map(|(refused, _)| refused)
}
