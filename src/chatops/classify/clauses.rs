//! Reading an utterance by the clause that carries its act, when it has more than one:
//! after a refusal, a question after a report, an order before commentary or after a
//! described state, an order before its reason (see `clause`).

use super::super::act::{Act, SpeechAct};
use super::super::address;
use super::super::chain;
use super::super::clause::{self, Meant};
use super::super::dictation;
use super::super::form;
use super::super::ime;
use super::super::intent::Intent;
use super::super::lexicon::{self, Concept, Concepts};
use super::super::matcher::Evidence;
use super::super::narrative;
use super::super::normalize;
use super::super::passive;
use super::super::paste;
use super::super::permission;
use super::super::preamble;
use super::super::rules::{self, grammar_only};
use super::super::run_on;
use super::super::scope;
use super::super::vernacular;
use super::depth::Depth;
use super::{hold, Classification, Engine, Hold};
use unicode_normalization::UnicodeNormalization;

impl Engine {
    /// Reads one utterance.
    pub fn classify(&self, text: &str) -> Classification {
        // Every rule below reads composed Hangul: text typed in NFD is composed once here
        // (a rule reading the raw text would otherwise see jamo).
        let composed: String;
        let text = if unicode_normalization::is_nfc(text) {
            text
        } else {
            composed = text.nfc().collect();
            &composed
        };
        // ("Tonight at 10, reset recovery": nothing here schedules.)
        hold::for_later(self.read_utterance(text), text)
    }

    fn read_utterance(&self, text: &str) -> Classification {
        // (Should two rewrites below ever undo each other: see `depth`.)
        let Some(_depth) = Depth::enter() else {
            return self.read(text);
        };
        // ("Re: [장애] 게이트웨이 다운 / 바로 재시작해 주세요": a mail asks in its body,
        // about what its subject names.)
        let mailed = paste::subject_and_body(text).filter(|(s, _)| about(&self.evidence(s)));
        if let Some((subject, body)) = mailed {
            return self.classify(&self.about_the_subject(subject, body));
        }
        // ("Fwd: … — Kim, SRE", "> quoted — the ask": what was pasted around the ask.)
        let pasted = paste::unwrapped(text);
        let text = pasted.as_deref().unwrap_or(text);
        // ("… comma healthy now": marks said aloud to a voice keyboard.)
        let spoken = dictation::marked(text);
        let text = spoken.as_deref().unwrap_or(text);
        // ("y'all flip auto recovery on", "자동 복구 다시 켜불어": regional spellings.)
        if let Some(plain) = vernacular::standard(text) {
            return self.with_args_of(self.classify(&plain), text);
        }
        if let Some(c) = self.verb_joined(text) {
            return c;
        }
        // ("내 노트북 재부팅 해줘 (느려서)": an aside says why or how.)
        if let Some(c) = self.without_an_aside(text) {
            return c;
        }
        // ("@sb could you…", "스위치보드야 …": the console called by name.)
        let called = address::without_address(text);
        let text = called.as_deref().unwrap_or(text);
        // ("have the console run recovery", "콘솔더러 자동 복구 끄라 그래": the console told
        // of in the third person is told.)
        if let Some(direct) = address::third_person(text) {
            return self.with_args_of(self.classify(&direct), text);
        }
        // ("Not urgent, but could you …? thanks!": the ask without its framing.)
        let unframed = preamble::unframed(text);
        let text = unframed.unwrap_or(text);
        // ("set autorecover=false", "요청: 게이트웨이 재기동 / 사유: 지연": a form's words.)
        let formed = form::plain(text);
        let text = formed.as_deref().unwrap_or(text);
        // ("feel free to apply routing", "로컬 재시작해도 돼, 진행해": permission given.)
        if let Some(order) = permission::granted(text) {
            return self.with_args_of(self.classify(&order), text);
        }
        // ("A restart of the gateway is requested.": a memo's order, made plain.)
        let made_active = passive::active(text);
        let text = made_active.as_deref().unwrap_or(text);
        let text = &*paste::without_ids(clause::without_slash(text));
        if let Some(c) = self.typed_in_english_mode(text) {
            return c;
        }
        let folded = normalize::fold(text);
        // ("should Cloud start failing …, restart it": the condition put first.)
        if let Some(condition) = scope::inverted_condition(&folded) {
            return self.with_args_of(self.classify(&condition), text);
        }
        // ("latency for Local before we sign off": when, not what.)
        if let Some(main) = scope::without_leaving(&folded) {
            let c = self.classify(main);
            if c.intent != Intent::Unknown {
                return self.with_args_of(c, text);
            }
        }
        // "my lead said to run recovery now": the order relayed is given (and confirmed
        // like any other).
        if let Some(order) = clause::relayed(&folded) {
            return self.with_args_of(self.classify(order), text);
        }
        if let Some(order) = clause::wanted_done(&folded) {
            return self.with_args_of(self.classify(&order), text);
        }
        if let Some(c) = self.narrowed(text, &folded) {
            return c;
        }
        // ("pause or not? pause.", "자동 복구 끌까? 아니 꺼 줘.": a question answered.)
        if let Some(c) = self.answered(text) {
            return c;
        }
        // "restart the local no wait the cloud": read as corrected (and never as a chain
        // of what was taken back).
        if let Some(corrected) = self.corrected(text) {
            return self.classify(&corrected);
        }
        // ("reset gateway escalation around 11, fyi": what was done, noted for the
        // reader; its verb is the past's, whatever it looks like alone.)
        if clause::last_clause(&folded).is_some_and(|(_, last)| clause::take_note(last)) {
            return self.read(text);
        }
        let whole = self.read_whole(text, &folded);
        // "apply routing now, then report each target's state": the first thing asked.
        self.chain_first(&folded, &whole).unwrap_or(whole)
    }

