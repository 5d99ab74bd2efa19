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

impl RunSurface {
    /// Where this word fits best in `syms` (whose symbol set is `mask`) within its typo
    /// tolerance: (edits, end). `pat` is working space for its symbols.
    fn locate(
        &self,
        syms: &[u8],
        mask: u128,
        pat: &mut Vec<u8>,
        scratch: &mut Scratch,
    ) -> Option<(u32, usize)> {
        let max = jamo::tolerance(self.syms);
        // Each symbol the text lacks costs at least one edit.
        if self.syms > syms.len() + max as usize || (self.mask & !mask).count_ones() > max {
            return None;
        }
        pat.clear();
        for c in self.text.chars() {
            jamo::push_symbols(c, pat);
        }
        let (d, end) = jamo::best_substring(pat, syms, scratch)?;
        (d <= max && end > 0).then_some((d, end))
    }
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

    fn match_word(&self, piece: &Piece, in_phrase: bool, acc: &mut Acc) {
        let w = piece.text.as_str();
        let units = w.chars().count() as f64;
        let pos = acc.next_pos();
        let mut channel = false;
        for m in self.meanings(w) {
            channel |= matches!(m, Meaning::Channel(_));
            acc.hit(m, 1.0, pos);
        }
        let known = in_phrase || self.words.contains_key(w);
        if known || lexicon::is_filler(w) || w.bytes().all(|b| b.is_ascii_digit()) {
            acc.cover(units, units);
        } else if let Some(m) = self.undoing_prefix(w) {
            acc.hit(m, 1.0, pos);
            acc.cover(units, units);
        } else if let Some((m, quality)) = self.fuzzy_word(w) {
            channel = matches!(m, Meaning::Channel(_));
            acc.hit(m, quality, pos);
            acc.cover(units, units);
        } else {
            acc.cover(units, 0.0);
            // A real word the vocabulary does not know ("laptop", "lunch"): the order
            // may be about something else entirely.
            if w.len() >= 3 {
                acc.unexplained += 1;
            }
        }
        acc.lang(Lang::En, units, channel);
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

    /// `after_word`: an English word comes right before (so a particle may open the run:
    /// "Gateway도").
    fn match_run(&self, piece: &Piece, after_word: bool, acc: &mut Acc, scratch: &mut Scratch) {
        let run = RunState::new(&piece.text);
        let after_word = after_word && piece.glued;
        let mut hits = self.exact_in_run(&run);
        drop_contained(&mut hits);
        let mut marks = vec![Mark::None; run.chars.len()];
        for h in &hits {
            marks[h.start..h.end].fill(Mark::Meaning);
        }
        self.fuzzy_in_run(&run, &mut marks, &mut hits, scratch);
        // Characters that neither a word nor a particle explains: only then is it worth
        // looking for a typo that a shorter exact word happened to split (`클라우트`
        // holds `라우트`, `로켤` holds `켤`).
        // Typical input is fully explained by now: skip the typo and leftover passes.
        if marks.contains(&Mark::None) {
            let (stray, soft) = stray_chars(&run, &marks, after_word);
            // With no exact word in the run there is nothing a typo could have split: the
            // pass above already saw the whole run.
            if !hits.is_empty() && stray.iter().any(|&x| x) {
                self.fuzzy_over_hits(&run, &stray, &mut marks, &mut hits, scratch);
            }
            if soft.iter().any(|&x| x) {
                self.slips_in_run(&run, (&stray, &soft), &mut marks, &mut hits);
            }
            cover_fillers(&run, &mut marks);
            // Characters nothing explains: a word the vocabulary does not know. Before the
            // last word even one counts (Korean puts the object first: "음악 멈춰");
            // after it, a lone leftover is more likely an ending the lists lack.
            let last_hit = hits.iter().map(|h| h.end).max().unwrap_or(0);
            acc.unexplained += uncovered_segments(&marks)
                .iter()
                .filter(|(s, e)| e - s >= 2 || *s < last_hit)
                .count() as u32;
        }
        let base = acc.next_pos();
        hits.sort_by_key(|h| h.start);
        for h in &hits {
            acc.hit(h.meaning, h.quality, base + h.start);
        }
        let last_end = hits.iter().map(|h| h.end).max().unwrap_or(0);
        acc.tails.push(run.chars[last_end..].iter().collect());
        for (i, m) in marks.iter().enumerate() {
            let in_channel = hits
                .iter()
                .any(|h| matches!(h.meaning, Meaning::Channel(_)) && (h.start..h.end).contains(&i));
            let understood = if *m == Mark::None { 0.0 } else { RUN_UNIT };
            acc.cover(RUN_UNIT, understood);
            if piece.script == Script::Hangul {
                acc.lang(Lang::Ko, HANGUL_LANG_WEIGHT, in_channel);
            }
        }
    }

    /// Every occurrence of every surface: at each character, only the surfaces that start
    /// with that character are tried.
    fn exact_in_run(&self, run: &RunState) -> Vec<Hit> {
        let mut hits = Vec::new();
        for (start, c) in run.chars.iter().enumerate() {
            let Some(range) = self.runs_by_first.get(c) else {
                continue;
            };
            let rest = &run.text[run.bytes[start]..];
            for s in &self.runs[range.clone()] {
                if rest.starts_with(&*s.text) {
                    hits.push(Hit {
                        start,
                        end: start + s.text.chars().count(),
                        meaning: s.meaning,
                        quality: 1.0,
                    });
                }
            }
        }
        hits
    }

    /// Tries each surface, longest first, against what exact matching left uncovered.
    fn fuzzy_in_run(
        &self,
        run: &RunState,
        marks: &mut [Mark],
        hits: &mut Vec<Hit>,
        scratch: &mut Scratch,
    ) {
        for (seg_start, seg_end) in uncovered_segments(marks) {
            let (syms, owner) = run.symbols(seg_start, seg_end);
            let seg_mask = syms.iter().fold(0u128, |m, &x| m | 1 << x);
            let mut pat = Vec::with_capacity(64);
            // One-syllable words are only ever exact: a folded vowel would turn 외 into 왜.
            let long_first = self.runs_by_length.iter().map(|&i| &self.runs[i]);
            for s in long_first.filter(|s| s.syms >= 4) {
                let Some((d, end)) = s.locate(&syms, seg_mask, &mut pat, scratch) else {
                    continue;
                };
                let first = owner[end.saturating_sub(s.syms)];
                let (start, stop) = (seg_start + first, seg_start + owner[end - 1] + 1);
                if marks[start..stop].iter().any(|m| *m != Mark::None) {
                    continue;
                }
                marks[start..stop].fill(Mark::Meaning);
                // Zero edits here still means a folded vowel (상테): not quite exact.
                let quality = if d == 0 { 0.95 } else { typo_quality(d) };
                hits.push(Hit {
                    start,
                    end: stop,
                    meaning: s.meaning,
                    quality,
                });
            }
        }
    }
}

impl Tables {
    /// Long words with a typo that a shorter exact word split in two (`클라우트` holds the
    /// exact `라우트`): tried over the whole run, taken only when they swallow whole hits
    /// and explain at least one stray character.
    fn fuzzy_over_hits(
        &self,
        run: &RunState,
        stray: &[bool],
        marks: &mut [Mark],
        hits: &mut Vec<Hit>,
        scratch: &mut Scratch,
    ) {
        let (syms, owner) = run.symbols(0, run.chars.len());
        let run_mask = syms.iter().fold(0u128, |m, &x| m | 1 << x);
        let mut pat = Vec::with_capacity(64);
        let long_first = self.runs_by_length.iter().map(|&i| &self.runs[i]);
        for s in long_first.filter(|s| s.syms >= 6) {
            let Some((d, end)) = s.locate(&syms, run_mask, &mut pat, scratch) else {
                continue;
            };
            let start = owner[end.saturating_sub(s.syms)];
            let stop = owner[end - 1] + 1;
            if swallow(start, stop, stray, hits) {
                marks[start..stop].fill(Mark::Meaning);
                // Zero edits still means a folded vowel (프로그렘): not quite exact.
                let quality = if d == 0 { 0.95 } else { typo_quality(d) };
                hits.push(Hit {
                    start,
                    end: stop,
                    meaning: s.meaning,
                    quality,
                });
            }
        }
    }

