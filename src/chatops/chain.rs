//! Several things asked in order: "apply routing now, then report each target's state",
//! "restart the local worker then reset its escalation", "라우팅 적용하고 결과 한 줄로
//! 요약해 줘", "게이트웨이 재기동한 다음에 상태 보여줘". The console does one thing per
//! line, and the first asked comes first: the line is read as its first clause, which
//! keeps its own act (a refusal or a condition there is still one). With a question mark
//! anywhere the sentence stays a question, and a condition opening it heads the whole.

use super::lexicon;
use super::request;

/// The first clause of a chain, as a sentence of its own, when `folded` (lower case)
/// is "this, then that"; and whether the order was said ("then", "하고 나서", "한 다음에")
/// rather than only implied by a second verb ("… and apply the routes", "…켜고 …").
pub fn first_clause(folded: &str) -> Option<(String, bool)> {
    if folded.contains('?') {
        return None;
    }
    let (first, explicit) = english(folded).or_else(|| korean(folded))?;
    (first.split_whitespace().count() >= 2).then_some((first, explicit))
}

/// "…, then …", "… and then …", "…, after that …", "… and <verb> …".
fn english(folded: &str) -> Option<(String, bool)> {
    // ("if cloud dies, restart it then tell me": a condition heads the whole.)
    let first_word = folded.split_whitespace().next().unwrap_or("");
    if matches!(
        first_word,
        "if" | "when" | "once" | "after" | "whenever" | "unless"
    ) {
        return None;
    }
    const THEN: [&str; 8] = [
        ", and then ",
        " and then ",
        ", and after that ",
        " and after that ",
        ", after that ",
        ", then ",
        "; then ",
        " then ",
    ];
    if let Some((first, _)) = THEN.iter().find_map(|m| folded.split_once(m)) {
        return Some((first.trim().to_string(), true));
    }
    // ("move us onto the ceiling policy and apply the routes": a second verb.)
    let (first, second) = folded.split_once(" and ")?;
    let verb = second.split_whitespace().next()?;
    let ordered = |w: &str| lexicon::grammar("order_verb_en").contains(&w);
    let mut words = first.split_whitespace();
    let opens = words.next().is_some_and(ordered);
    // ("stop recommending and apply the routes": a refusal, then the order meant.)
    let refused = words.next().is_some_and(|w| w.ends_with("ing"));
    (opens && !refused && (ordered(verb) || tells(second)))
        .then(|| (first.trim().to_string(), false))
}

/// "…하고 (나서) …", "…켜고 …", "…한 다음(에) …": the first verb, as an order.
fn korean(folded: &str) -> Option<(String, bool)> {
    let words: Vec<&str> = folded.split_whitespace().collect();
    let (at, order, explicit) = words.iter().enumerate().find_map(|(i, w)| {
        let w = w.trim_end_matches(',');
        let rest = words.get(i + 1).copied().unwrap_or("");
        // ("재시작하고 싶어": a wish; "재시작하고 있어": what it is doing.)
        if rest.starts_with(['싶', '있', '계']) || i + 1 == words.len() {
            return None;
        }
        let after = |n: &str| ["다음에", "다음", "뒤에", "후에", "후", "나서"].contains(&n);
        if let Some(o) = connective(w) {
            return Some((i, o, w.ends_with("나서") || after(rest)));
        }
        let next = rest.trim_end_matches(',');
        (after(next) && next != "나서")
            .then(|| adnominal(w))
            .flatten()
            .map(|o| (i, o, true))
    })?;
    // ("…해놓고 갈게요": what the speaker will do after it, a promise, not a chain.)
    let rest = words[at + 1..].join(" ");
    if !tells(&rest) && !asks_ko(&rest) {
        return None;
    }
    let mut first: Vec<String> = words[..at].iter().map(|w| w.to_string()).collect();
    first.push(order);
    Some((first.join(" "), explicit))
}

