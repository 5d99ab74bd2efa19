use super::*;
use crate::monitor::MonitorSettings;
use crate::snapshot::SourceInfo;

fn vector(series: &[(&str, &str)]) -> String {
    let result: Vec<String> = series
        .iter()
        .map(|(instance, v)| {
            format!(r#"{{"metric":{{"__name__":"probe_success","instance":"{instance}","job":"bb"}},"value":[1764000000.5,"{v}"]}}"#)
        })
        .collect();
    format!(
        r#"{{"status":"success","data":{{"resultType":"vector","result":[{}]}}}}"#,
        result.join(",")
    )
}

fn joined(up: &[(&str, &str)], lat: &[(&str, &str)]) -> Result<Vec<Seen>, String> {
    join(vector(up).as_bytes(), vector(lat).as_bytes(), "instance")
}

#[test]
fn one_channel_per_label_value_sorted_with_its_latency() {
    let seen = joined(
        &[("b:80", "1"), ("a:80", "0")],
        &[("a:80", "3.5"), ("b:80", "1.25")],
    )
    .unwrap();
    let names: Vec<&str> = seen.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["a:80", "b:80"]);
    assert!(!seen[0].ok);
    assert_eq!(
        seen[0].error.as_deref(),
        Some("down (up_query is 0 or NaN)")
    );
    assert_eq!(
        seen[1],
        Seen {
            name: "b:80".into(),
            ok: true,
            latency_ms: Some(1.25),
            error: None
        }
    );
}

#[test]
fn up_without_a_usable_latency_is_a_failure_that_says_so() {
    for lat in ["NaN", "+Inf", "-1", "1e12"] {
        let seen = joined(&[("a", "1"), ("b", "1")], &[("a", lat), ("b", "2")]).unwrap();
        assert!(!seen[0].ok, "{lat}");
        assert!(seen[0]
            .error
            .as_deref()
            .unwrap()
            .contains("latency_query has no usable value"));
        assert!(seen[1].ok);
    }
    let seen = joined(&[("a", "1"), ("b", "1")], &[("b", "2")]).unwrap();
    assert!(!seen[0].ok && seen[1].ok);
}

#[test]
fn nan_up_is_down() {
    let seen = joined(&[("a", "NaN")], &[("a", "2")]).unwrap();
    assert!(!seen[0].ok);
}

#[test]
fn duplicate_label_values_take_the_worst_series() {
    let seen = joined(
        &[("a", "1"), ("a", "0"), ("a", "1"), ("b", "1"), ("b", "1")],
        &[("a", "2"), ("b", "2"), ("b", "9"), ("b", "NaN")],
    )
    .unwrap();
    assert_eq!(seen.len(), 2);
    assert_eq!(
        seen[0].error.as_deref(),
        Some("down in 1 of 3 series of up_query")
    );
    assert!(seen[1].ok);
    assert_eq!(seen[1].latency_ms, Some(9.0), "the slowest prober");
}

#[test]
fn hostile_label_values_become_clean_names_and_empty_ones_are_left_out() {
    let seen = joined(
        &[("\\u001b[31mred", "1"), ("  ", "1")],
        &[("\\u001b[31mred", "2")],
    )
    .unwrap();
    assert_eq!(seen.len(), 1);
    assert!(!seen[0].name.contains('\u{1b}'), "{:?}", seen[0].name);
}

