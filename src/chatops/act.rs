//! The speech act: is the operator ordering, asking, refusing, wondering or reporting?
//! Decided from sentence structure alone — Korean endings and particles, English
//! auxiliaries and frames — never from the topic or the slots, so that whatever the topic
//! model learns, "복구 필요해?" can never become `recovery.run`.
//!
//! Anything that is not an order blocks every mutating intent. The layer errs on the side
//! of asking back: "can you run recovery?" is answered as a question and the reply says
//! how to order it.

use super::jamo::{final_consonant, past_syllable, FINAL_NIEUN, FINAL_RIEUL};
use super::lexicon::{self, Concept, Concepts};
use super::matcher::Evidence;
use super::normalize::{Prepared, Script};
use super::request;
use super::scope;

mod condition;
pub(super) mod past;
mod statement;
mod told;
use past::english_past;
use statement::{korean_copula, memo_done, thing_does};
use told::{happens, heard_said, relayed_order, reported, reported_speech};

/// What kind of sentence it is, most restrictive first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpeechAct {
    /// "하지 마", "don't", "never".
    Negation,
    /// "did recovery run?", "복구 했어?", "I restarted it": about what already happened.
    Past,
    /// "what if we restart", "재시작하면 괜찮을까", "is it safe to…": a condition weighed.
    Hedge,
    /// A question, a statement of need or a description of a state.
    Question,
    /// Nothing above: an order (or a bare noun phrase, read as one).
    Order,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Act {
    /// `?`, an interrogative word ("왜", "이유", "why" too), a question ending (`…할까`,
    /// `…니`) or lead (`is…`, `should…`).
    pub question: bool,
    /// "필요", "해야", "need", "should".
    pub need: bool,
    /// Describes a state: "켜져 있어", "실행 중", "running", "is on".
    pub stative: bool,
    /// "하지 마", "안 해", "don't", "cancel".
    pub negated: bool,
    /// A Korean request ending after the last term ("복구해", "복구 좀 해줘").
    pub imperative: bool,
    /// The sentence asks for something to be done: a request ending, or a bare "…줘",
    /// "…주세요" right after the last term ("에스컬레이션 풀어주세요"); in English a
    /// courtesy word or a verb opening it ("go static", "static routing please").
    pub requested: bool,
    /// A condition, a weighing or a deferral: "if", "what if", "I wonder", "later",
    /// "…하면", "…해도 돼", "나중에", "…할게".
    pub hedge: bool,
    /// Past tense: "did", "restarted" after a subject, "…했어", "…됐어".
    pub past: bool,
    /// A request in the shape of a question or a wish ("could you kindly silence
    /// Gateway for 30 minutes?", "I would like to reset…", "재시작해 주시겠어요?"): what
    /// it asks for is done, after confirmation like any order.
    pub polite: bool,
    /// The sentence carries a question mark.
    pub marked: bool,
    /// It asks only by a Korean ending that also reports what someone said ("벤더 작업
    /// 중이래"), without a question mark or a question word.
    pub hearsay: bool,
    /// It asks only by a Korean ending, without a question mark or a question word
    /// ("장애 있냐고 계속 물어봐서요" reports someone else's question).
    pub by_ending: bool,
    /// Its condition is only the speaker's promise ("내가 직접 돌릴게", "I'll watch it").
    pub promised: bool,
    /// It tells what a thing does, when or how often ("payroll closes tonight", "the
    /// gateway restarts every night"): a state, and no leaving.
    pub habit: bool,
}

