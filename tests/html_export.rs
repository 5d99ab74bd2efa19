//! `--export-html`: the dashboard's structure for every shared fixture (insta), escaping
//! of hostile names, errors and audit records, no network reference, and the command
//! line's exit codes and file handling (like `--export-json`).

mod common;

use common::{fixture_pairs, golden_pairs, own_fixture, switchboard};
use predicates::prelude::*;
use switchboard::domain::Policy;
use switchboard::report::html::{self, Page};
use switchboard::source::metrics_file::MetricsFile;

/// The page without its stylesheet (the same for every page, and not structure).
fn structure(page: &str) -> String {
    let (head, rest) = page.split_once("<style>").expect("a style block");
    let (_, tail) = rest.split_once("</style>").expect("style closed");
    format!("{head}<style>…</style>{tail}")
}

fn page_of(path: &std::path::Path) -> String {
    let p = path.to_string_lossy();
    let file = MetricsFile::load(&p).unwrap_or_else(|e| panic!("{e}"));
    let snap = file.snapshot(&Policy::default(), &p);
    html::render(&Page::new(&snap, "2026-11-30T12:00:00Z".into()))
}

/// What no page may contain: a network reference, a script, an external resource.
fn assert_self_contained(page: &str, what: &str) {
    for banned in [
        "http://", "https://", "<script", "<link", "@import", "url(", "<iframe", " src=\"",
    ] {
        assert!(
            !page.to_ascii_lowercase().contains(banned),
            "{what}: {banned}"
        );
    }
}

#[test]
#[cfg_attr(
    not(shared_fixtures),
    ignore = "needs ../shared/fixtures beside the checkout"
)]
fn every_shared_fixture_renders_a_self_contained_page() {
    renders_self_contained_pages(fixture_pairs(), "html_");
}

/// The same paths on every clone, on the synthetic golden files.
#[test]
fn every_golden_fixture_renders_a_self_contained_page() {
    renders_self_contained_pages(golden_pairs(), "html_golden_");
}

fn renders_self_contained_pages(
    pairs: Vec<(std::path::PathBuf, std::path::PathBuf)>,
    prefix: &str,
) {
    for (metrics, _) in pairs {
        let page = page_of(&metrics);
        let what = metrics.display().to_string();
        assert_self_contained(&page, &what);
        // Accessibility basics: language, table/figure alt text, health as words.
        assert!(page.contains("<html lang=\"en\">"), "{what}");
        assert!(
            page.contains("role=\"img\" aria-label=\"Latency chart"),
            "{what}"
        );
        assert!(page.contains("prefers-color-scheme:dark") && page.contains("@media print"));
        // The path is written relative to the fixture directory in the snapshot, so the
        // snapshot does not depend on where the checkout is.
        let dir = metrics.parent().expect("dir").display().to_string();
        let stable = structure(&page).replace(&dir, "FIXTURES");
        let name = metrics
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .to_string();
        insta::assert_snapshot!(format!("{prefix}{name}"), stable);
    }
}

#[test]
fn own_fixtures_render_health_words_and_no_latency_dashes() {
    for name in [
        "critical.json",
        "ok.json",
        "warning.json",
        "no-core.json",
        "optional-down.json",
        "no-channels.json",
    ] {
        let page = page_of(&own_fixture(name));
        assert_self_contained(&page, name);
        assert!(page.contains("</html>"), "{name}");
    }
    let page = page_of(&own_fixture("critical.json"));
    assert!(page.contains("<span class=\"word\">OFFLINE</span>"));
    assert!(page.contains(">NEEDED<"));
    let page = page_of(&own_fixture("no-core.json"));
    assert!(page.contains("none</span> (no core channel)"), "{page}");
}

const HOSTILE: &str = r#"{
  "Generated": "2026-01-02T03:04:05",
  "Channels": {
    "<script>alert(1)</script>": {"Availability": 100, "Mean": 40, "HourlyLatency": [40, 41]},
    "x\" onmouseover=\"alert(2)": {"Availability": 50, "Mean": 900, "HourlyLatency": [900, 950]},
    "a&b'<img src=x>": {"Availability": 99, "Mean": 150}
  }
}"#;

