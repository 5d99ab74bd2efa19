//! The framing around a short ask: an opening that only eases into it ("Not urgent, but
//! …", "Hey, quick question — …", "Sorry if this is a dumb question — …", "이거 급한 건
//! 아닌데 …", "그건 그렇고 …") and a closing that only thanks ("…, thanks in advance!",
//! "… 감사합니다~"). Neither asks, orders nor refuses anything: "Not urgent" holds a "not",
//! but it negates nothing the console could do.

/// Openings, lower case, closed by the mark right after them (a comma, a dash, a colon,
/// "but"): "Not urgent, but …", "hey, …", "sorry - …".
const OPENINGS: &[&str] = &[
    "not urgent",
    "no rush",
    "no hurry",
    "quick question",
    "quick q",
    "random thought",
    "when you get a sec",
    "when you have a sec",
    "if you get a chance",
    "if you have a sec",
    "if it's not too much trouble",
    "if it is not too much trouble",
    "if its not too much trouble",
    "if you don't mind",
    "if you dont mind",
    "hope you're doing well",
    "hope you are doing well",
    "one more thing",
    "by the way",
    "btw",
    "also",
    "hey hey",
    // What an assistant is told before its task ("Task: …", "Step by step, …").
    "task",
    "instruction",
    "instructions",
    "please do the following",
    "do the following",
    "step by step",
    "in one sentence",
    "briefly",
    "hey",
    "hi",
    "hello",
    "sorry",
    // A shift handing over ("before I go, …", "for the night shift, …").
    "before i go",
    "before i leave",
    "before i head out",
    "before i log off",
    "before i hand over",
    "before i sign off",
    "before i clock out",
    "before handover",
    "before the handover",
    "handing over",
    "handover",
    "last thing before handover",
    "last thing before i go",
    "last thing",
    "for the night shift",
    // A precedent named before the order ("same as last night — restart the local worker").
    "same as last night",
    "same as last time",
    "same as yesterday",
    "same as before",
    "like last night",
    "like last time",
    "like yesterday",
    "for the night crew",
    "for the next shift",
    "for the incoming shift",
    "for the day shift",
    "fyi",
    // A record being kept ("For the audit trail, …").
    "for the audit trail",
    "for the record",
    "for the evidence",
    "for the postmortem",
];

/// Openings that begin an aside and run to its first mark within a few words ("sorry if
/// this is a dumb question — …", "hope the week's been kind. …").
const ASIDES: &[&str] = &[
    "sorry if",
    "sorry to bug you",
    "sorry to bother",
    "sorry for the ping",
    "sorry for bothering",
    "hope the week",
];

/// Korean openings, matched with or without their spaces.
const OPENINGS_KO: &[&str] = &[
    "죄송한데",
    "죄송한데요",
    "죄송하지만",
    "죄송합니다만",
    "미안한데",
    "이거급한건아닌데",
    "급한건아닌데",
    "급한거아닌데",
    "혹시시간되시면",
    "시간되실때",
    "바쁘신데죄송한데요",
    "바쁘신데죄송한데",
    "바쁘신데",
    "안녕하세요다름이아니라",
    "다름이아니라",
    "그건그렇고",
    "아그리고",
    "아참",
    "저기죄송한데",
    "저기요",
    "저기",
    "다음작업을수행해",
    "다음작업수행",
    "다음작업을해줘",
    // 교대 ("퇴근 전에 …", "인수인계: …", "다음 근무자 위해 …")
    "퇴근전에",
    "퇴근하기전에",
    "가기전에",
    "넘기기전에",
    "교대전에",
    "인수인계전에",
    "인수인계",
    "다음근무자위해",
    "다음근무자를위해",
    "야간조위해",
    "야간근무자위해",
    "감사목적으로",
    "기록용으로",
];

