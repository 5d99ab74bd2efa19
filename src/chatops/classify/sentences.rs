//! Of a paragraph's sentences, the one that asks or orders something of this console,
//! when every other one only tells why or tells a story around it.

use super::super::act::{Act, SpeechAct};
use super::super::clause;
use super::super::intent::Intent;
use super::super::matcher::Evidence;
use super::super::narrative;
use super::super::normalize;
use super::super::scope;
use super::clauses::{about, shares_a_verb};
use super::{Classification, Engine};

impl Engine {
    /// "Could you kindly restart the Cloud worker? Our biggest client's test is blocked
    /// on it.": of several sentences, the one that asks (with a question mark) or orders
    /// something of this console, when every other one only tells why.
    pub(super) fn the_sentence_meant(&self, text: &str) -> Option<Classification> {
        let sentences = clause::sentences(text)?;
        let mut meant = None;
        // ("printer jammed again. fix": the bare verb's object is what the story named.)
        let mut told_of_else = false;
        let mut warned = Vec::new();
        let mut ordered_concepts = None;
        for s in sentences {
            let (act, ev) = self.sense(s);
            told_of_else |= ev.unexplained > 0 && !about(&ev);
            // ("지금은 정상인가?": a question the model reads, in words the tables lack.)
            let about = about(&ev) || (act.marked && self.read(s).intent != Intent::Unknown);
            // An order here is one its structure makes ("please …", "…해 주세요",
            // "restart it."): a statement with nothing marking it reads as an order too.
            let ordered = act.kind() == SpeechAct::Order && self.ordered_by_structure(s, act);
            let carries = about && (act.marked || ordered);
            // A statement that neither asks, refuses nor weighs tells why, whatever it
            // names ("Finance wants costs evened out before the quarter closes.").
            // ("…? sorry if that's the wrong term.": an apology tells nothing either.)
            // ("…? nobody's on call tonight": a time in a statement sets no condition.)
            let timed =
                act.hedge && !act.marked && !act.negated && !act.question && !scope::weighs(s);
            // ("…꺼 주세요. 갑자기 재시작되면 안 돼요": what must not happen is why, unless
            // it is the order's own verb, taken back; checked below.)
            let warns = clause::must_not(&normalize::fold(s)) && !act.marked;
            if warns {
                warned.push(ev.concepts);
            }
            let tells = act.context()
                || warns
                || self.narrates(s, act, &ev)
                || timed && !ordered
                || (act.kind() == SpeechAct::Order && !ordered)
                || (clause::apology(s) && !carries);
            match (carries, meant) {
                (true, None) => {
                    meant = Some(s);
                    ordered_concepts = Some(ev.concepts);
                }
                (true, Some(_)) => return None,
                (false, _) if !tells => return None,
                _ => {}
            }
        }
        let ordered = ordered_concepts?;
        let takes_back = warned.iter().any(|&w| shares_a_verb(ordered, w));
        if takes_back {
            return None;
        }
        let c = self.with_args_of(self.classify(&self.about_named(meant?, text)), text);
        let restarts = matches!(c.intent, Intent::RecoveryRun | Intent::RecoveryReset);
        (!(told_of_else && restarts && c.args.channel.is_none() && a_bare_verb(meant?)))
            .then_some(c)
    }

    /// A sentence of a paragraph that tells a story around the ask ("Someone mentioned
    /// it felt slow this morning.", "솔직히 좀 떨려요."): it neither orders, asks with a
    /// mark nor takes back, and opens with its subject (see `narrative`). Words inside it
    /// that ask ("I have no idea what …") are its own.
    fn narrates(&self, s: &str, act: Act, ev: &Evidence) -> bool {
        // (A verb in a sentence that reports, describes or weighs names what happened
        // or is feared: "every restart drops the in-flight jobs".)
        let ordered = ev.concepts.any(&super::VERBS) && act.kind() == SpeechAct::Order;
        let acts = ordered || act.imperative || act.requested;
        let asks = act.marked || act.by_ending || (act.polite && about(ev));
        let named_first = s
            .split_whitespace()
            .next()
            .is_some_and(|w| !self.evidence(w).channels.is_empty());
        !acts && !asks && narrative::told(s, named_first || !about(ev))
    }
}

/// "fix", "restart it.", "reset pls": a verb alone, whose object is elsewhere.
fn a_bare_verb(sentence: &str) -> bool {
    let words = sentence
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !matches!(*w, "it" | "please" | "pls" | "now" | "that"));
    words.count() == 1
}