impl Act {
    pub fn read(prep: &Prepared, ev: &Evidence) -> Act {
        let c = ev.concepts;
        let latin: Vec<&str> = prep
            .pieces
            .iter()
            .filter(|p| p.script == Script::Latin)
            .map(|p| p.text.as_str())
            .collect();
        let hangul: Vec<&str> = prep
            .pieces
            .iter()
            .filter(|p| p.script == Script::Hangul)
            .map(|p| p.text.as_str())
            .collect();
        let polite = request::polite_request(&latin, &hangul, prep);
        // Its "could", "would" and question mark are courtesy, not a question or a doubt.
        let weighed: Vec<&str> = latin
            .iter()
            .copied()
            .filter(|w| !(polite && matches!(*w, "could" | "would" | "if")))
            .collect();
        // ("…부탁드려도 될까요?", "…꺼 주시면 안 될까요?": leave asked to ask is asking; its
        // "안" refuses nothing.)
        let asks_leave = polite && {
            let ending = hangul.concat();
            lexicon::grammar("asks_leave_ko")
                .iter()
                .any(|e| ending.ends_with(e))
        };
        // "지금 발동한 복구 규칙 알려줘", "tell me which rule fired": asking to be told is
        // asking, whatever verb names what is to be told.
        // ("확인 부탁드립니다": asking to have something checked is asking too.)
        // (Only near the end: "요약이 계속 타임아웃 나요" tells what the summaries do.)
        let tail_words = prep.words.len().saturating_sub(3);
        let closing = prep.words[tail_words..].concat();
        // ("just tell me what you'd recommend first")
        let informs = told_korean(&closing)
            || matches!(
            latin[..],
            ["tell" | "show", "me", ..] | ["just" | "pls" | "please" | "ok" | "so", "tell", "me", ..]
        )
            // ("복구 돌았던 기록 한번 보시죠": let's look, said as its own word.)
            || prep.words.last().is_some_and(|w| {
                ["보시죠", "보시지요", "봅시다", "보자"].contains(&w.trim_end_matches(['.', '!', '~']))
            })
            || latin.iter().take(2).any(|w| INFORMING.contains(w));
        let worded = informs
            || (!polite && (prep.question_mark || english_question(prep)))
            || c.any(&[Concept::Question, Concept::Why])
            || hangul.iter().any(|r| wondering(r));
        // ("자동 복구 끄는 걸로 하죠": a decision put to the room, not a question.)
        // (The decisions are `imperative_ending`'s "걸로…"; "…하시죠" is never a question.)
        let decided = hangul.last().is_some_and(|r| {
            lexicon::grammar("imperative_ending")
                .iter()
                .any(|e| e.starts_with("걸로") && r.ends_with(e))
        });
        let by_ending = !polite && !decided && ev.tails.iter().any(|t| korean_question(t));
        let hearsay = hangul.last().is_some_and(|r| reported(r));
        // ("네트워크팀에서 방화벽 작업한대요": news passed on tells a state; it orders nothing.)
        // ("…꺼 주세요… 고객사가 고정 순서를 원한대요": after an order, it is why.)
        let ordered_before = prep
            .words
            .iter()
            .rev()
            .skip(1)
            .any(|w| request::korean_order_word(w.trim_end_matches(['.', ',', '…', '!'])));
        let heard = !worded
            && !by_ending
            && !ordered_before
            && hangul.last().is_some_and(|r| heard_said(r));
        // "선배가 해도 된다고 했어요": a permission reported is what someone said, not
        // the speaker weighing it.
        let quoted = hangul.iter().any(|r| reported_speech(r));
        // "…해 주시면 감사하겠습니다": the 면 of thanks asks; it sets no condition.
        // ("게이트웨이 느려지면 재시작해 주시면 …" still sets one.)
        let thanked = polite
            && hangul.iter().any(|r| {
                ["주시면", "주셨으면", "부탁드려도"]
                    .iter()
                    .any(|m| r.contains(m))
            });
        let conditional = scope::english_hedge(scope::main_clause(&weighed))
            || (!quoted
                && hangul
                    .iter()
                    .any(|r| korean_condition(&request::courteous_if(r, polite), &prep.words)))
            || ev.tails.iter().any(|t| t.ends_with('면'))
            || (!quoted && !thanked && condition::verb_if(&prep.words));
        let promised_ko = !thanked && hangul.iter().any(|r| promise(r) || plan(r));
        let promised = promised_ko || english_promise(&latin);
        // "팀장님이 자동 복구 켜라고 하셨어요": an order relayed is given, unless asked about.
        let relayed = !prep.question_mark && hangul.iter().any(|r| relayed_order(r));
        if relayed {
            return Act {
                negated: c.has(Concept::Negation),
                imperative: true,
                requested: true,
                ..Act::default()
            };
        }
        let bare_order = request::bare_order_ko(&hangul);
        // ("would you mind re-enabling it now the migration's done?": the state is the
        // reason's.)
        let reasoned = scope::main_clause(&latin).len() < latin.len();
        let state_word = c.has(Concept::Stative) && !(polite && reasoned);
        let korean_request = ev.tails.last().is_some_and(|t| {
            request::korean_imperative(t) || lexicon::grammar("request").contains(&t.as_str())
        }) || request::directive_ko(&hangul);
        let habit = thing_does(&latin);
        Act {
            question: (worded || by_ending) && (informs || !asks_leave),
            need: c.has(Concept::Need) && !request::directive_ko(&hangul),
            // "stop auto-recovering", "keep refreshing": after a verb that takes one, the
            // -ing word is its object, not a state.
            // "Please apply it whenever you are ready": after an opening "please" a
            // copula belongs to a clause of its own, not to the request.
            stative: speaker_doing(&latin)
                || heard
                || someone_is(&latin)
                || habit
                || (!request::courteous_lead(&latin)
                    && !keeps_a_state(&latin)
                    // ("멈춘 거 다시 돌려줘": before a request ending, a state word
                    // describes what the request is about.)
                    && ((state_word
                        && !korean_request
                        && !bare_order
                        && !request::impatient(&latin)
                        && !gerund_object(&latin)
                        && !wishes_a_state(&latin))
                        || scope::main_clause(&latin).iter().any(|w| COPULAS.contains(w))
                        || seems(scope::main_clause(&latin))
                        || ev.tails.iter().any(|t| t.starts_with('중'))
                        || (!ordered_before && ev.tails.last().is_some_and(|t| korean_copula(t))))),
            negated: (c.has(Concept::Negation) && !asks_leave) || deferred(&latin, c),
            imperative: ev
                .tails
                .last()
                .is_some_and(|t| request::korean_imperative(t))
                || request::tried_ko(&hangul),
            requested: korean_request || bare_order || english_request(&latin, prep),
            // A sentence ending in …면 ("내보내면") is the first half of a condition.
            hedge: conditional || promised_ko,
            // ("…꺼 주셨으면 해요": the courteous past of a wish.)
            past: english_past(&latin)
                || hangul
                    .iter()
                    .any(|r| korean_past(&r.replace("주셨으면", "주시면"), korean_request)),
            polite,
            marked: prep.question_mark,
            hearsay: by_ending && hearsay && !worded,
            by_ending: by_ending && !worded,
            promised: promised && !conditional,
            habit,
        }
    }

