//! The features the topic model reads: character n-grams of folded text, hashed.
//!
//! Standard library only, because `build.rs` includes this file to train the model with
//! exactly the features the library extracts at run time.
//!
//! English words give the word itself, its neighbour pair and its letter trigrams (a typo
//! leaves most trigrams intact). Hangul is read as one space-free run per stretch (spacing
//! is optional in Korean) and gives syllables, syllable pairs and each syllable without
//! its final consonant (`돌렸` and `돌려` then share `려`), plus the run's last pair,
//! where a Korean sentence carries its ending.

/// Whether a feature is *telling*: a whole English word or pair, a Hangul syllable pair.
/// Single syllables and letter trigrams are shared by almost any text, so only telling
/// features measure how much of an utterance the corpus has seen. Kept in the hash's low
/// bit, so the model's tables need no second column.
pub fn is_telling(feature: u64) -> bool {
    feature & 1 == 1
}

/// FNV-1a over a tag byte and the feature's text: stable across builds and platforms.
/// Tags `w` (word), `b` (word pair) and `p` (syllable pair) are telling (`is_telling`).
fn hash(tag: u8, parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |b: u8| {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    };
    eat(tag);
    for p in parts {
        for b in p.bytes() {
            eat(b);
        }
        eat(0xff);
    }
    if matches!(tag, b'w' | b'b' | b'p') {
        h | 1
    } else {
        h & !1
    }
}

fn is_hangul_syllable(c: char) -> bool {
    ('\u{AC00}'..='\u{D7A3}').contains(&c)
}

/// A syllable without its final consonant (`렸` → `려`).
fn open_syllable(c: char) -> char {
    let u = c as u32 - 0xAC00;
    char::from_u32(0xAC00 + u - u % 28).unwrap_or(c)
}

#[derive(PartialEq)]
enum Kind {
    Latin,
    Hangul,
}

/// Splits folded text into English words and space-free Hangul runs, in order.
pub fn tokens(folded: &str) -> Vec<(bool, String)> {
    let mut out: Vec<(bool, String)> = Vec::new();
    let mut last: Option<Kind> = None;
    // Whether only spaces separate this character from the previous token.
    let mut spaced = false;
    for c in folded.chars() {
        let kind = if c.is_ascii_alphanumeric() {
            Kind::Latin
        } else if is_hangul_syllable(c) {
            Kind::Hangul
        } else {
            // Spaces join Hangul (optional spacing); anything else ends a run.
            spaced = c.is_whitespace() && last.is_some();
            if !spaced {
                last = None;
            }
            continue;
        };
        let extend = match (&last, out.last_mut()) {
            (Some(Kind::Hangul), Some(_)) if kind == Kind::Hangul => true,
            (Some(Kind::Latin), Some(_)) if kind == Kind::Latin && !spaced => true,
            _ => false,
        };
        if extend {
            if let Some((_, t)) = out.last_mut() {
                t.push(c);
            }
        } else {
            out.push((kind == Kind::Latin, c.to_string()));
        }
        last = Some(kind);
        spaced = false;
    }
    out
}

/// The hashed features of folded (lower-case, NFC) text, with repeats.
pub fn features(folded: &str, out: &mut Vec<u64>) {
    out.clear();
    let mut prev_word: Option<String> = None;
    for (latin, t) in tokens(folded) {
        if latin {
            latin_features(&t, prev_word.as_deref(), out);
            prev_word = Some(t);
        } else {
            hangul_features(&t, out);
            prev_word = None;
        }
    }
}

fn latin_features(w: &str, prev: Option<&str>, out: &mut Vec<u64>) {
    out.push(hash(b'w', &[w]));
    if let Some(p) = prev {
        out.push(hash(b'b', &[p, w]));
    }
    if w.len() < 3 || w.bytes().all(|b| b.is_ascii_digit()) {
        return;
    }
    let padded: Vec<u8> = std::iter::once(b'^')
        .chain(w.bytes())
        .chain(std::iter::once(b'$'))
        .collect();
    for tri in padded.windows(3) {
        // ASCII only: every window is valid UTF-8.
        if let Ok(s) = std::str::from_utf8(tri) {
            out.push(hash(b't', &[s]));
        }
    }
}

fn hangul_features(run: &str, out: &mut Vec<u64>) {
    let chars: Vec<char> = run.chars().collect();
    let mut buf = [0u8; 8];
    let mut buf2 = [0u8; 8];
    for (i, &c) in chars.iter().enumerate() {
        out.push(hash(b's', &[c.encode_utf8(&mut buf)]));
        out.push(hash(b'o', &[open_syllable(c).encode_utf8(&mut buf)]));
        if let Some(&n) = chars.get(i + 1) {
            out.push(hash(
                b'p',
                &[c.encode_utf8(&mut buf), n.encode_utf8(&mut buf2)],
            ));
        }
    }
    // The last syllable pair is where a Korean sentence says what it does (its ending).
    if chars.len() >= 2 {
        let tail: String = chars[chars.len() - 2..].iter().collect();
        out.push(hash(b'e', &[&tail]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hangul_spacing_does_not_matter_but_punctuation_splits() {
        assert_eq!(tokens("복구 실행해"), [(false, "복구실행해".to_string())]);
        assert_eq!(
            tokens("gateway 복구, run it"),
            [
                (true, "gateway".to_string()),
                (false, "복구".to_string()),
                (true, "run".to_string()),
                (true, "it".to_string())
            ]
        );
        let (mut a, mut b) = (Vec::new(), Vec::new());
        features("복구 실행해", &mut a);
        features("복구실행해", &mut b);
        assert_eq!(a, b);
    }

    #[test]
    fn a_typo_keeps_most_trigrams() {
        let (mut a, mut b) = (Vec::new(), Vec::new());
        features("recovery", &mut a);
        features("recovrey", &mut b);
        let shared = a.iter().filter(|f| b.contains(f)).count();
        assert!(shared >= 4, "{shared}");
        assert_ne!(a, b);
    }

    #[test]
    fn open_syllables_drop_the_final_consonant() {
        assert_eq!(open_syllable('렸'), '려');
        assert_eq!(open_syllable('가'), '가');
    }
}
