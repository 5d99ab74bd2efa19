//! The intent engine: `Engine::new` compiles the vocabulary once (built-in words, channel
//! names and aliases, phrases a team taught it), `Engine::classify` reads one utterance.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::sync::OnceLock;

use super::act::{self, Act, SpeechAct};
use super::args;
use super::intent::{Intent, Lang};
use super::jamo;
use super::lexicon::{self, Concept, Concepts};
use super::matcher::{Meaning, Tables};
use super::normalize;
use super::request;
use super::rules;
use super::switch_way;
use super::topic;

mod answered;
mod apart;
mod arguments;
mod clauses;
mod correction;
mod depth;
mod hold;
mod mail;
mod narrowed;
mod sentences;
mod teach;
use arguments::prefer_exact;
pub use arguments::Args;
use teach::surface;
pub use teach::{Teach, TeachError};

/// Below this, the answer is `unknown` (with suggestions).
pub const MIN_CONFIDENCE: f64 = 0.5;
/// A mutating intent needs more than a fair guess; below this it is answered as a question.
pub const MIN_ACTION_CONFIDENCE: f64 = 0.75;
/// The topic model answers where the tables found nothing sure, from this confidence on.
pub const MIN_TOPIC_CONFIDENCE: f64 = 0.6;
/// Where the tables answered but left words unexplained, the topic model overrules them
/// only when it is this sure of another reading (~97% right at this level on an author
/// it never learned from).
pub const TOPIC_OVERRULES: f64 = 0.8;
/// Words that make a sentence an order for something to be done, not a name of it.
const VERBS: [Concept; 14] = {
    use Concept::*;
    [
        On, Off, Stop, Switch, Run, Restart, Reset, Apply, Pause, Resume, Silence, Refresh, Invert,
        Enough,
    ]
};
/// An order the tables read only as a question about its family is the model's order of
/// that family from this confidence on.
pub const FAMILY_ORDER: f64 = 0.9;

#[derive(Debug, Clone, PartialEq)]
pub struct Classification {
    pub intent: Intent,
    pub args: Args,
    pub lang: Lang,
    /// 0–1: the share of the text understood, lowered by typos.
    pub confidence: f64,
    /// Closest other intents, best first (at most three).
    pub suggestions: Vec<Intent>,
    /// An intent that acts, which the text mentioned but did not order (a question, a
    /// negation, an undoing word, a guess): the reply says how to order it.
    pub withheld: Option<Intent>,
    /// Why `withheld` was not carried out.
    pub held: Option<Hold>,
    /// The reading is the topic model's, not the tables'.
    pub learned: bool,
}

/// Why an order was answered as a question instead of carried out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hold {
    /// A question, a statement of need, or a description of a state ("복구 필요해?").
    Asked,
    /// "하지 마", "don't".
    Negated,
    /// An undoing word after an order that has no opposite ("복구 실행 취소").
    Undone,
    /// Below the margin: too little understood, or another order fits as well.
    Unsure,
}

/// What the matcher saw, as far as `decide` needs it.
#[derive(Debug, Clone, Copy)]
struct Seen {
    concepts: Concepts,
    channel: bool,
    unexplained: u32,
    /// The reading came from the topic model, not from the tables.
    learned: bool,
    /// The tables found no intent at all (the model filled a gap, it overruled nothing).
    gap: bool,
    /// The model, reading the words the tables left unexplained, agrees with their
    /// reading: those words belong to it ("숫자 좀 읽게 멈춰줘").
    vouched: bool,
    /// A whole phrase of this console's was found ("how do i use"): the sentence is
    /// about it, whatever words are left over ("how do i use this thing lol").
    phrase: bool,
    /// The tables read an order among two or more words they do not know, and the
    /// model reads the sentence otherwise ("게이트웨이 방화벽 규칙 변경 승인 부탁드립니다"):
    /// it is asked back, not carried out.
    doubted: bool,
    /// The sentence ends in a Korean request ("…줘", "…주세요"), whatever verb it asks.
    asks: bool,
}

pub struct Engine {
    tables: Tables,
    channels: Vec<String>,
    /// Normalised example phrasings per intent, for "did you mean" (made on first need:
    /// most processes never see an unknown utterance).
    examples: OnceLock<Vec<(Intent, Vec<u8>)>>,
}

impl Engine {
    /// An engine for these channels with the built-in vocabulary only.
    pub fn with_channels<S: AsRef<str>>(channel_names: &[S]) -> Engine {
        let mut e = Engine::base(channel_names);
        e.tables.seal();
        e
    }

