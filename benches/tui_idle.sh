#!/usr/bin/env bash
# Idle CPU of the console (bar: ≤ 0.5% of one core, docs/architecture.md): runs the release binary on the
# embedded demo in a 120×40 tmux pane, lets it warm up, then reads utime+stime from
# /proc/<pid>/stat across SECONDS (default 60) with no input at all.
# Usage: benches/tui_idle.sh [seconds] [extra switchboard args, e.g. --metrics-file F]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
shift || true
command -v tmux >/dev/null || { echo "SKIPPED: tmux is not installed"; exit 0; }
cargo build --release --quiet
bin=${CARGO_TARGET_DIR:-target}/release/switchboard
sock="sb-idle-$$"
xdg=$(mktemp -d)
trap 'tmux -L "$sock" kill-server 2>/dev/null || true; rm -rf "$xdg"' EXIT
# `exec` so that the pane's process is the console itself.
tmux -L "$sock" -f /dev/null new-session -d -x 120 -y 40 -s idle \
  "exec env XDG_CONFIG_HOME=$xdg $bin $*"
sleep 5
pid=$(tmux -L "$sock" display-message -p -t idle '#{pane_pid}')
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
hz=$(getconf CLK_TCK)
t0=$(ticks); s0=$(date +%s.%N)
sleep "$secs"
t1=$(ticks); s1=$(date +%s.%N)
python3 - "$t0" "$t1" "$s0" "$s1" "$hz" "$pid" <<'PY'
import sys
t0, t1, s0, s1, hz = (float(x) for x in sys.argv[1:6])
cpu = (t1 - t0) / hz
wall = s1 - s0
rss = [l for l in open(f"/proc/{sys.argv[6]}/status") if l.startswith("VmRSS")][0].split()[1]
print(f"idle console: {cpu:.2f} s CPU in {wall:.1f} s = {100 * cpu / wall:.3f}% of one core "
      f"(bar 0.5%), RSS {int(rss) // 1024} MiB")
PY