    /// A sentence that tells why, beside another that asks with a question mark or
    /// orders: commentary, or a question only by its Korean ending (a question reported:
    /// "영업팀에서 장애 있냐고 계속 물어봐서요").
    pub fn context(self) -> bool {
        self.commentary() || (self.by_ending && !self.marked && !self.negated && !self.hedge)
    }

    /// A clause that only comments on an order beside it: it reports, describes or
    /// promises ("벤더 작업 중이래", "내가 직접 돌릴게", "deploy is done"), but neither
    /// orders, refuses, asks in words or with a question mark, nor weighs a condition.
    pub fn commentary(self) -> bool {
        let asks = self.question && !self.hearsay;
        let weighs = self.hedge && !self.promised;
        self.kind() != SpeechAct::Order && !self.negated && !self.marked && !asks && !weighs
    }

    /// The sentence's act, the most restrictive reading first.
    pub fn kind(self) -> SpeechAct {
        if self.negated {
            SpeechAct::Negation
        } else if self.past {
            SpeechAct::Past
        } else if self.hedge {
            SpeechAct::Hedge
        } else if self.question || self.need || self.stative {
            SpeechAct::Question
        } else {
            SpeechAct::Order
        }
    }

    /// Whether a mutating intent must not be taken from this utterance.
    pub fn blocks_action(self) -> bool {
        self.kind() != SpeechAct::Order
    }
}

