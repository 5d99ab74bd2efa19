//! A recorded recovery event in the words of the question's language: ChatOps replies
//! (`--say`, the console's chat) say what the audit log recorded in Korean or English,
//! never English inside a Korean reply. The English words are the event's own
//! ([`AuditEvent::describe`]), which the JSON, the console and the history show too.

use crate::chatops::Lang;
use crate::domain::audit::{AuditEvent, Outcome};
use crate::snapshot::RecoveryRecord;

/// "restart_gateway exit 0 in 1.2s" / "restart_gateway 종료 코드 0 (1.2초)".
pub fn record_text(r: &RecoveryRecord, lang: Lang) -> String {
    match lang {
        Lang::En => r.text(),
        Lang::Ko => korean(&r.event).unwrap_or_else(|| r.text()),
    }
}

fn korean(e: &AuditEvent) -> Option<String> {
    let secs = |ms: i64| ms as f64 / 1000.0;
    Some(match e {
        AuditEvent::ActionEnd(e) => {
            let how = match e.outcome() {
                // The error is the action's own words (an OS error, an HTTP status).
                Outcome::Error(err) => err.to_string(),
                Outcome::Exit(code) => format!("종료 코드 {code}"),
                Outcome::Ok => "성공".to_string(),
                Outcome::Failed => "실패".to_string(),
            };
            let dur = secs(e.duration_ms as i64);
            format!("{} {how} ({dur:.1}초)", e.action)
        }
        AuditEvent::Verify(e) if e.ok => match e.down_ms {
            Some(d) => format!("복구됨, 첫 실패 후 {:.0}초", secs(d)),
            None => "복구됨".to_string(),
        },
        AuditEvent::Verify(_) => "제시간에 돌아오지 않음".to_string(),
        AuditEvent::Escalate(e) => format!("실패 {}회 후 ESCALATED", e.failures),
        AuditEvent::Interrupted(e) => format!("{} 중단됨 (switchboard 종료)", e.action),
        AuditEvent::Aborted(_) => "검증 중단됨 (switchboard 종료)".to_string(),
        AuditEvent::Maintenance(e) if e.on => format!(
            "{}까지 점검 ({})",
            e.until.as_deref().unwrap_or_default(),
            e.reason.as_deref().unwrap_or_default()
        ),
        AuditEvent::Maintenance(_) => "점검 끝".to_string(),
        AuditEvent::Blocked(_) => "실행 안 함: 트래픽을 받는 마지막 핵심 채널".to_string(),
        AuditEvent::Reset(_) => "운영자가 리셋함".to_string(),
        // The policy names are config words, quoted as written.
        AuditEvent::RoutingPolicy(e) => format!("라우팅 정책 {} → {} ({})", e.from, e.to, e.by),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::audit::AuditLine;

    /// Every event a view shows reads in Korean with no English word but the names it
    /// quotes (the action, the contract's ESCALATED), and in English as the log's words.
    #[test]
    fn a_korean_reply_quotes_no_english_sentence() {
        let shown: Vec<AuditLine> = crate::domain::audit::documented_lines()
            .iter()
            .filter_map(|l| AuditLine::parse(l.as_bytes()))
            .filter(|l| l.event.describe().is_some())
            .collect();
        assert!(shown.len() >= 8, "{}", shown.len());
        for l in shown {
            let r = RecoveryRecord {
                at_ms: 0,
                channel: l.event.channel().into(),
                ok: l.event.ok(),
                dry_run: l.dry_run,
                event: l.event.clone(),
            };
            assert_eq!(record_text(&r, Lang::En), l.event.describe().unwrap());
            let mut ko = record_text(&r, Lang::Ko);
            for quoted in [
                "ESCALATED",
                "switchboard",
                "silenced by say",
                "timed out after 30s",
            ] {
                ko = ko.replace(quoted, "");
            }
            if let AuditEvent::Maintenance(m) = &l.event {
                ko = ko.replace(m.until.as_deref().unwrap_or_default(), "");
            }
            for name in [
                "restart_gateway",
                "page_oncall",
                "restart_api",
                "health",
                "balanced",
                "console",
            ] {
                ko = ko.replace(name, "");
            }
            assert!(!ko.chars().any(|c| c.is_ascii_alphabetic()), "{ko}");
        }
    }
}
