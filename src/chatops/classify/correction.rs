//! Corrections made mid-sentence, typed or dictated: "restart the local no wait the
//! cloud", "로칼 아니 클라우드 재시작 해 줘", "change routing policy to region no wait
//! balanced", "자동 복구 꺼 아니 켜 줘". The words after the marker replace the words of
//! the same kind before it (a channel, a length, on or off, a policy), and the sentence
//! is read again as corrected. Its act is read from the corrected words like any other
//! sentence's, so a correction never makes an order that the words do not give.

use super::super::args;
use super::super::lexicon::{self, Concept, Concepts};
use super::super::normalize;
use super::super::numbers;
use super::super::rules::grammar_only;
use super::Engine;

/// Markers of a correction, as words (marks read as spaces): several words, found
/// anywhere after the first word.
/// (A bare "취소" cancels what it follows, "일시정지 취소" resumes; it corrects nothing.)
const MARKERS: [&[&str]; 21] = [
    &["no", "wait"],
    &["wait", "no"],
    &["no", "sorry"],
    &["sorry", "no"],
    &["sorry", "i", "mean"],
    &["i", "mean"],
    &["i", "meant"],
    &["or", "rather"],
    &["scratch", "that"],
    &["never", "mind"],
    &["actually", "no"],
    &["no", "no"],
    &["hold", "on"],
    &["아니", "아니"],
    &["아", "아니"],
    &["아", "아니다"],
    &["아", "잠깐"],
    &["아니"],
    &["아니다"],
    &["됐고"],
    &["가", "아니라"],
];

/// Words after "sorry" that make it an apology, not a correction ("Sorry to keep
/// asking.", "sorry for the noise").
const APOLOGY: [&str; 10] = [
    "for", "to", "about", "if", "i", "we", "again", "all", "guys", "team",
];

/// What a correction may name again without a verb of its own, to say which one
/// ("… no wait the gateway worker", "… yeah static routing").
const NOUNS: [Concept; 12] = {
    use Concept::*;
    [
        Worker, Routing, Recovery, Channel, Auto, Monitoring, Static, Policy, Dashboard, Poller,
        Escalation, App,
    ]
};

/// Words after "no" that make it their own ("no rush", "no pressure"), not a correction.
const NO_NOUNS: [&str; 12] = [
    "rush", "pressure", "worries", "worry", "problem", "problems", "hurry", "idea", "need",
    "stress", "biggie", "thanks",
];

/// One-word markers that correct only right after a mark ("restart local — sorry,
/// gateway", "apply the routing— actually, …"): inside a sentence they mean themselves
/// ("no auto actions", "sorry to ask").
/// ("er", "uh" and "hmm" hesitate; they take nothing back.)
const AFTER_A_MARK: [&str; 10] = [
    "no",
    "sorry",
    "actually",
    "oops",
    "wait",
    "ugh",
    "nah",
    "whatever",
    "nevermind",
    "wrong",
];

/// What a correction replaces.
#[derive(Default)]
struct Kinds {
    path: bool,
    channel: bool,
    length: bool,
    switch: bool,
    policy: bool,
}

/// A word of the text: where it is, whether a mark came right before it, and whether a
/// sentence ended there (".", "!" or "?" after it).
struct Word<'t> {
    text: &'t str,
    start: usize,
    end: usize,
    marked: bool,
    closes: bool,
}

