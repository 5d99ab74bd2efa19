//! Writing the routing order to targets, against loopback fakes: a LiteLLM admin API
//! (model info, PATCH, its errors, a write it ignores), a proxy config rendered and
//! reloaded, a file and a webhook. Every failed step leaves the target as it was.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, patch, post};
use axum::Router;
use common::daemon::daemon;
use switchboard::app;
use switchboard::config::{Config, RouteTarget, TargetKind, TargetWrite};
use switchboard::route_apply::{Adapter, RouteCommand, TargetView};

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Normal,
    NoDatabase,
    IgnoresWrites,
    /// Every admin answer takes this long (a proxy under load).
    Slow(Duration),
}

struct Proxy {
    /// (id, model group, order)
    deployments: Vec<(String, String, Option<u32>)>,
    mode: Mode,
    /// Where `write = "config"` puts the orders (a LiteLLM config), read on every request.
    config: Option<std::path::PathBuf>,
    posts: Vec<String>,
    /// Backends (`GET /backend/{name}`) that answer 503.
    down: Vec<String>,
    /// Admin writes seen (PATCH), to prove none happened.
    patches: usize,
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
    let slow = match s.lock().unwrap().mode {
        Mode::Slow(d) => Some(d),
        _ => None,
    };
    if let Some(d) = slow {
        tokio::time::sleep(d).await;
    }
    let mut p = s.lock().unwrap();
    if let Some(path) = p.config.clone() {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let docs = yaml_rust2::YamlLoader::load_from_str(&text).unwrap_or_default();
        let list = docs.first().and_then(|d| d["model_list"].as_vec().cloned());
        for m in list.unwrap_or_default() {
            let id = m["model_info"]["id"].as_str().unwrap_or_default();
            for d in p.deployments.iter_mut().filter(|d| d.0 == id) {
                d.2 = m["litellm_params"]["order"]
                    .as_i64()
                    .and_then(|o| u32::try_from(o).ok());
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
    p.patches += 1;
    match p.mode {
        Mode::NoDatabase => {
            return (StatusCode::INTERNAL_SERVER_ERROR, r#"{"error":{"message":"DB not connected. See https://docs.litellm.ai/docs/proxy/ui"}}"#.into())
        }
        Mode::IgnoresWrites => return (StatusCode::OK, "{}".into()),
        Mode::Normal | Mode::Slow(_) => {}
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

async fn backend(State(s): State<Shared>, Path(name): Path<String>) -> StatusCode {
    if s.lock().unwrap().down.contains(&name) {
        StatusCode::SERVICE_UNAVAILABLE
    } else {
        StatusCode::OK
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
        down: Vec::new(),
        patches: 0,
    }));
    let app = Router::new()
        .route("/model/info", get(model_info))
        .route("/model/{id}/update", patch(update))
        .route("/hook", post(hook))
        .route("/backend/{name}", get(backend))
        .with_state(state.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, state)
}

/// A LiteLLM config of model group `chat` with `order` (a number or a placeholder) for
/// local-vllm and cloud-gpt.
fn litellm_config(local: &str, cloud: &str) -> String {
    format!(
        "# written by switchboard\nmodel_list:\n\
         - model_name: chat\n  litellm_params: {{model: openai/x, order: {local}}}\n  model_info: {{id: local-vllm}}\n\
         - model_name: chat\n  litellm_params: {{model: openai/x, order: {cloud}}}\n  model_info: {{id: cloud-gpt}}\n"
    )
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
        litellm_config("{{order:Local}}", "{{order:Cloud}}"),
    )
    .expect("template");
    let original = litellm_config("2", "1")
        .replace("written by switchboard", "hand-written")
        .into_bytes();
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
        litellm_config("1", "2")
    );
}

/// A config LiteLLM could not load (or would load with other orders) is never written
/// or reloaded: the proxy would die on the reload signal. The config file and the
/// reload command are untouched, and the error names what is wrong.
#[tokio::test]
async fn a_rendered_config_that_would_not_load_is_never_written() {
    let dir = tempfile::tempdir().expect("tmp");
    let (template, config) = (dir.path().join("in.yaml"), dir.path().join("out.yaml"));
    let original = litellm_config("2", "1").into_bytes();
    std::fs::write(&config, &original).expect("config");
    let reloaded = dir.path().join("reloaded");
    let (url, _) = start(Mode::Normal, Some(config.clone())).await;
    let target = litellm(
        &url,
        TargetWrite::Config {
            template: template.clone(),
            config: config.clone(),
            reload: names(&["touch", reloaded.to_str().expect("utf-8")]),
        },
    );
    let bad = [
        // Someone edited the template after start: an unclosed flow mapping.
        (
            litellm_config("{{order:Local}}", "{{order:Cloud}}")
                .replace("openai/x, order", "openai/x order"),
            "would not load as meant",
        ),
        // Both deployments at order 1: LiteLLM loads it, but not as switchboard means.
        (
            litellm_config("1", "{{order:Local}}"),
            "cloud-gpt has order 1, not 2",
        ),
    ];
    for (text, says) in bad {
        std::fs::write(&template, text).expect("template");
        let a = Adapter::new(target.clone(), client());
        let err = local_first(&a, 2).await.result.expect_err(says).0;
        assert!(
            err.contains(says) && err.contains("nothing written"),
            "{err}"
        );
        assert_eq!(std::fs::read(&config).expect("config"), original);
        assert!(!reloaded.exists(), "never reloaded");
    }
}

/// The template is rendered with the config's order when the config loads: a template
/// that would not give LiteLLM a loadable config is a config error, found at start.
#[test]
fn a_template_that_renders_an_unloadable_config_is_a_config_error() {
    let dir = tempfile::tempdir().expect("tmp");
    let template = dir.path().join("in.yaml");
    std::fs::write(
        &template,
        "local-vllm={{order:Local}}\ncloud-gpt={{order:Cloud}}\n",
    )
    .expect("template");
    let text = format!(
        r#"
[[channel]]
name = "Local"
probe = "http"
url = "http://127.0.0.1:9/"

[[channel]]
name = "Cloud"
probe = "http"
url = "http://127.0.0.1:9/"

[[route_target]]
name = "proxy"
kind = "litellm"
url = "http://127.0.0.1:4000"
model_group = "chat"
deployments = {{ Local = "local-vllm", Cloud = "cloud-gpt" }}
template = "{t}"
config = "{c}"
reload = ["true"]
"#,
        t = template.display(),
        c = dir.path().join("out.yaml").display()
    );
    let err = Config::parse("t.toml", &text)
        .expect_err("not a LiteLLM config")
        .to_string();
    assert!(
        err.contains("would not load as meant: no model_list"),
        "{err}"
    );
    std::fs::write(
        &template,
        litellm_config("{{order:Local}}", "{{order:Cloud}}"),
    )
    .expect("template");
    Config::parse("t.toml", &text).expect("a loadable template");
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

// ------------------------------------------------------------------ the runner, wired

/// Channels Local and Cloud probed on the fake's backends every 100 ms, a one-second
/// window, and the proxy (admin API) and a file as targets.
fn config(url: &str, dir: &std::path::Path, apply: &str, min_interval: &str) -> String {
    std::env::set_var("SB_TEST_LITELLM_KEY", "sk-test");
    format!(
        r#"
[poll]
interval = "100ms"
window = "1s"
down_after = 1
up_after = 1

[routing]
apply = "{apply}"
min_interval = "{min_interval}"
verify_timeout = "1s"

[[channel]]
name = "Local"
probe = "http"
url = "{url}/backend/local"
timeout = "90ms"

[[channel]]
name = "Cloud"
probe = "http"
url = "{url}/backend/cloud"
timeout = "90ms"

[[route_target]]
name = "proxy"
kind = "litellm"
url = "{url}"
admin_key_env = "SB_TEST_LITELLM_KEY"
model_group = "chat"
deployments = {{ Local = "local-vllm", Cloud = "cloud-gpt" }}
write = "api"

[[route_target]]
name = "gw-file"
kind = "file"
path = "{file}"
"#,
        file = dir.join("routing.json").display()
    )
}

/// The route events of the audit log, in order.
fn route_events(dir: &std::path::Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(dir.join("audit.jsonl"))
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("audit line parses"))
        .filter(|e| e["event"].as_str().is_some_and(|e| e.starts_with("route_")))
        .collect()
}

fn named<'a>(events: &'a [serde_json::Value], event: &str) -> Vec<&'a serde_json::Value> {
    events.iter().filter(|e| e["event"] == event).collect()
}

