//! Untrusted text never reaches the terminal raw. Channel names holding an OSC title, an
//! OSC 52 clipboard write, `ESC[2J`, a C1 CSI, a newline that would fake a row, bidi
//! overrides and isolates go through every CLI rendering — the text snapshot, `--say`
//! (text and JSON replies), replay lines, the piped live view, a command probe's stderr
//! and the error lines on stderr — and a byte scan finds no ESC, no C1 control and no
//! bidi control in any of them. JSON keeps the exact strings. See `docs/architecture.md`.

mod common;

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use common::switchboard;
use unicode_width::UnicodeWidthStr;

/// Names as they appear in JSON (escaped), and what they decode to.
const HOSTILE: [(&str, &str); 6] = [
    ("Title\\u001b]0;pwned\\u0007", "Title\u{1b}]0;pwned\u{7}"),
    (
        "Clip\\u001b]52;c;cGF5bG9hZA==\\u0007",
        "Clip\u{1b}]52;c;cGF5bG9hZA==\u{7}",
    ),
    ("Wipe\\u001b[2J\\u001b[H", "Wipe\u{1b}[2J\u{1b}[H"),
    ("Evil\\nFake      EXCELLENT", "Evil\nFake      EXCELLENT"),
    (
        "\\u202eyawetaG\\u2066x\\u2069",
        "\u{202e}yawetaG\u{2066}x\u{2069}",
    ),
    ("C1\\u009b2J\\u0085", "C1\u{9b}2J\u{85}"),
];

const LONG: &str = "a-channel-name-far-too-long-for-any-table-column-0123456789";

fn metrics_json() -> String {
    let mut channels: Vec<String> = HOSTILE
        .iter()
        .enumerate()
        .map(|(i, (name, _))| {
            format!(
                r#""{name}":{{"Availability":{},"Mean":{},"P95":90,"Trend":{{"Direction":"STA\u001b[31mBLE"}}}}"#,
                if i == 3 { 0 } else { 99 },
                50 + i * 40
            )
        })
        .collect();
    channels.push(format!(
        r#""{LONG}":{{"Availability":99.5,"Mean":70,"Trend":{{"Direction":"STABLE"}}}}"#
    ));
    format!(
        r#"{{"OverallHealth":"GO\u001b]0;x\u0007OD","EffectiveAvailability":99,"Timestamp":"2026-11-24T10:00\u001b[2J","Channels":{{{}}}}}"#,
        channels.join(",")
    )
}