    /// An engine for these channels, plus what the team taught it.
    pub fn new<S: AsRef<str>>(channel_names: &[S], teach: &Teach) -> Result<Engine, TeachError> {
        let mut e = Engine::base(channel_names);
        e.teach(teach)?;
        e.tables.seal();
        Ok(e)
    }

    pub fn channels(&self) -> &[String] {
        &self.channels
    }

    fn base<S: AsRef<str>>(channel_names: &[S]) -> Engine {
        let mut tables = Tables::default();
        // The built-in tables are stored folded already (a lexicon test checks).
        for &(s, cs) in lexicon::words() {
            tables.add(Cow::Borrowed(s), Meaning::Concepts(cs));
        }
        for (s, intent) in lexicon::phrases() {
            let m = Meaning::Intent {
                intent,
                taught: false,
            };
            tables.add(Cow::Borrowed(s), m);
        }
        let channels: Vec<String> = channel_names
            .iter()
            .map(|n| n.as_ref().to_string())
            .collect();
        for (i, name) in channels.iter().enumerate() {
            if let Ok(Some(s)) = surface(name) {
                tables.add(Cow::Owned(s), Meaning::Channel(i));
            }
            let folded = normalize::fold(name);
            for (canon, aliases) in lexicon::channel_aliases() {
                if folded == *canon {
                    for a in aliases {
                        tables.add(Cow::Borrowed(a.as_str()), Meaning::Channel(i));
                    }
                }
            }
        }
        Engine {
            tables,
            channels,
            examples: OnceLock::new(),
        }
    }

    /// What the matcher found in `text` (concepts, channels, coverage): the reasoning
    /// behind a classification, for diagnostics and tests.
    pub fn evidence(&self, text: &str) -> crate::chatops::matcher::Evidence {
        let (rest, _) = args::take_path(text);
        self.tables.evidence(&normalize::prepare(&rest))
    }

    /// Reads one sentence as a whole.
    fn read(&self, text: &str) -> Classification {
        self.read_as(text, None)
    }

