//! The routing policies on generated traces (fixed seeds): noise never flaps the primary
//! or the fallback, a down primary is left within 2 ticks, `balanced` buys a cheaper
//! primary for a little latency, `region` spills and returns with one change each way,
//! `ceiling` follows the replaced Python rule. Through the library's replay, the path of
//! `--replay TRACE --config C`; the last test drives the binary itself.

#[path = "../benches/routing_traces/gen.rs"]
mod gen;
#[path = "../benches/routing_traces/run.rs"]
mod run;

mod common;

use gen::{Channel, Event};
use run::{changes, offline_fallback, per_hour, primary_mean, run, ticks_to_leave};
use switchboard::domain::Health;

const SEEDS: [u64; 6] = [11, 22, 33, 44, 55, 66];
/// Ticks of 10 s in an hour.
const HOUR: u32 = 360;

const CEILING: &str = r#"[routing]
policy = "ceiling"
ceilings = [
  { channel = "Gateway", max_latency_ms = 300 },
  { channel = "Cloud", max_latency_ms = 500 },
  { channel = "Local" },
]"#;

fn policies_for(names: [&str; 3], region: &str) -> Vec<(&'static str, String)> {
    vec![
        ("health", String::new()),
        (
            "ceiling",
            format!(
                "[routing]\npolicy = \"ceiling\"\nceilings = [{{ channel = \"{}\", max_latency_ms = 300 }}, {{ channel = \"{}\", max_latency_ms = 300 }}, {{ channel = \"{}\" }}]",
                names[0], names[1], names[2]
            ),
        ),
        ("balanced", "[routing]\npolicy = \"balanced\"".to_string()),
        (
            "region",
            format!("[routing]\npolicy = \"region\"\nregion_order = [\"{region}\"]"),
        ),
    ]
}

/// Three equal channels with heavy-tailed noise (spikes of 3–8× included), two hours per
/// seed: at most 0.5 changes an hour of the primary and of the fallback over the six
/// hours, under every policy.
#[test]
fn noise_between_equal_channels_never_flaps_primary_or_fallback() {
    let channels = [
        Channel::new("A", 100.0, "eu", 0.5),
        Channel::new("B", 100.0, "eu", 0.5),
        Channel::new("C", 100.0, "eu", 0.5),
    ];
    for (name, routing) in policies_for(["A", "B", "C"], "eu") {
        let (mut p, mut f, mut hours) = (0, 0, 0.0);
        for seed in SEEDS {
            let ticks = run(&routing, &channels, 2 * HOUR, seed);
            p += changes(&ticks[12..], |t| t.primary.clone());
            f += changes(&ticks[12..], |t| t.fallback.clone());
            hours += per_hour(1, &ticks).recip();
            assert_eq!(ticks[20].policy, name);
        }
        assert!(
            p as f64 / hours <= 0.5 && f as f64 / hours <= 0.5,
            "{name}: {p} primary and {f} fallback changes in {hours} h"
        );
    }
}

/// The preferred channel goes down at tick 100: every policy leaves it within 2 ticks,
/// and no tick ever recommends an OFFLINE fallback.
#[test]
fn a_down_primary_is_left_within_two_ticks_under_every_policy() {
    let channels = [
        Channel::new("Gateway", 60.0, "eu", 0.2).with(Event::Outage { from: 100, to: 160 }),
        Channel::new("Cloud", 150.0, "eu", 0.5),
        Channel::new("Local", 240.0, "eu", 1.0),
    ];
    for (name, routing) in policies_for(["Gateway", "Cloud", "Local"], "eu") {
        for seed in SEEDS {
            let ticks = run(&routing, &channels, 200, seed);
            assert_eq!(ticks[99].primary.as_deref(), Some("Gateway"), "{name}");
            let left = ticks_to_leave(&ticks, 100, "Gateway", |_| true);
            assert!(
                left.is_some_and(|n| n <= 2),
                "{name} seed {seed}: left after {left:?}"
            );
            assert!(!offline_fallback(&ticks), "{name} seed {seed}");
        }
    }
}

