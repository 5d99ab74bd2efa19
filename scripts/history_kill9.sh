#!/usr/bin/env bash
# kill -9 the history writer at random moments, 50 times (or $1), and check after each
# kill that the database is sound and every committed tick is there
# (tests/history_kill9.rs does it 20 times in `cargo test`).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-1}"
SB_KILL9_ROUNDS="${1:-50}" cargo test --release --test history_kill9 -- --nocapture
