//! Korean sentences that state rather than order, by their ending: a memo's "…함"
//! after an order's noun ("에스컬레이션 리셋함"), and a noun closed by the copula
//! ("게이트웨이 타임아웃이야").

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
}
