//! A loopback HTTP server for probe tests, on 127.0.0.1 with an OS-chosen port.
//! Behaviour by path: /ok, /slow, /500, /hang, /reset, /huge, /v1/models (bearer
//! `secret`), /api/tags, /html/v1/models (wrong API), /flag/<file> (200 while the file
//! exists, else 503: a service a test takes down and a restart script brings back),
//! /noise (every 12th request fails), /prom/api/v1/query (a Prometheus: the query
//! `avg(llm_latency_ms{job="gw"})` answers 231.5 with bearer `secret`, `absent_metric`
//! answers no data, anything else a bad_data error).

use std::net::SocketAddr;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

pub struct TestServer {
    pub addr: SocketAddr,
    _stop: std::sync::mpsc::Sender<()>,
}

impl TestServer {
    /// Starts on a background thread with its own runtime (works from sync and async tests).
    pub fn start() -> TestServer {
        let (addr, stop) = serve(handle);
        TestServer { addr, _stop: stop }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }
}

/// Serves each connection with `handle` on a loopback port, from a thread with its own
/// runtime, until the returned sender is dropped.
pub fn serve<F, Fut>(handle: F) -> (SocketAddr, std::sync::mpsc::Sender<()>)
where
    F: Fn(TcpStream) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let (addr_tx, addr_rx) = std::sync::mpsc::channel();
    let (stop_tx, stop_rx) = std::sync::mpsc::channel::<()>();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("rt");
        rt.block_on(async move {
            let listener = TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind loopback");
            addr_tx
                .send(listener.local_addr().expect("addr"))
                .expect("send addr");
            loop {
                if matches!(
                    stop_rx.try_recv(),
                    Err(std::sync::mpsc::TryRecvError::Disconnected)
                ) {
                    return;
                }
                if let Ok(Ok((sock, _))) =
                    tokio::time::timeout(Duration::from_millis(100), listener.accept()).await
                {
                    tokio::spawn(handle(sock));
                }
            }
        });
    });
    (addr_rx.recv().expect("server started"), stop_tx)
}

