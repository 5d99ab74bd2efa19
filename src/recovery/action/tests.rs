use super::*;
use std::collections::BTreeMap;
use tokio::io::AsyncReadExt;

fn ctx() -> ActionContext {
    ActionContext {
        channel: "Gateway".into(),
        attempt: 2,
        reason: "OFFLINE".into(),
        ts: "2026-11-30T10:00:00.000Z".into(),
        client: crate::http_call::http_client().unwrap(),
        sim: None,
        secrets: Arc::new(vec!["s3cr3t-value".into()]),
    }
}

fn cmd(argv: &[&str], timeout_ms: u64) -> ActionConfig {
    ActionConfig {
        name: "restart".into(),
        kind: ActionKind::Command {
            argv: argv.iter().map(|s| s.to_string()).collect(),
        },
        timeout: Duration::from_millis(timeout_ms),
        env: Vec::new(),
    }
}

#[tokio::test]
async fn a_command_gets_its_context_and_its_output_is_kept() {
    let def = cmd(
        &["sh", "-c", "echo \"$SWITCHBOARD_CHANNEL $SWITCHBOARD_ACTION $SWITCHBOARD_ATTEMPT $SWITCHBOARD_REASON\"; echo oops >&2"],
        5000,
    );
    let out = run(&def, &ctx()).await;
    assert!(out.ok, "{out:?}");
    assert_eq!(out.exit_code, Some(0));
    assert!(
        out.output.contains("Gateway restart 2 OFFLINE"),
        "{}",
        out.output
    );
    assert!(out.output.contains("oops"));
    assert_eq!(out.error, None);
}

#[tokio::test]
async fn a_failing_command_says_how() {
    let out = run(&cmd(&["sh", "-c", "exit 3"], 5000), &ctx()).await;
    assert!(!out.ok);
    assert_eq!(out.exit_code, Some(3));
    assert_eq!(out.error.as_deref(), Some("exit 3"));
    let out = run(&cmd(&["/nonexistent/restart.sh"], 5000), &ctx()).await;
    assert!(!out.ok);
    assert!(out
        .error
        .unwrap()
        .starts_with("cannot run \"/nonexistent/restart.sh\""));
}

#[tokio::test]
async fn a_timeout_kills_the_whole_process_group() {
    let dir = tempfile::tempdir().unwrap();
    let marker = dir.path().join("grandchild-survived");
    let script = format!("(sleep 3; touch {}) & sleep 30", marker.display());
    let started = std::time::Instant::now();
    let out = run(&cmd(&["sh", "-c", &script], 300), &ctx()).await;
    assert!(out.timed_out && !out.ok, "{out:?}");
    assert!(out.error.unwrap().starts_with("timeout after"));
    assert!(started.elapsed() < Duration::from_secs(5));
    tokio::time::sleep(Duration::from_millis(3500)).await;
    assert!(!marker.exists(), "the grandchild outlived the timeout");
}

#[tokio::test]
async fn chatty_output_is_bounded_and_secrets_are_cut_out() {
    let def = cmd(
        &[
            "sh",
            "-c",
            "yes line | head -c 5000000; echo token=s3cr3t-value",
        ],
        10_000,
    );
    let out = run(&def, &ctx()).await;
    assert!(out.ok);
    assert!(out.output.len() <= OUTPUT_TAIL);
    assert!(out.output.ends_with("token=[redacted]"), "{}", out.output);
    assert_eq!(
        redact("a s3cr3t-value b", &["s3cr3t-value".into()]),
        "a [redacted] b"
    );
    assert_eq!(
        redact("abc", &["".into(), "ab".into()]),
        "abc",
        "too short to redact"
    );
}

/// A one-request HTTP server on loopback answering `status`; returns the request it got.
async fn one_shot_server(status: u16) -> (String, tokio::task::JoinHandle<String>) {
    use tokio::io::AsyncWriteExt;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hooks/T0KEN/abc", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        let (mut sock, _) = listener.accept().await.unwrap();
        let mut buf = vec![0u8; 8192];
        let mut got = Vec::new();
        loop {
            let n = sock.read(&mut buf).await.unwrap();
            got.extend_from_slice(&buf[..n]);
            let text = String::from_utf8_lossy(&got);
            if let Some(end) = text.find("\r\n\r\n") {
                let len = text
                    .lines()
                    .find_map(|l| {
                        l.to_ascii_lowercase()
                            .strip_prefix("content-length: ")
                            .map(|v| v.trim().parse::<usize>().unwrap())
                    })
                    .unwrap_or(0);
                if got.len() >= end + 4 + len {
                    break;
                }
            }
        }
        let reply =
            format!("HTTP/1.1 {status} X\r\ncontent-length: 2\r\nconnection: close\r\n\r\nno");
        sock.write_all(reply.as_bytes()).await.unwrap();
        String::from_utf8_lossy(&got).to_string()
    });
    (url, task)
}

