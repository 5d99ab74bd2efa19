//! Which part of a sentence carries its speech act, when it has two: an order followed
//! by the speaker's own commentary ("stop refreshing, i need to read this": the need is
//! the speaker's, not a question about the refresh), a refused order followed by the
//! one meant ("don't pause, keep it going", "재시작하지 말고 상태만 알려줘"), or a report
//! of what the speaker did followed by a question ("i restarted cloud, is it up now?"),
//! or a state described and then an order about it ("gateway is down, restart it",
//! "점검 끝났으니까 자동 복구 다시 켜줘").
//!
//! Works on folded text (`normalize::fold`); the caller reads the clause found on its own
//! and falls back to the whole sentence when that clause means nothing.

use super::jamo::{final_consonant, past_syllable, FINAL_MIEUM, FINAL_NIEUN, FINAL_SSANGSIOT};
use super::lexicon;

mod commentary;
mod refusal;
pub use commentary::{consequence, ends_on_condition, order_before_commentary, take_note};
pub use refusal::{after_refusal, refused_clause};

/// The clause that carries the act of a two-clause sentence, and what it was found
/// after or before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Meant<'a> {
    /// The order after a refusal ("don't pause, keep it going").
    AfterRefusal(&'a str),
    /// The question after a report of what the speaker did ("i restarted cloud, is it up?").
    AfterReport(&'a str),
    /// The order before the speaker's commentary ("stop refreshing, i need to read this").
    BeforeCommentary(&'a str),
}

impl<'a> Meant<'a> {
    /// The clause itself.
    pub fn clause(self) -> &'a str {
        match self {
            Meant::AfterRefusal(c) | Meant::AfterReport(c) | Meant::BeforeCommentary(c) => c,
        }
    }
}

/// The clause that carries the act of a two-clause sentence, if it has two: after a
/// refusal, the question after a report of what the speaker did, or before the
/// speaker's commentary.
pub fn meant(folded: &str) -> Option<Meant<'_>> {
    after_refusal(folded)
        .map(Meant::AfterRefusal)
        .or_else(|| question_after_report(folded).map(Meant::AfterReport))
        .or_else(|| order_before_commentary(folded).map(Meant::BeforeCommentary))
}

/// "i bounced local, did it come back up?", "로컬 다시 올렸는데 살아났어?": the speaker
/// reports what they did, then asks; the question is what is asked.
pub fn question_after_report(folded: &str) -> Option<&str> {
    let text = folded.trim();
    let leads = ["i ", "we ", "i've ", "we've ", "just "];
    // ("i bounced gateway a minute ago — healthy now?", "클라우드 재기동 했음, 지금
    // 정상이야?": a dash, a full stop, or a comma after a Korean past closes the report.)
    // ("bounced cloud a min ago — healthy now?", "restarted the local worker earlier,
    // looks ok now?": the report may leave out its subject.)
    let subjectless = text
        .split_whitespace()
        .next()
        .is_some_and(super::act::past::ordered_in_past);
    let reported = leads.iter().any(|l| text.starts_with(l)) || subjectless;
    // ("just restarted the in-house machine, is it healthy now": the question without
    // its mark, when its words ask.)
    let marked = text.ends_with('?');
    if !marked && !reported {
        return None;
    }
    let rest = second_clause(text, &leads, "는데", true).or_else(|| {
        if reported {
            let marks: &[&str] = if subjectless {
                &[" — ", " - ", ". ", ", "]
            } else {
                &[" — ", " - ", ". "]
            };
            marks
                .iter()
                .find_map(|m| text.split_once(m))
                .map(|(_, rest)| rest.trim())
        } else {
            let (report, rest) = text.split_once(", ")?;
            report.chars().any(past_syllable).then_some(rest.trim())
        }
    })?;
    let asks = || {
        rest.split_whitespace()
            .next()
            .is_some_and(|w| lexicon::grammar("question_lead").contains(&w))
    };
    (rest.len() > 1 && (marked || asks())).then_some(rest)
}

/// The clause after the first (English, when `text` opens with one of `leads`: after its
/// first comma, or its last with `last`) or after the Korean connective `ko`.
fn second_clause<'t>(text: &'t str, leads: &[&str], ko: &str, last: bool) -> Option<&'t str> {
    let english = leads.iter().any(|l| text.starts_with(l));
    let rest = match (english, last) {
        (true, true) => text.rsplit_once(", "),
        (true, false) => text.split_once(", "),
        (false, _) => text.split_once(ko),
    }?
    .1
    .trim();
    (!rest.is_empty()).then_some(rest)
}

