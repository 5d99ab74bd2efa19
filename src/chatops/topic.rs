//! The topic model: which intent family an utterance is about, learned from phrasings
//! (`assets/chatops/corpus.txt` and the free-written rows of `assets/chatops/corpus/`)
//! rather than listed word by word.
//!
//! A linear SVM per topic over the character n-grams of `ngram` (trained by `build.rs`
//! with `topic_svm`), compiled in as sparse tables: for each feature seen in training, the
//! topics it moves and by how much. Scoring an utterance is a binary search per feature, a
//! few microseconds. Features the corpus never saw carry no evidence, and their share
//! lowers the confidence.

use super::intent::Intent;
use super::ngram;
use super::normalize;

// Learned weights: a value near 1.4142… is a weight, not √2.
#[allow(clippy::approx_constant)]
mod model {
    include!(concat!(env!("OUT_DIR"), "/topic_model.rs"));
}

/// The model's reading of one utterance.
#[derive(Debug, Clone, PartialEq)]
pub struct Topic {
    /// The best class; `Intent::Unknown` when that is what the corpus calls off-topic.
    pub intent: Intent,
    /// Posterior probability of `intent`, 0–1.
    pub probability: f64,
    /// Share of the utterance's telling features (words, syllable pairs) the corpus has
    /// seen, 0–1.
    pub known: f64,
    /// The next best classes, best first.
    pub runners_up: Vec<(Intent, f64)>,
}

impl Topic {
    /// How sure the reading is: probable, and made of features the corpus knows.
    pub fn confidence(&self) -> f64 {
        self.probability * self.known
    }
}

/// Reads `text` (any case, NFC or NFD: it is folded first).
pub fn read(text: &str) -> Topic {
    let folded = normalize::fold(text);
    let mut feats = Vec::with_capacity(64);
    ngram::features(&folded, &mut feats);
    // The model was trained on each utterance's distinct features, scaled to unit length.
    feats.sort_unstable();
    feats.dedup();
    let unit = 1.0 / (feats.len().max(1) as f64).sqrt();
    let mut score: Vec<f64> = model::BIAS.iter().map(|&b| f64::from(b)).collect();
    let telling = feats.iter().filter(|&&f| ngram::is_telling(f)).count();
    let mut known = 0usize;
    for f in &feats {
        let Ok(k) = model::KEYS.binary_search(f) else {
            continue;
        };
        known += usize::from(ngram::is_telling(*f));
        let (a, b) = (model::STARTS[k] as usize, model::STARTS[k + 1] as usize);
        for &(c, w) in &model::CELLS[a..b] {
            score[usize::from(c)] += f64::from(w) * unit;
        }
    }
    let top = score.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let weights: Vec<f64> = score
        .iter()
        .map(|s| ((s - top) * model::SCALE).exp())
        .collect();
    let total: f64 = weights.iter().sum();
    let mut ranked: Vec<(Intent, f64)> = model::LABELS
        .iter()
        .zip(&weights)
        .map(|(l, w)| (Intent::from_id(l).unwrap_or(Intent::Unknown), w / total))
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
    let (intent, probability) = ranked[0];
    Topic {
        intent,
        probability: if known == 0 { 0.0 } else { probability },
        known: known as f64 / telling.max(1) as f64,
        runners_up: ranked[1..4].to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_is_an_intent() {
        for l in model::LABELS {
            assert!(Intent::from_id(l).is_some(), "{l}");
        }
        assert_eq!(model::STARTS.len(), model::KEYS.len() + 1);
        assert!(model::KEYS.windows(2).all(|w| w[0] < w[1]), "sorted");
    }

    /// Phrasings the corpus does not hold word for word (other words, typos, courtesy).
    #[test]
    fn it_generalises_beyond_its_corpus() {
        for (text, want) in [
            ("kick the cloud worker pls", Intent::RecoveryRun),
            ("리포트 좀 뽑아줄래", Intent::Export),
            ("freeze the feed for now", Intent::Pause),
            ("숫자 다시 불러와줘", Intent::Refresh),
            ("recovry histroy", Intent::RecoveryHistory),
        ] {
            let t = read(text);
            assert_eq!(t.intent, want, "{text}: {t:?}");
        }
    }

    #[test]
    fn text_it_never_saw_has_no_confidence() {
        let t = read("zzqx vbnm");
        assert_eq!(t.probability, 0.0);
        assert_eq!(t.known, 0.0);
    }
}
