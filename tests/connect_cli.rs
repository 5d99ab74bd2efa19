//! Consoles attached to one controller: two `--connect` feeds (the console's own code
//! path, without a terminal) on one `--serve`, the controller restarted under them —
//! both say the connection is lost, try again after 1 s, and resume on the new run;
//! `/events` in order and resumed by `Last-Event-ID`; `POST /say` refused without the
//! token or with a wrong one, and a confirmed order audited with the caller's address;
//! the console's connection banner at 80×24.

mod common;

use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use switchboard::connect::{Link, LinkStatus, RemoteFeed};
use switchboard::source::follow::FeedStatus;
use tokio::runtime::Runtime;

const TOKEN: &str = "s3cret-test-token";

struct Controller {
    child: common::Reaped,
    addr: String,
}

/// Starts `--serve` on `addr` with `config` (in `dir`), the token in its environment,
/// and reads the address it says it serves on.
fn controller(dir: &std::path::Path, addr: &str, config: &str) -> Controller {
    let cfg = dir.join("c.toml");
    std::fs::write(&cfg, config).expect("config");
    let mut child = Command::new(env!("CARGO_BIN_EXE_switchboard"))
        .args(["--serve", addr, "--config"])
        .arg(&cfg)
        .arg("--state-dir")
        .arg(dir.join("state"))
        .env("XDG_CONFIG_HOME", dir)
        .env("CONNECT_TEST_TOKEN", TOKEN)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    let addr = common::served_addr(&mut child);
    Controller {
        child: common::Reaped(child),
        addr,
    }
}

const CONFIG: &str = r#"
[serve]
token_env = "CONNECT_TEST_TOKEN"

[poll]
interval = "1s"

[[channel]]
name = "Local"
probe = "simulated"

[[channel]]
name = "Cloud"
probe = "simulated"
"#;

fn runtime() -> Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime")
}

fn link_of(f: &RemoteFeed) -> LinkStatus {
    f.status.borrow().remote.clone().expect("a link status")
}

/// Waits (at most `secs`) until the feed's status satisfies `ok`.
fn wait_status(rt: &Runtime, f: &mut RemoteFeed, secs: u64, ok: impl Fn(&FeedStatus) -> bool) {
    let status = &mut f.status;
    let r = rt.block_on(async {
        let done = async { status.wait_for(|s| ok(s)).await.is_ok() };
        tokio::time::timeout(Duration::from_secs(secs), done).await
    });
    assert_eq!(r, Ok(true), "status never came: {:?}", f.status.borrow());
}

#[test]
fn two_consoles_show_the_loss_reconnect_and_resume_when_the_controller_restarts() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut first = controller(dir.path(), "127.0.0.1:0", CONFIG);
    let url = format!("http://{}", first.addr);
    let rt = runtime();
    let mut consoles: Vec<RemoteFeed> = (0..2)
        .map(|i| {
            let token = (i == 0).then(|| TOKEN.to_string());
            let link = Link::new(&url, token).expect("a URL");
            rt.block_on(link.open()).expect("reaches the controller")
        })
        .collect();
    for c in &consoles {
        assert_eq!(c.snapshots.borrow().channels.len(), 2);
        let l = link_of(c);
        assert_eq!(l.lost_since_ms, None);
    }
    assert!(
        link_of(&consoles[0]).orders,
        "a token and a controller that takes orders"
    );
    let second = link_of(&consoles[1]);
    assert!(!second.orders, "no token: read-only");
    assert!(
        second
            .orders_off
            .unwrap_or_default()
            .contains("SWITCHBOARD_TOKEN"),
        "says how to get orders"
    );

    assert_eq!(first.child.terminate(), Some(0));
    for c in consoles.iter_mut() {
        wait_status(&rt, c, 10, |s| {
            s.remote.as_ref().is_some_and(|l| l.lost_since_ms.is_some())
        });
        let l = link_of(c);
        let since = l.lost_since_ms.unwrap();
        assert_eq!(l.attempts, 1);
        assert_eq!(
            l.retry_at_ms,
            Some(since + 1_000),
            "the first retry after 1 s"
        );
        assert!(l.error.is_some());
        assert_eq!(
            c.snapshots.borrow().channels.len(),
            2,
            "the last snapshot stays"
        );
    }
    // Down for a while: the second and third attempts wait 2 s and 4 s.
    wait_status(&rt, &mut consoles[0], 10, |s| {
        s.remote.as_ref().is_some_and(|l| l.attempts >= 2)
    });
    let l = link_of(&consoles[0]);
    assert!(l.retry_at_ms.unwrap() - l.lost_since_ms.unwrap() >= 1_000 + 2_000 - 50);

    let restarted_at = switchboard::base::clock::Clock::new().now_ms();
    let _second_run = controller(dir.path(), &first.addr, CONFIG);
    for c in consoles.iter_mut() {
        wait_status(&rt, c, 15, |s| {
            s.remote.as_ref().is_some_and(|l| l.lost_since_ms.is_none())
        });
        let mut snaps = c.snapshots.clone();
        let fresh = rt.block_on(async {
            let newer = snaps.wait_for(|s| s.at_ms().is_some_and(|t| t >= restarted_at - 1_000));
            tokio::time::timeout(Duration::from_secs(10), newer)
                .await
                .is_ok()
        });
        assert!(fresh, "snapshots of the new run arrive");
    }
    assert!(
        link_of(&consoles[0]).orders,
        "orders again after the restart"
    );
}

