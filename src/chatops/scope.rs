//! How far an English hedge or reason reaches in a sentence: "reset recovery before the
//! next batch" is due, not put off; "switch on auto recovery and ping me if anything
//! breaks" makes only the second verb's condition; "…, now that maintenance is over"
//! gives why, and its "is" describes nothing the speaker asks about.

use super::lexicon;

/// "what if", "is it safe to", "I wonder whether", "later": `ok`, `okay` and `fine` only
/// inside a sentence ("is it ok to…"): opening or closing an order ("ok restart it",
/// "restart it, fine") they are courtesy, not a condition.
pub fn english_hedge(words: &[&str]) -> bool {
    words.iter().enumerate().any(|(i, w)| {
        let courtesy = matches!(*w, "ok" | "okay" | "fine") && (i == 0 || i + 1 == words.len());
        // ("recommended routes look fine to me, apply them": a judgement, no weighing.)
        let judged = matches!(*w, "ok" | "okay" | "fine")
            && i > 0
            && matches!(
                words[i - 1],
                "look" | "looks" | "looked" | "seem" | "seems" | "sounds"
            );
        lexicon::grammar("hedge_en").contains(w) && !courtesy && !judged && !scoped_away(words, i)
    })
}

/// Whether the hedge at `i` leaves the order before it alone: "reset recovery before the
/// next batch" is due before it, not put off ("circle back before we apply anything"
/// puts off what follows); "switch on auto recovery and ping me if anything breaks"
/// makes only the second verb's condition.
fn scoped_away(words: &[&str], i: usize) -> bool {
    let ordered = |ws: &[&str]| ws.iter().any(|w| order_verb(w));
    // ("… before I leave": a verb of the speaker's day is not one put off.)
    let console = |ws: &[&str]| {
        ws.iter()
            .any(|w| order_verb(w) && !GENERIC_VERBS.contains(w))
    };
    let deadline = words[i] == "before" && ordered(&words[..i]) && !console(&words[i + 1..]);
    let second = words[..i].iter().enumerate().any(|(j, w)| {
        *w == "and"
            && ordered(&words[..j])
            && words.get(j + 1).is_some_and(|v| SECOND_VERBS.contains(v))
    });
    // ("restart gateway at once": now; "kick it once", "once more": one time.)
    let at_once = words[i] == "once"
        && i > 0
        && (words[i - 1] == "at"
            || ordered(&words[..i])
                && words
                    .get(i + 1)
                    .is_none_or(|w| matches!(*w, "more" | "again" | "only" | "please" | "pls")));
    // ("turn it off before tomorrow's vendor test": the time of the deadline; "monitoring
    // routing on for tonight", "until tomorrow": a length.)
    // (Only a time: "…before the batch if it's still slow" still weighs its condition.)
    let in_deadline = matches!(words[i], "tomorrow" | "tonight" | "later" | "soon")
        && (0..i).any(|j| words[j] == "before" && ordered(&words[..j]));
    // ("… for the author talk tonight": the event the length lasts.)
    let length = words[i.saturating_sub(4)..i]
        .iter()
        .any(|w| matches!(*w, "for" | "until" | "till" | "through"))
        && matches!(words[i], "tonight" | "tomorrow" | "overnight")
        // ("for the duration of tomorrow's maintenance": an event of a day to come;
        // "for tonight's sale" lasts from now.)
        && !(words[i] == "tomorrow" && words.get(i + 1) == Some(&"s"))
        && (ordered(&words[..i]) || words[..i].iter().any(|w| matches!(*w, "on" | "off")));
    deadline || second || at_once || in_deadline || length
}

/// An English verb that opens an order, or its participle ("switched back on").
fn order_verb(w: &str) -> bool {
    let verbs = lexicon::grammar("order_verb_en");
    let stem = w.strip_suffix("ed").or_else(|| w.strip_suffix('d'));
    verbs.contains(&w)
        || stem.is_some_and(|s| {
            verbs.contains(&s) || s.len() > 2 && verbs.contains(&&s[..s.len() - 1])
        })
}

/// Order verbs that say nothing of the console by themselves.
const GENERIC_VERBS: &[&str] = &[
    "go", "use", "set", "put", "make", "keep", "leave", "give", "bring", "start", "hold", "fail",
    "stop", "kill",
];

/// Verbs of a second order that tell the speaker something ("… and ping me if …").
const SECOND_VERBS: &[&str] = &[
    "ping", "tell", "let", "call", "page", "notify", "text", "message", "alert", "show", "send",
    "wake", "email", "slack", "report", "watch", "dm",
];

/// The words before a clause that gives a reason ("…, now that maintenance is over",
/// "… because the vendor is patching"): what the speaker asks, without why.
pub fn main_clause<'a, 'b>(words: &'b [&'a str]) -> &'b [&'a str] {
    let cut = (2..words.len()).find(|&i| {
        matches!(words[i], "because" | "cuz" | "coz" | "cause" | "since")
            // ("… now the migration's done": "that" left out.)
            || (words[i] == "now"
                && words.get(i + 1).is_some_and(|w| {
                    matches!(*w, "that" | "the" | "its" | "it" | "everything" | "we" | "were")
                })
                && i + 2 < words.len())
    });
    &words[..cut.unwrap_or(words.len())]
}