#[test]
fn answers_that_are_not_instant_vectors_are_source_errors() {
    let ok = vector(&[("a", "1")]);
    let cases = [
        ("<html>", "not Prometheus's query API JSON"),
        (
            r#"{"status":"error","errorType":"bad_data","error":"parse error at char 3"}"#,
            "query failed: parse error",
        ),
        (
            r#"{"status":"success","data":{"resultType":"matrix","result":[]}}"#,
            "instant vector",
        ),
        (
            r#"{"status":"success","data":{"resultType":"scalar","result":[1,"1"]}}"#,
            "instant vector",
        ),
        (r#"{"status":"success"}"#, "no data"),
    ];
    for (body, says) in cases {
        let e = join(body.as_bytes(), ok.as_bytes(), "instance").unwrap_err();
        assert!(e.contains(says), "{body}: {e}");
        let e = join(ok.as_bytes(), body.as_bytes(), "instance").unwrap_err();
        assert!(e.contains(says), "{body}: {e}");
    }
}

#[test]
fn a_label_no_series_has_is_a_source_error_and_an_empty_answer_is_not() {
    let e = join(
        vector(&[("a", "1")]).as_bytes(),
        vector(&[("a", "1")]).as_bytes(),
        "target",
    )
    .unwrap_err();
    assert!(
        e.contains("none of its 1 series has the label `target`"),
        "{e}"
    );
    let e = joined(&[("a", "1")], &[]).unwrap_err();
    assert!(e.starts_with("latency_query: none of its 0 series"), "{e}");
    assert_eq!(joined(&[], &[]).unwrap(), Vec::new());
}

fn cfg() -> PrometheusFleet {
    PrometheusFleet {
        url: "http://127.0.0.1:9".into(),
        channel_label: "instance".into(),
        up_query: "probe_success".into(),
        latency_query: "probe_duration_seconds * 1000".into(),
        optional: true,
        interval: Duration::from_secs(5),
        timeout: Duration::from_secs(2),
        api_key_env: None,
    }
}

fn monitor(configured: &[&str]) -> Monitor {
    let settings = MonitorSettings {
        policy: crate::domain::Policy::default(),
        window_ms: 60_000,
        flap: crate::domain::FlapRule {
            down_after: 2,
            up_after: 2,
        },
        keep_history: false,
        choices: Vec::new(),
        policy_set_by: None,
    };
    let metas = configured
        .iter()
        .map(|n| ChannelMeta {
            name: n.to_string(),
            ..ChannelMeta::default()
        })
        .collect();
    Monitor::new(settings, metas, SourceInfo::default())
}

fn up(names: &[&str]) -> Result<Vec<Seen>, String> {
    Ok(names
        .iter()
        .map(|n| Seen {
            name: n.to_string(),
            ok: true,
            latency_ms: Some(5.0),
            error: None,
        })
        .collect())
}

fn names(m: &mut Monitor, at: i64) -> Vec<String> {
    m.snapshot(at, None)
        .channels
        .iter()
        .map(|c| c.name().to_string())
        .collect()
}

#[test]
fn channels_appear_and_are_dropped_after_missing_forget_after_answers() {
    let mut m = monitor(&["Local"]);
    let mut f = Fleet::new(&cfg(), &["Local".to_string()], 60_000);
    f.apply(&mut m, up(&["a", "b"]), 1_000);
    assert_eq!(names(&mut m, 1_000), ["Local", "a", "b"]);
    let s = m.snapshot(1_000, None);
    assert!(
        s.channel("a").unwrap().eval.input.optional,
        "optional = true"
    );
    for k in 1..FORGET_AFTER {
        f.apply(&mut m, up(&["a"]), 1_000 + 5_000 * i64::from(k));
        assert_eq!(names(&mut m, 1_000), ["Local", "a", "b"], "missing {k}");
    }
    f.apply(&mut m, up(&["a", "c"]), 30_000);
    assert_eq!(names(&mut m, 30_000), ["Local", "a", "c"]);
    assert_eq!(f.len(), 2);
}

#[test]
fn a_configured_channel_wins_over_a_discovered_one_of_its_name() {
    let mut m = monitor(&["a"]);
    let mut f = Fleet::new(&cfg(), &["a".to_string()], 60_000);
    let down = Ok(vec![Seen {
        name: "a".into(),
        ok: false,
        latency_ms: None,
        error: Some("down".into()),
    }]);
    f.apply(&mut m, down, 1_000);
    let s = m.snapshot(1_000, None);
    assert_eq!(s.channels.len(), 1);
    assert_eq!(
        s.channel("a").unwrap().details.samples.map(|n| n.get()),
        Some(0.0)
    );
    assert!(
        !s.channel("a").unwrap().eval.input.optional,
        "still the configured one"
    );
}

#[test]
fn a_source_error_blames_no_channel_and_makes_the_snapshot_unknown() {
    let mut m = monitor(&[]);
    let mut f = Fleet::new(&cfg(), &[], 60_000);
    f.apply(&mut m, up(&["a", "b"]), 1_000);
    f.apply(&mut m, up(&["a", "b"]), 6_000);
    for k in 0..10 {
        f.apply(&mut m, Err("connection refused".into()), 11_000 + 5_000 * k);
    }
    let s = m.snapshot(56_000, None);
    assert_eq!(s.source.error.as_deref(), Some("connection refused"));
    assert_eq!(s.status, crate::domain::Status::Unknown);
    assert_eq!(s.channels.len(), 2, "errors are not answers without them");
    for c in &s.channels {
        assert_ne!(
            c.eval.health,
            crate::domain::Health::Offline,
            "{}",
            c.name()
        );
        assert_eq!(c.details.consecutive_failures, 0);
    }
    // Longer than the window: they would be judged on nothing, so they leave.
    f.apply(&mut m, Err("connection refused".into()), 70_000);
    assert!(names(&mut m, 70_000).is_empty());
    f.apply(&mut m, up(&["a"]), 75_000);
    let s = m.snapshot(75_000, None);
    assert_eq!(s.source.error, None, "an answer clears the error");
    assert_eq!(names(&mut m, 75_000), ["a"]);
}

#[test]
fn a_channel_found_again_starts_with_its_history() {
    let mut m = monitor(&[]);
    let mut f = Fleet::new(&cfg(), &[], 60_000);
    let mut past = FxHashMap::default();
    let failed = vec![(40_000, false, None), (45_000, false, None)];
    past.insert(
        "a".to_string(),
        (vec![(40_000, None), (45_000, None)], failed),
    );
    past.insert(
        "gone".to_string(),
        (Vec::new(), vec![(45_000, true, Some(1.0))]),
    );
    f.remember(past);
    f.apply(&mut m, up(&["a"]), 50_000);
    let s = m.snapshot(50_000, None);
    let a = s.channel("a").unwrap();
    assert_eq!(
        a.details.samples.map(|n| n.get()),
        Some(3.0),
        "two from history"
    );
    assert_eq!(
        a.eval.input.availability.get(),
        33.33,
        "judged with its past"
    );
    assert_eq!(s.channels.len(), 1);
    assert!(f.past.is_empty(), "the first answer settles who is left");
}
