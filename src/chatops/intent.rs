//! What the ChatOps intents (docs/chatops.md) do: which of them change anything, and the
//! example phrasings shown in help and in "did you mean" suggestions. Their contract ids
//! and the languages are `domain::intent`, which config reads too.

pub use crate::domain::intent::{Intent, Lang};

impl Intent {
    /// docs/chatops.md: these never run on a guess, never come from a question, and `--read-only`
    /// refuses them.
    pub fn is_mutating(self) -> bool {
        matches!(
            self,
            Intent::RecoveryRun
                | Intent::RoutingApply
                | Intent::RoutingPolicy
                | Intent::RecoveryReset
                | Intent::Silence
                | Intent::AutorecoverOn
                | Intent::AutorecoverOff
                | Intent::MonitoringOn
                | Intent::MonitoringOff
                | Intent::Pause
        )
    }

    /// Whether answering it changes or writes anything: the mutating intents, and `export`
    /// (it writes a file). A question or a negation never does any of these.
    pub fn writes(self) -> bool {
        self.is_mutating() || self == Intent::Export
    }

    /// Whether it hands the caller something to do (a `ChatCommand`), harmless or not.
    pub fn acts(self) -> bool {
        self.writes() || matches!(self, Intent::Refresh | Intent::Resume | Intent::Quit)
    }

    /// What a question about (or a refusal of) an acting intent is really asking for
    /// ("복구 실행해야 돼?" is asking about recovery, not ordering it). `export` stays
    /// `export`: its answer then only describes what would be written.
    pub fn question_counterpart(self) -> Intent {
        match self {
            Intent::RecoveryRun
            | Intent::RecoveryReset
            | Intent::Silence
            | Intent::AutorecoverOn
            | Intent::AutorecoverOff => Intent::RecoveryStatus,
            Intent::MonitoringOn
            | Intent::MonitoringOff
            | Intent::RoutingApply
            | Intent::RoutingPolicy => Intent::Routing,
            Intent::Pause | Intent::Resume | Intent::Refresh | Intent::Quit => Intent::Status,
            other => other,
        }
    }

    /// The order that undoes this one, when there is one ("일시정지 해제" is `resume`).
    /// Orders without an opposite (running recovery, writing a file) are answered with a
    /// question back when an undoing word follows them.
    pub fn opposite(self) -> Option<Intent> {
        match self {
            Intent::Pause => Some(Intent::Resume),
            Intent::Resume => Some(Intent::Pause),
            Intent::AutorecoverOn => Some(Intent::AutorecoverOff),
            Intent::AutorecoverOff => Some(Intent::AutorecoverOn),
            Intent::MonitoringOn => Some(Intent::MonitoringOff),
            Intent::MonitoringOff => Some(Intent::MonitoringOn),
            _ => None,
        }
    }

    /// A short phrasing that reaches this intent (used in help and suggestions).
    pub fn example(self, lang: Lang) -> &'static str {
        let (ko, en) = match self {
            Intent::Status => ("오케스트레이션 상태", "status"),
            Intent::Channels => ("채널 건강", "channel health"),
            Intent::Problems => ("뭐가 문제야?", "what's wrong?"),
            Intent::Routing => ("라우팅 추천", "routing recommendation"),
            Intent::RoutingApply => ("라우팅 적용", "apply routing"),
            Intent::RoutingPolicy => (
                "라우팅 정책 balanced 로 바꿔",
                "switch routing policy to balanced",
            ),
            Intent::RecoveryStatus => ("복구 필요해?", "is recovery needed?"),
            Intent::RecoveryRun => ("복구 실행", "run recovery"),
            Intent::RecoveryHistory => ("최근 복구 기록", "recovery history"),
            Intent::RecoveryReset => ("Gateway 복구 리셋", "reset recovery for Gateway"),
            Intent::Silence => ("Gateway 30분 점검", "silence Gateway for 30m"),
            Intent::AutorecoverOn => ("자동 복구 켜줘", "enable auto recovery"),
            Intent::AutorecoverOff => ("자동 복구 꺼줘", "disable auto recovery"),
            Intent::MonitoringOn => ("모니터링 기반 라우팅 켜", "monitoring routing on"),
            Intent::MonitoringOff => ("모니터링 기반 라우팅 꺼", "monitoring routing off"),
            Intent::Explain => ("왜 Gateway가 primary야?", "why is Gateway primary?"),
            Intent::Trend => ("게이트웨이 지연 추이", "latency trend for Gateway"),
            Intent::Forecast => ("다음 한 시간 예측", "forecast"),
            Intent::Export => ("대시보드 내보내기", "export dashboard"),
            Intent::Refresh => ("새로고침", "refresh"),
            Intent::Pause => ("일시정지", "pause"),
            Intent::Resume => ("재개", "resume"),
            Intent::Help => ("도움말", "help"),
            Intent::Quit => ("종료", "quit"),
            Intent::Unknown => ("", ""),
        };
        lang.pick(ko, en)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counterparts_never_write() {
        for i in Intent::ALL {
            let q = i.question_counterpart();
            assert!(!q.is_mutating(), "{i}");
            assert!(q == Intent::Export || !q.acts(), "{i}");
            assert_eq!(i.acts() && i != Intent::Export, q != i, "{i}");
        }
    }

    #[test]
    fn opposites_pair_up() {
        for i in Intent::ALL {
            if let Some(o) = i.opposite() {
                assert_eq!(o.opposite(), Some(i), "{i}");
                assert_ne!(o, i);
            }
        }
    }
}