impl Engine {
    /// The text as corrected, when it corrects itself with words after the marker: what
    /// came before the first marker, corrected by what comes after the last, to the end
    /// of its sentence (drafts in between and comments after are dropped).
    /// - Words that only name a channel, a length, on or off, a policy ("restart local —
    ///   sorry, gateway") replace the words of that kind, and the rest stands as said
    ///   ("should we restart local no wait cloud" still asks).
    /// - Words that say what they are about ("일시정지 아니 새로고침") are read alone,
    ///   about the one channel named before unless they name their own or all of them.
    /// - Words with an act of their own but no topic ("is auto recovery on? whatever,
    ///   just turn it on", "no wait, do we even need to?") are read with the topic of the
    ///   words before; without an act of their own ("? no rush, just curious") they
    ///   correct nothing.
    pub(super) fn corrected(&self, text: &str) -> Option<String> {
        let folded = normalize::fold(text);
        let words = words(&folded);
        let names = |w: &str| !self.evidence(w).channels.is_empty();
        let (first, last) = markers(&words, names)?;
        let until = (last..words.len())
            .find(|&i| words[i].closes || apology(&words, i + 1))
            .unwrap_or(words.len().saturating_sub(1));
        if first == 0 || last >= words.len() {
            return None;
        }
        let before = &folded[..words[first].start];
        let end = words[until].end;
        let end =
            end + (folded.len() - end - folded[end..].trim_start_matches(['?', '!', '.']).len());
        let after = folded[words[last].start..end].trim_end_matches(',');
        let kinds = self.kinds(after);
        let before_ev = self.evidence(before);
        let said_before = before_ev.concepts;
        let (act, ev) = self.sense(after);
        // (A question, a refusal or a hedge after the marker is an act of its own: "turn
        // off auto recovery, actually, no, is auto recovery on right now?")
        let plain = !(act.marked || act.question || act.negated || act.hedge);
        if plain && self.only_slots(after, &kinds, said_before) {
            return Some(self.replaced(before, after, &kinds));
        }
        // (A verb that only switches or runs needs the words before to say what.)
        let mut topics = ev.concepts;
        for v in [
            Concept::On,
            Concept::Off,
            Concept::Switch,
            Concept::Run,
            Concept::Stop,
        ] {
            topics.remove(v);
        }
        // ("클라우드 워커 재기동해, 아 아니 로컬 워커": what is named again only narrows.)
        let mut new = topics;
        for (_, c) in Concept::NAMED {
            if said_before.has(c) {
                new.remove(c);
            }
        }
        let own_act = !plain
            || act.need
            || act.imperative
            || act.requested
            || ev.concepts.any(&super::VERBS)
            || Concept::NAMED.iter().any(|(_, c)| {
                new.has(*c) && !NOUNS.contains(c) && !grammar_only(Concepts::of(&[*c]))
            });
        // ("restart the local no wait the gateway worker": a new name, no verb of its
        // own; the order before stands.)
        if !own_act {
            return Some(self.replaced(before, after, &kinds));
        }
        if !grammar_only(new) || !ev.intents.is_empty() {
            // (About the channel as it was named: "클라우드 왜 죽었어 아 아니 왜 느려졌어".)
            let named = before
                .split_whitespace()
                .find(|w| names(w.trim_matches(|c: char| !c.is_alphanumeric())));
            return Some(match named {
                Some(name) if !kinds.channel && before_ev.channels.len() == 1 => {
                    format!("{name} {after}")
                }
                _ => after.to_string(),
            });
        }
        // ("apply the routing— actually hold on, just tell me what you'd recommend": an
        // ask after the marker keeps what was named before, not its verb.)
        // ("…, no wait, do we even need to?" asks about the act itself: it keeps its verb.)
        let asks = (act.question || act.marked) && !act.need;
        let topic: Vec<&str> = words[..first]
            .iter()
            .map(|w| w.text)
            .filter(|w| {
                let ev = self.evidence(w);
                let about = !ev.channels.is_empty() || !grammar_only(ev.concepts);
                let verb = asks && ev.concepts.any(&super::VERBS);
                about && !verb && !self.of_kind(w, &kinds)
            })
            .collect();
        // (English: the act's words first, the question mark last, "do we even need to
        // restart gateway worker?"; Korean: the ending last, "자동 복구 꺼 줄래?".)
        let mark = if act.marked { "?" } else { "" };
        let said = after.trim_end_matches(['?', '.', '!']);
        let korean = said.chars().any(normalize::is_hangul);
        Some(match korean {
            true => format!("{} {after}", topic.join(" ")),
            false => format!("{said} {}{mark}", topic.join(" ")),
        })
    }

