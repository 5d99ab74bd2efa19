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

#[cfg(test)]
mod tests {
    use super::take_note;

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