/// Whether a Korean clause ends by asking the listener to do something.
fn asks_ko(clause: &str) -> bool {
    let end: String = clause
        .trim_end_matches(['.', '!', '~', ' '])
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    request::korean_imperative(&end)
        || ["request", "polite_request_ko", "asks_leave_ko"]
            .iter()
            .flat_map(|k| lexicon::grammar(k).iter())
            .any(|e| end.ends_with(e))
}

/// "켜고" → "켜", "적용하고" → "적용해", "켜고나서" → "켜": a verb joined to the next.
fn connective(word: &str) -> Option<String> {
    let stem = word
        .strip_suffix("나서")
        .unwrap_or(word)
        .strip_suffix('고')?;
    reformed(stem, ORDER_FORMS)
}

/// "반영한" → "반영해", "돌린" → "돌려", "켠" → "켜": a verb before 다음에/뒤에.
fn adnominal(word: &str) -> Option<String> {
    reformed(word, ADNOMINAL_FORMS)
}

/// `word` with the first ending of `forms` it closes with put as its plain order.
fn reformed(word: &str, forms: &[(&str, &str)]) -> Option<String> {
    forms.iter().find_map(|(ending, order)| {
        let head = word.strip_suffix(ending)?;
        Some(format!("{head}{order}"))
    })
}

/// A verb's stem before 고, and its plain order.
const ORDER_FORMS: &[(&str, &str)] = &[
    ("하", "해"),
    ("켜", "켜"),
    ("끄", "꺼"),
    ("걸", "걸어"),
    ("바꾸", "바꿔"),
    ("지우", "지워"),
    ("풀", "풀어"),
    ("읽", "읽어"),
    ("멈추", "멈춰"),
    ("주", "줘"),
    ("놓", "놔"),
    ("두", "둬"),
    ("리", "려"),
    ("잡", "잡아"),
    ("끊", "끊어"),
    ("막", "막아"),
    ("보내", "보내"),
];

/// A verb's adnominal before 다음에, and its plain order.
const ADNOMINAL_FORMS: &[(&str, &str)] = &[
    ("한", "해"),
    ("린", "려"),
    ("켠", "켜"),
    ("끈", "꺼"),
    ("준", "줘"),
    ("꾼", "꿔"),
    ("춘", "춰"),
    ("운", "워"),
    ("건", "걸어"),
];

/// Whether a clause asks to be told something ("report …", "show me …", "…알려 줘").
fn tells(clause: &str) -> bool {
    let english = matches!(
        clause.split_whitespace().next(),
        Some(
            "report"
                | "tell"
                | "show"
                | "give"
                | "list"
                | "summarize"
                | "summarise"
                | "confirm"
                | "verify"
                | "let"
                | "ping"
        )
    );
    let korean = ["알려", "보여", "요약", "정리", "보고", "확인", "말해"]
        .iter()
        .any(|v| clause.contains(v));
    english || korean
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_order_then_a_report_is_the_order() {
        for (chain, order) in [
            (
                "apply routing now, then report each target's state.",
                "apply routing now",
            ),
            (
                "restart gateway and then show me its health",
                "restart gateway",
            ),
            ("라우팅 적용하고 결과 한 줄로 요약해 줘", "라우팅 적용해"),
            (
                "게이트웨이 재시작하고 나서 상태 보여줘",
                "게이트웨이 재시작해",
            ),
        ] {
            assert_eq!(
                first_clause(chain).map(|(f, _)| f).as_deref(),
                Some(order),
                "{chain}"
            );
        }
    }

    #[test]
    fn questions_wishes_and_two_orders_are_not_chains() {
        for line in [
            "restart gateway and then show me its health?",
            "게이트웨이 재시작하고 싶어요 상태 확인 후에",
            "restart gateway",
            "if cloud dies again, restart it then tell me",
            "restart local and cloud",
            "stop recommending and apply the routes already",
            "자동 복구가 게이트웨이 계속 재시작하고 있어, 꺼",
            "퇴근 전에 자동 복구 on 해놓고 갈게요",
        ] {
            assert_eq!(first_clause(line), None, "{line}");
        }
    }
}