/// Reads `/events` until `n` events (not comments) have come, with the given
/// `Last-Event-ID`; each as (id, event, data).
fn read_events(
    rt: &Runtime,
    addr: &str,
    last: Option<&str>,
    n: usize,
) -> Vec<(Option<String>, String, String)> {
    let client = switchboard::http_call::http_client().expect("client");
    rt.block_on(async {
        let mut req = client.get(format!("http://{addr}/events"));
        if let Some(l) = last {
            req = req.header("Last-Event-ID", l);
        }
        let mut r = req.send().await.expect("answers");
        assert_eq!(
            r.headers()["content-type"].to_str().unwrap(),
            "text/event-stream"
        );
        let mut parser = switchboard::connect::sse::Parser::default();
        let mut out = Vec::new();
        while out.len() < n {
            let chunk = tokio::time::timeout(Duration::from_secs(10), r.chunk())
                .await
                .expect("events keep coming")
                .expect("reads")
                .expect("not ended");
            out.extend(
                parser
                    .feed(&chunk)
                    .into_iter()
                    .map(|e| (e.id, e.event, e.data)),
            );
        }
        out
    })
}

fn say(rt: &Runtime, addr: &str, token: Option<&str>, body: &str) -> (u16, serde_json::Value) {
    let client = switchboard::http_call::http_client().expect("client");
    rt.block_on(async {
        let mut req = client
            .post(format!("http://{addr}/say"))
            .body(body.to_string());
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let r = req.send().await.expect("answers");
        let code = r.status().as_u16();
        let v = serde_json::from_slice(&r.bytes().await.expect("body")).unwrap_or_default();
        (code, v)
    })
}

