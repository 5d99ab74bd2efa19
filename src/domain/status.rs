//! The monitoring-plugin status (Nagios/Icinga/Sensu convention) and its exit code (docs/rules.md, "Status and exit codes").

use std::fmt;

use serde::{Serialize, Serializer};

use super::{ChannelEval, Recovery};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    Ok,
    Warning,
    Critical,
    Unknown,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "OK",
            Status::Warning => "WARNING",
            Status::Critical => "CRITICAL",
            Status::Unknown => "UNKNOWN",
        }
    }

    pub fn exit_code(self) -> u8 {
        match self {
            Status::Ok => 0,
            Status::Warning => 1,
            Status::Critical => 2,
            Status::Unknown => crate::base::exit::UNKNOWN,
        }
    }

    /// Checked in the order UNKNOWN, CRITICAL, WARNING, OK.
    pub fn of(channels: &[ChannelEval], recovery: &Recovery) -> Status {
        if channels.is_empty() {
            Status::Unknown
        } else if recovery.should_trigger {
            Status::Critical
        } else if channels.iter().all(|c| c.input.optional) {
            // Nothing to route to is never "OK", even when the optional channels are fine.
            Status::Warning
        } else if channels.iter().all(|c| c.health.is_healthy()) {
            Status::Ok
        } else {
            Status::Warning
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Status {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{evaluate, ChannelInput, Overall, Policy};

    fn ch(name: &str, avail: f64, mean: f64, optional: bool) -> ChannelInput {
        ChannelInput::new(name, avail.into(), mean.into(), optional)
    }

    fn status(overall: &str, inputs: Vec<ChannelInput>) -> Status {
        evaluate(inputs, &Overall::parse(overall), &Policy::default()).status
    }

    #[test]
    fn status_table() {
        let good = || ch("A", 100.0, 50.0, false);
        let table: Vec<(&str, Vec<ChannelInput>, Status)> = vec![
            ("EXCELLENT", vec![], Status::Unknown),
            ("EXCELLENT", vec![good()], Status::Ok),
            (
                "EXCELLENT",
                vec![good(), ch("B", 97.0, 150.0, false)],
                Status::Ok,
            ),
            (
                "EXCELLENT",
                vec![good(), ch("B", 92.0, 150.0, false)],
                Status::Warning,
            ),
            (
                "EXCELLENT",
                vec![good(), ch("B", 0.0, 150.0, false)],
                Status::Warning,
            ),
            (
                "EXCELLENT",
                vec![good(), ch("O", 0.0, 150.0, true)],
                Status::Warning,
            ),
            (
                "EXCELLENT",
                vec![good(), ch("O", 92.0, 150.0, true)],
                Status::Warning,
            ),
            (
                "EXCELLENT",
                vec![good(), ch("O", 100.0, 10.0, true)],
                Status::Ok,
            ),
            (
                "EXCELLENT",
                vec![ch("A", 92.0, 50.0, false)],
                Status::Critical,
            ),
            ("DEGRADED", vec![good()], Status::Critical),
            (
                "EXCELLENT",
                vec![ch("O", 100.0, 10.0, true)],
                Status::Warning,
            ),
        ];
        for (i, (overall, inputs, want)) in table.into_iter().enumerate() {
            assert_eq!(status(overall, inputs), want, "row {i}");
        }
    }

    /// The order of the checks matters where two apply.
    /// No channel at all is UNKNOWN even when the recovery rule fires (overall DEGRADED);
    /// only optional channels with recovery firing is CRITICAL, not WARNING.
    #[test]
    fn check_order_unknown_then_critical_then_warning() {
        let opt = ch("O", 100.0, 10.0, true);
        let d = evaluate(vec![], &Overall::parse("DEGRADED"), &Policy::default());
        assert!(d.recovery.should_trigger, "the premise: recovery fires");
        assert_eq!(d.status, Status::Unknown);
        let d = evaluate(vec![opt], &Overall::parse("DEGRADED"), &Policy::default());
        assert!(d.recovery.should_trigger, "the premise: recovery fires");
        assert_eq!(d.status, Status::Critical);
    }

    #[test]
    fn exit_codes() {
        assert_eq!(Status::Ok.exit_code(), 0);
        assert_eq!(Status::Warning.exit_code(), 1);
        assert_eq!(Status::Critical.exit_code(), 2);
        assert_eq!(Status::Unknown.exit_code(), 3);
    }

    /// The words the JSON, the text summary and the exit-code docs use.
    #[test]
    fn labels() {
        let all = [
            Status::Ok,
            Status::Warning,
            Status::Critical,
            Status::Unknown,
        ];
        let shown: Vec<String> = all.iter().map(|s| s.to_string()).collect();
        assert_eq!(shown, ["OK", "WARNING", "CRITICAL", "UNKNOWN"]);
        assert!(all.iter().all(|s| s.as_str() == s.to_string()));
    }
}
