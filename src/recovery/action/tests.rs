use super::*;
use std::collections::BTreeMap;
use tokio::io::AsyncReadExt;

fn ctx() -> ActionContext {
    ActionContext {
        channel: "Gateway".into(),
        attempt: 2,
        reason: "OFFLINE".into(),
        ts: "2026-11-30T10:00:00.000Z".into(),
        client: crate::source::probe::http_client().unwrap(),
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