fn assert_escaped(page: &str) {
    assert_self_contained(page, "hostile page");
    assert!(!page.contains("<script>alert"), "a script tag got through");
    assert!(!page.contains("<img"), "an img tag got through");
    assert!(
        !page.contains("\" onmouseover=\""),
        "an attribute got through"
    );
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(page.contains("x&quot; onmouseover=&quot;alert(2)"));
    assert!(page.contains("a&amp;b&#39;&lt;img src=x&gt;"));
}

#[test]
fn hostile_names_are_text_everywhere_they_appear() {
    let dir = tempfile::tempdir().expect("tempdir");
    let metrics = dir.path().join("hostile.json");
    std::fs::write(&metrics, HOSTILE).expect("write");
    let page = page_of(&metrics);
    assert_escaped(&page);
    // Names appear in cards, routing, the legend and the sparklines' alt text
    // (an attribute): every one of them escaped.
    assert!(
        page.matches("&lt;script&gt;alert(1)&lt;/script&gt;")
            .count()
            >= 4
    );
    // Escaped once, not twice: a screen reader must read the name, not `&lt;`.
    assert!(
        page.contains("aria-label=\"&lt;script&gt;alert(1)&lt;/script&gt; latency"),
        "the sparkline's label"
    );
    assert!(!page.contains("&amp;lt;"), "escaped twice");
}

#[test]
fn hostile_audit_records_and_state_paths_are_escaped_through_the_binary() {
    let dir = tempfile::tempdir().expect("tempdir");
    let metrics = dir.path().join("hostile.json");
    std::fs::write(&metrics, HOSTILE).expect("write");
    let state = dir.path().join("st<a>te");
    std::fs::create_dir(&state).expect("state dir");
    let audit = concat!(
        r#"{"ts":"2026-01-02T03:00:00Z","event":"action_end","channel":"<b>Gate</b>","action":"restart","run":"r1","ok":false,"error":"boom <script>alert(3)</script>","duration_ms":1200}"#,
        "\n",
        r#"{"ts":"2026-01-02T03:01:00Z","event":"verify","channel":"<b>Gate</b>","run":"r1","ok":true,"down_ms":60000}"#,
        "\n"
    );
    std::fs::write(state.join("audit.jsonl"), audit).expect("audit");
    let out = dir.path().join("dash.html");
    switchboard()
        .arg("--metrics-file")
        .arg(&metrics)
        .arg("--state-dir")
        .arg(&state)
        .arg("--export-html")
        .arg(&out)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("dash.html"));
    let page = std::fs::read_to_string(&out).expect("written");
    assert_escaped(&page);
    assert!(!page.contains("<b>Gate"));
    // The automation history table: newest first, with the state dir's path escaped.
    assert!(
        page.contains("<th scope=\"row\">&lt;b&gt;Gate&lt;/b&gt;</th>"),
        "{page}"
    );
    assert!(page.contains("restart boom &lt;script&gt;alert(3)&lt;/script&gt; in 1.2s"));
    assert!(page.contains("st&lt;a&gt;te/audit.jsonl"));
    let back = page.find("back, 60s").expect("verify row");
    let failed = page.find("restart boom").expect("action row");
    assert!(back < failed, "newest first");
}

#[test]
fn without_an_audit_log_the_history_says_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("d.html");
    switchboard()
        .arg("--metrics-file")
        .arg(own_fixture("ok.json"))
        .arg("--state-dir")
        .arg(dir.path().join("empty"))
        .arg("--export-html")
        .arg(&out)
        .assert()
        .code(0);
    let page = std::fs::read_to_string(&out).expect("written");
    assert!(page.contains("No audit log"));
    assert!(!page.contains("<table"));
}