    /// The first clause of a chain, when it asks for something the whole, read as one,
    /// does not (see `chain`).
    fn chain_first(&self, folded: &str, whole: &Classification) -> Option<Classification> {
        let (first, explicit) = chain::first_clause(folded)?;
        let c = self.classify(&first);
        let acting = |c: &Classification| c.intent.acts() && c.held.is_none();
        let better = if explicit {
            c.intent != Intent::Unknown && (acting(&c) || !acting(whole))
        } else {
            acting(&c) && !acting(whole)
        };
        better.then_some(c)
    }

    /// Everything after the chain: the clause that carries the act, a
    /// courteous tag, a label, a polite question mark, or the sentence as a whole.
    fn read_whole(&self, text: &str, folded: &str) -> Classification {
        // A sentence of two clauses is read by the one that carries its act (see
        // `clause`); failing that, as a whole.
        if let Some(c) = self.the_sentence_meant(text) {
            return c;
        }
        // "Switch auto recovery off until the migration's finished, would you?": the tag
        // is courtesy, and its question mark with it (a file is still not written on it).
        if let Some(order) = clause::tagged_request(folded) {
            return written_only_when_plain(self.with_args_of(self.classify(order), text));
        }
        // "pre-release checklist step 1: overall status": a label that names nothing of
        // the console heads the item meant.
        if let Some((label, item)) = clause::labelled(text) {
            let (act, ev) = self.sense(label);
            if !about(&ev) && !act.marked && !act.negated {
                return self.with_args_of(self.classify(item), text);
            }
        }
        // "Could you turn off automatic recovery until the migration is finished?": the
        // question mark of a polite request is courtesy, and its clauses are read as an
        // order's (a file is still never written on it).
        let courteous = folded
            .trim_end()
            .strip_suffix('?')
            .filter(|t| !t.contains('?') && self.act(text).polite);
        if let Some(unmarked) = courteous {
            if let Some(c) = self.by_clause_or_run_on(unmarked, text) {
                return written_only_when_plain(c);
            }
            return self.read(text);
        }
        self.by_clause_or_run_on(folded, text)
            .unwrap_or_else(|| self.read(text))
    }

    /// "tkdxo", "qhrrn tlfgod": Korean typed while the keyboard was in English mode, when
    /// the tables find nothing in the letters and the composed Hangul is understood.
    fn typed_in_english_mode(&self, text: &str) -> Option<Classification> {
        let keys = ime::hangul_from_keys(text).filter(|k| k.chars().count() >= 2)?;
        let ev = self.evidence(text);
        let nothing = ev.intents.is_empty() && ev.channels.is_empty() && grammar_only(ev.concepts);
        // Every syllable must be explained by words spelled exactly: letters mashed at
        // random compose too ("chtpwbc" → "초세즃"), but not into the console's words.
        let composed = self.evidence(&keys);
        let exact = composed.quality >= 1.0 && composed.unexplained == 0 && about(&composed);
        let c = (nothing && exact).then(|| self.classify(&keys))?;
        (c.intent != Intent::Unknown).then_some(c)
    }

    /// `by_clause`, and failing that, the same on an English run-on punctuated where its
    /// second clause starts ("gateway is down restart it": see `run_on`).
    fn by_clause_or_run_on(&self, folded: &str, text: &str) -> Option<Classification> {
        self.by_clause(folded, text).or_else(|| {
            let punctuated = run_on::punctuated(folded)?;
            self.by_clause(&punctuated, text)
        })
    }

    /// The reading of `text` by the clause of `folded` (its folded text) that carries
    /// its act, when one does.
    fn by_clause(&self, folded: &str, text: &str) -> Option<Classification> {
        if let Some(c) = self.after_a_refusal(folded, text) {
            return Some(c);
        }
        if folded.contains('?') {
            return self.asked_by_clause(folded, text);
        }
        // "gateway is down, restart it", "점검 끝났으니 자동 복구 켜줘": a state described,
        // then the order about it.
        if let Some((first, last)) = clause::last_clause(folded) {
            // ("Turn it off, auto recovery.", "대시보드, 내보내.": the object apart.)
            if let Some(c) = self.object_apart(first, last, text) {
                return Some(c);
            }
            if let Some(c) = self.state_then_order(first, last, text) {
                return Some(c);
            }
        }
        self.order_then_reason(folded, text)
    }