    /// `before` with its words of `kinds` replaced, in place, by those of `after`
    /// ("silence gateway for 30m, wait, make that 45m" → "silence gateway 45m"); the
    /// words of `after` go last when `before` has none of their kind.
    fn replaced(&self, before: &str, after: &str, kinds: &Kinds) -> String {
        let bare = |w: &str| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string();
        let new: Vec<&str> = after
            .split_whitespace()
            .filter(|w| {
                let b = bare(w);
                self.of_kind(&b, kinds)
                    || !lexicon::is_filler(&b)
                    || b.chars().any(normalize::is_hangul)
            })
            .filter(|w| !matches!(bare(w).as_str(), "make" | "that" | "it" | "yeah" | "yes"))
            .collect();
        let mut out: Vec<String> = Vec::new();
        let mut placed = false;
        let words = before
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric));
        for w in words {
            if self.of_kind(&bare(w), kinds) {
                if !placed {
                    // (The word's own marks stay: "… 있어? 아니 로컬" asks still.)
                    let asked = if w.ends_with('?') { "?" } else { "" };
                    out.push(format!("{}{asked}", new.join(" ")));
                    placed = true;
                }
            } else {
                out.push(w.to_string());
            }
        }
        if !placed {
            out.extend(new.iter().map(|w| w.to_string()));
        }
        out.join(" ")
    }

    /// Whether every word names only something of `kinds`, something already said
    /// (`said`: "클라우드 워커 재기동해, 아 아니 로컬 워커"), or nothing.
    fn only_slots(&self, words: &str, kinds: &Kinds, said: Concepts) -> bool {
        words
            .split(|c: char| c.is_whitespace() || c == ',')
            .map(|w| w.trim_matches(['.', '—', '-', '?', '!']))
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .all(|w| {
                let k = self.evidence(w).concepts;
                self.of_kind(w, kinds)
                    || lexicon::is_filler(w)
                    || (!k.is_empty()
                        && Concept::NAMED
                            .iter()
                            .all(|(_, c)| !k.has(*c) || said.has(*c)))
                    || matches!(
                        w,
                        "make"
                            | "it"
                            | "that"
                            | "one"
                            | "definitely"
                            | "meant"
                            | "로"
                            | "just"
                            | "actually"
                            | "yes"
                            | "yeah"
                            | "instead"
                            | "말이야"
                            | "말이에요"
                    )
            })
    }

    fn kinds(&self, words: &str) -> Kinds {
        let prep = normalize::prepare(words);
        let ev = self.evidence(words);
        Kinds {
            path: args::take_path(words).1.is_some(),
            // ("status of local—sorry, of all of it": every channel replaces one.)
            channel: !ev.channels.is_empty()
                || ev.concepts.has(Concept::Overall)
                || words
                    .split_whitespace()
                    .any(|w| matches!(w, "all" | "every" | "everything" | "anything")),
            length: args::horizon_minutes(&prep).is_some(),
            switch: ev.concepts.any(&[Concept::On, Concept::Off]),
            policy: args::policy_name(&prep).is_some(),
        }
    }

    /// Whether one word before the marker is of a kind the words after it replace.
    fn of_kind(&self, word: &str, kinds: &Kinds) -> bool {
        let k = self.kinds(word);
        (kinds.channel && k.channel)
            || (kinds.path && k.path)
            || (kinds.switch && k.switch)
            || (kinds.policy && k.policy)
            || (kinds.length && part_of_a_length(word))
    }
}

/// The words of folded text; dashes, commas, full stops, ellipses and question marks
/// are read as marks before the next word.
fn words(folded: &str) -> Vec<Word<'_>> {
    const MARKS: [char; 10] = ['—', '–', '…', ',', '.', ';', '!', '?', '>', '-'];
    let base = folded.as_ptr() as usize;
    let mut out: Vec<Word> = Vec::new();
    let mut marked = false;
    for raw in folded.split_whitespace() {
        let mut rest = raw;
        while !rest.is_empty() {
            let lead = rest.len() - rest.trim_start_matches(MARKS).len();
            marked |= lead > 0;
            if let Some(prev) = out.last_mut() {
                prev.closes |= rest[..lead].contains(['.', '!', '?']);
            }
            rest = &rest[lead..];
            let len = rest.find(MARKS).unwrap_or(rest.len());
            let text = &rest[..len];
            if !text.is_empty() {
                let start = text.as_ptr() as usize - base;
                out.push(Word {
                    text,
                    start,
                    end: start + len,
                    marked,
                    closes: false,
                });
                marked = false;
            }
            rest = &rest[len..];
        }
    }
    out
}

/// Whether "sorry" at `i` apologises ("Sorry to keep asking.", "sorry for the noise")
/// rather than corrects.
fn apology(words: &[Word], i: usize) -> bool {
    words.get(i).is_some_and(|w| w.text == "sorry")
        && words.get(i + 1).is_none_or(|n| APOLOGY.contains(&n.text))
}

/// Whether `word`, right after "sorry", starts a correction ("— sorry, gateway",
/// "sorry, of all of it", "sorry, not the recovery that's running"), not an aside
/// ("sorry, on mobile", "sorry, need a screenshot").
fn corrects(word: &str, names: &impl Fn(&str) -> bool) -> bool {
    matches!(
        word,
        "the" | "of" | "not" | "make" | "i" | "all" | "every" | "everything"
    ) || word.chars().any(|c| c.is_ascii_digit())
        || names(word)
        // ("pause, sorry, refresh it": another order's verb.)
        || lexicon::grammar("order_verb_en").contains(&word)
}

