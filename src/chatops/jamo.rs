//! Typo tolerance: text as a string of small symbols (Latin letters, digits, Hangul jamo)
//! and bounded edit distances over them.
//!
//! A Hangul syllable is split into its jamo (the arithmetic behind Unicode NFD of a
//! precomposed syllable), so `상태` vs `상대` is one edit, not one wrong "letter" out of two.
//! Vowels Koreans commonly confuse when typing fast (ㅐ/ㅔ, ㅒ/ㅖ, ㅙ/ㅚ/ㅞ) share one symbol.

/// Symbols are below this; 0 means "a character the alphabet does not know".
pub const ALPHABET: usize = 128;
const UNKNOWN: u8 = 0;
const LATIN: u8 = 1; // a-z -> 1..=26
const DIGIT: u8 = 27; // 0-9 -> 27..=36
const CHOSEONG: u8 = 37; // 19 initial consonants
const JUNGSEONG: u8 = 56; // 21 vowels
const JONGSEONG: u8 = 77; // 27 final consonants (T = 1..=27)

const SYLLABLE_FIRST: u32 = 0xAC00;
const SYLLABLE_LAST: u32 = 0xD7A3;

/// Final consonants by their index in a precomposed syllable (see `final_consonant`).
pub const FINAL_NIEUN: u32 = 4; // ㄴ: "돌린 적" (ever done)
pub const FINAL_RIEUL: u32 = 8; // ㄹ: "할까", "돌릴게" (wondering, promising)
pub const FINAL_MIEUM: u32 = 16; // ㅁ: "끝남", "확인함" (a terse report)
pub const FINAL_SSANGSIOT: u32 = 20; // ㅆ: "했", "됐" (past)

/// The final consonant of a precomposed Hangul syllable, by index (0: none); `None` for
/// anything else.
pub fn final_consonant(c: char) -> Option<u32> {
    let u = c as u32;
    (SYLLABLE_FIRST..=SYLLABLE_LAST)
        .contains(&u)
        .then(|| (u - SYLLABLE_FIRST) % 28)
}

/// A syllable closing a verb in the past (했, 됐, 렸, 었: nouns do not end in ㅆ); 있
/// (to be) and 겠 (will, may) are not.
pub fn past_syllable(c: char) -> bool {
    final_consonant(c) == Some(FINAL_SSANGSIOT) && c != '있' && c != '겠'
}

/// Jungseong index folded onto a representative: ㅔ→ㅐ, ㅖ→ㅒ, ㅚ/ㅞ→ㅙ.
fn fold_vowel(v: u32) -> u32 {
    match v {
        5 => 1,
        7 => 3,
        11 | 15 => 10,
        other => other,
    }
}

/// The symbols of `c` (one, or two or three for a Hangul syllable) and how many there are.
pub fn symbols_of(c: char) -> ([u8; 3], usize) {
    let u = c as u32;
    match c {
        'a'..='z' => ([LATIN + (u - 'a' as u32) as u8, 0, 0], 1),
        '0'..='9' => ([DIGIT + (u - '0' as u32) as u8, 0, 0], 1),
        _ if (SYLLABLE_FIRST..=SYLLABLE_LAST).contains(&u) => {
            let s = u - SYLLABLE_FIRST;
            let (l, v, t) = (s / (21 * 28), (s % (21 * 28)) / 28, s % 28);
            let lead = CHOSEONG + l as u8;
            let vowel = JUNGSEONG + fold_vowel(v) as u8;
            if t == 0 {
                ([lead, vowel, 0], 2)
            } else {
                ([lead, vowel, JONGSEONG + (t - 1) as u8], 3)
            }
        }
        _ => ([UNKNOWN, 0, 0], 1),
    }
}

/// Appends the symbols of `c`; returns how many were appended.
pub fn push_symbols(c: char, out: &mut Vec<u8>) -> usize {
    let (syms, n) = symbols_of(c);
    out.extend_from_slice(&syms[..n]);
    n
}

/// The set of symbols in `s`, as a bit mask (the alphabet has fewer than 128 symbols).
pub fn mask(s: &str) -> u128 {
    s.chars().fold(0, |m, c| {
        let (syms, n) = symbols_of(c);
        syms[..n].iter().fold(m, |m, &x| m | 1u128 << x)
    })
}