    /// Reads one sentence as a whole, with the act of one of its clauses when `act` is
    /// given (see `clauses`).
    fn read_as(&self, text: &str, act: Option<Act>) -> Classification {
        let (rest, path) = args::take_path(text);
        let prep = normalize::prepare(&rest);
        let mut ev = self.tables.evidence(&prep);
        ev.channels = prefer_exact(&ev.channels, &self.channels, &rest);
        // "in 30 minutes", "1시간 전": a time phrase is past or future by its shape.
        let when = args::time_direction(&prep);
        if let Some(t) = when {
            ev.concepts.insert(t);
        }
        if args::to_zero(&prep) {
            ev.concepts.insert(Concept::Reset);
        }
        let mut act = act.unwrap_or_else(|| Act::read(&prep, &ev));
        // An order for a time to come ("restart it in 10 minutes", "10분 뒤에 재시작") is
        // not one for now, and nothing here can schedule it.
        act.hedge |= when == Some(Concept::Future);
        // "standby ok?", "is the fallback fine?": a role asked whether it is fine asks
        // about its health (the courtesy "ok" elsewhere means nothing).
        if act.question && ev.concepts.has(Concept::Role) && act::asks_fine(&prep) {
            ev.concepts.insert(Concept::Health);
        }
        let mut fired: Vec<Intent> = Vec::new();
        for &i in &ev.intents {
            if !fired.contains(&i) {
                fired.push(i);
            }
        }
        // The sentence ends in a Korean request ("…줘", "…주세요"), whatever verb it asks
        // ("추천대로 라우팅 박아줘").
        let asks = ev.tails.last().is_some_and(|t| {
            ["줘", "줘요", "주세요", "주라", "주십시오"]
                .iter()
                .any(|e| t.ends_with(e))
        });
        let concepts = rules::channel_switched_on(
            ev.concepts,
            !ev.channels.is_empty(),
            asks || act.imperative,
        );
        for i in rules::fire(
            concepts,
            !ev.channels.is_empty(),
            act.imperative,
            act.requested || asks,
        ) {
            if !fired.contains(&i) {
                fired.push(i);
            }
        }
        // ("정적 라우팅 그만하고 모니터링 기반으로 가자": both ways named, the words say which.)
        let folded = normalize::fold(&rest);
        if let Some(turn) = switch_way::turn_of(&folded, ev.concepts) {
            let steered = switch_way::steer(&mut fired, turn);
            act.negated &= !(steered && turn.by_not && !switch_way::refuses_too(&folded));
        }
        // "routing policy -> health", "정책 balanced": a policy named is one to switch to.
        if ev.concepts.has(Concept::Policy) && args::policy_name(&prep).is_some() {
            fired.retain(|&i| i != Intent::RoutingPolicy);
            fired.insert(0, Intent::RoutingPolicy);
        }
        let horizon = args::horizon_minutes(&prep);
        // "Gateway 30분 점검", "silence Gateway for 30m": a silence needs its length ("상태
        // 점검" is a status check, not a silence).
        if ev.concepts.has(Concept::Silence) && horizon.is_some() {
            fired.retain(|&i| i != Intent::Silence);
            fired.insert(0, Intent::Silence);
        }
        // "지난 1시간", "last 2 hours": a period looking back and nothing else asks how
        // that period went (history's trend).
        if fired.is_empty() && horizon.is_some() && ev.concepts.has(Concept::Past) {
            fired.push(Intent::Trend);
        }
        // "any incidents in the past hour?", "was gateway down in the last hour?",
        // "클라우드 24시간 가용성": a channel's state over a period (not one to come) is its trend.
        if matches!(fired.first(), Some(Intent::Problems | Intent::Channels))
            && horizon.is_some()
            && !ev.concepts.has(Concept::Future)
        {
            fired.insert(0, Intent::Trend);
        }
        let mut c = Classification {
            intent: Intent::Unknown,
            args: self.args(&ev, &prep, path, horizon),
            lang: ev.lang,
            confidence: round2(ev.quality * ev.coverage),
            suggestions: Vec::new(),
            withheld: None,
            held: None,
            learned: false,
        };
        if prep.pieces.is_empty() && prep.question_mark {
            // A bare "?" is the universal "what can I type here".
            c.intent = Intent::Help;
            c.confidence = 1.0;
            return c;
        }
        let mut seen = Seen {
            concepts: ev.concepts,
            channel: !ev.channels.is_empty(),
            unexplained: ev.unexplained,
            learned: false,
            gap: fired.is_empty(),
            vouched: false,
            phrase: !ev.intents.is_empty(),
            doubted: false,
            asks,
        };
        // A greeting and nothing else asks for nothing: the model is not asked to guess.
        let greeting_only = fired.is_empty() && ev.concepts.has(Concept::Greeting);
        // The model reads the sentence once, however many of the readings below ask.
        let model = OnceCell::new();
        let reading = || model.get_or_init(|| topic::read(&rest)).clone();
        // (A likely reading of another family doubts it, or of the other way of the same
        // switch: "pull the plug on auto-heal" is not turning it on.)
        seen.doubted = ev.unexplained >= 2
            && fired.first().is_some_and(|&i| {
                let t = reading();
                let elsewhere = t.intent.question_counterpart() != i.question_counterpart();
                i.is_mutating()
                    && t.probability >= 0.5
                    && (elsewhere || i.opposite() == Some(t.intent))
            });
        let topic = (!greeting_only)
            .then(|| {
                // Tables that found only grammar fire a default, not a reading: a sure
                // model is heard over it ("do we need to fail over to cloud?").
                let grammar = rules::grammar_only(ev.concepts)
                    && ev.intents.is_empty()
                    && ev.channels.is_empty();
                let settled = ev.unexplained == 0 && !grammar;
                self.topic((&model, &rest), &fired, ev.concepts, c.confidence, settled)
            })
            .flatten()
            // ("지난 교대 중 실행된 복구 목록": what recovery did, named with a word of the
            // past and no verb that asks, is never the model's order to do it.)
            .filter(|(t, _)| {
                // ("…실행된 복구 목록 뽑아줘": asked to pull the list of it, too.)
                let pulled = ev.concepts.has(Concept::Pull);
                let told = fired.first() == Some(&Intent::RecoveryHistory)
                    && ev.concepts.has(Concept::Past)
                    && act.kind() == SpeechAct::Order
                    && (pulled
                        || !(act.imperative
                            || act.requested
                            || seen.asks
                            || rest.split_whitespace().any(request::korean_imperative)));
                !(told && matches!(t.intent, Intent::RecoveryRun | Intent::RecoveryReset))
            });
        // An order the tables read with a typo or a word short ("silnce local 10m") is
        // surer when the model, reading the same words its own way, agrees with it.
        let agrees = |t: &topic::Topic| fired.first() == Some(&t.intent);
        let unsure_order =
            fired.first().is_some_and(|i| i.is_mutating()) && c.confidence < MIN_ACTION_CONFIDENCE;
        let topic = topic.or_else(|| {
            let t = (unsure_order && !greeting_only).then(reading)?;
            (agrees(&t) && t.confidence() >= TOPIC_OVERRULES).then_some((t, true))
        });
        // "자동으로 재시작하는 거 멈춰", "다이나믹 라우팅 켜": an order the tables could read
        // only as a question about its family (recovery, routing, the poller). A sure model
        // says which order of that family it is; the act, read from structure, already
        // says it is an order, and `decide` still asks for its object.
        let topic = topic.or_else(|| {
            let &top = fired.first()?;
            // A bare noun phrase ("정적 라우팅", "자동 복구") names the family, not an order.
            let verb = act.imperative || act.requested || ev.concepts.any(&VERBS);
            let family = act.kind() == SpeechAct::Order && verb && !top.acts() && !greeting_only;
            let t = family.then(reading)?;
            (t.intent.acts()
                && t.intent.question_counterpart() == top
                && t.confidence() >= FAMILY_ORDER
                && !rules::against_the_words(t.intent, ev.concepts))
            .then_some((t, true))
        });
        // "게이트웨이 느려요 라우팅 적용해줘요": two orders fit the words (apply the
        // routing, or route by monitoring); a sure model says which was meant.
        let acting = fired.iter().filter(|i| i.acts()).count();
        let chosen = (topic.is_none() && acting > 1 && !greeting_only)
            .then(reading)
            .filter(|t| t.intent.acts() && fired.contains(&t.intent))
            .filter(|t| t.confidence() >= TOPIC_OVERRULES);
        if let Some(t) = &chosen {
            fired.retain(|&i| !i.acts() || i == t.intent);
        }
        if let Some((t, as_read)) = topic.or(chosen.map(|t| (t, true))) {
            // The model agreeing with the tables makes their reading surer ("flip
            // autorecover back on": two words unknown to the tables, none to the model).
            seen.learned = fired.first() != Some(&t.intent);
            seen.vouched = !seen.learned && as_read && t.confidence() >= TOPIC_OVERRULES;
            c.learned = seen.learned;
            fired.retain(|&i| i != t.intent);
            fired.insert(0, t.intent);
            c.confidence = round2(t.confidence().max(c.confidence));
        }
        self.decide(&mut c, &fired, act, seen, &rest);
        // Nothing understood is about a channel ("any good local coffee spots?").
        if c.intent == Intent::Unknown {
            c.args.channel = None;
            c.args.channels.clear();
        }
        c
    }