    /// "don't pause, resume polling", "자동 복구 끄지 말고 켜 둬", "don't just recommend the
    /// routing, apply it": the order meant, acting on what the refused verb named when
    /// it does not name it again.
    fn after_a_refusal(&self, folded: &str, text: &str) -> Option<Classification> {
        let after = clause::after_refusal(folded);
        // "i restarted local, is it ok now?": the question is about what the report named
        // ("did it go through?" asks about what was done).
        let found = clause::meant(folded);
        let meant = found.map(|found| match found {
            Meant::AfterReport(m) if self.act(m).kind() != SpeechAct::Past => {
                self.about_named(m, folded)
            }
            // ("i already bounced local, did it come back up?": "it" is what the report
            // named, and its health is asked.)
            Meant::AfterReport(m) if self.evidence(m).concepts.has(Concept::Health) => self
                .named_in(folded)
                .map_or_else(|| m.to_string(), |name| format!("{name} {m}")),
            _ => found.clause().to_string(),
        });
        // "자동복구 켜두지마 꺼": without a comma, only an order after the refusal is one
        // of its own ("복구 실행하지 마 아직" still refuses).
        let unmarked = after.is_some()
            && !folded.contains(',')
            && (folded.contains("지 마 ") || folded.contains("지마 "));
        // ("복구 실행하지 마, 아직 보는 중이야": a state told after the refusal is its
        // reason, not what is meant instead.)
        // ("As an operator, I want …": words before the speaker's commentary that say
        // nothing of the console are not the order.)
        let before_commentary = matches!(found, Some(Meant::BeforeCommentary(_)));
        let meant = meant.filter(|m| {
            let unnamed = before_commentary && !about(&self.evidence(m));
            let bare = unmarked && !self.orders_with_a_verb(m);
            !(unnamed || bare || after.is_some() && self.act(m).commentary())
        });
        // ("would you stop updating for a second, it keeps moving while i read": the
        // clause before the commentary may itself be an order and its reason.)
        let read = |m: String| {
            let c = self.read_clause(&m, text, false)?;
            let inner = (c.held.is_some() && m.contains(", "))
                .then(|| self.by_clause(&m, text))
                .flatten();
            Some(inner.unwrap_or(c))
        };
        if let Some(c) = meant.and_then(read) {
            // "don't turn auto recovery on, leave it": after a refusal, "leave it" lets
            // the thing be; it does not leave the console.
            if !(after.is_some() && c.intent == Intent::Quit) {
                return Some(c);
            }
        }
        let (meant, refused) = (after?, clause::refused_clause(folded)?);
        // The order meant brings its own verb ("…, pls" orders nothing).
        let object = self.object_of(refused);
        let verb = self.evidence(meant).concepts.any(&super::VERBS);
        if !verb || object.is_empty() {
            return None;
        }
        self.read_clause(&format!("{object} {meant}"), text, false)
    }

    /// Whether `clause` is an order with a verb of its own ("그냥 꺼", "turn it on").
    pub(super) fn orders_with_a_verb(&self, clause: &str) -> bool {
        let (act, ev) = self.sense(clause);
        act.kind() == SpeechAct::Order && ev.concepts.any(&super::VERBS)
    }

    /// A sentence with a question mark, read by one clause only where the mark does not
    /// make it a question about that clause's order.
    fn asked_by_clause(&self, folded: &str, text: &str) -> Option<Classification> {
        // "주말 동안 담당자가 없어서요, 자동 복구 켜 주시겠어요?": a polite request after
        // its reason.
        let polite = clause::last_clause(folded)
            .filter(|(first, last)| !first.contains('?') && self.act(last).polite);
        if let Some(c) = polite.and_then(|(first, last)| self.state_then_order(first, last, text)) {
            return Some(c);
        }
        // "should we pause polling while I run the smoke tests?": a question about an
        // order is asked about the words before the speaker's commentary ("anything
        // happen while i was away?" asks about that time, and is read whole).
        let unmarked = folded.trim_end().trim_end_matches('?');
        if unmarked.contains('?') {
            return None;
        }
        let asked = clause::order_before_commentary(unmarked)?;
        let c = self.read_clause(&format!("{asked}?"), text, false);
        c.filter(|c| c.withheld.is_some())
    }

