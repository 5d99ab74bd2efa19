//! The built-in vocabulary: which words mean which concept, in Korean and English.
//!
//! Words map to *concepts* (status, recovery, turn-on, question, …), not straight to
//! intents; `classify` turns the set of concepts present into an intent. That keeps the
//! tables short and lets "게이트웨이 왜 느려", "why is gateway slow" and "gateway 느린 이유"
//! meet in the same place.
//!
//! The words themselves are data under `assets/chatops/`, compiled in and read once:
//! `words.txt` (surface → concepts), `phrases.toml` (whole phrases → intent, and channel
//! aliases, in the shape of a team's `[chatops]` config) and `acts.txt` (endings, fillers
//! and the markers of the speech act). Every entry is already NFC and lower case (a test
//! checks it), so building the engine costs no normalisation.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::LazyLock;

use super::intent::Intent;

/// A unit of meaning the rules in `classify` reason about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Concept {
    Status,
    Overall,
    Channel,
    Health,
    Latency,
    Fastest,
    Routing,
    Recovery,
    Restart,
    Worker,
    Run,
    Auto,
    On,
    Off,
    Stop,
    Switch,
    Monitoring,
    Static,
    Why,
    Trend,
    Forecast,
    Export,
    Dashboard,
    Refresh,
    Pause,
    Resume,
    Poller,
    Help,
    Quit,
    /// "필요", "should", "need": asks whether, never orders.
    Need,
    /// "켜져 있어", "running", "됐어": describes a state, never orders.
    Stative,
    /// "하지 마", "don't", "cancel".
    Negation,
    /// "뭐", "어디", "몇": an interrogative word.
    Question,
    /// "해제", "취소", "풀어", "cancel", "undo": undoes the order it follows (or, in
    /// English, precedes): `일시정지 해제` is resume, `복구 실행 취소` is not a run.
    Invert,
    /// "그만": undoes an order when one is named, and alone means "enough, leave".
    Enough,
    /// "지난", "last", "ago": the question is about what already happened (a trend).
    Past,
    /// "앞으로", "다음", "will", "later": the question is about what comes (a forecast).
    Future,
    /// "리셋", "초기화", "reset", "clear".
    Reset,
    /// "점검" (with a duration), "silence", "mute", "maintenance".
    Silence,
    /// "에스컬레이션", "escalation", "실패 횟수", "backoff": recovery's alert state.
    Escalation,
    /// "콘솔", "console", "app": the program itself (what `quit` leaves).
    App,
    /// "문제", "에러", "wrong", "errors": what is failing and why (`problems`).
    Problem,
    /// "제일 싼", "cheapest", "cost": rank by `cost_per_1k_tokens` (`routing`, by cost).
    Cheapest,
    /// "primary", "standby", "예비": a channel named by its place in the routing. Asked
    /// about its health, it is that channel's health (`channels`).
    Role,
    /// "적용", "apply": with routing, writing the routing order to the gateway.
    Apply,
    /// "정책", "policy", "balanced": how routing chooses (`[routing] policy`).
    Policy,
    /// "by", "based on", "기준으로": what something is decided by ("route by latency").
    Basis,
    /// "안녕하세요", "good morning": a greeting, which asks for nothing.
    Greeting,
    /// "weather", "맛집", "default gateway": something outside this console.
    Elsewhere,
    /// "last error", "since when": the details of a problem, for a named channel too.
    Detail,
    /// "추천대로", "as recommended": recovery's recommended actions, or the routing when
    /// that is what is applied ("추천대로 라우팅 적용해").
    Recommended,
    /// "뽑아줘": pulling something up — the dashboard written out, or anything else shown.
    Pull,
}

