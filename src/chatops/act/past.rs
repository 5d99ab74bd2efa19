//! The English past, read from structure: "did", a verb in -ed after its subject ("I
//! restarted Local"), the perfect and the passive ("has cloud been restarted?", "was the
//! worker restarted?"), a file told written ("capture saved INC-4410.png"), and a log
//! line's headline ("auto recovery turned off", "local box rebooted").

use super::super::lexicon;
use super::doer;

/// Verbs whose past has no -ed ("reset", "ran", "froze").
const IRREGULAR_PAST: [&str; 11] = [
    "reset", "ran", "froze", "shut", "put", "set", "cut", "hit", "took", "gave", "brought",
];

/// Whether `w` is a verb whose past is its plain form ("reset", "shut").
pub(in crate::chatops) fn plain_past(w: &str) -> bool {
    IRREGULAR_PAST.contains(&w) && !matches!(w, "ran" | "froze" | "took" | "gave" | "brought")
}

/// "did", or a verb in `-ed` right after a subject ("I restarted Local").
pub(super) fn english_past(words: &[&str]) -> bool {
    // ("uh, I reset local's escalation around lunch": a hesitation opens nothing.)
    let hesitating = words
        .iter()
        .take_while(|w| {
            matches!(
                **w,
                "uh" | "uhh" | "um" | "umm" | "erm" | "hmm" | "so" | "well" | "ok"
            )
        })
        .count();
    let words = &words[hesitating..];
    // "what if we kicked the worker": a condition put in the past tense is still a
    // condition, not a report.
    if matches!(words.first(), Some(&("if" | "suppose"))) || words.starts_with(&["what", "if"]) {
        return false;
    }
    // "have we ever reset recovery?", "has cloud ever been restarted?": whether it ever
    // happened.
    let ever = words.contains(&"ever")
        && words
            .iter()
            .any(|w| matches!(*w, "have" | "has" | "had" | "haven" | "hasn"));
    // "has cloud been restarted today?", "has recovery run on cloud?": the perfect asks
    // what has happened.
    let perfect = matches!(words.first(), Some(&("has" | "have" | "hasn" | "haven")))
        && words[1..]
            .iter()
            .any(|w| ed(w) || matches!(*w, "been" | "run" | "done" | "reset"));
    // ("you haven't bounced local today, have you?", "we've reset it": the perfect after
    // its subject.)
    let perfect = perfect
        || words.windows(2).enumerate().any(|(i, pair)| {
            (doer(pair[0]) || (i == 0 && pair[0] == "you"))
                && matches!(pair[1], "have" | "has" | "haven" | "hasn" | "ve")
                && words[i + 2..].iter().take(3).any(|w| ed(w))
        });
    // ("Was the Local worker restarted today?", "which actions were executed …?": the
    // passive past.)
    let passive = words.iter().enumerate().any(|(i, w)| {
        matches!(*w, "was" | "were" | "wasn" | "weren")
            && words[i + 1..]
                .iter()
                .take(4)
                .any(|n| ed(n) || matches!(*n, "reset" | "run"))
    });
    let ever = ever || perfect || passive;
    // ("reset local's escalation at lunch, fyi": a note for the reader that opens with
    // a past without -ed tells what was done.)
    let noted = words.iter().any(|w| matches!(*w, "fyi" | "jsyk"))
        && words
            .iter()
            .find(|w| !matches!(**w, "fyi" | "jsyk" | "just"))
            .is_some_and(|w| IRREGULAR_PAST.contains(w));
    ever || noted || words.iter().enumerate().any(|(i, w)| {
        *w == "did"
            || *w == "didn"
            || (ed(w) && i > 0 && doer(words[i - 1]))
            // ("I reset local's escalation around lunch", "we ran it twice": a past
            // without -ed after its subject; no one orders in the first person.)
            // (Only opening the sentence: "should we reset …", "what if I reset …" ask.)
            || (IRREGULAR_PAST.contains(w) && i == 1 && doer(words[0]))
            // ("just bounced cloud, healthy now": the speaker's own report.)
            || (i == 1 && words[0] == "just" && ed(w))
            // ("cleared cloud's escalation right before handover": a report that leaves
            // its subject out, opening with an order's verb in -ed.)
            // ("Cleared to apply routes" permits; "paused" is how the poller is.)
            || (i == 0
                && words.get(1).is_some_and(|n| *n != "to")
                && !matches!(*w, "paused" | "stopped")
                && ordered_in_past(w))
            // ("thanks, that saved my night": saved someone, not a file.)
            || (*w == "saved" && words.get(i + 1).is_some_and(|n| matches!(*n, "my" | "our" | "me" | "us")))
    }) || told_done(words)
        || headline(words)
}

/// Words that ask for a state, or put it in a condition or a time to come, before a
/// verb in -ed ("need the gateway restarted", "want it turned off", "keep it switched
/// off", "if cloud restarted …"): no report then.
const NO_HEADLINE: [&str; 36] = [
    "get", "got", "have", "has", "want", "wants", "need", "needs", "please", "pls", "plz",
    "kindly", "keep", "leave", "make", "let", "lets", "like", "would", "could", "can", "should",
    "must", "will", "to", "be", "been", "is", "are", "if", "when", "once", "after", "before",
    "until", "unless",
];