#[test]
fn unwritable_targets_exit_73_and_leave_nothing_behind() {
    let dir = tempfile::tempdir().expect("tempdir");
    for target in [
        dir.path().join("missing-dir/d.html"),
        dir.path().to_path_buf(),
        std::path::PathBuf::from("/dev/null"),
    ] {
        switchboard()
            .arg("--metrics-file")
            .arg(own_fixture("ok.json"))
            .arg("--export-html")
            .arg(&target)
            .assert()
            .code(73)
            .stderr(predicate::str::contains("cannot write"));
    }
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 0);
}

#[cfg(unix)]
#[test]
fn a_symlink_is_replaced_and_its_target_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let victim = dir.path().join("victim");
    std::fs::write(&victim, "precious").expect("victim");
    let link = dir.path().join("d.html");
    std::os::unix::fs::symlink(&victim, &link).expect("symlink");
    switchboard()
        .arg("--metrics-file")
        .arg(own_fixture("ok.json"))
        .arg("--export-html")
        .arg(&link)
        .assert()
        .code(0);
    assert_eq!(
        std::fs::read_to_string(&victim).expect("victim"),
        "precious"
    );
    let m = std::fs::symlink_metadata(&link).expect("meta");
    assert!(m.file_type().is_file());
    assert!(std::fs::read_to_string(&link)
        .expect("page")
        .starts_with("<!DOCTYPE html>"));
}

#[test]
fn json_and_html_together_and_from_the_demo() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (j, h) = (dir.path().join("c.json"), dir.path().join("c.html"));
    switchboard()
        .args(["--demo", "--export-json"])
        .arg(&j)
        .arg("--export-html")
        .arg(&h)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("c.json").and(predicate::str::contains("c.html")));
    let page = std::fs::read_to_string(&h).expect("page");
    assert_self_contained(&page, "demo");
    for name in ["Local", "Cloud", "Gateway"] {
        assert!(page.contains(&format!("<span class=\"name\">{name}</span>")));
    }
    // A live source charts its probes on a UTC time axis.
    assert!(page.contains("probes in the window") && page.contains("time (UTC)"));
    assert!(std::fs::read_to_string(&j)
        .expect("json")
        .contains("\"channels\""));
}

#[test]
fn a_one_shot_export_without_a_source_exits_3() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("d.html");
    switchboard()
        .env("HOME", dir.path())
        .arg("--export-html")
        .arg(&out)
        .assert()
        .code(3)
        .stderr(predicate::str::contains("no source"));
    assert!(!out.exists());
}

#[test]
fn replay_exports_its_end_state_with_the_window_chart() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("obs.jsonl");
    let mut lines = String::new();
    for i in 0..12 {
        let (m, s) = (i * 10 / 60, i * 10 % 60);
        let gw = if i >= 9 {
            format!(
                r#"{{"ts":"2026-11-24T10:{m:02}:{s:02}Z","channel":"Gateway","ok":false,"error":"HTTP 502 <b>bad</b>"}}"#
            )
        } else {
            format!(
                r#"{{"ts":"2026-11-24T10:{m:02}:{s:02}Z","channel":"Gateway","ok":true,"latency_ms":{}}}"#,
                200 + i
            )
        };
        lines.push_str(&gw);
        lines.push('\n');
        lines.push_str(&format!(
            r#"{{"ts":"2026-11-24T10:{m:02}:{s:02}Z","channel":"Local","ok":true,"latency_ms":{}}}"#,
            40 + i
        ));
        lines.push('\n');
    }
    std::fs::write(&input, lines).expect("input");
    let out = dir.path().join("r.html");
    switchboard()
        .arg("--state-dir")
        .arg(dir.path().join("state"))
        .arg("--replay")
        .arg(&input)
        .arg("--export-html")
        .arg(&out)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("r.html").and(predicate::str::contains("primary").not()));
    let page = std::fs::read_to_string(&out).expect("page");
    assert!(
        page.contains("last error</strong> HTTP 502 &lt;b&gt;bad&lt;/b&gt;"),
        "{page}"
    );
    assert!(page.contains("class=\"fail\""), "failed probes are marked");
    assert!(
        page.contains(">10:01<") || page.contains(">10:01:00<"),
        "time axis: {page}"
    );
}