/// Korean connectives that end a clause leading into the next ("…죽었으니까",
/// "…바뀌어서", "…할거라서").
const CONNECTIVES: [&str; 12] = [
    "니까", "으니", "는데", "던데", "어서", "아서", "해서", "라서", "이라", "므로", "위해", "하니",
];

/// The last clause of a sentence of two or more (after a comma, a dash, a semicolon or
/// a full stop, a Korean "because"/"and so" connective ending a word, or a Korean
/// sentence ending followed by more words): where a
/// description of the state ("gateway is down", "죽었네") is followed by what to do about
/// it. The caller takes it only when that clause is an order and the rest is not.
pub fn last_clause(folded: &str) -> Option<(&str, &str)> {
    // ("고객사 배포 끝났다고 하니 auto recovery 켜": since they say so.)
    // ("gateway's dragging… ok apply the recommended routing": a thought trailed off.)
    const MARKS: [&str; 9] = [
        "… ",
        ", ",
        " — ",
        " - ",
        "; ",
        ". ",
        "，",
        "다고 하니 ",
        "라고 하니 ",
    ];
    // A report ended without a full stop, before the order ("점검 끝났어 자동 복구 켜",
    // "다 끝났어요 …"): a past tense (a syllable closed by ㅆ) and a sentence ending.
    // ("끝났음 …": the terse report of a chat or a log line.)
    // ("벤더가 고쳤대 …": hearsay of what was done.)
    const ENDED: [&str; 10] = [
        "어 ", "아 ", "다 ", "어요 ", "아요 ", "음 ", "대 ", "래 ", "대요 ", "래요 ",
    ];
    let text = folded.trim().trim_end_matches(['.', '!']);
    // The final consonant of the syllable before `i`, when it is Hangul.
    let closing = |i: usize| text[..i].chars().next_back().and_then(final_consonant);
    let at = MARKS
        .iter()
        .filter_map(|m| text.rfind(m).map(|i| i + m.len()))
        // A connective, or "네" closing a sentence, that ends a Hangul word ("죽었네 ",
        // not "네 " alone).
        .chain(CONNECTIVES.iter().chain(&["네"]).filter_map(|k| {
            let (i, _) = text
                .rmatch_indices(k)
                .find(|(i, _)| text[i + k.len()..].starts_with(' '))?;
            // ("…, 업데이트 다시 이어서 해 주세요": 이어서 is "go on with", a verb.)
            let word = &text[text[..i].rfind(' ').map_or(0, |s| s + 1)..i + k.len()];
            let verb = ["이어서", "계속해서"].contains(&word);
            closing(i).filter(|_| !verb).map(|_| i + k.len() + 1)
        }))
        // "숫자가 좀 이상한데 갱신해줘", "오래된 것 같은데 …": any verb closed by ㄴ before 데.
        .chain(
            text.rfind("데 ")
                .filter(|&i| closing(i) == Some(FINAL_NIEUN))
                .map(|i| i + "데 ".len()),
        )
        .chain(ENDED.iter().filter_map(|k| {
            let i = text.rfind(k)?;
            (closing(i) == Some(FINAL_SSANGSIOT)).then_some(i + k.len())
        }))
        .max()?;
    let (first, last) = (text[..at].trim(), text[at..].trim());
    (!first.is_empty() && last.chars().any(char::is_alphanumeric)).then_some((first, last))
}

/// The sentences of an utterance, each with its closing mark ("Could you kindly restart
/// the Cloud worker? Our biggest client's test is blocked on it." → two); `None` for one.
pub fn sentences(text: &str) -> Option<Vec<&str>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let closes = matches!(c, '?' | '!' | '.' | '？' | '。');
        let next_is_space = chars.peek().is_some_and(|&(_, n)| n.is_whitespace());
        if closes && next_is_space {
            let end = i + c.len_utf8();
            out.push(text[start..end].trim());
            start = end;
        }
    }
    out.push(text[start..].trim());
    out.retain(|s| s.chars().any(char::is_alphanumeric));
    (out.len() > 1).then_some(out)
}

/// An apology beside a request ("sorry if that's the wrong term", "죄송합니다"): it
/// neither asks nor orders anything of the console.
pub fn apology(sentence: &str) -> bool {
    let t = sentence.trim_start().to_lowercase();
    ["sorry", "apologies", "my bad", "죄송", "미안"]
        .iter()
        .any(|a| t.starts_with(a))
}

