//! Rows labelled the way an operator would expect (text, lang, intent, order, channel,
//! class; JSONL), and how the engine is scored on them: shared by the blind sets and the
//! corpus authors' rows.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::score::Score;
use switchboard::chatops::{Classification, Engine, Intent};

const CHANNELS: [&str; 3] = ["Local", "Cloud", "Gateway"];

#[derive(Debug, Deserialize)]
pub struct Row {
    pub text: String,
    lang: String,
    intent: String,
    order: bool,
    channel: Option<String>,
    class: String,
}

pub fn rows(jsonl: &str) -> Vec<Row> {
    jsonl
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| {
            serde_json::from_str(l).unwrap_or_else(|e| panic!("line {}: {e}: {l}", n + 1))
        })
        .collect()
}

/// Whether the classification would change or write something if confirmed.
fn acts_for_real(c: &Classification) -> bool {
    c.intent.is_mutating() || (c.intent == Intent::Export && c.withheld.is_none())
}

/// The score, and per class of phrasing (rows, intent right).
pub fn score(rows: &[Row]) -> (Score, BTreeMap<String, (usize, usize)>) {
    let e = Engine::with_channels(&CHANNELS);
    let mut by_class: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut s = Score {
        rows: rows.len(),
        ..Score::default()
    };
    for r in rows {
        assert!(
            r.intent == "unknown" || Intent::from_id(&r.intent).is_some(),
            "{:?}: no intent {:?}",
            r.text,
            r.intent
        );
        let c = e.classify(&r.text);
        let ok_intent = c.intent.id() == r.intent;
        let ok_channel = c.args.channel.as_deref() == r.channel.as_deref();
        let ok_lang = c.lang.as_str() == r.lang;
        s.intent += usize::from(ok_intent);
        s.channel += usize::from(ok_channel);
        s.lang += usize::from(ok_lang);
        let class = by_class.entry(r.class.clone()).or_default();
        class.0 += 1;
        class.1 += usize::from(ok_intent);
        let line = format!(
            "[{}] {:?}: want ({}, {:?}, {}) got ({}, {:?}, {}) conf {} withheld {:?} {:?}",
            r.class,
            r.text,
            r.intent,
            r.channel,
            r.lang,
            c.intent,
            c.args.channel,
            c.lang.as_str(),
            c.confidence,
            c.withheld,
            c.held
        );
        if !r.order && acts_for_real(&c) {
            s.misfires.push(line.clone());
        }
        if !(ok_intent && ok_channel && ok_lang) {
            s.misses.push(line);
        }
    }
    (s, by_class)
}
