//! The generator behind the evaluation set: templates × paraphrases × particles ×
//! politeness × typos × channel names in both scripts, expanded with a fixed seed so the
//! set is the same on every run (and on every machine).
//!
//! A template is `(text, intent, lang)`. In its text:
//! - `{ch}`: a channel, written as `Gateway`, `gateway`, `게이트웨이`, … (the row then
//!   expects that channel in `args.channel`; without it, the row expects none);
//! - `{p}`: a Korean particle after a noun (or none);
//! - `{do}`: a Korean request ending after a verb noun ("실행" + "해줘");
//! - `{pl}`: a soft Korean ending after a verb ("꺼" + "줘");
//! - `{pls}`: English courtesy ("please", "now", or nothing);
//! - `~word`: a word that may be typed with one slip (swapped, doubled, dropped or
//!   neighbouring key; for Hangul a neighbouring or confusable jamo, or a dropped final).
//!
//! The intent `export.held` means: intent `export`, but withheld (describes, never writes).

/// One evaluation row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub text: String,
    pub intent: &'static str,
    pub channel: Option<&'static str>,
    pub lang: &'static str,
}

/// A tiny deterministic generator (SplitMix64): no dependency, same rows everywhere.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// Channel names as operators write them: the configured name in any case, and the
/// Korean transliteration.
const CHANNELS: &[(&str, &[&str])] = &[
    ("Gateway", &["Gateway", "gateway", "게이트웨이", "GATEWAY"]),
    ("Cloud", &["Cloud", "cloud", "클라우드"]),
    ("Local", &["Local", "local", "로컬"]),
];

const PARTICLES: &[&str] = &["", "", "은", "는", "이", "가", "을", "를", "도"];
const DO: &[&str] = &[
    "해",
    "해줘",
    "해 줘",
    "해주세요",
    " 좀 해줘",
    "해요",
    " 부탁해요",
    "하자",
    " 해라",
    " 좀",
];
const SOFT: &[&str] = &["", "줘", " 줘", "주세요", "요", " 줘요"];
const PLS: &[&str] = &["", "", "please", "pls", "now", "right now", "thanks"];

/// Expands every template into `per` rows (fewer when the template has no slot to vary),
/// without duplicates.
pub fn expand(templates: &[(&str, &'static str, &'static str)], per: usize, seed: u64) -> Vec<Row> {
    let mut rng = Rng::new(seed);
    let mut out: Vec<Row> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for &(t, intent, lang) in templates {
        let varies = t.contains('{') || t.contains('~');
        let n = if varies { per } else { 1 };
        for k in 0..n {
            // The first rendering of each template is clean; the rest may carry a typo.
            let typo = k > 0 && rng.chance(35);
            let (text, channel) = render(t, &mut rng, typo);
            if seen.insert(text.clone()) {
                out.push(Row {
                    text,
                    intent,
                    channel,
                    lang,
                });
            }
        }
    }
    out
}

fn render(t: &str, rng: &mut Rng, typo: bool) -> (String, Option<&'static str>) {
    let mut channel = None;
    let mut text = String::new();
    let mut rest = t;
    while let Some(open) = rest.find('{') {
        text.push_str(&rest[..open]);
        let close = rest[open..].find('}').map_or(rest.len(), |c| open + c);
        let slot = &rest[open + 1..close];
        let fill: String = match slot {
            "ch" => {
                let (name, forms) = rng.pick(CHANNELS);
                channel = Some(*name);
                format!("~{}", rng.pick(forms))
            }
            "p" => rng.pick(PARTICLES).to_string(),
            "do" => rng.pick(DO).to_string(),
            "pl" => rng.pick(SOFT).to_string(),
            "pls" => rng.pick(PLS).to_string(),
            other => other.to_string(),
        };
        // A slot's text is not part of the word before it: a typo stays in that word.
        text.push('\u{1}');
        text.push_str(&fill);
        rest = rest.get(close + 1..).unwrap_or("");
    }
    text.push_str(rest);
    // Typos go to one of the marked words; the marks themselves are dropped.
    let marked: Vec<usize> = text.match_indices('~').map(|(i, _)| i).collect();
    let chosen = if typo && !marked.is_empty() {
        Some(marked[rng.below(marked.len())])
    } else {
        None
    };
    let mut out = String::new();
    let mut i = 0;
    while i < text.len() {
        if text[i..].starts_with('~') {
            let word_end = text[i + 1..]
                .find([' ', '?', ',', '\u{1}'])
                .map_or(text.len(), |e| i + 1 + e);
            let word = &text[i + 1..word_end];
            if chosen == Some(i) {
                out.push_str(&slip(word, rng));
            } else {
                out.push_str(word);
            }
            i = word_end;
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            out.push(c);
            i += c.len_utf8();
        }
    }
    let out = out.replace('\u{1}', "");
    let out = out
        .split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    (out, channel)
}