/// Waits (real time) until the snapshot's route view satisfies `ok`, or `secs` pass.
async fn until(
    r: &app::Running,
    secs: u64,
    ok: impl Fn(&switchboard::route_apply::RouteView) -> bool,
) -> bool {
    let end = tokio::time::Instant::now() + Duration::from_secs(secs);
    let mut rx = r.poller.snapshots.clone();
    while tokio::time::Instant::now() < end {
        if rx.borrow().routes.as_deref().is_some_and(&ok) {
            return true;
        }
        let _ = tokio::time::timeout(Duration::from_millis(200), rx.changed()).await;
    }
    false
}

fn target<'a>(v: &'a switchboard::route_apply::RouteView, name: &str) -> &'a TargetView {
    v.targets.iter().find(|t| t.name == name).expect("target")
}

/// What each runner test starts from: the fake proxy (Cloud its order 1) with Cloud's
/// backend down, and a daemon applying routes to it as `apply` says.
struct CloudDown {
    dir: tempfile::TempDir,
    url: String,
    state: Shared,
    before: Vec<(String, Option<u32>)>,
    r: app::Running,
}

async fn cloud_down(mode: Mode, apply: &str, dry_run: bool) -> CloudDown {
    let dir = tempfile::tempdir().expect("tmp");
    let (url, state) = start(mode, None).await;
    state.lock().unwrap().down.push("cloud".into());
    let before = orders(&state);
    let r = daemon(
        &config(&url, dir.path(), apply, "1m"),
        dir.path(),
        dry_run,
        false,
    );
    CloudDown {
        dir,
        url,
        state,
        before,
        r,
    }
}

