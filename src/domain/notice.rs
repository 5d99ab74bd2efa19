//! What `[[notify]]` targets hear and when they may not: notice kinds, the per-target
//! rate limit, and maintenance windows (no action, no notification). Pure: times come in
//! as milliseconds since the epoch; sending is `crate::notify`'s.

use rustc_hash::FxHashMap;

/// What happened to a channel that a person may want to hear about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NoticeKind {
    /// It went OFFLINE.
    Down,
    /// It answers again after being OFFLINE.
    Back,
    /// A recovery attempt brought it back (verified).
    Recovered,
    /// Recovery gave up on it.
    Escalated,
    /// An operator cleared its escalation.
    Reset,
}

impl NoticeKind {
    pub const ALL: [NoticeKind; 5] = [
        NoticeKind::Down,
        NoticeKind::Back,
        NoticeKind::Recovered,
        NoticeKind::Escalated,
        NoticeKind::Reset,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NoticeKind::Down => "down",
            NoticeKind::Back => "back",
            NoticeKind::Recovered => "recovered",
            NoticeKind::Escalated => "escalated",
            NoticeKind::Reset => "reset",
        }
    }

    pub fn parse(s: &str) -> Option<NoticeKind> {
        NoticeKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One notice for the targets.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub kind: NoticeKind,
    pub channel: String,
    pub at_ms: i64,
    /// One line for a person: `Gateway is down: connection refused`.
    pub text: String,
}

/// At most one notice per target, channel and kind within `gap_ms`: a flapping channel
/// pages once, not every minute. Escalations are never held back (they are rare, and
/// the one that matters).
#[derive(Debug, Default)]
pub struct RateLimit {
    last: FxHashMap<(usize, String, NoticeKind), i64>,
}

impl RateLimit {
    /// Whether `n` may go to target `target` now; records it when it may.
    pub fn allow(&mut self, target: usize, n: &Notice, gap_ms: i64) -> bool {
        if n.kind == NoticeKind::Escalated {
            return true;
        }
        let key = (target, n.channel.clone(), n.kind);
        match self.last.get(&key) {
            Some(&at) if n.at_ms - at < gap_ms => false,
            _ => {
                self.last.insert(key, n.at_ms);
                true
            }
        }
    }
}

/// A window in which a channel (or every channel) is under maintenance: no automatic
/// action runs and no notification goes out for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Maintenance {
    /// `None`: every channel.
    pub channel: Option<String>,
    pub start_ms: i64,
    pub end_ms: i64,
    pub reason: String,
}

impl Maintenance {
    pub fn covers(&self, channel: &str, now_ms: i64) -> bool {
        self.channel.as_deref().is_none_or(|c| c == channel)
            && self.start_ms <= now_ms
            && now_ms < self.end_ms
    }
}

/// The window covering `channel` at `now_ms` that ends last, if any.
pub fn in_maintenance<'a>(
    windows: &'a [Maintenance],
    channel: &str,
    now_ms: i64,
) -> Option<&'a Maintenance> {
    windows
        .iter()
        .filter(|m| m.covers(channel, now_ms))
        .max_by_key(|m| m.end_ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notice(kind: NoticeKind, channel: &str, at_ms: i64) -> Notice {
        Notice {
            kind,
            channel: channel.into(),
            at_ms,
            text: String::new(),
        }
    }

    #[test]
    fn the_rate_limit_is_per_target_channel_and_kind() {
        let mut r = RateLimit::default();
        let gap = 60_000;
        assert!(r.allow(0, &notice(NoticeKind::Down, "A", 0), gap));
        assert!(!r.allow(0, &notice(NoticeKind::Down, "A", 59_999), gap));
        assert!(
            r.allow(0, &notice(NoticeKind::Back, "A", 10), gap),
            "another kind"
        );
        assert!(
            r.allow(0, &notice(NoticeKind::Down, "B", 10), gap),
            "another channel"
        );
        assert!(
            r.allow(1, &notice(NoticeKind::Down, "A", 10), gap),
            "another target"
        );
        assert!(r.allow(0, &notice(NoticeKind::Down, "A", 60_000), gap));
        for at in [0, 1, 2] {
            assert!(r.allow(0, &notice(NoticeKind::Escalated, "A", at), gap));
        }
    }

    #[test]
    fn maintenance_covers_its_channel_and_its_time_only() {
        let w = [
            Maintenance {
                channel: Some("Gateway".into()),
                start_ms: 1_000,
                end_ms: 2_000,
                reason: "upgrade".into(),
            },
            Maintenance {
                channel: None,
                start_ms: 1_500,
                end_ms: 3_000,
                reason: "all".into(),
            },
        ];
        assert!(in_maintenance(&w, "Gateway", 999).is_none());
        assert_eq!(
            in_maintenance(&w, "Gateway", 1_000).map(|m| m.end_ms),
            Some(2_000)
        );
        assert_eq!(
            in_maintenance(&w, "Gateway", 1_600).map(|m| m.end_ms),
            Some(3_000)
        );
        assert!(in_maintenance(&w, "Local", 1_200).is_none());
        assert_eq!(
            in_maintenance(&w, "Local", 2_999).map(|m| m.end_ms),
            Some(3_000)
        );
        assert!(
            in_maintenance(&w, "Local", 3_000).is_none(),
            "the end is exclusive"
        );
        assert_eq!(NoticeKind::parse("recovered"), Some(NoticeKind::Recovered));
        assert_eq!(NoticeKind::parse("up"), None);
    }
}
