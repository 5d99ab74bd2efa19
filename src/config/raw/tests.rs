//! Config loading: every error names file:line:column and says what to fix.

use super::*;

fn parse(text: &str) -> Result<Config, InputError> {
    Config::parse("cfg.toml", text)
}

fn err(text: &str) -> String {
    parse(text).expect_err("should be rejected").to_string()
}

const ONE: &str = "[[channel]]\nname = \"A\"\nprobe = \"tcp\"\naddress = \"127.0.0.1:1\"\n";

#[test]
fn demo_loads_with_three_simulated_channels() {
    let c = Config::demo();
    let names: Vec<_> = c.channels.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Local", "Cloud", "Gateway"]);
    assert!(c.channels.iter().all(|c| c.probe.kind() == "simulated"));
    assert_eq!(c.poll.interval, Duration::from_secs(2));
    assert_eq!(c.actions, ["restart_worker", "check_gateway"]);
    assert!(c.is_demo());
}

/// What `--print-default-config` prints spells out the defaults: every setting it writes
/// equals what a config that leaves the section out gets.
#[test]
fn the_printed_default_config_holds_exactly_the_defaults() {
    let printed = Config::parse("default.toml", crate::config::DEFAULT_TOML).expect("valid");
    let bare = parse(ONE).expect("valid");
    assert_eq!(printed.poll, bare.poll);
    assert_eq!(printed.thresholds, bare.thresholds);
    assert_eq!(printed.recovery, bare.recovery);
    assert_eq!(printed.actions, bare.actions);
    assert_eq!(printed.history, bare.history);
    assert!(
        !printed.recovery.auto,
        "a real setup starts with auto = false"
    );
    assert!(!printed.is_demo());
    assert!(
        printed.action_defs.is_empty(),
        "actions are examples, commented out"
    );
}

#[test]
fn defaults_follow_the_spec() {
    let c = parse(ONE).expect("valid");
    assert_eq!(c.poll.interval, Duration::from_secs(5));
    assert_eq!(c.poll.window, Duration::from_secs(300));
    assert_eq!(
        c.poll.flap,
        FlapRule {
            down_after: 2,
            up_after: 2
        }
    );
    assert_eq!(c.thresholds, Thresholds::default());
    let ch = &c.channels[0];
    assert_eq!(ch.timeout, Duration::from_secs(2));
    assert_eq!(ch.interval, Duration::from_secs(5));
    assert!(!ch.optional);
}

#[test]
fn spec_example_keys_load() {
    let c = parse(
        r#"
[poll]
interval = "5s"
window = "5m"
down_after = 2
up_after = 2

[[channel]]
name = "Gateway"
probe = "openai"
url = "http://127.0.0.1:4000/"
api_key_env = "GATEWAY_API_KEY"
timeout = "2s"
optional = false
region = "ap-northeast-2"
cost_per_1k_tokens = 0.6

[[channel]]
name = "Local"
probe = "tcp"
address = "127.0.0.1:11434"

[[channel]]
name = "Worker"
probe = "command"
command = ["systemctl", "is-active", "llm-worker"]
"#,
    )
    .expect("valid");
    assert_eq!(
        c.channels[0].probe,
        ProbeSpec::OpenAi {
            base_url: "http://127.0.0.1:4000".into(),
            model: None,
            completion: false,
        }
    );
    assert_eq!(
        c.channels[0].api_key_env.as_deref(),
        Some("GATEWAY_API_KEY")
    );
    assert_eq!(c.channels[0].region.as_deref(), Some("ap-northeast-2"));
    assert_eq!(c.channels[2].probe.kind(), "command");
}

#[test]
fn unknown_key_suggests_the_right_one() {
    let e = err("[poll]\nintervl = \"5s\"\n");
    assert!(
        e.starts_with("cfg.toml:2:1: unknown field `intervl`"),
        "{e}"
    );
    assert!(e.contains("did you mean `interval`?"), "{e}");
    let e = err(&format!("{ONE}adress = \"x\"\n"));
    assert!(e.contains("did you mean `address`?"), "{e}");
    let e = err(&format!("{ONE}[bogus]\nx = 1\n"));
    assert!(e.contains("unknown field `bogus`"), "{e}");
}

#[test]
fn bad_url_is_pointed_at() {
    let e = err("[[channel]]\nname = \"G\"\nprobe = \"openai\"\nurl = \"localhost:4000\"\n");
    assert!(e.starts_with("cfg.toml:4:7: bad URL"), "{e}");
    let e = err("[[channel]]\nname = \"G\"\nprobe = \"http\"\nurl = \"not a url\"\n");
    assert!(e.starts_with("cfg.toml:4:7: bad URL \"not a url\""), "{e}");
}