/// A terse report, closed by a verb made a noun with ㅁ ("캡처 끝남", "벤더 확인함"):
/// after an order, what has happened, told.
pub fn terse_report(clause: &str) -> bool {
    let t = clause.trim_end_matches(['.', ' ', '!']);
    t.chars().count() >= 2 && t.chars().next_back().and_then(final_consonant) == Some(FINAL_MIEUM)
}

/// A condition ("if gateway degrades again", "when the deploy is done", "점검 끝나면"):
/// an order after it waits for it. ("local's fine now" is a state.)
pub fn conditional(clause: &str) -> bool {
    // ("데이터 외부로 나가면 안 되니까 …": a condition inside a reason is the reason's.)
    let last = clause.split_whitespace().last().unwrap_or("");
    let reason = ["니까", "니깐", "므로", "때문에"]
        .iter()
        .any(|r| last.trim_end_matches([',', '.']).ends_with(r));
    // Words without the marks around them (":if gateway degrades…", "(when …").
    clause
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .any(|w| {
            let english = CONDITIONS.contains(&w) || matches!(w, "until" | "after");
            let korean =
                !reason && w.ends_with('면') && w.chars().count() > 1 && !w.ends_with("화면");
            english || korean
        })
}

/// Whether a part of `clause` between commas opens with an English condition ("Given
/// Gateway degrades again, when that happens, …"); "it'd be great if you could …" is
/// courtesy, not one.
pub fn opens_a_condition(clause: &str) -> bool {
    clause.split(", ").any(|part| {
        let first = part.split_whitespace().next().unwrap_or("");
        CONDITIONS.contains(&first)
    })
}

/// English words that open a condition.
const CONDITIONS: [&str; 5] = ["if", "when", "whenever", "once", "unless"];

/// Whether a clause only stresses what came before ("…, honestly", "…, tbh").
pub fn emphasis_only(clause: &str) -> bool {
    let words: Vec<&str> = clause
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    // ("really" stresses too, but is no filler: "is it really down?" weighs.)
    !words.is_empty()
        && words
            .iter()
            .all(|w| lexicon::grammar("emphasis").contains(w) || *w == "really")
}

/// A clause that says until when ("…, 원인 분석 끝날 때까지요"): after an order, how long
/// it holds.
pub fn until(clause: &str) -> bool {
    let t = clause.trim_end_matches(['.', ' ', '!']);
    t.strip_suffix('요').unwrap_or(t).ends_with("까지")
}

/// An order someone else gave, relayed ("PM says kill auto-recovery until the release
/// is out", "my lead said to run recovery now"): the order, when the words after the
/// report open with a verb that orders.
pub fn relayed(folded: &str) -> Option<&str> {
    const REPORTS: [&str; 8] = [
        " says to ",
        " said to ",
        " says ",
        " said ",
        " wants us to ",
        " asked us to ",
        " asked me to ",
        " told me to ",
    ];
    // The first report, and of two there the longer ("said to" over "said").
    let (at, len) = REPORTS
        .iter()
        .filter_map(|r| folded.find(r).map(|i| (i, r.len())))
        .min_by_key(|&(i, len)| (i, std::cmp::Reverse(len)))?;
    let (who, order) = (&folded[..at], folded[at + len..].trim());
    let verb = order.split_whitespace().next()?;
    let opens =
        super::run_on::order_verb(verb) || super::lexicon::grammar("request_lead").contains(&verb);
    (who.split_whitespace().count() <= 3 && opens).then_some(order)
}

/// "my VP wants the recommended routing applied right away", "my boss wants
/// auto-recovery enabled": an order someone wants done, as the order itself ("apply the
/// recommended routing right away").
pub fn wanted_done(folded: &str) -> Option<String> {
    let at = folded.find(" wants ")?;
    let (who, rest) = (&folded[..at], &folded[at + " wants ".len()..]);
    let words: Vec<&str> = rest.split_whitespace().collect();
    // The participle, after an object of at most four words.
    let (i, base) = words
        .iter()
        .enumerate()
        .skip(1)
        .take(4)
        .find_map(|(i, w)| {
            let w = w.trim_end_matches([',', '.', '!']);
            // ("wants auto recovery re-enabled": enabled again.)
            let w = w.strip_prefix("re-").unwrap_or(w);
            let stem = w.strip_suffix("ed")?;
            let candidates = [
                stem.strip_suffix('i').map(|s| format!("{s}y")),
                Some(format!("{stem}e")),
                Some(stem.to_string()),
            ];
            let base = candidates
                .into_iter()
                .flatten()
                .find(|b| super::run_on::order_verb(b))?;
            Some((i, base))
        })?;
    // ("wants auto recovery re-enabled": enabled again.)
    let object_end = if words[i - 1] == "re" { i - 1 } else { i };
    let object = words[..object_end].join(" ");
    let after = words[i + 1..].join(" ");
    (who.split_whitespace().count() <= 3 && !object.is_empty())
        .then(|| format!("{base} {object} {after}").trim().to_string())
}