/// Cloud (the proxy's order 1) goes down: after one window both targets get Local first,
/// each change audited and verified, and the snapshot, the JSON and /metrics say so.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auto_moves_the_traffic_once_and_says_so_everywhere() {
    let CloudDown { dir, state, r, .. } = cloud_down(Mode::Normal, "auto", false).await;
    let done = until(&r, 10, |v| {
        v.targets
            .iter()
            .all(|t| t.state == "follows" && t.applied == 1)
    })
    .await;
    let snap = r.poller.snapshots.borrow().clone();
    r.shutdown().await;
    assert!(done, "{:?}", snap.routes);
    let after = orders(&state);
    assert_eq!(after[0], ("local-vllm".into(), Some(1)));
    assert_eq!(after[1], ("cloud-gpt".into(), Some(2)));
    assert_eq!(after[2], ("other".into(), Some(3)), "unmapped: untouched");
    let doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("routing.json")).expect("file"))
            .expect("json");
    assert_eq!(doc["primary"], "Local");

    let events = route_events(dir.path());
    let applies = named(&events, "route_apply");
    assert_eq!(applies.len(), 2, "{events:#?}");
    let proxy = applies
        .iter()
        .find(|e| e["target"] == "proxy")
        .expect("proxy");
    assert_eq!(proxy["from"], serde_json::json!(["Cloud", "Local"]));
    assert_eq!(proxy["to"], serde_json::json!(["Local", "Cloud"]));
    assert_eq!(proxy["orders"], serde_json::json!({"Local": 1, "Cloud": 2}));
    assert_eq!(proxy["write"], "api");
    assert_eq!(proxy["by"], "auto");
    assert_eq!(proxy["dry_run"], false);
    let verifies = named(&events, "route_verify");
    assert!(verifies.iter().all(|e| e["ok"] == true), "{verifies:?}");
    assert_eq!(verifies.len(), 2);
    assert!(named(&events, "route_rollback").is_empty());
    let audit = std::fs::read_to_string(dir.path().join("audit.jsonl")).expect("audit");
    assert!(!audit.contains("sk-test"), "no secret in the audit log");

    let json = switchboard::report::json::to_value(&snap);
    let t = &json["routing"]["targets"][0];
    assert_eq!(t["name"], "proxy");
    assert_eq!(t["state"], "follows");
    assert_eq!(t["order"], serde_json::json!(["Local", "Cloud"]));
    assert_eq!(t["verified"], true);
    assert!(t["last_change"].is_string());
    let metrics = switchboard::report::prometheus::exposition(&snap);
    assert!(
        metrics.contains("switchboard_route_applies_total{target=\"proxy\",result=\"ok\"} 1"),
        "{metrics}"
    );
}

/// `off` never writes and records nothing; the target shows that a change is due.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn off_changes_nothing() {
    let CloudDown {
        dir,
        state,
        before,
        r,
        ..
    } = cloud_down(Mode::Normal, "off", false).await;
    let differs = until(&r, 10, |v| {
        let t = target(v, "proxy");
        t.state == "differs" && t.why.contains("apply = \"off\"")
    })
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    r.shutdown().await;
    assert!(differs);
    assert_eq!(orders(&state), before);
    assert_eq!(state.lock().unwrap().patches, 0);
    assert!(!dir.path().join("routing.json").exists());
    assert!(route_events(dir.path()).is_empty());
}

