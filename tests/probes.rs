//! Every probe kind against real loopback servers, commands and listeners.

mod common;

use std::time::{Duration, Instant};

use common::http::TestServer;
use switchboard::config::Config;
use switchboard::http_call::http_client;
use switchboard::source::probe::{self, ProbeOutcome};

/// Probes one channel described by TOML lines (name and timeout are added).
async fn probe_with(body: &str, timeout: &str) -> ProbeOutcome {
    let toml = format!("[[channel]]\nname = \"T\"\ntimeout = \"{timeout}\"\n{body}\n");
    let cfg = Config::parse("test.toml", &toml).unwrap_or_else(|e| panic!("{e}"));
    let ch = &cfg.channels[0];
    let client = http_client().expect("client");
    let (p, _) = switchboard::source::kinds::for_channel(ch, &client);
    probe::run_bounded(p.as_ref(), 0, ch.timeout).await
}

async fn http(server: &TestServer, path: &str) -> ProbeOutcome {
    probe_with(
        &format!("probe = \"http\"\nurl = \"{}\"", server.url(path)),
        "1s",
    )
    .await
}

#[tokio::test]
async fn http_healthy_and_errors() {
    let s = TestServer::start();
    let o = http(&s, "/ok").await;
    assert!(o.ok, "{o:?}");
    assert_eq!(o.status, Some(200));
    assert!(o.latency_ms > 0.0 && o.latency_ms < 1000.0);

    let o = http(&s, "/500").await;
    assert!(!o.ok);
    assert_eq!(o.status, Some(500));
    assert!(o.error.as_deref().unwrap().starts_with("HTTP 500"), "{o:?}");

    let o = http(&s, "/missing").await;
    assert!(o.error.as_deref().unwrap().contains("HTTP 404"), "{o:?}");
}

#[tokio::test]
async fn slow_and_hanging_servers_time_out_on_time() {
    let s = TestServer::start();
    for path in ["/slow", "/hang"] {
        let start = Instant::now();
        let o = http(&s, path).await;
        let took = start.elapsed();
        assert!(!o.ok, "{path}");
        assert_eq!(o.error.as_deref(), Some("timeout after 1s"), "{path}");
        assert!(took < Duration::from_millis(1500), "{path} took {took:?}");
    }
}

#[tokio::test]
async fn connection_reset_and_refused_are_failures_with_reasons() {
    let s = TestServer::start();
    let o = http(&s, "/reset").await;
    assert!(!o.ok);
    assert!(!o.error.as_deref().unwrap_or("").is_empty(), "{o:?}");

    // A port nobody listens on.
    let free = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let o = probe_with(&format!("probe = \"http\"\nurl = \"http://{free}/\""), "1s").await;
    assert!(!o.ok);
    assert!(
        o.error
            .as_deref()
            .unwrap()
            .to_lowercase()
            .contains("refused"),
        "{o:?}"
    );
}

#[tokio::test]
async fn huge_body_is_capped_not_downloaded() {
    let s = TestServer::start();
    let start = Instant::now();
    let o = http(&s, "/huge").await;
    assert!(o.ok, "{o:?}");
    assert!(
        start.elapsed() < Duration::from_millis(900),
        "read only the first {} bytes",
        probe::BODY_CAP
    );
}

#[tokio::test]
async fn openai_models_with_and_without_a_valid_key() {
    let s = TestServer::start();
    let base = format!("http://{}", s.addr);
    std::env::set_var("SWB_TEST_GOOD_KEY", "secret");
    std::env::set_var("SWB_TEST_BAD_KEY", "wrong");
    let good = probe_with(
        &format!("probe = \"openai\"\nurl = \"{base}\"\napi_key_env = \"SWB_TEST_GOOD_KEY\""),
        "1s",
    )
    .await;
    assert!(good.ok, "{good:?}");

    let bad = probe_with(
        &format!("probe = \"openai\"\nurl = \"{base}\"\napi_key_env = \"SWB_TEST_BAD_KEY\""),
        "1s",
    )
    .await;
    assert!(!bad.ok);
    let msg = bad.error.unwrap();
    assert!(
        msg.contains("HTTP 401") && msg.contains("SWB_TEST_BAD_KEY"),
        "{msg}"
    );
    assert!(
        !msg.contains("wrong"),
        "the key value must never appear: {msg}"
    );

    let none = probe_with(&format!("probe = \"openai\"\nurl = \"{base}\""), "1s").await;
    assert!(none.error.unwrap().contains("set api_key_env"));

    let unset = probe_with(
        &format!("probe = \"openai\"\nurl = \"{base}\"\napi_key_env = \"SWB_TEST_UNSET_KEY\""),
        "1s",
    )
    .await;
    assert_eq!(
        unset.error.as_deref(),
        Some("environment variable SWB_TEST_UNSET_KEY is not set")
    );

    let open = probe_with(&format!("probe = \"openai\"\nurl = \"{base}/open\""), "1s").await;
    assert!(open.ok, "{open:?}");
    let html = probe_with(&format!("probe = \"openai\"\nurl = \"{base}/html\""), "1s").await;
    assert!(html.error.unwrap().contains("no \"data\" field"));
}