    /// "turn auto recovery back on, deploy is done", "mute cloud 2h, vendor maintenance",
    /// "게이트웨이 한시간 뮤트해 패치중이야": an order, then the reason for it. A question, a
    /// condition or a refusal after the order ("restart gateway, is it safe") makes the
    /// whole sentence one.
    fn order_then_reason(&self, folded: &str, text: &str) -> Option<Classification> {
        let (first, rest) = clause::first_clause(folded)?;
        let asked = self.act(first);
        if asked.kind() != SpeechAct::Order || !self.tells_why(folded, first, rest, asked) {
            return None;
        }
        // ("As an operator, I want …": words that say nothing of the console are no order,
        // whatever the model makes of them.)
        let ev = self.evidence(first);
        if !about(&ev) {
            return None;
        }
        // An order that names its object may be the model's reading of its verb ("stop
        // the automatic restarts, we are patching the hosts").
        self.read_clause(first, text, names(&ev))
    }

    /// Whether `rest`, after the order `first` (whose act is `asked`), only says why:
    /// commentary (a report, hearsay, a promise: "벤더 작업 중이래", "내가 직접 돌릴게"), a
    /// Korean report that ends like a question ("게이트웨이 다시 올려줘, 에러 계속 나"; not
    /// "재시작해, 괜찮지", which seeks agreement), or a plain statement set apart by a
    /// mark ("…, the customer wants a fixed order"; after a bare Korean ending the words
    /// go on with the verb: "바꿔 status", "멈춰 | 둔 거 이어서 해").
    fn tells_why(&self, folded: &str, first: &str, rest: &str, asked: Act) -> bool {
        let (a, ev) = self.sense(rest);
        // A reason says something ("패치중이야", "deploy is done", "왔다갔다함"); a bare
        // modal after the verb ("바꿔 필요해") goes with it.
        let says = ev.unexplained > 0 || about(&ev) || a.stative || a.past || a.promised;
        // "업데이트 잠깐 멈춰줘, 캡처 좀 하게": after an order, …게 says what it is for.
        // ("…, the metrics are garbage after the prometheus migration": a state told,
        // with a time in it, sets no condition.)
        // ("…, it is risky" still weighs: only a time may stand in a state told.)
        let weighs = scope::weighs(rest);
        let state = a.stative && !a.question && !a.marked && !weighs;
        // ("enable auto recovery, nobody's on call tonight": a statement with a time in
        // it is why; "…, after the migration finishes" and "…, tonight" put it off.)
        let opens_with_time = rest
            .split_whitespace()
            .next()
            .is_some_and(|w| lexicon::grammar("hedge_en").contains(&w) || w == "until");
        let timed = a.hedge
            && !clause::ends_on_condition(rest)
            && !a.marked
            && !a.question
            && !weighs
            && !opens_with_time
            && !ev.concepts.any(&super::VERBS);
        // "…, 갑자기 재시작되면 안 돼요": what must not happen is why, not a refusal.
        // ("…, 요약이 안 나와요": nor is what fails to come.)
        let symptom = clause::symptom(rest);
        let consequence = clause::consequence(rest);
        let plain_reason = (a.by_ending
            || clause::purpose(rest)
            || clause::until(rest)
            || clause::terse_report(rest)
            || symptom
            || state
            || timed
            || consequence)
            && (!a.negated || symptom)
            && (!a.hedge || state || timed || consequence);
        // ("꺼 주세요, 끄면 안 돼요" takes the order back: its own verb must not happen.)
        let own_verb = shares_a_verb(self.evidence(first).concepts, ev.concepts);
        let told = (plain_reason || (clause::must_not(rest) && !own_verb))
            && (asked.imperative || asked.requested || state || timed)
            && !clause::seeks_agreement(rest);
        let marked = folded.trim()[first.len()..]
            .trim_start()
            .starts_with([',', '—', '-', ';']);
        let plain = marked && a.kind() == SpeechAct::Order && !self.ordered_by_structure(rest, a);
        says && (a.commentary() || told || plain)
    }

    /// The one channel `text` names, if it names exactly one.
    fn named_in(&self, text: &str) -> Option<String> {
        match &self.evidence(text).channels[..] {
            [one] => Some(self.channels()[*one].clone()),
            _ => None,
        }
    }

    /// `part` of `whole`, about the one channel `whole` names when `part` names none:
    /// "클라우드 재기동했네. 지금은 정상인가?" asks whether Cloud is.
    /// Only a question is: a request keeps its own shape ("would you switch auto recovery
    /// off? it keeps restarting gateway").
    pub(super) fn about_named(&self, part: &str, whole: &str) -> String {
        let act = self.act(part);
        let asks = act.kind() == SpeechAct::Question && !act.polite;
        match self.named_in(whole) {
            Some(name) if asks && self.evidence(part).channels.is_empty() => {
                format!("{name} {part}")
            }
            _ => part.to_string(),
        }
    }

    /// Whether the words order by their shape: a request ending, a courtesy, a polite
    /// request, or a verb opening them ("restart it."), not a statement that merely has
    /// nothing marking it.
    pub(super) fn ordered_by_structure(&self, text: &str, act: Act) -> bool {
        let verb_first = |t: &str| {
            t.split_whitespace()
                .next()
                .is_some_and(|w| self.evidence(w).concepts.any(&super::VERBS))
        };
        // ("Auto recovery, disable it now.": the verb may open the clause after its
        // object, set apart.)
        let apart = [", ", " — ", " - "]
            .iter()
            .any(|m| text.split_once(m).is_some_and(|(_, rest)| verb_first(rest)));
        act.requested || act.imperative || act.polite || verb_first(text) || apart
    }