/// "fyi i'm writing the incident summary", "we're testing the failover": what the
/// speaker is doing, told; no order.
fn speaker_doing(words: &[&str]) -> bool {
    let told = words
        .iter()
        .position(|w| !matches!(*w, "fyi" | "ok" | "okay" | "so" | "btw"))
        .map_or(&[][..], |i| &words[i..]);
    // ("i'm about to drain nodes": what the speaker is about to do, told.)
    let doing =
        |w: &str, next: Option<&&str>| w.ends_with("ing") || w == "about" && next == Some(&"to");
    match told {
        ["i", "m" | "am", w, rest @ ..] | ["we", "re" | "are", w, rest @ ..] => {
            doing(w, rest.first())
        }
        ["im", w, rest @ ..] => doing(w, rest.first()),
        _ => false,
    }
}

/// "nobody's on nights tonight", "everything's green": a state told with a contracted
/// "is" after a subject that is no verb ("let's" proposes, "who's" asks; after a noun,
/// "'s" may be whose, or a relative clause's: "everything that's down").
fn someone_is(words: &[&str]) -> bool {
    const SUBJECTS: [&str; 9] = [
        "nobody",
        "noone",
        "everybody",
        "everyone",
        "everything",
        "nothing",
        "somebody",
        "someone",
        "something",
    ];
    words
        .windows(2)
        .any(|w| w[1] == "s" && SUBJECTS.contains(&w[0]))
}

/// "Hold the routing apply until I call it", "hold the recovery reset": an action held
/// back is refused for now (holding the polling is pausing it).
fn deferred(words: &[&str], c: Concepts) -> bool {
    use Concept::*;
    let words = words.strip_prefix(&["please"]).unwrap_or(words);
    words.first() == Some(&"hold") && c.any(&[Apply, Reset, Restart, Run])
}

/// An English order opening with a verb whose object is a gerund ("stop polling").
fn gerund_object(words: &[&str]) -> bool {
    matches!(
        words.first(),
        Some(&("stop" | "quit" | "keep" | "start" | "resume"))
    ) && words.iter().any(|w| w.ends_with("ing"))
}

/// "I'd like auto recovery enabled again": the state wished for, not one described.
fn wishes_a_state(words: &[&str]) -> bool {
    matches!(words, ["i", "would" | "d", "like", next, ..] | ["id", "like", next, ..] if *next != "to")
}

/// "keep it paused", "leave autorecovery off": an order to hold a state names the state.
fn keeps_a_state(words: &[&str]) -> bool {
    matches!(words.first(), Some(&("keep" | "leave")))
}

/// Verbs that ask to be told, opening a sentence or after a ticket's tag ("list the
/// failing channels", "REQ: list of recoveries run during the last shift", "Report all
/// faults, over").
const INFORMING: &[&str] = &[
    "list",
    "report",
    "summarize",
    "summarise",
    "enumerate",
    "say",
];

/// After a subject, "keeps", "looks", "seems" describe what it does ("static routing keeps
/// sending everything to a slow channel", "the numbers look wrong"); opening a sentence,
/// "look" is an order.
const SEEMS: &[&str] = &["keeps", "looks", "look", "seems", "seem"];

