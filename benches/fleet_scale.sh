#!/usr/bin/env bash
# `[prometheus]` at fleet scale: 10,000 discovered channels from a loopback fake
# Prometheus (Python, answers precomputed; 1% of the channels down). Measures
#   1. --snapshot, whole process (two queries, parse, discovery, evaluation, JSON out):
#      wall time and peak RSS, with 1 and with 11 readings; (t11 - t1) / 10 is the cost
#      of one poll (the goal: <= 200 ms)
#   2. --headless reading every second for ${FLEET_SECONDS:-70} s with a 1-minute window:
#      CPU per poll, RSS in steady state (the goal: <= 128 MiB). A 1 s interval over a
#      1 min window keeps the 60 results per channel that the defaults (5 s over 5 min)
#      keep, and reaches that steady state in a minute instead of five.
# Run by benches/live_scale.sh; alone: benches/fleet_scale.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source benches/lib/cpu_rss.sh
cargo build --release --quiet
bin=$PWD/target/release/switchboard
work=$(mktemp -d)
cleanup() { [ -n "${srv:-}" ] && kill "$srv" 2>/dev/null; [ -n "${sb:-}" ] && kill "$sb" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$work/prom.py" <<'PY'
import http.server, json, sys, urllib.parse
N = int(sys.argv[2])
def vector(value):
    result = [{"metric": {"__name__": "probe_success", "instance": f"10.{i >> 16}.{(i >> 8) & 255}.{i & 255}:8000",
                          "job": "blackbox", "module": "http_2xx"},
               "value": [1764000000.123, value(i)]} for i in range(N)]
    return json.dumps({"status": "success", "data": {"resultType": "vector", "result": result}}).encode()
UP = vector(lambda i: "0" if i % 100 == 0 else "1")
LAT = vector(lambda i: f"{1 + (i % 7) * 0.25}")
class S(http.server.ThreadingHTTPServer):
    request_queue_size = 64
    daemon_threads = True
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a): pass
    def do_GET(self):
        q = urllib.parse.parse_qs(urllib.parse.urlparse(self.path).query).get("query", [""])[0]
        body = UP if q.startswith("probe_success") else LAT
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
S(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
PY
python3 "$work/prom.py" "$port" 10000 > /dev/null 2>&1 &
srv=$!
cat > "$work/fleet.toml" <<TOML
[poll]
interval = "1s"
window = "1m"
[prometheus]
url = "http://127.0.0.1:$port"
channel_label = "instance"
up_query = 'probe_success{job="blackbox"}'
latency_query = 'probe_duration_seconds{job="blackbox"} * 1000'
timeout = "1s"
TOML
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/api/v1/query?query=up" -o /dev/null && break; sleep 0.2; done
echo "answer: $(curl -s "http://127.0.0.1:$port/api/v1/query?query=probe_success" | wc -c) bytes per query"
snap() {
  /usr/bin/time -f "%e %M" -o "$work/time" "$bin" --snapshot --format json --samples "$1" \
    --config "$work/fleet.toml" --state-dir "$work/state" > "$work/snap.json" || true
  tail -1 "$work/time"
}
read -r t1 m1 < <(snap 1)
read -r t11 m11 < <(snap 11)
python3 - "$t1" "$m1" "$t11" "$m11" "$work/snap.json" <<'PY'
import json, sys
t1, m1, t11, m11 = map(float, sys.argv[1:5])
s = json.load(open(sys.argv[5]))
down = sum(c["health"] == "OFFLINE" for c in s["channels"])
print(f"--snapshot: {len(s['channels'])} channels ({down} OFFLINE), source.error {s['source'].get('error')}")
print(f"  1 reading: {t1 * 1000:.0f} ms, peak RSS {m1 / 1024:.1f} MiB; 11 readings: {t11 * 1000:.0f} ms, peak RSS {m11 / 1024:.1f} MiB")
print(f"  one poll (two queries, parse, discovery, evaluation): {(t11 - t1) * 100:.0f} ms")
PY
"$bin" --headless --config "$work/fleet.toml" --state-dir "$work/state" 2> "$work/headless.log" &
sb=$!
sleep 5
cpu_rss "$sb" "${FLEET_SECONDS:=70}"
python3 - "$CPU_S" "$FLEET_SECONDS" "$RSS_KB" "$HWM_KB" <<'PY'
import sys
cpu, secs, rss, hwm = map(float, sys.argv[1:])
print(f"--headless, a reading a second: {100 * cpu / secs:.1f}% of one core = {1000 * cpu / secs:.0f} ms of CPU per poll; RSS {rss / 1024:.1f} MiB (peak {hwm / 1024:.1f} MiB)")
PY
kill "$sb"; wait "$sb" 2>/dev/null || true; sb=