/// A Korean tag question: "…괜찮지", "…되죠", "…잖아요" ask the listener to agree.
pub fn seeks_agreement(clause: &str) -> bool {
    let t = clause.trim_end_matches(['?', '.', ' ']);
    let t = t.strip_suffix('요').unwrap_or(t);
    // ("…끝날 때까지": until, not a tag.)
    (t.ends_with(['지', '죠']) && !t.ends_with("까지")) || t.ends_with("잖아")
}

/// A Korean clause of purpose ("…캡처 좀 하게", "…숫자 보게", "숫자 좀 보자"): after an
/// order it says what the order is for (alone, "전환하게" is a senior's order and "숫자
/// 좀 보자" asks to be shown).
pub fn purpose(clause: &str) -> bool {
    let t = clause.trim_end_matches([',', ' ', '.', '!', '~']);
    // ("…스크린샷 찍게요": with the polite 요.)
    let t = t.strip_suffix('요').unwrap_or(t);
    t.ends_with('게') || t.ends_with("보자")
}

/// Whether a clause ends in a Korean connective ("…이상한데", "…죽었으니까", "…바뀌어서"):
/// it leads into what follows, so it orders nothing itself.
pub fn subordinate(clause: &str) -> bool {
    // "…있어서요": a connective may take the polite 요.
    let t = clause.trim_end_matches([',', ' ', '.']);
    let t = t.strip_suffix('요').unwrap_or(t);
    let before_de = t
        .strip_suffix('데')
        .and_then(|r| r.chars().next_back())
        .and_then(final_consonant);
    CONNECTIVES.iter().any(|k| t.ends_with(k)) || before_de == Some(FINAL_NIEUN)
}

/// Syllables that open a Korean helper verb (하다, 주다, 두다, 놓다, 보다, 있다): after
/// "켜 ", "해 " they carry on the verb before them rather than start a clause.
const HELPERS: [char; 27] = [
    '하', '해', '했', '한', '할', '주', '줘', '줬', '준', '줄', '두', '둬', '뒀', '둔', '둘', '놓',
    '놔', '놨', '놀', '보', '봐', '봤', '본', '볼', '있', '드', '달',
];

/// The first clause of a sentence of two or more (before a comma, a dash or a
/// semicolon) and the rest: where an order is followed by its reason ("turn auto
/// recovery back on, deploy is done"). The caller takes it only when that clause is an
/// order and the rest is not.
pub fn first_clause(folded: &str) -> Option<(&str, &str)> {
    // ("재기동 해주세요~ 손상 리포트 요약이 안 나와요": a tilde drawn out after a word.)
    const MARKS: [&str; 5] = [", ", " — ", " - ", "; ", "~ "];
    // "추천 라우팅 그대로 반영해주세요 오늘 중으로 공유해야 해요": a polite request ending
    // closes its clause, comma or not.
    // So does a plain one, when the rest only tells why ("게이트웨이 한시간 뮤트해
    // 패치중이야"; the caller checks the rest).
    // ("멈춰 둔 거", "돌려 놓은": verbs that take a helper verb are left out.)
    const ASKED: [&str; 26] = [
        "주세요 ",
        "주십시오 ",
        "줘요 ",
        "드립니다 ",
        "드려요 ",
        "해줘 ",
        "줘 ",
        "꺼 ",
        "켜 ",
        "해 ",
        "바꿔 ",
        "멈춰 ",
        "올려 ",
        "돌려 ",
        "풀어 ",
        "내려 ",
        "살려 ",
        "하게 ",
        "시오 ",
        "ㄱㄱ ",
        "춰봐 ",
        "켜봐 ",
        "꺼봐 ",
        "려봐 ",
        "꿔봐 ",
        "풀어봐 ",
    ];
    let text = folded.trim();
    let (at, len) = MARKS
        .iter()
        .filter_map(|m| text.find(m).map(|i| (i, m.len())))
        .chain(ASKED.iter().filter_map(|k| {
            let i = text.find(k)? + k.len();
            // "켜 했어", "꺼 둬", "해 줬어": a helper verb goes on with the same verb.
            // ("다음 근무자가 판단하게 남겨둘게": "…하게" before a verb of letting is "so
            // that", not a senior's order.)
            let letting = *k == "하게 "
                && ["남겨", "만들", "내버려", "냅둬"]
                    .iter()
                    .any(|v| text[i..].starts_with(v));
            let helper = text[i..].starts_with(HELPERS) || letting;
            (!helper).then_some((i - 1, 1))
        }))
        .min()?;
    let (first, rest) = (text[..at].trim(), text[at + len..].trim());
    let words = |t: &str| t.chars().any(char::is_alphanumeric);
    (words(first) && words(rest)).then_some((first, rest))
}