    /// "gateway is down, restart it", "점검 끝났으니 자동 복구 켜줘": a state described,
    /// then the order about it — a state of something this console knows, or an order
    /// that names what it acts on ("the S3 bucket policy is wrong, fix it" describes
    /// something else, and "it" is that).
    fn state_then_order(&self, first: &str, last: &str, whole: &str) -> Option<Classification> {
        let ((first_act, before), (last_act, after)) = (self.sense(first), self.sense(last));
        // ("If Gateway degrades again during the window, run recovery.": an order under a
        // condition waits for it.)
        if last_act.kind() != SpeechAct::Order || clause::take_note(last) {
            return None;
        }
        // ("I think we should just restart cloud, honestly": a last clause of emphasis
        // alone orders nothing.)
        if clause::emphasis_only(last) {
            return None;
        }
        // ("Gateway degrades again, when that happens, run recovery.": the condition
        // stands between, and the order waits for it all the same.)
        if clause::opens_a_condition(first) {
            let waits = Act {
                hedge: true,
                ..last_act
            };
            return (!self.act(whole).hedge).then(|| self.read_as(whole, Some(waits)));
        }
        if clause::conditional(first) {
            return None;
        }
        let known = before.unexplained == 0 || !before.channels.is_empty();
        // "다 봤으니까 업데이트 다시 켜": pausing, going on and re-reading act on the
        // console itself, which their words name.
        let console = after.unexplained == 0
            && after
                .concepts
                .any(&[Concept::Pause, Concept::Resume, Concept::Refresh]);
        // "incident's mitigated, flip auto recovery on": a clause that names nothing of
        // the console comments, however it ends.
        // ("점검 끝, 자동복구 다시 켜": a thing said to be over is a report.)
        let told_over = first.trim_end_matches([',', ' ', '.']);
        let over = ["끝", "완료", "종료"]
            .iter()
            .any(|w| told_over.ends_with(w));
        // ("window's closed, go back to latency-based routing")
        let leads_in = first_act.kind() != SpeechAct::Order
            || clause::subordinate(first)
            || narrative::contracted_state(first)
            || !about(&before)
            || over;
        if leads_in && (known || console || names(&after)) {
            // An order that names its object is its own ("롤백 끝났어, 자동 복구 다시
            // 올려"): the model may read its verb.
            if let Some(c) = self.read_clause(last, whole, names(&after)) {
                return Some(c);
            }
        }
        // "auto recovery is making a mess, turn it off", "자동 복구가 게이트웨이 계속
        // 재시작하고 있어, 꺼": the order's object is what the state was about. A
        // condition ("if it acts up, turn it off") or a refusal is no state.
        let described = matches!(first_act.kind(), SpeechAct::Question | SpeechAct::Past)
            || clause::subordinate(first);
        // ("I reset local's escalation, lunch, fyi": after a report, words without a verb
        // order nothing.)
        let verb = last_act.imperative
            || last_act.requested
            || last_act.polite
            || after.concepts.any(&super::VERBS);
        // ("점검 끝났으니 자동 복구 다시 켜, 전부" ends in its own verb: an order. "로컬
        // 재시작했어 ㅇㅇ" ends in its verb's past: a report.)
        let ends_ordering = first_act.requested
            || first_act.imperative
            || first.split_whitespace().last().is_some_and(|w| {
                let (act, ev) = self.sense(w);
                ev.concepts.any(&super::VERBS) && act.kind() != SpeechAct::Past
            });
        let reported =
            matches!(first_act.kind(), SpeechAct::Past | SpeechAct::Negation) && !ends_ordering;
        if !(described && (verb || !reported) && !names(&after) && names(&before)) {
            return None;
        }
        let c = match clause::subject(first) {
            Some(subject) => self.read_clause(&format!("{subject} {last}"), whole, true)?,
            None => self.read_as(whole, Some(last_act)),
        };
        c.intent.acts().then_some(c)
    }

    /// The words of a refused clause that are neither a verb nor the refusal: what the
    /// refused verb acted on ("don't leave auto recovery off overnight" → "leave auto
    /// recovery overnight").
    fn object_of(&self, refused: &str) -> String {
        let object: Vec<&str> = refused
            .split_whitespace()
            .filter(|w| {
                let c = self.evidence(w).concepts;
                // "leave" (it as it is) and "overnight" are not what was acted on.
                !c.any(&super::VERBS)
                    && !c.any(&[
                        Concept::Negation,
                        Concept::Quit,
                        Concept::Past,
                        Concept::Future,
                    ])
            })
            .collect();
        object.join(" ")
    }