/// "auto recovery turned off", "local box rebooted", "gateway restarted twice overnight":
/// a thing, then an order's verb in -ed, as a log line or a status page reports what
/// happened. No order verb stands in the sentence (the -ed word would be a clause of
/// the order's: "silence gateway, it restarted twice"; "who turned it off? switch it
/// back on"), and no word anywhere asks for the state ("auto recovery turned off for
/// the weekend pls" still asks).
fn headline(words: &[&str]) -> bool {
    let verbs = lexicon::grammar("order_verb_en");
    if words.iter().any(|w| NO_HEADLINE.contains(w)) {
        return false;
    }
    let Some(i) = words.iter().position(|w| ordered_in_past(w)) else {
        return false;
    };
    // ("poll=paused since 10:14": how the poller is, not what was done to it; "who
    // turned it off?" asks who.)
    let state = matches!(words[i], "paused" | "stopped" | "started");
    let asked = words[..i].iter().any(|w| {
        matches!(
            *w,
            "who" | "what" | "which" | "why" | "how" | "when" | "where"
        )
    });
    i > 0
        && !state
        && !asked
        && !words.iter().any(|w| verbs.contains(w) || doer(w))
        && !words[..i].iter().any(|w| ed(w))
}

/// "capture saved INC-4410.png", "dashboard exported to out.html": a thing, then a verb
/// that writes a file in -ed, ending the words or before where it went, is a log
/// line's report. ("get
/// the dashboard exported to x.html" asks for it.)
fn told_done(words: &[&str]) -> bool {
    let asks = |w: &&str| matches!(*w, "get" | "have" | "want" | "need" | "please" | "pls");
    words.iter().enumerate().skip(1).any(|(i, w)| {
        // (Only what writes a file: "needed", "balanced", "paused" name states.)
        let participle = matches!(*w, "saved" | "exported" | "dumped" | "written");
        // (What was written, named by an ID: "saved INC-4410.png" is read "saved inc 4410
        // png".)
        let id = words[i + 1..]
            .iter()
            .take(2)
            .any(|n| n.chars().all(|c| c.is_ascii_digit()));
        let closes = id || matches!(words.get(i + 1), None | Some(&("to" | "as" | "into")));
        let after_a_thing =
            !doer(words[i - 1]) && !lexicon::grammar("subject").contains(&words[i - 1]);
        participle && closes && after_a_thing && !words[..i].iter().any(asks)
    })
}

/// "cleared", "bounced", "muted": the past of a verb that opens an order (a word in
/// -ed long enough to be one; see `ed`).
pub(in crate::chatops) fn ordered_in_past(w: &str) -> bool {
    if !ed(w) {
        return false;
    }
    let verbs = lexicon::grammar("order_verb_en");
    let stem = &w[..w.len() - 1];
    // (An -ed word of five letters or more leaves a stem of four: "bounce", "mute",
    // "kick" for a doubled consonant.)
    let stems = [
        Some(stem),
        stem.strip_suffix('e'),
        stem.get(..stem.len() - 2),
    ];
    stems.iter().flatten().any(|s| verbs.contains(s))
}

/// A word in -ed long enough to be a verb's past ("restarted", "bounced"; not "red", "bed").
fn ed(w: &str) -> bool {
    w.len() > 4 && w.ends_with("ed")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_word_in_d_is_no_order_verb() {
        for w in ["d", "ed", "od", "bad"] {
            assert!(!ordered_in_past(w), "{w}");
        }
    }

    #[test]
    fn a_report_without_its_subject_is_past() {
        for line in [
            "cleared cloud s escalation right before handover",
            "bounced cloud 5 min ago",
            "i restarted local",
        ] {
            let words: Vec<&str> = line.split_whitespace().collect();
            assert!(english_past(&words), "{line}");
        }
        for line in [
            "cleared to apply routes",
            "paused long enough",
            "clear cloud s escalation",
        ] {
            let words: Vec<&str> = line.split_whitespace().collect();
            assert!(!english_past(&words), "{line}");
        }
    }

    #[test]
    fn a_headline_reports_what_happened() {
        for line in [
            "auto recovery turned off",
            "auto recovery turned off fyi",
            "local box rebooted",
            "auto heal switched on",
            "gateway restarted twice overnight",
        ] {
            let words: Vec<&str> = line.split_whitespace().collect();
            assert!(english_past(&words), "{line}");
        }
        for line in [
            "need the gateway restarted",
            "want auto recovery turned off",
            "keep auto recovery turned off",
            "auto recovery turned off for the weekend pls",
            "silence gateway it restarted twice",
            "if cloud restarted would routing change",
        ] {
            let words: Vec<&str> = line.split_whitespace().collect();
            assert!(!english_past(&words), "{line}");
        }
    }
}
