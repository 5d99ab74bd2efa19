//! What stands apart from the ask. An order's object after a comma: "Turn it off, auto
//! recovery.", "대시보드, 내보내.", "restart it, my laptop I mean" — the verb alone names
//! nothing, the other clause only names a thing, and the two are read as one sentence
//! (so a thing this console does not know makes the order off-topic). An aside in
//! brackets: "내 노트북 재부팅 해줘 (느려서)" — it says why or how, and is left out.

use super::super::act::SpeechAct;
use super::super::aside;
use super::super::lexicon::{self, Concept};
use super::super::matcher::Evidence;
use super::clauses::names;
use super::{Classification, Engine};

impl Engine {
    /// The reading of `text` without its asides, when none names anything of the
    /// console or an action ("what ran on cloud last? (restart? reset? no idea)": that
    /// aside is part of the question).
    pub(super) fn without_an_aside(&self, text: &str) -> Option<Classification> {
        let (outside, asides) = aside::apart(text)?;
        let says = |a: &&str| {
            let ev = self.evidence(a);
            names(&ev) || ev.concepts.any(&super::VERBS)
        };
        if asides.iter().any(says) {
            return None;
        }
        // ("/help (한국어로)": the reply comes in the language of the whole line.)
        let mut c = self.with_args_of(self.classify(&outside), text);
        c.lang = self.evidence(text).lang;
        Some(c)
    }

    /// The reading of `first` and `last` (two clauses of `whole`) as one order, when one
    /// is a bare verb ("turn it off", "내보내") and the other a bare name of its object.
    pub(super) fn object_apart(
        &self,
        first: &str,
        last: &str,
        whole: &str,
    ) -> Option<Classification> {
        let trim = |s: &str| {
            s.trim()
                .trim_matches(['.', ',', '!', '—', '-', ';', ' '])
                .to_string()
        };
        let (first, last) = (trim(first), trim(last));
        // Two clauses only: a third ("given …, when that happens, then run recovery")
        // is no object set apart.
        let marked = |s: &str| s.contains([',', ';', '—', '…', '.', '?']) || s.contains(" - ");
        if marked(&first) || marked(&last) {
            return None;
        }
        let pairs = [(&first, &last), (&last, &first)];
        let (order, thing) = pairs.into_iter().find_map(|(order, thing)| {
            let thing = self.bare_name(thing)?;
            self.bare_verb(order).then_some((order, thing))
        })?;
        let joined = format!("{thing} {order}");
        // (Split at a Korean connective, "알아서 복구하게 …" is already one clause.)
        let bare = |s: &str| {
            s.to_lowercase()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        };
        if bare(&joined) == bare(whole) {
            return None;
        }
        Some(self.with_args_of(self.classify(&joined), whole))
    }

    /// Whether `clause` orders with a verb and names nothing it acts on ("turn it on",
    /// "그거 다시 올려", "멈춰").
    fn bare_verb(&self, clause: &str) -> bool {
        let (act, ev) = self.sense(clause);
        // ("turn it off": the verb of a phrase split by its object is known all the same.)
        let verbs = lexicon::grammar("order_verb_en");
        let split = clause
            .split_whitespace()
            .filter(|w| verbs.contains(w))
            .count();
        // ("export it for the evidence binder": what follows its pronoun says why.)
        let pronoun = clause
            .split_whitespace()
            .nth(1)
            .is_some_and(|w| matches!(w, "it" | "them" | "that" | "this"));
        act.kind() == SpeechAct::Order
            && orders(&ev)
            && (ev.unexplained as usize <= split || pronoun)
            && !names(&ev)
    }

    /// `clause` without a marker of an afterthought ("I mean", "말이야"), when what is
    /// left only names a thing: no verb, no act of its own, and either something this
    /// console knows ("auto recovery", "대시보드") or, after such a marker, a thing it
    /// does not ("my laptop I mean": a reason is no afterthought, so a thing unknown
    /// needs the marker).
    fn bare_name(&self, clause: &str) -> Option<String> {
        let marked = lexicon::grammar("afterthought").iter().find_map(|m| {
            let rest = clause.strip_suffix(m).or_else(|| clause.strip_prefix(m))?;
            let apart = rest.is_empty() || rest.ends_with(' ') || rest.starts_with(' ');
            apart.then(|| rest.trim().trim_matches(',').trim())
        });
        let thing = marked.unwrap_or(clause);
        // A name is short, and no verb opens a clause inside it (a run-on would split
        // it again: "… to be **applied** — go ahead").
        // A subject makes it a statement ("i'm done reading").
        let verbs = lexicon::grammar("order_verb_en");
        let subjects = lexicon::grammar("subject");
        let words: Vec<&str> = thing
            .split(|c: char| c.is_whitespace() || c == '\'')
            .filter(|w| !w.is_empty())
            .collect();
        let clause_like = |w: &&str| verbs.contains(w) || subjects.contains(w);
        if words.len() > 4 || words.iter().any(clause_like) {
            return None;
        }
        let (act, ev) = self.sense(thing);
        let plain = act.kind() == SpeechAct::Order
            && !(act.imperative || act.requested || act.polite || act.marked || act.by_ending);
        let verb = orders(&ev);
        // ("숫자 캡처 좀 하게요": a Korean word with a verb's ending closes a clause.)
        let ended = ev.tails.last().is_some_and(|t| !t.is_empty())
            || words
                .last()
                .is_some_and(|w| w.ends_with(['요', '게', '고', '면', '까']));
        let named = names(&ev) || marked.is_some();
        (plain && !verb && !ended && named && !thing.is_empty()).then(|| thing.to_string())
    }
}

/// Whether the words order something done: a verb, or writing a file ("export it").
fn orders(ev: &Evidence) -> bool {
    ev.concepts.any(&super::VERBS) || ev.concepts.has(Concept::Export)
}
