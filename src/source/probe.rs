//! Real probes (docs/config.md): http, openai, ollama, tcp and command; `openai`,
//! `prometheus` and `simulated` live in files of their own (`prometheus` shares `fetch`
//! with http), and `kinds` picks one per channel. Every probe is bounded by its timeout
//! here, whatever the probe does.

use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, Instant};

use crate::base::process::{read_bounded, spawn_group, Keep};
use crate::config::api_key;
use crate::monitor::Observation;

/// Response bodies are read up to this many bytes, then the connection is dropped.
pub const BODY_CAP: usize = crate::base::http_body::CAP;
/// A body is read for at most this long (the probe's timeout is usually shorter).
const BODY_TIME: Duration = Duration::from_secs(30);

#[derive(Debug, Clone, PartialEq)]
pub struct ProbeOutcome {
    pub ok: bool,
    pub latency_ms: f64,
    pub error: Option<String>,
    pub status: Option<u16>,
    /// The probe could not run for want of the daemon's own resources (descriptors,
    /// memory): this says nothing about the channel and is never counted against it.
    pub fault: Option<crate::base::fault::Kind>,
}

impl ProbeOutcome {
    pub fn ok(latency_ms: f64, status: Option<u16>) -> Self {
        ProbeOutcome {
            ok: true,
            latency_ms,
            error: None,
            status,
            fault: None,
        }
    }

    pub fn failed(latency_ms: f64, error: impl Into<String>) -> Self {
        let error: String = error.into();
        ProbeOutcome {
            ok: false,
            latency_ms,
            // An HTTP client's error may quote the URL, credentials and all.
            error: Some(crate::base::sanitize::redact_userinfo(&error).into_owned()),
            status: None,
            fault: None,
        }
    }

    /// A failure marked as the daemon's own when `fault` says it is one.
    pub fn failed_with(
        latency_ms: f64,
        error: impl Into<String>,
        fault: Option<crate::base::fault::Kind>,
    ) -> Self {
        ProbeOutcome {
            fault,
            ..ProbeOutcome::failed(latency_ms, error)
        }
    }

    /// The observation record of this result for `channel`, probed at `at_ms`.
    pub fn into_observation(self, at_ms: i64, channel: String) -> Observation {
        Observation {
            at_ms,
            channel,
            ok: self.ok,
            latency_ms: Some(self.latency_ms),
            error: self.error,
            status: self.status,
            region: None,
            cost_per_1k_tokens: None,
        }
    }
}

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Something that can check a channel once. Tests plug in scripted probes.
pub trait Probe: Send + Sync + 'static {
    /// Runs once; `at_ms` is the poller's clock (the simulated probe is a function of it).
    fn run(&self, at_ms: i64) -> BoxFuture<'_, ProbeOutcome>;
}

/// Runs a probe with a hard timeout: a hung server is a failure, never a stuck poller.
pub async fn run_bounded(probe: &dyn Probe, at_ms: i64, timeout: Duration) -> ProbeOutcome {
    match tokio::time::timeout(timeout, probe.run(at_ms)).await {
        Ok(outcome) => outcome,
        Err(_) => ProbeOutcome::failed(
            timeout.as_secs_f64() * 1000.0,
            format!("timeout after {}", humantime::format_duration(timeout)),
        ),
    }
}

pub(super) struct HttpProbe {
    client: reqwest::Client,
    url: String,
    expect: u16,
    /// A marker the body must contain (e.g. `"data"` for `/v1/models`).
    body_needs: Option<&'static str>,
    api_key_env: Option<String>,
    /// A plain `http://` URL's own client (timed on the socket, one kept-alive
    /// connection); `None`: the shared reqwest client.
    plain: Option<super::http1::Http1>,
}

impl Probe for HttpProbe {
    fn run(&self, _at_ms: i64) -> BoxFuture<'_, ProbeOutcome> {
        Box::pin(self.get())
    }
}

/// A response read by [`fetch`]: at most `BODY_CAP` bytes of its body.
pub(super) struct Fetched {
    pub status: reqwest::StatusCode,
    pub body: Vec<u8>,
    pub latency_ms: f64,
    /// The key sent, to be redacted from anything quoted back.
    pub key: Option<String>,
}

