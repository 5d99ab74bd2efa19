//! Build script: tells the tests whether the shared fixtures (real metrics files and the
//! decisions expected for them) sit beside the checkout, as `../shared/fixtures/`.
//!
//! Tests that need them carry `#[cfg_attr(not(shared_fixtures), ignore = "…")]`, so a
//! fresh clone without them reports those tests as *ignored* instead of quietly passing.
//! Likewise `has_tmux` says whether tmux was on PATH, for the tests that drive the console
//! in a real terminal.

use std::path::Path;
use std::process::Command;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(shared_fixtures)");
    println!("cargo::rustc-check-cfg=cfg(has_tmux)");
    println!("cargo::rerun-if-changed=build.rs");
    let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".to_string());
    let fixtures = Path::new(&manifest).join("../shared/fixtures");
    let present = fixtures.join("metrics").is_dir() && fixtures.join("expected").is_dir();
    if present {
        println!("cargo::rustc-cfg=shared_fixtures");
        // Only watched when present: watching a missing path would rerun this script on
        // every build. After adding the fixtures to an existing checkout, `touch build.rs`.
        println!("cargo::rerun-if-changed=../shared/fixtures");
    }
    // Installing tmux later changes nothing here by itself: `touch build.rs` then.
    let tmux = Command::new("tmux").arg("-V").output();
    if tmux.is_ok_and(|o| o.status.success()) {
        println!("cargo::rustc-cfg=has_tmux");
    }
}
