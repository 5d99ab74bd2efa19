#!/usr/bin/env python3
"""Scores switchboard's anomaly flags on real labelled series (Numenta Anomaly Benchmark
data vendored under benches/data/nab) with the window metric of benches/anomaly_eval/README.md.

Each series is replayed through the real binary: one observation record per data point
(`latency_ms` = the value, the point's own timestamp), `--tick` = the series' median step,
`--format json`; a tick's `anomaly` is the flag.

Usage: score.py [--bin PATH] [--data DIR] [--set tune|report|heldout|all] [--verbose]
"""
import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
from datetime import datetime, timezone

PROBATION = 0.15
GROUPS = ["realAWSCloudwatch", "realAdExchange", "realKnownCause", "realTraffic", "realTweets"]


# Never looked at while tuning, nor split: a group of its own from a NAB checkout.
HELD_OUT = "realTweets"


def split(names):
    """The fixed split: within each group, series sorted by name alternate tune, report;
    the held-out group is a set of its own."""
    out = {}
    for g in GROUPS:
        members = sorted(n for n in names if n.startswith(g + "/"))
        for i, n in enumerate(members):
            out[n] = "heldout" if g == HELD_OUT else "tune" if i % 2 == 0 else "report"
    return out


def parse_ts(text):
    text = text.split(".")[0]
    return datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=timezone.utc)


def load(path):
    with open(path) as f:
        rows = list(csv.reader(f))[1:]
    return [(parse_ts(r[0]), float(r[1])) for r in rows]


def replay(binary, points, workdir):
    """Runs the binary over the series; returns [(tick_start, tick_end, anomaly)]."""
    steps = sorted((b[0] - a[0]).total_seconds() for a, b in zip(points, points[1:]))
    tick = max(1, int(steps[len(steps) // 2]))
    # The values are not milliseconds: each series is put on a common scale (the mean of
    # its probationary part becomes 100 ms) so that the detector's absolute floor, meant
    # for loopback jitter, neither hides a series of small numbers nor flatters a large one.
    head = [v for _, v in points[: max(1, int(len(points) * PROBATION))]]
    factor = 100.0 / (sum(head) / len(head)) if sum(head) > 0 else 1.0
    obs = os.path.join(workdir, "obs.jsonl")
    with open(obs, "w") as f:
        for ts, v in points:
            v = min(v * factor, 1e9)
            f.write('{"ts":"%s","channel":"series","ok":true,"latency_ms":%r}\n'
                    % (ts.strftime("%Y-%m-%dT%H:%M:%SZ"), v))
    out = subprocess.run([binary, "--replay", obs, "--tick", "%ds" % tick, "--format", "json"],
                         capture_output=True, text=True)
    if out.returncode not in (0, 1, 2):
        sys.exit("replay failed: %s" % out.stderr.strip())
    ticks = []
    for line in out.stdout.splitlines():
        snap = json.loads(line)
        end = datetime.strptime(snap["timestamp"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
        ch = snap["channels"][0]
        ticks.append((end.timestamp() - tick, end.timestamp(), bool(ch.get("anomaly"))))
    return ticks


def score(points, windows, ticks):
    """(found windows, labelled windows, false-positive runs) after the probation."""
    cutoff = points[int(len(points) * PROBATION)][0].timestamp()
    wins = [(parse_ts(a).timestamp(), parse_ts(b).timestamp()) for a, b in windows]
    wins = [w for w in wins if w[1] >= cutoff]
    found = [False] * len(wins)
    fp_runs, in_run = 0, False
    for start, _end, flag in ticks:
        if not flag or start < cutoff:
            in_run = False
            continue
        hit = [i for i, (a, b) in enumerate(wins) if a <= start <= b]
        for i in hit:
            found[i] = True
        if hit:
            in_run = False
        elif not in_run:
            fp_runs += 1
            in_run = True
    return sum(found), len(wins), fp_runs


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(os.path.dirname(here))
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.environ.get("SWITCHBOARD_BIN",
                    os.path.join(root, "target", "release", "switchboard")))
    ap.add_argument("--data", default=os.environ.get("NAB_DIR",
                    os.path.join(root, "benches", "data", "nab")))
    ap.add_argument("--set", choices=["tune", "report", "heldout", "all"], default="report")
    ap.add_argument("--verbose", action="store_true")
    a = ap.parse_args()
    labels_path = os.path.join(a.data, "combined_windows.json")
    if not os.path.exists(labels_path):
        labels_path = os.path.join(a.data, "labels", "combined_windows.json")
    with open(labels_path) as f:
        labels = json.load(f)
    data_dir = os.path.join(a.data, "data") if os.path.isdir(os.path.join(a.data, "data")) else a.data
    # A NAB checkout also labels its artificial series: only the real groups are scored.
    names = [n for n in labels
             if n.split("/")[0] in GROUPS and os.path.exists(os.path.join(data_dir, n))]
    which = split(names)
    tp = fn = fp = 0
    print("%-58s %5s %5s %6s" % ("series", "found", "of", "fp"))
    with tempfile.TemporaryDirectory() as work:
        for name in sorted(names):
            if a.set != "all" and which[name] != a.set:
                continue
            points = load(os.path.join(data_dir, name))
            ticks = replay(a.bin, points, work)
            found, total, fps = score(points, labels[name], ticks)
            tp, fn, fp = tp + found, fn + total - found, fp + fps
            print("%-58s %5d %5d %6d" % (name, found, total, fps))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0
    print("set=%s windows found %d of %d, false-positive runs %d" % (a.set, tp, tp + fn, fp))
    print("precision %.3f recall %.3f window-F1 %.3f" % (precision, recall, f1))


if __name__ == "__main__":
    main()
