//! What the matcher found: `Acc` gathers hits, coverage and language cues while the
//! pieces are read, and `finish` turns them into one `Evidence`.

use super::Meaning;
use crate::chatops::intent::{Intent, Lang};
use crate::chatops::lexicon::Concepts;

/// What the matcher found in one utterance.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Evidence {
    pub concepts: Concepts,
    /// Intents named by whole phrases, taught ones first.
    pub intents: Vec<Intent>,
    /// Channels in order of mention (indices into the engine's names), without repeats.
    pub channels: Vec<usize>,
    /// Share of the text that was understood, 0–1.
    pub coverage: f64,
    /// 1.0 when every meaningful match was exact; lower with typos.
    pub quality: f64,
    /// For each Hangul run, the text after its last meaningful match (its sentence ending).
    pub tails: Vec<String>,
    /// Words (or stretches of Hangul) that are neither vocabulary nor filler.
    pub unexplained: u32,
    pub lang: Lang,
}

#[derive(Default)]
pub(super) struct Acc {
    pub(super) concepts: Concepts,
    pub(super) intents: Vec<(bool, usize, Intent)>,
    pub(super) channels: Vec<(usize, usize)>,
    pub(super) total: f64,
    pub(super) understood: f64,
    pub(super) quality: Option<f64>,
    pub(super) tails: Vec<String>,
    pub(super) unexplained: u32,
    pub(super) ko: f64,
    pub(super) en: f64,
    pub(super) ko_names: f64,
    pub(super) en_names: f64,
    /// The language of the last word that is not a channel name.
    pub(super) last: Option<Lang>,
    /// The language of the first word that is not a channel name.
    pub(super) first: Option<Lang>,
    pub(super) pos: usize,
}

impl Acc {
    /// Positions order channel mentions; each piece gets its own block of 1000.
    pub(super) fn next_pos(&mut self) -> usize {
        self.pos += 1000;
        self.pos
    }

    pub(super) fn hit(&mut self, m: Meaning, quality: f64, pos: usize) {
        self.quality = Some(self.quality.map_or(quality, |q| q.min(quality)));
        match m {
            Meaning::Concepts(c) => self.concepts.union(c),
            Meaning::Intent { intent, taught } => self.intents.push((!taught, pos, intent)),
            Meaning::Channel(i) => self.channels.push((pos, i)),
        }
    }

    pub(super) fn cover(&mut self, total: f64, understood: f64) {
        self.total += total;
        self.understood += understood;
    }

    /// Counts letters towards a language; channel names only count when nothing else does
    /// (`Gateway 상태` is Korean, `게이트웨이` alone is too).
    pub(super) fn lang(&mut self, lang: Lang, weight: f64, channel_name: bool) {
        let slot = match (lang, channel_name) {
            (Lang::Ko, false) => &mut self.ko,
            (Lang::En, false) => &mut self.en,
            (Lang::Ko, true) => &mut self.ko_names,
            (Lang::En, true) => &mut self.en_names,
        };
        *slot += weight;
        if !channel_name {
            self.first.get_or_insert(lang);
            self.last = Some(lang);
        }
    }

    pub(super) fn language(&self) -> Lang {
        let (ko, en) = if self.ko + self.en > 0.0 {
            (self.ko, self.en)
        } else {
            (self.ko_names, self.en_names)
        };
        // Ties go to Korean: whoever types any Hangul reads it. A Korean sentence ends in
        // its predicate, so English nouns before a Korean verb or ending ("auto recovery
        // 켜", "refresh 좀") still make a Korean sentence.
        // ("apply 라우팅 pls", "how is the 백업 채널 doing": Hangul nouns inside an English
        // sentence, with no Korean ending anywhere, make it English.)
        let english_frame = self.first == Some(Lang::En)
            && self.last == Some(Lang::En)
            && self.tails.iter().all(|t| t.is_empty());
        if english_frame {
            Lang::En
        } else if (ko >= en && ko > 0.0) || self.last == Some(Lang::Ko) {
            Lang::Ko
        } else {
            Lang::En
        }
    }

    pub(super) fn finish(mut self) -> Evidence {
        let lang = self.language();
        self.intents
            .sort_by_key(|&(builtin, pos, _)| (builtin, pos));
        self.channels.sort_by_key(|&(pos, _)| pos);
        let mut channels: Vec<usize> = Vec::new();
        for (_, c) in self.channels {
            if !channels.contains(&c) {
                channels.push(c);
            }
        }
        Evidence {
            concepts: self.concepts,
            intents: self.intents.into_iter().map(|(_, _, i)| i).collect(),
            channels,
            coverage: if self.total > 0.0 {
                self.understood / self.total
            } else {
                0.0
            },
            quality: self.quality.unwrap_or(1.0),
            tails: self.tails,
            unexplained: self.unexplained,
            lang,
        }
    }
}
