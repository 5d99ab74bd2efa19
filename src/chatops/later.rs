//! Whether an order is put off to a later time: "Tonight at 10, reset recovery", "first
//! thing monday flip the policy", "퇴근하고 나서 재시작해", "3시부터 폴링 멈춰". Nothing here
//! schedules (docs/chatops.md), so such an order is answered as a question about it.
//!
//! Only the time the order waits for counts: a deadline ("before the peak", "퇴근 전에")
//! is due now, a length ("for tonight", "내일까지") bounds it, and a time in a reason told
//! after it ("apply routing now, the batch starts in ten minutes") puts nothing off.

/// Whether the order in `folded` (lower case, NFC) waits for a later time.
pub fn put_off(folded: &str) -> bool {
    if now(folded) {
        return false;
    }
    let first = first_clause(folded);
    let words: Vec<&str> = words(first);
    english_opening(&words)
        || (0..words.len()).any(|i| english_time_at(&words, i))
        || korean_later(first)
}

/// "now", "지금", "바로": the order is meant now, whatever time is named beside it.
fn now(folded: &str) -> bool {
    words(folded).iter().any(|w| {
        matches!(*w, "now" | "immediately" | "asap" | "straightaway")
            || ["지금", "바로", "당장", "즉시", "얼른"]
                .iter()
                .any(|k| w.starts_with(k))
    }) || folded.contains("right away")
}

/// The sentence up to its first comma, dash or full stop: where an order names its time
/// (what follows is commentary or a reason), unless that part holds only the time, as in
/// "Tonight at 10, reset …", which the opening rule reads.
fn first_clause(folded: &str) -> &str {
    let end = folded
        .char_indices()
        .find(|&(i, c)| {
            matches!(c, ',' | ';' | '—' | '–' | '!' | '?')
                || (c == '.' && !folded[i + 1..].starts_with(|d: char| d.is_ascii_digit()))
                || (c == '-' && folded[i..].starts_with("- ") && i > 0)
        })
        .map_or(folded.len(), |(i, _)| i);
    &folded[..end]
}

fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | '!' | '?' | ';' | '—'))
        // (A clock keeps its colon and a share its %; a prompt's ":" before the first
        // word goes: ":tonight at 10, …".)
        .map(|w| {
            w.trim_start_matches(|c: char| !c.is_alphanumeric())
                .trim_end_matches(|c: char| !c.is_alphanumeric() && !matches!(c, '\'' | '%'))
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// Courtesy and fillers that may come before the time ("ok so tomorrow at 9 …").
const LEADING: &[&str] = &[
    "ok", "okay", "so", "and", "then", "please", "pls", "also", "um", "uh",
];

/// The sentence opens with the time the order waits for: "tomorrow …", "tonight at 10,
/// …", "first thing monday …", "after this call, …", "once the deploy's done, …", "in
/// 15 minutes, …", "at 2am …".
fn english_opening(words: &[&str]) -> bool {
    let start = words.iter().take_while(|w| LEADING.contains(w)).count();
    let rest = &words[start..];
    match rest {
        ["tomorrow" | "tonight" | "later" | "afterwards", ..] => true,
        ["first", "thing", ..] | ["end", "of", "day" | "the", ..] => true,
        ["this" | "next", "evening" | "afternoon" | "week" | "weekend" | "morning", ..] => true,
        ["on" | "next", day, ..] if weekday(day) => true,
        ["as", "soon", "as", ..] => true,
        ["after" | "once", ..] => !told_done(&rest[1..]),
        ["in", n, unit, ..] => number(n) && unit_of_time(unit),
        ["at", t, ..] => clock(t) || meal(t),
        _ => false,
    }
}

/// A clock time or a later day named inside the order's clause: "restart gateway at 3",
/// "silence everything for 90 minutes starting at midnight", "re-enable it tomorrow at
/// 8"; not after a word that makes it a length or a deadline ("for tonight", "until
/// tomorrow", "by 5").
fn english_time_at(words: &[&str], i: usize) -> bool {
    // ("on for tonight", "for the overnight", "nobody's on call tonight": a length, or
    // a reason's time; "tomorrow at 8", "tonight at 10" name when.)
    let when = words
        .get(i + 1)
        .is_some_and(|w| matches!(*w, "at" | "morning" | "evening" | "afternoon" | "first"));
    // (The time must be the order's, after its verb: "maintenance starts at 22:00 — ok
    // then, silence cloud" orders now.)
    let ordered = words[..i]
        .iter()
        .any(|w| ORDER_VERBS.contains(w) || super::lexicon::grammar("order_verb_en").contains(w));
    match words[i] {
        _ if !ordered => false,
        "tomorrow" | "tonight" => when,
        "at" => words.get(i + 1).is_some_and(|t| clock(t) || meal(t)),
        "from" => words.get(i + 1).is_some_and(|t| clock(t)),
        "starting" => words
            .get(i + 1)
            .is_some_and(|w| matches!(*w, "at" | "from" | "tomorrow" | "tonight")),
        "first" => words.get(i + 1) == Some(&"thing"),
        _ => false,
    }
}

/// Verbs that open an order of this console ("restart gateway at 3").
const ORDER_VERBS: &[&str] = &[
    "restart", "silence", "mute", "pause", "apply", "switch", "turn", "enable", "disable", "reset",
    "kick", "bounce", "export", "clear", "flip", "push", "freeze", "stop", "resume",
];

/// "after the vendor fixed it": a condition already met, told; "once the deploy's
/// done" still waits.
fn told_done(words: &[&str]) -> bool {
    words.iter().take_while(|w| !LEADING.contains(w)).any(|w| {
        matches!(*w, "was" | "were" | "had" | "did" | "came" | "went" | "got")
            || (w.len() > 4 && w.ends_with("ed") && *w != "need")
    })
}

fn weekday(w: &str) -> bool {
    matches!(
        w,
        "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday"
    )
}

fn number(w: &str) -> bool {
    w.chars().all(|c| c.is_ascii_digit())
        || matches!(
            w,
            "a" | "an"
                | "one"
                | "two"
                | "three"
                | "five"
                | "ten"
                | "fifteen"
                | "twenty"
                | "thirty"
                | "half"
        )
}

fn unit_of_time(w: &str) -> bool {
    matches!(
        w,
        "minute"
            | "minutes"
            | "min"
            | "mins"
            | "hour"
            | "hours"
            | "hr"
            | "hrs"
            | "h"
            | "m"
            | "sec"
            | "seconds"
    )
}

/// "at lunch", "at eod": a time of the day named by what happens then (only after
/// "at": "until lunch" is a length).
fn meal(w: &str) -> bool {
    matches!(w, "lunch" | "lunchtime" | "midday" | "eod" | "dinner")
}

/// "3", "3pm", "11:30", "0300", "noon", "midnight" — a time of the clock, not a length
/// ("30m") or a share ("95%").
fn clock(w: &str) -> bool {
    if matches!(w, "noon" | "midnight" | "dawn") {
        return true;
    }
    let digits = w
        .trim_end_matches("am")
        .trim_end_matches("pm")
        .trim_end_matches("h");
    let plain = digits.replace(':', "");
    !plain.is_empty()
        && plain.chars().all(|c| c.is_ascii_digit())
        && (plain.len() <= 2 && plain.parse::<u32>().is_ok_and(|h| h <= 24) || plain.len() == 4)
}

/// Korean: after an event ("퇴근하고 나서", "회의 끝나고", "점심 이후에", "점심 먹고 와서"),
/// from an hour of the clock ("3시부터"), or a plan ("리셋할 생각이야").
fn korean_later(clause: &str) -> bool {
    let words: Vec<&str> = clause.split_whitespace().collect();
    words.iter().enumerate().any(|(i, w)| {
        let next = words.get(i + 1).copied().unwrap_or("");
        let prev = i.checked_sub(1).map_or("", |j| words[j]);
        let event = |w: &str| ENDED.iter().chain(EVENTS).any(|e| w.starts_with(e));
        ((w.ends_with('고') && next.starts_with("나서")) || w.ends_with("고나서")) && event(w)
            || ENDED.iter().any(|e| {
                w.starts_with(e)
                    && ["고", "면", "는대로", "자마자", "고서"]
                        .iter()
                        .any(|t| w.ends_with(t))
            })
            || (matches!(*w, "이후에" | "이후" | "후에" | "뒤에" | "다음에")
                && (event(prev) || !(an_action(prev) || a_verb_done(prev) || prev == "그")))
            // ("점심 먹고 와서", not "비 와서": because it rains.)
            || (w.ends_with("와서") && (prev.ends_with('고') || w.starts_with("다녀")))
            || hour_from(w)
            || hour_passed(w, next)
            || (w.starts_with("생각이")
                && prev.ends_with(|c| {
                    super::jamo::final_consonant(c) == Some(super::jamo::FINAL_RIEUL)
                }))
    })
}

/// Verbs of something ending: "끝나고", "마치면", "종료되자마자".
const ENDED: &[&str] = &[
    "끝나",
    "끝내",
    "끝난",
    "마치",
    "마무리되",
    "종료되",
    "퇴근하",
];

/// What happens in the world, not on the console: "점심 먹고 와서", "패치 들어가고 나서".
const EVENTS: &[&str] = &["먹", "들어가", "다녀오", "갔다", "시작되", "회의"];

/// "반영한 다음에", "켠 다음에": a verb before "다음에" is the first of two asks.
fn a_verb_done(word: &str) -> bool {
    word.chars()
        .last()
        .is_some_and(|c| super::jamo::final_consonant(c) == Some(super::jamo::FINAL_NIEUN))
}

/// "재시작 후에 상태 보여줘" chains two asks: after the console's own action is no later
/// time.
fn an_action(word: &str) -> bool {
    [
        "재시작",
        "재기동",
        "복구",
        "리셋",
        "적용",
        "전환",
        "초기화",
        "내보",
        "새로고침",
        "정지",
        "켜",
        "꺼",
    ]
    .iter()
    .any(|a| word.contains(a))
}

/// "3시부터", "11시부터", "오후 3시쯤": from an hour of the clock on.
fn hour_from(word: &str) -> bool {
    at_hour(word).is_some_and(|rest| {
        ["시부터", "시쯤", "시 쯤"]
            .iter()
            .any(|t| rest.starts_with(t))
    })
}

/// "2시 넘어서 …", "3시 지나서 …": once an hour of the clock (`word`) has passed (`next`).
fn hour_passed(word: &str, next: &str) -> bool {
    const PASSED: [&str; 6] = ["넘어서", "지나서", "넘으면", "지나면", "이후에", "이후"];
    (at_hour(word) == Some("시") || hour_from(word)) && PASSED.contains(&next)
}

/// The rest of `word` from its 시, when digits of an hour come before it ("3시부터" →
/// "시부터").
fn at_hour(word: &str) -> Option<&str> {
    let at = word.find('시')?;
    let (hour, rest) = word.split_at(at);
    (!hour.is_empty() && hour.chars().all(|c| c.is_ascii_digit())).then_some(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_time_waited_for_puts_the_order_off() {
        for s in [
            "tonight at 10, reset recovery on every channel.",
            ":tonight at 10, reset recovery on every channel.",
            "first thing tomorrow, clear the escalation on all channels",
            "first thing monday flip the routing policy over to region",
            "in 15 minutes, kick the local worker.",
            "tomorrow at 9 sharp, please apply the routing recommendation.",
            "after this call, pause it",
            "once the deploy's done, enable automatic recovery.",
            "at 2am silence gateway for 45 minutes, that's the patch window",
            "silence everything for 90 minutes starting at midnight",
            "restart gateway at 3 when traffic is low",
            "퇴근하고 나서 클라우드 워커 재시작해 주세요",
            "회의 끝나고 오토 리커버리 켜줘",
            "점검 끝나고 나서 자동 복구 다시 켜 줘",
            "오늘 밤 11시부터 클라우드 1시간 점검 걸어 줘",
            "3시부터 폴링 멈춰",
            "2시 넘어서 정책 balanced로 바꿔줘",
            "점심 이후에 모니터링 기반 라우팅 꺼줘요",
            "점심 먹고 와서 추천 라우팅 프록시에 반영해 줘",
            "다음 점검 때 로컬 복구 리셋할 생각이야",
        ] {
            assert!(put_off(s), "{s}");
        }
    }

    #[test]
    fn a_deadline_a_length_or_a_reason_is_not_later() {
        for s in [
            "apply routing now, the night batch starts in ten minutes",
            "get the recommended routes applied before the evening peak",
            "monitoring routing on for tonight, the fixed order was only for the demo",
            "enable auto recovery before i log off, nobody's on call tonight",
            "restart gateway at once",
            "after the vendor fixed it, reset escalation for cloud",
            "silence gateway for 30m",
            "퇴근 전에 로컬 실패 카운트 리셋해 놔",
            "지금 바로 로컬 재시작해, 이따 회의 들어가야 돼",
            "게이트웨이 재시작 후에 상태 보여줘",
            "로컬 복구 카운트 리셋부터 하고 재시작은 그 다음에",
            "> cloud provider: maintenance starts at 22:00 — ok then, silence cloud for 45 minutes",
            "라우팅 적용하고 나서 새 프라이머리 알려줘",
            "추천 라우팅 프록시에 반영한 다음에 상태 보여줘",
            "자동 복구 켠 다음에 전체 복구 리셋해줘",
            "내일 작업 끝날 때까지 자동 복구 꺼 둬",
            "p95 at 450ms, restart gateway",
            "local's been at 0% availability for 12 min, restart it",
            "비 와서 그런지 다들 예민함 ㅋㅋ 자동 복구 디스에이블해",
        ] {
            assert!(!put_off(s), "{s}");
        }
    }
}
