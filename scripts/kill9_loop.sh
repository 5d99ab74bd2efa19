#!/usr/bin/env bash
# kill -9 loop for the audit log: runs `--headless` on
# tests/fixtures/slow_action.toml (a channel always down, a slow action, so recovery
# actions are running), SIGKILLs it at a random moment KILLS times (default 50),
# restarting each time, then checks that every audit line parses and every started
# action ended or was recorded `interrupted` exactly once (scripts/audit_check.py).
# tests/durability.rs runs a smaller version under `cargo test`.
#
# usage: scripts/kill9_loop.sh [KILLS]   (SWITCHBOARD=path/to/binary, default target/debug)
set -euo pipefail
cd "$(dirname "$0")/.."
kills=${1:-50}
bin=${SWITCHBOARD:-target/debug/switchboard}
[ -x "$bin" ] || { echo "no binary at $bin: cargo build first" >&2; exit 2; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
events() { cat "$dir"/state/audit.jsonl* 2>/dev/null | grep -c "\"event\":\"$1\"" || true; }
run() {
  "$bin" --headless --config tests/fixtures/slow_action.toml --state-dir "$dir/state" \
    2>>"$dir/stderr.log" & pid=$!
}

for _ in $(seq 1 "$kills"); do
  before=$(events action_start)
  run
  # Until an action is running (or 10 s), then a random moment within the next 2.5 s:
  # in the action, between two, or while a line is being written.
  for _ in $(seq 1 500); do [ "$(events action_start)" -gt "$before" ] && break; sleep 0.02; done
  sleep "$((RANDOM % 3)).$(printf '%03d' $((RANDOM % 1000)))"
  kill -9 "$pid"; wait "$pid" 2>/dev/null || true
done
# One more start records what the last kill interrupted; then a clean stop.
before=$(events start)
run
for _ in $(seq 1 500); do [ "$(events start)" -gt "$before" ] && break; sleep 0.02; done
sleep 0.5
kill -TERM "$pid"; wait "$pid" && rc=0 || rc=$?

echo "kills: $kills, last exit: $rc"
ok=0; scripts/audit_check.py "$dir/state" || ok=1
[ "$(events interrupted)" -gt 0 ] || { echo "no kill hit an action"; ok=1; }
[ "$rc" = 0 ] || ok=1
[ $ok = 0 ] && echo PASS || echo FAIL
exit $ok
