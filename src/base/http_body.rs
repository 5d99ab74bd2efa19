//! The one way an HTTP response body is read, by probes, webhook actions, the escalation
//! hook and anything new: at most [`CAP`] bytes and within a total time limit, then the
//! connection is dropped. A server that answers with an endless (or endlessly slow)
//! body must cost the daemon 64 KiB and a bounded wait, never gigabytes of memory.

use std::time::Duration;

use tokio::time::Instant;

/// Bytes of a body kept at most (what any answer the daemon reads needs, and more).
pub const CAP: usize = 64 * 1024;

/// What was read of a body.
#[derive(Debug, Default, PartialEq)]
pub struct Body {
    /// At most the cap's worth, from the start.
    pub bytes: Vec<u8>,
    /// More was sent than was kept.
    pub cut: bool,
    /// Why reading stopped before the end: the time limit, or the connection failed.
    pub error: Option<String>,
}

/// Reads `resp`'s body: up to `cap` bytes, for at most `limit` in all.
pub async fn read(mut resp: reqwest::Response, cap: usize, limit: Duration) -> Body {
    let deadline = Instant::now() + limit;
    let mut body = Body::default();
    loop {
        let chunk = match tokio::time::timeout_at(deadline, resp.chunk()).await {
            Err(_) => {
                body.error = Some(format!(
                    "body not read within {}",
                    humantime::format_duration(limit)
                ));
                break;
            }
            Ok(Err(e)) => {
                body.error = Some(root_cause(&e));
                break;
            }
            Ok(Ok(None)) => break,
            Ok(Ok(Some(chunk))) => chunk,
        };
        let room = cap - body.bytes.len();
        body.bytes
            .extend_from_slice(&chunk[..chunk.len().min(room)]);
        if chunk.len() >= room {
            // Full: the rest is not read; dropping the response closes the connection.
            body.cut = chunk.len() > room;
            break;
        }
    }
    body
}

/// The innermost cause of an error chain ("Connection refused", not "error sending request").
pub fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cur = e;
    let mut msg = e.to_string();
    while let Some(next) = cur.source() {
        cur = next;
        msg = next.to_string();
    }
    if let Some(i) = msg.find(" (os error") {
        msg.truncate(i);
    }
    msg
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// How the one-request server goes on after its headers.
    enum Then {
        /// `Content-Length` and the body.
        Once(&'static [u8]),
        /// A chunked body of this chunk, forever.
        Endless(&'static [u8]),
        /// Three bytes of a promised hundred, then silence.
        Stall,
    }

    async fn server(then: Then) -> String {
        let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = l.local_addr().unwrap();
        tokio::spawn(async move {
            let (mut s, _) = l.accept().await.unwrap();
            let mut buf = [0u8; 4096];
            let _ = s.read(&mut buf).await;
            let ok = "HTTP/1.1 200 OK\r\n";
            match then {
                Then::Once(body) => {
                    let head = format!("{ok}Content-Length: {}\r\n\r\n", body.len());
                    let _ = s.write_all(head.as_bytes()).await;
                    let _ = s.write_all(body).await;
                }
                Then::Endless(chunk) => {
                    let head = format!("{ok}Transfer-Encoding: chunked\r\n\r\n");
                    let _ = s.write_all(head.as_bytes()).await;
                    let text = String::from_utf8_lossy(chunk);
                    let chunk = format!("{:x}\r\n{text}\r\n", chunk.len());
                    while s.write_all(chunk.as_bytes()).await.is_ok() {}
                }
                Then::Stall => {
                    let head = format!("{ok}Content-Length: 100\r\n\r\nabc");
                    let _ = s.write_all(head.as_bytes()).await;
                    tokio::time::sleep(Duration::from_secs(30)).await;
                }
            }
        });
        format!("http://{addr}/")
    }

    /// A GET with the crypto provider installed, as the program's client does: a test
    /// run must not depend on another test having built that client first.
    async fn get(url: impl reqwest::IntoUrl) -> reqwest::Result<reqwest::Response> {
        let _ = rustls::crypto::ring::default_provider().install_default();
        reqwest::get(url).await
    }

    #[tokio::test]
    async fn an_endless_body_costs_the_cap_and_ends() {
        let url = server(Then::Endless(&[b'x'; 1000])).await;
        let resp = get(&url).await.unwrap();
        let started = std::time::Instant::now();
        let body = read(resp, CAP, Duration::from_secs(5)).await;
        assert_eq!(body.bytes.len(), CAP);
        assert!(body.cut);
        assert!(body.error.is_none());
        assert!(started.elapsed() < Duration::from_secs(5));
    }

    #[tokio::test]
    async fn a_slow_body_ends_at_the_time_limit() {
        let resp = get(server(Then::Stall).await).await.unwrap();
        let body = read(resp, CAP, Duration::from_millis(300)).await;
        assert_eq!(body.bytes, b"abc");
        assert!(body.error.unwrap().contains("not read within"));
    }

    #[tokio::test]
    async fn a_short_body_is_read_whole() {
        let url = server(Then::Once(b"{\"data\":[]}")).await;
        let resp = get(&url).await.unwrap();
        let body = read(resp, CAP, Duration::from_secs(5)).await;
        assert_eq!(body.bytes, b"{\"data\":[]}");
        assert!(!body.cut && body.error.is_none());
    }
}