#[test]
fn duplicate_channel_names_the_second() {
    let e = err(&format!("{ONE}{ONE}"));
    assert_eq!(e, "cfg.toml:6:8: duplicate channel name \"A\"");
}

#[test]
fn zero_channels() {
    assert_eq!(
        err("[poll]\ninterval = \"5s\"\n"),
        "cfg.toml: no channels: add at least one [[channel]] table (or a [prometheus] table)"
    );
    assert_eq!(
        err(""),
        "cfg.toml: no channels: add at least one [[channel]] table (or a [prometheus] table)"
    );
}

#[test]
fn zero_interval_and_bad_durations() {
    let e = err(&format!("[poll]\ninterval = \"0s\"\n{ONE}"));
    assert_eq!(e, "cfg.toml:2:12: interval must be greater than 0");
    let e = err(&format!("{ONE}interval = \"0ms\"\n"));
    assert!(
        e.starts_with("cfg.toml:5:12: interval must be greater than 0"),
        "{e}"
    );
    let e = err(&format!("[poll]\nwindow = \"five minutes\"\n{ONE}"));
    assert!(
        e.starts_with("cfg.toml:2:10: bad duration \"five minutes\""),
        "{e}"
    );
}

#[test]
fn timeout_longer_than_interval() {
    let e = err(&format!("{ONE}interval = \"1s\"\ntimeout = \"3s\"\n"));
    assert_eq!(
        e,
        "cfg.toml:6:11: timeout 3s is longer than the probe interval 1s"
    );
}

#[test]
fn probe_kind_and_required_fields() {
    let e = err("[[channel]]\nname = \"A\"\nprobe = \"htp\"\n");
    assert!(
        e.starts_with("cfg.toml:3:9: unknown probe \"htp\" (did you mean `http`?)"),
        "{e}"
    );
    let e = err("[[channel]]\nname = \"A\"\nprobe = \"tcp\"\n");
    assert_eq!(e, "cfg.toml:3:9: probe = \"tcp\" needs `address`");
    let e = err("[[channel]]\nname = \"A\"\nprobe = \"tcp\"\naddress = \"nohost\"\n");
    assert!(e.contains("expected host:port"), "{e}");
    let e = err("[[channel]]\nname = \"A\"\nprobe = \"command\"\ncommand = []\n");
    assert!(e.contains("command must name a program"), "{e}");
    let e =
        err("[[channel]]\nname = \"A\"\nprobe = \"tcp\"\naddress = \"h:1\"\nurl = \"http://x\"\n");
    assert!(e.contains("`url` is not used by probe = \"tcp\""), "{e}");
    let e = err("[[channel]]\nprobe = \"tcp\"\naddress = \"h:1\"\n");
    assert!(e.contains("missing field `name`"), "{e}");
}

#[test]
fn flap_counts_must_be_positive() {
    let e = err(&format!("[poll]\ndown_after = 0\n{ONE}"));
    assert_eq!(e, "cfg.toml:2:14: down_after must be at least 1");
}

#[test]
fn wrong_types_are_positioned() {
    let e = err(&format!("{ONE}optional = \"yes\"\n"));
    assert!(e.starts_with("cfg.toml:5:12:"), "{e}");
    let e = err("[[channel]\nname=1");
    assert!(e.starts_with("cfg.toml:1:"), "{e}");
}

#[test]
fn chatops_vocabulary_is_kept() {
    let c = parse(&format!(
        "{ONE}[chatops.phrases]\nstatus = [\"상황판\"]\n[chatops.aliases]\nA = [\"에이\"]\n"
    ))
    .expect("valid");
    assert_eq!(c.chatops.phrases["status"], ["상황판"]);
    assert_eq!(c.chatops.aliases["A"], ["에이"]);
}

#[test]
fn chatops_vocabulary_names_real_intents_and_channels() {
    let e = err(&format!("{ONE}[chatops.phrases]\nstauts = [\"x\"]\n"));
    assert_eq!(
        e,
        "cfg.toml:6:1: unknown intent \"stauts\" (did you mean `status`?)"
    );
    let e = err(&format!("{ONE}[chatops.aliases]\nB = [\"비\"]\n"));
    assert!(
        e.starts_with("cfg.toml:6:1: aliases for unknown channel \"B\""),
        "{e}"
    );
}

