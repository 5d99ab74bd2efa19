//! The TOML configuration (reference: docs/config.md): channels and their probes, polling, thresholds,
//! recovery action names and ChatOps vocabulary. Loading validates everything up front
//! and reports the first problem as `FILE:LINE:COL: problem`.

pub mod limits;
mod raw;
mod route_spec;

pub use route_spec::RouteSpec;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::base::input::InputError;
use crate::domain::{FlapRule, Thresholds};

/// The embedded demo: simulated channels that move quickly and recover on their own.
pub const DEMO_TOML: &str = include_str!("../../assets/demo.toml");
/// The documented defaults and a template for real channels: what `--print-default-config`
/// prints and `--init-config` writes (the demo's 2 s interval and `auto = true` are no
/// defaults to start a real setup from).
pub const DEFAULT_TOML: &str = include_str!("../../assets/default.toml");
const DEMO_NAME: &str = "<embedded demo>";

/// A validated configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub poll: PollSettings,
    pub thresholds: Thresholds,
    /// Recovery action names recommended when recovery triggers (`[recovery] actions`).
    pub actions: Vec<String>,
    /// The executor's guardrails (`[recovery]`).
    pub recovery: RecoverySettings,
    /// Actions that can run (`[[action]]`), in file order.
    pub action_defs: Vec<ActionConfig>,
    pub channels: Vec<ChannelConfig>,
    /// `[prometheus]`: channels discovered from a Prometheus, one per label value.
    pub prometheus: Option<PrometheusFleet>,
    pub chatops: ChatopsVocabulary,
    /// `[history]`: the history database (docs/history.md).
    pub history: HistorySettings,
    /// `[[notify]]`: who hears of down, back, recovered, escalated and reset.
    pub notify: Vec<NotifyTarget>,
    /// `[[maintenance]]`: windows with no action and no notification.
    pub maintenance: Vec<crate::domain::notice::Maintenance>,
    /// `[routing]`: the policy live and replay route by (docs/routing.md).
    pub route: crate::domain::route_policy::RoutePolicy,
    /// `[[routing.task]]`: task classes routed by a policy of their own.
    pub route_tasks: Vec<crate::domain::route_policy::Task>,
    /// The policies an operator may switch to at run time (those the config describes).
    pub route_choices: Vec<crate::domain::route_policy::RoutePolicy>,
    /// `[routing] predictive`: rank channels by the health their forecast reaches soon.
    pub route_predictive: bool,
    /// `[routing] apply`, `min_interval`, `verify_timeout` (docs/routing.md).
    pub route_apply: ApplySettings,
    /// `[[route_target]]`: where the routing order is written.
    pub route_targets: Vec<RouteTarget>,
    /// `[serve] token_env`: the environment variable holding the token that `POST /say`
    /// orders must carry; without it `--serve` takes no orders (docs/serve.md).
    pub serve_token_env: Option<String>,
    /// Where it came from: a path, or `<embedded demo>`.
    pub origin: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PollSettings {
    /// Default probe interval.
    pub interval: Duration,
    /// Rolling window for availability / mean / p95.
    pub window: Duration,
    pub flap: FlapRule,
    /// Probes in flight at once, at most.
    pub concurrency: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChannelConfig {
    pub name: String,
    pub probe: ProbeSpec,
    pub interval: Duration,
    pub timeout: Duration,
    pub optional: bool,
    pub region: Option<String>,
    pub cost_per_1k_tokens: Option<f64>,
    /// Name of the environment variable holding a bearer token (never its value).
    pub api_key_env: Option<String>,
    /// Names of the `[[action]]`s that recover this channel.
    pub actions: Vec<String>,
}

/// `[prometheus]`: a fleet discovered from Prometheus (docs/config.md). Each poll runs
/// `up_query` and `latency_query` once; every value of `channel_label` in their answers
/// is a channel.
#[derive(Debug, Clone, PartialEq)]
pub struct PrometheusFleet {
    pub url: String,
    pub channel_label: String,
    pub up_query: String,
    /// Its values are the channels' latencies in milliseconds.
    pub latency_query: String,
    /// Discovered channels are optional (routing fallbacks), not core.
    pub optional: bool,
    pub interval: Duration,
    /// Both queries together, answers read.
    pub timeout: Duration,
    /// Name of the environment variable holding a bearer token (never its value).
    pub api_key_env: Option<String>,
}

/// `[recovery]`: when and how often the executor may act.
#[derive(Debug, Clone, PartialEq)]
pub struct RecoverySettings {
    /// Act without asking (the console's `a` key and ChatOps switch it at run time).
    pub auto: bool,
    pub guard: crate::domain::guard::GuardSettings,
    /// An action run once when a channel is escalated (typically a webhook that pages).
    pub on_escalate: Option<String>,
    /// `audit.jsonl` is rotated when it would grow past this many bytes.
    pub audit_max_bytes: u64,
}

impl Default for RecoverySettings {
    fn default() -> Self {
        RecoverySettings {
            auto: false,
            guard: crate::domain::guard::GuardSettings::default(),
            on_escalate: None,
            audit_max_bytes: 10 * 1024 * 1024,
        }
    }
}

/// `[history]` in the config.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HistorySettings {
    pub enabled: bool,
    /// Rows older than this are deleted.
    pub retention: Duration,
    /// `max_size`: the database's data is kept within this many bytes, oldest rows first.
    pub max_bytes: u64,
}

