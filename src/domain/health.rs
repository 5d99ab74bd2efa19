//! Channel health and overall health: the seed bridge's classification rules (docs/rules.md)
//! and the replaced monitor's overall rule for live mode (docs/rules.md, "Live mode").

use std::fmt;

use serde::{Serialize, Serializer};

use super::Thresholds;

/// Health of one channel. Order of variants is best to worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Health {
    Excellent,
    Good,
    Degraded,
    Poor,
    Offline,
}

impl Health {
    pub const ALL: [Health; 5] = [
        Health::Excellent,
        Health::Good,
        Health::Degraded,
        Health::Poor,
        Health::Offline,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Health::Excellent => "EXCELLENT",
            Health::Good => "GOOD",
            Health::Degraded => "DEGRADED",
            Health::Poor => "POOR",
            Health::Offline => "OFFLINE",
        }
    }

    /// EXCELLENT or GOOD: fit to take traffic without comment.
    pub fn is_healthy(self) -> bool {
        matches!(self, Health::Excellent | Health::Good)
    }

    /// Whether a move from `was` to `self` is news for logs and events: EXCELLENT ⇄ GOOD
    /// is latency wobbling around 100 ms, and on many channels it buried every real change.
    pub fn is_news_after(self, was: Health) -> bool {
        self != was && !(self.is_healthy() && was.is_healthy())
    }

    /// POOR or OFFLINE: counts as down for recovery and status.
    pub fn is_down(self) -> bool {
        matches!(self, Health::Poor | Health::Offline)
    }
}