/// How many symbols `c` becomes (without building them).
pub fn symbol_count(c: char) -> usize {
    let u = c as u32;
    if (SYLLABLE_FIRST..=SYLLABLE_LAST).contains(&u) {
        if (u - SYLLABLE_FIRST) % 28 == 0 {
            2
        } else {
            3
        }
    } else {
        1
    }
}

/// Symbols of a whole string.
pub fn symbols(s: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    for c in s.chars() {
        push_symbols(c, &mut out);
    }
    out
}

/// How many edits a word of `len` symbols may absorb and still count as that word.
/// Short words must be exact: one edit in `켜` or `on` makes a different word.
pub fn tolerance(len: usize) -> u32 {
    match len {
        0..=5 => 0,
        6..=11 => 1,
        _ => 2,
    }
}

/// A reusable pattern-match table for [`best_substring`], so the hot path never allocates.
pub struct Scratch {
    peq: [u64; ALPHABET],
}

impl Default for Scratch {
    fn default() -> Self {
        Scratch { peq: [0; ALPHABET] }
    }
}

/// The smallest edit distance between `pat` and any substring of `text`, with the end
/// (exclusive, in symbols) of the first substring that reaches it. Myers' bit-parallel
/// algorithm: O(len(text)) word operations for patterns up to 64 symbols.
/// Returns `None` when the pattern is empty, too long, or holds unknown symbols.
pub fn best_substring(pat: &[u8], text: &[u8], scratch: &mut Scratch) -> Option<(u32, usize)> {
    let m = pat.len();
    if m == 0 || m > 64 || pat.contains(&UNKNOWN) {
        return None;
    }
    for (i, &p) in pat.iter().enumerate() {
        scratch.peq[p as usize] |= 1 << i;
    }
    let high = 1u64 << (m - 1);
    let (mut pv, mut mv, mut score) = (u64::MAX, 0u64, m as u32);
    let mut best = (score, 0usize);
    for (j, &t) in text.iter().enumerate() {
        // Unknown symbols match nothing: their table entry is never set.
        let eq = if t == UNKNOWN {
            0
        } else {
            scratch.peq[t as usize]
        };
        let xv = eq | mv;
        let xh = ((eq & pv).wrapping_add(pv) ^ pv) | eq;
        let ph = mv | !(xh | pv);
        let mh = pv & xh;
        if ph & high != 0 {
            score += 1;
        } else if mh & high != 0 {
            score -= 1;
        }
        // Search variant: the top row stays 0 (a match may start anywhere), so no `| 1`.
        let (ph, mh) = (ph << 1, mh << 1);
        pv = mh | !(xv | ph);
        mv = ph & xv;
        if score < best.0 {
            best = (score, j + 1);
        }
    }
    for &p in pat {
        scratch.peq[p as usize] = 0;
    }
    Some(best)
}

/// Longest word [`osa_within`] compares; longer ones are never typo-matched.
const OSA_MAX: usize = 31;