/// Two healthy channels, the cheap one (0.2) 8 % slower than the dear one (1.0): the
/// default `balanced` weights pick the cheap one: ≥ 20 % lower cost of the primary than
/// `health` on the same trace, at ≤ +10 % mean latency.
#[test]
fn balanced_buys_a_cheaper_primary_for_a_little_latency() {
    let channels = [
        Channel::new("Dear", 150.0, "eu", 1.0),
        Channel::new("Cheap", 162.0, "eu", 0.2),
    ];
    // Which of the two `health` holds depends on the first ticks' noise (neither is
    // better by its margin), so the comparison is over the pooled seeds.
    let (mut hc, mut bc, mut hl, mut bl) = (0.0, 0.0, 0.0, 0.0);
    for seed in SEEDS {
        let health = run("", &channels, HOUR, seed);
        let balanced = run("[routing]\npolicy = \"balanced\"", &channels, HOUR, seed);
        let cost = |_: &run::Tick, p: &str| if p == "Cheap" { 0.2 } else { 1.0 };
        let latency = |t: &run::Tick, p: &str| t.mean(p).unwrap_or(f64::NAN);
        hc += primary_mean(&health, 12, cost);
        bc += primary_mean(&balanced, 12, cost);
        hl += primary_mean(&health, 12, latency);
        bl += primary_mean(&balanced, 12, latency);
        assert!(
            balanced[200].explain.starts_with("balanced: Cheap score"),
            "{}",
            balanced[200].explain
        );
    }
    assert!(bc <= 0.8 * hc, "cost {bc} vs health {hc}");
    assert!(bl <= 1.1 * hl, "latency {bl} vs health {hl}");
}

const REGIONS: &str =
    "[routing]\npolicy = \"region\"\nregion_order = [\"ap-northeast-2\", \"us-west-2\"]";

/// The first region's channels start failing at tick 100: the primary spills to the next
/// region within 2 ticks of the first tick that shows its primary unhealthy, never to the
/// faster unlisted region, and returns after recovery with exactly one more change.
#[test]
fn region_spills_within_two_ticks_and_returns_with_one_change() {
    for seed in SEEDS {
        let ticks = run(REGIONS, &gen::regional(), 2 * 200, seed);
        assert_eq!(ticks[90].primary.as_deref(), Some("Seoul-a"), "seed {seed}");
        let spill = ticks_to_leave(&ticks, 100, "Seoul-a", |t| {
            t.health("Seoul-a").is_some_and(|h| !h.is_healthy())
        });
        assert!(
            spill.is_some_and(|n| n <= 2),
            "seed {seed}: spilled after {spill:?}"
        );
        let moved: Vec<_> = ticks[99..]
            .windows(2)
            .filter(|w| w[0].primary != w[1].primary)
            .map(|w| w[1].primary.clone().unwrap_or_default())
            .collect();
        assert_eq!(moved, ["Oregon", "Seoul-a"], "seed {seed}");
        assert!(ticks
            .iter()
            .all(|t| t.primary.as_deref() != Some("Virginia")));
    }
}

/// A whole region down: left at once (OFFLINE primaries are replaced without waiting).
#[test]
fn a_region_outage_is_left_at_once() {
    let mut channels = gen::regional();
    for c in channels.iter_mut().take(2) {
        c.events = vec![Event::Outage { from: 100, to: 150 }];
    }
    for seed in SEEDS {
        let ticks = run(REGIONS, &channels, 200, seed);
        let left = ticks_to_leave(&ticks, 100, "Seoul-a", |t| {
            t.health("Seoul-a") == Some(Health::Offline)
        });
        assert_eq!(left, Some(0), "seed {seed}");
        assert_eq!(ticks[120].primary.as_deref(), Some("Oregon"));
    }
}

