//! A Korean condition told by any verb: "야간조 들어오면 …", "트래픽 몰리면 …", "배치
//! 끝내고 오면 …". The endings of `hedge_ko` name the common ones; a verb the tables never
//! met sets a condition just as well, so any word closed by 면 does, unless it is a noun
//! or a link word that only ends like one.

use super::super::normalize;
use super::super::request;

/// Words that end in 면 and set no condition: nouns ("화면", "측면") and links ("그러면",
/// "아니면": then, or else).
const NOT_IF: [&str; 22] = [
    "화면",
    "전면",
    "측면",
    "정면",
    "장면",
    "방면",
    "표면",
    "국면",
    "대면",
    "라면",
    "냉면",
    "서면",
    "이면",
    "반면",
    "후면",
    "외면",
    "수면",
    "평면",
    "단면",
    "그러면",
    "아니면",
    "그렇다면",
];

/// Endings that close a reason or a purpose ("…헷갈리니까", "…복구하게"): a
/// condition before them is part of it, not of the order.
const REASON_ENDS: [&str; 9] = [
    "니까", "니깐", "는데", "은데", "어서", "아서", "해서", "라서", "게",
];
/// A worry ("…뜨면 곤란해", "…바뀌면 엉망이 되니까"): what the condition would cause.
const WORRIES: [&str; 5] = ["곤란", "큰일", "어렵", "힘들", "엉망"];

/// Some word of `words` is a verb closed by the conditional 면 ("들어오면") that leads
/// straight into the order closing the line; not the courteous 면 of a request ("…해
/// 주시면", "…해 주면 안 돼?").
pub(super) fn verb_if(words: &[String]) -> bool {
    words.iter().enumerate().any(|(at, w)| {
        let w = w.trim_end_matches(['.', ',', '…', '!', '~']);
        let verb = w
            .strip_suffix('면')
            .and_then(|stem| stem.chars().last())
            .is_some_and(normalize::is_hangul);
        let courteous = w.ends_with("주시면") || w.ends_with("주면");
        verb && !courteous && !NOT_IF.iter().any(|n| w.ends_with(n)) && leads(&words[at + 1..])
    })
}

/// `rest` runs on to an order closing it, with no pause, reason or worry between.
fn leads(rest: &[String]) -> bool {
    let Some((last, between)) = rest.split_last() else {
        return false;
    };
    let last = last.trim_end_matches(['.', '!', '~']);
    let order = request::korean_order_word(last);
    let worry = |w: &str| WORRIES.iter().any(|e| w.contains(e));
    order
        && !worry(last)
        && between.iter().all(|w| {
            !w.ends_with([',', '.', '!', '?', '…'])
                && !worry(w)
                && !REASON_ENDS.iter().any(|e| w.ends_with(e))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn any_verb_closed_by_myeon_sets_a_condition() {
        for line in [
            "야간조 들어오면 게이트웨이 복구 돌려줘",
            "트래픽 몰리면 재시작해",
            "배치 끝내고 오면 켜 줘",
        ] {
            assert!(verb_if(&words(line)), "{line}");
        }
    }

    #[test]
    fn nouns_links_and_courtesy_set_none() {
        for line in [
            "화면 멈춰줘",
            "그러면 재시작해",
            "로컬 아니면 클라우드 재시작해",
            "재시작해 주시면 감사하겠습니다",
            "면 단위로",
            "폴링 좀 멈춰 주면 안 돼?",
            "전체 채널 20분 조용히 시켜줘, 리뷰 데모 중에 알림 뜨면 곤란해",
            "자동 복구 좀 켜주쇼잉 야간에 민원 들어오면 손이 모자라요",
            "문제 생기면 알아서 복구하게 켜 주세요",
            "알림 오면 헷갈리니까 클라우드 삼십 분 점검 부탁해요",
            "라우팅이 수시로 바뀌면 증빙이 어렵습니다, 고정 우선순위로 돌려 주세요",
        ] {
            assert!(!verb_if(&words(line)), "{line}");
        }
    }
}
