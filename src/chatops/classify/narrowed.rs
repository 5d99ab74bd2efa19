//! Orders with words around them that point at or narrow what they act on, not change
//! it: a verb split by its object ("bring it back up"), what was done to the object
//! before ("아까 꺼 놓은 자동복구 다시 살려놔"), and what the order leaves out ("just
//! restart the gateway, not the others").

use super::super::args;
use super::super::contrast;
use super::super::intent::Intent;
use super::super::lexicon::Concept;
use super::super::modifier;
use super::super::normalize;
use super::super::phrasal;
use super::super::rules;
use super::{Classification, Engine};

impl Engine {
    /// `text` read with a verb split by its object joined ("bring it back up" is "bring
    /// back up it"), when it has one.
    pub(super) fn verb_joined(&self, text: &str) -> Option<Classification> {
        let joined = phrasal::joined(&normalize::fold(text))?;
        Some(self.with_args_of(self.classify(&joined), text))
    }

    /// `text` (folded: `folded`) read without the words that only say which thing its
    /// order is about, or what it leaves out.
    pub(super) fn narrowed(&self, text: &str, folded: &str) -> Option<Classification> {
        // ("멈춰둔 화면 다시 풀어줘": unless the thing is only known by what was done.)
        let described = modifier::without_past_modifier(folded);
        let order = described.filter(|rest| self.orders_with_a_verb(rest));
        let c = order.map(|order| self.classify(&order));
        if let Some(c) = c.filter(|c| c.intent != Intent::Unknown) {
            return Some(self.with_args_of(c, text));
        }
        // (The order names its own channel: "restart gateway, not local".)
        let narrowed = contrast::without_contrast(folded);
        // (A way of routing left out is read whole: "고정 순서 말고 …" leaves out two
        // words, and `switch_way` tells which way is meant.)
        let inner = || {
            let ways = [Concept::Static, Concept::Monitoring];
            let order = contrast::without_inner_contrast(folded)
                .filter(|_| !self.evidence(folded).concepts.any(&ways))?;
            let c = self
                .orders_with_a_verb(&order)
                .then(|| self.classify(&order))?;
            Some(self.with_args_of(c, &order))
        };
        narrowed
            .filter(|order| self.orders_with_a_verb(order))
            .map(|order| self.classify(order))
            .or_else(inner)
            .or_else(|| Some(self.with_args_of(self.order_then_aside(folded)?, text)))
    }

    /// "mute local 15 min, rebooting the office pc": an order about this console, then
    /// an aside about something else (its reason), read without the aside, whose words
    /// would take the whole off topic. The order's clause names a channel, and every
    /// word of it is known.
    /// ("mute local for forty five minutes, rebooting the render box": an aside that
    /// opens with a verb in -ing and names no channel says what is going on, and a
    /// length spelled out is the order's own words.)
    fn order_then_aside(&self, folded: &str) -> Option<Classification> {
        let (order, aside) = folded.split_once(", ")?;
        let ev = self.evidence(order);
        let spelled_length = args::horizon_minutes(&normalize::prepare(order)).is_some();
        let about_console = !ev.channels.is_empty()
            && (ev.unexplained == 0 || spelled_length)
            && !ev.concepts.has(Concept::Elsewhere)
            && !rules::grammar_only(ev.concepts);
        let said = self.evidence(aside);
        let going_on = aside.split_whitespace().next().is_some_and(|w| {
            // ("…, pending approval", "…, assuming it's idle" hold the order.)
            let holds = ["pending", "assuming", "depending", "waiting", "during"];
            w.len() > 5 && w.ends_with("ing") && !holds.contains(&w)
        }) && said.channels.is_empty();
        let elsewhere = said.concepts.has(Concept::Elsewhere) || going_on;
        (about_console && elsewhere)
            .then(|| self.classify(order))
            .filter(|c| c.intent.acts())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_aside_about_something_else_leaves_the_order() {
        let e = Engine::with_channels(&["Local", "Cloud", "Gateway"]);
        let c = e.classify("mute local 15 min, rebooting the office pc");
        assert_eq!(c.intent, Intent::Silence);
        assert_eq!(c.args.channel.as_deref(), Some("Local"));
        // (Without a channel of this console in the order, the line stays off topic.)
        let c = e.classify("mute my phone 15 min, rebooting the office pc");
        assert_eq!(c.intent, Intent::Unknown);
    }

    #[test]
    fn what_a_thing_fails_to_do_points_at_it() {
        let e = Engine::with_channels(&["Local", "Cloud", "Gateway"]);
        assert_eq!(
            e.classify("안 되는 채널들 복구 실행해 주세요").intent,
            Intent::RecoveryRun
        );
    }
}