/// The Gateway drifts from 200 ms to 420 ms: the primary moves to Cloud (under 500 ms)
/// once, as the Python rule would, and stays; when Cloud drifts to 700 ms as well, the
/// last resort takes it — the health ranking stays on the fastest of the slow ones.
#[test]
fn ceiling_follows_the_python_rule_with_one_change_per_crossing() {
    let channels = [
        Channel::new("Gateway", 200.0, "eu", 0.5).with(Event::Drift {
            from: 60,
            to: 120,
            to_ms: 420.0,
        }),
        Channel::new("Cloud", 231.0, "eu", 0.5).with(Event::Drift {
            from: 200,
            to: 240,
            to_ms: 700.0,
        }),
        Channel::new("Local", 900.0, "eu", 0.0),
    ];
    for seed in SEEDS {
        let ticks = run(CEILING, &channels, 320, seed);
        assert_eq!(ticks[50].primary.as_deref(), Some("Gateway"));
        assert_eq!(ticks[180].primary.as_deref(), Some("Cloud"));
        assert_eq!(ticks[315].primary.as_deref(), Some("Local"));
        assert_eq!(changes(&ticks, |t| t.primary.clone()), 2, "seed {seed}");
        // Where the means are clear of the ceilings, the choice is the Python rule's.
        for t in &ticks[12..] {
            let (g, c) = (
                t.mean("Gateway").unwrap_or(999.0),
                t.mean("Cloud").unwrap_or(999.0),
            );
            let clear = (g - 300.0).abs() > 60.0 && (c - 500.0).abs() > 100.0;
            let python = if g < 300.0 {
                "Gateway"
            } else if c < 500.0 {
                "Cloud"
            } else {
                "Local"
            };
            if clear {
                assert_eq!(t.primary.as_deref(), Some(python), "{}", t.explain);
            }
        }
        assert!(
            ticks[180].explain.starts_with("ceiling: Gateway"),
            "{}",
            ticks[180].explain
        );
        let health = run("", &channels, 320, seed);
        assert_eq!(health[315].primary.as_deref(), Some("Gateway"));
    }
}

