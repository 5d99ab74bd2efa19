//! Pure decision logic: channel observations in, health/routing/recovery/status out.
//! No I/O here — every source (metrics file, live probes, replay) feeds the same rules.

pub mod anomaly;
pub mod audit;
pub mod audit_fields;
pub mod change;
pub mod forecast;
pub mod guard;
pub mod health;
pub mod intent;
pub mod notice;
pub mod num;
pub mod order_audit;
pub mod recovery;
pub mod regions;
pub mod route_apply;
pub mod route_audit;
pub mod route_policy;
pub mod routing;
pub mod status;
pub mod window;

pub use health::{classify, priority, Health, Overall, Trend};
pub use num::Num;
pub use recovery::{Recovery, DEFAULT_ACTIONS};
pub use routing::{route, Routing, RoutingMode};
pub use status::Status;
pub use window::{FlapRule, Sample, Window, WindowStats};

/// Classification thresholds; the defaults are the seed bridge's numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct Thresholds {
    pub excellent_availability: f64,
    pub excellent_latency_ms: f64,
    pub good_availability: f64,
    pub good_latency_ms: f64,
    pub degraded_availability: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            excellent_availability: 99.0,
            excellent_latency_ms: 100.0,
            good_availability: 95.0,
            good_latency_ms: 200.0,
            degraded_availability: 90.0,
        }
    }
}

/// What the rules read about one channel.
#[derive(Debug, Clone, PartialEq)]
pub struct ChannelInput {
    pub name: String,
    pub optional: bool,
    /// Percent; the seed's default when missing is 0.
    pub availability: Num,
    /// Milliseconds; the seed's default when missing is 999.
    pub mean_latency_ms: Num,
    pub trend: Trend,
    pub baseline_alerts: Num,
}

impl ChannelInput {
    /// A channel with the seed's defaults for trend and alerts.
    pub fn new(name: &str, availability: Num, mean_latency_ms: Num, optional: bool) -> Self {
        ChannelInput {
            name: name.to_string(),
            optional,
            availability,
            mean_latency_ms,
            trend: Trend::Stable,
            baseline_alerts: Num::int(0),
        }
    }
}

/// A channel after classification.
#[derive(Debug, Clone, PartialEq)]
pub struct ChannelEval {
    pub input: ChannelInput,
    pub health: Health,
    pub routing_priority: u8,
}

impl ChannelEval {
    pub fn name(&self) -> &str {
        &self.input.name
    }
}

/// Everything that shapes a decision besides the observations.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    pub thresholds: Thresholds,
    pub mode: RoutingMode,
    pub actions: Vec<String>,
    /// `[routing]`: the policy live and replay route by (metrics files: always health).
    pub route: route_policy::RoutePolicy,
    /// `[[routing.task]]`: task classes with a policy of their own.
    pub tasks: Vec<route_policy::Task>,
    /// `[routing] predictive`: channels are ranked by the worse health their forecast
    /// reaches soon (live and replay; never for status or recovery).
    pub predictive: bool,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            thresholds: Thresholds::default(),
            mode: RoutingMode::Monitoring,
            actions: DEFAULT_ACTIONS.iter().map(|s| s.to_string()).collect(),
            route: route_policy::RoutePolicy::Health,
            tasks: Vec::new(),
            predictive: false,
        }
    }
}

/// The full decision for one moment.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    /// Core channels in input order, then optional ones in input order.
    pub channels: Vec<ChannelEval>,
    pub routing: Routing,
    pub recovery: Recovery,
    pub status: Status,
}

/// Classifies each channel and puts them in output order (core first, stable).
pub fn evaluate_channels(inputs: Vec<ChannelInput>, t: &Thresholds) -> Vec<ChannelEval> {
    let (core, optional): (Vec<_>, Vec<_>) = inputs.into_iter().partition(|c| !c.optional);
    core.into_iter()
        .chain(optional)
        .map(|input| {
            let health = classify(
                input.availability.get(),
                input.mean_latency_ms.get(),
                input.baseline_alerts.get(),
                t,
            );
            let routing_priority = priority(health, &input.trend, input.optional);
            ChannelEval {
                input,
                health,
                routing_priority,
            }
        })
        .collect()
}

/// The rules of docs/rules.md end to end: health per channel, routing, recovery, then the status.
pub fn evaluate(inputs: Vec<ChannelInput>, overall: &Overall, policy: &Policy) -> Decision {
    let channels = evaluate_channels(inputs, &policy.thresholds);
    decide(channels, overall, policy)
}

/// Routing, recovery and status for channels whose health is already known
/// (live mode overrides health with its anti-flap state before this step).
pub fn decide(channels: Vec<ChannelEval>, overall: &Overall, policy: &Policy) -> Decision {
    let routing = route(&channels, policy.mode);
    let recovery = recovery::decide(
        overall,
        &channels,
        routing.recommended_primary.as_deref(),
        &policy.actions,
    );
    let status = Status::of(&channels, &recovery);
    Decision {
        channels,
        routing,
        recovery,
        status,
    }
}
