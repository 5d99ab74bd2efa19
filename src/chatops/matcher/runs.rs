//! Matching inside a Hangul (or other non-Latin) run, where spacing is optional: exact
//! substrings first, then words with a typo over what is left, then hand slips of short
//! words, and last the particles and endings that explain the rest.

use super::evidence::Acc;
use super::{typo_quality, Meaning, RunSurface, Tables};
use crate::chatops::intent::Lang;
use crate::chatops::jamo::{self, Scratch};
use crate::chatops::lexicon;
use crate::chatops::normalize::{Piece, Script};
use crate::chatops::slip;

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

impl Tables {
    /// `after_word`: an English word comes right before (so a particle may open the run:
    /// "Gateway도").
    pub(super) fn match_run(
        &self,
        piece: &Piece,
        after_word: bool,
        acc: &mut Acc,
        scratch: &mut Scratch,
    ) {
        let run = RunState::new(&piece.text);
        let after_word = after_word && piece.glued;
        let mut hits = self.exact_in_run(&run);
        drop_contained(&mut hits);
        let mut marks = vec![Mark::None; run.chars.len()];
        for h in &hits {
            marks[h.start..h.end].fill(Mark::Meaning);
        }
        mark_real_korean(&run, &mut marks);
        mark_request_ending(&run, &mut marks);
        // `클라우트` holds both `클라` (Cloud, for short) and `라우트`: two exact words that
        // share a letter disagree about it, and a typo of a longer word may span both.
        let crossed = crossed_chars(&hits, run.chars.len());
        if crossed.contains(&true) {
            self.fuzzy_over_hits(&run, &crossed, &mut marks, &mut hits, scratch);
        }
        self.fuzzy_in_run(&run, &mut marks, &mut hits, scratch);
        mark_spelled_counts(&run, &mut marks);
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
            // One-syllable words are only ever exact: a folded vowel would turn 외 into 왜.
            self.near_misses(run, (seg_start, seg_end), 4, scratch, |hit| {
                if marks[hit.start..hit.end].iter().any(|m| *m != Mark::None) {
                    return;
                }
                marks[hit.start..hit.end].fill(Mark::Meaning);
                hits.push(hit);
            });
        }
    }

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
        self.near_misses(run, (0, run.chars.len()), 6, scratch, |hit| {
            if swallow(hit.start, hit.end, stray, hits) {
                marks[hit.start..hit.end].fill(Mark::Meaning);
                hits.push(hit);
            }
        });
    }

    /// Each surface of at least `min_syms` symbols, longest first, that fits characters
    /// `from..to` of the run within its typo tolerance, as a hit in run characters.
    fn near_misses(
        &self,
        run: &RunState,
        (from, to): (usize, usize),
        min_syms: usize,
        scratch: &mut Scratch,
        mut found: impl FnMut(Hit),
    ) {
        let (syms, owner) = run.symbols(from, to);
        let mask = syms.iter().fold(0u128, |m, &x| m | 1 << x);
        let mut pat = Vec::with_capacity(64);
        let long_first = self.runs_by_length.iter().map(|&i| &self.runs[i]);
        for s in long_first.filter(|s| s.syms >= min_syms) {
            let Some((d, end)) = s.locate(&syms, mask, &mut pat, scratch) else {
                continue;
            };
            // Zero edits still means a folded vowel (상테, 프로그렘): not quite exact.
            found(Hit {
                start: from + owner[end.saturating_sub(s.syms)],
                end: from + owner[end - 1] + 1,
                meaning: s.meaning,
                quality: if d == 0 { 0.95 } else { typo_quality(d) },
            });
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
/// The characters that two hits share without either holding the other.
fn crossed_chars(hits: &[Hit], len: usize) -> Vec<bool> {
    let mut crossed = vec![false; len];
    for a in hits {
        for b in hits {
            if a.start < b.start && b.start < a.end && a.end < b.end {
                crossed[b.start..a.end].fill(true);
            }
        }
    }
    crossed
}

fn drop_contained(hits: &mut Vec<Hit>) {
    let spans: Vec<(usize, usize)> = hits.iter().map(|h| (h.start, h.end)).collect();
    hits.retain(|h| {
        !spans
            .iter()
            .any(|&(s, e)| s <= h.start && h.end <= e && (e - s) > (h.end - h.start))
    });
}

/// "클라우드 삼십 분 무음 처리": a count spelled before its unit (분, 시간) is understood,
/// as digits are.
fn mark_spelled_counts(run: &RunState, marks: &mut [Mark]) {
    for (s, e) in uncovered_segments(marks) {
        // The unit closes the segment, or stands right after it.
        let count_end = if run.chars[e - 1] == '분' { e - 1 } else { e };
        let unit = count_end < e || run.chars.get(e).is_some_and(|&c| c == '분' || c == '시');
        // (The count is the end of the segment: "게이트웨이삼십분" leaves 이 to the name.)
        let start =
            (s..count_end).find(|&i| super::super::numbers::spelled_count(run.slice(i, count_end)));
        if let Some(start) = start.filter(|_| unit) {
            marks[start..e].fill(Mark::Filler);
        }
    }
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

/// Korean words of their own next to the vocabulary ("원함" is not a slip of 안함,
/// "까지만" holds no 지마): understood, and never corrected into it.
fn mark_real_korean(run: &RunState, marks: &mut [Mark]) {
    for word in lexicon::grammar("real_ko") {
        for (at, _) in run.text.match_indices(word) {
            let Ok(s) = run.bytes.binary_search(&at) else {
                continue;
            };
            let e = s + word.chars().count();
            if marks[s..e].iter().all(|m| *m == Mark::None) {
                marks[s..e].fill(Mark::Filler);
            }
        }
    }
}

/// A request ending that closes the run right after a known word ("꺼조", "켜주세용")
/// is an ending, not the end of a word with a typo: the typo passes leave it alone. The
/// longest ending or filler there is taken ("…해주십시오" ends in 주십시오, not 시오);
/// one letter is too little to tell, but for the clipped 조.
fn mark_request_ending(run: &RunState, marks: &mut [Mark]) {
    let n = run.chars.len();
    let request = |e: &str| lexicon::grammar("imperative_ending").contains(&e);
    let longest = (1..n.min(7))
        .rev()
        .filter(|&len| marks[n - len..].iter().all(|m| *m == Mark::None))
        .map(|len| run.slice(n - len, n))
        .find(|e| request(e) || (e.chars().count() >= 2 && lexicon::is_filler(e)));
    let Some(ending) = longest else {
        return;
    };
    let len = ending.chars().count();
    // Only right after a word the tables read exactly ("꺼|조"): elsewhere the usual
    // passes already split endings as well as they can.
    let after_word = marks[n - len - 1] == Mark::Meaning;
    if after_word && request(ending) && (len >= 2 || ending == "조") {
        marks[n - len..].fill(Mark::Filler);
    }
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