    /// One clause of `whole` read on its own, when it means something. An order only the
    /// model saw in a clause is not taken ("don't export yet, numbers still moving": the
    /// second clause describes, it does not order), unless the clause names what it
    /// acts on (`named`).
    fn read_clause(&self, clause: &str, whole: &str, named: bool) -> Option<Classification> {
        let c = self.read(clause);
        if c.intent == Intent::Unknown || (c.learned && c.intent.is_mutating() && !named) {
            return None;
        }
        Some(self.with_args_of(c, whole))
    }

    /// `c`, read from a part of `whole`, with the arguments of `whole` when the part
    /// named no channel ("i bounced local, did it come back up?": the channel is named in
    /// the other clause).
    pub(super) fn with_args_of(&self, mut c: Classification, whole: &str) -> Classification {
        // (Nothing understood is about a channel: "회사 근처 로컬 맛집 어디야 (점심시간)".)
        if c.args.channel.is_none() && c.intent != Intent::Unknown {
            c.args = self.args_of(whole);
        }
        c
    }
}

/// An export read from a request with a question mark in it (a polite one, or one with
/// a courteous tag) is held: a file is written only when ordered plainly.
fn written_only_when_plain(mut c: Classification) -> Classification {
    if c.intent == Intent::Export && c.withheld.is_none() {
        c.withheld = Some(Intent::Export);
        c.held = Some(Hold::Asked);
    }
    c
}

/// Whether the words are about this console at all: a channel, a phrase, or any concept
/// that names a topic.
pub(super) fn about(ev: &Evidence) -> bool {
    !ev.channels.is_empty() || !ev.intents.is_empty() || !rules::grammar_only(ev.concepts)
}

/// Whether two readings name the same verb of the console ("꺼 주세요" and "끄면 안 돼요").
pub(super) fn shares_a_verb(a: Concepts, b: Concepts) -> bool {
    super::VERBS.iter().any(|&v| a.has(v) && b.has(v))
}

/// Whether the words name something of this console: a channel, a phrase, or a thing it
/// acts on.
pub(super) fn names(ev: &Evidence) -> bool {
    !ev.channels.is_empty() || !ev.intents.is_empty() || rules::names_a_console_thing(ev.concepts)
}

#[cfg(test)]
mod tests {
    use super::super::Engine;
    use crate::chatops::Intent;

    fn engine() -> Engine {
        Engine::with_channels(&["Local", "Cloud", "Gateway"])
    }

    /// An order stands beside its reason, a described state, hearsay, a promise or a
    /// sentence of context; the intent is the order's and nothing is held.
    #[test]
    fn an_order_beside_commentary_is_the_order() {
        let e = engine();
        for (text, want) in [
            ("로컬 30분 알림 꺼, 벤더 패치 중이래", Intent::Silence),
            ("자동 복구 꺼, 오늘은 내가 볼게", Intent::AutorecoverOff),
            (
                "Turn off automatic recovery — we cannot have the workers restarting.",
                Intent::AutorecoverOff,
            ),
            (
                "reset recovery for gateway so it can act again tonight",
                Intent::RecoveryReset,
            ),
            (
                "Auto recovery, disable it now. Forensics is imaging the hosts.",
                Intent::AutorecoverOff,
            ),
            ("Dashboard — export it for the binder.", Intent::Export),
            ("y'all flip auto recovery on", Intent::AutorecoverOn),
            ("자동 복구 다시 켜불어", Intent::AutorecoverOn),
            ("로컬 다시 켜줘", Intent::RecoveryRun),
            (
                "apply the routing, the change window just started",
                Intent::RoutingApply,
            ),
            (
                "auto recovery is restarting things at random, turn it off",
                Intent::AutorecoverOff,
            ),
            (
                "monitoring routing looks broken, turn it off",
                Intent::MonitoringOff,
            ),
            (
                "the rollout's finished, turn auto recovery back on",
                Intent::AutorecoverOn,
            ),
            ("자동 복구 켜 두지 마, 꺼", Intent::AutorecoverOff),
            (
                "don't just show the routing, apply it",
                Intent::RoutingApply,
            ),
            ("화면 숫자 좀 보게 멈춰줘", Intent::Pause),
            (
                "Could you kindly silence Local for 20 minutes? The vendor is patching it.",
                Intent::Silence,
            ),
            (
                "추천 라우팅 반영해주세요 팀장님께 보고해야 해요",
                Intent::RoutingApply,
            ),
            (
                "작업이 남아서요, 자동 복구 꺼 주시겠어요?",
                Intent::AutorecoverOff,
            ),
            (
                "Could you turn auto recovery off until the release is done?",
                Intent::AutorecoverOff,
            ),
            (
                "release checklist step 4: turn auto recovery off",
                Intent::AutorecoverOff,
            ),
            ("로컬 30분 뮤트해 벤더 점검중이야", Intent::Silence),
            (
                "reset recovery for every channel, ticket closed",
                Intent::RecoveryReset,
            ),
            (
                "enable auto recovery, nobody's on call tonight",
                Intent::AutorecoverOn,
            ),
            (
                "stop recommending, just apply the routes already",
                Intent::RoutingApply,
            ),
            ("아까 꺼둔 자동복구 이제 켜", Intent::AutorecoverOn),
            (
                "점검 끝났기 때문에 자동 복구를 다시 켜 주세요",
                Intent::AutorecoverOn,
            ),
            (
                "Not urgent, but could you mute cloud for two hours? thanks!",
                Intent::Silence,
            ),
            ("요청: 게이트웨이 재기동 / 사유: 지연", Intent::RecoveryRun),
            ("장애 채널 전부 복구 돌리시죠", Intent::RecoveryRun),
        ] {
            let c = e.classify(text);
            assert_eq!((c.intent, c.held), (want, None), "{text}: {c:?}");
        }
    }