/// GETs `url` with the bearer key from `api_key_env`; a failure is the probe's outcome.
pub(super) async fn fetch(
    client: &reqwest::Client,
    url: reqwest::Url,
    api_key_env: Option<&str>,
) -> Result<Fetched, ProbeOutcome> {
    let mut req = client.get(url);
    let mut key = None;
    if let Some(var) = api_key_env {
        match api_key(var) {
            Ok(k) => {
                req = req.bearer_auth(&k);
                key = Some(k);
            }
            Err(problem) => return Err(ProbeOutcome::failed(0.0, problem)),
        }
    }
    let start = Instant::now();
    let resp = match req.send().await {
        Ok(r) => r,
        Err(e) => {
            let fault = crate::base::fault::of_error(&e);
            return Err(ProbeOutcome::failed_with(
                ms(start),
                crate::base::http_body::root_cause(&e),
                fault,
            ));
        }
    };
    let status = resp.status();
    // The probe's own timeout bounds the whole; this only backs it up.
    let read = crate::base::http_body::read(resp, BODY_CAP, BODY_TIME).await;
    if let Some(e) = read.error {
        return Err(ProbeOutcome::failed(
            ms(start),
            format!("reading body: {e}"),
        ));
    }
    let body = read.bytes;
    Ok(Fetched {
        status,
        body,
        latency_ms: ms(start),
        key,
    })
}

impl HttpProbe {
    pub(super) fn new(
        client: &reqwest::Client,
        url: String,
        expect: u16,
        body_needs: Option<&'static str>,
        api_key_env: Option<String>,
    ) -> HttpProbe {
        let plain = reqwest::Url::parse(&url)
            .ok()
            .and_then(|u| super::http1::Http1::for_url(&u));
        HttpProbe {
            client: client.clone(),
            url,
            expect,
            body_needs,
            api_key_env,
            plain,
        }
    }

    /// The answer, by the plain client when the URL allows it.
    async fn fetch(&self) -> Result<Fetched, ProbeOutcome> {
        let Some(plain) = &self.plain else {
            let url = reqwest::Url::parse(&self.url)
                .map_err(|e| ProbeOutcome::failed(0.0, format!("bad URL: {e}")))?;
            return fetch(&self.client, url, self.api_key_env.as_deref()).await;
        };
        let key = match self.api_key_env.as_deref().map(api_key).transpose() {
            Ok(k) => k,
            Err(problem) => return Err(ProbeOutcome::failed(0.0, problem)),
        };
        let start = Instant::now();
        match plain.get(key.as_deref(), BODY_CAP, BODY_TIME).await {
            Ok(a) => Ok(Fetched {
                status: a.status,
                body: a.body,
                latency_ms: a.latency_ms,
                key,
            }),
            Err(f) => Err(ProbeOutcome::failed_with(ms(start), f.message, f.fault)),
        }
    }

    async fn get(&self) -> ProbeOutcome {
        let Fetched {
            status,
            body,
            latency_ms: latency,
            key,
        } = match self.fetch().await {
            Ok(f) => f,
            Err(outcome) => return outcome,
        };
        let mut outcome = if status.as_u16() != self.expect {
            let mut problem = self.status_problem(status);
            // A 4xx/5xx usually says why in its body; a short, redacted excerpt of it.
            if status.is_client_error() || status.is_server_error() {
                if let Some(said) = super::excerpt::of(&body, key.as_deref()) {
                    problem.push_str(&format!(": {said}"));
                }
            }
            ProbeOutcome::failed(latency, problem)
        } else if let Some(marker) = self.body_needs.filter(|m| !contains(&body, m.as_bytes())) {
            ProbeOutcome::failed(
                latency,
                format!("response has no {marker} field (not the expected API?)"),
            )
        } else {
            ProbeOutcome::ok(latency, None)
        };
        outcome.status = Some(status.as_u16());
        outcome
    }

