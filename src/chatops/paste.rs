//! Lines pasted from mail, chat and tickets, with their wrapping taken off: a mail's
//! "Re:"/"Fwd:"/"전달:", a chat or ticket header in brackets and the speaker after it, a
//! quoted line ("> is gateway slow? — yeah, check it") before the operator's own words,
//! and a signature or a phone's footer ("— Kim, SRE", "Sent from my iPhone", "김OO
//! 드림"), and the ticket and runbook identifiers copied along ("Per CHG-1234, …"). What
//! is left is what the operator asks.

/// Mail prefixes, in either language (lower case).
// ("제목: …": a mail's subject, typed out.)
const PREFIXES: [&str; 8] = [
    "re:", "fwd:", "fw:", "전달:", "답장:", "회신:", "fyi:", "제목:",
];

/// Marks that set a signature or a quote's attribution apart.
const DASHES: [&str; 3] = [" — ", " -- ", " – "];

/// The operator's own words in `text`, when it carries wrapping; `None` when it does not
/// (or when nothing would be left).
pub fn unwrapped(text: &str) -> Option<String> {
    let mut t = text.trim();
    let mut changed = false;
    loop {
        let before = t;
        t = without_prefix(t);
        let (rest, header) = without_header(t);
        t = if header { without_speaker(rest) } else { rest };
        if t == before {
            break;
        }
        changed = true;
    }
    let unquoted = after_quote(t);
    changed |= unquoted.is_some();
    let t = unquoted.unwrap_or(t);
    let unsigned = without_footer(t);
    changed |= unsigned.len() != t.len();
    let meant = unsigned.trim();
    (changed && meant.chars().any(char::is_alphanumeric)).then(|| meant.to_string())
}

fn without_prefix(t: &str) -> &str {
    PREFIXES
        .iter()
        .find_map(|p| {
            let head = t.get(..p.len())?;
            head.eq_ignore_ascii_case(p)
                .then(|| t[p.len()..].trim_start())
        })
        .unwrap_or(t)
}

/// A mail's subject line and its body (" / ", " | " or a line break between them): "Re:
/// 화면 멈춤 / 값이 안 바뀌는 것 같아요, 리프레시 해주세요. 민 드림" asks in its body,
/// the subject names what it is about. `None` without a mail prefix, or when the body
/// (without its footer) is a signature or says less than three words.
pub fn subject_and_body(text: &str) -> Option<(&str, &str)> {
    let t = text.trim();
    let mailed = without_prefix(t);
    if mailed.len() == t.len() {
        return None;
    }
    let unsigned = without_footer(mailed);
    [" / ", " | ", "\n"]
        .iter()
        .filter_map(|m| {
            let at = unsigned.find(m)?;
            Some((unsigned[..at].trim(), unsigned[at + m.len()..].trim()))
        })
        .find(|(subject, body)| {
            !subject.is_empty() && body.split_whitespace().count() >= 3 && !is_signature(body)
        })
}

/// "[#ops-alert 10:42] …", "[ticket SUP-902] …": a bracketed header opening the line.
fn without_header(t: &str) -> (&str, bool) {
    let Some(inner) = t.strip_prefix('[') else {
        return (t, false);
    };
    match inner.find(']') {
        Some(end) if !inner[end + 1..].trim().is_empty() => (inner[end + 1..].trim_start(), true),
        _ => (t, false),
    }
}

/// "박대리: 전체 현황 어때요?", "jlee: is polling paused?": after a chat header, the
/// speaker's name.
fn without_speaker(t: &str) -> &str {
    let Some((name, said)) = t.split_once(": ") else {
        return t;
    };
    let one_word = !name.contains(' ') && name.chars().count() <= 12;
    if one_word && !said.trim().is_empty() {
        said.trim_start()
    } else {
        t
    }
}

/// "> 클라우드 패치한대요 — 그럼 클라우드 30분 알림 꺼": the words after someone else's
/// quoted line (and its attribution, "— Zoe. yeah, …").
fn after_quote(t: &str) -> Option<&str> {
    let quoted = t.strip_prefix('>')?;
    let (at, len) = DASHES
        .iter()
        .filter_map(|d| quoted.find(d).map(|at| (at, d.len())))
        .min()?;
    let own = quoted[at + len..].trim_start();
    // ("Zoe. yeah, disable auto recovery": the name closing the quote is not an ask.)
    let own = match own.split_once(". ") {
        Some((name, rest)) if is_name(name) => rest,
        _ => own,
    };
    (!own.trim().is_empty()).then_some(own)
}

