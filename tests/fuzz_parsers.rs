//! Fuzzing every parser with proptest: the metrics file, the config, a replay
//! line and ChatOps text each take 10,000 generated inputs — random bytes, text made of
//! the format's own characters, and valid samples with random edits — and must never
//! panic; a rejected input always gets a clear, positioned, non-empty message.

use proptest::prelude::*;
use proptest::test_runner::Config as RunnerConfig;
use switchboard::chatops::Engine;
use switchboard::config::Config;
use switchboard::source::metrics_file::MetricsFile;
use switchboard::source::replay::{parse_record, TsCache};

const CASES: u32 = 10_000;

fn runner() -> RunnerConfig {
    RunnerConfig {
        cases: CASES,
        // Failures are reported, not stored: the inputs are cheap to regenerate.
        failure_persistence: None,
        ..RunnerConfig::default()
    }
}

/// A valid sample with up to eight random edits (insert, delete or replace a character).
fn mutated(samples: &'static [&'static str], alphabet: &'static str) -> BoxedStrategy<String> {
    let letters: Vec<char> = alphabet.chars().collect();
    (
        prop::sample::select(samples),
        prop::collection::vec(
            (
                any::<prop::sample::Index>(),
                0u8..3,
                prop::sample::select(letters),
            ),
            0..8,
        ),
    )
        .prop_map(|(sample, edits)| {
            let mut chars: Vec<char> = sample.chars().collect();
            for (at, op, c) in edits {
                let i = at.index(chars.len() + 1);
                match op {
                    0 => chars.insert(i, c),
                    1 if i < chars.len() => {
                        chars.remove(i);
                    }
                    _ if i < chars.len() => chars[i] = c,
                    _ => chars.push(c),
                }
            }
            chars.into_iter().collect()
        })
        .boxed()
}

/// Random bytes, text over the format's alphabet, and mutated valid samples.
fn inputs(samples: &'static [&'static str], alphabet: &'static str) -> BoxedStrategy<Vec<u8>> {
    let class = format!("[{}]{{0,160}}", regex_escape(alphabet));
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..200),
        prop::string::string_regex(&class)
            .expect("a valid class")
            .prop_map(String::into_bytes),
        mutated(samples, alphabet).prop_map(String::into_bytes),
        mutated(samples, alphabet).prop_map(String::into_bytes),
    ]
    .boxed()
}

fn regex_escape(alphabet: &str) -> String {
    alphabet
        .chars()
        .map(|c| match c {
            '\\' | ']' | '[' | '^' | '-' | '&' | '~' => format!("\\{c}"),
            '\n' => "\\n".to_string(),
            c => c.to_string(),
        })
        .collect()
}

const METRICS: &[&str] = &[
    r#"{"Channels":{"Local":{"Availability":99.8,"Mean":38.4,"P95":71,"Trend":{"Direction":"IMPROVING"}},"Cloud":{"Availability":100,"Mean":268.91}},"OptionalChannels":{"Edge":{}},"OverallHealth":"GOOD","EffectiveAvailability":99.9,"Timestamp":"2026-11-24T10:00:00Z"}"#,
    r#"{"Health":{"Status":"DEGRADED","AvgAvailability":91},"Generated":"2026-11-24","Channels":{"게이트웨이":{"Availability":90,"Mean":1e3,"HourlyLatency":[1,2,3],"BaselineAlerts":2}}}"#,
];
const JSON_ALPHABET: &str = "{}[]\":,.0123456789eE+-truefalsnulNaIfiy ChanelsMvbTdDrcGOD\\u게";

#[test]
fn metrics_file_parser_never_panics() {
    proptest!(runner(), |(bytes in inputs(METRICS, JSON_ALPHABET))| {
        match MetricsFile::parse("f.json", &bytes) {
            Ok(f) => {
                // Whatever parses also evaluates.
                let _ = f.snapshot(&Default::default(), "f.json");
            }
            Err(e) => {
                let m = e.to_string();
                prop_assert!(m.starts_with("f.json") && m.len() > "f.json: ".len(), "{}", m);
            }
        }
    });
}

const TOML_SAMPLES: &[&str] = &[
    "[poll]\ninterval = \"5s\"\nwindow = \"5m\"\ndown_after = 2\n\n[[channel]]\nname = \"Gateway\"\nprobe = \"openai\"\nurl = \"http://127.0.0.1:4000\"\napi_key_env = \"K\"\ntimeout = \"2s\"\nregion = \"ap\"\ncost_per_1k_tokens = 0.6\n",
    "[thresholds]\nexcellent_availability = 99.0\n[recovery]\ncooldown = \"5m\"\nmax_attempts = 3\n[[action]]\nname = \"restart\"\ncommand = [\"true\"]\n[[channel]]\nname = \"Local\"\nprobe = \"tcp\"\naddress = \"127.0.0.1:11434\"\nactions = [\"restart\"]\n",
    "[[channel]]\nname = \"S\"\nprobe = \"simulated\"\nlatency_ms = 50\nerror_rate = 0.1\n[[channel.incident]]\nevery = \"1m\"\nduration = \"10s\"\nkind = \"slow\"\nfactor = 4\n",
];
const TOML_ALPHABET: &str = "[]=\"\n .,0123456789smhdnaiftpolcueryrwkxz_:/#";

#[test]
fn config_parser_never_panics() {
    proptest!(runner(), |(bytes in inputs(TOML_SAMPLES, TOML_ALPHABET))| {
        let text = String::from_utf8_lossy(&bytes);
        if let Err(e) = Config::parse("c.toml", &text) {
            let m = e.to_string();
            prop_assert!(m.starts_with("c.toml") && m.len() > "c.toml: ".len(), "{}", m);
        }
    });
}

const RECORDS: &[&str] = &[
    r#"{"ts":"2026-11-24T10:00:00Z","channel":"Gateway","ok":true,"latency_ms":231.5,"error":null}"#,
    r#"{"ts":"2026-11-24T10:00:05+09:00","channel":"로컬","ok":false,"latency_ms":null,"error":"timeout","status":503,"region":"ap","cost_per_1k_tokens":0.6}"#,
];
const RECORD_ALPHABET: &str = "{}\":,.0123456789TZ+-truefalsnulokchaem_tsy ";

#[test]
fn replay_line_parser_never_panics() {
    proptest!(runner(), |(bytes in inputs(RECORDS, RECORD_ALPHABET))| {
        let line = String::from_utf8_lossy(&bytes);
        let mut cache = TsCache::default();
        if let Some(Err(problem)) = parse_record(&line, &mut cache) {
            prop_assert!(!problem.trim().is_empty());
        }
    });
}

const UTTERANCES: &[&str] = &[
    "오케스트레이션 상태 알려줘",
    "게이트웨이 왜 느려?",
    "복구 필요해?",
    "why is Gateway degraded",
    "run recovery on Cloud",
    "다음 10분 예측",
];
const CHAT_ALPHABET: &str = "오케스트레이션상태복구실행게이트웨이왜? abcdefghijklmnopqrstuvwxyz0123456789.!,\u{1100}\u{1161}\u{11a8}\u{202e}";

#[test]
fn chatops_text_never_panics() {
    let engine = Engine::with_channels(&["Local", "Cloud", "Gateway", "로컬"]);
    proptest!(runner(), |(bytes in inputs(UTTERANCES, CHAT_ALPHABET))| {
        let text = String::from_utf8_lossy(&bytes);
        let c = engine.classify(&text);
        prop_assert!((0.0..=1.0).contains(&c.confidence), "{}", c.confidence);
    });
}