    /// A condition, a question or a refusal beside an order still holds it.
    #[test]
    fn a_condition_or_a_question_beside_an_order_holds_it() {
        let e = engine();
        for text in [
            "restart gateway, after the migration finishes",
            "restart gateway, tonight",
            "is it restarted already",
            "게이트웨이 재시작했는데",
            "자동 복구 켜줄 수 있어?",
            "if auto recovery misbehaves, turn it off",
            "재시작해, 괜찮지",
            "restart gateway, is that safe",
            "don't turn auto recovery on, leave it",
            "Restart gateway. Not now though.",
            "is gateway down? restart it.",
            "자동 복구 켜 했어",
            "라우팅 정책 balanced 로 바꿔 필요해",
            // A condition before the order: it waits for the condition.
            "If Gateway degrades again during the window, run recovery.",
            "if local gets any worse, would you restart it?",
            "restart gateway, it is risky",
            ":If Gateway degrades again during the window, run recovery.",
        ] {
            let c = e.classify(text);
            assert!(!c.intent.acts(), "{text}: {c:?}");
            assert!(c.withheld.is_some(), "{text}: {c:?}");
        }
    }

    /// A polite request's question mark is courtesy for its clauses, but a file is still
    /// never written on a question (docs/chatops.md).
    #[test]
    fn a_polite_export_with_a_question_mark_writes_nothing() {
        let c = engine().classify("could you export the dashboard until noon?");
        assert_eq!(c.intent, Intent::Export);
        assert_eq!(c.withheld, Some(Intent::Export), "{c:?}");
    }

    /// A Korean verb and its helper are one verb: "멈춰 둔 거" is what was paused, not an
    /// order to pause.
    #[test]
    fn a_verb_with_its_helper_is_one_verb() {
        let c = engine().classify("멈춰 둔 거 이어서 해");
        assert_ne!(c.intent, Intent::Pause, "{c:?}");
    }

    /// Asking to be told is asking, whatever verb names what is to be told; an order
    /// about something else is not this console's.
    #[test]
    fn asking_to_be_told_orders_nothing() {
        for text in [
            "방금 발동한 복구 규칙 알려줘",
            "tell me which restart rule fired",
            "게이트웨이 재기동 이력 조회 바랍니다",
            "pause the deploy pipeline, QA found a bug",
            "restart my pc",
        ] {
            let c = engine().classify(text);
            assert!(!c.intent.acts(), "{text}: {c:?}");
        }
    }

    /// A length spelled out is a length: the silence it bounds is ordered.
    #[test]
    fn a_spelled_out_length_bounds_a_silence() {
        for (text, minutes) in [
            (
                "mute local for two hours please, the vendor has maintenance",
                120,
            ),
            ("게이트웨이 삼십 분 뮤트해 줘", 30),
            ("로컬 한 시간 반 점검 걸어줘", 90),
        ] {
            let c = engine().classify(text);
            assert_eq!(c.intent, Intent::Silence, "{text}: {c:?}");
            assert_eq!(c.args.horizon_minutes, Some(minutes), "{text}");
        }
    }

    /// Two words the console does not know around an order the model reads otherwise,
    /// or a verbless phrase the model alone would make an order: nothing acts.
    #[test]
    fn an_order_in_doubt_is_asked_back() {
        for text in ["게이트웨이 방화벽 규칙 변경 승인 부탁드립니다", "복구 ㅈㅂ"]
        {
            let c = engine().classify(text);
            assert!(!c.intent.acts(), "{text}: {c:?}");
        }
    }

    /// Korean typed in English mode is read as the Hangul it was meant to be, in Korean;
    /// English is left alone.
    #[test]
    fn korean_typed_in_english_mode_is_read_as_korean() {
        let e = engine();
        for (text, want) in [
            ("tkdxo", Intent::Status),
            ("rpdlxmdnpdl tkdxo", Intent::Channels),
        ] {
            let c = e.classify(text);
            assert_eq!((c.intent, c.lang.as_str()), (want, "ko"), "{text}: {c:?}");
        }
        let c = e.classify("restart");
        assert_eq!(c.lang.as_str(), "en");
    }

