//! Finds the vocabulary in prepared text: which concepts, intent phrases and channels occur,
//! how much of the text was understood (coverage) and how exactly (typos lower quality).
//!
//! Hangul runs are searched for substrings (spacing is optional in Korean); English words
//! are looked up whole. Exact matches come first; only what is left uncovered is tried
//! with edit distance, so typical input never pays for typo tolerance.

use std::borrow::Cow;
use std::collections::hash_map::Entry;
use std::collections::HashMap;

use super::intent::{Intent, Lang};
use super::jamo::{self, Scratch};
use super::lexicon::{self, Concept, Concepts};
use super::normalize::{Piece, Prepared, Script};
use super::slip;

mod evidence;
mod runs;

use evidence::Acc;
pub use evidence::Evidence;

/// What a surface form stands for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Meaning {
    Concepts(Concepts),
    /// A phrase naming an intent; `taught` phrases come from the operator's config.
    Intent {
        intent: Intent,
        taught: bool,
    },
    /// Index into the engine's channel names.
    Channel(usize),
}

/// Built-in surfaces are borrowed from the lexicon; only taught words and channel names
/// are owned. Building an engine is then a few hundred pointer copies, not allocations.
type Text = Cow<'static, str>;

struct RunSurface {
    first: char,
    text: Text,
    /// Length in jamo symbols (what edit distances are measured in).
    syms: usize,
    /// Which symbols it contains (a quick test before the edit distance).
    mask: u128,
    meaning: Meaning,
}

/// The compiled vocabulary of one engine.
#[derive(Default)]
pub struct Tables {
    /// Hangul / other-script surfaces, grouped by first character.
    runs: Vec<RunSurface>,
    /// `runs` index ranges by first character, for exact matching.
    runs_by_first: HashMap<char, std::ops::Range<usize>>,
    /// `runs` indices longest first, so fuzzy matching prefers long words.
    runs_by_length: Vec<usize>,
    /// Single English words.
    words: HashMap<Text, Meaning>,
    /// Further meanings of a word already in `words` (rare: a channel named like a term).
    more_words: Vec<(Text, Meaning)>,
    /// Single English words long enough to be matched with a typo.
    fuzzy_words: Vec<(Text, u128, Meaning)>,
    /// Single English words of 3–4 letters: matched only with a hand slip (`slip`).
    short_words: Vec<(Text, Meaning)>,
    /// Two-syllable Hangul surfaces too short for an edit distance, as 2-set keys
    /// (`slip`), with their length in characters.
    short_runs: Vec<(Vec<u8>, usize, Meaning)>,
    /// English surfaces of several words, words separated by one space.
    phrases: Vec<(Text, Meaning)>,
    /// `phrases` indices by first word (built by `seal`): a piece looks up only the
    /// phrases that can start with it.
    phrases_by_first: HashMap<String, Vec<usize>>,
}

