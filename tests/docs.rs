//! The documentation in `docs/` stays true to the code:
//! - `docs/config.md` documents exactly the config keys the parser accepts. The keys are
//!   discovered from the parser itself (every table rejects an unknown key and lists the
//!   ones it knows), so a key added in `src/config/` fails here, by name, until it has a
//!   row in the doc — and a row for a key the parser rejects fails too.
//! - `docs/snapshot.schema.json` validates real outputs of the binary: snapshots, the
//!   error object, replay lines, the export file and `--say` JSON.
//! - Links in the README and `docs/` resolve inside the repository, and neither the code
//!   nor the docs point at a specification outside it.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::{own_fixture, switchboard};
use serde_json::{json, Value};
use switchboard::config::Config;

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn read(path: &str) -> String {
    std::fs::read_to_string(repo(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

// ---------------------------------------------------------------- config keys

/// A key no table knows: the parser's "unknown field" error lists the ones it does.
const PROBE_KEY: &str = "zz_probe_key";

#[derive(Clone, Copy, PartialEq)]
enum Shape {
    Table,
    Array,
}

/// A TOML document that opens the table at `path` and writes the probe key into it.
fn probe_doc(path: &[(String, Shape)]) -> String {
    let mut doc = String::new();
    for i in 0..path.len() {
        let name: Vec<&str> = path[..=i].iter().map(|(k, _)| k.as_str()).collect();
        let name = name.join(".");
        match path[i].1 {
            Shape::Array => doc.push_str(&format!("[[{name}]]\n")),
            // Parent tables need no header of their own; the last one does.
            Shape::Table if i + 1 == path.len() => doc.push_str(&format!("[{name}]\n")),
            Shape::Table => {}
        }
    }
    doc.push_str(&format!("{PROBE_KEY} = 1\n"));
    doc
}

/// The keys of the table at `path` when it is a table with known fields, else `None`.
fn known_keys(path: &[(String, Shape)]) -> Option<Vec<String>> {
    let doc = probe_doc(path);
    let err = match Config::parse("probe.toml", &doc) {
        Ok(_) => return None,
        Err(e) => e.problem,
    };
    let rest = err.strip_prefix(&format!("unknown field `{PROBE_KEY}`"))?;
    // "expected one of `a`, `b` (did you mean …)" / "expected `a`" / "there are no fields"
    let rest = rest.split(" (did you mean").next().unwrap_or(rest);
    Some(
        rest.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect(),
    )
}

/// Every key path the parser accepts: tables as `poll`, keys as `poll.interval`.
fn code_keys(path: &mut Vec<(String, Shape)>, out: &mut BTreeSet<String>) {
    let Some(keys) = known_keys(path) else {
        return;
    };
    for key in keys {
        let mut full: Vec<&str> = path.iter().map(|(k, _)| k.as_str()).collect();
        full.push(&key);
        out.insert(full.join("."));
        for shape in [Shape::Table, Shape::Array] {
            path.push((key.clone(), shape));
            let is_table = known_keys(path).is_some();
            if is_table {
                code_keys(path, out);
            }
            path.pop();
            if is_table {
                break;
            }
        }
    }
}

/// Key paths documented in docs/config.md: section headings name tables
/// (`### \`[[channel.incident]]\``), table rows name keys (`| \`interval\` | …`).
fn doc_keys() -> BTreeSet<String> {
    let doc = read("docs/config.md");
    let mut out = BTreeSet::new();
    let mut section = String::new();
    for line in doc.lines() {
        if line.starts_with('#') {
            section = match line.split('`').nth(1) {
                Some(h) if h.starts_with('[') => {
                    let name = h.trim_matches(|c| c == '[' || c == ']').to_string();
                    out.insert(name.clone());
                    name
                }
                _ => String::new(),
            };
            continue;
        }
        let Some(row) = line.strip_prefix("| `") else {
            continue;
        };
        let Some((key, _)) = row.split_once('`') else {
            continue;
        };
        if section.is_empty() {
            out.insert(key.to_string());
        } else {
            out.insert(format!("{section}.{key}"));
        }
    }
    out
}

#[test]
fn config_reference_documents_exactly_the_keys_the_parser_accepts() {
    let mut code = BTreeSet::new();
    code_keys(&mut Vec::new(), &mut code);
    assert!(
        code.contains("poll.interval") && code.contains("channel.incident.every"),
        "key discovery found too little: {code:?}"
    );
    let doc = doc_keys();
    let mut problems = Vec::new();
    for key in code.difference(&doc) {
        let (table, leaf) = key.rsplit_once('.').unwrap_or(("", key));
        let heading = if table.is_empty() {
            "## Top level".to_string()
        } else {
            format!("### `[{table}]` (or `[[{table}]]`)")
        };
        problems.push(format!(
            "config key `{key}` exists in the code but not in docs/config.md: \
             add a row \"| `{leaf}` | type | default | meaning |\" under {heading}"
        ));
    }
    for key in doc.difference(&code) {
        problems.push(format!(
            "docs/config.md documents `{key}`, but the config parser rejects it: \
             remove the row or fix its name"
        ));
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

#[test]
fn config_examples_in_the_docs_parse() {
    // Each ```toml block of config.md and the README with a [[channel]] is a whole config.
    let doc = read("docs/config.md") + &read("README.md");
    let mut blocks = 0;
    for block in doc.split("```toml").skip(1) {
        let body = block.split("```").next().unwrap_or("");
        let body = if body.contains("[[channel]]") {
            body.to_string()
        } else {
            format!("{body}\n[[channel]]\nname = \"Gateway\"\nprobe = \"simulated\"\n")
        };
        if let Err(e) = Config::parse("docs/config.md", &body) {
            panic!("docs/config.md example does not load: {e}\n{body}");
        }
        blocks += 1;
    }
    assert!(blocks >= 3, "config.md lost its examples");
}

// ---------------------------------------------------------------- JSON schema

fn schema() -> Value {
    serde_json::from_str(&read("docs/snapshot.schema.json")).expect("schema is JSON")
}

/// Validates `instance` against `#/$defs/{def}` (or the root for `None`).
fn assert_valid(def: Option<&str>, instance: &Value, what: &str) {
    let mut s = schema();
    if let Some(def) = def {
        s["anyOf"] = json!([{ "$ref": format!("#/$defs/{def}") }]);
    }
    let validator = jsonschema::validator_for(&s).expect("schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{what} does not match docs/snapshot.schema.json ({}):\n{}\n{instance:#}",
        def.unwrap_or("root"),
        errors.join("\n")
    );
}

/// The binary's stdout as JSON: one (pretty) object, or JSON lines.
fn json_stdout(args: &[&str]) -> Vec<Value> {
    let out = switchboard().args(args).output().expect("runs");
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    if let Ok(v) = serde_json::from_str::<Value>(&text) {
        return vec![v];
    }
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{args:?}: {e}: {l}")))
        .collect()
}

#[test]
fn snapshots_and_errors_match_the_schema() {
    let mut files = vec![repo("assets/example-metrics.json")];
    let dir = repo("tests/fixtures");
    let mut own: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/fixtures")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    own.sort();
    files.extend(own);
    for f in &files {
        let f = f.to_string_lossy();
        for v in json_stdout(&["--snapshot", "--format", "json", "--metrics-file", &f]) {
            assert_valid(None, &v, &f);
            if v.get("error").is_none() {
                assert_valid(Some("snapshot"), &v, &f);
            }
        }
    }
    let demo = repo("assets/demo.toml").to_string_lossy().into_owned();
    for v in json_stdout(&["--snapshot", "--format", "json", "--config", &demo]) {
        assert_valid(Some("snapshot"), &v, "demo config snapshot");
    }
    let dir = tempfile::tempdir().expect("tempdir");
    // A source error: `[prometheus]` on a port nothing listens on.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a loopback port");
    let fleet = dir.path().join("fleet.toml");
    let toml = format!(
        "[prometheus]\nurl = \"http://{closed}\"\nchannel_label = \"instance\"\n\
         up_query = 'up'\nlatency_query = 'lat'\n"
    );
    std::fs::write(&fleet, toml).expect("write");
    let fleet = fleet.to_string_lossy().into_owned();
    for v in json_stdout(&["--snapshot", "--format", "json", "--config", &fleet]) {
        assert!(v["source"]["error"].is_string(), "{v}");
        assert_valid(Some("snapshot"), &v, "a snapshot with a source error");
    }
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\"Channels\": {\"A\": {\"Availability\": \"99\"}}}").expect("write");
    let bad = bad.to_string_lossy().into_owned();
    for v in json_stdout(&["--snapshot", "--format", "json", "--metrics-file", &bad]) {
        assert_valid(Some("error"), &v, "error object");
        assert_valid(None, &v, "error object");
    }
}

/// Replay ticks with regions (and so `routing.regions`) match the schema too.
#[test]
fn replay_ticks_with_regions_match_the_schema() {
    let dir = tempfile::tempdir().expect("tempdir");
    let trace = dir.path().join("t.jsonl");
    let mut lines = String::new();
    for k in 0..6 {
        for (ch, region, ok) in [("Seoul", "ap", true), ("Oregon", "us", k % 2 == 0)] {
            lines.push_str(&format!(
                "{{\"ts\":\"2026-11-24T10:00:{:02}Z\",\"channel\":\"{ch}\",\"ok\":{ok},\
                 \"latency_ms\":{},\"region\":\"{region}\"}}\n",
                k * 10,
                40 + k
            ));
        }
    }
    std::fs::write(&trace, lines).expect("write");
    let ticks = json_stdout(&["--replay", &trace.to_string_lossy(), "--format", "json"]);
    assert_eq!(ticks.len(), 6);
    for v in &ticks {
        assert_eq!(v["routing"]["regions"][1]["region"], "us", "{v:#}");
        assert_valid(Some("snapshot"), v, "replay tick with regions");
    }
}

#[test]
fn schema_requires_the_contract_fields() {
    let good = json_stdout(&[
        "--snapshot",
        "--format",
        "json",
        "--metrics-file",
        &own_fixture("ok.json").to_string_lossy(),
    ])
    .remove(0);
    let s = schema();
    let validator = jsonschema::validator_for(&s).expect("schema compiles");
    assert!(validator.is_valid(&good));
    // Growth is allowed…
    let mut grown = good.clone();
    grown["recovery"]["auto"] = json!(false);
    grown["channels"][0]["recovery_state"] = json!("idle");
    assert!(
        validator.is_valid(&grown),
        "additional properties are allowed"
    );
    // …losing a contract field is not.
    for (path, key) in [
        ("", "routing"),
        ("/routing", "recommended_primary"),
        ("/recovery", "should_trigger"),
        ("/channels/0", "health"),
        ("/source", "kind"),
    ] {
        let mut broken = good.clone();
        let target = broken.pointer_mut(path).expect("path");
        target.as_object_mut().expect("object").remove(key);
        assert!(
            !validator.is_valid(&broken),
            "{path}/{key} must be required"
        );
    }
    let mut wrong = good.clone();
    wrong["status"] = json!("FINE");
    assert!(!validator.is_valid(&wrong), "status is an enum");
}

#[test]
fn replay_lines_match_the_schema() {
    let dir = tempfile::tempdir().expect("tempdir");
    let obs = dir.path().join("obs.jsonl");
    let mut lines = String::new();
    for t in 0..30 {
        for (name, base) in [("Local", 30.0), ("Cloud", 250.0), ("Gateway", 120.0)] {
            let ok = !(name == "Gateway" && (12..20).contains(&t));
            lines.push_str(&format!(
                "{{\"ts\":\"2026-11-24T10:{:02}:{:02}Z\",\"channel\":\"{name}\",\"ok\":{ok},\"latency_ms\":{},\"error\":{}}}\n",
                t * 5 / 60,
                t * 5 % 60,
                if ok { format!("{}", base + t as f64) } else { "null".into() },
                if ok { "null" } else { "\"timeout\"" }
            ));
        }
    }
    lines.push_str("not json\n");
    std::fs::write(&obs, lines).expect("write");
    let ticks = json_stdout(&["--replay", &obs.to_string_lossy(), "--format", "json"]);
    assert!(ticks.len() > 5, "{}", ticks.len());
    for (i, v) in ticks.iter().enumerate() {
        assert_valid(Some("replay_tick"), v, &format!("replay tick {i}"));
    }
}

#[test]
fn export_and_say_match_the_schema() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("ctx.json");
    let example = repo("assets/example-metrics.json")
        .to_string_lossy()
        .into_owned();
    let status = switchboard()
        .args(["--metrics-file", &example, "--export-json"])
        .arg(&out)
        .output()
        .expect("runs");
    assert!(status.status.success(), "{status:?}");
    let v: Value =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("export")).expect("JSON");
    assert_valid(Some("export"), &v, "--export-json");
    for q in [
        "오케스트레이션 상태",
        "Gateway 상태",
        "routing",
        "복구 필요해?",
        "run recovery",
        "gibberish words here",
    ] {
        for v in json_stdout(&["--say", q, "--format", "json", "--metrics-file", &example]) {
            assert_valid(Some("say"), &v, q);
        }
    }
}

// ---------------------------------------------------------------- references

/// `[text](target)` targets in a markdown file.
fn links(markdown: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = markdown;
    while let Some(i) = rest.find("](") {
        rest = &rest[i + 2..];
        if let Some(end) = rest.find(')') {
            out.push(rest[..end].to_string());
        }
    }
    out
}

#[test]
fn readme_and_docs_links_resolve_inside_the_repository() {
    let mut pages = vec![repo("README.md")];
    pages.extend(
        std::fs::read_dir(repo("docs"))
            .expect("docs/")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "md")),
    );
    for page in pages {
        let text = std::fs::read_to_string(&page).expect("page");
        assert!(
            // (Spelled in two parts so that this file does not cite it either.)
            !text.contains(concat!("shared/", "SPEC")) && !text.contains("SPEC §"),
            "{} cites a specification outside the repository",
            page.display()
        );
        for link in links(&text) {
            assert!(
                !link.contains("shared/"),
                "{}: link {link} leaves the repository",
                page.display()
            );
            if link.starts_with("http://") || link.starts_with("https://") {
                continue;
            }
            let file = link.split('#').next().unwrap_or("");
            if file.is_empty() {
                continue;
            }
            let target = page.parent().expect("dir").join(file);
            assert!(
                target.exists(),
                "{}: link to {link} does not resolve",
                page.display()
            );
        }
    }
}