/// A signature or footer closing the line, taken off.
fn without_footer(t: &str) -> &str {
    let lower = t.to_lowercase();
    // "… Sent from my iPhone" with no mark before it.
    if let Some(at) = lower.rfind("sent from my ") {
        return t[..at].trim_end_matches([' ', '-', '—', '/', '.']);
    }
    let cut = DASHES
        .iter()
        .chain(&[" / "])
        .filter_map(|d| t.rfind(d).map(|at| (at, d.len())))
        .max();
    if let Some((at, len)) = cut {
        // A bare name signs only a finished sentence ("please bounce it. — Kim").
        let finished = t[..at].trim_end().ends_with(['.', '!', '?']);
        let tail = t[at + len..].trim();
        if is_signature(tail) && (finished || !is_name(tail)) {
            return &t[..at];
        }
    }
    // "…확인 부탁드립니다. 감사합니다. 정OO 드림": a Korean sign-off after the last sentence.
    match t.trim_end().rfind(". ") {
        Some(at) if is_signature(t[at + 2..].trim()) => &t[..=at],
        _ => t,
    }
}

/// "Kim, SRE", "sent from Outlook", "파트너팀 김OO 드림", "모바일에서 보냄".
fn is_signature(tail: &str) -> bool {
    let lower = tail.to_lowercase();
    let words: Vec<&str> = tail.split_whitespace().collect();
    // ("값이 안 바뀌는 것 같아요, 리프레시 해주세요. 민 드림" is a message signed, not a
    // signature: a sign-off holds a few words.)
    let korean = words.len() <= 4
        && ["드림", "올림", "보냄", "배상"]
            .iter()
            .any(|e| tail.trim_end_matches('.').ends_with(e));
    // "Kim", "Kim, SRE": a name, and a role in capitals.
    let named = match words[..] {
        [name] => is_name(name),
        [name, role] => {
            name.strip_suffix(',').is_some_and(is_name)
                && role.chars().all(|c| c.is_ascii_uppercase())
        }
        _ => false,
    };
    lower.starts_with("sent from") || korean || named
}

/// One capitalised English word ("Kim", "Zoe").
fn is_name(w: &str) -> bool {
    let mut chars = w.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && chars.all(|c| c.is_ascii_lowercase())
        && w.len() >= 2
}

/// What a ticket is said to have become, right after its identifier.
const RECORD_STATES: [&str; 9] = [
    "updated", "closed", "resolved", "opened", "filed", "created", "merged", "attached", "reopened",
];

