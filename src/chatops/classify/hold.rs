//! Whether a reading that acts is held back and answered as a question instead: undone,
//! refused, asked about in the past, asked about at all, or not sure enough to act on.

use super::super::act::{Act, SpeechAct};
use super::super::intent::Intent;
use super::super::lexicon::{Concept, Concepts};
use super::super::rules;
use super::super::{later, normalize};
use super::{Classification, Hold, Seen, MIN_ACTION_CONFIDENCE};

/// Why `top`, read from words with concepts `k` and act `act`, is not carried out, if it
/// is not; `rival` is another reading that would act as well.
pub(super) fn held(
    top: Intent,
    act: Act,
    k: Concepts,
    c: &Classification,
    seen: &Seen,
    rival: Option<Intent>,
) -> Option<Hold> {
    if top.acts()
        && rules::undone(
            top,
            k,
            act.requested || act.imperative,
            c.args.horizon_minutes.is_some(),
            c.args.policy.is_some(),
        )
    {
        Some(Hold::Undone)
    } else if top.acts() && act.negated {
        Some(Hold::Negated)
    } else if top == Intent::Quit && ((act.marked && k.has(Concept::Question)) || act.habit) {
        // ("라이더 앱 배포 언제 나가요?": when something goes out is asked; "payroll
        // closes tonight" tells when it closes; nobody leaves.)
        Some(Hold::Asked)
    } else if top.acts() && act.kind() == SpeechAct::Past && (top != Intent::Quit || act.question) {
        // ("수고하셨습니다 퇴근합니다": a goodbye in the past tense of courtesy still leaves.)
        // "did polling resume?", "재개됐어?": what happened is asked, nothing ordered.
        Some(Hold::Asked)
    } else if top.writes()
        // Asking about the state ("복구 실행 상태") is never an order either.
        // ("reset the recovery state" names the state as what it clears.)
        && (act.blocks_action()
            // "could you export the dashboard?": a file is written only when ordered
            // plainly (docs/chatops.md: never when asked as a question).
            || (top == Intent::Export && act.polite && act.marked)
            || (top.is_mutating()
                && top != Intent::RecoveryReset
                && k.has(Concept::Status)
                && !rules::status_is_the_basis(top, k)))
    {
        Some(Hold::Asked)
    } else if matches!(top, Intent::Resume | Intent::Refresh)
        && act.marked
        && !act.polite
        && (act.stative || act.hedge || act.need)
    {
        // "폴링 다시 돌아가고 있는 거 맞아?", "would it make sense to refresh now?":
        // a state or a choice asked about, not asked for ("can you refresh?" and
        // "새로고침 해볼까요?" ask for it: re-reading changes nothing).
        Some(Hold::Asked)
    } else if (top.is_mutating()
        && (c.confidence < MIN_ACTION_CONFIDENCE
            || rival.is_some()
            || (seen.doubted && !seen.learned)))
        || (top.acts() && rival.is_some_and(|r| r.writes()))
    {
        Some(Hold::Unsure)
    } else {
        None
    }
}

/// An order put off to a later time ("tomorrow at 9, apply the routing", "퇴근하고 나서
/// 재시작해") is answered as a question about it: nothing here schedules.
pub(super) fn for_later(mut c: Classification, text: &str) -> Classification {
    if c.intent.writes() && c.held.is_none() && later::put_off(&normalize::fold(text)) {
        c.withheld = Some(c.intent);
        c.held = Some(Hold::Asked);
        c.intent = c.intent.question_counterpart();
    }
    c
}