impl Default for HistorySettings {
    fn default() -> Self {
        HistorySettings {
            enabled: true,
            retention: Duration::from_secs(7 * 86_400),
            max_bytes: 1 << 30,
        }
    }
}

/// One `[[notify]]` target: a webhook that hears of channel events.
#[derive(Debug, Clone, PartialEq)]
pub struct NotifyTarget {
    pub url: String,
    /// `format = "slack"`: a Slack-compatible `{"text": …}` body.
    pub slack: bool,
    pub events: Vec<crate::domain::notice::NoticeKind>,
    /// At most one notice per channel and event within this.
    pub min_interval: Duration,
    /// The whole exchange, bodies included.
    pub timeout: Duration,
}

/// One `[[action]]`.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionConfig {
    pub name: String,
    pub kind: ActionKind,
    pub timeout: Duration,
    /// Environment variables a command action gets beyond the allowlist (`env = [...]`):
    /// it starts with a cleared environment (`process::allowed_env`).
    pub env: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ActionKind {
    /// Run argv, no shell; success on exit code 0.
    Command { argv: Vec<String> },
    /// POST the decision as JSON; success on a 2xx. Header values come from the named
    /// environment variables and are never shown.
    Webhook {
        url: String,
        headers: BTreeMap<String, String>,
    },
    /// The demo's restart of a simulated channel: ends its current scripted incident.
    SimulatedRestart,
}

impl ActionKind {
    pub fn kind(&self) -> &'static str {
        match self {
            ActionKind::Command { .. } => "command",
            ActionKind::Webhook { .. } => "webhook",
            ActionKind::SimulatedRestart => "simulated-restart",
        }
    }
}

/// What a probe checks.
#[derive(Debug, Clone, PartialEq)]
pub enum ProbeSpec {
    /// GET `url`, success when the status equals `expect_status`.
    Http {
        url: String,
        expect_status: u16,
    },
    /// GET `{base}/v1/models` on an OpenAI-compatible server; with `model`, that model
    /// must be listed; with `completion`, a one-token chat completion on it instead
    /// (proves the model answers, not only the proxy).
    OpenAi {
        base_url: String,
        model: Option<String>,
        completion: bool,
    },
    /// GET `{base}/api/tags` on an Ollama server.
    Ollama {
        base_url: String,
    },
    /// TCP connect.
    Tcp {
        address: String,
    },
    /// Run argv (no shell); success on exit code 0.
    Command {
        argv: Vec<String>,
    },
    /// An instant PromQL query against a Prometheus server: its one value is the latency
    /// in ms; no data (or an error) is a failed probe.
    Prometheus {
        base_url: String,
        query: String,
    },
    Simulated(SimSpec),
}

impl ProbeSpec {
    pub fn kind(&self) -> &'static str {
        match self {
            ProbeSpec::Http { .. } => "http",
            ProbeSpec::OpenAi { .. } => "openai",
            ProbeSpec::Ollama { .. } => "ollama",
            ProbeSpec::Tcp { .. } => "tcp",
            ProbeSpec::Command { .. } => "command",
            ProbeSpec::Prometheus { .. } => "prometheus",
            ProbeSpec::Simulated(_) => "simulated",
        }
    }
}

/// A simulated channel: latency model plus scripted incidents.
#[derive(Debug, Clone, PartialEq)]
pub struct SimSpec {
    pub latency_ms: f64,
    pub jitter_ms: f64,
    pub spike_chance: f64,
    pub spike_ms: f64,
    pub error_rate: f64,
    pub incidents: Vec<Incident>,
}

/// Every `every`, starting `offset` into the cycle, for `duration`, the channel misbehaves.
#[derive(Debug, Clone, PartialEq)]
pub struct Incident {
    pub every: Duration,
    pub offset: Duration,
    pub duration: Duration,
    pub kind: IncidentKind,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum IncidentKind {
    /// Every probe fails.
    Outage,
    /// Latency is multiplied by `factor`.
    Slow { factor: f64 },
}

/// Words a team adds to the ChatOps engine: intent id → phrases, channel → aliases.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ChatopsVocabulary {
    pub phrases: BTreeMap<String, Vec<String>>,
    pub aliases: BTreeMap<String, Vec<String>>,
}