/// "it seems down", "looks right to me": a state described ("look at it" orders; "looks"
/// opening a line never does).
fn seems(words: &[&str]) -> bool {
    let third_person = |w: &&str| w.ends_with('s') && SEEMS.contains(w);
    words.iter().skip(1).any(|w| SEEMS.contains(w)) || words.first().is_some_and(third_person)
}

/// "is", "are": a sentence that contains a copula describes or asks ("auto recovery is on").
const COPULAS: &[&str] = &["is", "are", "was", "were", "am", "isn", "aren", "been"];

/// An English question opens with a question word, or with do/does/did before a subject.
fn english_question(prep: &Prepared) -> bool {
    let mut words = prep.pieces.iter().map(|p| (p.script, p.text.as_str()));
    let Some((Script::Latin, first)) = words.next() else {
        return false;
    };
    if lexicon::grammar("question_lead").contains(&first) {
        return true;
    }
    // "do it - run recovery" orders; "does it work?" asks.
    let subject = matches!(words.next(), Some((Script::Latin, w)) if lexicon::grammar("subject").contains(&w));
    let do_it = first == "do" && prep.pieces.get(1).is_some_and(|p| p.text == "it");
    let ordered = do_it && !prep.question_mark;
    lexicon::grammar("aux_do").contains(&first) && subject && !ordered
}

/// "please", or a verb opening the sentence ("go static", "use static routing").
fn english_request(words: &[&str], prep: &Prepared) -> bool {
    let lead = prep.pieces.first().is_some_and(|p| {
        p.script == Script::Latin && lexicon::grammar("request_lead").contains(&p.text.as_str())
    });
    // ("do the recommended actions": "do" before anything but its subject orders.)
    let opening = match words {
        [lead, rest @ ..] if matches!(*lead, "just" | "ok" | "okay" | "so" | "now") => rest,
        _ => words,
    };
    let done = matches!(opening, ["do", next, ..]
        if !lexicon::grammar("subject").contains(next) && !matches!(*next, "not" | "n" | "t"));
    lead || done
        || words
            .iter()
            .any(|w| lexicon::grammar("request_en").contains(w))
}

/// A question ending closing a Korean word ("…까지" is "until", though it ends in 지:
/// "마이그레이션 끝날 때까지 auto recovery 오프" orders; "…하시죠" proposes).
fn korean_question(tail: &str) -> bool {
    // ("라우팅 적용하시죠": a proposal that the listener do it, the office's order.)
    let proposal = tail.ends_with("시죠") || tail.ends_with("시지요");
    !proposal
        && !happens(tail)
        && !tail.strip_suffix('요').unwrap_or(tail).ends_with("까지")
        && lexicon::grammar("question_ending")
            .iter()
            .any(|e| tail.ends_with(e))
}

/// Conditional and concessive endings (`hedge_ko` in assets/chatops/acts.txt), in a
/// space-free run. "…을지", "…할지" (whether) must stand in one word: "정책을 지역
/// 기준으로" is a particle before another word.
fn korean_condition(run: &str, words: &[String]) -> bool {
    lexicon::grammar("hedge_ko").iter().any(|h| {
        let in_word = matches!(*h, "을지" | "할지");
        run.contains(h)
            && (!in_word || words.iter().any(|w| w.contains(h)))
            && !(matches!(*h, "내일" | "이따") && bounds_a_time(h, words))
    })
}

/// "내일 출근 전에 …", "내일 아침까지 멈춰 둬": a day named in a deadline or a length
/// bounds the order; it does not put it off.
fn bounds_a_time(day: &str, words: &[String]) -> bool {
    let Some(at) = words.iter().position(|w| w.contains(day)) else {
        return false;
    };
    words[at..].iter().take(3).any(|w| {
        let w = w.trim_end_matches(['.', ',', '!']);
        ["전에", "전까지", "까지", "동안", "동안은", "동안만"]
            .iter()
            .any(|e| w.ends_with(e))
    })
}