/// The text without ticket and runbook identifiers ("Per CHG-1234, please …", "INC-20931
/// 관련하여 …", "런북 RB-GW-02"): they name a record elsewhere, and as unknown words they
/// would only make a sentence look less understood than it is.
pub fn without_ids(text: &str) -> std::borrow::Cow<'_, str> {
    let is_id = |w: &str| {
        let w = w.trim_matches(|c: char| !c.is_ascii_alphanumeric());
        w.contains('-')
            && w.starts_with(|c: char| c.is_ascii_uppercase())
            && w.chars().any(|c| c.is_ascii_digit())
            && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    if !text.split_whitespace().any(is_id) {
        return std::borrow::Cow::Borrowed(text);
    }
    // An identifier opening a sentence is its subject ("PD-4471 has been open 40 min"):
    // "it" keeps the sentence a statement.
    let mut kept: Vec<&str> = Vec::new();
    let mut opens = true;
    let mut words = text.split_whitespace().peekable();
    while let Some(w) = words.next() {
        let english_next = words
            .peek()
            .is_some_and(|n| n.starts_with(|c: char| c.is_ascii_alphabetic()));
        // ("exit — OPS-88 updated": what happened to the record is the record's.)
        let told = words.peek().is_some_and(|n| {
            let n = n.trim_end_matches(|c: char| !c.is_alphanumeric());
            RECORD_STATES.contains(&n.to_lowercase().as_str())
        });
        if !is_id(w) {
            kept.push(w);
        } else if told {
            words.next();
        } else if opens && english_next && !w.ends_with([',', ':']) {
            kept.push("it");
        }
        opens = w.ends_with(['.', '?', '!']);
    }
    std::borrow::Cow::Owned(kept.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mail_is_its_subject_and_its_body() {
        assert_eq!(
            subject_and_body(
                "Re: 화면 멈춤 / 값이 안 바뀌는 것 같아요, 리프레시 해주세요. 민 드림"
            ),
            Some(("화면 멈춤", "값이 안 바뀌는 것 같아요, 리프레시 해주세요."))
        );
        assert_eq!(
            subject_and_body("제목: 퇴근 / 오늘은 여기까지 할게요, 종료해 주세요"),
            Some(("퇴근", "오늘은 여기까지 할게요, 종료해 주세요"))
        );
        // A footer after the slash, a signature, or no mail prefix: no body of its own.
        assert_eq!(
            subject_and_body("FW: 최신으로 갱신 좀 / 모바일에서 보냄"),
            None
        );
        assert_eq!(subject_and_body("RE: Cloud status? / Jordan Lee"), None);
        assert_eq!(subject_and_body("restart local / gateway is fine"), None);
    }

    #[test]
    fn record_ids_are_left_out() {
        assert_eq!(
            without_ids("Per CHG-1234, please turn auto recovery on"),
            "Per please turn auto recovery on"
        );
        assert_eq!(without_ids("런북 RB-GW-02 3단계"), "런북 3단계");
        assert_eq!(
            without_ids("Restart cloud? PD-4471 has been open 40 min."),
            "Restart cloud? it has been open 40 min."
        );
        assert_eq!(without_ids("gpt-4 on local"), "gpt-4 on local");
        assert_eq!(without_ids("exit — OPS-88 updated"), "exit —");
    }

    #[test]
    fn wrapping_is_taken_off() {
        for (text, meant) in [
            (
                "Fwd: gateway is down again, please bounce it. — Kim, SRE",
                "gateway is down again, please bounce it.",
            ),
            (
                "FW: mute gateway 1h no wait 2h -- sent from my iPhone",
                "mute gateway 1h no wait 2h",
            ),
            (
                "FW: switch to dynamic routing pls -- sent from Outlook",
                "switch to dynamic routing pls",
            ),
            (
                "[#ops-alert 10:42] 박대리: 전체 현황 어때요?",
                "전체 현황 어때요?",
            ),
            (
                "[Slack | #noc | 09:14] jlee: is polling paused on the console?",
                "is polling paused on the console?",
            ),
            (
                "> 클라우드 패치한대요 — 그럼 클라우드 30분 알림 꺼",
                "그럼 클라우드 30분 알림 꺼",
            ),
            (
                "> auto-heal keeps bouncing the gateway — Zoe. yeah, disable auto recovery",
                "yeah, disable auto recovery",
            ),
            (
                "전달: 게이트웨이 벤더 작업 있어서 1시간 점검 걸어주세요. — 파트너팀 김OO 드림",
                "게이트웨이 벤더 작업 있어서 1시간 점검 걸어주세요.",
            ),
            (
                "Re: 최근 복구 기록 확인 부탁드립니다. 감사합니다. 정OO 드림",
                "최근 복구 기록 확인 부탁드립니다. 감사합니다.",
            ),
            (
                "Re: 어떤 복구 규칙이 발동했는지 알려주세요 / 모바일에서 보냄",
                "어떤 복구 규칙이 발동했는지 알려주세요",
            ),
            (
                "[FIRING] CloudDown sev1 — bounce cloud",
                "CloudDown sev1 — bounce cloud",
            ),
        ] {
            assert_eq!(unwrapped(text).as_deref(), Some(meant), "{text}");
        }
    }

    #[test]
    fn plain_lines_are_left_alone() {
        for text in [
            "restart cloud",
            "gateway is slow — why?",
            "[FIRING]",
            "status: gateway?",
            "restart it - Local is down",
            "FW:",
            "route by latency — Cloud, Local, Gateway",
            "restart it — Local",
        ] {
            assert_eq!(unwrapped(text), None, "{text}");
        }
    }
}
