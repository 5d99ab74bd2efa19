//! Permission given as the order: "feel free to apply routing", "you're cleared to mute
//! the gateway", "go ahead and refresh", "approved: …", "로컬 재시작해도 돼, 진행해",
//! "라우팅 적용 진행해도 좋습니다", "일시정지 승인합니다". The one who may change things
//! lets the console do it. A permission asked ("…해도 돼?", "…해도 괜찮을까요") or left
//! bare in chat ("재시작해도 돼", which may be a question without its mark) stays a question.

/// English openings that grant what follows them.
const GRANTS: [&str; 12] = [
    "feel free to ",
    "you're cleared to ",
    "you are cleared to ",
    "you're clear to ",
    "you are clear to ",
    "go ahead and ",
    "you may ",
    "approved: ",
    "approved — ",
    "approved - ",
    "confirmed. ",
    "confirmed, ",
];

/// Korean words that grant the verb before them ("…해도 돼"), the formal ones first.
const FORMAL: [&str; 3] = ["됩니다", "좋습니다", "괜찮습니다"];
const CASUAL: [&str; 6] = ["돼", "돼요", "좋아", "좋아요", "괜찮아", "괜찮아요"];

/// Korean clauses that only say "go ahead" ("진행해", "진행하세요", "승인합니다", "ㄱㄱ").
const PROCEED: [&str; 12] = [
    "진행해",
    "진행하세요",
    "진행해주세요",
    "진행해 주세요",
    "진행 바랍니다",
    "진행바랍니다",
    "바로 하세요",
    "하세요",
    "승인합니다",
    "ㄱㄱ",
    "고고",
    "해줘",
];

/// The order granted, said plainly; `None` when nothing is granted.
pub fn granted(text: &str) -> Option<String> {
    if text.contains('?') {
        return None;
    }
    english(text).or_else(|| korean(text))
}

fn english(text: &str) -> Option<String> {
    // ("ok you're cleared to …": a word of assent before the grant.)
    let text = ["ok ", "ok, ", "okay ", "okay, ", "alright ", "alright, "]
        .iter()
        .find_map(|w| {
            text.get(..w.len())
                .filter(|h| h.eq_ignore_ascii_case(w))
                .map(|_| &text[w.len()..])
        })
        .unwrap_or(text);
    let lower = text.to_lowercase();
    let lead = GRANTS.iter().find(|g| lower.starts_with(*g))?;
    let rest = text[lead.len()..].trim();
    rest.chars()
        .any(char::is_alphanumeric)
        .then(|| rest.to_string())
}

fn korean(text: &str) -> Option<String> {
    let clauses: Vec<&str> = text
        .split([',', '.', '，'])
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    let proceeds = |c: &&str| PROCEED.contains(c);
    let goes_on = clauses.iter().any(proceeds);
    let mut meant = Vec::new();
    let mut granted = false;
    for c in clauses.iter().filter(|c| !proceeds(c)) {
        match permitted(c, goes_on) {
            Some(order) => {
                granted = true;
                meant.push(order);
            }
            None => meant.push(c.to_string()),
        }
    }
    granted.then(|| meant.join(", "))
}

/// `clause` as an order when it grants one: a formal grant, or a casual one followed by
/// "진행해"; "…승인합니다" approves what it names.
fn permitted(clause: &str, goes_on: bool) -> Option<String> {
    let mut words: Vec<&str> = clause.split_whitespace().collect();
    let last = *words.last()?;
    // ("재시작 안 해도 돼": letting it be is no order.)
    if words
        .iter()
        .any(|w| matches!(*w, "안" | "않아도" | "말아도"))
    {
        return None;
    }
    if matches!(last, "승인합니다" | "승인함" | "승인") && words.len() > 1 {
        words.pop();
        return Some(format!("{} 해 주세요", words.join(" ")));
    }
    let formal = FORMAL.contains(&last);
    if !(formal || (goes_on && CASUAL.contains(&last))) {
        return None;
    }
    words.pop();
    let verb = words.pop()?.strip_suffix('도')?;
    // "주셔도" → "주세요", "하셔도" → "해", "켜셔도" → "켜", "재시작해도" → "재시작해".
    let verb = if let Some(v) = verb.strip_suffix("주셔") {
        format!("{v}주세요")
    } else if let Some(v) = verb.strip_suffix("하셔") {
        format!("{v}해")
    } else {
        verb.strip_suffix('셔').unwrap_or(verb).to_string()
    };
    words.push(&verb);
    Some(words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::granted;

    #[test]
    fn permission_given_is_the_order_said_plainly() {
        for (text, meant) in [
            ("feel free to apply routing", "apply routing"),
            ("go ahead and refresh", "refresh"),
            (
                "You're cleared to mute the gateway for 30m",
                "mute the gateway for 30m",
            ),
            (
                "ok you're cleared to mute the gateway for 30m",
                "mute the gateway for 30m",
            ),
            ("approved: autorecover=true", "autorecover=true"),
            ("로컬 재시작해도 돼, 진행해", "로컬 재시작해"),
            ("라우팅 적용 진행해도 좋습니다", "라우팅 적용 진행해"),
            (
                "점검 끝났으니 자동 복구 켜셔도 됩니다. 진행하세요",
                "점검 끝났으니 자동 복구 켜",
            ),
            (
                "추천대로 라우팅 반영해 주셔도 돼요, 진행해",
                "추천대로 라우팅 반영해 주세요",
            ),
            ("일시정지 승인합니다", "일시정지 해 주세요"),
        ] {
            assert_eq!(granted(text).as_deref(), Some(meant), "{text}");
        }
    }

    #[test]
    fn permission_asked_or_left_bare_grants_nothing() {
        for text in [
            "재시작해도 돼?",
            "폴링 재개해도 괜찮을까요",
            "재시작해도 돼",
            "재시작 안 해도 돼, 진행해",
            "can I go ahead and refresh?",
            "is it ok to restart",
        ] {
            assert_eq!(granted(text), None, "{text}");
        }
    }
}