/// "I'll handle it by hand", "we'll watch it": the speaker's own plan.
fn english_promise(words: &[&str]) -> bool {
    words
        .windows(2)
        .any(|w| matches!(w, ["i" | "we", "ll" | "will"]))
}

/// "바꿀까 지역기준으로", "재시작할까": a verb closed by ㄹ before 까 asks, wherever the
/// sentence goes on after it.
fn wondering(run: &str) -> bool {
    let chars: Vec<char> = run.chars().collect();
    chars
        .windows(2)
        .any(|w| final_consonant(w[0]) == Some(FINAL_RIEUL) && w[1] == '까')
}

/// "돌릴게", "해볼게요", "올릴께": a verb closed by ㄹ before a final 게/께 is the
/// speaker's promise to do it later, not an order now ("돌게 해" makes something happen).
pub fn promise(run: &str) -> bool {
    let chars: Vec<char> = run.trim_end_matches('요').chars().collect();
    matches!(chars[..], [.., before, '게' | '께'] if final_consonant(before) == Some(FINAL_RIEUL))
}

/// "스크린샷 찍어서 첨부하겠습니다", "캡처할거임": what the speaker will do, as a plan.
fn plan(run: &str) -> bool {
    ["하겠습니다", "하겠어요", "하겠음", "할거", "할꺼"]
        .iter()
        .any(|e| run.contains(e))
}

/// "지금 발동한 복구 규칙 알려줘", "상태 요약해 줘", "사유 확인 부탁드립니다": the closing
/// words ask to be told ("재조회", querying again, refreshes).
fn told_korean(closing: &str) -> bool {
    const TELL: [&str; 8] = [
        "알려",
        "보여",
        "말해",
        "들려줘",
        "들려주",
        "조회",
        "요약",
        "로정리",
    ];
    // ("요약이 멈췄어요": with a subject's particle the word is the summaries, not a verb.)
    let as_verb = |v: &str| {
        closing
            .match_indices(v)
            .any(|(i, _)| !closing[i + v.len()..].starts_with(['이', '가', '은', '는', '도']))
    };
    TELL.iter().any(|v| as_verb(v)) && !closing.contains("재조회") || checked(closing)
}

/// "발동된 규칙 확인 부탁드립니다", "사유 확인해 주세요": a request, closing the sentence,
/// to have something checked asks to be told it; so does a memo's request to review,
/// reply with or report it ("…여부 확인하여 주시기 바랍니다", "권고 조치 회신 바랍니다",
/// "재시작 이력 보고 요망").
fn checked(run: &str) -> bool {
    let asked = [
        "하여주시기바랍니다",
        "해주시기바랍니다",
        "주시기바랍니다",
        "부탁드립니다",
        "바랍니다",
        "요청드립니다",
        "해주세요",
        "해줘",
        "부탁해",
        "요망",
        "바람",
        "할것",
        "하도록",
        "좀",
    ];
    let run = run.trim_end_matches(['.', '!']);
    let rest = asked
        .iter()
        .find_map(|e| run.strip_suffix(e))
        .unwrap_or(run);
    let rest = rest.strip_suffix("하여").unwrap_or(rest);
    ["확인", "검토", "회신", "보고"]
        .iter()
        .any(|v| rest.ends_with(v))
}

/// Subjects after which a verb in `-ed` reports what someone did ("I restarted"); "what
/// you suggested" names an order's object, so `you` is not one.
fn doer(w: &str) -> bool {
    lexicon::grammar("doer").contains(&w)
}

