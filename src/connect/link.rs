//! The connection of an attached console to its controller: reads `/context` (the
//! decision) and `/healthz` (the controller's own state) once a second, follows
//! `/events` for audit records as they are written (the recovery pane and the events
//! pane show them; each one also fetches the snapshot at once), and sends confirmed
//! orders as `POST /say`. A lost connection keeps the last snapshot on screen with a
//! banner and is tried again after 1 s, 2 s, 4 s … up to [`BACKOFF_MAX`]; nothing here
//! ever waits on the console's thread.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{mpsc, watch, Notify};

use crate::base::clock::Clock;
use crate::domain::audit::AuditLine;
use crate::poller::PollerCommand;
use crate::recovery::audit::Memory;
use crate::snapshot::Snapshot;
use crate::source::follow::{FeedStatus, LinkStatus};

/// How often the snapshot is read while connected.
pub const POLL: Duration = Duration::from_secs(1);
/// The longest wait between attempts to reconnect.
pub const BACKOFF_MAX: Duration = Duration::from_secs(30);
/// One request's limit: a controller that does not answer in this long is lost.
pub const TIMEOUT: Duration = Duration::from_secs(3);
/// The most of a body read: `/context` of 10,000 channels is a few MB; a server that
/// sends more is not a switchboard.
pub const BODY_CAP: usize = 64 << 20;
/// The environment variable an attached console takes its order token from.
pub const TOKEN_ENV: &str = "SWITCHBOARD_TOKEN";

/// Where the controller is and how to reach it.
#[derive(Clone)]
pub struct Link {
    base: String,
    token: Option<String>,
    client: reqwest::Client,
    /// For `/events`: no overall timeout (the stream is long-lived), a read timeout
    /// past the keep-alive interval instead.
    streams: reqwest::Client,
}

/// A connected console's feed.
pub struct RemoteFeed {
    pub snapshots: watch::Receiver<Arc<Snapshot>>,
    pub status: watch::Receiver<FeedStatus>,
    pub commands: mpsc::Sender<PollerCommand>,
}

/// What one read of the controller gave.
struct Reading {
    /// `None`: the same as the last read (the controller answered 304).
    snap: Option<Snapshot>,
    controller: Option<String>,
    /// `/context`'s entity tag, sent back to be told when nothing changed.
    tag: Option<String>,
}