async fn handle(mut sock: TcpStream) {
    let Some(req) = read_request(&mut sock).await else {
        return;
    };
    let path = req.split_whitespace().nth(1).unwrap_or("/").to_string();
    if let Some(rest) = path.strip_prefix("/llm") {
        return llm(&mut sock, rest, &req).await;
    }
    let authorized = req
        .lines()
        .any(|l| l.eq_ignore_ascii_case("authorization: bearer secret"));
    if let Some(query) = path.strip_prefix("/prom/api/v1/query?query=") {
        return prometheus(&mut sock, &decode(query), authorized).await;
    }
    if let Some(file) = path.strip_prefix("/flag") {
        return if std::path::Path::new(file).exists() {
            reply(&mut sock, 200, "up").await
        } else {
            reply(&mut sock, 503, "No connected db.").await
        };
    }
    match path.as_str() {
        "/ok" => reply(&mut sock, 200, "ok").await,
        "/noise" => {
            static N: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
            if N.fetch_add(1, std::sync::atomic::Ordering::SeqCst) % 12 == 11 {
                reply(&mut sock, 503, "blip").await
            } else {
                reply(&mut sock, 200, "ok").await
            }
        }
        "/500" => reply(&mut sock, 500, "boom").await,
        "/slow" => {
            tokio::time::sleep(Duration::from_secs(3)).await;
            reply(&mut sock, 200, "late").await
        }
        "/hang" => tokio::time::sleep(Duration::from_secs(3600)).await,
        "/reset" => {
            let _ = sock.set_zero_linger();
            drop(sock);
        }
        "/huge" => {
            let head = format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n", 20 << 20);
            let _ = sock.write_all(head.as_bytes()).await;
            let block = vec![b'x'; 1 << 16];
            for _ in 0..320 {
                if sock.write_all(&block).await.is_err() {
                    return;
                }
            }
        }
        "/v1/models" if authorized => {
            reply(
                &mut sock,
                200,
                r#"{"object":"list","data":[{"id":"llama-3-8b","object":"model"}]}"#,
            )
            .await
        }
        "/v1/models" => reply(&mut sock, 401, r#"{"error":"invalid api key"}"#).await,
        "/open/v1/models" => reply(&mut sock, 200, r#"{"object":"list","data":[]}"#).await,
        "/api/tags" => reply(&mut sock, 200, r#"{"models":[{"name":"llama3:8b"}]}"#).await,
        "/html/v1/models" => reply(&mut sock, 200, "<html>welcome</html>").await,
        _ => reply(&mut sock, 404, "not found").await,
    }
}

/// An OpenAI-compatible proxy (LiteLLM-like) in front of two models: `llama-3-8b`
/// answers, `dead-model` is listed but its backend is down (the proxy says 500). POSTs
/// to `/llm/hook/<file>` (a notification webhook) are appended to that file.
async fn llm(sock: &mut TcpStream, path: &str, req: &str) {
    let body = req.split_once("\r\n\r\n").map_or("", |(_, b)| b);
    match path {
        "/v1/models" => {
            let list = r#"{"object":"list","data":[{"id":"llama-3-8b"},{"id":"dead-model"}]}"#;
            reply(sock, 200, list).await
        }
        "/v1/chat/completions"
            if body.contains("\"max_tokens\":1") && body.contains("llama-3-8b") =>
        {
            let answer = r#"{"id":"c1","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"p"},"finish_reason":"length"}]}"#;
            reply(sock, 200, answer).await
        }
        "/v1/chat/completions" => {
            let err = r#"{"error":{"message":"litellm.APIConnectionError: connection refused","code":"500"}}"#;
            reply(sock, 500, err).await
        }
        p if p.starts_with("/hook/") => {
            use std::io::Write;
            let file = &p["/hook".len()..];
            if let Ok(mut out) = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(file)
            {
                let _ = writeln!(out, "{body}");
            }
            reply(sock, 200, "ok").await
        }
        _ => reply(sock, 404, "not found").await,
    }
}

async fn prometheus(sock: &mut TcpStream, query: &str, authorized: bool) {
    let vector = |result: &str| {
        format!(r#"{{"status":"success","data":{{"resultType":"vector","result":[{result}]}}}}"#)
    };
    match query {
        r#"avg(llm_latency_ms{job="gw"})"# if authorized => {
            let one = r#"{"metric":{},"value":[1764000000.5,"231.5"]}"#;
            reply(sock, 200, &vector(one)).await
        }
        r#"avg(llm_latency_ms{job="gw"})"# => reply(sock, 401, "Unauthorized").await,
        "absent_metric" => reply(sock, 200, &vector("")).await,
        _ => {
            let err =
                r#"{"status":"error","errorType":"bad_data","error":"parse error: unknown query"}"#;
            reply(sock, 400, err).await
        }
    }
}

/// A request's head and body (bounded by its Content-Length, at most 1 MiB); `None`
/// when the client closed before the head ended.
pub async fn read_request(sock: &mut TcpStream) -> Option<String> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        match sock.read(&mut chunk).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    let head_len = buf.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or(0) + 4;
    let length = String::from_utf8_lossy(&buf[..head_len])
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse::<usize>().ok())
                .flatten()
        })
        .unwrap_or(0)
        .min(1 << 20);
    while buf.len() < head_len + length {
        match sock.read(&mut chunk).await {
            Ok(0) | Err(_) => break,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    Some(String::from_utf8_lossy(&buf).to_string())
}

/// Percent-decoding of a query-string value (`+` is a space).
pub fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => {
                let hex = std::str::from_utf8(&b[i + 1..i + 3]).unwrap_or("");
                out.push(u8::from_str_radix(hex, 16).unwrap_or(b'?'));
                i += 2;
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

async fn reply(sock: &mut TcpStream, status: u16, body: &str) {
    let text = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = sock.write_all(text.as_bytes()).await;
    let _ = sock.shutdown().await;
}