    /// Two-syllable words typed with one hand slip (`로걸` for `로컬`); only when exactly
    /// one meaning fits, the window holds a stray character, and it does not cut into a
    /// longer ending (`해주세요` holds `주세`, which is not `추세`).
    fn slips_in_run(
        &self,
        run: &RunState,
        (stray, soft): (&[bool], &[bool]),
        marks: &mut [Mark],
        hits: &mut Vec<Hit>,
    ) {
        let endings = filler_tokens(run, marks);
        let mut typed = Vec::with_capacity(8);
        let mut start = 0;
        while start + 2 <= run.chars.len() {
            let end = start + 2;
            let cuts_ending = endings
                .iter()
                .any(|&(s, e)| e - s >= 2 && s < end && start < e);
            typed.clear();
            let hangul = !cuts_ending
                && soft[start..end].iter().any(|&x| x)
                && run.chars[start..end]
                    .iter()
                    .all(|&c| slip::push_keys(c, &mut typed));
            // A slip that keeps the length (a wrong key) beats one that drops or adds a
            // key; among equals, two meanings are a clash and neither is taken.
            let mut found: Option<(bool, Meaning)> = None;
            let mut clash = false;
            if hangul {
                for (keys, _, m) in &self.short_runs {
                    if !slip::one_slip(&typed, keys) {
                        continue;
                    }
                    let same = keys.len() == typed.len();
                    match found {
                        Some((f_same, f)) if f_same == same => clash |= f != *m,
                        Some((true, _)) => {}
                        _ => {
                            found = Some((same, *m));
                            clash = false;
                        }
                    }
                }
            }
            // Taking over an exact word needs a character nothing else explains (로켤 has
            // the stray 로; in 도왜, 도 is a particle and 왜 stays "why").
            let touches_hit = hits.iter().any(|h| h.start < end && start < h.end);
            let may = !touches_hit || stray[start..end].iter().any(|&x| x);
            match found.map(|(_, m)| m) {
                Some(meaning) if !clash && may && swallow(start, end, soft, hits) => {
                    marks[start..end].fill(Mark::Meaning);
                    hits.push(Hit {
                        start,
                        end,
                        meaning,
                        quality: typo_quality(1),
                    });
                    start = end;
                }
                _ => start += 1,
            }
        }
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

/// Whether a typo match over `start..stop` may replace what is there: it explains a stray
/// character and every hit it touches lies wholly inside it (those hits are removed).
fn swallow(start: usize, stop: usize, stray: &[bool], hits: &mut Vec<Hit>) -> bool {
    if !stray[start..stop].iter().any(|&x| x) {
        return false;
    }
    let touches = |h: &Hit| h.start < stop && start < h.end;
    if hits
        .iter()
        .any(|h| touches(h) && (h.start < start || h.end > stop))
    {
        return false;
    }
    hits.retain(|h| !touches(h));
    true
}

/// Characters not covered by a word and not part of a particle or ending (`stray`); a
/// one-letter particle cannot open a sentence, so one at the very start is stray too
/// (`로켤`). `soft` adds every one-letter filler, which may as well be half of a slipped
/// two-syllable word (`저자` for `저장`: 저 and 자 are fillers on their own).
fn stray_chars(run: &RunState, marks: &[Mark], after_word: bool) -> (Vec<bool>, Vec<bool>) {
    let mut stray: Vec<bool> = marks.iter().map(|m| *m == Mark::None).collect();
    let mut soft = stray.clone();
    for (s, e) in filler_tokens(run, marks) {
        if !(s == 0 && e == 1 && !after_word) {
            stray[s..e].fill(false);
        }
        if e - s > 1 {
            soft[s..e].fill(false);
        }
    }
    (stray, soft)
}

/// Hangul characters count double against English letters when measuring coverage: a
/// syllable holds about what two letters do.
const RUN_UNIT: f64 = 2.0;
/// For the language of a question a syllable weighs like a short English word, because
/// Korean operators mix in English jargon ("routing 추천") far more than the reverse.
const HANGUL_LANG_WEIGHT: f64 = 4.0;

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

#[derive(Debug, Clone, Copy, PartialEq)]
enum Mark {
    None,
    Meaning,
    Filler,
}

#[derive(Debug, Clone, Copy)]
struct Hit {
    start: usize,
    end: usize,
    meaning: Meaning,
    quality: f64,
}

/// A match lying strictly inside a longer one is part of that word, not a word of its
/// own (`정지` inside `일시정지`, `보내` inside `내보내`).
fn drop_contained(hits: &mut Vec<Hit>) {
    let spans: Vec<(usize, usize)> = hits.iter().map(|h| (h.start, h.end)).collect();
    hits.retain(|h| {
        !spans
            .iter()
            .any(|&(s, e)| s <= h.start && h.end <= e && (e - s) > (h.end - h.start))
    });
}

fn uncovered_segments(marks: &[Mark]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < marks.len() {
        if marks[i] != Mark::None {
            i += 1;
            continue;
        }
        let start = i;
        while i < marks.len() && marks[i] == Mark::None {
            i += 1;
        }
        out.push((start, i));
    }
    out
}

/// Marks particles, endings and courtesy words in the uncovered parts.
fn cover_fillers(run: &RunState, marks: &mut [Mark]) {
    for (s, e) in filler_tokens(run, marks) {
        marks[s..e].fill(Mark::Filler);
    }
}

/// The particles, endings and courtesy words in the uncovered parts, choosing the split
/// that explains the most characters: (start, end) of each.
fn filler_tokens(run: &RunState, marks: &[Mark]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (s, e) in uncovered_segments(marks) {
        let n = e - s;
        // best[i] = most characters explained in seg[..i]; from[i] = filler length ending at i.
        let mut best = vec![0usize; n + 1];
        let mut from = vec![0usize; n + 1];
        for i in 1..=n {
            best[i] = best[i - 1];
            for len in 1..=i.min(5) {
                let piece = run.slice(s + i - len, s + i);
                if lexicon::is_filler(piece) && best[i - len] + len > best[i] {
                    best[i] = best[i - len] + len;
                    from[i] = len;
                }
            }
        }
        let mut i = n;
        while i > 0 {
            if from[i] > 0 && best[i] == best[i - from[i]] + from[i] {
                out.push((s + i - from[i], s + i));
                i -= from[i];
            } else {
                i -= 1;
            }
        }
    }
    out
}

struct RunState<'a> {
    text: &'a str,
    chars: Vec<char>,
    /// Byte offset of each char, plus the text's length at the end.
    bytes: Vec<usize>,
}

impl<'a> RunState<'a> {
    fn new(text: &'a str) -> Self {
        let mut bytes: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        bytes.push(text.len());
        RunState {
            text,
            chars: text.chars().collect(),
            bytes,
        }
    }

