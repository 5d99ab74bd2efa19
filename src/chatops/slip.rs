//! Typos in short words (3–5 letters, two Hangul syllables): too short for an edit
//! distance — one arbitrary edit turns `stop` into `shop`, `step` or `atop` — so only the
//! slips a hand actually makes are forgiven: two neighbouring keys swapped in order, a
//! doubled key, a dropped key (not the first), or a key next to the right one (QWERTY, and
//! the same keys in the Korean 2-set layout, plus the plain/aspirated/tense consonant pairs
//! ㄱ/ㅋ/ㄲ, ㄷ/ㅌ/ㄸ, ㅂ/ㅍ/ㅃ, ㅈ/ㅊ/ㅉ, ㅅ/ㅆ Koreans mix up when typing fast).
//!
//! Hangul is compared as the keys typed on the 2-set keyboard (`로컬` = `fhzjf`), so one
//! slip of a finger is one slip here whichever jamo it lands on.

/// QWERTY letter rows; a key's neighbours are beside it and diagonally above and below.
const ROWS: [&[u8]; 3] = [b"qwertyuiop", b"asdfghjkl", b"zxcvbnm"];

fn position(k: u8) -> Option<(usize, usize)> {
    let k = k.to_ascii_lowercase();
    ROWS.iter()
        .enumerate()
        .find_map(|(r, row)| row.iter().position(|&x| x == k).map(|i| (r, i)))
}

/// Whether a finger meant for `a` could have hit `b` instead.
pub fn neighbours(a: u8, b: u8) -> bool {
    if a == b {
        return false;
    }
    // Shift slipped (Hangul ㄱ/ㄲ is r/R).
    if a.eq_ignore_ascii_case(&b) {
        return true;
    }
    // Plain and aspirated consonants, as typed on the 2-set layout: ㄱ/ㅋ, ㄷ/ㅌ, ㅂ/ㅍ, ㅈ/ㅊ.
    let (la, lb) = (a.to_ascii_lowercase(), b.to_ascii_lowercase());
    if [(b'r', b'z'), (b'e', b'x'), (b'q', b'v'), (b'w', b'c')]
        .iter()
        .any(|&(x, y)| (la, lb) == (x, y) || (la, lb) == (y, x))
    {
        return true;
    }
    let (Some((ra, ia)), Some((rb, ib))) = (position(a), position(b)) else {
        return false;
    };
    match ra as isize - rb as isize {
        0 => ia.abs_diff(ib) == 1,
        // `b` on the row below `a`: it sits half a key to the left.
        -1 => ib == ia || ib + 1 == ia,
        // `b` on the row above.
        1 => ia == ib || ia + 1 == ib,
        _ => false,
    }
}

/// Whether `typed` is `word` with exactly one hand slip (see the module comment).
pub fn one_slip(typed: &[u8], word: &[u8]) -> bool {
    let (t, w) = (typed.len(), word.len());
    if t == w {
        let diff: Vec<usize> = (0..t).filter(|&i| typed[i] != word[i]).collect();
        return match diff[..] {
            [i] => neighbours(word[i], typed[i]),
            [i, j] => j == i + 1 && typed[i] == word[j] && typed[j] == word[i],
            _ => false,
        };
    }
    if t == w + 1 {
        // One key too many: a doubled key or a neighbour hit along with the right one.
        let i = first_difference(word, typed);
        if typed[..i] != word[..i] || typed[i + 1..] != word[i..] {
            return false;
        }
        let extra = typed[i];
        let near = |k: Option<&u8>| k.is_some_and(|&k| k == extra || neighbours(k, extra));
        return near(word.get(i)) || near(i.checked_sub(1).and_then(|p| word.get(p)));
    }
    if t + 1 == w && t >= 2 {
        // One key dropped, never the first: a word is recognised by how it starts.
        let i = first_difference(typed, word);
        return i > 0 && typed[..i] == word[..i] && typed[i..] == word[i + 1..];
    }
    false
}

/// Index of the first position where `short` and `long` differ (or `short.len()`).
fn first_difference(short: &[u8], long: &[u8]) -> usize {
    short
        .iter()
        .zip(long)
        .position(|(a, b)| a != b)
        .unwrap_or(short.len())
}

