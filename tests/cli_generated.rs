//! The generated helpers — `completions SHELL`, `man` — come from the same clap
//! definition as the flags, and adding them as subcommands did not change how the flags
//! parse. `--init-config` makes the newcomer's first config where it is looked for.

mod common;

use common::switchboard;

fn stdout_of(args: &[&str]) -> String {
    let out = switchboard().args(args).output().expect("runs");
    assert!(out.status.success(), "{args:?}: {out:?}");
    String::from_utf8(out.stdout).expect("UTF-8")
}

#[test]
fn completions_name_every_flag_for_each_shell() {
    let flags: Vec<String> = switchboard::cli::command()
        .get_arguments()
        .filter_map(|a| a.get_long().map(|l| format!("--{l}")))
        .collect();
    assert!(flags.len() > 10, "{flags:?}");
    for shell in ["bash", "zsh", "fish"] {
        let script = stdout_of(&["completions", shell]);
        for flag in &flags {
            // fish writes `-l snapshot`, the others `--snapshot`.
            let fish = format!("-l {}", &flag[2..]);
            assert!(
                script.contains(flag.as_str()) || script.contains(&fish),
                "{shell} completion lacks {flag}"
            );
        }
        assert!(script.contains("completions"), "{shell}: subcommand");
    }
}

#[test]
fn bash_completion_is_valid_bash() {
    let script = stdout_of(&["completions", "bash"]);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("switchboard.bash");
    std::fs::write(&path, script).expect("write");
    match std::process::Command::new("bash")
        .arg("-n")
        .arg(&path)
        .output()
    {
        Ok(out) => assert!(out.status.success(), "{out:?}"),
        Err(e) => eprintln!("bash not available ({e}); syntax not checked"),
    }
}

#[test]
fn man_page_is_roff_with_every_flag() {
    let page = stdout_of(&["man"]);
    assert!(page.contains(".TH switchboard 1"), "{page}");
    assert!(page.contains(".SH NAME"));
    assert!(page.contains(".SH OPTIONS"));
    for flag in [
        "snapshot",
        "metrics\\-file",
        "say",
        "replay",
        "init\\-config",
    ] {
        assert!(
            page.contains(&format!("\\-\\-{flag}")),
            "man lacks --{flag}"
        );
    }
    assert!(page.contains("completions"), "man lists the subcommands");
}

#[test]
fn flags_parse_as_before_next_to_the_subcommands() {
    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/example-metrics.json");
    let out = switchboard()
        .args(["--snapshot", "--metrics-file", example])
        .output()
        .expect("runs");
    assert!(matches!(out.status.code(), Some(0..=2)), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("routing"));
    // A flag's value that happens to be a subcommand's name stays a value.
    let out = switchboard()
        .args(["--say", "completions", "--metrics-file", example])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let out = switchboard()
        .args(["--metrics-file", example, "--snapshot", "--format", "json"])
        .output()
        .expect("runs");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert!(v["channels"].is_array());
}

#[test]
fn subcommands_do_not_mix_with_mode_flags() {
    for args in [
        &["--snapshot", "completions", "bash"][..],
        &["completions", "bash", "--snapshot"][..],
        &["man", "--format", "json"][..],
        &["completions", "tcsh"][..],
        &["completions"][..],
    ] {
        let out = switchboard().args(args).output().expect("runs");
        assert_eq!(
            out.status.code(),
            Some(3),
            "{args:?}: usage error is UNKNOWN"
        );
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn help_points_into_docs_not_outside() {
    let help = stdout_of(&["--help"]);
    assert!(help.contains("docs/"), "{help}");
    assert!(!help.contains("SPEC"), "{help}");
}

#[test]
fn init_config_creates_the_directory_and_never_overwrites() {
    let home = tempfile::tempdir().expect("tempdir");
    let xdg = home.path().join("fresh/config");
    let path = xdg.join("switchboard/config.toml");
    let out = switchboard()
        .env("XDG_CONFIG_HOME", &xdg)
        .arg("--init-config")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        path.display().to_string()
    );
    let written = std::fs::read_to_string(&path).expect("written");
    assert_eq!(written, switchboard::config::DEFAULT_TOML);
    assert!(switchboard::config::Config::load(&path).is_ok());

    std::fs::write(&path, "# mine\n").expect("edit");
    let out = switchboard()
        .env("XDG_CONFIG_HOME", &xdg)
        .arg("--init-config")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(73), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists"));
    assert_eq!(std::fs::read_to_string(&path).expect("kept"), "# mine\n");
}

#[test]
fn init_config_falls_back_to_home() {
    let home = tempfile::tempdir().expect("tempdir");
    let out = switchboard()
        .env("HOME", home.path())
        .env_remove("XDG_CONFIG_HOME")
        .arg("--init-config")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(home
        .path()
        .join(".config/switchboard/config.toml")
        .is_file());
}