#[tokio::test]
async fn ollama_tags() {
    let s = TestServer::start();
    let o = probe_with(
        &format!("probe = \"ollama\"\nurl = \"http://{}\"", s.addr),
        "1s",
    )
    .await;
    assert!(o.ok, "{o:?}");
}

#[tokio::test]
async fn tcp_connect() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let o = probe_with(&format!("probe = \"tcp\"\naddress = \"{addr}\""), "1s").await;
    assert!(o.ok, "{o:?}");
    drop(listener);
    let o = probe_with(&format!("probe = \"tcp\"\naddress = \"{addr}\""), "1s").await;
    assert!(!o.ok);
    assert!(o.error.unwrap().starts_with(&format!("connect {addr}:")));
}

#[tokio::test]
async fn command_exit_codes_and_timeouts() {
    let o = probe_with("probe = \"command\"\ncommand = [\"true\"]", "1s").await;
    assert!(o.ok, "{o:?}");
    let o = probe_with("probe = \"command\"\ncommand = [\"false\"]", "1s").await;
    assert_eq!(o.error.as_deref(), Some("exit code 1"));
    let o = probe_with(
        "probe = \"command\"\ncommand = [\"sh\", \"-c\", \"echo worker down >&2; exit 3\"]",
        "1s",
    )
    .await;
    assert_eq!(o.error.as_deref(), Some("exit code 3: worker down"));
    let start = Instant::now();
    let o = probe_with("probe = \"command\"\ncommand = [\"sleep\", \"5\"]", "300ms").await;
    assert_eq!(o.error.as_deref(), Some("timeout after 300ms"));
    assert!(start.elapsed() < Duration::from_secs(2));
    let o = probe_with(
        "probe = \"command\"\ncommand = [\"/nonexistent/prog\"]",
        "1s",
    )
    .await;
    assert!(o
        .error
        .unwrap()
        .starts_with("cannot run /nonexistent/prog: No such file"));
}

/// True while `pid` names a live process (a zombie awaiting its reaper counts as gone).
#[cfg(unix)]
fn alive(pid: i32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => !stat
            .rsplit(')')
            .next()
            .is_some_and(|rest| rest.trim_start().starts_with('Z')),
        // No /proc (not Linux): ask the kernel. SAFETY: signal 0 only checks existence.
        Err(_) => (unsafe { libc::kill(pid, 0) }) == 0,
    }
}

#[cfg(unix)]
#[tokio::test]
async fn a_timed_out_command_takes_its_whole_process_group_with_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pidfile = dir.path().join("pid");
    // The shell forks a sleeper and waits: killing only the shell would orphan it.
    let script = format!("sleep 300 & echo $! > {}; wait", pidfile.display());
    let body = format!("probe = \"command\"\ncommand = [\"sh\", \"-c\", {script:?}]");
    let o = probe_with(&body, "500ms").await;
    assert_eq!(o.error.as_deref(), Some("timeout after 500ms"));
    let pid: i32 = std::fs::read_to_string(&pidfile)
        .expect("the script wrote its child's pid")
        .trim()
        .parse()
        .expect("a pid");
    // Generous: the kill is immediate; this only waits for the reaper.
    let deadline = Instant::now() + Duration::from_secs(10);
    while alive(pid) && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(!alive(pid), "the grandchild {pid} outlived the probe");
}

#[tokio::test]
async fn a_chatty_command_is_read_with_a_bound() {
    // 8 MiB on stderr: the probe keeps the first line (cut to 200 characters) and drains
    // the rest instead of collecting it all.
    let o = probe_with(
        "probe = \"command\"\ncommand = [\"sh\", \"-c\", \"head -c 8388608 /dev/zero | tr '\\\\0' x >&2; exit 4\"]",
        "5s",
    )
    .await;
    let e = o.error.expect("failed");
    assert!(e.starts_with("exit code 4: xxxx"), "{e}");
    assert_eq!(e.chars().count(), "exit code 4: ".len() + 200);
}

