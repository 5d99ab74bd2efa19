//! How a request is made beside its verb: an opening courtesy ("please", "kindly"), a
//! request put as a question or a wish ("could you …", "…해 주시겠어요?", "…꺼 주셨으면
//! 해요"), impatience ("… already"), a memo's directive ("켜 둘 것", "조치 필요함") and a
//! plain Korean order's bare verb ("아까 꺼둔 자동복구 이제 켜").

use super::lexicon;
use super::normalize::{Prepared, Script};

/// A sentence that opens with "please" or "kindly" asks for something to be done.
pub fn courteous_lead(words: &[&str]) -> bool {
    matches!(words.first(), Some(&("please" | "pls" | "plz" | "kindly")))
}

/// A request put as a question or a wish: "could you (kindly) …", "(would you) mind …ing",
/// "I would like to …", "I'd like to …" opening it, or a Korean ending that asks someone
/// to do it (`polite_request_ko`: "…해 주시겠어요?", "…켜 주실래요?"). "can you …?" stays a
/// question: it asks as often whether something is possible; "can you please …" does not.
pub fn polite_request(latin: &[&str], hangul: &[&str], prep: &Prepared) -> bool {
    let opens_latin = prep
        .pieces
        .first()
        .is_some_and(|p| p.script == Script::Latin);
    // ("sorry, would you reset recovery for every channel?": an apology or a greeting
    // may come first.)
    let courtesy = latin
        .iter()
        .take_while(|w| {
            matches!(
                **w,
                "sorry" | "so" | "hey" | "hi" | "ok" | "okay" | "um" | "uh"
            )
        })
        .count();
    let latin = &latin[courtesy..];
    let english = opens_latin
        && (matches!(latin, ["could" | "would", "you" | "u", ..])
            // ("mind muting gateway for 45 minutes?": "would you" left out.)
            || matches!(latin, ["mind", verb, ..] if verb.ends_with("ing"))
            || matches!(
                latin,
                ["can", "you" | "u", "please" | "pls" | "plz" | "kindly", ..]
            )
            || matches!(latin, ["i", "would" | "d", "like", ..] | ["id", "like", ..])
            // ("may I ask you to refresh the numbers?")
            || matches!(latin, ["may", "i", "ask", "you", "to", ..])
            // ("it'd be great if you could change the policy to balanced")
            || matches!(latin, ["it" | "that", "d" | "would", "be", _, "if", "you" | "u", "could" | "would", ..])
            // ("would be great if you could …": the same, its "it'd" left out.)
            || matches!(latin, ["would", "be", _, "if", "you" | "u", "could" | "would", ..]));
    let ending = hangul.concat();
    english
        || ["polite_request_ko", "asks_leave_ko"]
            .iter()
            .flat_map(|k| lexicon::grammar(k).iter())
            .any(|e| ending.ends_with(e))
}

/// "apply the routes already", "just restart it already", "(the routing) just apply it
/// already": an order said impatiently, its verb after nothing but its object ("already"
/// elsewhere asks whether it is done: "is it already restarted?", "did you apply it
/// already").
pub fn impatient(latin: &[&str]) -> bool {
    let Some(verb) = latin
        .iter()
        .position(|w| lexicon::grammar("order_verb_en").contains(w))
    else {
        return false;
    };
    let asked = latin[..verb].iter().any(|w| {
        lexicon::grammar("question_lead").contains(w)
            || lexicon::grammar("aux_do").contains(w)
            || lexicon::grammar("subject").contains(w)
    });
    latin.last() == Some(&"already") && !asked
}

/// "아까 꺼둔 자동복구 이제 켜": a plain order's bare verb closing the sentence, after a
/// word that describes what it is about.
pub fn bare_order_ko(hangul: &[&str]) -> bool {
    hangul.last().is_some_and(|r| {
        let r = r.trim_end_matches(['.', '!']);
        [
            "켜", "꺼", "돌려", "멈춰", "풀어", "살려", "켜놔", "꺼놔", "켜둬", "꺼둬",
        ]
        .iter()
        .any(|v| r.ends_with(v) && r.chars().count() > v.chars().count())
    })
}

