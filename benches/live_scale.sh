#!/usr/bin/env bash
# Scale benchmarks for live data (bars in docs/architecture.md):
#   1. replay of 10,000 channels x 100 ticks: wall time and peak RSS
#   2. --headless on 1,000 loopback HTTP channels every 5 s for 60 s, each with a recovery
#      action bound (so the executor judges every channel on every snapshot): CPU and RSS
#   3. --snapshot on the embedded demo: whole-process time (hyperfine)
#   4. --serve on 10,000 loopback HTTP channels every 5 s, targets that keep connections
#      alive and targets that close every one (benches/targets.c answers in microseconds):
#      CPU, RSS, probes delivered, the latency reported (median channel mean, 95th
#      percentile of channel p95) and routing changes (benches/live_measure.py)
#   5. [prometheus] with 10,000 discovered channels: time per poll, RSS (fleet_scale.sh)
#   6. side by side with the peer, Prometheus scraping blackbox_exporter every 5 s, on the
#      same 1,000 keep-alive loopback targets, one after the other: CPU (per probe), RSS,
#      probes delivered, latency recorded (scripts/need_prometheus.sh installs the peer)
#   7. --serve on 1,000 channels: the time to fetch /metrics and /context
# Everything runs on 127.0.0.1; the HTTP servers are started and stopped here.
# ONLY=scale runs section 4 alone, ONLY=peer section 6, ONLY=serve section 7; SB_BIN measures another build
# (before/after); SCALE_CHANNELS, SCALE_SECONDS, SCALE_WARMUP and SCALE_MODES change
# section 4, PEER_CHANNELS and PEER_SECONDS section 6.
set -euo pipefail
cd "$(dirname "$0")/.."
source benches/lib/cpu_rss.sh
if [ -z "${SB_BIN:-}" ]; then cargo build --release --quiet; fi
bin=${SB_BIN:-$PWD/target/release/switchboard}
work=$(mktemp -d)
cleanup() {
  for p in "${srv:-}" "${sb:-}" "${tgt:-}" "${prom:-}" "${bb:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# The loopback targets (benches/targets.c) in MODE (keepalive or close): sets tgt, tport.
targets() {
  cc -O2 -o "$work/targets" benches/targets.c
  tport=$(free_port)
  ( ulimit -n "$(ulimit -Hn)"; exec "$work/targets" "$tport" "$1" ) &
  tgt=$!
}

# A config of N HTTP channels on the targets, every 5 s.
channels_toml() {
  printf '[poll]\ninterval = "5s"\nwindow = "5m"\n'
  for i in $(seq 1 "$1"); do
    printf '[[channel]]\nname = "ch%05d"\nprobe = "http"\nurl = "http://127.0.0.1:%s/ok"\n' "$i" "$tport"
  done
}

# switchboard --serve on N channels of the targets, measured over SECS after WARM
# seconds (benches/live_measure.py; MEASURE_JSON as there).
measure_switchboard() {
  local n=$1 secs=$2 warm=$3 sport
  sport=$(free_port)
  channels_toml "$n" > "$work/scale.toml"
  rm -rf "$work/scale-state"
  ( ulimit -n "$(ulimit -Hn)"; exec "$bin" --serve "127.0.0.1:$sport" --config "$work/scale.toml" \
      --state-dir "$work/scale-state" ) 2> "$work/scale.log" &
  sb=$!
  sleep "$warm"
  python3 benches/live_measure.py "$sb" "http://127.0.0.1:$sport/context" \
    "http://127.0.0.1:$tport/count" "$secs" 5
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  kill "$sb"; wait "$sb" 2>/dev/null || true; sb=
}

# Section 4: SCALE_CHANNELS channels against one target in MODE (keepalive or close).
scale() {
  local mode=$1 n=${SCALE_CHANNELS:-10000} secs=${SCALE_SECONDS:-60} warm=${SCALE_WARMUP:-20}
  echo "== scale: $n loopback HTTP channels every 5 s, targets $mode, ${secs} s after ${warm} s"
  targets "$mode"
  measure_switchboard "$n" "$secs" "$warm"
  kill "$tgt"; wait "$tgt" 2>/dev/null || true; tgt=
}

# Section 6: switchboard, then Prometheus scraping blackbox_exporter, each probing
# PEER_CHANNELS keep-alive targets every 5 s (one URL per channel: Prometheus keeps one
# series per target), measured over PEER_SECONDS; both columns printed side by side.
peer() {
  local n=${PEER_CHANNELS:-1000} secs=${PEER_SECONDS:-60} warm=20 bbport pport
  # A subshell: the installer's SKIPPED exits it, not this script.
  ( need_blackbox=1; . scripts/need_prometheus.sh ) || true
  local blackbox
  blackbox=$(command -v prometheus-blackbox-exporter || command -v blackbox_exporter || true)
  if [ -z "$blackbox" ] || ! command -v prometheus > /dev/null; then
    echo "== peer: SKIPPED (Prometheus or blackbox_exporter is not installed)"
    return
  fi
  echo "== side by side: $n loopback HTTP channels every 5 s, keep-alive targets, ${secs} s after ${warm} s"
  targets keepalive
  MEASURE_JSON=$work/sb.json measure_switchboard "$n" "$secs" "$warm"
  bbport=$(free_port); pport=$(free_port)
  printf 'modules:\n  http_2xx: {prober: http, timeout: 4s}\n' > "$work/blackbox.yml"
  "$blackbox" --config.file="$work/blackbox.yml" --web.listen-address="127.0.0.1:$bbport" \
    > "$work/bb.log" 2>&1 &
  bb=$!
  {
    printf 'global: {scrape_interval: 5s, scrape_timeout: 4s, evaluation_interval: 5s}\n'
    printf 'scrape_configs:\n  - job_name: blackbox\n    metrics_path: /probe\n'
    printf '    params: {module: [http_2xx]}\n    static_configs:\n      - targets:\n'
    for i in $(seq 1 "$n"); do printf '        - http://127.0.0.1:%s/ok?ch=%05d\n' "$tport" "$i"; done
    printf '    relabel_configs:\n'
    printf '      - {source_labels: [__address__], target_label: __param_target}\n'
    printf '      - {source_labels: [__param_target], target_label: instance}\n'
    printf '      - {target_label: __address__, replacement: "127.0.0.1:%s"}\n' "$bbport"
  } > "$work/prometheus.yml"
  prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" \
    --web.listen-address="127.0.0.1:$pport" > "$work/prom.log" 2>&1 &
  prom=$!
  sleep "$warm"
  python3 benches/peer_measure.py "http://127.0.0.1:$pport" "http://127.0.0.1:$tport/count" \
    "$secs" 5 "$n" "$prom" "$bb" > "$work/peer.json"
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  kill "$prom" "$bb"; wait "$prom" "$bb" 2>/dev/null || true; prom= bb=
  kill "$tgt"; wait "$tgt" 2>/dev/null || true; tgt=
  python3 - "$work/sb.json" "$work/peer.json" <<'PY'
import json, sys
sb, peer = (json.load(open(p)) for p in sys.argv[1:])
rows = [("CPU, % of a core", "cpu_pct", "{:.1f}"), ("CPU per probe, ms", "cpu_ms_per_probe", "{:.3f}"),
        ("RSS, MiB", "rss_mib", "{:.0f}"), ("probes delivered, %", "delivered_pct", "{:.1f}"),
        ("median channel mean, ms", "median_mean_ms", "{:.2f}"),
        ("p95 of channel p95, ms", "p95_p95_ms", "{:.2f}")]
print(f"{'':26}{'switchboard':>14}{'prometheus+blackbox':>22}")
for label, key, fmt in rows:
    print(f"{label:26}{fmt.format(sb[key]):>14}{fmt.format(peer[key]):>22}")
PY
}

# Section 7: --serve on SERVE_CHANNELS keep-alive channels; once warm, the time to fetch
# /metrics and /context: 100 requests each on one connection, 50 ms apart so that they
# span many published snapshots (the text is made at the first request after each; the
# first fetch of a new snapshot is the one that pays for it, timed separately).
serve_paths() {
  local n=${SERVE_CHANNELS:-1000} sport
  echo "== serve: /metrics and /context with $n channels"
  targets keepalive
  sport=$(free_port)
  channels_toml "$n" > "$work/serve.toml"
  "$bin" --serve "127.0.0.1:$sport" --config "$work/serve.toml" --state-dir "$work/serve-state" \
    2> "$work/serve.log" &
  sb=$!
  sleep 15
  python3 - "$sport" <<'PY'
import http.client, statistics, sys, time
conn = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]))
for path in ("/metrics", "/context"):
    times, fresh, size, last = [], [], 0, None
    for _ in range(100):
        t = time.perf_counter()
        conn.request("GET", path)
        body = conn.getresponse().read()
        ms = (time.perf_counter() - t) * 1000
        times.append(ms)
        if last is not None and body != last:
            fresh.append(ms)
        last, size = body, len(body)
        time.sleep(0.05)
    times.sort()
    first = f", first after a new snapshot median {statistics.median(fresh):.2f} ms of {len(fresh)}" if fresh else ""
    print(f"{path:9} median {statistics.median(times):.2f} ms, p95 {times[94]:.2f} ms{first} ({size / 1024:.0f} KiB)")