/// `confirm` records `route_pending` once per pending change and waits; an operator's
/// "apply routing" then writes it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn confirm_waits_for_an_operator() {
    let CloudDown {
        dir,
        state,
        before,
        r,
        ..
    } = cloud_down(Mode::Normal, "confirm", false).await;
    let pending = until(&r, 10, |v| v.targets.iter().all(|t| t.state == "pending")).await;
    // Many snapshots later, still one record per target and nothing written.
    tokio::time::sleep(Duration::from_millis(800)).await;
    let events = route_events(dir.path());
    assert!(pending);
    assert_eq!(named(&events, "route_pending").len(), 2, "{events:#?}");
    assert_eq!(
        named(&events, "route_pending")[0]["to"],
        serde_json::json!(["Local", "Cloud"])
    );
    assert!(named(&events, "route_apply").is_empty());
    assert_eq!(orders(&state), before);

    let routes = r.routes.as_ref().expect("runner");
    let (tx, rx) = tokio::sync::oneshot::channel();
    routes
        .commands
        .send(RouteCommand::Apply {
            by: "chatops",
            reply: Some(tx),
        })
        .await
        .expect("send");
    let reply = rx.await.expect("reply");
    assert!(reply.iter().all(|(_, r)| r.is_ok()), "{reply:?}");
    let applied = until(&r, 10, |v| v.targets.iter().all(|t| t.applied == 1)).await;
    r.shutdown().await;
    assert!(applied);
    assert_eq!(orders(&state)[0], ("local-vllm".into(), Some(1)));
    let events = route_events(dir.path());
    assert!(named(&events, "route_apply")
        .iter()
        .all(|e| e["by"] == "chatops"));
}

/// `--dry-run` audits the change with `dry_run: true` and writes nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dry_run_audits_and_writes_nothing() {
    let CloudDown {
        dir,
        state,
        before,
        r,
        ..
    } = cloud_down(Mode::Normal, "auto", true).await;
    let mut rehearsed = false;
    for _ in 0..50 {
        if named(&route_events(dir.path()), "route_apply").len() == 2 {
            rehearsed = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    r.shutdown().await;
    assert!(rehearsed);
    let events = route_events(dir.path());
    let applies = named(&events, "route_apply");
    assert_eq!(applies.len(), 2, "said once per target: {events:#?}");
    assert!(applies.iter().all(|e| e["dry_run"] == true));
    assert!(named(&events, "route_verify").is_empty());
    assert_eq!(orders(&state), before);
    assert_eq!(state.lock().unwrap().patches, 0);
    assert!(!dir.path().join("routing.json").exists());
}

/// A standby, or an instance that does not hold the lock, never writes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_lock_holder_writes() {
    let (url, state) = start(Mode::Normal, None).await;
    state.lock().unwrap().down.push("cloud".into());
    let before = orders(&state);
    let standby = tempfile::tempdir().expect("tmp");
    let held = tempfile::tempdir().expect("tmp");
    let _lock = switchboard::recovery::lock::StateLock::acquire(held.path()).expect("lock");
    for (dir, standby) in [(standby.path(), true), (held.path(), false)] {
        let r = daemon(&config(&url, dir, "auto", "1m"), dir, false, standby);
        let refused = until(&r, 10, |v| {
            v.read_only.is_some() && target(v, "proxy").why.contains("does not write")
        })
        .await;
        r.shutdown().await;
        assert!(refused, "standby={standby}");
        assert!(route_events(dir).is_empty());
    }
    assert_eq!(orders(&state), before);
    assert_eq!(state.lock().unwrap().patches, 0);
}

