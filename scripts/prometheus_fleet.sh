#!/usr/bin/env bash
# switchboard discovering a fleet from a real Prometheus: blackbox_exporter probes one
# live and one dead loopback target, Prometheus scrapes it, and `--snapshot` with a
# `[prometheus]` table must show both targets as channels — the live one healthy, the
# dead one OFFLINE — with no source error. Then Prometheus is stopped and the snapshot
# must be a source error (exit 3), not two OFFLINE channels. Installs Prometheus and
# blackbox_exporter (Debian/Ubuntu packages) when missing and we are root.
# Usage: scripts/prometheus_fleet.sh
set -euo pipefail
cd "$(dirname "$0")/.."
need_blackbox=1
. scripts/need_prometheus.sh
. scripts/lib/release_run.sh
live_port=$(free_port); dead_port=$(free_port); bb_port=$(free_port); prom_port=$(free_port)
python3 -m http.server "$live_port" --bind 127.0.0.1 --directory "$dir" >/dev/null 2>&1 &
pids+=($!)
cat >"$dir/blackbox.yml" <<YML
modules:
  http_2xx: {prober: http, timeout: 2s}
YML
"$blackbox" --config.file="$dir/blackbox.yml" --web.listen-address="127.0.0.1:$bb_port" \
  >"$dir/bb.log" 2>&1 &
pids+=($!)
cat >"$dir/prometheus.yml" <<YML
global: {scrape_interval: 1s, evaluation_interval: 1s}
scrape_configs:
  - job_name: blackbox
    metrics_path: /probe
    params: {module: [http_2xx]}
    static_configs:
      - targets: ["http://127.0.0.1:$live_port/", "http://127.0.0.1:$dead_port/"]
    relabel_configs:
      - {source_labels: [__address__], target_label: __param_target}
      - {source_labels: [__param_target], target_label: instance}
      - {target_label: __address__, replacement: "127.0.0.1:$bb_port"}
YML
prometheus --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/tsdb" \
  --web.listen-address="127.0.0.1:$prom_port" >"$dir/prom.log" 2>&1 &
prom_pid=$!
pids+=($prom_pid)
query='probe_success{job="blackbox"}'
n=0
for _ in $(seq 150); do
  n=$(curl -sf "http://127.0.0.1:$prom_port/api/v1/query" --data-urlencode "query=$query" |
      python3 -c 'import json,sys; print(len(json.load(sys.stdin)["data"]["result"]))' 2>/dev/null || echo 0)
  [ "$n" = 2 ] && break
  sleep 0.2
done
[ "$n" = 2 ] || { echo "FAIL: Prometheus never had both probes"; tail "$dir/prom.log" "$dir/bb.log"; exit 1; }
cat >"$dir/fleet.toml" <<TOML
[prometheus]
url = "http://127.0.0.1:$prom_port"
channel_label = "instance"
up_query = 'probe_success{job="blackbox"}'
latency_query = 'probe_duration_seconds{job="blackbox"} * 1000'
optional = false
TOML
set +e
out=$($bin --snapshot --format json --config "$dir/fleet.toml" --state-dir "$dir/sb"); code=$?
set -e
live="http://127.0.0.1:$live_port/" dead="http://127.0.0.1:$dead_port/"
python3 - "$out" "$code" "$live" "$dead" <<'PY'
import json, sys
snap, code, live, dead = json.loads(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
by = {c["name"]: c for c in snap["channels"]}
for name, c in by.items():
    print(f"{name}: {c['health']} mean {c['mean_latency_ms']} ms, last_error {c.get('last_error')}")
print(f"status {snap['status']} (exit {code}), source.error {snap['source'].get('error')}")
ok = set(by) == {live, dead} and "error" not in snap["source"]
ok = ok and by[live]["health"] in ("EXCELLENT", "GOOD") and by[dead]["health"] == "OFFLINE"
ok = ok and code == 2  # a core channel is down: CRITICAL
sys.exit(0 if ok else 1)
PY
kill "$prom_pid"; wait "$prom_pid" 2>/dev/null || true
set +e
out=$($bin --snapshot --format json --config "$dir/fleet.toml" --state-dir "$dir/sb"); code=$?
set -e
python3 - "$out" "$code" <<'PY'
import json, sys
snap, code = json.loads(sys.argv[1]), int(sys.argv[2])
err = snap["source"].get("error")
print(f"Prometheus stopped: status {snap['status']} (exit {code}), {len(snap['channels'])} channels, source.error {err}")
ok = code == 3 and snap["status"] == "UNKNOWN" and err and not snap["channels"]
print("PASS" if ok else "FAIL")
sys.exit(0 if ok else 1)
PY
