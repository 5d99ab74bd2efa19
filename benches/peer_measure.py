"""Measures the peer for benches/live_scale.sh: Prometheus scraping blackbox_exporter,
which probes the same loopback targets as switchboard. CPU and RSS of both processes
together over a period, probes delivered (the targets' own count of requests answered,
against channels x seconds / interval) and the latency they recorded (median of each
channel's mean `probe_duration_seconds`, 95th percentile of each channel's p95), read
from Prometheus' query API. Prints the same JSON line as live_measure.py's MEASURE_JSON.

    peer_measure.py PROM_URL COUNT_URL SECONDS INTERVAL_S CHANNELS PID...
"""
import json
import sys
import time
import urllib.parse
import urllib.request

prom, count_url = sys.argv[1], sys.argv[2]
secs, interval, channels = float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
pids = [int(p) for p in sys.argv[6:]]
tck = 100.0


def cpu():
    total = 0.0
    for pid in pids:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / tck
    return total


def rss():
    total = 0.0
    for pid in pids:
        with open(f"/proc/{pid}/status") as f:
            total += next(int(l.split()[1]) for l in f if l.startswith("VmRSS")) / 1024.0
    return total


def served():
    with urllib.request.urlopen(count_url, timeout=30) as r:
        return int(r.read())


def scalar(query):
    url = f"{prom}/api/v1/query?" + urllib.parse.urlencode({"query": query})
    with urllib.request.urlopen(url, timeout=30) as r:
        result = json.load(r)["data"]["result"]
    return float(result[0]["value"][1]) * 1000.0 if result else float("nan")


s0, c0, t0 = served(), cpu(), time.monotonic()
time.sleep(secs)
c1, t1, s1 = cpu(), time.monotonic(), served()
elapsed = t1 - t0
window = f'probe_duration_seconds{{job="blackbox"}}[{int(secs)}s]'
print(json.dumps({
    "cpu_pct": 100 * (c1 - c0) / elapsed,
    "cpu_ms_per_probe": 1000 * (c1 - c0) / max(s1 - s0, 1),
    "rss_mib": rss(),
    "delivered_pct": 100 * (s1 - s0) / (channels * elapsed / interval),
    "median_mean_ms": scalar(f"quantile(0.5, avg_over_time({window}))"),
    "p95_p95_ms": scalar(f"quantile(0.95, quantile_over_time(0.95, {window}))"),
}))
