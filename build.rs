//! Build script: trains the ChatOps topic model from `assets/chatops/corpus.txt`, compiles
//! the reply wording of `assets/chatops/replies.toml` into constants, and tells the tests whether the shared fixtures (real metrics files and the decisions
//! expected for them) sit beside the checkout, as `../shared/fixtures/`.
//!
//! Tests that need the fixtures carry `#[cfg_attr(not(shared_fixtures), ignore = "…")]`,
//! so a fresh clone without them reports those tests as *ignored* instead of quietly
//! passing. Likewise `has_tmux` says whether tmux was on PATH, for the tests that drive
//! the console in a real terminal.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

#[allow(dead_code)]
#[path = "src/chatops/corpus.rs"]
mod corpus;
#[allow(dead_code)]
#[path = "src/chatops/ngram.rs"]
mod ngram;
#[path = "src/chatops/topic_svm.rs"]
mod topic_svm;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(shared_fixtures)");
    println!("cargo::rustc-check-cfg=cfg(has_tmux)");
    println!("cargo::rerun-if-changed=build.rs");
    let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".to_string());
    let fixtures = Path::new(&manifest).join("../shared/fixtures");
    let present = fixtures.join("metrics").is_dir() && fixtures.join("expected").is_dir();
    if present {
        println!("cargo::rustc-cfg=shared_fixtures");
        // Only watched when present: watching a missing path would rerun this script on
        // every build. After adding the fixtures to an existing checkout, `touch build.rs`.
        println!("cargo::rerun-if-changed=../shared/fixtures");
    }
    // Installing tmux later changes nothing here by itself: `touch build.rs` then.
    let tmux = Command::new("tmux").arg("-V").output();
    if tmux.is_ok_and(|o| o.status.success()) {
        println!("cargo::rustc-cfg=has_tmux");
    }
    topic_model(Path::new(&manifest));
    replies(Path::new(&manifest));
}

/// `assets/chatops/replies.toml` (`[key]` tables of `ko` and `en` text with `{name}`
/// placeholders) as `$OUT_DIR/replies.rs`: a `Text` constant per key, and a function per
/// key with placeholders whose parameters are those placeholders, so a reply can neither
/// name a missing key nor leave a placeholder unfilled (see `src/chatops/replies.rs`).
fn replies(manifest: &Path) {
    println!("cargo::rerun-if-changed=assets/chatops/replies.toml");
    let path = manifest.join("assets/chatops/replies.toml");
    let src = std::fs::read_to_string(&path).expect("assets/chatops/replies.toml is readable");
    let table: toml::Table = src
        .parse()
        .unwrap_or_else(|e| panic!("assets/chatops/replies.toml: {e}"));
    let mut out = String::new();
    let mut all = Vec::new();
    for (key, value) in &table {
        let ok_key = key.starts_with(|c: char| c.is_ascii_lowercase())
            && key
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        assert!(ok_key, "replies.toml: key {key:?} is not lower_snake_case");
        let text = |lang: &str| {
            value
                .get(lang)
                .and_then(|v| v.as_str())
                .unwrap_or_else(|| panic!("replies.toml: [{key}] has no {lang} text"))
        };
        let (ko, en) = (text("ko"), text("en"));
        let fields = value.as_table().map_or(0, |t| t.len());
        assert_eq!(fields, 2, "replies.toml: [{key}] holds more than ko and en");
        let holes = placeholders(en);
        let mut ko_holes = placeholders(ko);
        ko_holes.sort();
        let mut en_holes = holes.clone();
        en_holes.sort();
        assert_eq!(
            ko_holes, en_holes,
            "replies.toml: [{key}] ko and en fill different places"
        );
        let name = key.to_uppercase();
        let _ = writeln!(
            out,
            "/// {en:?}\npub const {name}: Text = Text {{ key: {key:?}, ko: {ko:?}, en: {en:?} }};"
        );
        if !holes.is_empty() {
            let params: Vec<String> = holes.iter().map(|h| format!("{h}: &dyn Display")).collect();
            let args: Vec<String> = holes.iter().map(|h| format!("({h:?}, {h})")).collect();
            let _ = writeln!(
                out,
                "/// {en:?}\npub fn {key}(lang: Lang, {}) -> String {{ {name}.fill(lang, &[{}]) }}",
                params.join(", "),
                args.join(", ")
            );
        }
        all.push(name);
    }
    let _ = writeln!(out, "/// Every reply text, for the tests.");
    let _ = writeln!(out, "pub const ALL: &[Text] = &[{}];", all.join(", "));
    let dest = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR is set")).join("replies.rs");
    std::fs::write(dest, out).expect("$OUT_DIR is writable");
}

