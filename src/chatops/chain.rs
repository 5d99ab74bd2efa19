//! An order followed by what to tell afterwards: "apply routing now, then report each
//! target's state", "restart gateway and then show me its health", "라우팅 적용하고 결과
//! 한 줄로 요약해 줘", "게이트웨이 재시작하고 나서 상태 보여줘". The order comes first and
//! is the one acted on; the report asked for after it describes the result. With a
//! question mark anywhere the sentence stays a question.

/// The first clause of a chain, as an order of its own, when `folded` (lower case) is
/// "order, then what to tell".
pub fn first_order(folded: &str) -> Option<String> {
    if folded.contains('?') {
        return None;
    }
    english(folded).or_else(|| korean(folded))
}

/// "…, then …", "… and then …", "…, and then …".
fn english(folded: &str) -> Option<String> {
    let (first, then) = [", and then ", " and then ", ", then ", "; then "]
        .iter()
        .find_map(|m| folded.split_once(m))?;
    tells(then).then(|| first.trim().to_string())
}

/// "…하고 (나서) …", "…한 다음(에) …", "…한 뒤(에) …" before a request to be told.
fn korean(folded: &str) -> Option<String> {
    let words: Vec<&str> = folded.split_whitespace().collect();
    let at = words.iter().position(|w| {
        let w = w.trim_end_matches(',');
        (w.ends_with("하고") || w.ends_with("한다음") || w.ends_with("한뒤"))
            && w.chars().count() > 2
    })?;
    let rest = words[at + 1..].join(" ");
    // ("재시작하고 싶어": a wish, not a chain.)
    if rest.starts_with('싶') || !tells(&rest) {
        return None;
    }
    let verb = words[at].trim_end_matches(',');
    let stem = verb
        .strip_suffix("하고")
        .or_else(|| verb.strip_suffix("한다음"))
        .or_else(|| verb.strip_suffix("한뒤"))?;
    let mut first: Vec<String> = words[..at].iter().map(|w| w.to_string()).collect();
    first.push(format!("{stem}해"));
    Some(first.join(" "))
}

/// Whether a clause asks to be told something ("report …", "show me …", "…알려 줘").
fn tells(clause: &str) -> bool {
    let words: Vec<&str> = clause
        .split_whitespace()
        .skip_while(|w| matches!(*w, "나서" | "please" | "just" | "also"))
        .collect();
    let english = matches!(
        words.first(),
        Some(
            &("report"
                | "tell"
                | "show"
                | "give"
                | "list"
                | "summarize"
                | "summarise"
                | "confirm"
                | "verify"
                | "let")
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
            assert_eq!(first_order(chain).as_deref(), Some(order), "{chain}");
        }
    }

    #[test]
    fn questions_wishes_and_two_orders_are_not_chains() {
        for line in [
            "restart gateway and then show me its health?",
            "게이트웨이 재시작하고 싶어요 상태 확인 후에",
            "mute local 20m, then reset its recovery",
            "restart gateway",
        ] {
            assert_eq!(first_order(line), None, "{line}");
        }
    }
}