impl Tables {
    /// Adds a surface given as folded text; its script decides where it goes.
    pub fn add(&mut self, folded: Text, meaning: Meaning) {
        let latin = folded
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == ' ');
        if latin {
            let words = folded.split_whitespace().count();
            let tidy = folded.split_whitespace().count() == folded.split(' ').count();
            let text = if tidy {
                folded
            } else {
                Cow::Owned(folded.split_whitespace().collect::<Vec<_>>().join(" "))
            };
            match words {
                0 => {}
                1 => self.add_word(text, meaning),
                _ => self.phrases.push((text, meaning)),
            }
        } else {
            // Spaces inside a Korean phrase are optional, like everywhere else.
            let text = if folded.contains(char::is_whitespace) {
                Cow::Owned(folded.chars().filter(|c| !c.is_whitespace()).collect())
            } else {
                folded
            };
            self.runs.push(RunSurface {
                first: text.chars().next().unwrap_or_default(),
                syms: text.chars().map(jamo::symbol_count).sum(),
                mask: jamo::mask(&text),
                text,
                meaning,
            });
        }
    }

    fn add_word(&mut self, w: Text, meaning: Meaning) {
        if w.len() >= 5 {
            self.fuzzy_words.push((w.clone(), jamo::mask(&w), meaning));
        } else if w.len() >= 3 && typo_worthy(meaning) {
            self.short_words.push((w.clone(), meaning));
        }
        match self.words.entry(w) {
            Entry::Occupied(e) => self.more_words.push((e.key().clone(), meaning)),
            Entry::Vacant(e) => {
                e.insert(meaning);
            }
        }
    }

    fn meanings<'a>(&'a self, w: &'a str) -> impl Iterator<Item = Meaning> + 'a {
        let more = self.more_words.iter().filter(move |(s, _)| s == w);
        self.words
            .get(w)
            .copied()
            .into_iter()
            .chain(more.map(|(_, m)| *m))
    }

    /// Call once after the last `add`.
    pub fn seal(&mut self) {
        self.runs
            .sort_by(|a, b| (a.first, b.syms, &a.text).cmp(&(b.first, a.syms, &b.text)));
        self.runs_by_first.clear();
        let mut start = 0;
        for i in 1..=self.runs.len() {
            if i == self.runs.len() || self.runs[i].first != self.runs[start].first {
                self.runs_by_first.insert(self.runs[start].first, start..i);
                start = i;
            }
        }
        self.short_runs = self
            .runs
            .iter()
            .filter(|r| r.syms < 6 && r.text.chars().count() == 2 && typo_worthy(r.meaning))
            .filter_map(|r| Some((slip::keys(&r.text)?, 2, r.meaning)))
            .collect();
        self.phrases_by_first.clear();
        for (i, (p, _)) in self.phrases.iter().enumerate() {
            let first = p.split(' ').next().unwrap_or_default().to_string();
            self.phrases_by_first.entry(first).or_default().push(i);
        }
        self.runs_by_length = (0..self.runs.len()).collect();
        let runs = &self.runs;
        self.runs_by_length
            .sort_by(|&a, &b| runs[b].syms.cmp(&runs[a].syms).then(a.cmp(&b)));
    }

    /// Reads `prep` against the vocabulary.
    pub fn evidence(&self, prep: &Prepared) -> Evidence {
        let mut acc = Acc::default();
        let mut covered_words = vec![false; prep.pieces.len()];
        self.match_phrases(prep, &mut acc, &mut covered_words);
        self.cover_where_on(prep, &mut covered_words);
        let mut scratch = Scratch::default();
        for (i, piece) in prep.pieces.iter().enumerate() {
            match piece.script {
                Script::Latin => self.match_word(piece, covered_words[i], &mut acc),
                Script::Hangul | Script::Other => {
                    self.match_run(piece, i > 0, &mut acc, &mut scratch)
                }
            }
        }
        acc.finish()
    }

    fn match_phrases(&self, prep: &Prepared, acc: &mut Acc, covered: &mut [bool]) {
        let pieces = &prep.pieces;
        for start in 0..pieces.len() {
            if pieces[start].script != Script::Latin {
                continue;
            }
            let Some(candidates) = self.phrases_by_first.get(pieces[start].text.as_str()) else {
                continue;
            };
            for &i in candidates {
                let (phrase, meaning) = &self.phrases[i];
                // The first word exactly (it was looked up), the others exactly or with one
                // typo ("which chanel"): a phrase is recognised by how it starts, like a word.
                let mut typos = 0;
                let mut n = 0;
                let fits = phrase.split(' ').enumerate().skip(1).all(|(k, w)| {
                    n = k + 1;
                    pieces.get(start + k).is_some_and(|p| {
                        let t = p.text.as_str();
                        if p.script != Script::Latin {
                            false
                        } else if t == w {
                            true
                        } else if !self.words.contains_key(t)
                            && !lexicon::is_filler(t)
                            && !lexicon::is_real_word(t)
                            && near_word(t, w)
                        {
                            typos += 1;
                            true
                        } else {
                            false
                        }
                    })
                });
                if fits && n > 0 {
                    acc.hit(*meaning, typo_quality(typos), start * 1000);
                    covered[start..start + n].fill(true);
                }
            }
        }
    }

    /// "disable auto recovery on the gateway": "on" before a channel says where, not
    /// which way a switch goes, in a sentence whose switch goes off (elsewhere "on"
    /// may still ask for something to run: "rerun recov on cloud"), unless a verb it
    /// completes leads it ("turn on the gateway"). Such an "on" is understood and means
    /// nothing.
    fn cover_where_on(&self, prep: &Prepared, covered: &mut [bool]) {
        const COMPLETES: [&str; 14] = [
            "turn", "switch", "flip", "power", "put", "bring", "come", "back", "it", "them",
            "keep", "leave", "get", "go",
        ];
        let pieces = &prep.pieces;
        let off = pieces.iter().any(|p| {
            p.script == Script::Latin
                && self
                    .meanings(p.text.as_str())
                    .any(|m| matches!(m, Meaning::Concepts(c) if c.has(Concept::Off)))
        });
        if !off {
            return;
        }
        let channel = |p: &Piece| {
            p.script == Script::Latin
                && self
                    .meanings(p.text.as_str())
                    .any(|m| matches!(m, Meaning::Channel(_)))
        };
        for i in 1..pieces.len() {
            if pieces[i].text != "on" || COMPLETES.contains(&pieces[i - 1].text.as_str()) {
                continue;
            }
            let next = match pieces.get(i + 1) {
                Some(p) if p.text == "the" => pieces.get(i + 2),
                p => p,
            };
            if next.is_some_and(channel) {
                covered[i] = true;
            }
        }
    }

    fn match_word(&self, piece: &Piece, in_phrase: bool, acc: &mut Acc) {
        let w = piece.text.as_str();
        let units = w.chars().count() as f64;
        let pos = acc.next_pos();
        let mut channel = false;
        // A word inside a longer surface means what that surface means: "good night" is
        // not "good", "no more" not "no", "hold on" not "on".
        for m in self.meanings(w).filter(|_| !in_phrase) {
            channel |= matches!(m, Meaning::Channel(_));
            acc.hit(m, 1.0, pos);
        }
        let known = in_phrase || self.words.contains_key(w);
        if known || lexicon::is_filler(w) || w.bytes().all(|b| b.is_ascii_digit()) {
            acc.cover(units, units);
        } else if let Some(m) = self.undoing_prefix(w) {
            acc.hit(m, 1.0, pos);
            acc.cover(units, units);
        } else if let Some(m) = self.inflected(w) {
            channel = matches!(m, Meaning::Channel(_));
            acc.hit(m, 1.0, pos);
            acc.cover(units, units);
        } else if let Some((m, quality)) = self.fuzzy_word(w) {
            channel = matches!(m, Meaning::Channel(_));
            acc.hit(m, quality, pos);
            acc.cover(units, units);
        } else if let Some((a, b)) = self.glued(w) {
            for m in self.meanings(a).chain(self.meanings(b)) {
                channel |= matches!(m, Meaning::Channel(_));
                acc.hit(m, 1.0, pos);
            }
            acc.cover(units, units);
        } else {
            acc.cover(units, 0.0);
            // A real word the vocabulary does not know ("laptop", "lunch"): the order
            // may be about something else entirely.
            if w.len() >= 3 {
                acc.unexplained += 1;
            }
        }
        // "📈 클라우드" is asked in Korean: an emoji's word counts for neither language.
        // ("p95", "6h": a measure is written alike in both; it counts like a name.)
        let measure = piece.text.chars().any(|c| c.is_ascii_digit());
        if !piece.emoji {
            acc.lang(Lang::En, units, channel || measure);
        }
    }

    /// "unpause", "unfreeze": `un` before an order is its undoing word.
    fn undoing_prefix(&self, w: &str) -> Option<Meaning> {
        let rest = w.strip_prefix("un").filter(|r| r.len() >= 3)?;
        self.meanings(rest).find_map(|m| match m {
            Meaning::Concepts(mut c) if c.any(&[Concept::Pause, Concept::Export]) => {
                c.insert(Concept::Invert);
                Some(Meaning::Concepts(c))
            }
            _ => None,
        })
    }

    /// "restarting", "bounced", "exports": an English word the tables know, inflected
    /// (`-ing`, `-ed`, `-s`, with a dropped `e` or a doubled consonant restored). The
    /// tense is the act layer's to read, from the word as typed.
    fn inflected(&self, w: &str) -> Option<Meaning> {
        // ("notes" is the plural of "note", a word of its own: not "not" + "es".)
        let plural_of_a_word = w.strip_suffix('s').is_some_and(lexicon::is_real_word);
        let stem = ["ing", "ed", "es", "s"]
            .iter()
            .filter(|suffix| !(**suffix == "es" && plural_of_a_word))
            .find_map(|suffix| w.strip_suffix(suffix))
            .filter(|s| s.len() >= 3)?;
        let undoubled = stem
            .len()
            .checked_sub(2)
            .filter(|&i| stem.as_bytes()[i] == stem.as_bytes()[i + 1])
            .map(|i| &stem[..=i]);
        let with_e = format!("{stem}e");
        let found = [Some(stem), Some(with_e.as_str()), undoubled]
            .into_iter()
            .flatten()
            .find_map(|s| self.meanings(s).next());
        found
    }

    /// "gatewaystatus", "whatswrong", "autorecoveryoff": two known English words typed
    /// without the space, at least one of them meaning something. A word of its own is
    /// never split ("cloudy").
    fn glued<'w>(&self, w: &'w str) -> Option<(&'w str, &'w str)> {
        if w.len() < 6 || !w.is_ascii() || lexicon::is_real_word(w) {
            return None;
        }
        let known = |s: &str| self.words.contains_key(s) || lexicon::is_filler(s);
        (2..=w.len() - 2).map(|at| w.split_at(at)).find(|&(a, b)| {
            known(a)
                && known(b)
                && (self.meanings(a).next().is_some() || self.meanings(b).next().is_some())
        })
    }

    /// A short English word with one hand slip (`slip`); only when exactly one meaning fits.
    fn slipped_word(&self, w: &str) -> Option<(Meaning, f64)> {
        if !(3..=5).contains(&w.len()) {
            return None;
        }
        let mut found: Option<Meaning> = None;
        for (s, m) in &self.short_words {
            if slip::one_slip(w.as_bytes(), s.as_bytes()) {
                match found {
                    Some(f) if f != *m => return None,
                    _ => found = Some(*m),
                }
            }
        }
        found.map(|m| (m, typo_quality(1)))
    }

    /// The closest long English word within its tolerance. Words without a vowel are
    /// never typos of a real word (and are what keyboard mashing looks like).
    fn fuzzy_word(&self, w: &str) -> Option<(Meaning, f64)> {
        if w.len() < 3 || !w.bytes().any(|b| b"aeiouy".contains(&b)) {
            return None;
        }
        // A word of its own is not a typo: "safe" is not "save", "cloudy" not "Cloud".
        if lexicon::is_real_word(w) {
            return None;
        }
        if w.len() < 4 {
            return self.slipped_word(w);
        }
        let mut best: Option<(u32, Meaning)> = None;
        let w_mask = jamo::mask(w);
        for (s, mask, m) in &self.fuzzy_words {
            let max = latin_tolerance(s.len());
            // Each letter the word lacks costs at least one edit.
            if (mask & !w_mask).count_ones() > max {
                continue;
            }
            if let Some(d) = jamo::osa_within(w, s, max) {
                // Between equally close words, the one a hand slip explains wins
                // (`statc` is `static` with a dropped key, not `state` with a far one).
                let rank = 2 * d - u32::from(slip::one_slip(w.as_bytes(), s.as_bytes()));
                if best.is_none_or(|(bd, _)| rank < bd) {
                    best = Some((rank, *m));
                }
            }
        }
        best.map(|(rank, m)| (m, typo_quality(rank.div_ceil(2))))
            .or_else(|| self.slipped_word(w))
    }
}

/// One typo away, by the rules single words follow (edit distance for long words, a
/// hand slip for short ones).
fn near_word(typed: &str, word: &str) -> bool {
    if word.len() >= 5 {
        jamo::osa_within(typed, word, latin_tolerance(word.len())).is_some()
    } else {
        slip::one_slip(typed.as_bytes(), word.as_bytes())
    }
}

/// Short grammar words (`중이`, `않`, `not`: mood only) are never guessed from a typo: a
/// slip must not turn an order into a negation or a question into a statement.
fn typo_worthy(m: Meaning) -> bool {
    use Concept::*;
    match m {
        Meaning::Concepts(c) => {
            let mut content = c;
            for g in [Need, Stative, Negation, Question] {
                content.remove(g);
            }
            !content.is_empty()
        }
        _ => true,
    }
}

fn latin_tolerance(len: usize) -> u32 {
    match len {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

fn typo_quality(edits: u32) -> f64 {
    1.0 - 0.1 * edits as f64
}
