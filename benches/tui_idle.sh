#!/usr/bin/env bash
# Idle CPU of the console (bar: ≤ 0.5% of one core, docs/architecture.md): runs the release binary on the
# embedded demo in a 120×40 tmux pane, lets it warm up, then reads the scheduler's exact run time
# (/proc/<pid>/task/*/schedstat) and context switches across SECONDS (default 60) with no input.
#
# On a VM an idle vCPU is descheduled, and each wake-up of a sleeping process then costs close to a
# millisecond of cold caches, so the result follows the wake-up rate and what else the machine is
# doing. Compare builds side by side, started together (same demo phase, same machine state):
#   SB_BINS="/tmp/old/switchboard target/release/switchboard" benches/tui_idle.sh 120
# Usage: benches/tui_idle.sh [seconds] [extra switchboard args, e.g. --metrics-file F]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
shift || true
command -v tmux >/dev/null || { echo "SKIPPED: tmux is not installed"; exit 0; }
if [ -z "${SB_BINS:-}" ]; then
  cargo build --release --quiet
  SB_BINS=${CARGO_TARGET_DIR:-target}/release/switchboard
fi
read -r -a bins <<<"$SB_BINS"
sock="sb-idle-$$"
dirs=()
cleanup() {
  for i in "${!bins[@]}"; do tmux -L "$sock-$i" kill-server 2>/dev/null || true; done
  rm -rf "${dirs[@]}"
}
trap cleanup EXIT
for i in "${!bins[@]}"; do
  xdg=$(mktemp -d)
  dirs+=("$xdg")
  # `exec` so that the pane's process is the console itself; a state dir of its own each.
  tmux -L "$sock-$i" -f /dev/null new-session -d -x 120 -y 40 -s idle \
    "exec env XDG_CONFIG_HOME=$xdg XDG_STATE_HOME=$xdg ${bins[$i]} $*"
done
sleep 5
pids=()
for i in "${!bins[@]}"; do
  pids+=("$(tmux -L "$sock-$i" display-message -p -t idle '#{pane_pid}')")
done
python3 - "$secs" "${pids[@]}" -- "${bins[@]}" <<'PY'
import glob, sys, time
args = sys.argv[1:]
secs = float(args[0])
cut = args.index("--")
pids, bins = args[1:cut], args[cut + 1:]

def sample(pid):
    run = switches = 0
    for f in glob.glob(f"/proc/{pid}/task/*/schedstat"):
        fields = open(f).read().split()
        run += int(fields[0])
        switches += int(fields[2])
    return run, switches

before = [sample(p) for p in pids]
t0 = time.monotonic()
time.sleep(secs)
wall = time.monotonic() - t0
for pid, b, (r0, s0) in zip(pids, bins, before):
    r1, s1 = sample(pid)
    rss = [l for l in open(f"/proc/{pid}/status") if l.startswith("VmRSS")][0].split()[1]
    print(f"idle console {b}: {(r1 - r0) / 1e9:.2f} s CPU in {wall:.0f} s = "
          f"{100 * (r1 - r0) / 1e9 / wall:.3f}% of one core (bar 0.5%), "
          f"{(s1 - s0) / wall:.1f} wake-ups/s, RSS {int(rss) // 1024} MiB")
PY