PY
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  kill "$sb"; wait "$sb" 2>/dev/null || true; sb=
  kill "$tgt"; wait "$tgt" 2>/dev/null || true; tgt=
}

if [ "${ONLY:-}" = serve ]; then
  serve_paths
  exit 0
fi
if [ "${ONLY:-}" = scale ]; then
  for mode in ${SCALE_MODES:-keepalive close}; do scale "$mode"; done
  exit 0
fi
if [ "${ONLY:-}" = peer ]; then
  peer
  exit 0
fi

echo "== replay: 10,000 channels x 100 ticks"
python3 benches/gen_observations.py 10000 100 > "$work/obs.jsonl"
echo "input: $(wc -l < "$work/obs.jsonl") records, $(du -h "$work/obs.jsonl" | cut -f1)"
/usr/bin/time -f "wall %e s, peak RSS %M KiB" "$bin" --replay "$work/obs.jsonl" --format json > "$work/replay.out" || true
echo "output: $(wc -l < "$work/replay.out") lines"

echo "== live: 1,000 loopback HTTP channels every 5 s for ${LIVE_SECONDS:=60} s"
mkdir -p "$work/www" && echo ok > "$work/www/ok"
port=$(free_port)
# A threaded server with a deep accept queue: http.server's default backlog of 5 refuses
# connections under a thousand probes' bursts, and the executor then restarts channels.
cat > "$work/srv.py" <<'PY'
import http.server, sys
class S(http.server.ThreadingHTTPServer):
    request_queue_size = 1024
    daemon_threads = True