#[test]
fn events_come_in_order_and_resume_after_the_last_id() {
    let dir = tempfile::tempdir().expect("tmp");
    let c = controller(dir.path(), "127.0.0.1:0", CONFIG);
    let rt = runtime();
    for text in ["pause", "resume", "autorecover off"] {
        let (code, v) = say(
            &rt,
            &c.addr,
            Some(TOKEN),
            &format!(r#"{{"text":"{text}","yes":true}}"#),
        );
        assert_eq!(code, 200, "{v}");
    }
    let all = read_events(&rt, &c.addr, None, 6);
    let orders: Vec<&(Option<String>, String, String)> = all
        .iter()
        .filter(|(_, kind, data)| kind == "audit" && data.contains(r#""event":"order""#))
        .collect();
    assert_eq!(orders.len(), 3, "{all:#?}");
    assert!(orders[0].2.contains(r#""text":"pause""#));
    assert!(orders[2].2.contains(r#""text":"autorecover off""#));
    let seqs: Vec<u64> = all
        .iter()
        .filter_map(|(id, _, _)| id.as_deref()?.rsplit_once('-')?.1.parse().ok())
        .collect();
    assert!(seqs.windows(2).all(|w| w[1] == w[0] + 1), "{seqs:?}");

    // Resumed after the first order: the next event is the one after it.
    let first_order = orders[0].0.clone().expect("an id");
    let rest = read_events(&rt, &c.addr, Some(&first_order), 1);
    let after: u64 = first_order.rsplit_once('-').unwrap().1.parse().unwrap();
    let next = rest[0].0.as_deref().expect("an id");
    assert_eq!(next.rsplit_once('-').unwrap().1, (after + 1).to_string());

    // An id of another run (the controller restarted): said, then the whole backlog.
    let other = read_events(&rt, &c.addr, Some("0-99"), 2);
    assert_eq!(other[0].1, "restarted");
    assert_eq!(other[1].0, all[0].0);
}

#[test]
fn orders_need_the_token_and_a_confirmed_one_is_audited_with_the_address() {
    let dir = tempfile::tempdir().expect("tmp");
    let c = controller(dir.path(), "127.0.0.1:0", CONFIG);
    let rt = runtime();
    let pause = r#"{"text":"pause","yes":true}"#;
    let (code, v) = say(&rt, &c.addr, None, pause);
    assert_eq!(code, 401, "{v}");
    let (code, v) = say(&rt, &c.addr, Some("s3cret-test-tokex"), pause);
    assert_eq!(code, 401, "{v}");

    // Unconfirmed: described, not done.
    let (code, v) = say(&rt, &c.addr, Some(TOKEN), r#"{"text":"pause"}"#);
    assert_eq!(code, 200);
    assert_eq!(v["executed"], false);
    assert_eq!(v["needs_confirmation"], true);
    // A question is answered, never taken as an order.
    let (_, v) = say(
        &rt,
        &c.addr,
        Some(TOKEN),
        r#"{"text":"복구 필요해?","yes":true}"#,
    );
    assert_eq!(v["intent"], "recovery.status");
    assert_eq!(v["executed"], false);

    let (code, v) = say(&rt, &c.addr, Some(TOKEN), pause);
    assert_eq!(
        (code, &v["executed"]),
        (200, &serde_json::json!(true)),
        "{v}"
    );
    let audit = std::fs::read_to_string(dir.path().join("state/audit.jsonl")).expect("audit");
    let orders: Vec<serde_json::Value> = audit
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|o| o["event"] == "order")
        .collect();
    assert_eq!(orders.len(), 1, "only the confirmed order: {audit}");
    assert_eq!(orders[0]["text"], "pause");
    assert_eq!(orders[0]["intent"], "pause");
    assert!(
        orders[0]["from"]
            .as_str()
            .unwrap()
            .starts_with("127.0.0.1:"),
        "{}",
        orders[0]
    );
    let health = rt.block_on(async {
        let client = switchboard::http_call::http_client().unwrap();
        let r = client
            .get(format!("http://{}/healthz", c.addr))
            .send()
            .await
            .unwrap();
        r.text().await.unwrap()
    });
    assert!(
        health.contains("poller paused"),
        "the order was carried out: {health}"
    );
}

#[test]
fn without_token_env_orders_are_refused() {
    let dir = tempfile::tempdir().expect("tmp");
    let config = CONFIG.replace("[serve]\ntoken_env = \"CONNECT_TEST_TOKEN\"\n", "");
    let c = controller(dir.path(), "127.0.0.1:0", &config);
    let rt = runtime();
    let (code, v) = say(&rt, &c.addr, Some(TOKEN), r#"{"text":"pause","yes":true}"#);
    assert_eq!(code, 403, "{v}");
    assert!(v["error"].as_str().unwrap().contains("token_env"));
}

/// An attached console reads `/context` every second: an unchanged snapshot is a 304.
#[test]
fn an_unchanged_context_is_not_sent_again() {
    let dir = tempfile::tempdir().expect("tmp");
    let c = controller(dir.path(), "127.0.0.1:0", CONFIG);
    let rt = runtime();
    let (first, again) = rt.block_on(async {
        let client = switchboard::http_call::http_client().unwrap();
        let url = format!("http://{}/context", c.addr);
        let r = client.get(&url).send().await.unwrap();
        let tag = r.headers()["etag"].clone();
        let again = client
            .get(&url)
            .header("If-None-Match", tag.clone())
            .send()
            .await
            .unwrap();
        let status = again.status().as_u16();
        let same = again.headers().get("etag") == Some(&tag);
        (r.status().as_u16(), (status, same))
    });
    assert_eq!(first, 200);
    // The poller may publish in between: then it is the new snapshot, with its own tag.
    assert!(matches!(again, (304, true) | (200, false)), "{again:?}");
}

#[test]
fn the_dashboard_is_served_and_reloads_itself() {
    let dir = tempfile::tempdir().expect("tmp");
    let c = controller(dir.path(), "127.0.0.1:0", CONFIG);
    let rt = runtime();
    let page = rt.block_on(async {
        let client = switchboard::http_call::http_client().unwrap();
        let r = client
            .get(format!("http://{}/dashboard", c.addr))
            .send()
            .await
            .unwrap();
        assert!(r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html"));
        r.text().await.unwrap()
    });
    assert!(page.contains(r#"<meta http-equiv="refresh" content="5">"#));
    assert!(page.contains("Local") && page.contains("Cloud"));
    assert!(
        !page.contains("<script") && !page.contains("src=\"http") && !page.contains("href=\"http")
    );
}

/// A console attached through `link`, showing the demo's channels as read back from
/// their JSON, the controller's snapshot 14 s old.
fn remote_app(link: LinkStatus) -> switchboard::tui::App {
    use common::tui::NOW_MS;
    let live = common::tui::live_healthy(NOW_MS - 14_000);
    let wire = switchboard::report::json::to_string(&live);
    let snap = switchboard::connect::wire::snapshot(wire.as_bytes()).expect("reads back");
    let opts = switchboard::tui::ConsoleOptions {
        remote: true,
        ..common::tui::options(false)
    };
    let mut app = switchboard::tui::App::new(Arc::new(snap), opts);
    let status = FeedStatus {
        updated_ms: Some(NOW_MS - 14_000),
        remote: Some(link),
        ..FeedStatus::default()
    };
    app.update(NOW_MS, switchboard::tui::Action::Feed(status));
    app
}

mod banner {
    use super::*;
    use common::tui::{render, text, NOW_MS};

    fn url() -> String {
        "http://10.0.0.5:9464".into()
    }

    #[test]
    fn a_lost_connection_is_the_banner_and_counts_down_to_the_next_attempt() {
        let mut app = remote_app(LinkStatus {
            url: url(),
            lost_since_ms: Some(NOW_MS - 12_000),
            error: Some("connection refused or unreachable".into()),
            retry_at_ms: Some(NOW_MS + 3_200),
            attempts: 4,
            orders: true,
            ..LinkStatus::default()
        });
        let screen = text(&render(&mut app, 80, 24, NOW_MS));
        insta::assert_snapshot!("connection_lost_80x24", screen);
        assert!(app.next_wake(NOW_MS).is_some_and(|t| t <= NOW_MS + 1_000));
    }

    #[test]
    fn a_read_only_console_says_so_and_why() {
        let mut app = remote_app(LinkStatus {
            url: url(),
            orders: false,
            orders_off: Some("the controller takes no orders".into()),
            ..LinkStatus::default()
        });
        let screen = text(&render(&mut app, 80, 24, NOW_MS));
        insta::assert_snapshot!("connected_read_only_80x24", screen);
        assert!(app.read_only());
    }
}

mod orders {
    use super::*;
    use common::tui::key;
    use crossterm::event::KeyCode;
    use switchboard::tui::{App, Effect};

    fn console(orders: bool) -> App {
        super::remote_app(LinkStatus {
            url: "http://127.0.0.1:9464".into(),
            orders,
            orders_off: (!orders).then(|| "set SWITCHBOARD_TOKEN to give orders".into()),
            ..LinkStatus::default()
        })
    }

    fn ask(app: &mut App, text: &str) -> Vec<Effect> {
        key(app, KeyCode::Char(':'));
        for c in text.chars() {
            key(app, KeyCode::Char(c));
        }
        key(app, KeyCode::Enter);
        app.take_effects()
    }

    fn said(effects: &[Effect]) -> Vec<&str> {
        effects
            .iter()
            .filter_map(|e| match e {
                Effect::Say(t) => Some(t.as_str()),
                _ => None,
            })
            .collect()
    }

    /// y/N as at the local prompt: nothing is sent before the y, and `n` sends nothing.
    #[test]
    fn an_order_is_sent_only_after_y() {
        let mut app = console(true);
        assert!(said(&ask(&mut app, "pause")).is_empty(), "asked first");
        key(&mut app, KeyCode::Char('y'));
        assert_eq!(said(&app.take_effects()), ["pause"]);
        assert!(said(&ask(&mut app, "pause")).is_empty());
        key(&mut app, KeyCode::Char('n'));
        assert!(said(&app.take_effects()).is_empty(), "cancelled");
    }

    /// `p` pauses the controller's poller, not a local one: asked y/N, then sent.
    #[test]
    fn the_pause_key_is_an_order_too() {
        let mut app = console(true);
        key(&mut app, KeyCode::Char('p'));
        assert!(said(&app.take_effects()).is_empty(), "asked first");
        key(&mut app, KeyCode::Char('y'));
        assert_eq!(said(&app.take_effects()), ["pause"]);
        let mut ro = console(false);
        key(&mut ro, KeyCode::Char('p'));
        key(&mut ro, KeyCode::Char('y'));
        assert!(said(&ro.take_effects()).is_empty(), "read-only");
    }

    /// A read-only console sends nothing, not even what needs no confirmation.
    #[test]
    fn a_read_only_console_sends_no_order() {
        let mut app = console(false);
        for text in ["resume", "pause", "run recovery"] {
            let mut effects = ask(&mut app, text);
            key(&mut app, KeyCode::Char('y'));
            effects.extend(app.take_effects());
            assert!(said(&effects).is_empty(), "{text}: {effects:?}");
        }
    }
}
