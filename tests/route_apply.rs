//! Writing the routing order to targets, against loopback fakes: a LiteLLM admin API
//! (model info, PATCH, its errors, a write it ignores), a proxy config rendered and
//! reloaded, a file and a webhook. Every failed step leaves the target as it was.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, patch, post};
use axum::Router;
use switchboard::config::{RouteTarget, TargetKind, TargetWrite};
use switchboard::route_apply::Adapter;

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Normal,
    NoDatabase,
    IgnoresWrites,
}

struct Proxy {
    /// (id, model group, order)
    deployments: Vec<(String, String, Option<u32>)>,
    mode: Mode,
    /// Where `write = "config"` puts the orders (`id=order` lines), read on every request.
    config: Option<std::path::PathBuf>,
    posts: Vec<String>,
}

type Shared = Arc<Mutex<Proxy>>;

fn authorized(h: &HeaderMap) -> bool {
    h.get("authorization").and_then(|v| v.to_str().ok()) == Some("Bearer sk-test")
}

async fn model_info(State(s): State<Shared>, h: HeaderMap) -> (StatusCode, String) {
    if !authorized(&h) {
        return (
            StatusCode::UNAUTHORIZED,
            r#"{"error":{"message":"Authentication Error"}}"#.into(),
        );
    }
    let mut p = s.lock().unwrap();
    if let Some(path) = p.config.clone() {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        for line in text.lines() {
            if let Some((id, n)) = line.split_once('=') {
                for d in p.deployments.iter_mut().filter(|d| d.0 == id.trim()) {
                    d.2 = n.trim().parse().ok();
                }
            }
        }
    }
    let data: Vec<_> = p
        .deployments
        .iter()
        .map(|(id, g, o)| serde_json::json!({"model_name": g, "litellm_params": {"model": "openai/x", "order": o}, "model_info": {"id": id}}))
        .collect();
    (
        StatusCode::OK,
        serde_json::json!({ "data": data }).to_string(),
    )
}

