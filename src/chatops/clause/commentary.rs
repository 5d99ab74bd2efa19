//! The order before the speaker's own commentary ("stop refreshing, i need to read
//! this", "turn off auto recovery — we cannot have it restarting mid-review"): the
//! commentary opens with who it is about, or why.

/// The words before a trailing clause about the speaker ("…, i'm poking at it by hand",
/// "… until i'm done"). Not for a question: "restart it, i guess?" still asks.
pub fn order_before_commentary(folded: &str) -> Option<&str> {
    const LEADS: &[&str] = &[
        ", since ",
        ", because ",
        ", and let me know",
        ", we ",
        ", sorry",
        " — sorry",
        " - sorry",
        ", i ",
        ", i'm ",
        ", im ",
        ", i am ",
        ", i'll ",
        ", ill ",
        ", we're ",
        ", we are ",
        ", we'll ",
        "; we ",
        "; i ",
        ", need to ",
        ", gotta ",
        " until ",
        " while i ",
        " so i can ",
        " so that ",
        " so the ",
        " so we ",
        // ("… so it can act again tonight", "— we cannot have it restarting mid-review",
        // "…, they're doing maintenance": who the commentary is about opens it.)
        " so it ",
        " so they ",
        " so nobody ",
        " so no one ",
        " — we ",
        " - we ",
        " — i ",
        " - i ",
        " — they ",
        " - they ",
        ", they ",
        ", they're ",
        ", theyre ",
        ", nobody ",
        ", no one ",
    ];
    if folded.contains('?') {
        return None;
    }
    let at = LEADS.iter().filter_map(|l| folded.find(l)).min()?;
    // ("pause, sorry, refresh it": an apology before another order corrects the first.)
    let after = folded[at..].trim_start_matches([',', ' ', '—', '-']);
    let next = after
        .strip_prefix("sorry")
        .map(|rest| rest.trim_start_matches([',', ' ', '—', '-']));
    let verbs = super::lexicon::grammar("order_verb_en");
    if next.is_some_and(|n| {
        n.split_whitespace()
            .next()
            .is_some_and(|w| verbs.contains(&w))
    }) {
        return None;
    }
    let order = folded[..at].trim();
    (!order.is_empty()).then_some(order)
}

/// "참고하세요", "참고 바랍니다", "fyi", "공유드려요": a clause that only asks the reader
/// to take note. Its request is to know, not to act: after a report ("자동복구 껐어요
/// 참고하세요") it orders nothing.
pub fn take_note(clause: &str) -> bool {
    const ENGLISH: [&str; 8] = [
        "fyi",
        "just fyi",
        "heads up",
        "just a heads up",
        "for your info",
        "for your information",
        "just so you know",
        "jsyk",
    ];
    let said = clause
        .trim()
        .trim_matches(['.', ',', '!', '~', '—', '-', ' ', '(', ')'])
        .to_lowercase();
    // (Words only: "참고: https://wiki/…" points at a page, and "공유하겠습니다" promises.)
    let hangul_only = said
        .chars()
        .all(|c| c.is_whitespace() || super::super::normalize::is_hangul(c));
    let korean = hangul_only
        && said.split_whitespace().count() <= 2
        && !said.contains("하겠")
        && ["참고", "참조", "공유", "알아두", "알고 계", "알고계"]
            .iter()
            .any(|w| said.starts_with(w));
    korean || ENGLISH.contains(&said.as_str())
}

/// "갑자기 재시작되면 라인 멈춰요", "중간에 꺼지면 방송 사고 나요": what would follow if
/// something happened, told in full — a condition (…면) and then its outcome, stated,
/// neither asked nor ordered. After an order it is the order's reason; a clause that
/// ends on its condition ("배포 끝나면") puts the order off instead.
pub fn consequence(clause: &str) -> bool {
    let said = clause
        .trim()
        .trim_end_matches(['.', '!', '~', 'ㅠ', 'ㅜ', ' ']);
    let words: Vec<&str> = said.split_whitespace().collect();
    let Some(at) = words.iter().position(|w| w.ends_with('면')) else {
        return false;
    };
    let Some(last) = words.last().filter(|_| at + 1 < words.len()) else {
        return false;
    };
    let hangul = |w: &str| w.chars().all(super::super::normalize::is_hangul);
    // (A statement's ending: "멈춰요", "나요", "돼요"; not "어떡해?", "할까", "해 줘".)
    let stated = ['요', '다', '어', '아', '해', '나', '돼']
        .iter()
        .any(|e| last.ends_with(*e))
        && !["까요", "나요?", "줘", "주세요", "세요", "자"]
            .iter()
            .any(|e| last.ends_with(e));
    hangul(last) && hangul(words[at]) && stated && !said.ends_with('?')
}

/// "배포 끝나면", "점검 끝나면요": a clause that ends on its condition. After an order
/// ("자동복구 꺼 주세요, 배포 끝나면요") it puts the order off.
pub fn ends_on_condition(clause: &str) -> bool {
    clause
        .split_whitespace()
        .last()
        .map(|w| w.trim_end_matches(['.', ',', '~', '!']))
        .map(|w| w.strip_suffix('요').unwrap_or(w))
        .is_some_and(|w| {
            // (Nouns in 면 are no condition: "화면", "장면".)
            const NOUNS: [&str; 7] = ["화면", "장면", "측면", "전면", "국면", "라면", "냉면"];
            w.ends_with('면') && w.chars().count() > 1 && !NOUNS.iter().any(|n| w.ends_with(n))
        })
}

#[cfg(test)]
mod tests {
    use super::{consequence, ends_on_condition, take_note};

    #[test]
    fn a_clause_may_end_on_its_condition() {
        assert!(ends_on_condition("배포 끝나면") && ends_on_condition("점검 끝나면요."));
        assert!(!ends_on_condition("재시작되면 라인 멈춰요") && !ends_on_condition("화면"));
    }

    #[test]
    fn an_outcome_told_after_its_condition_is_a_consequence() {
        for t in [
            "갑자기 재시작되면 라인 멈춰요",
            "중간에 꺼지면 방송 사고 나요.",
            "재시작되면 큰일 나",
        ] {
            assert!(consequence(t), "{t}");
        }
        for t in [
            "배포 끝나면",
            "재시작되면 어떡해?",
            "끝나면 다시 켜 주세요",
            "재시작하면 괜찮을까요",
            "restart it if it fails",
        ] {
            assert!(!consequence(t), "{t}");
        }
    }

    #[test]
    fn a_note_to_the_reader_is_taken_apart_from_an_order() {
        for t in [
            "참고",
            "참고하세요.",
            "참고 바랍니다",
            "공유드려요",
            "fyi",
            "Just FYI",
            "heads up!",
        ] {
            assert!(take_note(t), "{t}");
        }
        for t in [
            "참고로 로컬 재시작해 주세요",
            "재시작해",
            "restart it",
            "fyi restart it",
        ] {
            assert!(!take_note(t), "{t}");
        }
    }
}
