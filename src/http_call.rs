//! One bounded HTTP exchange for the calls switchboard makes on its own initiative (the
//! completion probe, notification webhooks): sending and the headers within the total
//! timeout, then the body through the one bounded reader (`base::http_body`) within
//! what is left of it. A server that trickles an endless body or never answers costs a
//! bounded time and memory, never a stuck task.

use std::time::{Duration, Instant};

use crate::base::http_body::root_cause;

/// Bodies are read up to this many bytes; the rest is never read.
pub const BODY_CAP: usize = crate::base::http_body::CAP;

/// What came back.
#[derive(Debug)]
pub struct Reply {
    pub status: reqwest::StatusCode,
    /// At most `BODY_CAP` bytes.
    pub body: Vec<u8>,
    /// From sending to the end of the (capped) body.
    pub latency_ms: f64,
}

/// Sends `req` and reads its reply within `timeout` in all; `Err` says why not, in a
/// few words (the request's URL is not quoted: it may carry credentials).
pub async fn send(req: reqwest::RequestBuilder, timeout: Duration) -> Result<Reply, String> {
    let start = Instant::now();
    let no_answer = || {
        format!(
            "no complete answer within {}",
            humantime::format_duration(timeout)
        )
    };
    let resp = match tokio::time::timeout(timeout, req.send()).await {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => return Err(root_cause(&e)),
        Err(_) => return Err(no_answer()),
    };
    let status = resp.status();
    let left = timeout.saturating_sub(start.elapsed());
    let body = crate::base::http_body::read(resp, BODY_CAP, left).await;
    if let Some(why) = body.error {
        return Err(if why.starts_with("body not read within") {
            no_answer()
        } else {
            format!("reading body: {why}")
        });
    }
    Ok(Reply {
        status,
        body: body.bytes,
        latency_ms: start.elapsed().as_secs_f64() * 1000.0,
    })
}

/// The shared HTTP client: rustls with the ring provider, no redirects followed.
pub fn http_client() -> Result<reqwest::Client, String> {
    // Installing twice is harmless: the first provider stays.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("switchboard/", env!("CARGO_PKG_VERSION")))
        .pool_idle_timeout(Duration::from_secs(30))
        .tcp_nodelay(true)
        .build()
        .map_err(|e| format!("cannot build the HTTP client: {}", root_cause(&e)))
}

/// Where a webhook goes, without the path or query (which may hold a token).
pub fn webhook_target(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(u) => format!("{}://{}/…", u.scheme(), u.host_str().unwrap_or("?")),
        Err(_) => "webhook".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// A server that sends headers and then an endless body: the reply is cut at the cap
    /// and the exchange still ends.
    #[tokio::test]
    async fn an_endless_body_is_cut_at_the_cap() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            let (mut s, _) = listener.accept().await.unwrap();
            let mut buf = [0u8; 1024];
            let _ = s.read(&mut buf).await;
            let _ = s
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n")
                .await;
            let chunk = vec![b'x'; 8192];
            while s.write_all(&chunk).await.is_ok() {}
        });
        let client = http_client().expect("client");
        let r = send(
            client.get(format!("http://{addr}/")),
            Duration::from_secs(5),
        )
        .await
        .expect("answered");
        assert_eq!(r.body.len(), BODY_CAP);
    }

    /// A server that accepts and never answers costs the timeout, no more.
    #[tokio::test]
    async fn silence_is_bounded_by_the_total_timeout() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            let (_s, _) = listener.accept().await.unwrap();
            tokio::time::sleep(Duration::from_secs(30)).await;
        });
        let client = http_client().expect("client");
        let started = Instant::now();
        let e = send(
            client.get(format!("http://{addr}/")),
            Duration::from_millis(300),
        )
        .await
        .expect_err("silent");
        assert!(e.starts_with("no complete answer within"), "{e}");
        assert!(started.elapsed() < Duration::from_secs(3));
    }
}
