//! Sentences that tell a story around the ask ("I just got in after back-to-back
//! meetings, so I have no idea what the overnight looked like."): what the speaker or
//! someone else did, felt or saw, in a paragraph whose one other sentence asks or
//! orders. Only their shape is judged here; that they name no action of the console is
//! the classifier's to check.

use super::normalize;

/// Words that open an English statement with its subject: the speaker, the team,
/// someone else, or a thing.
const SUBJECTS: [&str; 38] = [
    "i",
    "im",
    "ive",
    "id",
    "ill",
    "we",
    "were",
    "weve",
    "wed",
    "my",
    "our",
    "it",
    "its",
    "there",
    "theres",
    "they",
    "theyre",
    "their",
    "she",
    "he",
    "shes",
    "hes",
    "his",
    "her",
    "someone",
    "somebody",
    "nobody",
    "everyone",
    "everybody",
    "everything",
    "nothing",
    "this",
    "that",
    "thats",
    "the",
    "a",
    "an",
    "you",
];

/// Words that may come before the subject without changing what the sentence does.
const FILLERS: [&str; 16] = [
    "ok",
    "okay",
    "so",
    "and",
    "but",
    "honestly",
    "also",
    "well",
    "yeah",
    "anyway",
    "basically",
    "look",
    "alright",
    "oh",
    "um",
    "then",
];

/// Words that take back, refuse or put off what was asked wherever they stand
/// ("Wait.", "Let's do that later.", "아니다, 취소"): a sentence with one of them is
/// never only a story.
const TAKES_BACK: [&str; 8] = [
    "nevermind",
    "cancel",
    "scratch",
    "forget",
    "wait",
    "hold",
    "later",
    "instead",
];
/// Words that take back what was asked when they open the sentence ("Not yet.", "No,
/// gateway.", "Actually, …"); inside a story they describe ("it's not a real problem").
const TAKES_BACK_FIRST: [&str; 9] = [
    "never", "no", "nope", "not", "dont", "actually", "rather", "stop", "sorry",
];
/// Words that deny: a short sentence with one refuses ("I'd rather you didn't.").
const DENIES: [&str; 9] = [
    "not", "no", "never", "dont", "didnt", "wouldnt", "shouldnt", "cant", "nope",
];
const TAKES_BACK_KO: [&str; 16] = [
    "아니",
    "취소",
    "됐어",
    "됐고",
    "잠깐",
    "잠시만",
    "기다",
    "나중",
    "이따",
    "보류",
    "말고",
    "말자",
    "지마",
    "지 마",
    "그만",
    "대신",
];

/// Whether `sentence` reads as a story: no refusal, deferral or condition in it, and
/// either in Hangul or, in English, opening with its subject. `subject_known` says the
/// classifier found one it knows ("Local has been our quiet one"), or that the sentence
/// names nothing of the console at all ("Morning all.").
pub fn told(sentence: &str, subject_known: bool) -> bool {
    let lower = normalize::fold(sentence);
    let words: Vec<String> = lower
        .split_whitespace()
        .map(|w| w.chars().filter(|c| c.is_alphanumeric()).collect())
        .filter(|w: &String| !w.is_empty())
        .collect();
    if takes_back(&lower, &words) || conditions(&lower, &words) {
        return false;
    }
    let hangul = lower.chars().any(normalize::is_hangul);
    let first = words.iter().find(|w| !FILLERS.contains(&w.as_str()));
    hangul || subject_known || first.is_some_and(|w| SUBJECTS.contains(&w.as_str()))
}

fn takes_back(lower: &str, words: &[String]) -> bool {
    let first = words.iter().find(|w| !FILLERS.contains(&w.as_str()));
    let short_denial = words.len() <= 4 && words.iter().any(|w| DENIES.contains(&w.as_str()));
    words.iter().any(|w| TAKES_BACK.contains(&w.as_str()))
        || first.is_some_and(|w| TAKES_BACK_FIRST.contains(&w.as_str()))
        || short_denial
        || TAKES_BACK_KO.iter().any(|k| lower.contains(k))
}

/// A condition on what is asked ("If it's still down in five minutes."), unless it is
/// the speaker's own ("if I can", "if possible").
fn conditions(lower: &str, words: &[String]) -> bool {
    let own = ["if i can", "if possible", "if you can", "if that helps"]
        .iter()
        .any(|o| lower.contains(o));
    let english = words
        .iter()
        .any(|w| matches!(w.as_str(), "if" | "unless" | "whenever"));
    let korean = lower.split_whitespace().any(|w| {
        let w = w.trim_end_matches(|c: char| !c.is_alphanumeric());
        let w = w.strip_suffix('요').unwrap_or(w);
        w.ends_with('면') && w.chars().count() > 1 && !w.ends_with("화면")
    });
    (english && !own) || korean
}

/// "window's closed", "local's dead", "the deploy's done": a state told with a contracted
/// "is" between a thing and what describes it ("gateway's latency" is whose; "let's"
/// proposes, "what's" asks). Said before an order, it is why.
pub fn contracted_state(clause: &str) -> bool {
    const STATES: [&str; 12] = [
        "down", "up", "over", "done", "dead", "back", "fine", "gone", "broken", "still",
        "finished", "closed",
    ];
    let words: Vec<String> = clause
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words.windows(3).any(|w| {
        w[1] == "s"
            && !matches!(
                w[0].as_str(),
                "let" | "what" | "who" | "how" | "where" | "why" | "when" | "that"
            )
            && (w[2].ends_with("ed") || STATES.contains(&w[2].as_str()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_contracted_state_is_told() {
        for clause in ["window's closed", "local's dead again", "the deploy's done"] {
            assert!(contracted_state(clause), "{clause}");
        }
        for clause in [
            "let's restart local",
            "what's down",
            "gateway's latency",
            "restart it",
        ] {
            assert!(!contracted_state(clause), "{clause}");
        }
    }

    #[test]
    fn a_story_opens_with_its_subject() {
        for s in [
            "I just got in after back-to-back meetings since 8, so I have no idea what the overnight looked like.",
            "Someone mentioned it felt slow this morning.",
            "My VP saw the latency graph in the exec review and was not thrilled.",
            "오후 세 시에 고객 데모가 있는데 솔직히 좀 떨려요.",
            "I'd like to close the ticket before lunch if I can.",
            "It's not a real problem after all, the vendor planned it.",
            "I don't trust it today.",
        ] {
            assert!(told(s, false), "{s}");
        }
        assert!(told("Local has been our quiet one for months.", true));
    }

    #[test]
    fn decomposed_hangul_reads_as_composed() {
        // (The proptest found "m ? y가" read one way in NFC and another in NFD.)
        for s in ["m ? y가", "아니다, 취소해.", "솔직히 좀 떨려요."] {
            let nfd: String = unicode_normalization::UnicodeNormalization::nfd(s).collect();
            assert_eq!(told(&nfd, false), told(s, false), "{s}");
        }
    }

    #[test]
    fn taking_back_putting_off_or_a_condition_is_no_story() {
        for s in [
            "Never mind.",
            "Actually, scratch that.",
            "Wait until the batch is done.",
            "I'd hold off for now.",
            "If it's still down in five minutes.",
            "아니다, 취소해.",
            "잠깐만 기다려 주세요.",
            "배치 끝나면요.",
            "Do it now.",
            "Not yet.",
            "I'd rather you didn't.",
        ] {
            assert!(!told(s, false), "{s}");
        }
    }
}