#[test]
fn code_references_are_followable_inside_the_repository() {
    let mut stack = vec![repo("src"), repo("assets"), repo("benches")];
    let mut offenders = Vec::new();
    while let Some(p) = stack.pop() {
        if p.is_dir() {
            stack.extend(
                std::fs::read_dir(&p)
                    .expect("dir")
                    .filter_map(|e| e.ok().map(|e| e.path())),
            );
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&p) else {
            continue;
        };
        for (n, line) in text.lines().enumerate() {
            let lower = line.to_lowercase();
            let ticket = ["(issue ", "issue #", "issue: "]
                .iter()
                .any(|t| lower.contains(t));
            if line.contains("SPEC") || ticket {
                offenders.push(format!("{}:{}: {line}", p.display(), n + 1));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "references a reader of the repository cannot follow (point into docs/ instead):\n{}",
        offenders.join("\n")
    );
}

// ---------------------------------------------------------------- ChatOps reference

#[test]
fn chatops_reference_lists_every_intent_and_its_examples_reach_it() {
    use switchboard::chatops::{Engine, Intent};
    let doc = read("docs/chatops.md");
    let engine = Engine::with_channels(&["Local", "Cloud", "Gateway"]);
    let mut seen = BTreeSet::new();
    let mut wrong = Vec::new();
    for line in doc.lines() {
        let Some(row) = line.strip_prefix("| `") else {
            continue;
        };
        let cells: Vec<&str> = row.split(" | ").collect();
        let id = cells[0].trim_end_matches('`');
        let Some(intent) = Intent::from_id(id) else {
            continue;
        };
        seen.insert(id.to_string());
        if intent == Intent::Unknown {
            continue;
        }
        for example in cells[1..3].iter().flat_map(|c| c.split(" · ")) {
            let got = engine.classify(example).intent;
            if got != intent {
                wrong.push(format!("{example:?} → {} (documented as {id})", got.id()));
            }
        }
    }
    for i in Intent::ALL {
        assert!(
            seen.contains(i.id()),
            "docs/chatops.md has no row for `{}`",
            i.id()
        );
    }
    assert!(wrong.is_empty(), "\n{}\n", wrong.join("\n"));
}

#[test]
fn chatops_config_example_loads() {
    let doc = read("docs/chatops.md");
    let block = doc
        .split("```toml")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .expect("a toml example");
    let body = format!("{block}\n[[channel]]\nname = \"Gateway\"\nprobe = \"simulated\"\n");
    if let Err(e) = Config::parse("docs/chatops.md", &body) {
        panic!("docs/chatops.md example does not load: {e}");
    }
}