impl Concept {
    /// Every concept, by the name the data files use (`assets/chatops/words.txt`).
    pub const NAMED: [(&'static str, Concept); 52] = [
        ("status", Concept::Status),
        ("overall", Concept::Overall),
        ("channel", Concept::Channel),
        ("health", Concept::Health),
        ("latency", Concept::Latency),
        ("fastest", Concept::Fastest),
        ("routing", Concept::Routing),
        ("recovery", Concept::Recovery),
        ("restart", Concept::Restart),
        ("worker", Concept::Worker),
        ("run", Concept::Run),
        ("auto", Concept::Auto),
        ("on", Concept::On),
        ("off", Concept::Off),
        ("stop", Concept::Stop),
        ("switch", Concept::Switch),
        ("monitoring", Concept::Monitoring),
        ("static", Concept::Static),
        ("why", Concept::Why),
        ("trend", Concept::Trend),
        ("forecast", Concept::Forecast),
        ("export", Concept::Export),
        ("dashboard", Concept::Dashboard),
        ("refresh", Concept::Refresh),
        ("pause", Concept::Pause),
        ("resume", Concept::Resume),
        ("poller", Concept::Poller),
        ("help", Concept::Help),
        ("quit", Concept::Quit),
        ("need", Concept::Need),
        ("stative", Concept::Stative),
        ("negation", Concept::Negation),
        ("question", Concept::Question),
        ("invert", Concept::Invert),
        ("enough", Concept::Enough),
        ("past", Concept::Past),
        ("future", Concept::Future),
        ("reset", Concept::Reset),
        ("silence", Concept::Silence),
        ("escalation", Concept::Escalation),
        ("app", Concept::App),
        ("problem", Concept::Problem),
        ("cheapest", Concept::Cheapest),
        ("role", Concept::Role),
        ("apply", Concept::Apply),
        ("policy", Concept::Policy),
        ("basis", Concept::Basis),
        ("greeting", Concept::Greeting),
        ("elsewhere", Concept::Elsewhere),
        ("detail", Concept::Detail),
        ("recommended", Concept::Recommended),
        ("pull", Concept::Pull),
    ];

    pub fn from_name(name: &str) -> Option<Concept> {
        Concept::NAMED
            .iter()
            .find(|(n, _)| *n == name)
            .map(|&(_, c)| c)
    }
}

/// A small set of concepts (a bit mask).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Concepts(u64);

impl Concepts {
    pub fn of(list: &[Concept]) -> Concepts {
        let mut s = Concepts::default();
        for &c in list {
            s.insert(c);
        }
        s
    }

    pub fn insert(&mut self, c: Concept) {
        self.0 |= 1 << c as u8;
    }

    pub fn remove(&mut self, c: Concept) {
        self.0 &= !(1 << c as u8);
    }

    pub fn union(&mut self, other: Concepts) {
        self.0 |= other.0;
    }

    pub fn has(self, c: Concept) -> bool {
        self.0 & (1 << c as u8) != 0
    }

    pub fn any(self, list: &[Concept]) -> bool {
        list.iter().any(|&c| self.has(c))
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}
/// Surface forms and the concepts they carry (`assets/chatops/words.txt`, one
/// `surface = concept concept` a line). Hangul entries match inside a space-free run;
/// Latin entries match whole words (entries with spaces match consecutive words).
pub const WORDS_FILE: &str = include_str!("../../assets/chatops/words.txt");

/// One line of `WORDS_FILE`: its surface and concepts, or why it cannot be read.
pub fn word_line(line: &str) -> Option<Result<(&str, Concepts), String>> {
    let text = line.split('#').next().unwrap_or("").trim();
    if text.is_empty() {
        return None;
    }
    let Some((surface, names)) = text.split_once('=') else {
        return Some(Err(format!("no `=` in {line:?}")));
    };
    let mut set = Concepts::default();
    for n in names.split_whitespace() {
        match Concept::from_name(n) {
            Some(c) => set.insert(c),
            None => return Some(Err(format!("no concept {n:?} in {line:?}"))),
        }
    }
    if set.is_empty() || surface.trim().is_empty() {
        return Some(Err(format!("empty surface or concepts in {line:?}")));
    }
    Some(Ok((surface.trim(), set)))
}

/// The well-formed lines of `WORDS_FILE`, in file order (all of them: a test checks).
pub fn words() -> &'static [(&'static str, Concepts)] {
    static LIST: LazyLock<Vec<(&'static str, Concepts)>> = LazyLock::new(|| {
        WORDS_FILE
            .lines()
            .filter_map(word_line)
            .filter_map(Result::ok)
            .collect()
    });
    &LIST
}

/// Whole phrases naming an intent, and channel aliases (`assets/chatops/phrases.toml`,
/// shaped like a team's `[chatops]` config).
pub const PHRASES_FILE: &str = include_str!("../../assets/chatops/phrases.toml");

/// `phrases.toml` as written: intent id or channel name → its surfaces. The order of the
/// keys means nothing (TOML tables have none): every phrase is looked up on its own.
#[derive(Debug, Default, serde::Deserialize)]
pub struct PhrasesFile {
    #[serde(default)]
    pub phrases: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub aliases: BTreeMap<String, Vec<String>>,
}

/// Reads `PHRASES_FILE` (the `[chatops]` table of it).
pub fn parse_phrases(text: &str) -> Result<PhrasesFile, toml::de::Error> {
    #[derive(serde::Deserialize)]
    struct Doc {
        chatops: PhrasesFile,
    }
    toml::from_str::<Doc>(text).map(|d| d.chatops)
}

fn phrases_file() -> &'static PhrasesFile {
    // Compiled in and checked by a test: an unreadable file can only be a build mistake.
    static FILE: LazyLock<PhrasesFile> =
        LazyLock::new(|| parse_phrases(PHRASES_FILE).unwrap_or_default());
    &FILE
}