impl Link {
    /// A link to `url` (`http://host:port`, a trailing `/` or path is ignored), with the
    /// order token from [`TOKEN_ENV`] when it is set.
    pub fn new(url: &str, token: Option<String>) -> Result<Link, String> {
        let parsed: reqwest::Url = url
            .parse()
            .map_err(|e| format!("--connect {url}: not a URL: {e}"))?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
            return Err(format!(
                "--connect {url}: give http://HOST:PORT of a --serve"
            ));
        }
        let base = parsed.origin().ascii_serialization();
        // Installing twice is harmless: the first provider stays.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let built = |b: reqwest::ClientBuilder| {
            b.connect_timeout(TIMEOUT)
                .user_agent(concat!("switchboard/", env!("CARGO_PKG_VERSION")))
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(|e| format!("cannot start the HTTP client: {e}"))
        };
        Ok(Link {
            base,
            token: token.filter(|t| !t.trim().is_empty()),
            client: built(reqwest::Client::builder().timeout(TIMEOUT))?,
            streams: built(
                reqwest::Client::builder()
                    .read_timeout(crate::serve::events::KEEP_ALIVE * 2 + TIMEOUT),
            )?,
        })
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    /// Reads the snapshot (unless it is the one tagged `last`) and the controller's health.
    async fn read(&self, last: Option<&str>) -> Result<Reading, String> {
        let mut req = self.client.get(format!("{}/context", self.base));
        if let Some(tag) = last {
            req = req.header(reqwest::header::IF_NONE_MATCH, tag);
        }
        let r = req.send().await.map_err(reason)?;
        let tag = r
            .headers()
            .get(reqwest::header::ETAG)
            .and_then(|t| t.to_str().ok())
            .map(str::to_string);
        let snap = match r.status() {
            reqwest::StatusCode::NOT_MODIFIED => None,
            s if s.is_success() => {
                let body = body(r).await?;
                Some(super::wire::snapshot(&body).map_err(|e| e.to_string())?)
            }
            s => return Err(format!("/context answered {s}")),
        };
        let health = self
            .client
            .get(format!("{}/healthz", self.base))
            .send()
            .await
            .map_err(reason)?;
        let controller = if health.status().is_success() {
            None
        } else {
            let text = body(health).await.unwrap_or_default();
            let text = String::from_utf8_lossy(&text);
            // The controller's words go on the terminal: escaped like any input.
            let first = text.lines().next().unwrap_or("unhealthy");
            Some(crate::base::sanitize::clean(first).into_owned())
        };
        Ok(Reading {
            snap,
            controller,
            tag,
        })
    }

    async fn get(&self, path: &str) -> Result<Vec<u8>, String> {
        let r = self
            .client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .map_err(reason)?;
        if !r.status().is_success() {
            return Err(format!("{path} answered {}", r.status()));
        }
        body(r).await
    }

    /// Whether the controller takes orders, and why not.
    async fn orders(&self) -> (bool, Option<String>) {
        let body = self.get("/say").await.unwrap_or_default();
        let v: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
        if v["orders"] != true {
            // The controller's own words say which setting; the banner has little room.
            let why = v["why"].as_str().unwrap_or_default();
            tracing::info!("{}: {why}", self.base);
            return (false, Some("the controller takes no orders".to_string()));
        }
        match self.token {
            Some(_) => (true, None),
            None => (false, Some(format!("set {TOKEN_ENV} to give orders"))),
        }
    }

    /// Sends one confirmed order; the controller's reply, or why it was not taken.
    pub async fn say(&self, text: &str) -> Result<String, String> {
        let mut req = self
            .client
            .post(format!("{}/say", self.base))
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(serde_json::json!({ "text": text, "yes": true }).to_string());
        if let Some(t) = &self.token {
            req = req.bearer_auth(t);
        }
        let r = req.send().await.map_err(reason)?;
        let ok = r.status().is_success();
        let v: serde_json::Value = serde_json::from_slice(&body(r).await?).unwrap_or_default();
        let clean = |t: &str| crate::base::sanitize::clean_lines(t).into_owned();
        match (ok, v["reply"].as_str(), v["error"].as_str()) {
            (true, Some(reply), _) => Ok(clean(reply)),
            (_, _, Some(e)) => Err(clean(e)),
            _ => Err("the controller's answer could not be read".into()),
        }
    }

    /// Reads the controller once (an error here is said before any console opens), then
    /// keeps reading it on the current runtime.
    pub async fn open(self) -> Result<RemoteFeed, String> {
        let first = self
            .read(None)
            .await
            .map_err(|e| format!("cannot reach {}: {e}", self.base))?;
        let snap = first
            .snap
            .ok_or_else(|| format!("{}: /context answered without a body", self.base))?;
        let (orders, orders_off) = self.orders().await;
        let status = FeedStatus {
            updated_ms: snap.at_ms(),
            remote: Some(LinkStatus {
                url: self.base.clone(),
                controller: first.controller,
                orders,
                orders_off,
                ..LinkStatus::default()
            }),
            ..FeedStatus::default()
        };
        let snap = Arc::new(snap);
        let (snap_tx, snapshots) = watch::channel(snap.clone());
        let (status_tx, status_rx) = watch::channel(status);
        let (commands, rx) = mpsc::channel(16);
        let (news_tx, news_rx) = mpsc::channel(64);
        // Back from a loss, the events stream is tried at once rather than after its own
        // (by then long) backoff.
        let back = Arc::new(Notify::new());
        tokio::spawn(self.clone().follow_events(news_tx, back.clone()));
        let seen = Seen {
            snap,
            tag: first.tag,
        };
        let feeds = Feeds {
            snaps: snap_tx,
            status: status_tx,
            back,
        };
        tokio::spawn(self.run(seen, feeds, rx, news_rx));
        Ok(RemoteFeed {
            snapshots,
            status: status_rx,
            commands,
        })
    }

    async fn run(
        self,
        mut seen: Seen,
        feeds: Feeds,
        mut commands: mpsc::Receiver<PollerCommand>,
        mut news: mpsc::Receiver<AuditLine>,
    ) {
        let Feeds {
            snaps,
            status,
            back,
        } = feeds;
        let clock = Clock::new();
        let mut memory = Memory::default();
        let mut wait = POLL;
        let mut backoff = Backoff::default();
        let mut fresh_news = false;
        loop {
            tokio::select! {
                _ = tokio::time::sleep(wait) => {}
                cmd = commands.recv() => {
                    if cmd.is_none() {
                        return; // the console is gone
                    }
                }
                Some(line) = news.recv() => {
                    memory.apply(&line, &mut Vec::new());
                    fresh_news = true;
                }
            }
            let now = clock.now_ms();
            match self.read(seen.tag.as_deref()).await {
                Ok(r) => {
                    backoff = Backoff::default();
                    wait = POLL;
                    let heard = std::mem::take(&mut fresh_news);
                    if let Some(s) = seen.take(r.snap, r.tag, heard, &memory) {
                        snaps.send_replace(s);
                    }
                    if lost(&status) {
                        back.notify_one();
                    }
                    self.connected(&status, seen.snap.at_ms(), r.controller)
                        .await;
                }
                Err(e) => {
                    wait = backoff.wait();
                    let retry = now + wait.as_millis() as i64;
                    let updated = status.borrow().updated_ms;
                    set(&status, updated, |l| {
                        l.lost_since_ms.get_or_insert(now);
                        l.error = Some(e);
                        l.retry_at_ms = Some(retry);
                        l.attempts += 1;
                    });
                }
            }
        }
    }

    /// The controller answered: the banner goes, and whether orders are taken is asked
    /// again after a loss (a restarted controller may have another config).
    async fn connected(
        &self,
        status: &watch::Sender<FeedStatus>,
        at_ms: Option<i64>,
        controller: Option<String>,
    ) {
        let (orders, orders_off) = if lost(status) {
            self.orders().await
        } else {
            current_orders(status)
        };
        set(status, at_ms, |l| {
            *l = LinkStatus {
                url: l.url.clone(),
                controller,
                orders,
                orders_off,
                ..LinkStatus::default()
            }
        });
    }

    /// Follows `/events`, resuming after the last id it saw; audit records go to `news`.
    async fn follow_events(self, news: mpsc::Sender<AuditLine>, back: Arc<Notify>) {
        let mut last_id: Option<String> = None;
        let mut backoff = Backoff::default();
        loop {
            match self.events_once(&mut last_id, &news).await {
                Ok(()) => backoff = Backoff::default(),
                Err(()) if news.is_closed() => return,
                Err(()) => {
                    tokio::select! {
                        _ = tokio::time::sleep(backoff.wait()) => {}
                        _ = back.notified() => backoff = Backoff::default(),
                    }
                }
            }
        }
    }

    /// One `/events` response, until it ends (`Ok`) or fails.
    async fn events_once(
        &self,
        last_id: &mut Option<String>,
        news: &mpsc::Sender<AuditLine>,
    ) -> Result<(), ()> {
        let mut req = self.streams.get(format!("{}/events", self.base));
        if let Some(id) = last_id.as_deref() {
            req = req.header("Last-Event-ID", id);
        }
        let mut r = req.send().await.map_err(|_| ())?;
        if !r.status().is_success() {
            return Err(());
        }
        let mut parser = super::sse::Parser::default();
        loop {
            let chunk = match r.chunk().await {
                Ok(Some(c)) => c,
                Ok(None) => return Ok(()),
                Err(_) => return Err(()),
            };
            for ev in parser.feed(&chunk) {
                if let Some(id) = ev.id {
                    *last_id = Some(id);
                }
                if ev.event == "audit" {
                    if let Some(line) = AuditLine::parse(ev.data.as_bytes()) {
                        if news.send(line).await.is_err() {
                            return Err(());
                        }
                    }
                }
            }
        }
    }
}