/// `[routing] apply`: whether the routing order is written to route targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ApplyMode {
    /// Never written (the default): routing only says where traffic should go.
    #[default]
    Off,
    /// Asked for: the console and ChatOps confirm, a daemon records `route_pending`.
    Confirm,
    /// Written when due.
    Auto,
}

impl ApplyMode {
    /// The word of the config and of `routing.targets`.
    pub fn word(self) -> &'static str {
        match self {
            ApplyMode::Off => "off",
            ApplyMode::Confirm => "confirm",
            ApplyMode::Auto => "auto",
        }
    }
}

/// How and how often the order is applied.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ApplySettings {
    pub mode: ApplyMode,
    /// Least time between two changes to one target, unless its first channel is down.
    pub min_interval: Duration,
    /// The read-back must show a change within this, else it is rolled back.
    pub verify_timeout: Duration,
}

/// One `[[route_target]]`.
#[derive(Debug, Clone, PartialEq)]
pub struct RouteTarget {
    pub name: String,
    pub kind: TargetKind,
}

/// What a route target is and how it is written.
#[derive(Debug, Clone, PartialEq)]
pub enum TargetKind {
    /// A LiteLLM proxy: one model group's deployments, `(channel, model id)` in channel
    /// order.
    Litellm {
        url: String,
        admin_key_env: Option<String>,
        model_group: String,
        deployments: Vec<(String, String)>,
        write: TargetWrite,
    },
    /// A POST of the order to a URL.
    Webhook { url: String },
    /// A file: the template rendered, else a JSON document.
    File {
        path: PathBuf,
        template: Option<PathBuf>,
    },
}

impl TargetKind {
    /// The `kind` word of the config.
    pub fn word(&self) -> &'static str {
        match self {
            TargetKind::Litellm { .. } => "litellm",
            TargetKind::Webhook { .. } => "webhook",
            TargetKind::File { .. } => "file",
        }
    }
}

/// How a LiteLLM target is written.
#[derive(Debug, Clone, PartialEq)]
pub enum TargetWrite {
    /// `PATCH /model/{id}/update` (a proxy with a database).
    Api,
    /// The template rendered into `config` atomically, then `reload` run.
    Config {
        template: PathBuf,
        config: PathBuf,
        reload: Vec<String>,
    },
}

impl Config {
    /// Parses and validates TOML text; `origin` names it in errors.
    pub fn parse(origin: &str, text: &str) -> Result<Config, InputError> {
        raw::parse(origin, text)
    }

    /// The embedded demo configuration.
    pub fn demo() -> Config {
        // The demo is compiled in and covered by tests; failing here is a build defect.
        Config::parse(DEMO_NAME, DEMO_TOML).expect("embedded demo config is valid")
    }

    /// Loads a file.
    pub fn load(path: &Path) -> Result<Config, InputError> {
        let name = path.display().to_string();
        let bytes = crate::base::input::read_input(&name)?;
        let text = crate::base::input::utf8_text(&name, &bytes)?;
        Config::parse(&name, text)
    }

    pub fn action(&self, name: &str) -> Option<&ActionConfig> {
        self.action_defs.iter().find(|a| a.name == name)
    }

    pub fn is_demo(&self) -> bool {
        self.origin == DEMO_NAME
    }

    /// The shortest probe interval (what "stale" is measured in).
    pub fn min_interval(&self) -> Duration {
        self.channels
            .iter()
            .map(|c| c.interval)
            .chain(self.prometheus.as_ref().map(|p| p.interval))
            .min()
            .unwrap_or(self.poll.interval)
    }
}

/// `$XDG_CONFIG_HOME/switchboard/config.toml` (or `~/.config/…`) when it exists.
pub fn default_path() -> Option<PathBuf> {
    default_location().filter(|p| p.is_file())
}

/// Where the default config would be, whether or not it exists (for messages).
pub fn default_location() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(base.join("switchboard/config.toml"))
}

/// The configuration to use: `--config`, else the default path, else the demo.
pub fn resolve(explicit: Option<&Path>) -> Result<Config, InputError> {
    match explicit.map(Path::to_path_buf).or_else(default_path) {
        Some(p) => Config::load(&p),
        None => Ok(Config::demo()),
    }
}

/// Reads an env var named by `api_key_env`; the value is only ever sent, never shown.
pub fn api_key(var: &str) -> Result<String, String> {
    std::env::var(var).map_err(|e| match e {
        std::env::VarError::NotPresent => format!("environment variable {var} is not set"),
        std::env::VarError::NotUnicode(_) => format!("environment variable {var} is not UTF-8"),
    })
}
