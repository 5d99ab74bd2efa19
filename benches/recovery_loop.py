#!/usr/bin/env python3
"""Recovery benchmark: 20 scripted outages of a fake LLM worker, recovered by
`switchboard --headless` and by a naive restart-on-every-failed-probe loop.

The worker (a loopback HTTP server in this process) models a model server:
  - GET /health: 200 when up; 503 when crashed or still loading its model;
    3 % of probes fail spuriously (a proxy's 502) even when it is up.
  - POST /restart: takes 0.3 s, kills whatever runs (a loading instance too) and starts
    a new one, which loads for a random 0.5-2.5 s (the same seeds for both runs).
Each outage: wait until the worker has been up for 3 s, crash it, and measure the time
until it serves again (the worker's own clock, not the recoverer's opinion), capped at
--cap seconds (60). A storm is more than 3 restarts within one outage.

Usage: cargo build --release && python3 benches/recovery_loop.py [--outages 20]
Prints one summary line per approach and writes bench-results/recovery_loop.json.
"""

import argparse
import http.server
import json
import os
import random
import signal
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "switchboard")


class Worker:
    def __init__(self, seed, load):
        self.lock = threading.Lock()
        self.state = "up"  # up | crashed | loading
        self.ready_at = 0.0
        self.restarts = 0
        self.healthy_restarts = 0  # restarts of a worker that was serving: outages caused
        self.rng = random.Random(seed)
        self.load = load
        self.noise = random.Random(seed + 1)

    def health(self):
        with self.lock:
            if self.state == "loading" and time.monotonic() >= self.ready_at:
                self.state = "up"
            up = self.state == "up"
        return up and self.noise.random() >= 0.03

    def is_up(self):
        with self.lock:
            if self.state == "loading" and time.monotonic() >= self.ready_at:
                self.state = "up"
            return self.state == "up"

    def crash(self):
        with self.lock:
            self.state = "crashed"

    def restart(self):
        time.sleep(0.3)
        with self.lock:
            self.restarts += 1
            if self.state == "up" or (self.state == "loading" and time.monotonic() >= self.ready_at):
                self.healthy_restarts += 1
            self.state = "loading"
            self.ready_at = time.monotonic() + self.rng.uniform(*self.load)


def serve(worker):
    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def reply(self, code, body):
            self.send_response(code)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            if worker.health():
                self.reply(200, b"ok")
            else:
                self.reply(503, b"unavailable")

        def do_POST(self):
            worker.restart()
            self.reply(200, b"restarted")

    class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
        daemon_threads = True

    srv = Server(("127.0.0.1", 0), Handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


def naive(port, stop):
    """Probe every second (±10 %); restart on every failed probe."""
    url = f"http://127.0.0.1:{port}"
    rng = random.Random(7)
    while not stop.is_set():
        try:
            ok = urllib.request.urlopen(url + "/health", timeout=0.5).status == 200
        except Exception:
            ok = False
        if not ok:
            try:
                urllib.request.urlopen(urllib.request.Request(url + "/restart", method="POST"), timeout=5)
            except Exception:
                pass
        stop.wait(rng.uniform(0.9, 1.1))


def switchboard(port, tmp):
    cfg = os.path.join(tmp, "c.toml")
    with open(cfg, "w") as f:
        f.write(f"""[poll]
interval = "1s"
window = "1m"
down_after = 2
up_after = 2

[recovery]
auto = true
cooldown = "5s"
max_attempts = 3
verify_timeout = "10s"

[[action]]
name = "restart_worker"
command = ["curl", "-sf", "-X", "POST", "http://127.0.0.1:{port}/restart"]
timeout = "5s"

[[channel]]
name = "Worker"
probe = "http"
url = "http://127.0.0.1:{port}/health"
timeout = "500ms"
actions = ["restart_worker"]
""")
    log = open(os.path.join(tmp, "headless.log"), "w")
    return subprocess.Popen(
        [BIN, "--headless", "--config", cfg, "--state-dir", os.path.join(tmp, "state")],
        stdout=subprocess.DEVNULL, stderr=log)


def run(approach, outages, seed, load, cap):
    worker = Worker(seed, load)
    srv = serve(worker)
    port = srv.server_address[1]
    stop = threading.Event()
    tmp = tempfile.mkdtemp(prefix="sb-recovery-")
    proc = None
    if approach == "naive":
        threading.Thread(target=naive, args=(port, stop), daemon=True).start()
    else:
        proc = switchboard(port, tmp)
    results = []
    try:
        time.sleep(3)
        for _ in range(outages):
            stable_since, waited = None, time.monotonic()
            while (stable_since is None or time.monotonic() - stable_since < 3) \
                    and time.monotonic() - waited < cap:
                if worker.is_up():
                    stable_since = stable_since or time.monotonic()
                else:
                    stable_since = None
                time.sleep(0.05)
            if stable_since is None or time.monotonic() - stable_since < 3:
                # The recoverer keeps the worker from ever settling: this outage never ends.
                results.append({"down_s": cap, "recovered": False, "restarts": 0})
                continue
            before = worker.restarts
            crashed = time.monotonic()
            worker.crash()
            while not worker.is_up() and time.monotonic() - crashed < cap:
                time.sleep(0.01)
            down = time.monotonic() - crashed
            results.append({"down_s": round(down, 3), "recovered": down < cap,
                            "restarts": worker.restarts - before})
    finally:
        stop.set()
        if proc:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=30)
        srv.shutdown()
    ok = [r for r in results if r["recovered"]]
    return {
        "approach": approach,
        "outages": len(results),
        "success_rate": 100.0 * len(ok) / len(results),
        "mttr_s": sum(r["down_s"] for r in ok) / len(ok) if ok else None,
        "storms": sum(1 for r in results if r["restarts"] > 3),
        "restarts": sum(r["restarts"] for r in results),
        "healthy_restarts": worker.healthy_restarts,
        "audit": os.path.join(tmp, "state", "audit.jsonl") if proc else None,
        "each": results,
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--outages", type=int, default=20)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--load", type=float, nargs=2, default=[0.5, 2.5], metavar=("MIN", "MAX"),
                    help="model load time after a restart, seconds (probe interval is 1 s)")
    ap.add_argument("--cap", type=float, default=60.0,
                    help="seconds after which an outage counts as not recovered")
    ap.add_argument("--out", default="recovery_loop.json", help="file name in bench-results/")
    a = ap.parse_args()
    if not os.path.exists(BIN):
        sys.exit("build first: cargo build --release")
    load = tuple(a.load)
    out = [run(name, a.outages, a.seed, load, a.cap) for name in ("switchboard", "naive")]
    for r in out:
        mttr = "n/a" if r["mttr_s"] is None else f"{r['mttr_s']:.2f} s"
        print(f"{r['approach']:<12} success {r['success_rate']:.0f}%  MTTR {mttr}  "
              f"restarts {r['restarts']}  storms {r['storms']}  "
              f"restarts of a serving worker {r['healthy_restarts']}")
    sb, nv = out
    if sb["mttr_s"] and nv["mttr_s"]:
        print(f"MTTR {100 * (1 - sb['mttr_s'] / nv['mttr_s']):.0f}% lower than the naive loop")
    os.makedirs(os.path.join(ROOT, "bench-results"), exist_ok=True)
    with open(os.path.join(ROOT, "bench-results", a.out), "w") as f:
        json.dump(out, f, indent=2)


if __name__ == "__main__":
    main()