/// A verb in the past (`jamo::past_syllable`). "돌린 적 있어", "한 적이 있나": a verb
/// closed by ㄴ before 적 asks whether it ever happened.
fn korean_past(run: &str, ordered: bool) -> bool {
    let chars: Vec<char> = run.chars().collect();
    // "점검 끝났기 때문에 자동 복구를 다시 켜 주세요": before a request ending, a past
    // that gives the reason ("…기 때문에", "…으니", "…으므로") is why, not what is asked.
    let reason = |i: usize| {
        let rest: String = chars[i + 1..].iter().collect();
        ordered
            && ["기때문", "으니", "으므로", "는데", "지만", "기에"]
                .iter()
                .any(|c| rest.starts_with(c) && rest.chars().count() > c.chars().count() + 1)
    };
    // The 적 of a word such as 적용 ("추천안 적용해줘", joined across the space) is not.
    let ever = chars.windows(2).enumerate().any(|(i, w)| {
        final_consonant(w[0]) == Some(FINAL_NIEUN)
            && w[1] == '적'
            && chars
                .get(i + 2)
                .is_none_or(|c| matches!(c, '있' | '없' | '이' | '은' | '도' | '는' | '만'))
    });
    // "재개된 거 맞아?": what has been done, asked about.
    let done = chars
        .windows(2)
        .any(|w| w[0] == '된' && matches!(w[1], '거' | '것' | '건'));
    // "멈췄던 거 다시 돌려": a past before 던 describes the thing the order is about.
    let told = |i: usize| chars.get(i + 1) == Some(&'던');
    ever || done
        || memo_done(run)
        || chars
            .iter()
            .enumerate()
            .any(|(i, &c)| past_syllable(c) && !told(i) && !reason(i))
}