/// "잠깐 멈춰봐", "다시 켜봐": a console verb tried, the order said lightly ("켜져 있는지
/// 봐" looks, "물어봐" asks).
pub fn tried_ko(hangul: &[&str]) -> bool {
    const TRIED: [&str; 9] = [
        "멈춰봐",
        "켜봐",
        "꺼봐",
        "돌려봐",
        "올려봐",
        "바꿔봐",
        "풀어봐",
        "내려봐",
        "살려봐",
    ];
    hangul.last().is_some_and(|r| {
        let r = r.trim_end_matches(['.', '!', '~']);
        TRIED.iter().any(|v| r.ends_with(v))
    })
}

/// A polite request's 면 and 도 ask; they set no condition ("…꺼 주셨으면 해요",
/// "…부탁드려도 될까요?").
pub fn courteous_if(run: &str, polite: bool) -> String {
    let run = run.replace("주시면", "주시");
    if polite {
        run.replace("주셨으면", "주셨")
            .replace("부탁드려도", "부탁드려")
    } else {
        run
    }
}

/// A Korean word closed as an order: an imperative ending, or a request ending after
/// its verb ("꺼 주세요", "재시작해", "돌려줘").
pub fn korean_order_word(word: &str) -> bool {
    korean_imperative(word)
        || lexicon::grammar("request")
            .iter()
            .any(|e| word.ends_with(e))
}

/// "numbers please", "pls dashboard": one word asked for with a courtesy word, and no
/// verb; the courtesy asks to see it, and orders nothing the model could guess.
pub fn courtesy_only(text: &str) -> bool {
    let courtesy = |w: &str| lexicon::grammar("request_en").contains(&w) || w == "thanks";
    let folded = text.to_lowercase();
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let asked = words.iter().any(|w| courtesy(w));
    let rest: Vec<&&str> = words.iter().filter(|w| !courtesy(w)).collect();
    let verb = rest.iter().any(|w| {
        lexicon::grammar("order_verb_en").contains(w)
            || lexicon::grammar("request_lead").contains(w)
    });
    text.is_ascii() && asked && rest.len() == 1 && !verb
}

/// A memo's directive closing the sentence in two words: "켜 둘 것" (the directive's 것
/// after its verb), "비활성화 조치 필요함" (a measure stated as needed is ordered).
pub fn directive_ko(hangul: &[&str]) -> bool {
    let Some(run) = hangul.last() else {
        return false;
    };
    let run = run.trim_end_matches(['.', '!']);
    let directive = run.ends_with('것') && korean_imperative(run);
    let needed = ["조치", "처리", "조치가", "처리가"].iter().any(|m| {
        ["필요함", "필요", "필요합니다", "필요해요"]
            .iter()
            .any(|n| run.ends_with(&format!("{m}{n}")))
    });
    directive || needed
}

/// A Korean ending that asks for the verb before it (`imperative_ending`).
pub fn korean_imperative(tail: &str) -> bool {
    // ("자동복구 끄세요": the polite imperative right after a verb the tables know;
    // after another verb it wishes, "주말 잘 보내세요", "점심 드세요".)
    matches!(tail, "세요" | "으세요")
        || lexicon::grammar("imperative_ending")
            .iter()
            .any(|e| tail.ends_with(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_polite_ending_asks_for_the_known_verb_before_it() {
        assert!(korean_imperative("세요") && korean_imperative("으세요"));
        assert!(!korean_imperative("보내세요") && !korean_imperative("드세요"));
    }

    #[test]
    fn a_console_verb_tried_orders_and_looking_does_not() {
        assert!(tried_ko(&["잠깐", "멈춰봐"]) && tried_ko(&["다시", "켜봐"]));
        assert!(!tried_ko(&["켜져", "있는지", "봐"]) && !tried_ko(&["물어봐"]));
    }

    #[test]
    fn already_after_an_order_is_impatience_and_after_a_question_is_not() {
        let words = |t: &'static str| t.split(' ').collect::<Vec<_>>();
        for order in [
            "apply the routes already",
            "just restart it already",
            "routing just apply it already",
        ] {
            assert!(impatient(&words(order)), "{order}");
        }
        for asked in [
            "is it already restarted",
            "did you apply it already",
            "we restart it already",
            "apply the routes",
        ] {
            assert!(!impatient(&words(asked)), "{asked}");
        }
    }
}

#[cfg(test)]
mod courtesy_tests {
    use super::courtesy_only;

    #[test]
    fn one_word_asked_for_politely_orders_nothing() {
        assert!(courtesy_only("numbers please"));
        assert!(!courtesy_only("bounce it please"));
        assert!(!courtesy_only("clr escalation pls"));
        assert!(!courtesy_only("numbers"));
    }
}
