//! The topic model's training corpus (`assets/chatops/corpus.txt`): its format, and its
//! expansion into labelled rows — templates × slot values × typos, deterministic.
//!
//! Standard library only, because `build.rs` includes this file to train the model; the
//! library uses it to validate the corpus in tests.
//!
//! Format, one entry a line (`#` starts a comment):
//! - `@name = a | b | c` defines a slot; `-` is the empty value;
//! - `intent: text with {name} slots` is a row for that intent id (a topic). A row with
//!   slots becomes up to `PER_TEMPLATE` sentences.

use std::collections::HashMap;

/// How many sentences one template becomes at most.
pub const PER_TEMPLATE: usize = 24;

/// One labelled training sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sample {
    pub label: String,
    pub text: String,
}

/// A line of the corpus that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorpusError {
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for CorpusError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "corpus line {}: {}", self.line, self.message)
    }
}

/// A template as written, with the line it came from.
#[derive(Debug, Clone)]
pub struct Template {
    pub line: usize,
    pub label: String,
    pub text: String,
}

/// The parsed corpus: slots and templates.
#[derive(Debug, Default)]
pub struct Corpus {
    pub slots: HashMap<String, Vec<String>>,
    pub templates: Vec<Template>,
}

pub fn parse(src: &str) -> Result<Corpus, CorpusError> {
    let mut c = Corpus::default();
    for (n, raw) in src.lines().enumerate() {
        let line = n + 1;
        let text = raw.split('#').next().unwrap_or("").trim();
        if text.is_empty() {
            continue;
        }
        let err = |m: &str| CorpusError {
            line,
            message: format!("{m}: {raw:?}"),
        };
        if let Some(def) = text.strip_prefix('@') {
            let (name, values) = def.split_once('=').ok_or_else(|| err("slot without `=`"))?;
            let values: Vec<String> = values
                .split('|')
                .map(|v| v.trim())
                .map(|v| {
                    if v == "-" {
                        String::new()
                    } else {
                        v.to_string()
                    }
                })
                .collect();
            c.slots.insert(name.trim().to_string(), values);
        } else {
            let (label, body) = text
                .split_once(':')
                .ok_or_else(|| err("row without `intent:`"))?;
            c.templates.push(Template {
                line,
                label: label.trim().to_string(),
                text: body.trim().to_string(),
            });
        }
    }
    for t in &c.templates {
        for name in slot_names(&t.text) {
            if !c.slots.contains_key(name) {
                return Err(CorpusError {
                    line: t.line,
                    message: format!("slot {{{name}}} is not defined"),
                });
            }
        }
    }
    Ok(c)
}

/// The `{name}` slots a template uses, in order.
pub fn slot_names(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        out.push(&rest[open + 1..open + close]);
        rest = &rest[open + close + 1..];
    }
    out
}

/// The authors' files of free-written rows in `dir` (`*.jsonl`), sorted by name.
pub fn author_files(dir: &std::path::Path) -> std::io::Result<Vec<std::path::PathBuf>> {
    let mut files: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    files.sort();
    Ok(files)
}

/// Whether the author `name` is left out by `holdout` (`SB_CORPUS_HOLDOUT`: names
/// separated by commas, `*` for every author; empty leaves none out).
pub fn held_out(holdout: &str, name: &str) -> bool {
    holdout.split(',').any(|h| h == name || h == "*")
}

/// SplitMix64: the same rows on every build and machine, with no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Every template rendered up to `PER_TEMPLATE` times (all combinations when there are
/// few, a fixed random choice of them otherwise), and a share of those with one typo.
pub fn expand(c: &Corpus) -> Vec<Sample> {
    let mut rng = Rng(0x00C0_4B05);
    let mut out = Vec::new();
    for t in &c.templates {
        let names = slot_names(&t.text);
        let sizes: Vec<usize> = names.iter().map(|n| c.slots[*n].len()).collect();
        let total: usize = sizes
            .iter()
            .try_fold(1usize, |a, &s| a.checked_mul(s))
            .unwrap_or(usize::MAX);
        let mut seen = std::collections::HashSet::new();
        for k in 0..total.min(PER_TEMPLATE) {
            let choice: Vec<usize> = if total <= PER_TEMPLATE {
                let mut rest = k;
                sizes
                    .iter()
                    .map(|&s| {
                        let i = rest % s;
                        rest /= s;
                        i
                    })
                    .collect()
            } else {
                sizes.iter().map(|&s| rng.below(s)).collect()
            };
            let text = render(&t.text, &names, &choice, c);
            if !seen.insert(text.clone()) {
                continue;
            }
            // Courtesy goes with every topic alike, so that it is evidence for none.
            if k % 4 == 1 {
                out.push(Sample {
                    label: t.label.clone(),
                    text: courteous(&text, &mut rng),
                });
            }
            if k % 3 == 2 {
                if let Some(typo) = with_typo(&text, &mut rng) {
                    out.push(Sample {
                        label: t.label.clone(),
                        text: typo,
                    });
                }
            }
            out.push(Sample {
                label: t.label.clone(),
                text,
            });
        }
    }
    out
}

