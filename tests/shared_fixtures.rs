//! Every real metrics file from the replaced system gives exactly the decisions recorded
//! for it in `../shared/fixtures/expected/` — through the library and through the binary.
//! Without those fixtures (a fresh clone) those tests are reported as ignored: `build.rs`
//! sets the `shared_fixtures` cfg only when the directory is there. The same checks run
//! on this repository's synthetic golden files (`tests/fixtures/golden/`) everywhere.

mod common;

use common::{assert_superset, fixture_pairs, golden_pairs, switchboard};
use std::path::PathBuf;
use switchboard::domain::Policy;
use switchboard::report::json;
use switchboard::source::metrics_file::MetricsFile;

fn expected(path: &std::path::Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).expect("expected file readable"))
        .expect("expected file is JSON")
}

#[test]
#[cfg_attr(
    not(shared_fixtures),
    ignore = "needs ../shared/fixtures beside the checkout"
)]
fn library_decisions_match_expected() {
    check_library_decisions_match_expected(fixture_pairs());
}

#[test]
fn golden_library_decisions_match_expected() {
    check_library_decisions_match_expected(golden_pairs());
}

fn check_library_decisions_match_expected(pairs: Vec<(PathBuf, PathBuf)>) {
    for (metrics, exp) in pairs {
        let path = metrics.to_string_lossy();
        let file = MetricsFile::load(&path).unwrap_or_else(|e| panic!("{e}"));
        let snap = file.snapshot(&Policy::default(), &path);
        let actual = json::to_value(&snap);
        assert_superset(&expected(&exp), &actual, &path);
    }
}

#[test]
#[cfg_attr(
    not(shared_fixtures),
    ignore = "needs ../shared/fixtures beside the checkout"
)]
fn binary_output_matches_expected_and_status_agrees() {
    check_binary_output_matches_expected_and_status_agrees(fixture_pairs());
}

#[test]
fn golden_binary_output_matches_expected_and_status_agrees() {
    check_binary_output_matches_expected_and_status_agrees(golden_pairs());
}

fn check_binary_output_matches_expected_and_status_agrees(pairs: Vec<(PathBuf, PathBuf)>) {
    for (metrics, exp) in pairs {
        let out = switchboard()
            .args(["--snapshot", "--format", "json", "--metrics-file"])
            .arg(&metrics)
            .output()
            .expect("runs");
        let actual: serde_json::Value =
            serde_json::from_slice(&out.stdout).expect("stdout is one JSON object");
        let expected = expected(&exp);
        assert_superset(&expected, &actual, &metrics.display().to_string());
        // The exit code is the status's, and the status follows from the expected decisions.
        let code = out.status.code().expect("exit code");
        let want = if expected["recovery"]["should_trigger"] == true {
            ("CRITICAL", 2)
        } else {
            let all_healthy = expected["channels"]
                .as_array()
                .expect("channels")
                .iter()
                .all(|c| c["health"] == "EXCELLENT" || c["health"] == "GOOD");
            if all_healthy {
                ("OK", 0)
            } else {
                ("WARNING", 1)
            }
        };
        assert_eq!(
            (actual["status"].as_str().expect("status"), code),
            want,
            "{}",
            metrics.display()
        );
        assert!(
            out.stderr.is_empty(),
            "stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
#[cfg_attr(
    not(shared_fixtures),
    ignore = "needs ../shared/fixtures beside the checkout"
)]
fn text_output_fits_80_columns_and_names_every_channel() {
    check_text_output_fits_80_columns_and_names_every_channel(fixture_pairs());
}

#[test]
fn golden_text_output_fits_80_columns_and_names_every_channel() {
    check_text_output_fits_80_columns_and_names_every_channel(golden_pairs());
}

fn check_text_output_fits_80_columns_and_names_every_channel(pairs: Vec<(PathBuf, PathBuf)>) {
    for (metrics, exp) in pairs {
        let out = switchboard()
            .args(["--snapshot", "--metrics-file"])
            .arg(&metrics)
            .output()
            .expect("runs");
        let text = String::from_utf8(out.stdout).expect("utf-8");
        for (i, line) in text.lines().enumerate() {
            // The first line's performance data (after ` | `) is for monitoring tools;
            // what a person reads before it fits.
            let line = match i {
                0 => line.split(" | ").next().unwrap_or(line),
                _ => line,
            };
            assert!(
                unicode_width::UnicodeWidthStr::width(line) <= 80,
                "{}: line wider than 80: {line:?}",
                metrics.display()
            );
        }
        for c in expected(&exp)["channels"].as_array().expect("channels") {
            let name = c["name"].as_str().expect("name");
            let health = c["health"].as_str().expect("health");
            assert!(
                text.lines()
                    .any(|l| l.starts_with(name) && l.contains(health)),
                "{}: no row with {name} {health} in\n{text}",
                metrics.display()
            );
        }
        assert!(!text.contains('\x1b'), "NO_COLOR output has escape codes");
    }
}