/// The keys typed for `c` on the Korean 2-set keyboard (shifted keys in upper case),
/// appended to `out`; `false` for a character that is not Hangul.
pub fn push_keys(c: char, out: &mut Vec<u8>) -> bool {
    const LEAD: [&str; 19] = [
        "r", "R", "s", "e", "E", "f", "a", "q", "Q", "t", "T", "d", "w", "W", "c", "z", "x", "v",
        "g",
    ];
    const VOWEL: [&str; 21] = [
        "k", "o", "i", "O", "j", "p", "u", "P", "h", "hk", "ho", "hl", "y", "n", "nj", "np", "nl",
        "b", "m", "ml", "l",
    ];
    const TAIL: [&str; 27] = [
        "r", "R", "rt", "s", "sw", "sg", "e", "f", "fr", "fa", "fq", "ft", "fx", "fv", "fg", "a",
        "q", "qt", "t", "T", "d", "w", "c", "z", "x", "v", "g",
    ];
    // Compatibility jamo ㄱ..ㅎ (U+3131..314E) and ㅏ..ㅣ (U+314F..3163), typed alone.
    const COMPAT_CONSONANT: [&str; 30] = [
        "r", "R", "rt", "s", "sw", "sg", "e", "E", "f", "fr", "fa", "fq", "ft", "fx", "fv", "fg",
        "a", "q", "Q", "qt", "t", "T", "d", "w", "W", "c", "z", "x", "v", "g",
    ];
    let u = c as u32;
    let keys: [&str; 3] = match u {
        0xAC00..=0xD7A3 => {
            let s = u - 0xAC00;
            let (l, v, t) = (s / (21 * 28), (s % (21 * 28)) / 28, s % 28);
            let tail = if t == 0 { "" } else { TAIL[t as usize - 1] };
            [LEAD[l as usize], VOWEL[v as usize], tail]
        }
        0x3131..=0x314E => [COMPAT_CONSONANT[(u - 0x3131) as usize], "", ""],
        0x314F..=0x3163 => [VOWEL[(u - 0x314F) as usize], "", ""],
        _ => return false,
    };
    for k in keys {
        out.extend_from_slice(k.as_bytes());
    }
    true
}

/// The 2-set keys of a whole Hangul string; `None` if it holds anything else.
pub fn keys(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len());
    s.chars().all(|c| push_keys(c, &mut out)).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slip(a: &str, b: &str) -> bool {
        one_slip(a.as_bytes(), b.as_bytes())
    }

    #[test]
    fn hand_slips_are_forgiven() {
        assert!(slip("hlep", "help")); // swapped
        assert!(slip("qiut", "quit"));
        assert!(slip("stopp", "stop")); // doubled
        assert!(slip("paus", "pause")); // dropped
        assert!(slip("stip", "stop")); // i is next to o
        assert!(slip("rum", "run"));
        assert!(slip("quiit", "quit"));
    }

    #[test]
    fn other_edits_are_not() {
        assert!(!slip("shop", "stop"));
        assert!(!slip("step", "stop"));
        assert!(!slip("tops", "stop"));
        assert!(!slip("top", "stop")); // the first letter dropped
        assert!(!slip("help", "help"));
        assert!(!slip("last", "fast"));
        assert!(!slip("xyz", "help"));
    }

    #[test]
    fn neighbouring_keys() {
        assert!(neighbours(b'a', b's') && neighbours(b'a', b'q') && neighbours(b'a', b'z'));
        assert!(neighbours(b's', b'x') && neighbours(b'x', b's') && neighbours(b'x', b'd'));
        assert!(!neighbours(b'a', b'd') && !neighbours(b'q', b'p'));
        assert!(neighbours(b'r', b'R'));
    }

    #[test]
    fn hangul_is_compared_as_keys() {
        assert_eq!(keys("로컬").as_deref(), Some(&b"fhzjf"[..]));
        assert_eq!(keys("ㄱㅏ").as_deref(), Some(&b"rk"[..]));
        assert_eq!(keys("a"), None);
        let k = |s: &str| keys(s).unwrap_or_default();
        assert!(one_slip(&k("로걸"), &k("로컬"))); // ㄱ for ㅋ
        assert!(one_slip(&k("로커"), &k("로컬"))); // final ㄹ dropped
        assert!(one_slip(&k("재게"), &k("재개"))); // ㅔ next to ㅐ
        assert!(!one_slip(&k("오늘"), &k("로컬")));
    }
}
