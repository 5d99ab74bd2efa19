//! What an utterance carries besides its intent (`Args`: channels, path, length, ranking,
//! policy), and how it is read: as part of a whole reading, or on its own for a clause
//! whose sentence named them.

use serde::Serialize;

use super::super::args;
use super::super::lexicon::Concept;
use super::super::matcher::Evidence;
use super::super::normalize::{self, Prepared};
use super::Engine;

/// What the utterance carried besides its intent.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Args {
    /// The (first) channel named.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// Every channel named, in order, when there was more than one ("gateway vs cloud").
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub channels: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub horizon_minutes: Option<u32>,
    /// What a ranking was asked by: `cost` for "which channel is cheapest".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<&'static str>,
    /// The routing policy named (`health`, `ceiling`, `balanced`, `region`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy: Option<&'static str>,
}

impl Engine {
    /// What `text` carries besides its intent, read without deciding the intent: the
    /// arguments a clause takes from its whole sentence (see `clauses`).
    pub(super) fn args_of(&self, text: &str) -> Args {
        let (rest, path) = args::take_path(text);
        let prep = normalize::prepare(&rest);
        let mut ev = self.tables.evidence(&prep);
        ev.channels = prefer_exact(&ev.channels, &self.channels, &rest);
        self.args(&ev, &prep, path, args::horizon_minutes(&prep))
    }

    /// The arguments of a reading: the channels found in `ev` (the first, and all of them
    /// when there are several), the path, the length, a ranking by cost, a policy named.
    pub(super) fn args(
        &self,
        ev: &Evidence,
        prep: &Prepared,
        path: Option<String>,
        horizon: Option<u32>,
    ) -> Args {
        let named = |i: &usize| self.channels[*i].clone();
        Args {
            channel: ev.channels.first().map(named),
            channels: if ev.channels.len() > 1 {
                ev.channels.iter().map(named).collect()
            } else {
                Vec::new()
            },
            path,
            horizon_minutes: horizon,
            by: ev.concepts.has(Concept::Cheapest).then_some("cost"),
            policy: args::policy_name(prep),
        }
    }
}

/// Channels whose names fold alike (`Gateway` and `gateway`) all match a mention of
/// either; the one spelled exactly as in the text wins, else the first configured. Each
/// look-alike group then counts once, so the answer is about the channel that was named.
pub(super) fn prefer_exact(found: &[usize], names: &[String], text: &str) -> Vec<usize> {
    if found.len() < 2 {
        return found.to_vec();
    }
    let text = crate::base::input::canonical_name(text);
    let key = |i: usize| normalize::fold(&names[i]);
    let mut out: Vec<usize> = Vec::with_capacity(found.len());
    let mut groups_done: Vec<String> = Vec::new();
    for &i in found {
        let k = key(i);
        if groups_done.contains(&k) {
            continue;
        }
        let group: Vec<usize> = found.iter().copied().filter(|&j| key(j) == k).collect();
        let exact = group
            .iter()
            .copied()
            .filter(|&j| text.contains(names[j].as_str()))
            .max_by_key(|&j| names[j].len());
        out.push(exact.unwrap_or(i));
        groups_done.push(k);
    }
    out
}
