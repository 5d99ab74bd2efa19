//! The ChatOps contract's vocabulary of requests (docs/chatops.md): the intent ids that
//! config, history and every surface name, and the two languages questions and replies
//! come in. What each intent does is the ChatOps engine's (`chatops::intent`).

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

    /// The language a POSIX locale name speaks ("ko_KR.UTF-8" is Korean, "C" and
    /// "en_US.UTF-8" English); `None` for an empty one, which names nothing.
    pub fn of_locale(locale: &str) -> Option<Lang> {
        let name = locale.trim();
        if name.is_empty() {
            None
        } else if name.starts_with("ko") {
            Some(Lang::Ko)
        } else {
            Some(Lang::En)
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
    RoutingPolicy,
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
    pub const ALL: [Intent; 25] = [
        Intent::Status,
        Intent::Channels,
        Intent::Problems,
        Intent::Routing,
        Intent::RoutingApply,
        Intent::RoutingPolicy,
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
            Intent::RoutingPolicy => "routing.policy",
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
    fn a_locale_names_its_language() {
        for (locale, lang) in [
            ("ko_KR.UTF-8", Some(Lang::Ko)),
            ("ko", Some(Lang::Ko)),
            ("en_US.UTF-8", Some(Lang::En)),
            ("C.UTF-8", Some(Lang::En)),
            ("de_DE", Some(Lang::En)),
            ("", None),
            ("  ", None),
        ] {
            assert_eq!(Lang::of_locale(locale), lang, "{locale:?}");
        }
    }

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
                "routing.policy",
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
}