/// Where the reading task publishes.
struct Feeds {
    snaps: watch::Sender<Arc<Snapshot>>,
    status: watch::Sender<FeedStatus>,
    /// Told when the controller answers again after a loss.
    back: Arc<Notify>,
}

/// The last snapshot shown and `/context`'s entity tag for it.
struct Seen {
    snap: Arc<Snapshot>,
    tag: Option<String>,
}

impl Seen {
    /// Takes a read (`None`: the controller said 304) and whether audit records were
    /// heard since; the snapshot to show when either changed it. Another tag means
    /// other bytes: no deep comparison of a fleet's snapshot a second.
    fn take(
        &mut self,
        snap: Option<Snapshot>,
        tag: Option<String>,
        heard: bool,
        memory: &Memory,
    ) -> Option<Arc<Snapshot>> {
        let next = match snap {
            Some(s) => {
                self.tag = tag;
                s
            }
            None if heard => (*self.snap).clone(),
            None => return None,
        };
        self.snap = Arc::new(with_recent(next, memory));
        Some(self.snap.clone())
    }
}

/// The controller's snapshot with the audit records heard on `/events` as its recent
/// recovery history (the object carries them as text only).
fn with_recent(mut snap: Snapshot, memory: &Memory) -> Snapshot {
    if let Some(x) = &snap.executor {
        let mut x = (**x).clone();
        x.recent = memory.recent.clone();
        snap.executor = Some(Arc::new(x));
    }
    snap
}