/// An order closed by a courteous tag ("Switch the routing policy to balanced, would
/// you?", "give it a kick, will you"): the order, without the tag and its question mark.
pub fn tagged_request(folded: &str) -> Option<&str> {
    // ("…, yes?": a second language's tag; "…, if you would": courtesy.)
    // ("…, won't you?", "…, 응?", "…, 알았지?": the same tag, impatient.)
    const TAGS: [&str; 17] = [
        " would you",
        " would you kindly",
        " won't you",
        " wont you",
        " will you please",
        ", 응",
        ", 알았지",
        ", 알겠지",
        " will you",
        " could you",
        " can you",
        " would ya",
        " will ya",
        ", yes",
        " if you would",
        " if you could",
        " if you don't mind",
    ];
    let t = folded.trim().trim_end_matches(['?', '.', '!', ' ']);
    let order = TAGS.iter().find_map(|tag| t.strip_suffix(tag))?;
    let order = order.trim_end().trim_end_matches(',').trim_end();
    (!order.contains('?') && order.chars().any(char::is_alphanumeric)).then_some(order)
}

/// "갑자기 재시작되면 안 돼요", "경로 흔들리면 곤란해요", "데모 중에 재시작되면 큰일나요":
/// what must not happen, given as the reason for an order before it.
pub fn must_not(clause: &str) -> bool {
    let joined: String = clause.chars().filter(|c| !c.is_whitespace()).collect();
    // ("…, 본사에서 순서 바꾸지 말래요", "…, the vendor asked us not to restart
    // anything": a prohibition someone else gave.)
    [
        "면안돼",
        "면안되",
        "면곤란",
        "면큰일",
        "지말래",
        "지말라고",
        "askedusnotto",
        "toldusnotto",
        "askednotto",
        "toldnotto",
    ]
    .iter()
    .any(|m| joined.contains(m))
}

/// "손상 리포트 요약이 안 나와요", "알림이 안 와요": something that fails to come, show or
/// open, told after an order as its reason. Its "안" refuses nothing; "아니 안 해" and
/// "안 돼" (no!) are not symptoms.
pub fn symptom(clause: &str) -> bool {
    const FAILING: [&str; 14] = [
        "나와",
        "나오",
        "와요",
        "와",
        "떠",
        "뜨",
        "열려",
        "열리",
        "먹혀",
        "들어와",
        "보여",
        "잡혀",
        "올라와",
        "넘어와",
    ];
    let words: Vec<&str> = clause.split_whitespace().collect();
    words.iter().enumerate().skip(1).any(|(i, w)| {
        *w == "안"
            && words.get(i + 1).is_some_and(|v| {
                FAILING.iter().any(|f| {
                    v.strip_prefix(f).is_some_and(|tail| {
                        tail.is_empty() || tail.starts_with(['요', '서', '네', '.'])
                    })
                })
            })
    })
}

/// A chat's slash command ("/help", "/export 대시보드"): the text without its slash. A
/// path ("/tmp/out.html") keeps it.
pub fn without_slash(text: &str) -> &str {
    let t = text.trim_start();
    let Some(rest) = t.strip_prefix('/') else {
        return text;
    };
    let command = rest.split_whitespace().next().unwrap_or("");
    if !command.is_empty() && command.chars().all(char::is_alphabetic) {
        rest
    } else {
        text
    }
}