/// Fails when `text` holds anything a terminal would act on or reorder by.
fn assert_terminal_safe(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    for (i, c) in text.char_indices() {
        let bad = c == '\u{1b}'
            || ('\u{80}'..='\u{9f}').contains(&c)
            || ('\u{0}'..='\u{1f}').contains(&c) && c != '\n'
            || c == '\u{7f}'
            || ('\u{202a}'..='\u{202e}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c);
        assert!(
            !bad,
            "{what}: raw {c:?} at byte {i} in:\n{}",
            text.escape_debug()
        );
    }
    assert!(
        !text.lines().any(|l| l.trim_start().starts_with("Fake")),
        "{what}: a name's newline started a row of its own:\n{text}"
    );
}

fn file(dir: &tempfile::TempDir, name: &str, body: &str) -> String {
    let path = dir.path().join(name);
    std::fs::write(&path, body).expect("write fixture");
    path.to_string_lossy().into_owned()
}

#[test]
fn text_snapshot_escapes_and_keeps_columns() {
    let dir = tempfile::tempdir().expect("tempdir");
    let m = file(&dir, "m.json", &metrics_json());
    let out = switchboard()
        .args(["--snapshot", "--metrics-file", &m])
        .output()
        .expect("runs");
    assert_terminal_safe("--snapshot", &out.stdout);
    assert_terminal_safe("--snapshot stderr", &out.stderr);
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    assert!(text.contains("Title\\u{1b}]0;pwn…"), "{text}");
    assert!(text.contains("C1\\u{9b}2J\\u{85}"), "{text}");
    assert!(text.contains("overall   GO\\u{1b}]0;x\\u{7}OD"), "{text}");
    assert!(text.contains("Evil\\u{a}Fake"), "{text}");
    // Every row's HEALTH word starts in the header's column: widths count the escapes.
    let lines: Vec<&str> = text.lines().collect();
    let header = lines
        .iter()
        .position(|l| l.starts_with("CHANNEL"))
        .expect("table header");
    let col = lines[header].find("HEALTH").expect("HEALTH");
    let rows: Vec<&str> = lines[header + 1..]
        .iter()
        .take_while(|l| !l.is_empty())
        .copied()
        .collect();
    assert_eq!(rows.len(), HOSTILE.len() + 1, "{text}");
    for row in rows {
        let (before, _) = row.split_at(
            row.char_indices()
                .scan(0, |w, (i, c)| {
                    let at = *w;
                    *w += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
                    Some((at, i))
                })
                .find(|(at, _)| *at == col)
                .map(|(_, i)| i)
                .expect("row reaches the HEALTH column"),
        );
        assert_eq!(before.width(), col, "{row}");
        assert!(before.ends_with("  "), "name cell runs into HEALTH: {row}");
        assert!(row.width() <= 80, "row wider than 80: {row}");
    }
    // The long name is cut with an ellipsis in the table and the routing lines, which
    // then fit 80 columns; JSON and `--say` details carry it whole.
    assert!(text.contains("a-channel-name-fa…"), "{text}");
    // The first line's performance data keeps whole (escaped) names: monitoring tools key
    // their graphs on them. What a person reads below it is cut.
    assert!(!text.lines().skip(1).any(|l| l.contains(LONG)), "{text}");
    for line in text.lines().filter(|l| l.starts_with("routing")) {
        assert!(line.width() <= 80, "{line}");
    }
}

#[test]
fn json_snapshot_keeps_the_exact_strings() {
    let dir = tempfile::tempdir().expect("tempdir");
    let m = file(&dir, "m.json", &metrics_json());
    let out = switchboard()
        .args(["--snapshot", "--format", "json", "--metrics-file", &m])
        .output()
        .expect("runs");
    // serde escapes control characters: the bytes on stdout are still safe.
    assert!(!out.stdout.contains(&0x1b), "JSON output holds a raw ESC");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let names: Vec<&str> = v["channels"]
        .as_array()
        .expect("channels")
        .iter()
        .filter_map(|c| c["name"].as_str())
        .collect();
    for (_, raw) in HOSTILE {
        assert!(
            names.contains(&raw),
            "{raw:?} not kept exactly in {names:?}"
        );
    }
    assert!(names.contains(&LONG));
}

#[test]
fn say_replies_escape_in_text_and_json() {
    let dir = tempfile::tempdir().expect("tempdir");
    let m = file(&dir, "m.json", &metrics_json());
    for question in [
        "status",
        "오케스트레이션 상태",
        "channel health",
        "routing recommendation",
        "복구 필요해?",
        "why is the primary degraded",
        "latency trend",
        "forecast",
        "run recovery",
        "\u{1b}]0;pwned\u{7} status",
    ] {
        let out = switchboard()
            .args(["--say", question, "--metrics-file", &m])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(0), "{question}: {out:?}");
        assert_terminal_safe(question, &out.stdout);
        assert_terminal_safe(question, &out.stderr);
        let out = switchboard()
            .args(["--say", question, "--format", "json", "--metrics-file", &m])
            .output()
            .expect("runs");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        let reply = v["reply"].as_str().expect("reply");
        assert_terminal_safe(&format!("{question} (json reply)"), reply.as_bytes());
    }
}

#[test]
fn say_detail_shows_a_long_name_whole_and_listings_cut_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let m = file(&dir, "m.json", &metrics_json());
    let out = switchboard()
        .args(["--say", "channel health", "--metrics-file", &m])
        .output()
        .expect("runs");
    let listing = String::from_utf8_lossy(&out.stdout);
    assert!(!listing.contains(LONG), "{listing}");
    assert!(listing.contains('…'), "{listing}");
    let out = switchboard()
        .args(["--say", &format!("{LONG} 상태"), "--metrics-file", &m])
        .output()
        .expect("runs");
    let detail = String::from_utf8_lossy(&out.stdout);
    assert!(detail.contains(LONG), "{detail}");
}

#[test]
fn error_lines_on_stderr_are_escaped() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A file name and a config key are input too.
    let missing = dir.path().join("no\u{1b}]0;pwned\u{7}such.json");
    let out = switchboard()
        .args(["--snapshot", "--metrics-file"])
        .arg(&missing)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(3));
    assert_terminal_safe("missing file", &out.stderr);
    assert!(String::from_utf8_lossy(&out.stderr).contains("\\u{1b}]0;pwned"));

    let cfg = file(
        &dir,
        "c.toml",
        "[poll]\n\"inter\\u001b[2Jval\" = \"5s\"\n[[channel]]\nname = \"A\"\nprobe = \"simulated\"\n",
    );
    let out = switchboard()
        .args(["--snapshot", "--config", &cfg])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(3));
    assert_terminal_safe("unknown config key", &out.stderr);
    assert!(String::from_utf8_lossy(&out.stderr).contains("\\u{1b}[2J"));

    let out = switchboard()
        .args(["--snapshot", "--format", "json", "--config", &cfg])
        .output()
        .expect("runs");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert!(v["error"].as_str().expect("error").contains("\u{1b}[2J"));
}