fn lost(status: &watch::Sender<FeedStatus>) -> bool {
    status
        .borrow()
        .remote
        .as_ref()
        .is_some_and(|l| l.lost_since_ms.is_some())
}

fn current_orders(status: &watch::Sender<FeedStatus>) -> (bool, Option<String>) {
    let s = status.borrow();
    let l = s.remote.clone().unwrap_or_default();
    (l.orders, l.orders_off)
}

/// Changes the link's status and publishes it when it differs.
fn set(status: &watch::Sender<FeedStatus>, updated: Option<i64>, f: impl FnOnce(&mut LinkStatus)) {
    status.send_if_modified(|s| {
        let before = s.clone();
        f(s.remote.get_or_insert_with(LinkStatus::default));
        s.updated_ms = updated.or(s.updated_ms);
        *s != before
    });
}

/// 1 s, 2 s, 4 s … capped at [`BACKOFF_MAX`].
#[derive(Debug)]
pub struct Backoff(Duration);

impl Default for Backoff {
    fn default() -> Backoff {
        Backoff(Duration::from_secs(1))
    }
}

impl Backoff {
    pub fn wait(&mut self) -> Duration {
        let now = self.0;
        self.0 = (self.0 * 2).min(BACKOFF_MAX);
        now
    }
}

/// A response's body, at most [`BODY_CAP`] bytes within [`TIMEOUT`].
async fn body(r: reqwest::Response) -> Result<Vec<u8>, String> {
    let b = crate::base::http_body::read(r, BODY_CAP, TIMEOUT).await;
    match (b.error, b.cut) {
        (Some(why), _) => Err(why),
        (None, true) => Err(format!("an answer larger than {} MiB", BODY_CAP >> 20)),
        (None, false) => Ok(b.bytes),
    }
}

/// An HTTP failure in a few words (the URL is on the banner already).
fn reason(e: reqwest::Error) -> String {
    if e.is_timeout() {
        "no answer in 3 s".into()
    } else if e.is_connect() {
        "connection refused or unreachable".into()
    } else if e.is_decode() || e.is_body() {
        "the answer was cut off".into()
    } else {
        e.without_url().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_a_second_and_is_capped() {
        let mut b = Backoff::default();
        let secs: Vec<u64> = (0..8).map(|_| b.wait().as_secs()).collect();
        assert_eq!(secs, [1, 2, 4, 8, 16, 30, 30, 30]);
    }

    #[test]
    fn a_url_is_reduced_to_its_origin() {
        let l = Link::new("http://127.0.0.1:9464/context", None).unwrap();
        assert_eq!(l.base(), "http://127.0.0.1:9464");
        assert!(Link::new("ftp://x", None).is_err());
        assert!(Link::new("127.0.0.1:9464", None).is_err());
    }
}
