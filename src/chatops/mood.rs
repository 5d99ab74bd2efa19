//! Is the operator asking or ordering? The guard that keeps "복구 필요해?" from ever
//! becoming `recovery.run`.
//!
//! Anything that looks like a question, a statement of need, a description of a state or a
//! negation blocks every mutating intent. The guard errs on the side of asking back:
//! "can you run recovery?" is answered as a question and the reply says how to order it.

use super::lexicon::{self, Concept};
use super::matcher::Evidence;
use super::normalize::{Prepared, Script};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Mood {
    /// `?`, an interrogative word, a question ending (`…할까`, `…니`) or lead (`is…`, `should…`).
    pub question: bool,
    /// "필요", "해야", "need", "should".
    pub need: bool,
    /// Describes a state: "켜져 있어", "실행 중", "running", "is on".
    pub stative: bool,
    /// "하지 마", "안 해", "don't", "cancel".
    pub negated: bool,
    /// A Korean request ending after the last term ("복구해", "복구 좀 해줘").
    pub imperative: bool,
    /// Hedged or conditional: "I wonder if …", "… would work", "maybe", "내보내면".
    pub hedged: bool,
}

impl Mood {
    pub fn read(prep: &Prepared, ev: &Evidence) -> Mood {
        let c = ev.concepts;
        let latin: Vec<&str> = prep
            .pieces
            .iter()
            .filter(|p| p.script == Script::Latin)
            .map(|p| p.text.as_str())
            .collect();
        Mood {
            question: prep.question_mark
                || c.has(Concept::Question)
                || english_question(prep)
                || ev.tails.iter().any(|t| korean_question(t)),
            need: c.has(Concept::Need),
            stative: c.has(Concept::Stative)
                || latin.iter().any(|w| COPULAS.contains(w))
                || ev.tails.iter().any(|t| t.starts_with('중')),
            negated: c.has(Concept::Negation),
            imperative: ev.tails.last().is_some_and(|t| korean_imperative(t)),
            hedged: latin.iter().any(|w| HEDGES.contains(w))
                || ev.tails.iter().any(|t| t.ends_with('면'))
                || prep.pieces.iter().any(|p| p.text.starts_with("혹시")),
        }
    }

    /// Whether a mutating intent must not be taken from this utterance.
    pub fn blocks_action(self) -> bool {
        self.question || self.need || self.stative || self.negated || self.hedged
    }
}

/// Words that make an English sentence a thought rather than an order: "I wonder if
/// export to w.json would work" must never write w.json.
const HEDGES: &[&str] = &[
    "if",
    "whether",
    "wonder",
    "wondering",
    "would",
    "could",
    "might",
    "maybe",
    "perhaps",
    "suppose",
    "imagine",
    "hypothetically",
];

/// "is", "are": a sentence that contains a copula describes or asks ("auto recovery is on").
const COPULAS: &[&str] = &["is", "are", "was", "were", "am", "isn", "aren", "been"];

/// An English question opens with a question word, or with do/does/did before a subject.
fn english_question(prep: &Prepared) -> bool {
    let mut words = prep.pieces.iter().map(|p| (p.script, p.text.as_str()));
    let Some((Script::Latin, first)) = words.next() else {
        return false;
    };
    if lexicon::QUESTION_LEADS.contains(&first) {
        return true;
    }
    lexicon::AUX_DO.contains(&first)
        && matches!(words.next(), Some((Script::Latin, w)) if lexicon::SUBJECTS.contains(&w))
}

fn korean_question(tail: &str) -> bool {
    lexicon::QUESTION_ENDINGS.iter().any(|e| tail.ends_with(e))
}

fn korean_imperative(tail: &str) -> bool {
    lexicon::IMPERATIVE_ENDINGS
        .iter()
        .any(|e| tail.ends_with(e))
}
