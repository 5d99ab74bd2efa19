//! The intent engine on the free-written rows of its own corpus
//! (`assets/chatops/corpus/*.jsonl`: one file per author, each written from
//! docs/chatops.md alone), labelled with the answer an operator expects.
//!
//! By default every author is part of the training, so this is the engine's accuracy on
//! what it learned from — a regression floor — and a safety check on thousands of
//! sentences: none that is not an order may be read as one.
//!
//! Leave one author out to see how the engine does on a writer it never learned from:
//! `SB_CORPUS_HOLDOUT=w3 CHATOPS_EVAL_VERBOSE=1 cargo test --test chatops_authors --
//! --nocapture` trains without `w3.jsonl` (see build.rs) and prints that author's score
//! first (`w5,w6` leaves out several, `*` every author). That figure, not the floor, is the estimate of how
//! the engine generalises.

use std::path::Path;

use switchboard::chatops::corpus;

#[path = "chatops_eval/labelled.rs"]
mod labelled;
#[path = "chatops_eval/score.rs"]
mod score;

/// On rows it learned from, the engine still misses about one in eight: the tables
/// overrule the model wherever they are sure, the authors label some readings differently
/// from the tables ("static routing" as an order, a lone "끝" as leaving), and lines about
/// other systems in this console's words ("restart the jenkins agent") are read as its
/// own. A floor against regressions, at the level measured when the eight authors were
/// in (78.0–90.3%, the lowest the author of off-topic lines).
const TRAINED_FLOOR: f64 = 77.5;

fn authors() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/chatops/corpus");
    corpus::author_files(&dir)
        .expect("assets/chatops/corpus is readable")
        .into_iter()
        .map(|p| {
            let name = p
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .to_string();
            let text = std::fs::read_to_string(&p).expect("an author's rows are readable");
            (name, text)
        })
        .collect()
}

#[test]
fn every_author_is_understood_and_nothing_but_an_order_acts() {
    let holdout = option_env!("SB_CORPUS_HOLDOUT").unwrap_or_default();
    let all = authors();
    assert!(
        all.len() >= 3,
        "at least three authors, found {}",
        all.len()
    );
    let mut ordered: Vec<&(String, String)> = all.iter().collect();
    ordered.sort_by_key(|(name, _)| !corpus::held_out(holdout, name));
    let mut failures = Vec::new();
    for (name, text) in ordered {
        let rows = labelled::rows(text);
        let (s, by_class) = labelled::score(&rows);
        let held = corpus::held_out(holdout, name);
        let title = if held {
            format!("{name} (held out)")
        } else {
            name.clone()
        };
        println!("{}", s.summary(&title));
        if std::env::var_os("CHATOPS_EVAL_VERBOSE").is_some() && (held || holdout.is_empty()) {
            for (class, (n, ok)) in &by_class {
                println!("  {class:<20} {ok:>3}/{n:<3}");
            }
            for m in &s.misses {
                println!("miss {m}");
            }
        }
        if !s.misfires.is_empty() {
            failures.push(format!(
                "{name}: {} non-orders read as orders:\n{}",
                s.misfires.len(),
                s.misfires.join("\n")
            ));
        }
        if !held && s.pct(s.intent) < TRAINED_FLOOR {
            failures.push(format!(
                "{name}: intent {:.2}% < {TRAINED_FLOOR}%\n{}",
                s.pct(s.intent),
                s.misses.join("\n")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
