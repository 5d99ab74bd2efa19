#!/usr/bin/env bash
# `--export-html` as a whole process, with hyperfine (apt-get install hyperfine).
# Bar (docs/architecture.md): <= 20 ms from the 74 KB real metrics file.
# Usage: benches/export_html.sh [metrics-file]   (default: the largest shared fixture)
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
# An empty state dir: the page reads the audit log there, and a bench must not depend
# on this machine's own history.
mkdir -p "$out/state"

# --export-json beside it: both pay for the same fsync of an atomic write, which on a
# busy disk is most of the wall time (compare User+System with Time).
hyperfine -N --warmup 20 --runs 300 --style basic --export-json "$out/html.json" \
  "$bin --metrics-file $fixture --state-dir $out/state --export-html $out/dashboard.html" \
  "$bin --metrics-file $fixture --state-dir $out/state --export-json $out/context.json"
echo "page: $(stat -c %s "$out/dashboard.html") bytes"
python3 - "$out/html.json" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    what = "html" if "--export-html" in r["command"] else "json"
    print(f"{what}: median {r['median'] * 1000:.2f} ms, mean {r['mean'] * 1000:.2f} ms, "
          f"user+sys {(r['user'] + r['system']) * 1000:.2f} ms (bar for html: 20 ms)")
PY