/// Verbs of the speaker's own leaving, in a clause that only says when ("… before I
/// close the ticket", "… before we sign off", "… after I log off").
const LEAVING: &[&str] = &[
    "close", "sign", "log", "leave", "head", "go", "wrap", "hand",
];

/// The words before a clause that times the ask by the speaker's leaving ("🔄 before I
/// close the ticket": refresh, not quit); `None` when there is no such clause or
/// nothing before it.
pub fn without_leaving(folded: &str) -> Option<&str> {
    let words: Vec<(usize, &str)> = folded
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - folded.as_ptr() as usize, w))
        .collect();
    let at = (1..words.len().saturating_sub(2)).find(|&i| {
        let leaving = matches!(words[i].1, "before" | "after" | "once" | "when")
            && matches!(words[i + 1].1, "i" | "we")
            && LEAVING.contains(&words[i + 2].1);
        leaving || purpose(&words[i..])
    })?;
    Some(folded[..words[at].0].trim_end_matches([',', ' ']))
}

/// "…, so auto recovery can try again", "… so that we can read it": what the order is
/// for, a clause whose own words would read as another ask.
fn purpose(words: &[(usize, &str)]) -> bool {
    let Some((_, "so")) = words.first() else {
        return false;
    };
    let rest = match words.get(1) {
        Some((_, "that")) => &words[2..],
        _ => &words[1..],
    };
    // (It closes the line: "… so I could debug it. Please enable …" goes on.)
    let closes = rest
        .split_last()
        .is_some_and(|(_, before)| !before.iter().any(|(_, w)| w.ends_with(['.', '!', ';'])));
    closes
        && rest
            .iter()
            .take(4)
            .skip(1)
            .any(|(_, w)| matches!(*w, "can" | "could" | "will" | "may" | "might" | "wont"))
}

/// "should Cloud start failing while I'm presenting, restart it": a condition put first
/// by inversion, read as the "if" it means; `None` for anything else ("should we
/// restart it?" asks).
pub fn inverted_condition(folded: &str) -> Option<String> {
    let rest = folded.trim().strip_prefix("should ")?;
    let subject = rest.split_whitespace().next()?;
    let asks = matches!(subject, "we" | "i" | "you" | "they");
    (!folded.contains('?') && !asks && rest.contains(", ")).then(|| format!("if {rest}"))
}

/// Whether `text` weighs a condition ("when", "unless", "if", "maybe", "is it safe"):
/// a time alone ("after", "later", "tonight") does not.
pub fn weighs(text: &str) -> bool {
    text.split_whitespace().any(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        matches!(w, "when" | "whenever" | "unless")
            || lexicon::grammar("hedge_en").contains(&w)
                && !matches!(w, "after" | "later" | "tonight" | "tomorrow" | "afterwards")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<&str> {
        s.split_whitespace().collect()
    }

    #[test]
    fn the_speakers_leaving_only_times_the_ask() {
        assert_eq!(without_leaving("🔄 before i close the ticket"), Some("🔄"));
        assert_eq!(
            without_leaving("latency for local before we sign off"),
            Some("latency for local")
        );
        assert_eq!(without_leaving("before i go, status"), None);
        assert_eq!(without_leaving("restart cloud before the batch"), None);
        assert_eq!(
            without_leaving("wipe the failure count on local so auto recovery can try again"),
            Some("wipe the failure count on local")
        );
        assert_eq!(
            without_leaving("i turned it off so i could debug it. please enable it again"),
            None
        );
    }

    #[test]
    fn a_deadline_or_a_second_verbs_condition_puts_nothing_off() {
        for order in [
            "kindly reset the recovery state of all channels before the next batch",
            "switch on autonomous recovery and ping me if anything breaks",
            "i d like auto-recovery switched back on before i leave",
            "restart gateway at once",
            "turn monitoring routing off before tomorrow s vendor test",
            "monitoring routing on for tonight",
            "turn on auto recovery for the overnight",
            "recommended routes look fine to me apply them",
            "turn off health based routing for the author talk tonight",
        ] {
            assert!(!english_hedge(&words(order)), "{order}");
        }
        for hedged in [
            "circle back before we apply anything",
            "restart gateway if it is down",
            "restart gateway after the migration",
            "if anything breaks restart gateway and ping me",
            "restart gateway before the batch if it s still slow",
            "is it fine to apply them",
            "switch off automatic recovery for the duration of tomorrow s maintenance",
        ] {
            assert!(english_hedge(&words(hedged)), "{hedged}");
        }
    }

    #[test]
    fn an_inverted_condition_is_an_if() {
        assert_eq!(
            inverted_condition("should cloud start failing while i'm presenting, restart it")
                .as_deref(),
            Some("if cloud start failing while i'm presenting, restart it")
        );
        assert_eq!(inverted_condition("should we restart it, or wait?"), None);
        assert_eq!(inverted_condition("should we restart it"), None);
    }

    #[test]
    fn a_reason_clause_is_cut_off() {
        let w = words("reset recovery for all channels now that maintenance is over");
        assert_eq!(main_clause(&w), &w[..5]);
        let w = words("re-enable automatic recovery now the migration's done");
        assert_eq!(main_clause(&w), words("re-enable automatic recovery"));
        let w = words("restart the gateway because it is down");
        assert_eq!(main_clause(&w), &w[..3]);
        let w = words("is it down");
        assert_eq!(main_clause(&w), &w[..]);
    }
}