/// Huge durations and counts are refused at their place, so the
/// poller, the window and the semaphore never see a value they would overflow on.
#[test]
fn every_duration_and_count_is_bounded_at_load() {
    let huge = "18446744073709551615s";
    let cases = [
        (
            format!("[poll]\ninterval = \"{huge}\"\n{ONE}"),
            "cfg.toml:2:12: interval ",
        ),
        (
            format!("[poll]\nwindow = \"{huge}\"\n{ONE}"),
            "cfg.toml:2:10: window ",
        ),
        (
            format!("[poll]\nconcurrency = 2305843009213693952\n{ONE}"),
            "cfg.toml:2:15: concurrency ",
        ),
        (
            format!("[poll]\ndown_after = 4000000000\n{ONE}"),
            "cfg.toml:2:14: down_after ",
        ),
        (
            format!("[recovery]\ncooldown = \"{huge}\"\n{ONE}"),
            "cfg.toml:2:12: cooldown ",
        ),
        (
            format!("[recovery]\nmax_attempts = 4000000000\n{ONE}"),
            "cfg.toml:2:16: max_attempts ",
        ),
        (
            format!("{ONE}interval = \"{huge}\"\n"),
            "cfg.toml:5:12: interval ",
        ),
        (
            format!("[[action]]\nname = \"a\"\ncommand = [\"true\"]\ntimeout = \"{huge}\"\n{ONE}"),
            "cfg.toml:4:11: timeout ",
        ),
    ];
    for (text, start) in cases {
        let e = err(&text);
        assert!(e.starts_with(start), "{e}");
        assert!(
            e.contains("is too long") || e.contains("is too large"),
            "{e}"
        );
    }
    // The largest allowed values load.
    let ok = format!("[poll]\ninterval = \"1day\"\nwindow = \"1day\"\nconcurrency = 65536\ndown_after = 1000\n{ONE}");
    parse(&ok).expect("the bounds themselves are fine");
}

/// Credentials in a URL never reach a message, and userinfo
/// together with api_key_env (two Authorization headers) is refused.
#[test]
fn url_credentials_are_redacted_and_never_combined_with_a_key() {
    let e = err(
        "[[channel]]\nname = \"G\"\nprobe = \"http\"\nurl = \"https://ops:hunter2@gw .example/\"\n",
    );
    assert!(
        e.starts_with("cfg.toml:4:7: bad URL \"https://***@gw .example/\""),
        "{e}"
    );
    assert!(!e.contains("hunter2"), "{e}");
    let e = err("[[channel]]\nname = \"G\"\nprobe = \"openai\"\nurl = \"https://ops:hunter2@gw.example\"\napi_key_env = \"K\"\n");
    assert!(
        e.starts_with("cfg.toml:4:7: url carries credentials"),
        "{e}"
    );
    assert!(!e.contains("hunter2"), "{e}");
    // Userinfo alone is the operator's choice (basic auth) and loads.
    parse(
        "[[channel]]\nname = \"G\"\nprobe = \"http\"\nurl = \"https://ops:hunter2@gw.example\"\n",
    )
    .expect("userinfo without api_key_env");
}

/// TOML's nan and inf, and absurd numbers, are refused at their place.
#[test]
fn non_finite_and_absurd_numbers_are_refused() {
    let e = err(&format!(
        "[thresholds]\nexcellent_availability = nan\n{ONE}"
    ));
    assert_eq!(
        e,
        "cfg.toml:2:26: excellent_availability must be a finite number, not NaN"
    );
    let e = err(&format!("[thresholds]\ngood_latency_ms = inf\n{ONE}"));
    assert!(
        e.starts_with("cfg.toml:2:19: good_latency_ms must be a finite"),
        "{e}"
    );
    let e = err(&format!("[thresholds]\ndegraded_availability = 150\n{ONE}"));
    assert!(
        e.contains("degraded_availability 150 is out of range (0–100)"),
        "{e}"
    );
    let e = err(&format!("{ONE}cost_per_1k_tokens = -0.5\n"));
    assert!(
        e.starts_with("cfg.toml:5:22: cost_per_1k_tokens -0.5 is out of range"),
        "{e}"
    );
    let e = err("[[channel]]\nname = \"S\"\nprobe = \"simulated\"\nerror_rate = 2.0\n");
    assert!(
        e.starts_with("cfg.toml:4:14: error_rate 2 is out of range (0–1)"),
        "{e}"
    );
}

/// An NFD spelling of a name already given in NFC is a duplicate.
#[test]
fn look_alike_channel_names_are_duplicates() {
    let nfc = "\u{AC8C}\u{C774}\u{D2B8}\u{C6E8}\u{C774}"; // 게이트웨이
    let nfd: String = unicode_normalization::UnicodeNormalization::nfd(nfc).collect();
    let ch = |n: &str| {
        format!("[[channel]]\nname = \"{n}\"\nprobe = \"tcp\"\naddress = \"127.0.0.1:1\"\n")
    };
    let c = parse(&ch(&nfd)).expect("one channel");
    assert_eq!(c.channels[0].name, nfc, "stored in NFC");
    let e = err(&format!("{}{}", ch(nfc), ch(&nfd)));
    assert!(e.starts_with("cfg.toml:6:8: duplicate channel name"), "{e}");
    assert!(
        e.contains("same as channel 1 (\"게이트웨이\") once case and width are ignored"),
        "{e}"
    );
}

