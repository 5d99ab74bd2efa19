#!/usr/bin/env bash
# Whole-process timings with hyperfine (apt-get install hyperfine).
# Usage: benches/whole_process.sh [metrics-file]   (default: the largest shared fixture)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "hyperfine is not installed (apt-get install hyperfine)"; exit 1; }
cargo build --release --quiet
bin=target/release/switchboard
fixture=${1:-$(ls -S ../shared/fixtures/metrics/*.json 2>/dev/null | head -1 || true)}
[ -n "$fixture" ] || fixture=assets/example-metrics.json
echo "fixture: $fixture ($(stat -c %s "$fixture") bytes)"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

hyperfine -N --warmup 20 --runs 300 --style basic --export-json "$out/snapshot.json" \
  "$bin --snapshot --format json --metrics-file $fixture" \
  "python3 benches/seed_bridge_proxy.py $fixture" -i
if "$bin" --help | grep -q -- '--say'; then
  hyperfine -N --warmup 20 --runs 300 --style basic -i \
    "$bin --say '오케스트레이션 상태' --metrics-file $fixture"
fi
python3 - "$out/snapshot.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
med = {x["command"].split()[0]: x["median"] * 1000 for x in r}
sb = [v for k, v in med.items() if "switchboard" in k][0]
py = [v for k, v in med.items() if "python" in k][0]
print(f"median: switchboard {sb:.2f} ms, python proxy {py:.2f} ms, speed-up {py / sb:.1f}x")
PY
# --export-html (bar: 20 ms), with --export-json beside it: both pay for the fsync of an
# atomic write, which on a busy disk is most of the wall time (compare User+System with
# Time). An empty state dir: the page reads the audit log there.
mkdir -p "$out/state"
hyperfine -N --warmup 20 --runs 300 --style basic \
  "$bin --metrics-file $fixture --state-dir $out/state --export-html $out/dashboard.html" \
  "$bin --metrics-file $fixture --state-dir $out/state --export-json $out/context.json"
echo "dashboard: $(stat -c %s "$out/dashboard.html") bytes"
