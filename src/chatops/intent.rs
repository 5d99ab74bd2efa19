//! The ChatOps intents (docs/chatops.md): their contract ids, which of them change anything, and the
//! example phrasings shown in help and in "did you mean" suggestions.

use std::fmt;

use serde::{Serialize, Serializer};

/// Language of a question, and of its reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    Ko,
    #[default]
    En,
}

impl Lang {
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Ko => "ko",
            Lang::En => "en",
        }
    }

    /// Picks the Korean or English text.
    pub fn pick<'a>(self, ko: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Ko => ko,
            Lang::En => en,
        }
    }
}

impl Serialize for Lang {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Intent {
    Status,
    Channels,
    Problems,
    Routing,
    RoutingApply,
    RecoveryStatus,
    RecoveryRun,
    RecoveryHistory,
    RecoveryReset,
    Silence,
    AutorecoverOn,
    AutorecoverOff,
    MonitoringOn,
    MonitoringOff,
    Explain,
    Trend,
    Forecast,
    Export,
    Refresh,
    Pause,
    Resume,
    Help,
    Quit,
    Unknown,
}

impl Intent {
    pub const ALL: [Intent; 24] = [
        Intent::Status,
        Intent::Channels,
        Intent::Problems,
        Intent::Routing,
        Intent::RoutingApply,
        Intent::RecoveryStatus,
        Intent::RecoveryRun,
        Intent::RecoveryHistory,
        Intent::RecoveryReset,
        Intent::Silence,
        Intent::AutorecoverOn,
        Intent::AutorecoverOff,
        Intent::MonitoringOn,
        Intent::MonitoringOff,
        Intent::Explain,
        Intent::Trend,
        Intent::Forecast,
        Intent::Export,
        Intent::Refresh,
        Intent::Pause,
        Intent::Resume,
        Intent::Help,
        Intent::Quit,
        Intent::Unknown,
    ];

    /// The contract id (docs/chatops.md).
    pub fn id(self) -> &'static str {
        match self {
            Intent::Status => "status",
            Intent::Channels => "channels",
            Intent::Problems => "problems",
            Intent::Routing => "routing",
            Intent::RoutingApply => "routing.apply",
            Intent::RecoveryStatus => "recovery.status",
            Intent::RecoveryRun => "recovery.run",
            Intent::RecoveryHistory => "recovery.history",
            Intent::RecoveryReset => "recovery.reset",
            Intent::Silence => "silence",
            Intent::AutorecoverOn => "autorecover.on",
            Intent::AutorecoverOff => "autorecover.off",
            Intent::MonitoringOn => "monitoring.on",
            Intent::MonitoringOff => "monitoring.off",
            Intent::Explain => "explain",
            Intent::Trend => "trend",
            Intent::Forecast => "forecast",
            Intent::Export => "export",
            Intent::Refresh => "refresh",
            Intent::Pause => "pause",
            Intent::Resume => "resume",
            Intent::Help => "help",
            Intent::Quit => "quit",
            Intent::Unknown => "unknown",
        }
    }

    pub fn from_id(id: &str) -> Option<Intent> {
        Intent::ALL.into_iter().find(|i| i.id() == id)
    }

    /// docs/chatops.md: these never run on a guess, never come from a question, and `--read-only`
    /// refuses them.
    pub fn is_mutating(self) -> bool {
        matches!(
            self,
            Intent::RecoveryRun
                | Intent::RoutingApply
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

    /// Whether it hands the caller something to do (a `Command`), harmless or not.
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
            Intent::MonitoringOn | Intent::MonitoringOff | Intent::RoutingApply => Intent::Routing,
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

impl fmt::Display for Intent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl Serialize for Intent {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_match_the_spec() {
        let ids: Vec<&str> = Intent::ALL.iter().map(|i| i.id()).collect();
        assert_eq!(
            ids,
            [
                "status",
                "channels",
                "problems",
                "routing",
                "routing.apply",
                "recovery.status",
                "recovery.run",
                "recovery.history",
                "recovery.reset",
                "silence",
                "autorecover.on",
                "autorecover.off",
                "monitoring.on",
                "monitoring.off",
                "explain",
                "trend",
                "forecast",
                "export",
                "refresh",
                "pause",
                "resume",
                "help",
                "quit",
                "unknown"
            ]
        );
        for i in Intent::ALL {
            assert_eq!(Intent::from_id(i.id()), Some(i));
        }
        assert_eq!(Intent::from_id("nope"), None);
    }

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