    /// Chars `s..e` as a string slice.
    fn slice(&self, s: usize, e: usize) -> &str {
        &self.text[self.bytes[s]..self.bytes[e]]
    }

    /// Jamo symbols of chars `s..e`, and for each symbol the char (relative to `s`) it came from.
    fn symbols(&self, s: usize, e: usize) -> (Vec<u8>, Vec<usize>) {
        let mut syms = Vec::with_capacity((e - s) * 3);
        let mut owner = Vec::with_capacity((e - s) * 3);
        for (k, &c) in self.chars[s..e].iter().enumerate() {
            let n = jamo::push_symbols(c, &mut syms);
            owner.extend(std::iter::repeat_n(k, n));
        }
        (syms, owner)
    }
}

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
struct Acc {
    concepts: Concepts,
    intents: Vec<(bool, usize, Intent)>,
    channels: Vec<(usize, usize)>,
    total: f64,
    understood: f64,
    quality: Option<f64>,
    tails: Vec<String>,
    unexplained: u32,
    ko: f64,
    en: f64,
    ko_names: f64,
    en_names: f64,
    /// The language of the last word that is not a channel name.
    last: Option<Lang>,
    pos: usize,
}

impl Acc {
    /// Positions order channel mentions; each piece gets its own block of 1000.
    fn next_pos(&mut self) -> usize {
        self.pos += 1000;
        self.pos
    }