    fn status_problem(&self, status: reqwest::StatusCode) -> String {
        let mut s = format!("HTTP {status} (expected {})", self.expect);
        if matches!(status.as_u16(), 401 | 403) {
            match &self.api_key_env {
                Some(var) => s.push_str(&format!("; check the key in {var}")),
                None => s.push_str("; set api_key_env if the server needs a key"),
            }
        }
        s
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

pub(super) struct TcpProbe {
    pub(super) address: String,
}

impl Probe for TcpProbe {
    fn run(&self, _at_ms: i64) -> BoxFuture<'_, ProbeOutcome> {
        Box::pin(async move {
            let start = Instant::now();
            match tokio::net::TcpStream::connect(&self.address).await {
                Ok(_) => ProbeOutcome::ok(ms(start), None),
                Err(e) => ProbeOutcome::failed_with(
                    ms(start),
                    format!(
                        "connect {}: {}",
                        self.address,
                        crate::base::input::io_reason(&e)
                    ),
                    crate::base::fault::of_io(&e),
                ),
            }
        })
    }
}

pub(super) struct CommandProbe {
    pub(super) argv: Vec<String>,
}

/// A probe's stderr is read up to this many bytes (like `BODY_CAP`); the rest is drained.
pub const STDERR_CAP: usize = 64 * 1024;
/// After the command exits, how long a grandchild holding stderr open may delay the result.
const STDERR_GRACE: Duration = Duration::from_millis(250);

impl Probe for CommandProbe {
    fn run(&self, _at_ms: i64) -> BoxFuture<'_, ProbeOutcome> {
        Box::pin(self.check())
    }
}

impl CommandProbe {
    /// Runs the command in its own process group. If `run_bounded` drops this future on
    /// timeout, the group guard kills every process the command started, not just it.
    async fn check(&self) -> ProbeOutcome {
        let start = Instant::now();
        let cannot_run = |e: std::io::Error| {
            ProbeOutcome::failed_with(
                ms(start),
                format!(
                    "cannot run {}: {}",
                    self.argv[0],
                    crate::base::input::io_reason(&e)
                ),
                crate::base::fault::of_io(&e),
            )
        };
        let mut cmd = tokio::process::Command::new(&self.argv[0]);
        // Like an action, a probe command never sees the channels' API keys.
        crate::base::process::clean_env(&mut cmd, &[]);
        cmd.args(&self.argv[1..])
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped());
        let (mut child, group) = match spawn_group(&mut cmd) {
            Ok(c) => c,
            Err(e) => return cannot_run(e),
        };
        let mut stderr = Box::pin(read_bounded(child.stderr.take(), STDERR_CAP, Keep::Head));
        let mut read: Option<Vec<u8>> = None;
        let status = tokio::select! {
            status = child.wait() => status,
            bytes = &mut stderr => {
                read = Some(bytes);
                child.wait().await
            }
        };
        let latency = ms(start);
        let status = match status {
            Ok(s) => s,
            Err(e) => return cannot_run(e),
        };
        let bytes = match read {
            Some(b) => Some(b),
            None => tokio::time::timeout(STDERR_GRACE, stderr).await.ok(),
        };
        match &bytes {
            // stderr closed by everyone and the leader reaped: the group is gone.
            Some(_) => group.disarm(),
            // Something the command left behind still holds stderr: end it (drop kills).
            None => drop(group),
        }
        if status.success() {
            return ProbeOutcome::ok(latency, None);
        }
        let bytes = bytes.unwrap_or_default();
        let first = String::from_utf8_lossy(&bytes)
            .lines()
            .next()
            .unwrap_or("")
            .trim()
            .chars()
            .take(200)
            .collect::<String>();
        let code = status.code().map_or("killed by a signal".to_string(), |c| {
            format!("exit code {c}")
        });
        let msg = if first.is_empty() {
            code
        } else {
            format!("{code}: {first}")
        };
        ProbeOutcome::failed(latency, msg)
    }
}

fn ms(start: Instant) -> f64 {
    (start.elapsed().as_secs_f64() * 100_000.0).round() / 100.0
}