/// A checklist's label and the item after it ("배포 체크리스트: 자동복구 끄기", "step 2:
/// silence Cloud 40m", "체크리스트 1) 갱신 정지"): the label and the rest, when it has one.
pub fn labelled(text: &str) -> Option<(&str, &str)> {
    let (label, item) = [": ", "： ", ") "]
        .iter()
        .filter_map(|m| text.split_once(m))
        .min_by_key(|(label, _)| label.len())
        .or_else(|| numbered_step(text))?;
    let item = item.trim();
    (!label.trim().is_empty() && item.chars().any(char::is_alphanumeric)).then_some((label, item))
}

/// A step numbered without a colon ("step two silence cloud for half an hour", "3단계
/// 자동 복구 켜기"): the number and the item after it.
fn numbered_step(text: &str) -> Option<(&str, &str)> {
    let mut words = text.splitn(3, ' ');
    let first = words.next()?;
    let korean = first
        .strip_suffix("단계")
        .or_else(|| first.strip_suffix('번'));
    let counted =
        |w: &str| w.chars().all(|c| c.is_ascii_digit()) || super::numbers::english(&[w]).is_some();
    let at = if korean.is_some_and(|n| !n.is_empty() && counted(n)) {
        first.len()
    } else if first.eq_ignore_ascii_case("step") && counted(words.next()?) {
        let second = text[first.len()..].trim_start();
        text.len() - second.len() + second.find(' ')?
    } else {
        return None;
    };
    Some((&text[..at], text[at..].trim_start()))
}

