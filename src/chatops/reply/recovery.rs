//! What the recovery executor is doing and has done, for `recovery.status` and for
//! "recent recoveries" (the audit log's last records, as the snapshot carries them).

use std::fmt::Write;

use crate::chatops::intent::Lang;
use crate::chatops::replies;
use crate::domain::guard::RecoveryState;
use crate::snapshot::{ExecutorView, Snapshot};

/// Auto on/off, escalations, running work and the totals, a line each.
pub fn executor(s: &Snapshot, lang: Lang) -> String {
    let Some(x) = &s.executor else {
        return replies::NO_EXECUTOR_FOR_THIS_SOURCE.get(lang).to_string();
    };
    let mut out = String::new();
    let auto = if x.auto {
        replies::SWITCHED_ON.get(lang)
    } else {
        replies::SWITCHED_OFF.get(lang)
    };
    let _ = writeln!(
        out,
        "  {} {auto}{}",
        replies::AUTO_RECOVERY.get(lang),
        if x.dry_run { " (dry run)" } else { "" }
    );
    if let Some(why) = &x.read_only {
        let _ = writeln!(out, "  {} {why}", replies::READ_ONLY.get(lang));
    }
    for c in &x.channels {
        let what = match (c.state, lang) {
            (RecoveryState::Escalated, Lang::Ko) => format!(
                "에스컬레이션됨 (연속 실패 {}회) · '복구 리셋 {}' 으로 해제",
                c.failures, c.name
            ),
            (RecoveryState::Escalated, Lang::En) => format!(
                "ESCALATED after {} failed attempts · 'reset recovery {}' clears it",
                c.failures, c.name
            ),
            (RecoveryState::Running, _) => format!(
                "{} {}",
                replies::RUNNING.get(lang),
                c.running.as_ref().map_or("?", |(a, _)| a.as_str())
            ),
            (RecoveryState::Verifying, _) => replies::VERIFYING_IT_IS_BACK.get(lang).into(),
            (RecoveryState::Cooldown, _) => replies::IN_COOLDOWN.get(lang).into(),
            (RecoveryState::Idle, _) => continue,
        };
        let _ = writeln!(out, "  {:<10} {what}", c.name);
    }
    if let Some(p) = &x.problem {
        let _ = writeln!(out, "  ! {p}");
    }
    let _ = writeln!(out, "  {}", totals(x, lang));
    out
}

fn totals(x: &ExecutorView, lang: Lang) -> String {
    match x.success_rate {
        Some(rate) => format!(
            "{} {rate:.0}% · MTTR {}",
            replies::SUCCESS_RATE.get(lang),
            x.mttr_s.map_or("-".to_string(), |m| format!("{m:.0}s"))
        ),
        None => replies::NO_RECOVERY_HAS_RUN_YET.get(lang).to_string(),
    }
}

/// `recovery.history`: the newest recovery records (of one channel, when named), oldest
/// first, with their times.
pub fn history(s: &Snapshot, channel: Option<&str>, lang: Lang) -> String {
    let Some(x) = &s.executor else {
        return replies::NO_RECOVERY_HISTORY_A_METRICS.get(lang).to_string();
    };
    let records: Vec<_> = x
        .recent
        .iter()
        .filter(|r| channel.is_none_or(|c| r.channel == c))
        .collect();
    if records.is_empty() {
        return format!(
            "{}{}\n",
            replies::NO_RECOVERY_HAS_BEEN_RECORDED.get(lang),
            x.audit_path
                .as_ref()
                .map_or(String::new(), |p| format!(" ({p})"))
        );
    }
    let mut out = format!("{}\n", replies::RECENT_RECOVERIES.get(lang));
    for r in records.iter().rev().take(10).rev() {
        let _ = writeln!(
            out,
            "  {}  {:<10} {}{}",
            crate::snapshot::rfc3339_ms(r.at_ms),
            r.channel,
            super::audit::record_text(r, lang),
            if r.dry_run { " (dry run)" } else { "" }
        );
    }
    let _ = writeln!(out, "  {}", totals(x, lang));
    out
}