class H(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def do_GET(self):
        self.send_response(200); self.send_header("Content-Length", "2"); self.end_headers(); self.wfile.write(b"ok")
S(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
PY
python3 "$work/srv.py" "$port" > /dev/null 2>&1 &
srv=$!
{
  printf '[poll]\ninterval = "5s"\nwindow = "5m"\n[recovery]\nauto = true\n'
  printf '[[action]]\nname = "restart"\ncommand = ["true"]\n'
  for i in $(seq 1 1000); do
    printf '[[channel]]\nname = "ch%04d"\nprobe = "http"\nurl = "http://127.0.0.1:%s/ok"\nactions = ["restart"]\n' "$i" "$port"
  done
} > "$work/live.toml"
sleep 0.5
"$bin" --headless --config "$work/live.toml" --state-dir "$work/state" 2> "$work/headless.log" &
sb=$!
sleep 5  # warm-up: first rounds
cpu_rss "$sb" "$LIVE_SECONDS"
python3 - "$CPU_S" "$LIVE_SECONDS" "$RSS_KB" "$HWM_KB" <<'PY'
import sys
cpu, secs, rss, hwm = map(float, sys.argv[1:])
print(f"cpu {cpu:.2f} s over {secs:.0f} s = {100 * cpu / secs:.2f}% of one core; RSS {rss / 1024:.1f} MiB (peak {hwm / 1024:.1f} MiB)")
PY
kill "$sb"; wait "$sb" 2>/dev/null || true; sb=
kill "$srv"; wait "$srv" 2>/dev/null || true; srv=

for mode in ${SCALE_MODES:-keepalive close}; do scale "$mode"; done

echo "== --snapshot on the embedded demo"
if command -v hyperfine > /dev/null; then
  XDG_CONFIG_HOME=$work XDG_STATE_HOME=$work/state hyperfine -N --warmup 10 --runs 200 --style basic -i "$bin --snapshot --demo --format json"
fi

echo "== [prometheus]: 10,000 channels discovered from a fake Prometheus"
benches/fleet_scale.sh

peer

serve_paths