/// Closings that only thank, lower case, with their marks taken off.
const CLOSINGS: &[&str] = &[
    "thanks in advance",
    "thanks a bunch",
    "thanks a lot",
    "thank you",
    "thanks",
    "thx",
    "ty",
    "cheers",
    "감사합니다",
    "고맙습니다",
    "수고하세요",
    // A report told for the record ("…, just so you know", "…, fyi").
    "just so you know",
    "for your information",
    "fyi",
    "heads up",
];

/// A role an assistant is given before its task ("You are my ops assistant.", "Act as an
/// SRE and …", "너는 운영 도우미야."), closed by its mark or, after "act as", by "and".
const ROLES: &[&str] = &[
    "you are ",
    "you're ",
    "youre ",
    "act as ",
    "pretend you",
    "imagine you",
];
const ROLES_KO: &[&str] = &["너는 ", "넌 ", "당신은 "];

/// What the reply should look like, said in a sentence of its own after the ask
/// ("Keep the answer short.", "output: verification result only", "한 줄로 확인만").
const FORMATS: &[&str] = &[
    "keep it short",
    "keep the answer short",
    "keep the reply short",
    "short answer",
    "one-line",
    "one line",
    "in a table",
    "as a table",
    "bullet points",
    "as bullets",
    "output:",
    "answer yes/no",
    "answer in ",
    "be brief",
    "be concise",
    "no explanation",
    "numbers please",
    "with numbers",
    "with the numbers",
    "한줄로",
    "표로",
    "불릿으로",
    "짧게",
    "간단히",
];

/// Sign-offs of radio traffic, closing an ask after its mark ("…, over.", "…. 이상.").
const SIGN_OFFS: &[&str] = &["over", "이상"];

/// `text` without its opening and closing framing; `None` when it has none, or when
/// nothing would be left.
pub fn unframed(text: &str) -> Option<&str> {
    let mut t = text.trim();
    for _ in 0..3 {
        match opening(t).or_else(|| opening_ko(t)).or_else(|| role(t)) {
            Some(rest) => t = rest,
            None => break,
        }
    }
    while let Some(rest) = closing(t)
        .or_else(|| format_asked(t))
        .or_else(|| signed_off(t))
    {
        t = rest;
    }
    (t.len() < text.trim().len() && t.chars().any(char::is_alphanumeric)).then_some(t)
}

/// The text after an English opening and the mark that closes it.
fn opening(t: &str) -> Option<&str> {
    let lower = t.to_lowercase();
    let starts = |o: &&&str| {
        lower.starts_with(**o) && !lower[o.len()..].starts_with(|c: char| c.is_ascii_alphanumeric())
    };
    let marks = [
        ", but ", " but ", " — ", " – ", " - ", "... ", ": ", "! ", ", ", ". ",
    ];
    // The mark at `at`, longest first (", but " before ", ").
    let mark_at = |at: usize| marks.iter().find(|m| lower[at..].starts_with(**m));
    // ("hey restart local, it's down": a greeting without its mark opens the order.)
    let direct = OPENINGS.iter().filter(starts).find_map(|o| {
        let m = mark_at(o.len())?;
        Some(t[o.len() + m.len()..].trim_start())
    });
    if direct.is_some() {
        return direct;
    }
    let aside = ASIDES.iter().find(starts)?;
    let (at, len) = first_mark(&lower, &marks, aside.len())?;
    // An aside holds no more than a few words ("sorry if this is a dumb question").
    (lower[..at].split_whitespace().count() <= 8).then(|| t[at + len..].trim_start())
}

/// Where the first of `marks` stands in `lower` at or after `from`, and its length (the
/// longer mark first where two start together: ", but " before ", ").
fn first_mark(lower: &str, marks: &[&str], from: usize) -> Option<(usize, usize)> {
    marks
        .iter()
        .filter_map(|m| lower.find(m).map(|at| (at, m.len())))
        .filter(|&(at, _)| at >= from)
        .min_by_key(|&(at, len)| (at, std::cmp::Reverse(len)))
}

