"""Measures a running `switchboard --serve` for benches/live_scale.sh: CPU and RSS of the
process over a period, probes delivered (the targets' own count of requests answered,
against channels x seconds / interval), the latency it reports and how often routing
moved. Reads /context (the JSON snapshot) every two seconds. With MEASURE_JSON set, also
writes the figures there as one JSON object (for the side-by-side with the peer).

    live_measure.py PID CONTEXT_URL COUNT_URL SECONDS INTERVAL_S
"""
import json
import os
import statistics
import sys
import time
import urllib.request

pid, url, count_url = int(sys.argv[1]), sys.argv[2], sys.argv[3]
secs, interval = float(sys.argv[4]), float(sys.argv[5])
tck = 100.0


def cpu():
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / tck


def mem(key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key):
                return int(line.split()[1]) / 1024.0
    return 0.0


def context():
    with urllib.request.urlopen(url, timeout=30) as r:
        return json.load(r)


def served():
    with urllib.request.urlopen(count_url, timeout=30) as r:
        return int(r.read())


channels = len(context()["channels"])
s0, c0, t0 = served(), cpu(), time.monotonic()
routes, changes = None, {"primary": 0, "fallback": 0}
while time.monotonic() - t0 < secs:
    time.sleep(2)
    r = context()["routing"]
    now = (r.get("recommended_primary"), r.get("recommended_fallback"))
    if routes is not None:
        changes["primary"] += now[0] != routes[0]
        changes["fallback"] += now[1] != routes[1]
    routes = now
c1, t1, s1 = cpu(), time.monotonic(), served()
last = context()
elapsed = t1 - t0
delivered = s1 - s0
expected = channels * elapsed / interval
means = sorted(c["mean_latency_ms"] for c in last["channels"] if c["mean_latency_ms"] is not None)
p95s = sorted(c["p95_latency_ms"] for c in last["channels"] if c["p95_latency_ms"] is not None)


def pct(v, q):
    return v[min(len(v) - 1, int(q * len(v)))] if v else float("nan")


per40 = {k: v * 40.0 / elapsed for k, v in changes.items()}
median_mean = statistics.median(means) if means else float("nan")
if os.environ.get("MEASURE_JSON"):
    with open(os.environ["MEASURE_JSON"], "w") as f:
        json.dump({
            "cpu_pct": 100 * (c1 - c0) / elapsed,
            "cpu_ms_per_probe": 1000 * (c1 - c0) / max(delivered, 1),
            "rss_mib": mem("VmRSS"),
            "delivered_pct": 100 * delivered / expected,
            "median_mean_ms": median_mean,
            "p95_p95_ms": pct(p95s, 0.95),
        }, f)
print(
    f"cpu {100 * (c1 - c0) / elapsed:.1f}% of a core; RSS {mem('VmRSS'):.1f} MiB "
    f"(peak {mem('VmHWM'):.1f}); delivered {100 * delivered / expected:.1f}% "
    f"({delivered:.0f} of {expected:.0f} probes)"
)
print(
    f"latency: median channel mean {median_mean:.2f} ms, "
    f"p95 of channel p95 {pct(p95s, 0.95):.2f} ms, max channel p95 {pct(p95s, 1.0):.2f} ms"
)
print(
    f"routing changes in {elapsed:.0f} s: primary {changes['primary']}, fallback "
    f"{changes['fallback']} (per 40 s: {per40['primary']:.1f}, {per40['fallback']:.1f})"
)