fn render(text: &str, names: &[&str], choice: &[usize], c: &Corpus) -> String {
    let mut out = String::new();
    let mut rest = text;
    for (name, &i) in names.iter().zip(choice) {
        let open = rest.find('{').unwrap_or(rest.len());
        out.push_str(&rest[..open]);
        out.push_str(&c.slots[*name][i]);
        rest = rest.get(open + name.len() + 2..).unwrap_or_default();
    }
    out.push_str(rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

const COURTESY_KO: &[&str] = &[
    "요",
    "좀",
    "부탁해요",
    "부탁해",
    "빨리",
    "지금",
    "혹시",
    "ㅠㅠ",
];
const COURTESY_EN: &[&str] = &[
    "please", "pls", "now", "thanks", "asap", "quick", "hey", "hi",
];

/// The sentence with a courtesy word before or after it, in its own language.
fn courteous(text: &str, rng: &mut Rng) -> String {
    let words = if text.is_ascii() {
        COURTESY_EN
    } else {
        COURTESY_KO
    };
    let w = words[rng.below(words.len())];
    if rng.below(2) == 0 {
        format!("{w} {text}")
    } else {
        format!("{text} {w}")
    }
}

/// One slip in one English word of five letters or more (swapped or dropped letter), or
/// a Hangul syllable's final consonant dropped: the typos operators make at 3 a.m.
fn with_typo(text: &str, rng: &mut Rng) -> Option<String> {
    let words: Vec<&str> = text.split(' ').collect();
    let candidates: Vec<usize> = (0..words.len())
        .filter(|&i| words[i].chars().count() >= 5 || !words[i].is_ascii())
        .collect();
    if candidates.is_empty() {
        return None;
    }
    let w = candidates[rng.below(candidates.len())];
    let mut chars: Vec<char> = words[w].chars().collect();
    let at = rng.below(chars.len());
    if words[w].is_ascii() {
        if at + 1 < chars.len() && rng.below(2) == 0 {
            chars.swap(at, at + 1);
        } else {
            chars.remove(at);
        }
    } else {
        let c = chars[at];
        let u = c as u32;
        if !(0xAC00..=0xD7A3).contains(&u) || (u - 0xAC00) % 28 == 0 {
            return None;
        }
        chars[at] = char::from_u32(u - (u - 0xAC00) % 28)?;
    }
    let typo: String = chars.into_iter().collect();
    let mut out: Vec<&str> = words.clone();
    out[w] = &typo;
    Some(out.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = "
        # a comment
        @verb = restart | bounce
        @ch = gateway | - # empty
        recovery.run: {verb} {ch} now
        status: status
    ";

    #[test]
    fn slots_expand_into_every_combination() {
        let c = parse(SMALL).expect("parses");
        let rows = expand(&c);
        let texts: Vec<&str> = rows
            .iter()
            .filter(|r| r.label == "recovery.run")
            .map(|r| r.text.as_str())
            .collect();
        for want in ["restart gateway now", "bounce gateway now", "restart now"] {
            assert!(texts.contains(&want), "{want} in {texts:?}");
        }
        assert!(rows
            .iter()
            .any(|r| r.label == "status" && r.text == "status"));
    }

    #[test]
    fn undefined_slots_and_rows_without_a_label_are_errors() {
        let e = parse("status: {nope}").expect_err("undefined slot");
        assert_eq!(e.line, 1);
        assert!(e.to_string().contains("nope"), "{e}");
        assert!(parse("just words").is_err());
    }

    #[test]
    fn authors_are_held_out_by_name_list_or_star() {
        assert!(held_out("w3", "w3"));
        assert!(held_out("w5,w6", "w6"));
        assert!(held_out("*", "w1"));
        assert!(!held_out("w5,w6", "w1"));
        assert!(!held_out("", "w1"));
    }

    #[test]
    fn typos_change_one_word() {
        let mut rng = Rng(1);
        let t = with_typo("restart the gateway", &mut rng).expect("a long word");
        assert_ne!(t, "restart the gateway");
        assert_eq!(t.split(' ').count(), 3);
        assert_eq!(with_typo("go on", &mut rng), None);
    }
}