fn observations() -> String {
    let mut out = String::new();
    for t in 0..3 {
        for (i, (name, _)) in HOSTILE.iter().enumerate() {
            out.push_str(&format!(
                "{{\"ts\":\"2026-11-24T10:00:{:02}Z\",\"channel\":\"{name}\",\"ok\":{},\"latency_ms\":{},\"error\":\"boom\\u001b]0;x\\u0007\"}}\n",
                t * 10,
                i != 3,
                40 + i * 30
            ));
        }
    }
    out.push_str(
        "{\"ts\":\"\u{1b}[2Jyesterday\",\"channel\":\"A\",\"ok\":true,\"latency_ms\":1}\n",
    );
    out
}

#[test]
fn replay_lines_and_warnings_are_escaped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let obs = file(&dir, "o.jsonl", &observations());
    let out = switchboard()
        .args(["--replay", &obs])
        .output()
        .expect("runs");
    assert!(!out.stdout.is_empty(), "{out:?}");
    assert_terminal_safe("replay", &out.stdout);
    assert_terminal_safe("replay warnings", &out.stderr);
    assert!(String::from_utf8_lossy(&out.stderr).contains("skipped"));
}

#[test]
fn piped_live_view_and_command_probe_stderr_are_escaped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cfg = file(
        &dir,
        "live.toml",
        concat!(
            "[poll]\ninterval = \"200ms\"\n",
            "[[channel]]\nname = \"Sim\\u001b]0;pwned\\u0007\\nFake  EXCELLENT\"\nprobe = \"simulated\"\n",
            "latency_ms = 40.0\n",
            "[[channel]]\nname = \"Batch\"\nprobe = \"command\"\n",
            "command = [\"sh\", \"-c\", \"printf '\\\\033]52;c;cGF5bG9hZA==\\\\007oops\\\\033[2J' >&2; exit 1\"]\n",
        ),
    );
    // One-shot: the command probe's stderr reaches the reply as the channel's last error.
    let out = switchboard()
        .args(["--say", "Batch 상태", "--config", &cfg])
        .output()
        .expect("runs");
    assert_terminal_safe("--say with a failing command probe", &out.stdout);
    let reply = String::from_utf8_lossy(&out.stdout);
    assert!(reply.contains("\\u{1b}]52;c;"), "{reply}");

    // Live, piped: one frame, then stop the process this test started.
    let bin = assert_cmd::cargo::cargo_bin("switchboard");
    let mut child = std::process::Command::new(bin)
        .args(["--config", &cfg])
        .env("NO_COLOR", "1")
        .env(
            "XDG_STATE_HOME",
            concat!(env!("CARGO_TARGET_TMPDIR"), "/state"),
        )
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .stdin(Stdio::null())
        .spawn()
        .expect("spawns");
    let stdout = child.stdout.take().expect("stdout");
    let mut frame = Vec::new();
    for line in BufReader::new(stdout).split(b'\n') {
        let line = line.expect("read");
        let done = String::from_utf8_lossy(&line).starts_with("live · probe batch");
        frame.extend_from_slice(&line);
        frame.push(b'\n');
        if done {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        String::from_utf8_lossy(&frame).contains("Sim\\u{1b}]0;pwned"),
        "{}",
        String::from_utf8_lossy(&frame)
    );
    assert_terminal_safe("piped live view", &frame);
}

/// On a terminal the summary is coloured: the only ESC bytes are the renderer's own SGR
/// colour codes (`ESC [ digits/semicolons m`), none comes from the input.
#[test]
fn coloured_text_holds_only_the_renderers_colour_codes() {
    let file =
        switchboard::source::metrics_file::MetricsFile::parse("m.json", metrics_json().as_bytes())
            .expect("parses");
    let snap = file.snapshot(&switchboard::domain::Policy::default(), "m.json");
    let out = switchboard::report::text::render(
        &snap,
        switchboard::report::style::Painter { color: true },
    );
    let mut rest = String::new();
    let mut colour_codes = 0;
    let mut chars = out.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            chars.next();
            let mut body = String::new();
            while let Some(&d) = chars.peek() {
                if d.is_ascii_digit() || d == ';' {
                    body.push(d);
                    chars.next();
                } else {
                    break;
                }
            }
            if chars.next_if_eq(&'m').is_some() {
                colour_codes += 1;
                continue;
            }
            panic!(
                "non-colour escape sequence ESC[{body} in:\n{}",
                out.escape_debug()
            );
        }
        rest.push(c);
    }
    assert!(colour_codes > 0, "colour was asked for");
    // The input's own SGR (in a trend word) is shown, not counted as the renderer's.
    assert!(rest.contains("STA\\u{1b…"), "{rest}");
    assert_terminal_safe("coloured text", rest.as_bytes());
}