    /// The speech act of `text` (for diagnostics and tests).
    pub fn act(&self, text: &str) -> Act {
        self.sense(text).0
    }

    /// The speech act of `text` and what the matcher found in it, read once.
    fn sense(&self, text: &str) -> (Act, crate::chatops::matcher::Evidence) {
        let (rest, _) = args::take_path(text);
        let prep = normalize::prepare(&rest);
        let ev = self.tables.evidence(&prep);
        (Act::read(&prep, &ev), ev)
    }

    /// The topic model's reading, when it should be heard: the tables found nothing sure,
    /// or left words they do not know and the model is sure (of theirs or another
    /// reading). A typo of a known word is the tables' to correct, so text they explained
    /// entirely (`settled`: every word known, and a word that names a topic among them)
    /// never pays for the model.
    fn topic(
        &self,
        (model, text): (&OnceCell<topic::Topic>, &str),
        fired: &[Intent],
        concepts: Concepts,
        confidence: f64,
        settled: bool,
    ) -> Option<(topic::Topic, bool)> {
        let sure = !fired.is_empty() && confidence >= MIN_CONFIDENCE;
        if sure && settled {
            return None;
        }
        let mut t = model.get_or_init(|| topic::read(text)).clone();
        // "why …" asks for the reasons behind whatever it names: the model never overrules
        // it, but agreeing it may vouch for words the tables do not know ("curious why the
        // standby got promoted").
        if fired.first() == Some(&Intent::Explain) {
            let agrees = t.intent == Intent::Explain && t.confidence() >= MIN_TOPIC_CONFIDENCE;
            return agrees.then_some((t, true));
        }
        let needed = if sure {
            TOPIC_OVERRULES
        } else {
            MIN_TOPIC_CONFIDENCE
        };
        // Which way a switch goes ("on"/"off", pause/resume) is read from its words by
        // the rules; the model only says what the sentence is about, and never the way
        // its words point against ("자동 복구 중지시켜" is not "on").
        let as_read = !fired.iter().any(|&i| t.intent.opposite() == Some(i));
        if let Some(&side) = fired.iter().find(|&&i| t.intent.opposite() == Some(i)) {
            t.intent = side;
        } else if rules::against_the_words(t.intent, concepts) {
            return None;
        }
        (t.intent != Intent::Unknown && t.confidence() >= needed).then_some((t, as_read))
    }