/// The text after a Korean opening, read without spaces.
fn opening_ko(t: &str) -> Option<&str> {
    let mut squeezed = 0usize;
    let mut cut = None;
    let mut joined = String::new();
    for (i, c) in t.char_indices() {
        if c.is_whitespace() || matches!(c, '~' | ',' | '!' | '.') {
            continue;
        }
        joined.push(c);
        squeezed += 1;
        // ("저기압 때문에 …" opens with no 저기: an opening ends where its word does.)
        let end = i + c.len_utf8();
        let closed = t[end..].chars().next().is_none_or(|n| !n.is_alphanumeric());
        if closed && OPENINGS_KO.iter().any(|o| joined == *o) {
            cut = Some(end);
        }
        if squeezed > 12 {
            break;
        }
    }
    let rest = t[cut?..].trim_start_matches(['~', ',', '!', '.', ':', ' ']);
    (!rest.is_empty()).then_some(rest)
}

/// The text after an assistant's role ("You are my SRE copilot. Is recovery needed?").
fn role(t: &str) -> Option<&str> {
    let lower = t.to_lowercase();
    let ko = ROLES_KO.iter().any(|r| lower.starts_with(r));
    if !ko && !ROLES.iter().any(|r| lower.starts_with(r)) {
        return None;
    }
    let acting = lower.starts_with("act as ");
    let marks: &[&str] = if acting {
        &[". ", ": ", " and ", ", "]
    } else {
        &[". ", ": ", "! ", ", "]
    };
    let (at, len) = first_mark(&lower, marks, 0)?;
    let words = lower[..at].split_whitespace().count();
    let rest = t[at + len..].trim_start();
    (words <= 8 && !rest.is_empty()).then_some(rest)
}

/// The text before a last sentence that only says what the reply should look like.
fn format_asked(t: &str) -> Option<&str> {
    let body = t.trim_end_matches(['.', '!', ' ']);
    let at = body.rfind(['.', ',', '!', '?'])?;
    let last = body[at + 1..].to_lowercase();
    let squeezed: String = last.split_whitespace().collect::<Vec<_>>().join(" ");
    let joined: String = last.split_whitespace().collect();
    let asks_form = FORMATS
        .iter()
        .any(|f| squeezed.contains(f) || (!f.is_ascii() && joined.contains(f)));
    let rest = body[..=at].trim_end_matches([',', ' ']);
    (asks_form && rest.chars().any(char::is_alphanumeric)).then_some(rest)
}

/// The text before a radio sign-off that follows its mark ("Arm auto recovery, over.").
fn signed_off(t: &str) -> Option<&str> {
    let body = t.trim_end_matches(['.', '!', ' ']);
    let lower = body.to_lowercase();
    let off = SIGN_OFFS.iter().find(|s| lower.ends_with(*s))?;
    let rest = body[..body.len() - off.len()].trim_end();
    let marked = rest.ends_with([',', '.', '—', '-']);
    let rest = rest.trim_end_matches([',', ' ', '—', '-']);
    (marked && rest.chars().any(char::is_alphanumeric)).then_some(rest)
}

