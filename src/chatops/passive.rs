//! A memo's order put in the passive or as a noun, turned back into the plain order it
//! stands for: "A restart of the gateway is requested." → "restart the gateway", "It is
//! requested that auto recovery be disabled." → "disable auto recovery", "The
//! recommended routing is to be applied." → "apply the recommended routing", and a
//! ticket's title "Recovery reset for cloud requested". What is asked for stays what it
//! was: "Confirmation of its health is requested" becomes "confirm its health", which
//! asks to be told; only the grammar of the request changes. A question, the past ("a
//! restart was requested") and a negation ("is not required") are left alone.

use super::lexicon;

/// The clauses of `text` that put an order in the passive, made active; `None` when
/// none does.
pub fn active(text: &str) -> Option<String> {
    let trimmed = text.trim();
    // (A question mark is a question's, unless a courteous passive asks with it.)
    let courteous = trimmed
        .to_lowercase()
        .split_whitespace()
        .any(|w| w == "kindly" || w == "please");
    if (trimmed.contains('?') && !courteous) || !trimmed.is_ascii() {
        return None;
    }
    let mut changed = false;
    let mut out = String::new();
    let mut rest = trimmed;
    while !rest.is_empty() {
        let end = rest
            .find([';', '.', ',', '?'])
            .map_or(rest.len(), |i| i + 1);
        let (clause, tail) = rest.split_at(end);
        let mark = clause
            .strip_suffix([';', '.', ',', '?'])
            .map_or("", |_| &clause[clause.len() - 1..]);
        let body = &clause[..clause.len() - mark.len()];
        match made_active(body) {
            Some(order) => {
                changed = true;
                if body.starts_with(char::is_whitespace) {
                    out.push(' ');
                }
                out.push_str(&order);
                // (The courteous request's question mark asks nothing.)
                out.push_str(if mark == "?" { "." } else { mark });
            }
            None => {
                out.push_str(body);
                out.push_str(mark);
            }
        }
        rest = tail;
    }
    changed.then(|| out.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// One clause in the passive, made active.
fn made_active(clause: &str) -> Option<String> {
    let lower = clause.trim().to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    if let Some(order) = polite_passive(&words) {
        return Some(order);
    }
    // ("Is a restart required", "Was a restart requested": asked, or told.)
    if words.first().is_none_or(|w| ASKS.contains(w)) || words.iter().any(|w| NOT.contains(w)) {
        return None;
    }
    let order = that_be(&words)
        .or_else(|| to_be(&words))
        .or_else(|| noun_requested(&words))?;
    // ("… without further delay": now, refusing nothing.)
    Some(
        order
            .replace("without further delay", "now")
            .replace("without delay", "now"),
    )
}

/// "Could the recommended routes kindly be applied?": a request in the passive, made
/// courteous by "kindly" or "please" (without them it asks whether they could be).
fn polite_passive(words: &[&str]) -> Option<String> {
    if !matches!(words.first(), Some(&("could" | "would" | "can"))) {
        return None;
    }
    let be = words.iter().position(|w| *w == "be")?;
    let courteous = words[..be]
        .iter()
        .any(|w| matches!(*w, "kindly" | "please"));
    let verb = verb_of_participle(words.get(be + 1)?)?;
    let subject: Vec<&str> = words[1..be]
        .iter()
        .copied()
        .filter(|w| !matches!(*w, "kindly" | "please"))
        .collect();
    courteous.then(|| join(&[&["please", verb.as_str()], &subject, &words[be + 2..]]))
}

/// "it is requested that X be done …" → "do X …".
fn that_be(words: &[&str]) -> Option<String> {
    let start = words
        .windows(4)
        .position(|w| w[0] == "it" && w[1] == "is" && WANTED.contains(&w[2]) && w[3] == "that")?;
    let after = &words[start + 4..];
    let be = after.iter().position(|w| *w == "be")?;
    let done = after.get(be + 1)?;
    let verb = verb_of_participle(done)?;
    Some(join(&[&[verb.as_str()], &after[..be], &after[be + 2..]]))
}

/// "X is to be done …", "X to be done" (a title) → "do X …".
fn to_be(words: &[&str]) -> Option<String> {
    let at = words
        .windows(2)
        .position(|w| w[0] == "to" && w[1] == "be")?;
    let subject_end = match at.checked_sub(1).map(|i| words[i]) {
        Some("is" | "are") => at - 1,
        // ("the gateway seems to be restarted": told, not ordered.)
        Some(w) if NOT_A_TITLE.contains(&w) => return None,
        _ => at,
    };
    let done = words.get(at + 2)?;
    let verb = verb_of_participle(done)?;
    (subject_end > 0).then(|| join(&[&[verb.as_str()], &words[..subject_end], &words[at + 3..]]))
}

/// "a restart of the gateway is requested …", "Recovery reset for cloud requested":
/// the noun's verb, then what it is of.
fn noun_requested(words: &[&str]) -> Option<String> {
    let at = words.iter().position(|w| WANTED.contains(w))?;
    let subject_end = if at > 0 && matches!(words[at - 1], "is" | "are") {
        at - 1
    } else {
        at
    };
    let subject: Vec<&str> = words[..subject_end]
        .iter()
        .copied()
        .skip_while(|w| matches!(*w, "a" | "an" | "the"))
        .collect();
    // ("I think a restart is needed": the speaker's weighing, not a memo's order.)
    if subject
        .iter()
        .any(|w| SPEAKERS.contains(w) || lexicon::grammar("hedge_en").contains(w))
    {
        return None;
    }
    let (&head, rest) = subject.split_first()?;
    let rest_of_line = &words[at + 1..];
    // ("A restart of the gateway": the noun first; "A 30-minute silence", "Recovery
    // reset for cloud": the noun after its modifiers.)
    if let Some(verb) = verb_of_noun(head) {
        let rest = rest.strip_prefix(&["of"]).unwrap_or(rest);
        return Some(join(&[&[verb.as_str()], rest, rest_of_line]));
    }
    let of = subject
        .iter()
        .position(|w| matches!(*w, "of" | "for"))
        .unwrap_or(subject.len());
    let noun = *subject[..of].last()?;
    let verb = verb_of_noun(noun)?;
    let modifiers = &subject[..of - 1];
    let rest = &subject[of..];
    let rest = rest.strip_prefix(&["of"]).unwrap_or(rest);
    Some(join(&[&[verb.as_str()], modifiers, rest, rest_of_line]))
}

fn join(parts: &[&[&str]]) -> String {
    parts.concat().join(" ")
}

/// Words that make a clause a question when they open it.
const ASKS: &[&str] = &[
    "is", "are", "was", "were", "do", "does", "did", "has", "have", "can", "could", "should",
    "would", "will", "who", "what", "what's", "whats", "which", "when", "why", "how", "whether",
    "if",
];

/// Verbs before "to be" that tell what something is or does ("seems to be", "used to be").
const NOT_A_TITLE: &[&str] = &[
    "seems", "seem", "appears", "appear", "needs", "need", "has", "have", "had", "used", "going",
    "supposed", "likely", "about", "wants", "want", "ought", "was", "were", "gonna",
];

/// Subjects that make a clause the speaker's own view or someone's report.
const SPEAKERS: &[&str] = &[
    "i", "we", "you", "they", "he", "she", "think", "guess", "believe", "probably", "said",
];

/// Words after which a request is refused or reported, not made.
const NOT: &[&str] = &[
    "not", "no", "never", "was", "were", "been", "wasn't", "weren't",
];

/// What a memo says of an order it gives.
const WANTED: &[&str] = &["requested", "required", "needed", "necessary"];

/// The verb a memo's noun stands for: the noun itself when it is a verb too ("restart",
/// "reset"), or its verb ("activation" → "activate").
fn verb_of_noun(noun: &str) -> Option<String> {
    if let Some(&(_, verb)) = NOUN_VERBS.iter().find(|(n, _)| *n == noun) {
        return Some(verb.to_string());
    }
    VERB_NOUNS.contains(&noun).then(|| noun.to_string())
}

/// Nouns that are the verb they name.
const VERB_NOUNS: &[&str] = &[
    "restart",
    "reboot",
    "reset",
    "silence",
    "pause",
    "switch",
    "export",
    "refresh",
    "reload",
    "dump",
    "re-probe",
    "reprobe",
    "rerun",
    "run",
    "bounce",
    "failover",
    "switchover",
    "mute",
    "review",
    "list",
    "summary",
    "report",
    "update",
    "change",
    "return",
];

/// A memo's nouns of action and their verbs.
const NOUN_VERBS: &[(&str, &str)] = &[
    ("activation", "activate"),
    ("deactivation", "deactivate"),
    ("enablement", "enable"),
    ("enabling", "enable"),
    ("disablement", "disable"),
    ("disabling", "disable"),
    ("re-enablement", "re-enable"),
    ("suspension", "suspend"),
    ("resumption", "resume"),
    ("termination", "terminate"),
    ("clearance", "clear"),
    ("clearing", "clear"),
    ("reinstatement", "reinstate"),
    ("reversion", "revert"),
    ("application", "apply"),
    ("adoption", "adopt"),
    ("execution", "execute"),
    ("silencing", "silence"),
    ("muting", "mute"),
    ("suppression", "suppress"),
    ("restoration", "restore"),
    ("reacquisition", "reacquire"),
    ("re-acquisition", "reacquire"),
    ("identification", "identify"),
    ("confirmation", "confirm"),
    ("verification", "verify"),
    ("generation", "generate"),
    ("registration", "register"),
    ("provision", "provide"),
    ("explanation", "explain"),
    ("restarting", "restart"),
    ("resetting", "reset"),
    ("pausing", "pause"),
    ("stoppage", "stop"),
    ("closure", "close"),
    ("shutdown", "shut down"),
    ("investigation", "investigate"),
    ("rollback", "roll back"),
];

/// The plain verb of a participle ("disabled" → "disable", "stopped" → "stop", "run").
fn verb_of_participle(done: &str) -> Option<String> {
    if let Some(&(_, verb)) = IRREGULAR.iter().find(|(p, _)| *p == done) {
        return Some(verb.to_string());
    }
    if let Some(stem) = done.strip_suffix("ied") {
        return Some(format!("{stem}y"));
    }
    let stem = done.strip_suffix("ed")?;
    let b = stem.as_bytes();
    let doubled =
        b.len() > 2 && b[b.len() - 1] == b[b.len() - 2] && b"ptgnmbdr".contains(&b[b.len() - 1]);
    if doubled {
        return Some(stem[..stem.len() - 1].to_string());
    }
    let known = |w: &str| lexicon::is_term(w) || lexicon::is_real_word(w);
    let with_e = format!("{stem}e");
    if known(&with_e) {
        return Some(with_e);
    }
    if known(stem) {
        return Some(stem.to_string());
    }
    let silent_e = [
        "at", "iz", "bl", "pl", "us", "ut", "v", "c", "g", "ur", "inu", "os", "ov",
    ]
    .iter()
    .any(|e| stem.ends_with(e));
    Some(if silent_e { with_e } else { stem.to_string() })
}

/// Participles that do not end in -ed.
const IRREGULAR: &[(&str, &str)] = &[
    ("run", "run"),
    ("reset", "reset"),
    ("set", "set"),
    ("put", "put"),
    ("shut", "shut"),
    ("written", "write"),
    ("driven", "drive"),
    ("taken", "take"),
    ("shown", "show"),
    ("given", "give"),
    ("done", "do"),
    ("made", "make"),
    ("brought", "bring"),
    ("kept", "keep"),
    ("left", "leave"),
    ("sent", "send"),
    ("begun", "begin"),
    ("undone", "undo"),
    ("rerun", "rerun"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_memo_passive_becomes_the_order_it_gives() {
        for (memo, order) in [
            (
                "A restart of the gateway is requested.",
                "restart the gateway.",
            ),
            (
                "It is requested that auto recovery be disabled.",
                "disable auto recovery.",
            ),
            (
                "Enablement of auto recovery is requested.",
                "enable auto recovery.",
            ),
            (
                "A 30-minute silence is requested for the Gateway.",
                "silence 30-minute for the gateway.",
            ),
            (
                "Recovery reset for cloud requested",
                "reset recovery for cloud",
            ),
            (
                "Polling to be paused during the capture",
                "pause polling during the capture",
            ),
            (
                "The Gateway is down; a restart is to be performed.",
                "The Gateway is down; perform a restart.",
            ),
            (
                "Following of the file is to be suspended.",
                "suspend following of the file.",
            ),
            (
                "It is requested that updates be stopped so that the figures may be read.",
                "stop updates so that the figures may be read.",
            ),
            (
                "Confirmation of its current health is requested.",
                "confirm its current health.",
            ),
            (
                "Routing is to be driven by the health checks.",
                "drive routing by the health checks.",
            ),
        ] {
            assert_eq!(active(memo).as_deref(), Some(order), "{memo}");
        }
    }

    #[test]
    fn questions_reports_refusals_and_plain_lines_are_left_alone() {
        for line in [
            "Is a restart of the gateway required?",
            "A restart of the gateway was requested by the customer.",
            "A restart of the gateway is not required.",
            "restart the gateway",
            "what is required to restart it",
            "게이트웨이 재시작 요청드립니다",
            "A new haiku is requested.",
            "Could the recommended routes be applied to the proxy?",
            "the gateway seems to be restarted already",
            "I think a restart is needed",
        ] {
            assert_eq!(active(line), None, "{line}");
        }
    }

    #[test]
    fn participles_give_their_verbs() {
        for (done, verb) in [
            ("disabled", "disable"),
            ("applied", "apply"),
            ("stopped", "stop"),
            ("cleared", "clear"),
            ("suppressed", "suppress"),
            ("routed", "route"),
            ("paused", "pause"),
            ("switched", "switch"),
            ("run", "run"),
            ("written", "write"),
            ("re-enabled", "re-enable"),
            ("changed", "change"),
            ("discontinued", "discontinue"),
            ("generated", "generate"),
        ] {
            assert_eq!(verb_of_participle(done).as_deref(), Some(verb), "{done}");
        }
    }
}
