//! Text normalisation: what an operator typed, reduced to what the matcher compares.
//!
//! NFC (so NFD Hangul from macOS or a terminal equals NFC), full-width forms folded to ASCII,
//! case folded, punctuation and emoji dropped. Consecutive Hangul words are joined into one
//! run, because Korean spacing is optional in practice ("오케스트레이션상태" = "오케스트레이션
//! 상태"); English words stay separate, because joining them would invent words.

use unicode_normalization::UnicodeNormalization;

use super::lexicon;

/// Which matcher a piece of text goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    /// Hangul syllables or jamo: matched as substrings of a space-free run.
    Hangul,
    /// ASCII letters and digits: matched as whole words.
    Latin,
    /// Any other letters (a channel named `北京`): exact substrings of a run.
    Other,
}

/// One word (Latin) or one space-free run (Hangul, other scripts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub text: String,
    pub script: Script,
    /// Typed right after the previous piece, with no space ("Gateway도").
    pub glued: bool,
    /// An emoji standing for its word ("📈" is `trend`): it says what, in no language.
    pub emoji: bool,
}

/// The text as the matcher sees it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Prepared {
    pub pieces: Vec<Piece>,
    /// A `?` (or full-width `？`) anywhere: the operator is asking.
    pub question_mark: bool,
    /// The folded words as typed, space-separated: a Hangul piece runs across spaces.
    pub words: Vec<String>,
}

/// NFC, full-width ASCII folded, lower case.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.nfc() {
        let c = fold_width(c);
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if let Some(bare) = without_accent(c) {
            out.push(bare);
        } else {
            out.extend(c.to_lowercase());
        }
    }
    unstretch(&out)
}