/// Built-in phrases and the intent each names.
pub fn phrases() -> impl Iterator<Item = (&'static str, Intent)> {
    phrases_file().phrases.iter().flat_map(|(id, list)| {
        let intent = Intent::from_id(id);
        list.iter().filter_map(move |p| Some((p.as_str(), intent?)))
    })
}

/// Korean transliterations and short forms of the demo channels' names: (folded channel
/// name, its aliases). They apply only when a channel of that name exists.
pub fn channel_aliases() -> &'static BTreeMap<String, Vec<String>> {
    &phrases_file().aliases
}

/// Grammar kept as data (`assets/chatops/acts.txt`, `kind = a | b` lines): endings, the
/// markers the speech-act layer reads, and words that mean nothing by themselves.
pub const ACTS_FILE: &str = include_str!("../../assets/chatops/acts.txt");

/// The kinds `ACTS_FILE` may list.
pub const GRAMMAR_KINDS: [&str; 21] = [
    "hedge_en",
    "order_verb_en",
    "hedge_ko",
    "doer",
    "request",
    "request_en",
    "request_lead",
    "filler",
    "emoji",
    "ending",
    "question_ending",
    "happens_ko",
    "imperative_ending",
    "question_lead",
    "aux_do",
    "subject",
    "polite_request_ko",
    "asks_leave_ko",
    "real_ko",
    "emphasis",
    "afterthought",
];

/// The entries of one kind of `ACTS_FILE`, in file order (empty for a kind it does not
/// list).
pub fn grammar(kind: &str) -> &'static [&'static str] {
    static MAP: LazyLock<HashMap<&'static str, Vec<&'static str>>> = LazyLock::new(|| {
        let mut map: HashMap<&'static str, Vec<&'static str>> = HashMap::new();
        for line in ACTS_FILE.lines() {
            let text = line.split('#').next().unwrap_or("").trim();
            if let Some((kind, items)) = text.split_once('=') {
                let list = map.entry(kind.trim()).or_default();
                list.extend(items.split('|').map(str::trim).filter(|w| !w.is_empty()));
            }
        }
        map
    });
    MAP.get(kind).map_or(&[], Vec::as_slice)
}

/// The word an emoji stands for (`emoji` in `ACTS_FILE`: "📈 trend"), if any.
pub fn emoji_word(c: char) -> Option<&'static str> {
    grammar("emoji").iter().find_map(|e| {
        let (emoji, word) = e.split_once(' ')?;
        (emoji.chars().eq(std::iter::once(c))).then_some(word.trim())
    })
}

/// English words near the vocabulary that are words of their own ("safe", "cloudy"),
/// sorted; written by `scripts/chatops-real-words.py`.
pub const REAL_WORDS_FILE: &str = include_str!("../../assets/chatops/real-words.txt");

/// Whether `w` is an English word of its own, which a typo correction must leave alone.
pub fn is_real_word(w: &str) -> bool {
    static LIST: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
        REAL_WORDS_FILE
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .collect()
    });
    LIST.binary_search(&w).is_ok()
}

/// Whether `w` is one of the meaning-carrying Hangul/Latin terms (protects it from having
/// an "ending" stripped: `게이트웨이` ends in `이` but is a word).
pub fn is_term(w: &str) -> bool {
    static TERMS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
        let words = words().iter().map(|(s, _)| *s);
        let phrases = phrases().map(|(s, _)| s);
        let aliases = channel_aliases()
            .iter()
            .flat_map(|(n, a)| a.iter().chain([n]).map(String::as_str));
        words.chain(phrases).chain(aliases).collect()
    });
    TERMS.contains(w)
}