/// One hand slip in `word` (see the module comment).
pub fn slip(word: &str, rng: &mut Rng) -> String {
    if word.chars().all(|c| c.is_ascii_alphabetic()) {
        latin_slip(word, rng)
    } else {
        hangul_slip(word, rng)
    }
}

const ROWS: [&str; 3] = ["qwertyuiop", "asdfghjkl", "zxcvbnm"];

fn neighbour(c: char, rng: &mut Rng) -> char {
    let lower = c.to_ascii_lowercase();
    for row in ROWS {
        if let Some(i) = row.find(lower) {
            let b = row.as_bytes();
            let left = i.checked_sub(1).map(|j| b[j] as char);
            let right = b.get(i + 1).map(|&x| x as char);
            return match (left, right, rng.chance(50)) {
                (Some(l), _, true) | (Some(l), None, _) => l,
                (_, Some(r), _) => r,
                _ => c,
            };
        }
    }
    c
}

fn latin_slip(word: &str, rng: &mut Rng) -> String {
    let mut cs: Vec<char> = word.chars().collect();
    if cs.len() < 3 {
        return word.to_string();
    }
    // Never the first letter: a word is recognised by how it starts.
    let i = 1 + rng.below(cs.len() - 1);
    match rng.below(4) {
        0 if i + 1 < cs.len() => cs.swap(i, i + 1),
        0 => cs.swap(i - 1, i),
        1 => cs.insert(i, cs[i]),
        2 if cs.len() > 3 => {
            cs.remove(i);
        }
        _ => cs[i] = neighbour(cs[i], rng),
    }
    cs.into_iter().collect()
}

/// Confusable or neighbouring initial consonants (indices into the 19 choseong).
fn lead_slip(l: u32) -> Option<u32> {
    // ㄱ ㄲ ㄴ ㄷ ㄸ ㄹ ㅁ ㅂ ㅃ ㅅ ㅆ ㅇ ㅈ ㅉ ㅊ ㅋ ㅌ ㅍ ㅎ
    Some(match l {
        0 => 15,  // ㄱ → ㅋ
        15 => 0,  // ㅋ → ㄱ
        3 => 16,  // ㄷ → ㅌ
        16 => 3,  // ㅌ → ㄷ
        7 => 17,  // ㅂ → ㅍ
        17 => 7,  // ㅍ → ㅂ
        12 => 14, // ㅈ → ㅊ
        14 => 12, // ㅊ → ㅈ
        9 => 10,  // ㅅ → ㅆ
        _ => return None,
    })
}

/// Vowels next to each other on the 2-set keyboard, or easily confused (indices into 21).
fn vowel_slip(v: u32) -> Option<u32> {
    // ㅏ ㅐ ㅑ ㅒ ㅓ ㅔ ㅕ ㅖ ㅗ ㅘ ㅙ ㅚ ㅛ ㅜ ㅝ ㅞ ㅟ ㅠ ㅡ ㅢ ㅣ
    Some(match v {
        1 => 5,   // ㅐ → ㅔ
        5 => 1,   // ㅔ → ㅐ
        4 => 6,   // ㅓ → ㅕ
        6 => 4,   // ㅕ → ㅓ
        8 => 12,  // ㅗ → ㅛ
        12 => 8,  // ㅛ → ㅗ
        13 => 17, // ㅜ → ㅠ
        17 => 13, // ㅠ → ㅜ
        _ => return None,
    })
}

fn hangul_slip(word: &str, rng: &mut Rng) -> String {
    let mut cs: Vec<char> = word.chars().collect();
    let syllables: Vec<usize> = (0..cs.len())
        .filter(|&i| (0xAC00..=0xD7A3).contains(&(cs[i] as u32)))
        .collect();
    if syllables.len() < 2 {
        return word.to_string();
    }
    // Try a few syllables and operations until one applies.
    for _ in 0..8 {
        let i = *rng.pick(&syllables);
        let s = cs[i] as u32 - 0xAC00;
        let (l, v, t) = (s / 588, (s % 588) / 28, s % 28);
        let new = match rng.below(3) {
            0 => lead_slip(l).map(|l| (l, v, t)),
            1 => vowel_slip(v).map(|v| (l, v, t)),
            _ => (t != 0).then_some((l, v, 0)),
        };
        if let Some((l, v, t)) = new {
            if let Some(c) = char::from_u32(0xAC00 + l * 588 + v * 28 + t) {
                cs[i] = c;
                return cs.into_iter().collect();
            }
        }
    }
    word.to_string()
}