    fn hit(&mut self, m: Meaning, quality: f64, pos: usize) {
        self.quality = Some(self.quality.map_or(quality, |q| q.min(quality)));
        match m {
            Meaning::Concepts(c) => self.concepts.union(c),
            Meaning::Intent { intent, taught } => self.intents.push((!taught, pos, intent)),
            Meaning::Channel(i) => self.channels.push((pos, i)),
        }
    }

    fn cover(&mut self, total: f64, understood: f64) {
        self.total += total;
        self.understood += understood;
    }

    /// Counts letters towards a language; channel names only count when nothing else does
    /// (`Gateway 상태` is Korean, `게이트웨이` alone is too).
    fn lang(&mut self, lang: Lang, weight: f64, channel_name: bool) {
        let slot = match (lang, channel_name) {
            (Lang::Ko, false) => &mut self.ko,
            (Lang::En, false) => &mut self.en,
            (Lang::Ko, true) => &mut self.ko_names,
            (Lang::En, true) => &mut self.en_names,
        };
        *slot += weight;
        if !channel_name {
            self.last = Some(lang);
        }
    }

    fn language(&self) -> Lang {
        let (ko, en) = if self.ko + self.en > 0.0 {
            (self.ko, self.en)
        } else {
            (self.ko_names, self.en_names)
        };
        // Ties go to Korean: whoever types any Hangul reads it. A Korean sentence ends in
        // its predicate, so English nouns before a Korean verb or ending ("auto recovery
        // 켜", "refresh 좀") still make a Korean sentence.
        if (ko >= en && ko > 0.0) || self.last == Some(Lang::Ko) {
            Lang::Ko
        } else {
            Lang::En
        }
    }

    fn finish(mut self) -> Evidence {
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