/// `--replay TRACE --config C --format json` through the binary: one JSON value a tick.
fn replay_lines(trace: &std::path::Path, cfg: &std::path::Path) -> Vec<serde_json::Value> {
    let out = common::switchboard()
        .args([
            "--replay",
            trace.to_str().expect("utf-8"),
            "--format",
            "json",
            "--config",
        ])
        .arg(cfg)
        .output()
        .expect("runs");
    assert!(
        out.status.code().is_some_and(|c| c <= 2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .expect("utf-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

/// A simulated channel with a fixed latency, for live configs.
fn simulated(name: &str, ms: u32) -> String {
    format!("[[channel]]\nname = \"{name}\"\nprobe = \"simulated\"\nlatency_ms = {ms}\njitter_ms = 0\n\n")
}

/// The binary: `--replay TRACE --config C --format json` prints the policy and its
/// sentence on every tick; without `[routing]`, `health`.
#[test]
fn replay_json_carries_policy_and_explain() {
    let channels = [
        Channel::new("Gateway", 412.0, "eu", 0.5),
        Channel::new("Cloud", 231.0, "eu", 0.5),
        Channel::new("Local", 900.0, "eu", 0.0),
    ];
    let dir = tempfile::tempdir().expect("tmp");
    let trace = dir.path().join("t.jsonl");
    std::fs::write(&trace, gen::trace(&channels, 30, 5)).expect("trace");
    for (routing, policy) in [(CEILING, "ceiling"), ("", "health")] {
        let cfg = dir.path().join(format!("{policy}.toml"));
        std::fs::write(
            &cfg,
            format!("{routing}\n\n{}", gen::channel_tables(&channels)),
        )
        .expect("cfg");
        let lines = replay_lines(&trace, &cfg);
        assert_eq!(lines.len(), 30);
        for v in &lines {
            assert_eq!(v["routing"]["policy"], policy);
            let explain = v["routing"]["explain"].as_str().expect("explain");
            assert!(explain.starts_with(&format!("{policy}: ")), "{explain}");
        }
        let last = &lines[29]["routing"];
        assert_eq!(last["recommended_primary"], "Cloud");
        if policy == "ceiling" {
            let explain = last["explain"].as_str().unwrap_or("");
            assert!(explain.starts_with("ceiling: Gateway "), "{explain}");
            assert!(explain.contains(" ms ≥ 300 ms, Cloud "), "{explain}");
            assert!(
                explain.ends_with(" ms < 500 ms → Cloud; runner-up Local"),
                "{explain}"
            );
        }
    }
}

/// Channels with regions: every replay tick summarises each region (channels, healthy,
/// pooled p95) in channel order.
#[test]
fn replay_json_summarises_each_region() {
    let channels = [
        Channel::new("Seoul", 40.0, "ap-northeast-2", 0.5),
        Channel::new("Oregon", 120.0, "us-west-2", 0.5),
        Channel::new("Busan", 60.0, "ap-northeast-2", 0.5),
    ];
    let dir = tempfile::tempdir().expect("tmp");
    let trace = dir.path().join("t.jsonl");
    std::fs::write(&trace, gen::trace(&channels, 20, 5)).expect("trace");
    let cfg = dir.path().join("c.toml");
    std::fs::write(&cfg, gen::channel_tables(&channels)).expect("cfg");
    let lines = replay_lines(&trace, &cfg);
    let regions = lines[19]["routing"]["regions"]
        .as_array()
        .expect("routing.regions")
        .clone();
    let names: Vec<&str> = regions
        .iter()
        .filter_map(|r| r["region"].as_str())
        .collect();
    assert_eq!(names, ["ap-northeast-2", "us-west-2"]);
    assert_eq!(regions[0]["channels"], 2);
    assert_eq!(regions[0]["healthy"], 2);
    let ap = regions[0]["p95_latency_ms"].as_f64().expect("a p95");
    let us = regions[1]["p95_latency_ms"].as_f64().expect("a p95");
    assert!(ap > 40.0 && ap < us, "ap {ap} ms, us {us} ms");
}

/// A live config with a policy: `--snapshot` JSON carries it, and ChatOps `explain`
/// answers "why Cloud?" from the same sentence, in the language asked.
#[test]
fn live_snapshot_and_chatops_explain_use_the_policy() {
    let dir = tempfile::tempdir().expect("tmp");
    let cfg = dir.path().join("c.toml");
    std::fs::write(
        &cfg,
        format!(
            "{CEILING}\n\n{}{}{}",
            simulated("Gateway", 412),
            simulated("Cloud", 231),
            simulated("Local", 900)
        ),
    )
    .expect("cfg");
    let out = common::switchboard()
        .args([
            "--snapshot",
            "--format",
            "json",
            "--samples",
            "3",
            "--config",
        ])
        .arg(&cfg)
        .output()
        .expect("runs");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["routing"]["policy"], "ceiling");
    assert_eq!(v["routing"]["recommended_primary"], "Cloud");
    assert_eq!(
        v["routing"]["explain"],
        "ceiling: Gateway 412 ms ≥ 300 ms, Cloud 231 ms < 500 ms → Cloud; runner-up Local"
    );
    for (q, label) in [
        ("why is Cloud primary?", "routing policy — "),
        ("왜 Cloud가 주 채널이야?", "라우팅 정책 — "),
    ] {
        let out = common::switchboard()
            .args(["--say", q, "--config"])
            .arg(&cfg)
            .output()
            .expect("runs");
        let reply = String::from_utf8(out.stdout).expect("utf-8");
        assert!(
            reply.contains(&format!("{label}ceiling: Gateway 412 ms ≥ 300 ms")),
            "{q}: {reply}"
        );
    }
}

/// `[[routing.task]]`: each task class routed by its own policy with its own holders,
/// in every replay tick's JSON, and listed by ChatOps routing answers.
#[test]
fn task_classes_get_their_own_routes() {
    let channels = [
        Channel::new("Gateway", 60.0, "eu", 1.0),
        Channel::new("Cloud", 150.0, "eu", 0.2),
        Channel::new("Local", 900.0, "eu", 0.0),
    ];
    let tasks =
        "[[routing.task]]\nname = \"code-review\"\npreferred = [\"Cloud\", \"Gateway\"]\n\n\
                 [[routing.task]]\nname = \"chat\"\n";
    let dir = tempfile::tempdir().expect("tmp");
    let trace = dir.path().join("t.jsonl");
    std::fs::write(&trace, gen::trace(&channels, 20, 9)).expect("trace");
    let cfg = dir.path().join("c.toml");
    std::fs::write(&cfg, format!("{tasks}\n{}", gen::channel_tables(&channels))).expect("cfg");
    let lines = replay_lines(&trace, &cfg);
    let last = lines.last().expect("a tick");
    let r = &last["routing"];
    assert_eq!(r["recommended_primary"], "Gateway");
    assert_eq!(r["tasks"][0]["name"], "code-review");
    assert_eq!(r["tasks"][0]["policy"], "ceiling");
    assert_eq!(r["tasks"][0]["recommended_primary"], "Cloud");
    assert_eq!(r["tasks"][0]["recommended_fallback"], "Gateway");
    assert_eq!(r["tasks"][1]["name"], "chat");
    assert_eq!(r["tasks"][1]["policy"], "health", "the main policy");
    assert_eq!(r["tasks"][1]["recommended_primary"], "Gateway");

    // ChatOps: a live config of simulated channels, asked where a task goes.
    std::fs::write(
        &cfg,
        format!(
            "{tasks}\n{}{}",
            simulated("Gateway", 60),
            simulated("Cloud", 150)
        ),
    )
    .expect("cfg");
    let out = common::switchboard()
        .args(["--say", "코드 리뷰는 어디로 보내?", "--config"])
        .arg(&cfg)
        .output()
        .expect("runs");
    let reply = String::from_utf8(out.stdout).expect("utf-8");
    assert!(
        reply.contains("작업 code-review: 주 채널 Cloud · 예비 Gateway"),
        "{reply}"
    );
}

/// Config mistakes are refused at load with their place.
#[test]
fn routing_config_errors_name_the_problem() {
    let base = "[[channel]]\nname = \"A\"\nprobe = \"simulated\"\n";
    for (routing, want) in [
        ("[routing]\npolicy = \"celing\"", "did you mean `ceiling`"),
        ("[routing]\npolicy = \"ceiling\"", "needs ceilings"),
        (
            "[routing]\npolicy = \"ceiling\"\nceilings = [{ channel = \"B\" }]",
            "unknown channel \"B\"",
        ),
        (
            "[[routing.task]]\nname = \"x\"\npolicy = \"health\"\nregion_order = [\"eu\"]",
            "region_order only applies to policy = \"region\"",
        ),
        (
            "[routing]\nregion_order = [\"\"]",
            "region_order: \"\" is empty or repeated",
        ),
        (
            "[routing]\npolicy = \"region\"\nregion_order = []",
            "region_order is empty",
        ),
        (
            "[routing]\npolicy = \"balanced\"\nweights = { cost = -1 }",
            "cost",
        ),
        (
            "[[routing.task]]\nname = \"x\"\nweights = { cost = 1 }",
            "name the task's policy",
        ),
    ] {
        let err = switchboard::config::Config::parse("c.toml", &format!("{routing}\n{base}"))
            .expect_err(routing)
            .to_string();
        assert!(
            err.contains(want) && err.starts_with("c.toml:"),
            "{routing}: {err}"
        );
    }
}

/// `[[route_target]]` and `[routing] apply`: a valid setup loads with its template
/// checked; each kind refuses the keys of another and unknown channels anywhere.
#[test]
fn route_targets_are_checked_at_load() {
    use switchboard::config::{ApplyMode, Config, TargetKind, TargetWrite};
    let dir = tempfile::tempdir().expect("tmp");
    let template = dir.path().join("litellm.yaml.in");
    std::fs::write(&template, "model_list:\n  - model_name: chat\n    litellm_params: { model: openai/a, order: {{order:Local}} }\n    model_info: { id: local-vllm }\n  - model_name: chat\n    litellm_params: { model: openai/b, order: {{order:Cloud}} }\n    model_info: { id: cloud-gpt }\n")
        .expect("template");
    let channels = "[[channel]]\nname = \"Local\"\nprobe = \"simulated\"\n[[channel]]\nname = \"Cloud\"\nprobe = \"simulated\"\n";
    let target = |extra: &str| {
        format!(
            "[routing]\napply = \"auto\"\nmin_interval = \"2m\"\n\n[[route_target]]\nname = \"proxy\"\nkind = \"litellm\"\n\
             url = \"http://127.0.0.1:4000\"\nadmin_key_env = \"LITELLM_MASTER_KEY\"\nmodel_group = \"chat\"\n\
             deployments = {{ Cloud = \"cloud-gpt\", Local = \"local-vllm\" }}\n{extra}\n{channels}"
        )
    };
    let ok = target(&format!(
        "template = {:?}\nconfig = \"/tmp/litellm.yaml\"\nreload = [\"systemctl\", \"reload\", \"litellm\"]",
        template.display().to_string()
    ));
    let cfg = Config::parse("c.toml", &ok).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(cfg.route_apply.mode, ApplyMode::Auto);
    assert_eq!(
        cfg.route_apply.min_interval,
        std::time::Duration::from_secs(120)
    );
    assert_eq!(
        cfg.route_apply.verify_timeout,
        std::time::Duration::from_secs(15)
    );
    let TargetKind::Litellm {
        deployments, write, ..
    } = &cfg.route_targets[0].kind
    else {
        panic!("{:?}", cfg.route_targets)
    };
    assert_eq!(
        deployments[0],
        ("Local".to_string(), "local-vllm".to_string()),
        "channel order"
    );
    assert!(matches!(write, TargetWrite::Config { reload, .. } if reload.len() == 3));
    assert_eq!(
        Config::parse("c.toml", channels)
            .expect("valid")
            .route_apply
            .mode,
        ApplyMode::Off,
        "off by default"
    );

    std::fs::write(dir.path().join("bad.in"), "order: {{order:Gateway}}").expect("bad template");
    let bad = dir.path().join("bad.in").display().to_string();
    for (toml, want) in [
        (target(&format!("template = {bad:?}\nconfig = \"/tmp/x\"")), "{{order:Gateway}} names no channel"),
        (target("config = \"/tmp/x\""), "needs template"),
        (target("write = \"api\"\nconfig = \"/tmp/x\""), "`config` does not apply"),
        (target("write = \"apl\""), "one of \"config\", \"api\""),
        (ok.replace("Cloud = \"cloud-gpt\"", "Clod = \"cloud-gpt\""), "unknown channel \"Clod\""),
        (ok.replace("apply = \"auto\"", "apply = \"yes\""), "one of off, confirm, auto"),
        (format!("[[route_target]]\nname = \"f\"\nkind = \"file\"\nurl = \"http://x\"\npath = \"/tmp/r.json\"\n{channels}"), "`url` does not apply to a file target"),
        (format!("[[route_target]]\nname = \"w\"\nkind = \"webhok\"\n{channels}"), "did you mean `webhook`"),
    ] {
        let err = Config::parse("c.toml", &toml).expect_err(&toml).to_string();
        assert!(err.contains(want) && err.starts_with("c.toml:"), "{want}: {err}");
    }
}