/// Letters held down for emphasis ("pleaseeee", "nooo", "offfff"): each run of three or
/// more of one letter comes back to two when that spells a word ("off"), else to one
/// ("please"). Words without such a run are left as typed.
fn unstretch(text: &str) -> String {
    let stretched = |w: &[u8]| w.windows(3).any(|t| t[0] == t[1] && t[1] == t[2]);
    if !stretched(text.as_bytes()) {
        return text.to_string();
    }
    let known = |w: &str| lexicon::is_term(w) || lexicon::is_filler(w) || lexicon::is_real_word(w);
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        // ("ddd" is mashed keys, not a held-down "d": a word of one letter stays typed.)
        if stretched(word.as_bytes()) && collapse(word, 1).len() > 1 {
            let two = collapse(word, 2);
            out.push_str(&if known(&two) { two } else { collapse(word, 1) });
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_ascii_alphabetic() {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// `word` with each run of one letter cut to at most `keep` letters.
fn collapse(word: &str, keep: usize) -> String {
    let mut out = String::with_capacity(word.len());
    let mut run = 0;
    let mut last = None;
    for c in word.chars() {
        run = if Some(c) == last { run + 1 } else { 1 };
        last = Some(c);
        if run <= keep {
            out.push(c);
        }
    }
    out
}

/// A Latin letter with an accent, as a phone's autocorrect writes it ("résumé polling"):
/// the bare letter, lower case. Other scripts (Hangul among them) are left alone.
fn without_accent(c: char) -> Option<char> {
    if !('\u{C0}'..='\u{17F}').contains(&c) {
        return None;
    }
    let bare = std::iter::once(c).nfd().find(|d| d.is_ascii_alphabetic())?;
    Some(bare.to_ascii_lowercase())
}

/// Full-width forms (U+FF01..FF5E) and the ideographic space, as typed with a Korean IME.
fn fold_width(c: char) -> char {
    match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFF01 + 0x21).unwrap_or(c),
        0x3000 => ' ',
        _ => c,
    }
}

/// A line with no letters ("🔄", "⏸ ?", "!!") says nothing of its language: the reply
/// follows the conversation (or the locale) instead of a default.
pub fn wordless(text: &str) -> bool {
    !text.chars().any(char::is_alphabetic)
}

pub fn is_hangul(c: char) -> bool {
    matches!(c as u32, 0xAC00..=0xD7A3 | 0x1100..=0x11FF | 0x3130..=0x318F | 0xA960..=0xA97F)
}

fn script_of(c: char) -> Option<Script> {
    if c.is_ascii_alphanumeric() {
        Some(Script::Latin)
    } else if is_hangul(c) {
        Some(Script::Hangul)
    } else if c.is_alphabetic() {
        Some(Script::Other)
    } else {
        // Punctuation, symbols, emoji, spaces: separators.
        None
    }
}

/// Splits folded text into pieces (see the module comment).
pub fn prepare(text: &str) -> Prepared {
    let folded = fold(text);
    let mut p = Prepared {
        words: folded.split_whitespace().map(str::to_string).collect(),
        ..Prepared::default()
    };
    // Whether only separators stood between the previous letter and this one.
    let mut gap = true;
    for c in folded.chars() {
        let symbol = !c.is_ascii() && !is_hangul(c);
        if let Some(word) = symbol.then(|| lexicon::emoji_word(c)).flatten() {
            // "📈 gateway latency": the emoji is the word it stands for.
            p.pieces.push(Piece {
                text: word.to_string(),
                script: Script::Latin,
                glued: false,
                emoji: true,
            });
            gap = true;
            continue;
        }
        let Some(script) = script_of(c) else {
            p.question_mark |= c == '?';
            gap = true;
            continue;
        };
        let extend = match p.pieces.last() {
            Some(last) if last.script == script => script != Script::Latin || !gap,
            _ => false,
        };
        if extend {
            if let Some(last) = p.pieces.last_mut() {
                last.text.push(c);
            }
        } else {
            p.pieces.push(Piece {
                text: c.to_string(),
                script,
                glued: !gap,
                emoji: false,
            });
        }
        gap = false;
    }
    // Texting shorthand for the listener ("do what u recommend").
    for piece in &mut p.pieces {
        match piece.text.as_str() {
            "u" => piece.text = "you".to_string(),
            "ur" => piece.text = "your".to_string(),
            _ => {}
        }
    }
    p
}

/// The canonical form of an utterance: folded, punctuation gone, Korean particles and
/// polite endings removed from each word, single spaces. Two phrasings an operator
/// would call "the same words" normalise to the same string.
pub fn normalize(text: &str) -> String {
    let folded = fold(text);
    let mut words: Vec<String> = Vec::new();
    for raw in folded.split(|c: char| script_of(c).is_none()) {
        // Words that are only courtesy ("알려줘", "please") carry nothing to compare.
        if raw.is_empty() || lexicon::is_filler(raw) {
            continue;
        }
        let stem = strip_endings(raw);
        if !lexicon::is_filler(stem) {
            words.push(stem.to_string());
        }
    }
    words.join(" ")
}

/// Removes particles and endings from the end of a Korean word, longest first, until the
/// word is a known term or nothing more comes off (`게이트웨이가` → `게이트웨이`, not
/// `게이트웨`; `상태는요` → `상태`).
pub fn strip_endings(word: &str) -> &str {
    let mut w = word;
    while !lexicon::is_term(w) {
        let Some(next) = lexicon::grammar("ending")
            .iter()
            .filter(|e| w.len() > e.len() && w.ends_with(*e))
            .map(|e| &w[..w.len() - e.len()])
            .next()
        else {
            break;
        };
        w = next;
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(p: &Prepared) -> Vec<&str> {
        p.pieces.iter().map(|x| x.text.as_str()).collect()
    }

    #[test]
    fn hangul_words_join_english_words_do_not() {
        let p = prepare("오케스트레이션 상태 알려줘");
        assert_eq!(texts(&p), ["오케스트레이션상태알려줘"]);
        let p = prepare("Gateway 상태, please!");
        assert_eq!(texts(&p), ["gateway", "상태", "please"]);
        let p = prepare("왜 Cloud가 primary야?");
        assert_eq!(texts(&p), ["왜", "cloud", "가", "primary", "야"]);
        assert!(p.question_mark);
    }

    #[test]
    fn letters_held_down_come_back() {
        assert_eq!(fold("restart it PLEASEEEE"), "restart it please");
        assert_eq!(fold("turn it offfff, nooo"), "turn it off, no");
        assert_eq!(
            fold("mute local 45 minutes pleaseee!!!"),
            "mute local 45 minutes please!!!"
        );
        // Two of a letter is spelling, not stretching; digits are numbers.
        assert_eq!(fold("all good, 1000 ms"), "all good, 1000 ms");
    }

    #[test]
    fn nfd_and_full_width_fold() {
        let nfd: String = "채널 상태".nfd().collect();
        assert_ne!(nfd, "채널 상태");
        assert_eq!(prepare(&nfd), prepare("채널 상태"));
        assert_eq!(fold("ＳＴＡＴＵＳ？"), "status?");
        assert!(prepare("상태？").question_mark);
    }

    #[test]
    fn some_emoji_stand_for_words() {
        let p = prepare("📈 gateway latency");
        assert_eq!(texts(&p), ["trend", "gateway", "latency"]);
        assert_eq!(texts(&prepare("⏸️ pls")), ["pause", "pls"]);
    }

    #[test]
    fn emoji_and_punctuation_are_separators() {
        let p = prepare("🔥 gateway... 상태!!! 😱");
        assert_eq!(texts(&p), ["gateway", "상태"]);
        assert!(!p.question_mark);
        assert_eq!(texts(&prepare("gpu-1")), ["gpu", "1"]);
    }

    #[test]
    fn normalize_strips_particles_but_not_words() {
        assert_eq!(normalize("게이트웨이가 느려요"), "게이트웨이 느려");
        assert_eq!(normalize("채널 건강은?"), "채널 건강");
        assert_eq!(
            normalize("오케스트레이션 상태 알려줘"),
            "오케스트레이션 상태"
        );
        assert_eq!(
            normalize("Routing  Recommendation!"),
            "routing recommendation"
        );
        assert_eq!(normalize("상태는요"), "상태");
    }
}