/// The text before a closing thanks ("… thanks in advance!", "… 감사합니다~").
fn closing(t: &str) -> Option<&str> {
    let body = t.trim_end_matches(|c: char| !c.is_alphanumeric());
    let lower = body.to_lowercase();
    let close = CLOSINGS.iter().find(|c| {
        lower.ends_with(*c)
            && lower[..lower.len() - c.len()]
                .chars()
                .next_back()
                .is_some_and(|p| !p.is_alphanumeric())
    })?;
    let rest = body[..body.len() - close.len()].trim_end_matches([' ', ',', '—', '-', '~']);
    // ("reset local's escalation at lunch, fyi": the note is all that tells a past whose
    // verb looks like an order from one; it stays.)
    let report = super::clause::take_note(close);
    let first = rest.split_whitespace().next().unwrap_or("").to_lowercase();
    if report && super::act::past::plain_past(&first) {
        return None;
    }
    rest.chars().any(char::is_alphanumeric).then_some(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ask_is_taken_out_of_its_framing() {
        for (framed, ask) in [
            (
                "before I go, reset recovery for gateway",
                "reset recovery for gateway",
            ),
            ("handing over: use the ceiling policy", "use the ceiling policy"),
            ("퇴근 전에 로컬 상태 확인 부탁드려요", "로컬 상태 확인 부탁드려요"),
            (
                "I switched the policy earlier, just so you know",
                "I switched the policy earlier",
            ),
            (
                "Not urgent, but could you kindly restart the Cloud worker? thanks!",
                "could you kindly restart the Cloud worker?",
            ),
            (
                "Sorry if this is a dumb question — just apply it please. thanks!",
                "just apply it please.",
            ),
            (
                "hey hey, sorry to bug you again — big-picture status please",
                "big-picture status please",
            ),
            (
                "이거 급한 건 아닌데 로컬 상태 좀 봐주세요~ 감사합니다!",
                "로컬 상태 좀 봐주세요",
            ),
            (
                "그건 그렇고 화면 갱신 멈춰 주세요.",
                "화면 갱신 멈춰 주세요.",
            ),
            (
                "Sorry, would you reset recovery?",
                "would you reset recovery?",
            ),
            ("죄송한데 자동 복구 꺼 주세요", "자동 복구 꺼 주세요"),
            ("sorry - mute cloud 1h", "mute cloud 1h"),
            (
                "You are my SRE copilot. Is recovery needed right now? Answer yes/no plus the reason.",
                "Is recovery needed right now?",
            ),
            ("Act as an SRE and apply the routes. Keep the reply short.", "apply the routes."),
            ("Task: apply the recommended routing.", "apply the recommended routing."),
            ("Gateway is down, bounce it. Keep the answer short.", "Gateway is down, bounce it."),
            ("꺼놨던 자동 복구 다시 켜 줘, 한 줄로 확인만", "꺼놨던 자동 복구 다시 켜 줘"),
            ("너는 운영 도우미야. 복구 필요한지 알려 줘", "복구 필요한지 알려 줘"),
            ("다음 작업을 수행해: 지금 바로 재조회", "지금 바로 재조회"),
            ("Arm auto recovery, over.", "Arm auto recovery"),
            ("모니터링 기반 라우팅 켤 것. 이상.", "모니터링 기반 라우팅 켤 것."),
            (
                "안녕하세요~ 다름이 아니라 게이트웨이 에스컬레이션 풀어주세요",
                "게이트웨이 에스컬레이션 풀어주세요",
            ),
        ] {
            assert_eq!(unframed(framed), Some(ask), "{framed}");
        }
    }

    #[test]
    fn words_that_only_look_like_framing_stay() {
        for text in [
            "not now, don't restart it",
            "hi",
            "thanks",
            "high latency on cloud?",
            "also restart local",
            "hey restart local",
        ] {
            let kept = unframed(text).unwrap_or(text);
            assert!(
                kept.contains(text.split_whitespace().last().unwrap_or("")),
                "{text}"
            );
        }
        assert_eq!(unframed("not now, don't restart it"), None);
        // An opening's mark comes right after it; a greeting run into the order opens it.
        assert_eq!(unframed("hey restart local, it's down"), None);
        assert_eq!(unframed("sorry restart local, it's down"), None);
        assert_eq!(unframed("저기압 때문에 클라우드 느려?"), None);
        assert_eq!(unframed("sorry"), None);
        assert_eq!(unframed("sorry, "), None);
        assert_eq!(unframed("hi"), None);
        assert_eq!(unframed("high latency on cloud?"), None);
        // A sign-off needs its mark; a format asked is a sentence of its own.
        assert_eq!(unframed("is the incident over"), None);
        assert_eq!(unframed("게이트웨이 이상"), None);
        assert_eq!(unframed("복구 상태 표로 정리해 줘"), None);
        assert_eq!(unframed("keep it short"), None);
    }
}
