//! What an order leaves out, said after it: "just restart the gateway, not the others",
//! "mute gateway 45m — not cloud", "게이트웨이만 재시작해, 로컬 말고". The "not" narrows
//! the order to what it names; it refuses nothing. A "not" of time or of doubt ("…, not
//! now", "…, not yet", "…, not sure") still weighs, and is left alone here.

/// Words after "not" that make it a refusal or a doubt, not a contrast.
const WEIGHING: [&str; 18] = [
    "now",
    "yet",
    "today",
    "tonight",
    "tomorrow",
    "sure",
    "needed",
    "necessary",
    "until",
    "before",
    "after",
    "really",
    "urgent",
    "again",
    "ever",
    "anymore",
    "so",
    "too",
];

/// "정책 region 말고 health로 바꿔", "로컬 말고 클라우드 재시작해": the one noun before
/// an inner 말고 is what is not meant; the rest is the order ("하지 말고 …" refuses a
/// verb, and is left).
pub fn without_inner_contrast(folded: &str) -> Option<String> {
    let words: Vec<&str> = folded.split_whitespace().collect();
    let at = words.iter().position(|w| *w == "말고")?;
    let noun = words.get(at.checked_sub(1)?)?;
    let verb = noun.ends_with('지') || noun.ends_with(',');
    if verb || at + 1 >= words.len() {
        return None;
    }
    let rest: Vec<&str> = words[..at - 1]
        .iter()
        .chain(&words[at + 1..])
        .copied()
        .collect();
    Some(rest.join(" "))
}

/// `folded` without a contrast closing it, when one does; `None` otherwise.
pub fn without_contrast(folded: &str) -> Option<&str> {
    let text = folded.trim_end().trim_end_matches(['.', '!']);
    english(text).or_else(|| korean(text))
}

/// "…, not the others", "… — not cloud": a mark, "not", and a few words that name no
/// time or doubt.
fn english(text: &str) -> Option<&str> {
    let (order, left_out) = [", not ", " — not ", " - not ", "; not "]
        .iter()
        .find_map(|m| text.rsplit_once(m))?;
    let words: Vec<&str> = left_out.split_whitespace().collect();
    let weighs = words.iter().any(|w| WEIGHING.contains(w));
    (!words.is_empty() && words.len() <= 3 && !weighs).then_some(order.trim_end())
}

/// "…, 로컬 말고", "…, 다른 건 말고": a noun left out after the order ("…, 하지 말고"
/// refuses a verb); "…, 로컬은 건드리지 말고요": a thing left alone.
fn korean(text: &str) -> Option<&str> {
    let (order, left_out) = text.rsplit_once(", ")?;
    let left_out = left_out.trim_end_matches('요');
    let left_alone = ["건드리지 말고", "건들지 말고", "손대지 말고"]
        .iter()
        .find_map(|v| left_out.strip_suffix(v))
        .is_some_and(|noun| noun.split_whitespace().count() <= 2);
    if left_alone {
        return Some(order.trim_end());
    }
    noun_left_out(text)
}

/// "…, 로컬 말고": the noun before 말고, a few words after the order.
fn noun_left_out(text: &str) -> Option<&str> {
    let (order, left_out) = text.rsplit_once(", ")?;
    let noun = left_out.strip_suffix("말고")?.trim_end();
    let words = noun.split_whitespace().count();
    let verb = noun.ends_with('지') || noun.is_empty();
    (words <= 2 && !verb).then_some(order.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_an_order_leaves_out_is_cut() {
        for (line, order) in [
            (
                "just restart the gateway, not the others",
                "just restart the gateway",
            ),
            ("restart gateway, not local.", "restart gateway"),
            (
                "mute gateway 45m — only gateway, not cloud",
                "mute gateway 45m — only gateway",
            ),
            ("게이트웨이만 재시작해, 로컬 말고", "게이트웨이만 재시작해"),
            ("클라우드 꺼, 다른 건 말고", "클라우드 꺼"),
            (
                "게이트웨이만 재시작해 주세요, 로컬은 건드리지 말고요",
                "게이트웨이만 재시작해 주세요",
            ),
        ] {
            assert_eq!(without_contrast(line), Some(order), "{line}");
        }
    }

    #[test]
    fn a_not_of_time_doubt_or_a_verb_is_left() {
        for line in [
            "restart gateway, not now",
            "restart gateway, not yet",
            "restart gateway, not sure",
            "restart gateway, not until the batch is done",
            "재시작해, 하지 말고",
            "restart gateway",
            "not the gateway",
        ] {
            assert_eq!(without_contrast(line), None, "{line}");
        }
    }

    #[test]
    fn the_noun_before_an_inner_malgo_is_left_out() {
        assert_eq!(
            without_inner_contrast("정책 region 말고 health로 바꿔").as_deref(),
            Some("정책 health로 바꿔")
        );
        assert_eq!(
            without_inner_contrast("로컬 말고 클라우드 재시작해").as_deref(),
            Some("클라우드 재시작해")
        );
        assert_eq!(without_inner_contrast("재시작하지 말고 리셋해"), None);
        assert_eq!(without_inner_contrast("로컬 말고"), None);
    }
}