/// Where the first marker starts and the last one ends, if the words have one after
/// their first word.
fn markers(words: &[Word], names: impl Fn(&str) -> bool) -> Option<(usize, usize)> {
    let mut found: Option<(usize, usize)> = None;
    let mut i = 1;
    while i < words.len() {
        let at = |m: &[&str]| {
            m.iter()
                .enumerate()
                .all(|(k, w)| words.get(i + k).is_some_and(|x| x.text == *w))
        };
        let one = words[i].marked
            && AFTER_A_MARK.contains(&words[i].text)
            && !apology(words, i)
            && (words[i].text != "sorry"
                || words.get(i + 1).is_some_and(|n| corrects(n.text, &names)))
            && !(words[i].text == "no"
                && words
                    .get(i + 1)
                    .is_some_and(|n| !n.marked && NO_NOUNS.contains(&n.text)));
        let len = MARKERS
            .iter()
            .find(|m| at(m))
            .map(|m| m.len())
            .or(one.then_some(1));
        match len {
            Some(n) => {
                found = Some((found.map_or(i, |f| f.0), i + n));
                i += n;
            }
            None => i += 1,
        }
    }
    found
}

/// A count or a unit of time ("forty", "45", "minutes", "이십", "분", "한시간").
fn part_of_a_length(word: &str) -> bool {
    const UNITS: [&str; 14] = [
        "minutes", "minute", "mins", "min", "hours", "hour", "hrs", "hr", "half", "an", "분",
        "시간", "반", "for",
    ];
    UNITS.contains(&word)
        || word.chars().any(|c| c.is_ascii_digit())
        || numbers::english(&[word]).is_some()
        || numbers::korean_minutes(word).is_some()
        || numbers::korean_minutes(&format!("{word}분")).is_some()
        || numbers::korean_minutes(&format!("{word}시간")).is_some()
}

#[cfg(test)]
mod tests {
    use super::super::Engine;
    use crate::chatops::Intent;

    fn engine() -> Engine {
        Engine::with_channels(&["Local", "Cloud", "Gateway"])
    }

    #[test]
    fn the_words_after_a_correction_replace_those_of_their_kind() {
        let e = engine();
        for (text, want) in [
            ("bounce the clowd no wait the gateway", "bounce the gateway"),
            ("로칼 아니 클라우드 재시작 해 줘", "클라우드 재시작 해 줘"),
            (
                "change routing policy to region no wait balanced",
                "change routing policy to balanced",
            ),
            ("음 자동 복구 꺼 아니 켜 줘", "음 자동 복구 켜 줘"),
            (
                "mute local for forty five minutes no wait make it an hour",
                "mute local an hour",
            ),
            ("restart local — sorry, gateway", "restart gateway"),
            ("status of local—sorry, of all of it", "status of all"),
            ("일시정지 아니 새로고침", "새로고침"),
            (
                "is auto recovery on? whatever, just turn it on",
                "just turn it on auto recovery",
            ),
            (
                "is recovery needed for gateway? eh, never mind, just run it",
                "just run it recovery gateway",
            ),
            (
                "restart the gateway worker, no wait, do we even need to?",
                "do we even need to restart gateway worker?",
            ),
        ] {
            assert_eq!(e.corrected(text).as_deref(), Some(want), "{text}");
        }
        assert_eq!(e.corrected("아니 재시작하지 마"), None);
        assert_eq!(e.corrected("restart it no wait"), None);
        assert_eq!(e.corrected("restart cloud, sorry to keep asking"), None);
        assert_eq!(e.corrected("no auto actions for cloud"), None);
        assert_eq!(e.corrected("should we pause? no rush, just curious"), None);
    }

    #[test]
    fn a_correction_is_read_as_corrected_and_orders_only_what_it_says() {
        let e = engine();
        for (text, intent, channel) in [
            (
                "bounce the clowd no wait the gateway",
                Intent::RecoveryRun,
                Some("Gateway"),
            ),
            (
                "로칼 아니 클라우드 재시작 해 줘",
                Intent::RecoveryRun,
                Some("Cloud"),
            ),
            (
                "clear escalation for gateway no sorry for local",
                Intent::RecoveryReset,
                Some("Local"),
            ),
            ("음 자동 복구 꺼 아니 켜 줘", Intent::AutorecoverOn, None),
            (
                "restart the local no wait don't",
                Intent::RecoveryStatus,
                Some("Local"),
            ),
            (
                "should we restart local no wait cloud",
                Intent::RecoveryStatus,
                Some("Cloud"),
            ),
        ] {
            let c = e.classify(text);
            assert_eq!(
                (c.intent, c.args.channel.as_deref()),
                (intent, channel),
                "{text}: {c:?}"
            );
        }
    }
}
