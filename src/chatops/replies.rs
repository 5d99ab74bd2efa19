//! The reply wording, kept as data in `assets/chatops/replies.toml` and compiled in by
//! `build.rs`: `replies::KEY.get(lang)` for fixed text, `replies::key(lang, …)` for text
//! with `{name}` placeholders. A missing key or an unfilled placeholder does not compile.

use std::fmt::{Display, Write};

use super::intent::Lang;

/// One reply text in both languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text {
    pub key: &'static str,
    pub ko: &'static str,
    pub en: &'static str,
}

impl Text {
    /// The text in `lang`.
    pub const fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Ko => self.ko,
            Lang::En => self.en,
        }
    }

    /// The text in `lang` with each `{name}` replaced by its value (the generated
    /// functions pass every placeholder of the key, and only those).
    pub fn fill(self, lang: Lang, values: &[(&str, &dyn Display)]) -> String {
        let template = self.get(lang);
        let mut out = String::with_capacity(template.len() + 16);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                break;
            };
            let name = &after[..close];
            match values.iter().find(|(n, _)| *n == name) {
                Some((_, v)) => {
                    let _ = write!(out, "{v}");
                }
                None => out.push_str(&rest[open..open + close + 2]),
            }
            rest = &after[close + 1..];
        }
        out.push_str(rest);
        out
    }
}

include!(concat!(env!("OUT_DIR"), "/replies.rs"));

#[cfg(test)]
mod tests {
    use super::*;

    /// The `{name}` placeholders of a text, sorted.
    fn holes(text: &str) -> Vec<&str> {
        let mut v: Vec<&str> = text
            .split('{')
            .skip(1)
            .filter_map(|s| s.split_once('}').map(|(name, _)| name))
            .collect();
        v.sort();
        v.dedup();
        v
    }

    #[test]
    fn every_reply_has_both_languages_filling_the_same_places() {
        assert!(ALL.len() > 150, "{} replies", ALL.len());
        let mut keys: Vec<&str> = ALL.iter().map(|t| t.key).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), ALL.len(), "a key listed twice");
        for t in ALL {
            assert!(
                !t.ko.trim().is_empty() && !t.en.trim().is_empty(),
                "{}",
                t.key
            );
            assert_eq!(holes(t.ko), holes(t.en), "{}", t.key);
            // Each language answers in its own: no Hangul in the English text.
            assert!(
                !t.en.chars().any(|c| ('\u{ac00}'..='\u{d7a3}').contains(&c)),
                "{}: Korean in the English text",
                t.key
            );
        }
    }

    #[test]
    fn every_placeholder_is_filled() {
        for t in ALL.iter().filter(|t| !holes(t.en).is_empty()) {
            let names = holes(t.en);
            let values: Vec<(&str, &dyn Display)> =
                names.iter().map(|n| (*n, n as &dyn Display)).collect();
            for lang in [Lang::Ko, Lang::En] {
                let filled = t.fill(lang, &values);
                assert!(!filled.contains('{'), "{}: {filled}", t.key);
                for n in &names {
                    assert!(filled.contains(n), "{}: {n} not in {filled}", t.key);
                }
            }
        }
        let t = Text {
            key: "t",
            ko: "{a}와 {b}",
            en: "{a} and {b}, {a}",
        };
        assert_eq!(t.fill(Lang::En, &[("a", &1), ("b", &"x")]), "1 and x, 1");
        assert_eq!(t.fill(Lang::Ko, &[("a", &1), ("b", &"x")]), "1와 x");
    }

    fn sources(dir: &std::path::Path, out: &mut String) {
        for entry in std::fs::read_dir(dir).expect("src is readable").flatten() {
            let path = entry.path();
            if path.is_dir() {
                sources(&path, out);
            } else if path.extension().is_some_and(|x| x == "rs") {
                out.push_str(&std::fs::read_to_string(&path).unwrap_or_default());
            }
        }
    }

    #[test]
    fn every_reply_is_used() {
        let mut src = String::new();
        sources(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut src,
        );
        // `replies::KEY` then `.get(`/`.fill(` (rustfmt may break the line between), or
        // `replies::key(`.
        let used = |t: &Text| {
            let constant = format!("replies::{}", t.key.to_uppercase());
            let function = format!("replies::{}(", t.key);
            src.contains(&function)
                || src
                    .match_indices(&constant)
                    .any(|(at, m)| src[at + m.len()..].trim_start().starts_with('.'))
        };
        for t in ALL {
            assert!(
                used(t),
                "[{}] in assets/chatops/replies.toml is never used",
                t.key
            );
        }
    }
}
