//! One bounded HTTP exchange for the calls switchboard makes on its own initiative (the
//! completion probe, notification webhooks): the whole exchange — connect, send, headers
//! and body — within one total timeout, and at most `BODY_CAP` bytes of the body kept.
//! A server that trickles an endless body or never answers costs a bounded time and
//! memory, never a stuck task.

use std::time::{Duration, Instant};

/// Bodies are read up to this many bytes; the rest is never read.
pub const BODY_CAP: usize = 64 * 1024;

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
    let exchange = async {
        let mut resp = req
            .send()
            .await
            .map_err(|e| crate::source::probe::root_cause(&e))?;
        let status = resp.status();
        let mut body = Vec::new();
        while body.len() < BODY_CAP {
            match resp.chunk().await {
                Ok(Some(chunk)) => {
                    let room = BODY_CAP - body.len();
                    body.extend_from_slice(&chunk[..chunk.len().min(room)]);
                }
                Ok(None) => break,
                Err(e) => {
                    let why = crate::source::probe::root_cause(&e);
                    return Err(format!("reading body: {why}"));
                }
            }
        }
        Ok((status, body))
    };
    match tokio::time::timeout(timeout, exchange).await {
        Ok(Ok((status, body))) => Ok(Reply {
            status,
            body,
            latency_ms: start.elapsed().as_secs_f64() * 1000.0,
        }),
        Ok(Err(e)) => Err(e),
        Err(_) => Err(format!(
            "no complete answer within {}",
            humantime::format_duration(timeout)
        )),
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
        let client = crate::source::probe::http_client().expect("client");
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
        let client = crate::source::probe::http_client().expect("client");
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