/// Whether `w` is a particle, ending or courtesy word (hashed once: this is asked for every
/// stretch of text the vocabulary did not explain).
pub fn is_filler(w: &str) -> bool {
    static SET: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
        // Hedges ("maybe", "if") are the act layer's: understood, meaning no topic.
        let fillers = grammar("filler")
            .iter()
            .chain(grammar("hedge_en"))
            .chain(grammar("emphasis"));
        fillers.chain(grammar("ending")).copied().collect()
    });
    SET.contains(w)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chatops::normalize::fold;

    fn assert_folded(s: &str, origin: &str) {
        assert!(!s.is_empty(), "an empty entry in {origin}");
        assert_eq!(fold(s), s, "{s:?} in {origin} is not NFC lower case");
    }

    #[test]
    fn the_words_file_is_well_formed_folded_and_says_each_surface_once() {
        let mut seen = HashSet::new();
        let mut n = 0;
        for line in WORDS_FILE.lines() {
            if let Some(r) = word_line(line) {
                let (surface, _) = r.unwrap_or_else(|e| panic!("assets/chatops/words.txt: {e}"));
                assert_folded(surface, "words.txt");
                let latin = surface
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == ' ');
                let hangul = surface.chars().all(|c| !c.is_ascii());
                assert!(latin || hangul, "{surface:?} mixes scripts or punctuation");
                assert!(seen.insert(surface), "{surface} listed twice in words.txt");
                n += 1;
            }
        }
        assert_eq!(words().len(), n);
        assert!(n > 700, "the built-in vocabulary is all there ({n} words)");
        assert!(word_line("x = nonsense").is_some_and(|r| r.is_err()));
        assert!(word_line("x =").is_some_and(|r| r.is_err()));
        assert!(word_line("= status").is_some_and(|r| r.is_err()));
    }

    #[test]
    fn the_phrases_file_names_known_intents_and_is_folded() {
        let file = parse_phrases(PHRASES_FILE).expect("assets/chatops/phrases.toml parses");
        let mut seen = HashSet::new();
        for (id, list) in &file.phrases {
            let intent = Intent::from_id(id);
            assert!(
                intent.is_some_and(|i| i != Intent::Unknown),
                "phrases.toml: unknown intent {id:?}"
            );
            assert!(!list.is_empty(), "phrases.toml: no phrases for {id}");
            for p in list {
                assert_folded(p, "phrases.toml");
                assert!(seen.insert(p.as_str()), "{p} listed twice in phrases.toml");
            }
        }
        for (name, list) in &file.aliases {
            assert_folded(name, "phrases.toml");
            assert!(!list.is_empty(), "phrases.toml: no aliases for {name}");
            for a in list {
                assert_folded(a, "phrases.toml");
                assert!(seen.insert(a.as_str()), "{a} listed twice in phrases.toml");
            }
        }
        let n: usize = file.phrases.values().map(Vec::len).sum();
        assert_eq!(phrases().count(), n);
        for (s, _) in words() {
            assert!(
                !seen.contains(s),
                "{s} is both a word and a phrase or alias"
            );
        }
        assert!(phrases().any(|p| p == ("do what you recommend", Intent::RecoveryRun)));
        assert!(parse_phrases("[chatops]\nphrases = 3").is_err());
    }

    #[test]
    fn the_grammar_file_is_well_formed_and_folded() {
        for line in ACTS_FILE.lines() {
            let text = line.split('#').next().unwrap_or("").trim();
            if text.is_empty() {
                continue;
            }
            let (kind, items) = text.split_once('=').expect("`kind = a | b`");
            assert!(
                GRAMMAR_KINDS.contains(&kind.trim()),
                "unknown kind in {line:?}"
            );
            for w in items.split('|').map(str::trim) {
                assert_folded(w, "acts.txt");
                if kind.trim() == "emoji" {
                    let (e, word) = w.split_once(' ').expect("`emoji word`");
                    let c = e.chars().next().expect("an emoji");
                    assert_eq!(emoji_word(c), Some(word), "{w:?}");
                    assert!(is_term(word), "{word} is not vocabulary");
                }
            }
        }
        for kind in GRAMMAR_KINDS {
            let list = grammar(kind);
            assert!(!list.is_empty(), "{kind}");
            let set: HashSet<&str> = list.iter().copied().collect();
            assert_eq!(set.len(), list.len(), "a word listed twice as {kind}");
        }
    }

    #[test]
    fn real_words_are_sorted_and_not_vocabulary() {
        let list: Vec<&str> = REAL_WORDS_FILE
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .collect();
        assert!(list.windows(2).all(|w| w[0] < w[1]), "sorted, no repeats");
        for w in &list {
            assert!(!is_term(w), "{w} is vocabulary");
        }
        assert!(is_real_word("safe") && is_real_word("cloudy"));
        assert!(!is_real_word("save") && !is_real_word("stauts"));
    }

    #[test]
    fn every_concept_has_one_name() {
        for (i, (name, c)) in Concept::NAMED.into_iter().enumerate() {
            assert_eq!(Concept::from_name(name), Some(c));
            assert_eq!(c as usize, i, "{name}: NAMED follows the declaration order");
        }
        // The last variant closes the list, so none is left without a name.
        assert_eq!(Concept::Pull as usize + 1, Concept::NAMED.len());
        assert_eq!(Concept::from_name("Status"), None);
    }

    #[test]
    fn concept_sets() {
        use Concept::*;
        let s = Concepts::of(&[Recovery, Run]);
        assert!(s.has(Recovery) && s.has(Run) && !s.has(Need));
        assert!(s.any(&[Need, Run]));
        assert!(Concepts::default().is_empty());
    }
}
