//! Korean sentences that tell what happened or what someone said, read from their
//! endings: "에러 나요" (it breaks out), "중이래" and "작업한대요" (they say), "…켜라고
//! 하셨어요" (an order relayed), "…된다고 했어요" (words quoted).

use super::super::jamo::{final_consonant, FINAL_NIEUN, FINAL_RIEUL, FINAL_SSANGSIOT};
use super::super::lexicon;

/// "에러 나요", "큰일나", "짜증나요": 나다 (it breaks out) told, not "-나요" asking.
pub(super) fn happens(tail: &str) -> bool {
    let Some(noun) = tail
        .strip_suffix("나요")
        .or_else(|| tail.strip_suffix('나'))
    else {
        return false;
    };
    noun.is_empty()
        || lexicon::grammar("happens_ko")
            .iter()
            .any(|n| noun.ends_with(n))
}

/// "중이래", "끝났대": what someone said, reported (not "할래", which asks "will you").
pub(super) fn reported(run: &str) -> bool {
    let chars: Vec<char> = run.trim_end_matches('요').chars().collect();
    match chars[..] {
        [.., before, '래'] => final_consonant(before) != Some(FINAL_RIEUL),
        [.., '대'] => true,
        _ => false,
    }
}

/// "작업한대요", "터졌대", "없대": "they say it is so" (대 after a verb that ends in ㄴ,
/// ㅆ, ㅄ or ㅎ; not "최대", "절대").
pub(super) fn heard_said(run: &str) -> bool {
    const TOLD: [u32; 4] = [FINAL_NIEUN, 18, FINAL_SSANGSIOT, 27];
    let chars: Vec<char> = run.trim_end_matches('요').chars().collect();
    matches!(chars[..], [.., before, '대'] if final_consonant(before).is_some_and(|f| TOLD.contains(&f)))
}

/// "…켜라고 하셨어요", "…재시작하라고 했어": an order someone gave, relayed (a verb in
/// its command form before 라고; "장애라고 했어" quotes a noun).
pub(super) fn relayed_order(run: &str) -> bool {
    const COMMANDS: [&str; 12] = [
        "하라고",
        "두라고",
        "놓으라고",
        "켜라고",
        "끄라고",
        "꺼라고",
        "추라고",
        "꾸라고",
        "리라고",
        "우라고",
        "려라고",
        "풀라고",
    ];
    let told = ["하셨", "했", "하심", "함", "하시네", "하더라"];
    // "팀장님이 자동 복구 다시 켜래": the spoken contraction of …라고 해.
    let said = run.trim_end_matches(['.', '!', '~']);
    let said = said.strip_suffix('요').unwrap_or(said);
    let contracted = [
        "하래",
        "켜래",
        "꺼래",
        "추래",
        "꾸래",
        "리래",
        "우래",
        "풀래",
        "두래",
        "놓으래",
    ]
    .iter()
    .any(|c| said.ends_with(c));
    contracted
        || COMMANDS.iter().any(|c| {
            run.find(c)
                .is_some_and(|at| told.iter().any(|t| run[at + c.len()..].starts_with(t)))
        })
}

/// "…된다고 했어요", "…하라고 하셨어요": what someone said, quoted.
pub(super) fn reported_speech(run: &str) -> bool {
    [
        "다고했",
        "라고했",
        "다고하셨",
        "라고하셨",
        "다고함",
        "라고함",
    ]
    .iter()
    .any(|q| run.contains(q))
}
