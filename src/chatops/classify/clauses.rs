//! Reading an utterance by the clause that carries its act, when it has more than one:
//! after a refusal, a question after a report, an order before commentary or after a
//! described state, an order before its reason (see `clause`).

use super::super::act::{Act, SpeechAct};
use super::super::clause;
use super::super::intent::Intent;
use super::super::normalize;
use super::super::rules;
use super::{Classification, Engine};

impl Engine {
    /// Reads one utterance.
    pub fn classify(&self, text: &str) -> Classification {
        // A sentence of two clauses is read by the one that carries its act (see
        // `clause`); failing that, as a whole.
        let folded = normalize::fold(text);
        if let Some(c) = clause::meant(&folded).and_then(|m| self.read_clause(m, text)) {
            return c;
        }
        // "자동 복구 끄지 말고 켜 둬": the order meant acts on what the refused verb named.
        if let (Some(meant), Some(object)) = (
            clause::after_refusal(&folded),
            clause::refused_object(&folded),
        ) {
            if let Some(c) = self.read_clause(&format!("{object} {meant}"), text) {
                return c;
            }
        }
        if folded.contains('?') {
            return self.read(text);
        }
        let ordered = |a: Act| a.kind() == SpeechAct::Order;
        // "gateway is down, restart it", "점검 끝났으니 자동 복구 켜줘": a state described,
        // then the order about it — a state of something this console knows, or an
        // order that names what it acts on ("the S3 bucket policy is wrong, fix it"
        // describes something else, and "it" is that).
        if let Some((first, last)) = clause::last_clause(&folded) {
            let ((first_act, before), (last_act, after)) = (self.sense(first), self.sense(last));
            let known = before.unexplained == 0 || !before.channels.is_empty();
            let named = !after.channels.is_empty() || rules::names_a_console_thing(after.concepts);
            let leads_in = !ordered(first_act) || clause::subordinate(first);
            if ordered(last_act) && leads_in && (known || named) {
                if let Some(c) = self.read_clause(last, text) {
                    return c;
                }
            }
        }
        // "turn auto recovery back on, deploy is done", "mute cloud 2h, vendor
        // maintenance": an order, then the reason for it.
        if let Some((first, rest)) = clause::first_clause(&folded) {
            // A reason states; a question, a condition or a refusal after the order
            // ("restart gateway, is it safe") makes the whole sentence one.
            let a = self.act(rest);
            let states = a.kind() != SpeechAct::Order && !a.question && !a.hedge && !a.negated;
            if ordered(self.act(first)) && states {
                if let Some(c) = self.read_clause(first, text) {
                    return c;
                }
            }
        }
        self.read(text)
    }

    /// One clause of `whole` read on its own, when it means something. An order only the
    /// model saw in a clause is not taken ("don't export yet, numbers still moving": the
    /// second clause describes, it does not order).
    fn read_clause(&self, clause: &str, whole: &str) -> Option<Classification> {
        let mut c = self.read(clause);
        if c.intent == Intent::Unknown || (c.learned && c.intent.is_mutating()) {
            return None;
        }
        // "i bounced local, did it come back up?": the channel may be named in the
        // other clause.
        if c.args.channel.is_none() {
            c.args = self.read(whole).args;
        }
        Some(c)
    }
}