#[cfg(unix)]
#[tokio::test]
async fn a_leftover_holding_stderr_does_not_hold_the_result() {
    let o = probe_with(
        "probe = \"command\"\ncommand = [\"sh\", \"-c\", \"sleep 30 & exit 0\"]",
        "5s",
    )
    .await;
    assert!(o.ok, "{o:?}");
}

/// A channel watched through Prometheus: the query's one value is its latency; no data
/// or a query error is a failed probe that says why.
#[tokio::test]
async fn prometheus_query_value_is_the_latency_and_no_data_is_a_failure() {
    let s = TestServer::start();
    std::env::set_var("SWB_TEST_PROM_KEY", "secret");
    let base = s.url("/prom");
    let prom = |query: &str, key: bool| {
        let key = if key {
            "\napi_key_env = \"SWB_TEST_PROM_KEY\""
        } else {
            ""
        };
        format!("probe = \"prometheus\"\nurl = \"{base}\"\nquery = '{query}'{key}")
    };
    let query = r#"avg(llm_latency_ms{job="gw"})"#;
    let o = probe_with(&prom(query, true), "1s").await;
    assert!(o.ok, "{o:?}");
    assert_eq!(o.latency_ms, 231.5, "the query's value, not the HTTP time");

    let o = probe_with(&prom(query, false), "1s").await;
    assert!(!o.ok);
    assert_eq!(o.status, Some(401));

    let o = probe_with(&prom("absent_metric", true), "1s").await;
    assert_eq!(
        o.error.as_deref(),
        Some("the query returned no data"),
        "{o:?}"
    );

    let o = probe_with(&prom("rate(x[", true), "1s").await;
    let e = o.error.unwrap_or_default();
    assert!(e.contains("query failed: parse error"), "{e}");
}

#[test]
fn a_prometheus_probe_needs_a_query_and_only_it_takes_one() {
    let err = |body: &str| {
        let toml = format!("[[channel]]\nname = \"T\"\n{body}\n");
        Config::parse("t.toml", &toml).unwrap_err().to_string()
    };
    let e = err("probe = \"prometheus\"\nurl = \"http://127.0.0.1:9090\"");
    assert!(e.contains("probe = \"prometheus\" needs `query`"), "{e}");
    let e = err("probe = \"http\"\nurl = \"http://127.0.0.1:9090\"\nquery = \"up\"");
    assert!(e.contains("`query` is not used by probe = \"http\""), "{e}");
    let e = err("probe = \"prometheus\"\nurl = \"http://127.0.0.1:9090\"\nquery = \"  \"");
    assert!(e.contains("PromQL expression"), "{e}");
}

/// The proxy answers `/v1/models` while a model's backend is dead: only `model` (listed)
/// and `check = "completion"` (a one-token completion) tell the two apart.
#[tokio::test]
async fn openai_model_and_completion_prove_the_model_not_only_the_proxy() {
    let s = TestServer::start();
    let base = s.url("/llm");
    let openai = |extra: &str| format!("probe = \"openai\"\nurl = \"{base}\"\n{extra}");
    let o = probe_with(&openai(""), "2s").await;
    assert!(o.ok, "the proxy alone looks fine: {o:?}");
    let o = probe_with(&openai("model = \"llama-3-8b\""), "2s").await;
    assert!(o.ok, "{o:?}");
    let o = probe_with(&openai("model = \"gpt-9\""), "2s").await;
    assert_eq!(
        o.error.as_deref(),
        Some("model \"gpt-9\" is not listed by /v1/models")
    );
    let o = probe_with(
        &openai("model = \"llama-3-8b\"\ncheck = \"completion\""),
        "2s",
    )
    .await;
    assert!(o.ok, "{o:?}");
    let o = probe_with(
        &openai("model = \"dead-model\"\ncheck = \"completion\""),
        "2s",
    )
    .await;
    assert!(!o.ok && o.status == Some(500), "{o:?}");
    let why = o.error.unwrap_or_default();
    assert!(
        why.starts_with("HTTP 500") && why.contains("APIConnectionError"),
        "{why}"
    );
    let e = Config::parse("t.toml", "[[channel]]\nname = \"G\"\nprobe = \"openai\"\nurl = \"http://x\"\ncheck = \"completion\"\n")
        .expect_err("completion needs a model");
    assert!(
        e.to_string()
            .contains("check = \"completion\" needs `model`"),
        "{e}"
    );
    let e = Config::parse(
        "t.toml",
        "[[channel]]\nname = \"G\"\nprobe = \"http\"\nurl = \"http://x\"\nmodel = \"m\"\n",
    )
    .expect_err("model is for openai");
    assert!(
        e.to_string()
            .contains("`model` is not used by probe = \"http\""),
        "{e}"
    );
}
