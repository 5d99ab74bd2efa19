//! The probe for each kind of configured channel (docs/config.md): a new kind of probe
//! is written in a file of its own and picked here.

use std::sync::Arc;

use super::openai::OpenAiProbe;
use super::probe::{CommandProbe, HttpProbe, Probe, TcpProbe};
use super::prometheus::PromProbe;
use super::simulated::{seed, SimState, SimulatedProbe};
use crate::config::{ChannelConfig, ProbeSpec};

/// The probe for a configured channel and, for a simulated one, the state its restart
/// action changes.
pub fn for_channel(
    ch: &ChannelConfig,
    client: &reqwest::Client,
) -> (Arc<dyn Probe>, Option<Arc<SimState>>) {
    if let ProbeSpec::Simulated(spec) = &ch.probe {
        let state = Arc::new(SimState::default());
        let probe = Arc::new(SimulatedProbe {
            spec: spec.clone(),
            seed: seed(&ch.name),
            state: state.clone(),
        });
        return (probe, Some(state));
    }
    (probe_for(ch, client), None)
}

fn probe_for(ch: &ChannelConfig, client: &reqwest::Client) -> Arc<dyn Probe> {
    let http = |url: String, expect: u16, body_needs: Option<&'static str>| {
        HttpProbe::new(client, url, expect, body_needs, ch.api_key_env.clone())
    };
    match &ch.probe {
        ProbeSpec::Http { url, expect_status } => Arc::new(http(url.clone(), *expect_status, None)),
        ProbeSpec::OpenAi {
            base_url,
            model: None,
            completion: false,
        } => Arc::new(http(format!("{base_url}/v1/models"), 200, Some("\"data\""))),
        ProbeSpec::OpenAi {
            base_url,
            model,
            completion,
        } => Arc::new(OpenAiProbe {
            client: client.clone(),
            base_url: base_url.clone(),
            model: model.clone(),
            completion: *completion,
            api_key_env: ch.api_key_env.clone(),
            timeout: ch.timeout,
        }),
        ProbeSpec::Ollama { base_url } => Arc::new(http(
            format!("{base_url}/api/tags"),
            200,
            Some("\"models\""),
        )),
        ProbeSpec::Tcp { address } => Arc::new(TcpProbe {
            address: address.clone(),
        }),
        ProbeSpec::Command { argv } => Arc::new(CommandProbe { argv: argv.clone() }),
        ProbeSpec::Prometheus { base_url, query } => Arc::new(PromProbe {
            client: client.clone(),
            base_url: base_url.clone(),
            query: query.clone(),
            api_key_env: ch.api_key_env.clone(),
        }),
        ProbeSpec::Simulated(spec) => Arc::new(SimulatedProbe {
            spec: spec.clone(),
            seed: seed(&ch.name),
            state: Arc::default(),
        }),
    }
}
