//! English typed without punctuation ("mute cloud 2h vendor is patching", "gateway is
//! down restart it", "dont pause resume polling"): where the second clause starts, so
//! that the clause reader (`clause`, `classify::clauses`) can read it as if a comma had
//! been typed there. Only the boundary is guessed; what each clause means and whether it
//! orders is read as for any punctuated sentence, so a guess here never makes an order
//! out of a question, a refusal or a condition.

use super::lexicon::{self, grammar};

/// The text with ", " where its second clause starts, when it is an English run-on of
/// one of three shapes: an order then a clause of its own (a reason, a report, the
/// speaker's need), a state then an order, or a refusal then the order meant.
pub fn punctuated(folded: &str) -> Option<String> {
    let text = folded.trim().trim_end_matches(['.', '!']);
    let marked = text.contains([',', ';', '?', '.', '—', '，']) || text.contains(" - ");
    if marked {
        return None;
    }
    if !text.is_ascii() {
        return korean_order_then_clause(text);
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let lead = words.iter().position(|w| !HESITATIONS.contains(w))?;
    if let Some(at) = report_then_question(&words, lead) {
        return Some(format!(
            "{}, {}?",
            words[..at].join(" "),
            words[at..].join(" ")
        ));
    }
    let at = refusal_then_order(&words, lead)
        .or_else(|| order_then_clause(&words, lead))
        .or_else(|| state_then_order(&words, lead))?;
    Some(format!(
        "{}, {}",
        words[..at].join(" "),
        words[at..].join(" ")
    ))
}

/// Polite and plain Korean order endings that close a sentence ("끄세요", "꺼 주세요",
/// "꺼둬").
const KOREAN_ORDER_ENDS: [&str; 10] = [
    "세요",
    "주세요",
    "줘",
    "줘요",
    "주십시오",
    "하십시오",
    "둬",
    "둬요",
    "놔",
    "놔요",
];

/// "자동복구 끄세요 지금 제가 직접 볼게요": a Korean order closed by its ending, then the
/// speaker's own promise of two words or more, which the missing full stop would have
/// set apart (and which, read as the whole line's act, put the order off).
fn korean_order_then_clause(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let promised = words.last().is_some_and(|w| super::act::promise(w));
    let at = (1..words.len().saturating_sub(2))
        .find(|&k| KOREAN_ORDER_ENDS.iter().any(|e| words[k].ends_with(e)))
        .filter(|_| promised)?;
    Some(format!(
        "{}, {}",
        words[..=at].join(" "),
        words[at + 1..].join(" ")
    ))
}

/// "i restarted local is it ok now", "i bounced the local one is it healthy now": what
/// the speaker did, then a question (a question word before a subject), which the
/// question mark left out would have closed.
fn report_then_question(words: &[&str], lead: usize) -> Option<usize> {
    let reports = match &words[lead..] {
        ["i" | "we" | "just", verb, ..] => verb.ends_with("ed") || verb.ends_with('t'),
        ["i've" | "ive" | "we've" | "weve", ..] => true,
        _ => false,
    };
    if !reports {
        return None;
    }
    (lead + 3..words.len().saturating_sub(1)).find(|&k| {
        let asks =
            grammar("question_lead").contains(&words[k]) || grammar("aux_do").contains(&words[k]);
        let subject = matches!(
            words[k + 1],
            "it" | "its" | "everything" | "the" | "that" | "things"
        );
        asks && subject
    })
}

/// Words that open a sentence without being its first word.
const HESITATIONS: [&str; 12] = [
    "uh", "uhh", "um", "umm", "erm", "hmm", "ok", "okay", "so", "hey", "yo", "oh",
];

/// English forms of "to be", and verbs that tell what a subject does, is or said
/// ("customer wants a fixed order", "vendor fixed the root cause").
const BEING: [&str; 21] = [
    "is", "are", "was", "were", "isnt", "isn't", "arent", "aren't", "keeps", "has", "have", "been",
    "seems", "looks", "wants", "needs", "says", "said", "asked", "told", "found",
];

/// Words that open a clause of the speaker's own ("…, i need to read the numbers",
/// "…, ngl its been stuck").
const CLAUSE_LEADS: [&str; 18] = [
    "i", "im", "i'm", "ive", "i've", "we", "we're", "weve", "we've", "they", "they're", "ngl",
    "idk", "tbh", "cuz", "coz", "because", "since",
];

/// Words before a noun that belong to the noun's clause ("…, the vendor is patching").
const DETERMINERS: [&str; 9] = [
    "the", "our", "my", "your", "their", "this", "that", "a", "an",
];

/// Words after which a verb is not an order of its own ("wants to restart", "or reset").
const NOT_AN_ORDER_AFTER: [&str; 16] = [
    "to", "will", "would", "should", "can", "could", "might", "must", "gonna", "wanna", "or",
    "and", "nor", "not", "did", "didnt",
];

/// Words after which an order's verb is a noun ("needs a kick", "after the restart").
const ARTICLES: [&str; 9] = [
    "a", "an", "the", "another", "this", "that", "any", "no", "its",
];

/// Whether the word at `k` opens an order.
fn opens_an_order(words: &[&str], k: usize) -> bool {
    let before = words[k - 1];
    order_verb(words[k]) && !NOT_AN_ORDER_AFTER.contains(&before) && !ARTICLES.contains(&before)
}

/// Whether `w` is an English verb that opens an order (`order_verb_en`).
pub fn order_verb(w: &str) -> bool {
    grammar("order_verb_en").contains(&w)
}

/// "don't resume pause it", "dont leave auto recovery off turn it on": the next verb
/// that opens an order after the refused one.
fn refusal_then_order(words: &[&str], lead: usize) -> Option<usize> {
    let mut i = lead;
    if matches!(words.get(i), Some(&("no" | "nah" | "nope"))) {
        i += 1;
    }
    i += match (words.get(i), words.get(i + 1)) {
        (Some(&("don't" | "dont" | "never")), _) => 1,
        (Some(&"do"), Some(&"not")) => 2,
        _ => return None,
    };
    // The refused verb, then (at the earliest right after it) the order meant.
    let refused = (i..words.len()).find(|&k| order_verb(words[k]) || words[k] == "just")?;
    (refused + 1..words.len()).find(|&k| opens_an_order(words, k))
}

/// "mute cloud 2h vendor is patching", "stop updating i need to read the numbers",
/// "could you kindly restart the local worker our client's test is blocked": an order,
/// then a clause with a subject of its own.
fn order_then_clause(words: &[&str], lead: usize) -> Option<usize> {
    let opens = match &words[lead..] {
        [w, ..] if order_verb(w) || grammar("request_lead").contains(w) => true,
        [w, ..] if grammar("request_en").contains(w) => true,
        ["could" | "would", "you" | "u", ..] => true,
        _ => false,
    };
    if !opens {
        return None;
    }
    (lead + 2..words.len()).find_map(|k| {
        let before = words[k - 1];
        if NOT_AN_ORDER_AFTER.contains(&before) || SUBORDINATORS.contains(&before) {
            return None;
        }
        // "restart the worker that is stuck": a relative clause stays with its noun.
        if matches!(words[k], "that" | "which" | "who") {
            return None;
        }
        if CLAUSE_LEADS.contains(&words[k]) || its_state(words, k) {
            return Some(k);
        }
        let described =
            words.get(k + 1).is_some_and(|n| BEING.contains(n)) && !DETERMINERS.contains(&words[k]);
        let at =
            (described && !order_verb(words[k])).then(|| start_of_subject(words, k, lead + 2))?;
        // "turn on health routing when the deploy is done": a condition stays one.
        // "restart the worker is running", "enable auto recovery is running": the object
        // of the order is what is described, one clause ("the", or two words of the
        // console's that make one term, stand before it).
        let before = words[at - 1];
        let compound = lexicon::is_term(before) && lexicon::is_term(words[at]);
        let dangling = ARTICLES.contains(&before) || DETERMINERS.contains(&before);
        (!SUBORDINATORS.contains(&before) && !compound && !dangling).then_some(at)
    })
}

/// Words that make the clause after them part of the one before ("…when the deploy is
/// done", "…until the vendor is finished").
const SUBORDINATORS: [&str; 11] = [
    "that", "which", "who", "if", "when", "until", "till", "once", "unless", "after", "before",
];

/// "…its looping on gw", "…it's been stuck": "it" doing or being something opens a
/// clause ("check its latency" does not).
fn its_state(words: &[&str], k: usize) -> bool {
    matches!(words[k], "its" | "it's")
        && words.get(k + 1).is_some_and(|n| {
            n.ends_with("ing")
                || BEING.contains(n)
                || matches!(
                    *n,
                    "down" | "stuck" | "dead" | "broken" | "done" | "over" | "still" | "not"
                )
        })
}

/// Where the subject whose last word is at `k` starts: back over determiners and
/// possessives ("our client's test"), never before `floor`.
fn start_of_subject(words: &[&str], mut k: usize, floor: usize) -> usize {
    while k > floor {
        let w = words[k - 1];
        if DETERMINERS.contains(&w) || w.ends_with("'s") {
            k -= 1;
        } else {
            break;
        }
    }
    k
}

/// "gateway is down restart it", "auto recovery is making a mess turn it off": a state
/// described (a verb of being early on), then a verb that opens an order. A sentence
/// that opens as a question, a condition or an order is not one.
fn state_then_order(words: &[&str], lead: usize) -> Option<usize> {
    let first = words[lead];
    let asks = grammar("question_lead").contains(&first)
        || grammar("aux_do").contains(&first)
        || grammar("hedge_en").contains(&first)
        || matches!(
            first,
            "if" | "when" | "once" | "until" | "after" | "before" | "no"
        );
    if asks || order_verb(first) {
        return None;
    }
    let being = (lead + 1..words.len().min(lead + 5)).find(|&k| BEING.contains(&words[k]))?;
    let at = (being + 2..words.len()).find(|&k| opens_an_order(words, k))?;
    // "I wonder whether gateway needs a kick": a state wondered about is no state.
    let weighed = words[lead..at].iter().any(|w| {
        grammar("hedge_en").contains(w)
            || matches!(
                *w,
                "wonder" | "what" | "why" | "how" | "which" | "who" | "where"
            )
    });
    (!weighed).then_some(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_ons_are_split_where_their_second_clause_starts() {
        for (text, want) in [
            (
                "mute cloud 2h vendor is patching",
                "mute cloud 2h, vendor is patching",
            ),
            (
                "turn auto recovery back on deploy is done",
                "turn auto recovery back on, deploy is done",
            ),
            (
                "stop updating i need to read the numbers",
                "stop updating, i need to read the numbers",
            ),
            (
                "could you kindly restart the local worker our client's test is blocked",
                "could you kindly restart the local worker, our client's test is blocked",
            ),
            (
                "uh silence everything for an hour the vendor is patching",
                "uh silence everything for an hour, the vendor is patching",
            ),
            ("gateway is down restart it", "gateway is down, restart it"),
            (
                "자동복구 끄세요 지금 제가 직접 볼게요",
                "자동복구 끄세요, 지금 제가 직접 볼게요",
            ),
            (
                "kill autorecover asap its looping on gw",
                "kill autorecover asap, its looping on gw",
            ),
            (
                "i restarted local is it ok now",
                "i restarted local, is it ok now?",
            ),
            (
                "auto recovery is making a mess turn it off",
                "auto recovery is making a mess, turn it off",
            ),
            ("dont pause resume polling", "dont pause, resume polling"),
            ("don't resume pause it", "don't resume, pause it"),
            (
                "dont leave auto recovery off turn it on",
                "dont leave auto recovery off, turn it on",
            ),
            (
                "dont just recommend it apply the routing",
                "dont just recommend it, apply the routing",
            ),
        ] {
            assert_eq!(punctuated(text).as_deref(), Some(want), "{text}");
        }
    }

    #[test]
    fn questions_conditions_and_single_clauses_are_left_alone() {
        for text in [
            "is gateway down restart it",
            "should we restart the gateway",
            "if gateway is down restart it",
            "restart the gateway",
            "restart gateway is it safe",
            "gateway is down and i want to restart it",
            "don't restart or reset anything",
            "gateway is down, restart it",
            "게이트웨이 죽었어 재시작해",
            "잠깐 멈추세요 숫자를 읽고 싶어요",
            "예측값 좀 보여줘 전 채널",
            "restart the worker that is stuck",
            "show its latency trend",
            "turn on health routing when the deploy is done",
            "i wonder whether gateway needs a kick",
            "restart the worker is running",
            "enable auto recovery is running",
            "switch to static routing is running",
            "i think gateway is down maybe restart it",
        ] {
            assert_eq!(punctuated(text), None, "{text}");
        }
    }
}