    /// A question about an order stays a question about it when the speaker comments on
    /// it: "while I run the smoke tests" names no order of its own.
    #[test]
    fn a_question_with_commentary_asks_about_its_order() {
        let c = engine().classify("should we pause polling while I run the smoke tests?");
        assert_eq!(
            (c.intent, c.withheld),
            (Intent::Status, Some(Intent::Pause))
        );
    }

    #[test]
    fn an_order_with_its_object_apart_is_one_order() {
        let e = engine();
        for (text, want) in [
            ("Turn it off, auto recovery.", Intent::AutorecoverOff),
            ("켜 줘, 자동 복구", Intent::AutorecoverOn),
            ("Dashboard — export it.", Intent::Export),
            ("대시보드, 내보내.", Intent::Export),
            ("꺼, 모니터링 라우팅", Intent::MonitoringOff),
            ("게이트웨이 말이야, 그거 다시 올려", Intent::RecoveryRun),
            // A thing this console does not know, named after "I mean", is off-topic.
            ("restart it, my laptop I mean", Intent::Unknown),
            // A Korean clause with a verb's ending is a reason, not an object.
            (
                "업데이트 잠깐 멈춰 주세요, 숫자 캡처 좀 하게요",
                Intent::Pause,
            ),
        ] {
            assert_eq!(e.classify(text).intent, want, "{text}");
        }
    }

    #[test]
    fn an_aside_in_brackets_says_why_and_is_read_apart() {
        let e = engine();
        for (text, want) in [
            ("내 노트북 재부팅 해줘 (느려서)", Intent::Unknown),
            (
                "멈춰 아니 새로고침해줘 (손가락이 먼저 나감)",
                Intent::Refresh,
            ),
            // An aside that names an action is part of the question.
            (
                "what ran on cloud last? (restart? reset? no idea)",
                Intent::RecoveryHistory,
            ),
        ] {
            assert_eq!(e.classify(text).intent, want, "{text}");
        }
        // The reply comes in the language of the whole line.
        assert_eq!(
            e.classify("/help (한국어로)").lang,
            crate::chatops::Lang::Ko
        );
    }

    #[test]
    fn the_console_told_of_in_the_third_person_is_told() {
        let e = engine();
        for (text, want) in [
            (
                "have the console run recovery on cloud",
                Intent::RecoveryRun,
            ),
            ("get the bot to apply routing already", Intent::RoutingApply),
            (
                "ask switchboard to switch off self-healing",
                Intent::AutorecoverOff,
            ),
            (
                "콘솔더러 전체 채널 복구 리셋하라 그래",
                Intent::RecoveryReset,
            ),
            (
                "팀장님이 스위치보드한테 라우팅 적용시키래",
                Intent::RoutingApply,
            ),
            ("게웨 죽었어, 콘솔한테 살려놓으라 해", Intent::RecoveryRun),
            // Asked to tell, it answers; what it is to be told is no order.
            (
                "get the console to tell me what routing policy it's on",
                Intent::Routing,
            ),
            (
                "ask switchboard if auto recovery is on",
                Intent::RecoveryStatus,
            ),
            ("콘솔한테 안녕이라고 전해줘", Intent::Unknown),
            // A refusal handed on still refuses.
            (
                "콘솔한테 클라우드 재시작하라고 하지 마",
                Intent::RecoveryStatus,
            ),
        ] {
            assert_eq!(e.classify(text).intent, want, "{text}");
        }
    }

    #[test]
    fn words_before_commentary_that_name_nothing_are_no_order() {
        let c = engine()
            .classify("As an operator, I want auto recovery disabled during the release window.");
        assert_ne!(c.intent, Intent::Help);
        assert_ne!(c.intent, Intent::AutorecoverOff);
    }

    #[test]
    fn a_recommendation_named_without_an_ask_orders_nothing() {
        let e = engine();
        for (text, want) in [
            ("fired rule + recommended actions", Intent::RecoveryStatus),
            ("발동 규칙 + 권장 조치", Intent::RecoveryStatus),
            ("do the recommended actions", Intent::RecoveryRun),
            ("추천대로 라우팅 박아줘", Intent::RoutingApply),
            // A plan to leave it to the next shift; a list of what ran, pulled.
            (
                "라우팅 적용은 다음 근무자가 판단하게 남겨둘게",
                Intent::Routing,
            ),
            (
                "다음 근무자 위해 이번 근무 중에 실행된 복구 목록 뽑아줘",
                Intent::RecoveryHistory,
            ),
            // "target" names where routes go; it orders only as where the order goes.
            ("traffic target recommendation", Intent::Routing),
            (
                "push the recommended order to the route targets",
                Intent::RoutingApply,
            ),
            (
                "end the freeze and get the updates flowing again",
                Intent::Resume,
            ),
        ] {
            assert_eq!(e.classify(text).intent, want, "{text}");
        }
    }
}