async fn update(
    State(s): State<Shared>,
    Path(id): Path<String>,
    h: HeaderMap,
    body: String,
) -> (StatusCode, String) {
    if !authorized(&h) {
        return (
            StatusCode::UNAUTHORIZED,
            r#"{"error":{"message":"Authentication Error"}}"#.into(),
        );
    }
    let mut p = s.lock().unwrap();
    match p.mode {
        Mode::NoDatabase => {
            return (StatusCode::INTERNAL_SERVER_ERROR, r#"{"error":{"message":"DB not connected. See https://docs.litellm.ai/docs/proxy/ui"}}"#.into())
        }
        Mode::IgnoresWrites => return (StatusCode::OK, "{}".into()),
        Mode::Normal => {}
    }
    let v: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
    let order = v["litellm_params"]["order"].as_u64().map(|o| o as u32);
    match p.deployments.iter_mut().find(|d| d.0 == id) {
        Some(d) => {
            d.2 = order;
            (StatusCode::OK, "{}".into())
        }
        None => (
            StatusCode::NOT_FOUND,
            r#"{"detail":"model not found"}"#.into(),
        ),
    }
}

async fn hook(State(s): State<Shared>, body: String) -> StatusCode {
    let mut p = s.lock().unwrap();
    p.posts.push(body);
    if p.mode == Mode::NoDatabase {
        StatusCode::BAD_GATEWAY
    } else {
        StatusCode::NO_CONTENT
    }
}

async fn start(mode: Mode, config: Option<std::path::PathBuf>) -> (String, Shared) {
    let state: Shared = Arc::new(Mutex::new(Proxy {
        deployments: vec![
            ("local-vllm".into(), "chat".into(), Some(2)),
            ("cloud-gpt".into(), "chat".into(), Some(1)),
            ("other".into(), "chat".into(), Some(3)),
            ("embed".into(), "embeddings".into(), Some(1)),
        ],
        mode,
        config,
        posts: Vec::new(),
    }));
    let app = Router::new()
        .route("/model/info", get(model_info))
        .route("/model/{id}/update", patch(update))
        .route("/hook", post(hook))
        .with_state(state.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, state)
}

fn names(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn litellm(url: &str, write: TargetWrite) -> RouteTarget {
    // Every test sets the same value, so tests running side by side never disagree.
    std::env::set_var("SB_TEST_LITELLM_KEY", "sk-test");
    RouteTarget {
        name: "proxy".into(),
        kind: TargetKind::Litellm {
            url: url.into(),
            admin_key_env: Some("SB_TEST_LITELLM_KEY".into()),
            model_group: "chat".into(),
            deployments: vec![
                ("Local".into(), "local-vllm".into()),
                ("Cloud".into(), "cloud-gpt".into()),
            ],
            write,
        },
    }
}

/// Moves the traffic from Cloud to Local, verified within `secs`.
async fn local_first(a: &Adapter, secs: u64) -> switchboard::route_apply::Outcome {
    let (to, from) = (names(&["Local", "Cloud"]), names(&["Cloud", "Local"]));
    a.apply(&to, &from, Duration::from_secs(secs)).await
}

fn client() -> reqwest::Client {
    switchboard::http_call::http_client().expect("client")
}

fn orders(s: &Shared) -> Vec<(String, Option<u32>)> {
    s.lock()
        .unwrap()
        .deployments
        .iter()
        .map(|d| (d.0.clone(), d.2))
        .collect()
}

#[tokio::test]
async fn the_admin_api_is_patched_read_back_and_unmapped_deployments_untouched() {
    let (url, state) = start(Mode::Normal, None).await;
    let a = Adapter::new(litellm(&url, TargetWrite::Api), client());
    assert_eq!(
        a.read(&[]).await.expect("reads"),
        names(&["Cloud", "Local"])
    );
    let out = local_first(&a, 5).await;
    assert_eq!(out.result, Ok(()), "{out:?}");
    assert!(out.verify_ms.is_some() && out.rollback.is_none());
    assert_eq!(
        a.read(&[]).await.expect("reads"),
        names(&["Local", "Cloud"])
    );
    let after = orders(&state);
    assert_eq!(
        after[2],
        ("other".into(), Some(3)),
        "an unmapped deployment is never touched"
    );
    assert_eq!(after[3], ("embed".into(), Some(1)), "nor another group's");
}

#[tokio::test]
async fn a_proxy_without_a_database_says_so_and_nothing_changes() {
    let (url, state) = start(Mode::NoDatabase, None).await;
    let before = orders(&state);
    let a = Adapter::new(litellm(&url, TargetWrite::Api), client());
    let out = local_first(&a, 2).await;
    let err = out.result.expect_err("refused").0;
    assert!(
        err.contains("500") && err.contains("DB not connected"),
        "{err}"
    );
    assert_eq!(orders(&state), before);
}

#[tokio::test]
async fn a_write_that_does_not_show_is_rolled_back() {
    let (url, state) = start(Mode::IgnoresWrites, None).await;
    let before = orders(&state);
    let a = Adapter::new(litellm(&url, TargetWrite::Api), client());
    let out = local_first(&a, 1).await;
    let err = out.result.expect_err("not verified").0;
    assert!(
        err.contains("not verified within 1s") && err.contains("local-vllm=2"),
        "{err}"
    );
    assert_eq!(out.rollback, Some(Ok(())));
    assert_eq!(orders(&state), before);
}

#[tokio::test]
async fn a_wrong_admin_key_is_an_error_with_the_proxys_words() {
    let (url, _) = start(Mode::Normal, None).await;
    let mut t = litellm(&url, TargetWrite::Api);
    if let TargetKind::Litellm { admin_key_env, .. } = &mut t.kind {
        *admin_key_env = Some("SB_TEST_UNSET_KEY_VARIABLE".into());
    }
    let err = Adapter::new(t, client())
        .read(&[])
        .await
        .expect_err("401")
        .0;
    assert!(
        err.contains("401") && err.contains("Authentication Error"),
        "{err}"
    );
}

#[tokio::test]
async fn the_config_is_rendered_reloaded_and_a_failing_reload_restores_it_byte_for_byte() {
    let dir = tempfile::tempdir().expect("tmp");
    let template = dir.path().join("litellm.in");
    let config = dir.path().join("litellm.cfg");
    std::fs::write(
        &template,
        "# written by switchboard\nlocal-vllm={{order:Local}}\ncloud-gpt={{order:Cloud}}\n",
    )
    .expect("template");
    let original = b"# hand-written\nlocal-vllm=2\ncloud-gpt=1\n".to_vec();
    std::fs::write(&config, &original).expect("config");
    let (url, _) = start(Mode::Normal, Some(config.clone())).await;
    let write = |reload: &[&str]| TargetWrite::Config {
        template: template.clone(),
        config: config.clone(),
        reload: names(reload),
    };
    let failing = Adapter::new(
        litellm(
            &url,
            write(&["sh", "-c", "echo 'config invalid' >&2; exit 3"]),
        ),
        client(),
    );
    let out = local_first(&failing, 2).await;
    let err = out.result.expect_err("reload failed").0;
    assert!(
        err.contains("exit status: 3") && err.contains("config invalid"),
        "{err}"
    );
    assert_eq!(
        std::fs::read(&config).expect("config"),
        original,
        "restored byte for byte"
    );

    let a = Adapter::new(litellm(&url, write(&["true"])), client());
    let out = local_first(&a, 5).await;
    assert_eq!(out.result, Ok(()), "{out:?}");
    assert_eq!(
        std::fs::read_to_string(&config).expect("config"),
        "# written by switchboard\nlocal-vllm=1\ncloud-gpt=2\n"
    );
}

#[tokio::test]
async fn a_file_target_is_written_atomically_and_read_back() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("routing.json");
    let t = RouteTarget {
        name: "gw-file".into(),
        kind: TargetKind::File {
            path: path.clone(),
            template: None,
        },
    };
    let a = Adapter::new(t, client());
    assert!(a.read(&[]).await.expect("reads").is_empty(), "no file yet");
    let out = a
        .apply(&names(&["Cloud", "Local"]), &[], Duration::from_secs(1))
        .await;
    assert_eq!(out.result, Ok(()));
    let doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).expect("file")).expect("json");
    assert_eq!(doc["primary"], "Cloud");
    assert_eq!(doc["fallback"], "Local");
    assert_eq!(
        a.read(&[]).await.expect("reads"),
        names(&["Cloud", "Local"])
    );
}

#[tokio::test]
async fn a_webhook_hears_the_order_and_a_non_2xx_is_a_failure() {
    for (mode, ok) in [(Mode::Normal, true), (Mode::NoDatabase, false)] {
        let (url, state) = start(mode, None).await;
        let t = RouteTarget {
            name: "edge".into(),
            kind: TargetKind::Webhook {
                url: format!("{url}/hook"),
            },
        };
        let out = Adapter::new(t, client())
            .apply(
                &names(&["Cloud", "Local"]),
                &names(&["Local", "Cloud"]),
                Duration::from_secs(1),
            )
            .await;
        assert_eq!(out.result.is_ok(), ok, "{out:?}");
        let posted: serde_json::Value =
            serde_json::from_str(&state.lock().unwrap().posts[0]).expect("json");
        assert_eq!(posted["event"], "routing");
        assert_eq!(posted["target"], "edge");
        assert_eq!(posted["primary"], "Cloud");
        assert_eq!(posted["previous"][0], "Local");
    }
}
