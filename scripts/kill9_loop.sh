#!/usr/bin/env bash
# kill -9 loop for the audit log (issue 13): runs `--headless` on a config whose channel
# is always down and whose action is slow (so recovery actions are running), SIGKILLs it
# at a random moment KILLS times (default 50), restarting each time, then checks that
# every audit line parses and every started action ended or was recorded `interrupted`
# exactly once. tests/durability.rs runs a smaller version under `cargo test`.
#
# usage: scripts/kill9_loop.sh [KILLS]   (SWITCHBOARD=path/to/binary, default target/debug)
set -euo pipefail
cd "$(dirname "$0")/.."
kills=${1:-50}
bin=${SWITCHBOARD:-target/debug/switchboard}
[ -x "$bin" ] || { echo "no binary at $bin: cargo build first" >&2; exit 2; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cat > "$dir/c.toml" <<'TOML'
[poll]
interval = "200ms"
window = "1m"
down_after = 1
up_after = 1

[recovery]
auto = true
cooldown = "1s"
backoff_max = "1s"
max_attempts = 1000
verify_timeout = "1s"
audit_max_size = 8192

[[action]]
name = "slow_restart"
command = ["sleep", "1"]
timeout = "5s"

[[channel]]
name = "Api"
probe = "command"
command = ["false"]
actions = ["slow_restart"]

[[channel]]
name = "Backup"
probe = "command"
command = ["true"]
TOML
starts() { cat "$dir"/state/audit.jsonl* 2>/dev/null | grep -c '"event":"action_start"' || true; }
run() { "$bin" --headless --config "$dir/c.toml" --state-dir "$dir/state" 2>>"$dir/stderr.log" & pid=$!; }

for k in $(seq 1 "$kills"); do
  before=$(starts)
  run
  # Until an action is running (or 10 s), then a random moment within the next 1.5 s.
  for _ in $(seq 1 500); do [ "$(starts)" -gt "$before" ] && break; sleep 0.02; done
  sleep "0.$(printf '%03d' $((RANDOM % 1000)))"
  sleep "$((RANDOM % 2)).$((RANDOM % 5))"
  kill -9 "$pid"; wait "$pid" 2>/dev/null || true
done
# One more start records what the last kill interrupted; then a clean stop.
run
for _ in $(seq 1 500); do
  n=$(cat "$dir"/state/audit.jsonl* 2>/dev/null | grep -c '"event":"start"' || true)
  [ "$n" -ge $((kills + 1)) ] && break; sleep 0.02
done
kill -TERM "$pid"; wait "$pid" && rc=0 || rc=$?

python3 - "$dir/state" "$kills" "$rc" <<'PY'
import json, os, sys
state, kills, rc = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
names = [n for n in ("audit.jsonl.3", "audit.jsonl.2", "audit.jsonl.1", "audit.jsonl")
         if os.path.exists(os.path.join(state, n))]
events, bad = [], 0
for n in names:
    for i, line in enumerate(open(os.path.join(state, n), encoding="utf-8"), 1):
        try:
            events.append(json.loads(line))
        except ValueError:
            bad += 1
            print(f"BAD {n}:{i}: {line!r}")
key = lambda e: (e.get("run"), e.get("action"))
closed = {}
for e in events:
    if e["event"] in ("action_end", "interrupted"):
        closed[key(e)] = closed.get(key(e), 0) + 1
started = [key(e) for e in events if e["event"] == "action_start"]
# The oldest rotated file may have lost the start of a run whose end it kept: only
# starts on record are checked.
unclosed = [k for k in started if closed.get(k, 0) != 1]
count = lambda ev: sum(1 for e in events if e["event"] == ev)
print(f"kills: {kills}, files: {', '.join(names)}, lines: {len(events) + bad}, bad lines: {bad}")
print(f"starts: {count('start')}, action_start: {len(started)}, action_end: {count('action_end')}, "
      f"interrupted: {count('interrupted')}, not closed exactly once: {len(unclosed)}, last exit: {rc}")
ok = bad == 0 and not unclosed and rc == 0 and count("interrupted") > 0
print("PASS" if ok else "FAIL")
sys.exit(0 if ok else 1)
PY
