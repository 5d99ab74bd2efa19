//! What the recovery executor is doing and has done, for `recovery.status` and for
//! "recent recoveries" (the audit log's last records, as the snapshot carries them).

use std::fmt::Write;

use crate::chatops::intent::Lang;
use crate::domain::guard::RecoveryState;
use crate::snapshot::{ExecutorView, Snapshot};

/// Auto on/off, escalations, running work and the totals, a line each.
pub fn executor(s: &Snapshot, lang: Lang) -> String {
    let Some(x) = &s.executor else {
        return lang
            .pick(
                "  실행기 없음: 이 소스(메트릭 파일)에서는 조치를 권고만 해요\n",
                "  no executor for this source (a metrics file): actions are recommended only\n",
            )
            .to_string();
    };
    let mut out = String::new();
    let auto = match (x.auto, lang) {
        (true, Lang::Ko) => "켜짐",
        (false, Lang::Ko) => "꺼짐",
        (true, Lang::En) => "on",
        (false, Lang::En) => "off",
    };
    let _ = writeln!(
        out,
        "  {} {auto}{}",
        lang.pick("자동 복구", "auto recovery"),
        if x.dry_run { " (dry run)" } else { "" }
    );
    if let Some(why) = &x.read_only {
        let _ = writeln!(out, "  {} {why}", lang.pick("읽기 전용:", "read-only:"));
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
                lang.pick("실행 중:", "running"),
                c.running.as_ref().map_or("?", |(a, _)| a.as_str())
            ),
            (RecoveryState::Verifying, _) => {
                lang.pick("복귀 확인 중", "verifying it is back").into()
            }
            (RecoveryState::Cooldown, _) => lang.pick("쿨다운 중", "in cooldown").into(),
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
            lang.pick("성공률", "success rate"),
            x.mttr_s.map_or("-".to_string(), |m| format!("{m:.0}s"))
        ),
        None => lang
            .pick("아직 실행된 복구 없음", "no recovery has run yet")
            .to_string(),
    }
}

/// `recovery.history`: the newest recovery records (of one channel, when named), oldest
/// first, with their times.
pub fn history(s: &Snapshot, channel: Option<&str>, lang: Lang) -> String {
    let Some(x) = &s.executor else {
        return lang
            .pick(
                "복구 기록 없음: 메트릭 파일에는 실행기와 감사 로그가 없어요\n",
                "no recovery history: a metrics file has no executor or audit log\n",
            )
            .to_string();
    };
    let records: Vec<_> = x
        .recent
        .iter()
        .filter(|r| channel.is_none_or(|c| r.channel == c))
        .collect();
    if records.is_empty() {
        return format!(
            "{}{}\n",
            lang.pick(
                "아직 복구 기록이 없어요",
                "no recovery has been recorded yet"
            ),
            x.audit_path
                .as_ref()
                .map_or(String::new(), |p| format!(" ({p})"))
        );
    }
    let mut out = format!("{}\n", lang.pick("최근 복구 기록:", "recent recoveries:"));
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
