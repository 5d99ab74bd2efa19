#!/usr/bin/env bash
# Full disk for the audit log (issue 13): the state dir on a 64 KiB tmpfs, filled up while
# `--headless` is acting on a down channel; then room is made again. Checks that the
# process stays up, says so on stderr (and again when writing resumes), that nothing
# runs while nothing can be recorded, and that every audit line parses. Needs root (mount);
# tests/durability.rs covers the same path without root through a file size limit.
#
# usage: sudo scripts/full_disk.sh   (SWITCHBOARD=path/to/binary, default target/debug)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${SWITCHBOARD:-target/debug/switchboard}
[ -x "$bin" ] || { echo "no binary at $bin: cargo build first" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "needs root to mount a tmpfs" >&2; exit 2; }
dir=$(mktemp -d)
mnt="$dir/state"
mkdir "$mnt"
mount -t tmpfs -o size=64k tmpfs "$mnt"
cleanup() { [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null; umount "$mnt" 2>/dev/null; rm -rf "$dir"; }
trap cleanup EXIT
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

# Its output (kept in the audit line) makes lines long enough to need new pages soon.
[[action]]
name = "slow_restart"
command = ["sh", "-c", "sleep 1; printf %01500d 0"]
timeout = "5s"

[[channel]]
name = "Api"
probe = "command"
command = ["false"]
actions = ["slow_restart"]
TOML
"$bin" --headless --config "$dir/c.toml" --state-dir "$mnt" 2>"$dir/stderr.log" & pid=$!
sleep 3
# Fill what is left, leaving the audit log no room.
dd if=/dev/zero of="$mnt/filler" bs=1k 2>/dev/null || true
echo "full: $(df -k --output=avail "$mnt" | tail -1 | tr -d ' ') KiB free"
sleep 10
lines_full=$(wc -l < "$mnt/audit.jsonl")
rm "$mnt/filler"
echo "room again"
sleep 5
alive=no; kill -0 "$pid" 2>/dev/null && alive=yes
kill -TERM "$pid"; wait "$pid" && rc=0 || rc=$?
pid=
full_lines=$(grep -c "No space left on device" "$dir/stderr.log" || true)
resumed=$(grep -c "audit log: writing again" "$dir/stderr.log" || true)
python3 - "$mnt/audit.jsonl" "$lines_full" "$alive" "$rc" "$full_lines" "$resumed" <<'PY'
import json, sys
path, lines_full, alive, rc, full, resumed = sys.argv[1:7]
bad, events = 0, []
for i, line in enumerate(open(path, encoding="utf-8"), 1):
    try:
        events.append(json.loads(line))
    except ValueError:
        bad += 1
        print(f"BAD line {i}: {line!r}")
after = events[int(lines_full):]
starts = sum(e["event"] == "action_start" for e in events)
ends = sum(e["event"] in ("action_end", "interrupted") for e in events)
print(f"alive while full: {alive}, exit: {rc}, 'No space left' lines: {full}, "
      f"'writing again' lines: {resumed}")
print(f"audit lines: {len(events)} ({len(after)} after room), bad: {bad}, "
      f"action_start: {starts}, ended: {ends}")
ok = (alive == "yes" and rc == "0" and int(full) >= 1 and int(resumed) >= 1 and bad == 0
      and len(after) > 0 and starts == ends)
print("PASS" if ok else "FAIL")
sys.exit(0 if ok else 1)
PY
