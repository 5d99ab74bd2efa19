#!/usr/bin/env python3
"""Writes a synthetic observation stream (JSONL observation records, docs/json.md) for replay benchmarks:
CHANNELS channels x TICKS ticks of 10 s, one record per channel per tick, with a few
outages so decisions change. Usage: gen_observations.py CHANNELS TICKS > obs.jsonl"""
import sys
from datetime import datetime, timedelta, timezone

channels, ticks = int(sys.argv[1]), int(sys.argv[2])
t0 = datetime(2026, 11, 24, 10, 0, 0, tzinfo=timezone.utc)
out = sys.stdout
for t in range(ticks):
    ts = (t0 + timedelta(seconds=10 * t)).strftime("%Y-%m-%dT%H:%M:%SZ")
    for c in range(channels):
        down = (c % 97 == 0) and (t // 10) % 3 == 1
        if down:
            out.write('{"ts":"%s","channel":"ch%05d","ok":false,"latency_ms":null,"error":"timeout"}\n' % (ts, c))
        else:
            lat = 20 + (c * 7 + t * 13) % 300
            out.write('{"ts":"%s","channel":"ch%05d","ok":true,"latency_ms":%d.5}\n' % (ts, c, lat))