/// Case variants and fullwidth forms name the same channel to a reader.
#[test]
fn case_and_width_variants_are_duplicates() {
    let ch = |n: &str| {
        format!("[[channel]]\nname = \"{n}\"\nprobe = \"tcp\"\naddress = \"127.0.0.1:1\"\n")
    };
    for (a, b) in [
        ("Gateway", "gateway"),
        (
            "Gateway",
            "\u{ff27}\u{ff41}\u{ff54}\u{ff45}\u{ff57}\u{ff41}\u{ff59}",
        ),
        ("STRASSE", "stra\u{df}e".to_uppercase().as_str()),
    ] {
        let e = err(&format!("{}{}", ch(a), ch(b)));
        assert!(e.contains("duplicate channel name"), "{a} / {b}: {e}");
    }
    assert!(parse(&format!("{}{}", ch("Gateway"), ch("Gateway2"))).is_ok());
}

/// Loading is linear in the number of channels and actions: 100,000 channels, each
/// bound to one of 50,000 actions, used to take minutes (a search per name).
#[test]
fn a_huge_config_loads_in_linear_time() {
    let mut text = String::with_capacity(16 << 20);
    for i in 0..50_000 {
        text.push_str(&format!(
            "[[action]]\nname = \"a{i}\"\ncommand = [\"true\"]\n"
        ));
    }
    for i in 0..100_000 {
        text.push_str(&format!(
            "[[channel]]\nname = \"c{i}\"\nprobe = \"tcp\"\naddress = \"127.0.0.1:1\"\nactions = [\"a{}\"]\n",
            i % 50_000
        ));
    }
    let started = std::time::Instant::now();
    let c = parse(&text).expect("loads");
    let took = started.elapsed();
    assert_eq!((c.channels.len(), c.action_defs.len()), (100_000, 50_000));
    // Generous for an unoptimised build on a busy machine; quadratic took minutes.
    assert!(took < std::time::Duration::from_secs(20), "{took:?}");
    eprintln!("100,000 channels and 50,000 actions loaded in {took:?}");
}

#[test]
fn history_defaults_to_seven_days_and_checks_its_retention() {
    let c = parse(ONE).expect("valid");
    assert_eq!(c.history, HistorySettings::default());
    assert_eq!(c.history.retention, Duration::from_secs(7 * 86_400));
    let c = parse(&format!(
        "[history]\nenabled = false\nretention = \"36h\"\n{ONE}"
    ))
    .unwrap();
    assert!(!c.history.enabled);
    assert_eq!(c.history.retention, Duration::from_secs(36 * 3600));
    let e = err(&format!("[history]\nretention = \"10m\"\n{ONE}"));
    assert!(e.starts_with("cfg.toml:2:13: retention"), "{e}");
    let e = err(&format!("[history]\nretention = \"soon\"\n{ONE}"));
    assert!(e.starts_with("cfg.toml:2:13: bad duration"), "{e}");
    let e = err(&format!("[history]\nretain = \"1d\"\n{ONE}"));
    assert!(e.contains("retention"), "did you mean: {e}");
}

#[test]
fn history_max_size_defaults_to_a_gib_and_is_at_least_a_mib() {
    assert_eq!(parse(ONE).unwrap().history.max_bytes, 1 << 30);
    let c = parse(&format!("[history]\nmax_size = 67108864\n{ONE}")).unwrap();
    assert_eq!(c.history.max_bytes, 64 << 20);
    let e = err(&format!("[history]\nmax_size = 1000\n{ONE}"));
    assert!(
        e.starts_with("cfg.toml:2:12: max_size must be at least 1048576 bytes"),
        "{e}"
    );
    let e = err(&format!("[history]\nmax_size = \"1G\"\n{ONE}"));
    assert!(e.starts_with("cfg.toml:2:12: invalid type"), "{e}");
}

#[test]
fn predictive_routing_is_off_unless_asked_and_must_be_a_boolean() {
    assert!(!parse(ONE).expect("loads").route_predictive);
    let on = format!("{ONE}[routing]\npredictive = true\n");
    assert!(parse(&on).expect("loads").route_predictive);
    let bad = format!("{ONE}[routing]\npredictive = \"yes\"\n");
    assert!(err(&bad).contains("cfg.toml:"), "{}", err(&bad));
}