/// What a described state is about, for an order after it that does not name its
/// object ("auto recovery is making a mess, turn it off" → "auto recovery"; "자동 복구가
/// 계속 재시작하고 있어, 꺼" → "자동 복구가"): the words before the first English verb of
/// being, or up to the first Korean word that ends in a subject or topic particle.
pub fn subject(clause: &str) -> Option<&str> {
    const BEING: [&str; 9] = [
        " is ", " are ", " was ", " were ", " keeps ", " has ", " have ", " seems ", " looks ",
    ];
    let english = BEING.iter().filter_map(|b| clause.find(b)).min();
    let korean = || {
        let mut end = 0;
        for word in clause.split(' ') {
            end += word.len();
            if word.chars().count() > 1 && word.ends_with(['가', '이', '은', '는']) {
                return Some(end);
            }
            end += 1;
        }
        None
    };
    let at = english.or_else(korean)?;
    let subject = clause[..at].trim();
    (!subject.is_empty()).then_some(subject)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_condition_is_found_whatever_marks_surround_it() {
        assert!(conditional(":if gateway degrades again during the window"));
        assert!(conditional("(when the deploy is done)"));
        assert!(conditional("점검 끝나면,"));
        assert!(!conditional("local's fine now"));
        assert!(!conditional("화면 계속 바뀌어서"));
        // (A condition inside a reason is the reason's.)
        assert!(!conditional("데이터 외부로 나가면 안 되니까"));
        assert!(conditional("데이터 외부로 나가면"));
    }

    #[test]
    fn a_relayed_order_is_the_order() {
        assert_eq!(
            relayed("pm says kill auto-recovery until the release is out, please do"),
            Some("kill auto-recovery until the release is out, please do")
        );
        assert_eq!(
            relayed("my lead said to run recovery now, go"),
            Some("run recovery now, go")
        );
        assert_eq!(relayed("the customer says the gateway is down"), None);
        assert_eq!(relayed("the customer asks whether cloud is slow"), None);
        assert_eq!(
            wanted_done("my lead wants auto recovery re-enabled asap").as_deref(),
            Some("enable auto recovery asap")
        );
        assert_eq!(
            wanted_done("my lead wants auto recovery re enabled").as_deref(),
            Some("enable auto recovery")
        );
    }

    #[test]
    fn what_fails_to_come_is_a_symptom_not_a_refusal() {
        for told in [
            "손상 리포트 요약이 안 나와요",
            "알림이 안 와",
            "대시보드가 안 열려서",
        ] {
            assert!(symptom(told), "{told}");
        }
        for refused in ["아니 안 해도 돼요", "아 안 돼", "안 나와요", "켜지 마"] {
            assert!(!symptom(refused), "{refused}");
        }
    }

    #[test]
    fn a_slash_command_is_its_word() {
        assert!(must_not("갑자기 재시작되면 안 돼요") && must_not("경로 흔들리면 곤란해요"));
        assert!(must_not("데모 중에 재시작되면 큰일나요"));
        assert!(!must_not("재시작 안 돼요") && !must_not("켜면 돼"));
        assert_eq!(without_slash("/help"), "help");
        for (said, meant) in [
            (
                "my vp wants the recommended routing applied right away",
                Some("apply the recommended routing right away"),
            ),
            (
                "my boss wants auto-recovery enabled before the launch",
                Some("enable auto-recovery before the launch"),
            ),
            (
                "pm wants auto recovery turned off",
                Some("turn auto recovery off"),
            ),
            ("the customer wants a fixed order", None),
            ("finance wants costs evened out", None),
        ] {
            assert_eq!(wanted_done(said).as_deref(), meant, "{said}");
        }
        assert_eq!(without_slash("/export 대시보드"), "export 대시보드");
        assert_eq!(without_slash("/tmp/out.html"), "/tmp/out.html");
        assert_eq!(without_slash("export /tmp/x.html"), "export /tmp/x.html");
    }

    #[test]
    fn a_numbered_step_is_a_label() {
        assert_eq!(
            labelled("step two silence clowd for half an hour"),
            Some(("step two", "silence clowd for half an hour"))
        );
        assert_eq!(
            labelled("3단계 자동 복구 켜기"),
            Some(("3단계", "자동 복구 켜기"))
        );
        assert_eq!(labelled("step up the polling"), None);
        assert_eq!(labelled("단계 알려줘"), None);
    }

    #[test]
    fn a_courteous_tag_leaves_the_order() {
        assert_eq!(
            tagged_request("switch the routing policy to balanced, would you."),
            Some("switch the routing policy to balanced")
        );
        assert_eq!(
            tagged_request("hold polling for a tick, would you?"),
            Some("hold polling for a tick")
        );
        assert_eq!(tagged_request("would you?"), None);
        assert_eq!(tagged_request("is it down? would you"), None);
    }

    #[test]
    fn a_condition_between_clauses_and_emphasis_after_them() {
        assert!(opens_a_condition(
            "gateway degrades again, when that happens,"
        ));
        assert!(opens_a_condition("if gateway is slow"));
        assert!(!opens_a_condition(
            "it'd be great if you could change the policy"
        ));
        assert!(emphasis_only("honestly"));
        assert!(emphasis_only("tbh."));
        assert!(!emphasis_only("two hours"));
        assert!(!emphasis_only(""));
        assert_eq!(
            tagged_request("run recovery on local, won't you?"),
            Some("run recovery on local")
        );
        assert_eq!(
            tagged_request("게이트웨이 재시작해, 알았지?"),
            Some("게이트웨이 재시작해")
        );
        assert_eq!(
            last_clause("the gw is down… kick the worker"),
            Some(("the gw is down…", "kick the worker"))
        );
    }

    #[test]
    fn sentences_close_at_their_marks() {
        assert_eq!(
            sentences("Could you restart Cloud? The client is blocked. Thanks!"),
            Some(vec![
                "Could you restart Cloud?",
                "The client is blocked.",
                "Thanks!"
            ])
        );
        assert_eq!(sentences("v1.2 is out"), None);
        assert_eq!(sentences("restart gateway?"), None);
    }

    #[test]
    fn a_polite_request_ending_closes_its_clause() {
        assert_eq!(
            first_clause("라우팅 반영해주세요 오늘 공유해야 해요"),
            Some(("라우팅 반영해주세요", "오늘 공유해야 해요"))
        );
        assert_eq!(first_clause("라우팅 반영해주세요"), None);
        assert!(subordinate("작업이 있어서요,"));
    }

    #[test]
    fn a_described_state_names_its_subject() {
        assert_eq!(
            subject("auto recovery is making a mess"),
            Some("auto recovery")
        );
        assert_eq!(
            subject("자동 복구가 게이트웨이 계속 재시작하고 있어"),
            Some("자동 복구가")
        );
        assert_eq!(subject("the gateway keeps flapping"), Some("the gateway"));
        assert_eq!(subject("계속 느려"), None);
    }

    #[test]
    fn a_refused_clause_is_found_in_both_languages() {
        assert_eq!(
            refused_clause("자동 복구 끄지 말고 켜 둬"),
            Some("자동 복구 끄지")
        );
        assert_eq!(
            refused_clause("게이트웨이 재시작하지 마시고 상태만"),
            Some("게이트웨이 재시작하지")
        );
        assert_eq!(
            refused_clause("자동 복구 켜 두지 마, 꺼"),
            Some("자동 복구 켜 두지")
        );
        assert_eq!(refused_clause("고정 순서 말고 상태 기반으로"), None);
        assert_eq!(
            refused_clause("don't just recommend the routing, apply it"),
            Some("don't just recommend the routing")
        );
        assert_eq!(refused_clause("restart it, don't wait"), None);
        assert_eq!(
            after_refusal("재개하지 마시고 일시정지 해 주세요"),
            Some("일시정지 해 주세요")
        );
    }

    #[test]
    fn commentary_is_found_after_an_order_only() {
        let t = "stop refreshing, i need to read this";
        assert_eq!(order_before_commentary(t), Some("stop refreshing"));
        let t = "apply the routing, i'll check the proxy after";
        assert_eq!(order_before_commentary(t), Some("apply the routing"));
        let t = "hold the updates, need to read this";
        assert_eq!(order_before_commentary(t), Some("hold the updates"));
        let t = "disable autoheal until i'm done";
        assert_eq!(order_before_commentary(t), Some("disable autoheal"));
        let t = "restart it, i guess?";
        assert_eq!(order_before_commentary(t), None);
        assert_eq!(
            order_before_commentary("should we restart the gateway"),
            None
        );
    }

    #[test]
    fn the_question_after_a_report_is_what_is_asked() {
        let t = "i restarted cloud, is it healthy now?";
        assert_eq!(question_after_report(t), Some("is it healthy now?"));
        let t = "클라우드 재시작했는데 괜찮아?";
        assert_eq!(question_after_report(t), Some("괜찮아?"));
        assert_eq!(question_after_report("i restarted cloud, thanks"), None);
        assert_eq!(question_after_report("should we restart, or wait?"), None);
        let t = "just restarted the in-house machine, is it healthy now";
        assert_eq!(question_after_report(t), Some("is it healthy now"));
        let t = "restarted the local worker earlier, looks ok now?";
        assert_eq!(question_after_report(t), Some("looks ok now?"));
        // (An order after a report is no question.)
        let t = "i restarted cloud, now restart the gateway";
        assert_eq!(question_after_report(t), None);
    }

    #[test]
    fn the_last_clause_follows_a_mark_or_a_connective() {
        assert_eq!(
            last_clause("gateway is down, restart it"),
            Some(("gateway is down,", "restart it"))
        );
        assert_eq!(
            last_clause("gateway is stuck again — reboot the worker"),
            Some(("gateway is stuck again —", "reboot the worker"))
        );
        assert_eq!(
            last_clause("로컬 고쳤으니까 복구 카운트 리셋해"),
            Some(("로컬 고쳤으니까", "복구 카운트 리셋해"))
        );
        assert_eq!(
            last_clause("게이트웨이 죽었네 빨리 재시작해"),
            Some(("게이트웨이 죽었네", "빨리 재시작해"))
        );
        assert_eq!(
            last_clause("점검 끝났어 자동 복구 다시 켜"),
            Some(("점검 끝났어", "자동 복구 다시 켜"))
        );
        assert_eq!(last_clause("restart the gateway"), None);
        assert_eq!(last_clause("restart the gateway, "), None);
    }

    #[test]
    fn the_first_clause_comes_before_a_mark() {
        assert_eq!(
            first_clause("turn auto recovery back on, deploy is done"),
            Some(("turn auto recovery back on", "deploy is done"))
        );
        assert_eq!(
            first_clause("mute cloud 2h — vendor maintenance"),
            Some(("mute cloud 2h", "vendor maintenance"))
        );
        assert_eq!(first_clause("restart the gateway"), None);
        assert_eq!(first_clause("restart the gateway, "), None);
    }

    #[test]
    fn the_clause_after_a_refusal_is_the_one_meant() {
        assert_eq!(
            after_refusal("don't pause, keep it going"),
            Some("keep it going")
        );
        assert_eq!(
            after_refusal("재시작하지 말고 상태만 알려줘"),
            Some("상태만 알려줘")
        );
        assert_eq!(after_refusal("don't restart the gateway"), None);
        assert_eq!(after_refusal("pause, then resume"), None);
        assert_eq!(after_refusal("don't pause,"), None);
    }

    #[test]
    fn the_clause_meant_says_where_it_was_found() {
        assert_eq!(
            meant("don't pause, keep it going"),
            Some(Meant::AfterRefusal("keep it going"))
        );
        assert_eq!(
            meant("i restarted cloud, is it up now?"),
            Some(Meant::AfterReport("is it up now?"))
        );
        assert_eq!(
            meant("stop refreshing, i need to read this"),
            Some(Meant::BeforeCommentary("stop refreshing"))
        );
        assert_eq!(meant("restart the gateway"), None);
    }
}
