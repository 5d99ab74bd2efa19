#!/usr/bin/env bash
# Checks `--serve`'s /metrics with Prometheus's own linter: runs the release binary on the
# embedded demo with --serve on a free loopback port, scrapes /metrics once the first
# round is in, and pipes it to `promtool check metrics`. Installs promtool (Debian/Ubuntu
# package `prometheus`) when it is missing and we are root.
# Usage: scripts/promtool_check.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/need_prometheus.sh
cargo build --release --quiet
dir=$(mktemp -d)
log="$dir/stderr"
XDG_CONFIG_HOME="$dir" target/release/switchboard --serve 127.0.0.1:0 --state-dir "$dir/state" 2>"$log" &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 100); do
  addr=$(sed -n 's#.*serving http://\([^/]*\)/.*#\1#p' "$log" | head -1)
  [ -n "$addr" ] && curl -sf "http://$addr/healthz" >/dev/null && break
  sleep 0.1
done
[ -n "${addr:-}" ] || { echo "FAIL: no address in the log"; cat "$log"; exit 1; }
curl -sf "http://$addr/metrics" >"$dir/metrics"
echo "scraped $(grep -vc '^#' "$dir/metrics") samples from http://$addr/metrics"
promtool check metrics <"$dir/metrics" && echo "PASS: promtool check metrics"