    fn decide(&self, c: &mut Classification, fired: &[Intent], act: Act, seen: Seen, text: &str) {
        let k = seen.concepts;
        let top = match fired.first() {
            Some(&top) if c.confidence >= MIN_CONFIDENCE => top,
            _ => {
                c.suggestions = self.suggest(fired, text);
                return;
            }
        };
        // "what's the weather forecast?", "the Gateway Arch is in St. Louis": about
        // something else, however familiar a word or a channel's name in it.
        if !seen.phrase
            && rules::off_topic(seen.concepts, seen.channel, seen.unexplained, seen.learned)
        {
            c.args.channel = None;
            c.args.channels.clear();
            c.suggestions = self.suggest(&[], text);
            return;
        }
        // "restart my laptop", "send an email": an order about something this console does
        // not know is off-topic, however familiar its verb.
        // A learned reading of an order needs its object named in words the tables know.
        // The model vouching for the rest of the words is enough only for what changes
        // nothing ("지금 값 좀 다시 긁어와"): "restart my pc" and "pause the deploy
        // pipeline" still name no object of this console.
        let vouched = seen.vouched && matches!(top, Intent::Resume | Intent::Refresh);
        let unsure_object = (seen.unexplained > 0 && !vouched) || seen.learned;
        // Leaving, re-reading and going on change nothing: where the tables found
        // nothing, a sure model is enough for them ("night all, i'm out", "지금 값 다시
        // 가져와"). A question about an order is
        // answered by its read-only counterpart whatever its object.
        // So does the tables' own reading with one word left over ("최신값으로 갱신해
        // 주세요").
        let plain = matches!(top, Intent::Quit | Intent::Refresh | Intent::Resume)
            && ((seen.gap && c.confidence >= TOPIC_OVERRULES)
                || (!seen.learned && seen.unexplained <= 1));
        // "복구 ㅈㅂ": the model may not make an order of words without a verb (an
        // unknown one asked for counts: "로컬 한번 튕겨줘").
        // ("인시던트 보고서 첨부용입니다": a report named in Korean, without a verb or an
        // ending that asks, is no file written; English names its verb first.)
        let hangul = text.chars().any(normalize::is_hangul);
        let verbless = seen.learned
            && (top.is_mutating() || (top == Intent::Export && hangul))
            && !(act.imperative
                || (act.requested && !request::courtesy_only(text))
                || act.polite
                || seen.asks
                || k.any(&VERBS)
                || k.has(Concept::Export));
        let unnamed = unsure_object
            && !plain
            && !rules::names_its_object(top, seen.concepts, seen.channel, c.args.path.is_some());
        if top.acts() && act.kind() == SpeechAct::Order && (unnamed || verbless) {
            // The model's reading would need an object the words do not name ("❓ help me
            // out"): the tables' own reading stands, where they had one.
            if seen.learned && fired.len() > 1 {
                c.learned = false;
                let seen = Seen {
                    learned: false,
                    ..seen
                };
                return self.decide(c, &fired[1..], act, seen, text);
            }
            c.suggestions = self.suggest(&fired[1..], text);
            return;
        }
        c.intent = rules::in_the_past(top, act.kind() == SpeechAct::Past, k);
        // The runner-up reading that would also act: if there is one, the words do not say
        // which order was meant, and an order is never taken on a guess.
        let rival = fired[1..]
            .iter()
            .copied()
            .find(|&i| top.acts() && i.acts() && i != top && i != Intent::Quit);
        let hold = hold::held(top, act, k, c, &seen, rival);
        if let Some(h) = hold {
            c.held = Some(h);
            c.withheld = Some(top);
            // "복구 돌렸었어?", "did the restart work?": what recovery did is its history.
            let past_run = matches!(top, Intent::RecoveryRun | Intent::RecoveryReset);
            // ("didn't someone already restart it?", "you haven't bounced local, have you?")
            let asked_past = act.kind() == SpeechAct::Past || (act.past && act.marked);
            c.intent = if asked_past && past_run {
                Intent::RecoveryHistory
            } else if top == Intent::Export
                && act.kind() == SpeechAct::Past
                && !act.marked
                && !rules::names_its_object(top, k, seen.channel, c.args.path.is_some())
            {
                // ("thanks, that saved my night": a file told of is neither asked for nor
                // about.)
                Intent::Unknown
            } else {
                top.question_counterpart()
            };
        }
        let mut s: Vec<Intent> = c.withheld.into_iter().collect();
        // The reading it was confused with comes next: "did you mean resume or pause?"
        let opposite = c.withheld.and_then(Intent::opposite);
        for i in rival
            .into_iter()
            .chain(opposite)
            .chain(fired.iter().copied())
        {
            if i != c.intent && !s.contains(&i) && i != Intent::Unknown {
                s.push(i);
            }
        }
        s.truncate(3);
        c.suggestions = s;
    }

