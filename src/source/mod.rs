//! Where observations come from. Each source ends in the same `Snapshot`.

pub mod excerpt;
pub mod follow;
pub mod http1;
pub mod kinds;
pub mod metrics_file;
pub mod openai;
pub mod probe;
pub mod prom_fleet;
pub mod prometheus;
pub mod replay;
pub mod simulated;
pub mod strict;

/// Commands the console and ChatOps send to what feeds them snapshots: the poller, or
/// the follower of a metrics file (which takes the ones that make sense for a file).
#[derive(Debug, Clone, PartialEq)]
pub enum PollerCommand {
    /// Probe every channel now.
    Refresh,
    Pause,
    Resume,
    SetMode(crate::domain::RoutingMode),
    /// Route by the configured policy of this name from now on (an operator's switch,
    /// audited by whoever sent it).
    SetPolicy {
        name: String,
        by: &'static str,
    },
    /// Probe one channel now (the executor verifies a restart without waiting a round).
    ProbeNow(String),
}