#[tokio::test]
async fn a_webhook_posts_the_decision_with_headers_from_the_environment() {
    std::env::set_var("SWITCHBOARD_TEST_HOOK_AUTH", "Bearer s3cr3t-value");
    let (url, server) = one_shot_server(200).await;
    let def = ActionConfig {
        name: "page".into(),
        kind: ActionKind::Webhook {
            url: url.clone(),
            headers: BTreeMap::from([(
                "Authorization".into(),
                "SWITCHBOARD_TEST_HOOK_AUTH".into(),
            )]),
        },
        timeout: Duration::from_secs(5),
        env: Vec::new(),
    };
    let out = run(&def, &ctx()).await;
    assert!(out.ok, "{out:?}");
    assert_eq!(out.status, Some(200));
    let request = server.await.unwrap();
    assert!(request.starts_with("POST /hooks/T0KEN/abc"));
    assert!(request.contains("authorization: Bearer s3cr3t-value"));
    assert!(request.contains("\"channel\":\"Gateway\"") && request.contains("\"action\":\"page\""));
    assert_eq!(
        webhook_target(&url).split("/hooks").count(),
        1,
        "the path is never shown"
    );

    let (url, _server) = one_shot_server(500).await;
    let def = ActionConfig {
        kind: ActionKind::Webhook {
            url,
            headers: BTreeMap::from([("X-Key".into(), "SWITCHBOARD_TEST_UNSET_VAR".into())]),
        },
        ..def
    };
    let out = run(&def, &ctx()).await;
    assert!(!out.ok);
    assert_eq!(
        out.error.as_deref(),
        Some("header X-Key: environment variable SWITCHBOARD_TEST_UNSET_VAR is not set")
    );
}

#[tokio::test(start_paused = true)]
async fn the_demo_restart_ends_the_simulated_incident() {
    let sim = Arc::new(SimState::default());
    let def = ActionConfig {
        name: "restart".into(),
        kind: ActionKind::SimulatedRestart,
        timeout: Duration::from_secs(5),
        env: Vec::new(),
    };
    let out = run(
        &def,
        &ActionContext {
            sim: Some(sim.clone()),
            ..ctx()
        },
    )
    .await;
    assert!(out.ok);
    assert_eq!(sim.restarted_at(42), Some(42));
    let out = run(&def, &ctx()).await;
    assert_eq!(out.error.as_deref(), Some("not a simulated channel"));
}

/// No 8-character piece of `secret` appears in `text`.
fn leaks(text: &str, secret: &str) -> Option<String> {
    (0..=secret.len() - 8)
        .map(|i| &secret[i..i + 8])
        .find(|w| text.contains(w))
        .map(str::to_string)
}

#[tokio::test]
async fn a_secret_is_redacted_before_the_output_is_cut() {
    let secret = "KEY-1234567890abcdef";
    let script = format!("printf '%0500d' 0; printf {secret}; printf '%0390d' 0");
    let c = ActionContext {
        secrets: Arc::new(vec![secret.to_string()]),
        ..ctx()
    };
    let out = run(&cmd(&["sh", "-c", &script], 5000), &c).await;
    assert!(out.ok, "{out:?}");
    assert!(out.output.len() <= OUTPUT_TAIL);
    assert_eq!(leaks(&out.output, secret), None, "{}", out.output);
    // A read bound that cut a secret at either end of the text leaves no piece of it.
    let secrets = [secret.to_string()];
    assert_eq!(redact("567890abcdef tail", &secrets), "[redacted] tail");
    assert_eq!(redact("head KEY-12345678", &secrets), "head [redacted]");
    assert_eq!(redact("cdef", &secrets), "[redacted]");
    assert_eq!(redact("abc", &secrets), "abc", "too short a piece to tell");
}

#[tokio::test]
async fn a_command_gets_a_cleared_environment_plus_the_names_it_lists() {
    std::env::set_var("H19_TEST_CHANNEL_API_KEY", "sk-live-abcdef123456");
    std::env::set_var("H19_TEST_DEPLOY_TOKEN", "deploy-ok");
    let mut def = cmd(&["sh", "-c", "env"], 5000);
    def.env = vec!["H19_TEST_DEPLOY_TOKEN".into()];
    let out = run(&def, &ctx()).await;
    assert!(out.ok, "{out:?}");
    assert!(!out.output.contains("sk-live"), "{}", out.output);
    assert!(out.output.contains("H19_TEST_DEPLOY_TOKEN=deploy-ok"));
    assert!(out.output.contains("SWITCHBOARD_CHANNEL=Gateway"));
}

#[tokio::test]
async fn output_written_before_a_background_child_is_kept() {
    let def = cmd(&["sh", "-c", "echo started the daemon; sleep 5 &"], 5000);
    let out = run(&def, &ctx()).await;
    assert!(out.ok, "{out:?}");
    assert_eq!(out.output, "started the daemon");
}

#[tokio::test]
async fn an_endless_webhook_answer_costs_a_bounded_read() {
    use tokio::io::AsyncWriteExt;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let (mut sock, _) = listener.accept().await.unwrap();
        let mut buf = vec![0u8; 8192];
        let _ = sock.read(&mut buf).await;
        let head = "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n";
        let _ = sock.write_all(head.as_bytes()).await;
        let chunk = format!("2000\r\n{}\r\n", "y".repeat(0x2000));
        while sock.write_all(chunk.as_bytes()).await.is_ok() {}
    });
    let def = ActionConfig {
        name: "page".into(),
        kind: ActionKind::Webhook {
            url,
            headers: BTreeMap::new(),
        },
        timeout: Duration::from_secs(20),
        env: Vec::new(),
    };
    let started = std::time::Instant::now();
    let out = run(&def, &ctx()).await;
    assert!(out.ok, "{out:?}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert!(out.output.len() <= OUTPUT_TAIL);
}