    /// For an unknown utterance: the intents it partly matched, then those whose example
    /// phrasing is closest by edit distance.
    fn suggest(&self, fired: &[Intent], text: &str) -> Vec<Intent> {
        let mut out: Vec<Intent> = fired.iter().copied().take(3).collect();
        let mine = jamo::symbols(&normalize::normalize(text));
        let examples = self.examples.get_or_init(|| {
            Intent::ALL
                .iter()
                .filter(|i| **i != Intent::Unknown)
                .flat_map(|&i| [Lang::Ko, Lang::En].map(|l| (i, i.example(l))))
                .map(|(i, ex)| (i, jamo::symbols(&normalize::normalize(ex))))
                .collect()
        });
        let mut scored: Vec<(f64, usize, Intent)> = examples
            .iter()
            .enumerate()
            .map(|(order, (i, ex))| {
                let d = strsim::generic_levenshtein(&mine, ex) as f64;
                let len = mine.len().max(ex.len()).max(1) as f64;
                (1.0 - d / len, order, *i)
            })
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        // Near misses suggest questions, not actions: a suggestion is read, then typed.
        for (_, _, i) in scored {
            if out.len() >= 3 {
                break;
            }
            if !i.is_mutating() && !out.contains(&i) {
                out.push(i);
            }
        }
        out
    }
}

fn round2(v: f64) -> f64 {
    (v.clamp(0.0, 1.0) * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An inflected English word reads as the word the tables know; a word of its own
    /// that merely ends like one does not.
    #[test]
    fn inflected_words_read_as_their_stem() {
        let e = Engine::with_channels(&["Gateway"]);
        for (word, concept) in [
            ("restarting", Concept::Restart),
            ("bounced", Concept::Restart),
            ("exports", Concept::Export),
            ("stopped", Concept::Stop),
        ] {
            let ev = e.evidence(word);
            assert!(ev.concepts.has(concept), "{word}");
            assert_eq!(ev.unexplained, 0, "{word}");
        }
        assert_eq!(e.evidence("morning").unexplained, 1);
    }

    /// Two known words typed without the space are both read; a word of its own is not
    /// split.
    #[test]
    fn glued_words_are_read_apart() {
        let e = Engine::with_channels(&["Gateway", "Cloud"]);
        let ev = e.evidence("gatewaystatus");
        assert!(ev.concepts.has(Concept::Status));
        assert_eq!(ev.channels, [0]);
        assert!(e.evidence("autorecoveryoff").concepts.has(Concept::Off));
        assert!(e.evidence("cloudy").channels.is_empty());
    }

    /// `gateway` no longer loses to `Gateway` when it is the one
    /// named exactly; a mention of either is one channel, not two.
    #[test]
    fn the_channel_named_exactly_wins_over_a_look_alike() {
        let e = Engine::with_channels(&["Gateway", "gateway", "Cloud"]);
        let c = e.classify("gateway 상태");
        assert_eq!(c.args.channel.as_deref(), Some("gateway"));
        assert!(c.args.channels.is_empty(), "{:?}", c.args.channels);
        let c = e.classify("Gateway 상태");
        assert_eq!(c.args.channel.as_deref(), Some("Gateway"));
        let c = e.classify("GATEWAY status");
        assert_eq!(
            c.args.channel.as_deref(),
            Some("Gateway"),
            "no exact match: the first"
        );
        let c = e.classify("compare gateway and Cloud");
        assert_eq!(c.args.channels, ["gateway", "Cloud"]);
    }
}
