//! What was done to a thing, said to point at it: "아까 꺼 놓은 자동복구 다시 살려놔",
//! "어제 내려놨던 게이트웨이 다시 올려". A Korean past relative clause before the
//! object ("…놓은", "…던", "…둔") names which thing is meant; its verb is history, not
//! the order, which is the verb at the end. So is what a thing fails to do ("안 되는
//! 채널들 복구 실행해 주세요"): its 안 refuses nothing. Only the words are cut here; the caller
//! keeps the rest only when it still orders.

use super::jamo::past_syllable;

/// Endings of a past relative clause (a verb that describes the noun after it) that
/// say a thing was left in a state: "꺼 놓은", "켜둔"; any past before 던 ("내려놨던",
/// "바꿨던", "두었던") is `past_then_deon`.
const LEFT_IN_A_STATE: [&str; 2] = ["놓은", "둔"];

/// Words that open such a clause with its time ("아까", "어제"): cut with it.
const WHEN: [&str; 7] = [
    "아까",
    "어제",
    "방금",
    "전에",
    "지난번에",
    "아까전에",
    "그때",
];

/// `folded` without its past relative clause, when one stands before the object:
/// from the start (or its time word) up to the word ending the clause. None when there
/// is none, or nothing is left after it.
pub fn without_past_modifier(folded: &str) -> Option<String> {
    let words: Vec<&str> = folded.split_whitespace().collect();
    // The clause modifies what follows it, so it cannot end the line.
    let end = words[..words.len().saturating_sub(1)]
        .iter()
        .enumerate()
        .position(|(i, w)| {
            LEFT_IN_A_STATE.iter().any(|m| w.ends_with(m))
                || past_then_deon(w)
                || failing(w, i.checked_sub(1).map(|j| words[j]))
        })?;
    // ("꺼 놓은" or "켜둔": the words before the ending, back to the start of its
    // sentence, are the clause either way. "응급실 판독 밀려요. 안 되는 채널들 …": a
    // sentence before it stays.)
    let sentence = words[..end]
        .iter()
        .rposition(|w| w.ends_with(['.', '!', '?', ',']))
        .map_or(0, |i| i + 1);
    let start = sentence + usize::from(words.get(sentence).is_some_and(|w| WHEN.contains(w)));
    let clause = &words[start..=end];
    // ("헬스 기반 라우팅 끄고 정해둔 순서로 돌려": a clause joined by 고 is an order of its
    // own; a relative clause is a few words.)
    let joined = clause.iter().any(|w| w.ends_with(['고', '서', '면']));
    let kept = || {
        let kept: Vec<&str> = words[..sentence]
            .iter()
            .chain(&words[end + 1..])
            .copied()
            .collect();
        kept.join(" ")
    };
    (clause.len() <= 3 && !joined && end + 1 < words.len()).then(kept)
}

/// "안 되는 채널들", "응답 안 하는 워커", "응답 없는 워커": a thing named by what it
/// fails to do. The 안 belongs to the description, not to the order after it.
fn failing(word: &str, before: Option<&str>) -> bool {
    let negated = matches!(before, Some("안" | "못"))
        || (word.starts_with(['안', '못']) && word.chars().count() > 2);
    (word.ends_with('는') && negated) || word.ends_with("없는")
}

/// "바꿨던", "껐던", "놓았던": a past syllable, then 던.
fn past_then_deon(word: &str) -> bool {
    let mut chars = word.chars().rev();
    chars.next() == Some('던') && chars.next().is_some_and(past_syllable)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clause_before_the_object_is_cut() {
        for (line, rest) in [
            ("아까 꺼 놓은 자동복구 다시 살려놔", "자동복구 다시 살려놔"),
            (
                "아까 내려놨던 자동 복구 다시 살려놔",
                "자동 복구 다시 살려놔",
            ),
            ("어제 켜둔 모니터링 라우팅 꺼줘", "모니터링 라우팅 꺼줘"),
            ("바꿨던 정책 health로 돌려놔", "정책 health로 돌려놔"),
            (
                "안 되는 채널들 복구 실행해 주세요",
                "채널들 복구 실행해 주세요",
            ),
            ("응답 없는 워커 재시작해", "워커 재시작해"),
            (
                "응급실 판독 밀려요. 안 되는 채널들 복구 실행해 주세요",
                "응급실 판독 밀려요. 채널들 복구 실행해 주세요",
            ),
        ] {
            assert_eq!(without_past_modifier(line).as_deref(), Some(rest), "{line}");
        }
    }

    #[test]
    fn a_line_without_one_is_left() {
        for line in [
            "자동 복구 다시 살려놔",
            "게이트웨이 재시작해줘",
            "아까 재시작했던",
            "헬스 기반 라우팅 끄고 정해둔 순서로 돌려",
            "둔",
            "",
        ] {
            assert_eq!(without_past_modifier(line), None, "{line}");
        }
    }
}
