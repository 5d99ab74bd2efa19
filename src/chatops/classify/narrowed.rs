//! Orders with words around them that point at or narrow what they act on, not change
//! it: a verb split by its object ("bring it back up"), what was done to the object
//! before ("아까 꺼 놓은 자동복구 다시 살려놔"), and what the order leaves out ("just
//! restart the gateway, not the others").

use super::super::contrast;
use super::super::intent::Intent;
use super::super::modifier;
use super::super::normalize;
use super::super::phrasal;
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
        narrowed
            .filter(|order| self.orders_with_a_verb(order))
            .map(|order| self.classify(order))
    }
}