/// A write the proxy never shows is rolled back and audited; the failed change is not
/// tried again within `min_interval`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_verification_is_rolled_back_and_not_retried_within_min_interval() {
    let CloudDown {
        dir,
        state,
        before,
        r,
        ..
    } = cloud_down(Mode::IgnoresWrites, "auto", false).await;
    let failed = until(&r, 10, |v| target(v, "proxy").state == "failed").await;
    // Several seconds of snapshots that still call for the change.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let snap = r.poller.snapshots.borrow().clone();
    r.shutdown().await;
    assert!(failed);
    let events = route_events(dir.path());
    let proxy = |e: &&&serde_json::Value| e["target"] == "proxy";
    let applies = named(&events, "route_apply").iter().filter(proxy).count();
    assert_eq!(applies, 1, "{events:#?}");
    let verify = named(&events, "route_verify");
    let verify = verify.iter().find(proxy).expect("verify");
    assert_eq!(verify["ok"], false);
    assert!(
        verify["error"]
            .as_str()
            .is_some_and(|e| e.contains("not verified within 1s")),
        "{verify}"
    );
    let rollback = named(&events, "route_rollback");
    let rollback = rollback.iter().find(proxy).expect("rollback");
    assert_eq!(rollback["ok"], true);
    assert_eq!(orders(&state), before);
    let t = target(snap.routes.as_deref().expect("view"), "proxy");
    assert_eq!((t.failed, t.rollbacks), (1, 1));
    assert!(t
        .last_error
        .as_deref()
        .is_some_and(|e| e.contains("rolled back")));
    let metrics = switchboard::report::prometheus::exposition(&snap);
    assert!(metrics.contains("switchboard_route_rollbacks_total{target=\"proxy\"} 1"));
}

/// A restart remembers the log: a change that failed a moment ago is not tried again
/// before `min_interval`, and the target still shows the failure's words.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_does_not_retry_a_failed_change_within_min_interval() {
    let CloudDown {
        dir,
        url,
        state,
        before,
        r,
    } = cloud_down(Mode::IgnoresWrites, "auto", false).await;
    let failed = until(&r, 10, |v| target(v, "proxy").state == "failed").await;
    r.shutdown().await;
    assert!(failed);
    let r = daemon(
        &config(&url, dir.path(), "auto", "1m"),
        dir.path(),
        false,
        false,
    );
    let remembered = until(&r, 10, |v| {
        let t = target(v, "proxy");
        t.state == "failed"
            && t.last_error
                .as_deref()
                .is_some_and(|e| e.contains("not verified within 1s"))
            && t.why
                .contains("the last change failed less than min_interval ago")
    })
    .await;
    // Well past one window (1 s) of snapshots calling for the change.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let snap = r.poller.snapshots.borrow().clone();
    r.shutdown().await;
    assert!(remembered, "{:?}", snap.routes);
    let events = route_events(dir.path());
    let proxy = |e: &&&serde_json::Value| e["target"] == "proxy";
    let applies = named(&events, "route_apply").iter().filter(proxy).count();
    assert_eq!(applies, 1, "not retried after the restart: {events:#?}");
    assert_eq!(orders(&state), before);
}

/// A proxy whose admin API takes seconds to answer holds up neither the poller nor the
/// other target.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_admin_api_never_blocks_the_poller() {
    // The directory lives as long as the daemon writing into it.
    let CloudDown { dir: _dir, r, .. } =
        cloud_down(Mode::Slow(Duration::from_secs(4)), "auto", false).await;
    let rounds = |r: &app::Running| {
        r.poller
            .snapshots
            .borrow()
            .live
            .as_ref()
            .map_or(0, |l| l.rounds)
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    let (t0, first) = (tokio::time::Instant::now(), rounds(&r));
    let file_done = until(&r, 3, |v| target(v, "gw-file").applied == 1).await;
    // Two seconds of the four the proxy's first answer takes: about twenty rounds.
    tokio::time::sleep_until(t0 + Duration::from_secs(2)).await;
    let later = rounds(&r);
    let proxy = r
        .poller
        .snapshots
        .borrow()
        .routes
        .as_deref()
        .map(|v| target(v, "proxy").state);
    r.shutdown().await;
    assert!(
        file_done,
        "the file target is written while the proxy is still being read"
    );
    assert_eq!(
        proxy,
        Some("unknown"),
        "the proxy's first read has not come back yet"
    );
    assert!(later >= first + 8, "poller rounds {first} → {later}");
}