/// The `{name}` placeholders of a reply text, in order, each once.
fn placeholders(text: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let close = after
            .find('}')
            .unwrap_or_else(|| panic!("replies.toml: unclosed `{{` in {text:?}"));
        let name = &after[..close];
        assert!(
            !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
            "replies.toml: placeholder {{{name}}} in {text:?} is not lower_snake_case"
        );
        if !found.iter().any(|f| f == name) {
            found.push(name.to_string());
        }
        rest = &after[close + 1..];
    }
    found
}

/// How much a free-written row counts against one rendered template: a sentence a person
/// wrote teaches more than one more combination of slot values.
const FREE_WEIGHT: f64 = 10.0;

/// The free-written rows: the authors' (`assets/chatops/corpus/*.jsonl`) and the frozen
/// blind sets' (`tests/chatops_eval/blind*.jsonl`), each with `text` and the `topic` it is
/// about. A blind set is taught only once it has been measured, blind, on the engine that
/// had not seen it (see `tests/chatops_blind.rs`); after that it is one more author.
/// `SB_CORPUS_HOLDOUT=NAME` leaves out `NAME.jsonl` (several: `w5,blind20`; `*`: every
/// one), so that the engine can be scored on a writer it never learned from
/// (`tests/chatops_authors.rs`, `tests/chatops_blind.rs`).
fn free_rows(manifest: &Path) -> Vec<corpus::Sample> {
    println!("cargo::rerun-if-changed=assets/chatops/corpus");
    println!("cargo::rerun-if-env-changed=SB_CORPUS_HOLDOUT");
    let holdout = std::env::var("SB_CORPUS_HOLDOUT").unwrap_or_default();
    println!("cargo::rerun-if-changed=tests/chatops_eval");
    let mut files =
        corpus::author_files(&manifest.join("assets/chatops/corpus")).unwrap_or_default();
    files.extend(corpus::author_files(&manifest.join("tests/chatops_eval")).unwrap_or_default());
    let mut out = Vec::new();
    for f in files {
        let stem = f.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        if corpus::held_out(&holdout, stem) {
            continue;
        }
        println!("cargo::rerun-if-changed={}", f.display());
        let src = std::fs::read_to_string(&f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        for (n, line) in src
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            let row: serde_json::Value = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("{}:{}: {e}", f.display(), n + 1));
            let field = |k: &str| {
                row.get(k)
                    .and_then(|v| v.as_str())
                    .unwrap_or_else(|| panic!("{}:{}: no {k:?}", f.display(), n + 1))
                    .to_string()
            };
            let sample = corpus::Sample {
                label: field("topic"),
                text: field("text"),
            };
            out.push(sample);
        }
    }
    out
}

/// The topic model (see `src/chatops/topic.rs` for how it is read), written to
/// `$OUT_DIR/topic_model.rs` as sparse tables: a linear SVM per topic over
/// `ngram::features`, trained by `topic_svm`.
fn topic_model(manifest: &Path) {
    for f in [
        "assets/chatops/corpus.txt",
        "src/chatops/corpus.rs",
        "src/chatops/ngram.rs",
        "src/chatops/topic_svm.rs",
    ] {
        println!("cargo::rerun-if-changed={f}");
    }
    let src = std::fs::read_to_string(manifest.join("assets/chatops/corpus.txt"))
        .expect("assets/chatops/corpus.txt is readable");
    let parsed = corpus::parse(&src).unwrap_or_else(|e| panic!("{e}"));
    let mut samples: Vec<(corpus::Sample, f64)> = corpus::expand(&parsed)
        .into_iter()
        .map(|s| (s, 1.0))
        .collect();
    let templated = samples.len();
    samples.extend(free_rows(manifest).into_iter().map(|s| (s, FREE_WEIGHT)));
    let mut feats = Vec::new();
    let rows: Vec<topic_svm::Row> = samples
        .iter()
        .map(|(s, w)| {
            ngram::features(&s.text.to_lowercase(), &mut feats);
            topic_svm::Row {
                label: s.label.clone(),
                features: feats.clone(),
                weight: *w,
            }
        })
        .collect();
    let model = topic_svm::train(&rows, ngram::is_telling);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "// Generated by build.rs from assets/chatops/corpus.txt ({templated} sentences) \
         and assets/chatops/corpus/ ({} rows).",
        samples.len() - templated
    );
    out.push_str(&model.to_rust());
    let dest =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("topic_model.rs");
    std::fs::write(&dest, out).expect("OUT_DIR is writable");
}