/// Optimal-string-alignment distance (Levenshtein plus adjacent transpositions) between
/// two short ASCII words, or `None` when it exceeds `max`. Used for whole English words,
/// where `stauts` for `status` is the typical slip (plain Levenshtein counts two edits).
/// Three rolling rows on the stack: this runs for every unknown word against every long
/// vocabulary word, so it must not allocate.
pub fn osa_within(a: &str, b: &str, max: u32) -> Option<u32> {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    // The length difference is a lower bound of the distance.
    if a.len().abs_diff(b.len()) > max as usize || a.len() > OSA_MAX || b.len() > OSA_MAX {
        return None;
    }
    let mut prev2 = [0u8; OSA_MAX + 1];
    let mut prev: [u8; OSA_MAX + 1] = std::array::from_fn(|j| j as u8);
    let mut cur = [0u8; OSA_MAX + 1];
    for i in 1..=a.len() {
        cur[0] = i as u8;
        let mut row_min = cur[0];
        for j in 1..=b.len() {
            let cost = u8::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(prev2[j - 2] + 1);
            }
            cur[j] = d;
            row_min = row_min.min(d);
        }
        // Every later row is at least this row's minimum: stop early when it is too big.
        if u32::from(row_min) > max {
            return None;
        }
        prev2 = prev;
        prev = cur;
    }
    let d = u32::from(prev[b.len()]);
    (d <= max).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_final_consonant_of_a_syllable() {
        assert_eq!(final_consonant('했'), Some(FINAL_SSANGSIOT));
        assert!(past_syllable('했') && past_syllable('됐'));
        assert!(!past_syllable('있') && !past_syllable('겠') && !past_syllable('해'));
        assert_eq!(final_consonant('릴'), Some(FINAL_RIEUL));
        assert_eq!(final_consonant('린'), Some(FINAL_NIEUN));
        assert_eq!(final_consonant('가'), Some(0));
        assert_eq!(final_consonant('a'), None);
    }

    fn dist(pat: &str, text: &str) -> u32 {
        let mut s = Scratch::default();
        best_substring(&symbols(pat), &symbols(text), &mut s)
            .map(|(d, _)| d)
            .unwrap_or(u32::MAX)
    }

    #[test]
    fn masks_hold_every_symbol() {
        let m = mask("상태");
        assert_eq!(m.count_ones(), 5);
        assert_eq!(mask("상태") & !mask("상태 좋아"), 0);
        assert!(mask("ab") & !mask("a") != 0);
        assert_eq!(mask(""), 0);
    }

    #[test]
    fn syllables_split_into_jamo() {
        for w in ["가", "각", "상태", "ab1", "€", "오케스트레이션"] {
            assert_eq!(
                w.chars().map(symbol_count).sum::<usize>(),
                symbols(w).len(),
                "{w}"
            );
        }
        assert_eq!(symbols("가").len(), 2);
        assert_eq!(symbols("각").len(), 3);
        assert_eq!(symbols("상태").len(), 5);
        assert_eq!(symbols("ab1").len(), 3);
    }

    #[test]
    fn one_wrong_jamo_is_one_edit() {
        assert_eq!(dist("오케스트레이션", "오케스트레이션상태"), 0);
        assert_eq!(dist("오케스트레이션", "오케스트레이선상태"), 1);
        assert_eq!(dist("상태", "상대"), 1);
        assert_eq!(dist("모니터링", "모니타링켜"), 1);
    }

    #[test]
    fn confusable_vowels_fold() {
        assert_eq!(dist("상태", "상테"), 0);
        assert_eq!(dist("게이트웨이", "개이트웨이"), 0);
        assert_eq!(dist("돼", "되"), 0);
    }

    #[test]
    fn substring_may_start_anywhere() {
        assert_eq!(dist("status", "xxstatusyy"), 0);
        assert_eq!(dist("status", "xxstatsyy"), 1);
        assert_eq!(dist("abc", ""), 3);
    }

    #[test]
    fn end_position_is_reported() {
        let mut s = Scratch::default();
        let text = symbols("채널상태");
        let (d, end) = best_substring(&symbols("상태"), &text, &mut s).unwrap_or((9, 0));
        assert_eq!((d, end), (0, text.len()));
    }

    #[test]
    fn unknown_symbols_never_match_and_long_patterns_are_refused() {
        assert_eq!(dist("a", "€"), 1);
        let mut s = Scratch::default();
        assert!(best_substring(&symbols("€"), &symbols("€"), &mut s).is_none());
        let long = "a".repeat(65);
        assert!(best_substring(&symbols(&long), &symbols(&long), &mut s).is_none());
    }

    #[test]
    fn osa_counts_transposition_once() {
        assert_eq!(osa_within("status", "stauts", 1), Some(1));
        assert_eq!(osa_within("status", "sta", 1), None);
        assert_eq!(osa_within("routing", "routnig", 1), Some(1));
        assert_eq!(osa_within("help", "yelp", 0), None);
        assert_eq!(osa_within("abc", "abc", 0), Some(0));
        assert_eq!(osa_within("", "ab", 2), Some(2));
        // Agrees with strsim's OSA on a spread of pairs.
        let words = [
            "recovery",
            "recvoery",
            "discovery",
            "forecast",
            "forcast",
            "gateway",
            "gatway",
            "ab",
            "ba",
            "abc",
            "ca",
        ];
        for a in words {
            for b in words {
                let want = strsim::osa_distance(a, b) as u32;
                assert_eq!(
                    osa_within(a, b, 9),
                    Some(want).filter(|d| *d <= 9),
                    "{a} {b}"
                );
            }
        }
    }

    #[test]
    fn tolerance_grows_with_length() {
        assert_eq!(tolerance(2), 0);
        assert_eq!(tolerance(5), 0);
        assert_eq!(tolerance(6), 1);
        assert_eq!(tolerance(14), 2);
    }
}