/// Stopping while a change is being written lets it finish: written, reloaded, verified
/// and recorded before the runner ends.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stopping_lets_an_apply_in_progress_finish() {
    let dir = tempfile::tempdir().expect("tmp");
    let (template, cfg_file) = (
        dir.path().join("litellm.in"),
        dir.path().join("litellm.cfg"),
    );
    std::fs::write(
        &template,
        litellm_config("{{order:Local}}", "{{order:Cloud}}"),
    )
    .expect("template");
    std::fs::write(&cfg_file, litellm_config("2", "1")).expect("config");
    let (url, state) = start(Mode::Normal, Some(cfg_file.clone())).await;
    state.lock().unwrap().down.push("cloud".into());
    let text = config(&url, dir.path(), "auto", "1m").replace(
        "write = \"api\"",
        &format!(
            "write = \"config\"\ntemplate = \"{}\"\nconfig = \"{}\"\nreload = [\"sleep\", \"1\"]",
            template.display(),
            cfg_file.display()
        ),
    );
    let r = daemon(&text, dir.path(), false, false);
    let applying = until(&r, 10, |v| target(v, "proxy").state == "applying").await;
    let t0 = std::time::Instant::now();
    r.shutdown().await;
    assert!(applying);
    assert!(
        t0.elapsed() >= Duration::from_millis(500),
        "waited for the reload"
    );
    let events = route_events(dir.path());
    let verify = named(&events, "route_verify");
    let verify = verify
        .iter()
        .find(|e| e["target"] == "proxy")
        .expect("verified");
    assert_eq!(verify["ok"], true, "{events:#?}");
    assert_eq!(
        std::fs::read_to_string(&cfg_file).expect("config"),
        litellm_config("1", "2")
    );
}

/// `--check` lists the targets, reads each once and warns of an unmapped deployment.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_reads_each_target_once() {
    let dir = tempfile::tempdir().expect("tmp");
    let (url, _) = start(Mode::Normal, None).await;
    let path = dir.path().join("c.toml");
    std::fs::write(&path, config(&url, dir.path(), "confirm", "1m")).expect("config");
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_switchboard"))
        .args(["--check", "--config"])
        .arg(&path)
        .arg("--state-dir")
        .arg(dir.path().join("state"))
        .output()
        .await
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let line = |needle: &str| text.lines().find(|l| l.contains(needle)).unwrap_or("");
    assert!(line("routing apply").contains("confirm"), "{text}");
    assert!(
        line("route target proxy").contains("litellm (api): order Cloud, Local"),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.contains("WARN") && l.contains("deployment other (order 3) is not mapped")),
        "{text}"
    );
    assert!(
        line("route target gw-file").contains("no order yet"),
        "{text}"
    );
}

/// A proxy that stops answering after a write (its workers being replaced) is given
/// `verify_timeout` and no more, for the verification and again for the rollback's.
#[tokio::test]
async fn verification_never_outlasts_verify_timeout() {
    let (url, _) = start(Mode::Slow(Duration::from_secs(3)), None).await;
    let a = Adapter::new(litellm(&url, TargetWrite::Api), client());
    let t0 = std::time::Instant::now();
    let out = local_first(&a, 1).await;
    let took = t0.elapsed();
    let err = out.result.expect_err("not verified").0;
    assert!(
        err.contains("no answer within verify_timeout (1s)"),
        "{err}"
    );
    // The write reads the orders once (3 s); then at most 1 s to verify and 1 s to
    // verify the rollback (without the bound: 3 s each, 9 s in all).
    assert!(took < Duration::from_secs(7), "{took:?}");
}

/// `--say "apply routing" --yes` from a one-shot process: the change is written under the
/// lock, verified and audited as the operator's.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn say_apply_routing_yes_writes_what_is_due() {
    let dir = tempfile::tempdir().expect("tmp");
    let (url, state) = start(Mode::Normal, None).await;
    state.lock().unwrap().down.push("cloud".into());
    let path = dir.path().join("c.toml");
    std::fs::write(&path, config(&url, dir.path(), "confirm", "1m")).expect("config");
    let state_dir = dir.path().join("state");
    let run = |yes: bool| {
        let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_switchboard"));
        cmd.args(["--say", "apply routing", "--config"])
            .arg(&path)
            .arg("--state-dir")
            .arg(&state_dir);
        if yes {
            cmd.arg("--yes");
        }
        cmd.output()
    };
    let asked = run(false).await.expect("runs");
    assert!(String::from_utf8_lossy(&asked.stdout).contains("--yes"));
    assert_eq!(state.lock().unwrap().patches, 0, "not without --yes");
    let out = run(true).await.expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("proxy: applying Local, Cloud — verified"),
        "{text}"
    );
    assert_eq!(orders(&state)[0], ("local-vllm".into(), Some(1)));
    let events = route_events(&state_dir);
    let applies = named(&events, "route_apply");
    assert!(applies.iter().all(|e| e["by"] == "say"), "{events:#?}");
    assert!(named(&events, "route_verify")
        .iter()
        .all(|e| e["ok"] == true));
}