impl fmt::Display for Health {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Health {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Latency trend as the replaced monitor labelled it (`Trend.Direction`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Trend {
    Improving,
    #[default]
    Stable,
    Degrading,
    /// Any other label is kept verbatim; the rules treat it like STABLE.
    Other(String),
}

impl Trend {
    pub fn parse(s: &str) -> Trend {
        match s {
            "IMPROVING" => Trend::Improving,
            "STABLE" => Trend::Stable,
            "DEGRADING" => Trend::Degrading,
            other => Trend::Other(other.to_string()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Trend::Improving => "IMPROVING",
            Trend::Stable => "STABLE",
            Trend::Degrading => "DEGRADING",
            Trend::Other(s) => s,
        }
    }

    /// A one-character arrow for dense tables: latency going down is good.
    pub fn arrow(&self) -> &'static str {
        match self {
            Trend::Improving => "↘",
            Trend::Degrading => "↗",
            _ => "→",
        }
    }
}

impl Serialize for Trend {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Health rules (docs/rules.md), first match wins.
pub fn classify(availability: f64, mean_ms: f64, baseline_alerts: f64, t: &Thresholds) -> Health {
    if availability == 0.0 {
        Health::Offline
    } else if availability >= t.excellent_availability
        && mean_ms < t.excellent_latency_ms
        && baseline_alerts == 0.0
    {
        Health::Excellent
    } else if availability >= t.good_availability && mean_ms < t.good_latency_ms {
        Health::Good
    } else if availability >= t.degraded_availability {
        Health::Degraded
    } else {
        Health::Poor
    }
}

/// Overall health. Files carry it as free text; live mode computes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overall {
    Excellent,
    Good,
    Degraded,
    Poor,
    Critical,
    Unknown,
    /// A label this tool does not know, kept so that it is printed back as written.
    Other(String),
}

impl Overall {
    pub fn parse(s: &str) -> Overall {
        match s {
            "EXCELLENT" => Overall::Excellent,
            "GOOD" => Overall::Good,
            "DEGRADED" => Overall::Degraded,
            "POOR" => Overall::Poor,
            "CRITICAL" => Overall::Critical,
            "UNKNOWN" => Overall::Unknown,
            other => Overall::Other(other.to_string()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Overall::Excellent => "EXCELLENT",
            Overall::Good => "GOOD",
            Overall::Degraded => "DEGRADED",
            Overall::Poor => "POOR",
            Overall::Critical => "CRITICAL",
            Overall::Unknown => "UNKNOWN",
            Overall::Other(s) => s,
        }
    }

    /// Recovery rule 1: the overall state alone demands recovery.
    pub fn demands_recovery(&self) -> bool {
        matches!(self, Overall::Degraded | Overall::Poor | Overall::Critical)
    }

    /// The replaced monitor's overall rule (live mode), from effective availability.
    pub fn from_availability(effective: f64) -> Overall {
        if effective >= 99.5 {
            Overall::Excellent
        } else if effective >= 95.0 {
            Overall::Good
        } else if effective >= 90.0 {
            Overall::Degraded
        } else {
            Overall::Critical
        }
    }
}

impl fmt::Display for Overall {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Overall {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Routing priority (docs/rules.md) (lower is better), with the optional-channel demotion.
pub fn priority(health: Health, trend: &Trend, optional: bool) -> u8 {
    let base = match health {
        Health::Excellent if *trend == Trend::Improving => 1,
        Health::Excellent | Health::Good => 2,
        Health::Degraded => 3,
        Health::Poor => 4,
        Health::Offline => 5,
    };
    if optional && base < 4 {
        base + 1
    } else {
        base
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(avail: f64, mean: f64, alerts: f64) -> Health {
        classify(avail, mean, alerts, &Thresholds::default())
    }

    #[test]
    fn availability_boundaries() {
        // (availability, mean, baseline alerts) -> health
        let table = [
            (0.0, 10.0, 0.0, Health::Offline),
            (0.0, 999.0, 5.0, Health::Offline),
            (0.01, 10.0, 0.0, Health::Poor),
            (89.99, 10.0, 0.0, Health::Poor),
            (90.0, 10.0, 0.0, Health::Degraded),
            (94.99, 10.0, 0.0, Health::Degraded),
            (95.0, 10.0, 0.0, Health::Good),
            (98.99, 10.0, 0.0, Health::Good),
            (99.0, 10.0, 0.0, Health::Excellent),
            (100.0, 10.0, 0.0, Health::Excellent),
        ];
        for (a, m, b, want) in table {
            assert_eq!(h(a, m, b), want, "availability {a} mean {m} alerts {b}");
        }
    }

    #[test]
    fn latency_boundaries() {
        let table = [
            (100.0, 99.99, 0.0, Health::Excellent),
            (100.0, 100.0, 0.0, Health::Good),
            (100.0, 199.99, 0.0, Health::Good),
            (100.0, 200.0, 0.0, Health::Degraded),
            (95.0, 199.99, 0.0, Health::Good),
            (95.0, 200.0, 0.0, Health::Degraded),
            (94.99, 0.0, 0.0, Health::Degraded),
            (89.99, 5000.0, 0.0, Health::Poor),
            (99.0, 999.0, 0.0, Health::Degraded),
        ];
        for (a, m, b, want) in table {
            assert_eq!(h(a, m, b), want, "availability {a} mean {m} alerts {b}");
        }
    }

    #[test]
    fn baseline_alerts_block_excellent_only() {
        assert_eq!(h(100.0, 50.0, 0.0), Health::Excellent);
        assert_eq!(h(100.0, 50.0, 1.0), Health::Good);
        assert_eq!(h(99.0, 99.99, 1.0), Health::Good);
        assert_eq!(h(96.0, 50.0, 1.0), Health::Good);
        assert_eq!(h(90.0, 50.0, 1.0), Health::Degraded);
    }

    #[test]
    fn overall_from_availability_boundaries() {
        let table = [
            (100.0, Overall::Excellent),
            (99.5, Overall::Excellent),
            (99.49, Overall::Good),
            (95.0, Overall::Good),
            (94.99, Overall::Degraded),
            (90.0, Overall::Degraded),
            (89.99, Overall::Critical),
            (0.0, Overall::Critical),
        ];
        for (a, want) in table {
            assert_eq!(Overall::from_availability(a), want, "{a}");
        }
    }

    #[test]
    fn overall_labels_round_trip() {
        for s in [
            "EXCELLENT",
            "GOOD",
            "DEGRADED",
            "POOR",
            "CRITICAL",
            "UNKNOWN",
            "weird",
        ] {
            assert_eq!(Overall::parse(s).as_str(), s);
        }
        assert!(Overall::parse("DEGRADED").demands_recovery());
        assert!(Overall::parse("POOR").demands_recovery());
        assert!(Overall::parse("CRITICAL").demands_recovery());
        assert!(!Overall::parse("UNKNOWN").demands_recovery());
        assert!(!Overall::parse("degraded").demands_recovery());
    }

    #[test]
    fn trend_arrows() {
        let arrows: Vec<&str> = ["IMPROVING", "DEGRADING", "STABLE"]
            .iter()
            .map(|t| Trend::parse(t).arrow())
            .collect();
        assert_eq!(arrows, ["↘", "↗", "→"]);
    }

    #[test]
    fn trend_labels_round_trip() {
        for s in ["IMPROVING", "STABLE", "DEGRADING", "SIDEWAYS"] {
            assert_eq!(Trend::parse(s).as_str(), s);
        }
    }
}
