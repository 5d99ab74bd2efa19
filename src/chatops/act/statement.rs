//! Sentences that state rather than order. Korean, by their ending: a memo's "…함"
//! after an order's noun ("에스컬레이션 리셋함"), and a noun closed by the copula
//! ("게이트웨이 타임아웃이야"). English, by the verb's form: a subject, then an order's
//! verb in -s ("the gateway restarts every night").

use super::super::lexicon;

/// "에스컬레이션 리셋함", "로컬 재시작함": a memo's "…함" after an order's noun tells
/// what was done ("…할 것", "…바람" order; "필요함", "원함" need and want).
pub(super) fn memo_done(run: &str) -> bool {
    const DONE: [&str; 18] = [
        "리셋",
        "재시작",
        "재기동",
        "재부팅",
        "실행",
        "적용",
        "복구",
        "해제",
        "초기화",
        "전환",
        "변경",
        "활성화",
        "중지",
        "정지",
        "재개",
        "조치",
        "처리",
        "종료",
    ];
    let said = run.trim_end_matches(['.', '!', '~', ',']);
    said.strip_suffix('함')
        .map(|stem| stem.trim_end_matches(' '))
        .is_some_and(|stem| DONE.iter().any(|d| stem.ends_with(d)))
}

/// "…타임아웃이야", "다운이에요", "장애입니다": a noun closed by the copula describes how
/// things are; it orders nothing ("…이야?" still asks, by its mark). After an order it
/// is the order's reason ("…적용하라, 어명이다"), which the clauses sort out.
pub(super) fn korean_copula(tail: &str) -> bool {
    let said = tail.trim_end_matches(['.', '!', '~', 'ㅠ', 'ㅜ']);
    // ("로컬 카페 말이야, …": "I mean", pointing, not describing.)
    !said.ends_with("말이야")
        && !said.ends_with("말이에요")
        && !said.ends_with("말입니다")
        && [
            "이야",
            "이에요",
            "이예요",
            "입니다",
            "이다",
            "이네",
            "이네요",
            "이거든",
            "이거든요",
        ]
        .iter()
        .any(|c| said.ends_with(c))
}

/// Words before a verb in -s that make it a noun ("how many restarts", "the restarts").
const DETERMINERS: [&str; 18] = [
    "the", "a", "an", "no", "any", "many", "much", "more", "few", "all", "some", "of", "how",
    "what", "which", "my", "our", "these",
];

/// Words that open a clause inside the sentence ("where traffic goes").
const SUBORDINATORS: [&str; 12] = [
    "where", "when", "what", "who", "how", "which", "if", "once", "until", "while", "as",
    "whenever",
];

/// What follows a verb telling what happens, as a habit or at a time ("restarts every
/// night", "closes tonight", "exits cleanly"), and never a plural noun ("routes onto").
const HABITS: [&str; 24] = [
    "every",
    "each",
    "daily",
    "nightly",
    "weekly",
    "hourly",
    "twice",
    "always",
    "sometimes",
    "often",
    "whenever",
    "when",
    "if",
    "at",
    "during",
    "tonight",
    "today",
    "tomorrow",
    "cleanly",
    "fine",
    "randomly",
    "constantly",
    "mid",
    "around",
];

/// "the gateway restarts every night", "payroll closes tonight", "it exits cleanly": a
/// subject, then an order's verb (or leaving's) in its -s form, and when or how often,
/// tells what happens; an order takes the bare form. Not when the sentence also orders
/// with a bare verb or asks politely ("cloud fails every probe, restart it"), nor for a
/// noun in -s after a determiner ("how many restarts").
pub(super) fn thing_does(words: &[&str]) -> bool {
    let verbs = lexicon::grammar("order_verb_en");
    let verb = |w: &str| verbs.contains(&w) || matches!(w, "close" | "exit" | "quit" | "shut");
    let courtesy = lexicon::grammar("request_en");
    if words.iter().any(|w| verb(w) || courtesy.contains(w)) {
        return false;
    }
    let lead = lexicon::grammar("request_lead");
    words.iter().enumerate().skip(1).any(|(i, w)| {
        let stems = [
            w.strip_suffix('s').map(str::to_string),
            w.strip_suffix("es").map(str::to_string),
            w.strip_suffix("ies").map(|s| format!("{s}y")),
        ];
        let third = stems.iter().flatten().any(|s| verb(s));
        let before = words[i - 1];
        // ("let the probes decide where traffic goes": a clause of the order's.)
        let subordinate = words[..i]
            .iter()
            .any(|w| lead.contains(w) || SUBORDINATORS.contains(w));
        // ("the recommended routes onto the proxy": a plural, not a verb.)
        let noun = DETERMINERS.contains(&before)
            || before.ends_with("ed")
            || before.chars().all(|c| c.is_ascii_digit());
        let habit = words.get(i + 1).is_some_and(|n| HABITS.contains(n));
        third && habit && !noun && !subordinate
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_memo_and_a_copula_state() {
        assert!(memo_done("에스컬레이션리셋함") && memo_done("재시작함."));
        assert!(!memo_done("필요함") && !memo_done("원함") && !memo_done("함"));
        assert!(korean_copula("타임아웃이야") && korean_copula("장애입니다."));
        assert!(!korean_copula("말이야") && !korean_copula("켜줘") && !korean_copula("야"));
    }

    #[test]
    fn a_verb_in_s_after_its_subject_states() {
        let does = |line: &str| thing_does(&line.split_whitespace().collect::<Vec<_>>());
        for line in [
            "the gateway restarts every night",
            "payroll closes tonight",
            "it exits cleanly",
            "cloud pauses during the batch",
        ] {
            assert!(does(line), "{line}");
        }
        for line in [
            "restart the gateway",
            "how many restarts today",
            "cloud fails every probe restart it",
            "gateway restarts pls",
            "2 restarts on local",
            "restarts",
            "hoist the recommended routes onto the proxy",
            "let the probes decide where traffic goes every time",
            "everything goes quiet for half an hour",
        ] {
            assert!(!does(line), "{line}");
        }
    }
}
