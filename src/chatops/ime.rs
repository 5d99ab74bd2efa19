//! Korean typed while the keyboard was in English mode ("tkdxo" for 상태, "qhrrn tlfgod"
//! for 복구 실행): the keys of the 2-set (dubeolsik) layout composed back into Hangul
//! syllables. Only a word that composes completely, syllable by syllable, is converted;
//! English words almost never do, and the caller keeps the conversion only when it is
//! understood where the typed letters were not.

/// Jamo of each lower-case key on the 2-set layout.
fn jamo(key: char) -> Option<char> {
    const KEYS: &str = "qwertyuiopasdfghjklzxcvbnm";
    const JAMO: &str = "ㅂㅈㄷㄱㅅㅛㅕㅑㅐㅔㅁㄴㅇㄹㅎㅗㅓㅏㅣㅋㅌㅊㅍㅠㅜㅡ";
    let i = KEYS.find(key)?;
    JAMO.chars().nth(i)
}

const INITIALS: &str = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ";
const MEDIALS: &str = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ";
const FINALS: &str = "ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ";

fn index(set: &str, c: char) -> Option<u32> {
    set.chars().position(|x| x == c).map(|i| i as u32)
}

/// Two vowels typed one after the other that make one (ㅗ+ㅏ = ㅘ).
fn compound_vowel(a: char, b: char) -> Option<char> {
    Some(match (a, b) {
        ('ㅗ', 'ㅏ') => 'ㅘ',
        ('ㅗ', 'ㅐ') => 'ㅙ',
        ('ㅗ', 'ㅣ') => 'ㅚ',
        ('ㅜ', 'ㅓ') => 'ㅝ',
        ('ㅜ', 'ㅔ') => 'ㅞ',
        ('ㅜ', 'ㅣ') => 'ㅟ',
        ('ㅡ', 'ㅣ') => 'ㅢ',
        _ => return None,
    })
}

/// Two consonants closing a syllable together (ㄹ+ㄱ = ㄺ).
fn compound_final(a: char, b: char) -> Option<char> {
    Some(match (a, b) {
        ('ㄱ', 'ㅅ') => 'ㄳ',
        ('ㄴ', 'ㅈ') => 'ㄵ',
        ('ㄴ', 'ㅎ') => 'ㄶ',
        ('ㄹ', 'ㄱ') => 'ㄺ',
        ('ㄹ', 'ㅁ') => 'ㄻ',
        ('ㄹ', 'ㅂ') => 'ㄼ',
        ('ㄹ', 'ㅅ') => 'ㄽ',
        ('ㄹ', 'ㅌ') => 'ㄾ',
        ('ㄹ', 'ㅍ') => 'ㄿ',
        ('ㄹ', 'ㅎ') => 'ㅀ',
        ('ㅂ', 'ㅅ') => 'ㅄ',
        _ => return None,
    })
}

fn is_vowel(c: char) -> bool {
    index(MEDIALS, c).is_some()
}

/// One word of keys as Hangul syllables, when every key belongs to one.
fn word(keys: &str) -> Option<String> {
    let j: Vec<char> = keys.chars().map(jamo).collect::<Option<_>>()?;
    let mut out = String::new();
    let mut i = 0;
    while i < j.len() {
        let initial = index(INITIALS, j[i])?;
        let mut vowel = *j.get(i + 1).filter(|c| is_vowel(**c))?;
        i += 2;
        if let Some(v) = j.get(i).and_then(|&b| compound_vowel(vowel, b)) {
            vowel = v;
            i += 1;
        }
        // A consonant closes the syllable unless a vowel follows it (then it opens the
        // next); two may close it together.
        let opens_next = |k: usize| j.get(k + 1).is_some_and(|c| is_vowel(*c));
        let mut last = None;
        if let Some(&c) = j.get(i).filter(|c| !is_vowel(**c)) {
            if !opens_next(i) {
                last = Some(c);
                i += 1;
                if let Some(f) = j.get(i).and_then(|&b| compound_final(c, b)) {
                    if !opens_next(i) {
                        last = Some(f);
                        i += 1;
                    }
                }
            }
        }
        let medial = index(MEDIALS, vowel)?;
        let fin = match last {
            Some(c) => index(FINALS, c)? + 1,
            None => 0,
        };
        out.push(char::from_u32(0xAC00 + (initial * 21 + medial) * 28 + fin)?);
    }
    Some(out)
}

/// The text as Hangul, when every word of it is letters that compose into syllables.
pub fn hangul_from_keys(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty()
        || !words
            .iter()
            .all(|w| w.chars().all(|c| c.is_ascii_alphabetic()))
    {
        return None;
    }
    let converted: Vec<String> = words
        .iter()
        .map(|w| word(&w.to_ascii_lowercase()))
        .collect::<Option<_>>()?;
    Some(converted.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_typed_in_english_mode_are_composed_back() {
        for (keys, want) in [
            ("tkdxo", "상태"),
            ("qhrrn tlfgod", "복구 실행"),
            ("rpdlxmdnpdl", "게이트웨이"),
            ("dkssudgktpdy", "안녕하세요"),
            ("whdfy", "종료"),
            ("ehdnaakf", "도움말"),
            ("dlfrdj", "읽어"),
        ] {
            assert_eq!(hangul_from_keys(keys).as_deref(), Some(want), "{keys}");
        }
    }

    #[test]
    fn english_words_do_not_compose() {
        for text in [
            "status",
            "restart the gateway",
            "hello",
            "ok",
            "gw",
            "rst",
            "x1",
        ] {
            assert_eq!(hangul_from_keys(text), None, "{text}");
        }
    }
}
