//! A loopback fake Prometheus for the fleet source: `/api/v1/query` answers each query
//! with what the test set for it (status and body), after an optional delay; a query it
//! was not told about gets a `bad_data` error, as a real one would for a typo.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

#[derive(Default)]
struct State {
    answers: HashMap<String, (u16, Arc<String>)>,
    delay: Duration,
    queries: u64,
}

pub struct FakeProm {
    pub addr: SocketAddr,
    state: Arc<Mutex<State>>,
    _stop: std::sync::mpsc::Sender<()>,
}

/// The instant-vector answer of series `(label value, value)`, labelled `instance`.
pub fn vector(series: &[(String, String)]) -> String {
    let mut out = String::from(r#"{"status":"success","data":{"resultType":"vector","result":["#);
    for (i, (instance, v)) in series.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&format!(
            r#"{{"metric":{{"__name__":"probe_success","instance":"{instance}","job":"blackbox","module":"http_2xx"}},"value":[1764000000.123,"{v}"]}}"#
        ));
    }
    out.push_str("]}}");
    out
}

/// `(name, value)` pairs from string slices.
pub fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
    p.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

pub const UP: &str = r#"probe_success{job="blackbox"}"#;
pub const LATENCY: &str = r#"probe_duration_seconds{job="blackbox"} * 1000"#;

impl FakeProm {
    pub fn start() -> FakeProm {
        let state = Arc::new(Mutex::new(State::default()));
        let shared = state.clone();
        let (addr, stop) = super::http::serve(move |sock| handle(sock, shared.clone()));
        FakeProm {
            addr,
            state,
            _stop: stop,
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Answers `query` with `status` and `body` from now on.
    pub fn answer(&self, query: &str, status: u16, body: String) {
        let mut s = self.state.lock().unwrap();
        s.answers
            .insert(query.to_string(), (status, Arc::new(body)));
    }

    /// Blackbox-like series: up and latency per instance.
    pub fn fleet(&self, up: &[(String, String)], latency: &[(String, String)]) {
        self.answer(UP, 200, vector(up));
        self.answer(LATENCY, 200, vector(latency));
    }

    /// Every answer waits this long first.
    pub fn delay(&self, d: Duration) {
        self.state.lock().unwrap().delay = d;
    }

    pub fn queries(&self) -> u64 {
        self.state.lock().unwrap().queries
    }

    /// A config with `[prometheus]` pointed here, and `extra` TOML after it.
    pub fn config(&self, extra: &str) -> String {
        let timeout = if extra.contains("timeout") {
            ""
        } else {
            "timeout = \"1s\"\n"
        };
        format!(
            "[poll]\ninterval = \"1s\"\n\n[prometheus]\nurl = \"{}\"\nchannel_label = \"instance\"\n\
             up_query = '{UP}'\nlatency_query = '{LATENCY}'\n{timeout}{extra}\n",
            self.url()
        )
    }
}

async fn handle(mut sock: TcpStream, state: Arc<Mutex<State>>) {
    let Some(req) = super::http::read_request(&mut sock).await else {
        return;
    };
    let path = req.split_whitespace().nth(1).unwrap_or("/").to_string();
    let query = path
        .strip_prefix("/api/v1/query?query=")
        .map(super::http::decode)
        .unwrap_or_default();
    let (answer, delay) = {
        let mut s = state.lock().unwrap();
        s.queries += 1;
        (s.answers.get(&query).cloned(), s.delay)
    };
    tokio::time::sleep(delay).await;
    let (status, body) = answer.unwrap_or_else(|| {
        let err = r#"{"status":"error","errorType":"bad_data","error":"1:1: parse error: unknown query"}"#;
        (400, Arc::new(err.to_string()))
    });
    let head = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = sock.write_all(head.as_bytes()).await;
    let _ = sock.write_all(body.as_bytes()).await;
    let _ = sock.shutdown().await;
}
