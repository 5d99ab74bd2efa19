#!/usr/bin/env bash
# switchboard against a real Prometheus, both ways: `--serve` on the demo is scraped by a
# real Prometheus every second, and a second switchboard watches the demo's Local channel
# through that Prometheus with `probe = "prometheus"`. PASS when the latency it reads
# matches what /context says within the scrape's lag, and a query for a channel that does
# not exist fails with "no data". Installs Prometheus (Debian/Ubuntu package) when
# missing and we are root.
# Usage: scripts/prometheus_loop.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/need_prometheus.sh
. scripts/lib/release_run.sh
sb_port=$(free_port); prom_port=$(free_port)
XDG_CONFIG_HOME="$dir" $bin --serve "127.0.0.1:$sb_port" --state-dir "$dir/sb" 2>"$dir/sb.log" &
pids+=($!)
cat >"$dir/prometheus.yml" <<YML
global: {scrape_interval: 1s, evaluation_interval: 1s}
scrape_configs:
  - job_name: switchboard
    static_configs: [{targets: ["127.0.0.1:$sb_port"]}]
YML
prometheus --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/tsdb" \
  --web.listen-address="127.0.0.1:$prom_port" >"$dir/prom.log" 2>&1 &
pids+=($!)
query='switchboard_channel_latency_mean_seconds{channel="Local"} * 1000'
for _ in $(seq 150); do
  n=$(curl -sf "http://127.0.0.1:$prom_port/api/v1/query" --data-urlencode "query=$query" |
      python3 -c 'import json,sys; print(len(json.load(sys.stdin)["data"]["result"]))' 2>/dev/null || echo 0)
  [ "$n" = 1 ] && break
  sleep 0.2
done
[ "$n" = 1 ] || { echo "FAIL: Prometheus never scraped switchboard"; tail "$dir/prom.log"; exit 1; }
cat >"$dir/watch.toml" <<TOML
[[channel]]
name = "Local-via-Prometheus"
probe = "prometheus"
url = "http://127.0.0.1:$prom_port"
query = '$query'

[[channel]]
name = "Missing"
probe = "prometheus"
url = "http://127.0.0.1:$prom_port"
query = 'switchboard_channel_latency_mean_seconds{channel="Nope"} * 1000'
optional = true
TOML
out=$($bin --snapshot --format json --config "$dir/watch.toml" --state-dir "$dir/watch" || true)
direct=$(curl -sf "http://127.0.0.1:$sb_port/context")
python3 - "$out" "$direct" <<'PY'
import json, sys
seen, direct = json.loads(sys.argv[1]), json.loads(sys.argv[2])
via = {c["name"]: c for c in seen["channels"]}
local = next(c for c in direct["channels"] if c["name"] == "Local")
got, want = via["Local-via-Prometheus"]["mean_latency_ms"], local["mean_latency_ms"]
print(f"Local through Prometheus: {got} ms; /context now: {want} ms")
missing = via["Missing"]
print(f"Missing: {missing['health']}, {missing.get('last_error')}")
ok = got is not None and abs(got - want) <= max(5.0, 0.1 * want)
ok = ok and missing["health"] == "OFFLINE" and missing.get("last_error") == "the query returned no data"
print("PASS" if ok else "FAIL")
sys.exit(0 if ok else 1)
PY