/// Whether an English sentence asks if something is fine ("ok?", "all right?").
pub fn asks_fine(prep: &Prepared) -> bool {
    prep.pieces.iter().any(|p| {
        p.script == Script::Latin
            && matches!(p.text.as_str(), "ok" | "okay" | "fine" | "alright" | "good")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chatops::Engine;

    fn act(text: &str) -> SpeechAct {
        let e = Engine::with_channels(&["Gateway"]);
        e.act(text).kind()
    }

    #[test]
    fn memo_directives_and_asks_to_be_told() {
        use super::super::Engine;
        let e = Engine::with_channels(&["Local", "Cloud", "Gateway"]);
        for order in ["자동 복구 기능 켜 둘 것", "자동 복구 비활성화 조치 필요함"]
        {
            assert_eq!(e.act(order).kind(), SpeechAct::Order, "{order}");
        }
        for asked in [
            "자동 복구 필요함?",
            "REQ: list of recoveries run during the last shift",
            "Report all faults",
        ] {
            assert_ne!(e.act(asked).kind(), SpeechAct::Order, "{asked}");
        }
    }

    #[test]
    fn a_file_told_written_is_the_past_and_do_orders() {
        for told in [
            "capture saved INC-4410.png",
            "dashboard saved to out.html",
            "report exported as weekly.json",
        ] {
            assert_eq!(act(told), SpeechAct::Past, "{told}");
        }
        for order in [
            "get the dashboard exported to x.html",
            "export the dashboard to report-2024.html",
            "recovery needed",
        ] {
            assert_ne!(act(order), SpeechAct::Past, "{order}");
        }
        let e = Engine::with_channels(&["Gateway"]);
        assert!(e.act("do the recommended actions").requested);
        assert!(e.act("just do whatever you suggested").requested);
        assert!(!e.act("do we need recovery").requested);
        assert!(!e.act("do not restart").requested);
    }

    #[test]
    fn acts_are_read_from_structure_in_both_languages() {
        for (text, want) in [
            ("restart the gateway", SpeechAct::Order),
            ("게이트웨이 재시작해줘", SpeechAct::Order),
            ("should we restart the gateway?", SpeechAct::Question),
            ("게이트웨이 재시작해야 돼?", SpeechAct::Question),
            ("don't restart the gateway", SpeechAct::Negation),
            ("게이트웨이 재시작하지 마", SpeechAct::Negation),
            ("what if we restart the gateway", SpeechAct::Hedge),
            ("is it safe to bounce the gateway", SpeechAct::Hedge),
            ("게이트웨이 재시작하면 괜찮을까", SpeechAct::Hedge),
            ("재기동 해도 돼?", SpeechAct::Hedge),
            ("did the gateway restart", SpeechAct::Past),
            (
                "you haven't bounced local today, have you?",
                SpeechAct::Past,
            ),
            (
                "Hold the routing apply until I call it.",
                SpeechAct::Negation,
            ),
            ("I restarted the gateway earlier", SpeechAct::Past),
            ("I reset local's escalation around lunch", SpeechAct::Past),
            ("was the local worker restarted today?", SpeechAct::Past),
            ("should we reset recovery for cloud?", SpeechAct::Question),
            ("게이트웨이 재시작했어?", SpeechAct::Past),
            ("복구 돌렸었어", SpeechAct::Past),
            ("restart the gateway later", SpeechAct::Hedge),
            ("나중에 재시작할게", SpeechAct::Hedge),
            ("재시작은 좀 이따가", SpeechAct::Hedge),
            // The south's dialects order and ask with endings of their own.
            ("게이트웨이 재시작 해주이소", SpeechAct::Order),
            ("게이트웨이 복구 실행해불어", SpeechAct::Order),
            ("게이트웨이 와 이리 느리노", SpeechAct::Question),
            // What the speaker is doing is told, not ordered.
            ("fyi i'm writing the incident summary", SpeechAct::Question),
            // An order relayed is the order; one refused, relayed, is refused.
            ("팀장님이 자동 복구 꺼라고 하셨어요", SpeechAct::Order),
            ("팀장님이 재시작하지 말라고 하셨어요", SpeechAct::Negation),
        ] {
            assert_eq!(act(text), want, "{text}");
        }
    }

    #[test]
    fn endings_that_look_like_the_past_or_a_condition_are_not() {
        // 있 is "to be", 겠 is "will"; 화면 (screen) holds 면 but no conditional.
        let korean_past_ = |run: &str| korean_past(run, false);
        assert!(!korean_past_("문제있어"));
        assert!(!korean_past_("하겠어"));
        assert!(korean_past_("했어"));
        assert!(korean_past_("돌린적있어") && korean_past_("한적이있나") && korean_past_("돌린적"));
        assert!(!korean_past_("추천안적용해줘") && !korean_past_("권장안적절해"));
        // The reason given for an order is not what it asks; alone, it is the past.
        assert!(!korean_past("점검끝났기때문에자동복구켜주세요", true));
        assert!(korean_past("점검끝났기때문에", true));
        assert!(korean_past("재시작했는데", false));
        assert!(!korean_condition("화면멈춰", &[]));
        let words = |t: &str| t.split(' ').map(str::to_string).collect::<Vec<_>>();
        assert!(!korean_condition(
            "정책을지역기준으로",
            &words("정책을 지역 기준으로")
        ));
        assert!(korean_condition(
            "재시작할지말지",
            &words("재시작할지 말지")
        ));
        assert_eq!(act("restart the failed worker"), SpeechAct::Order);
        assert_eq!(act("ok restart the gateway"), SpeechAct::Order);
    }

    #[test]
    fn news_passed_on_is_told() {
        for run in ["작업한대요", "터졌대", "없대", "좋대요", "한대"] {
            assert!(heard_said(run), "{run}");
        }
        for run in ["최대", "절대", "반대로", "할래", "대"] {
            assert!(!heard_said(run), "{run}");
        }
        assert_eq!(act("네트워크팀에서 방화벽 작업한대요"), SpeechAct::Question);
    }

    #[test]
    fn something_breaking_out_is_told_not_asked() {
        for tail in ["나요", "에러나요", "큰일나", "짜증나요"] {
            assert!(!korean_question(tail), "{tail}");
        }
        for tail in ["되나요", "있나요", "끝나요", "하나"] {
            assert!(korean_question(tail), "{tail}");
        }
    }
}
