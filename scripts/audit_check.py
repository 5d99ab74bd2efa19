#!/usr/bin/env python3
"""Checks an audit log as the robustness scripts need it: every line of audit.jsonl and its
rotated files parses, and every action_start on record is closed exactly once (by
action_end or interrupted). Prints one summary line; exits 1 when either fails.

usage: scripts/audit_check.py STATE_DIR
"""
import json
import os
import sys

state = sys.argv[1]
names = [n for n in ("audit.jsonl.3", "audit.jsonl.2", "audit.jsonl.1", "audit.jsonl")
         if os.path.exists(os.path.join(state, n))]
events, bad = [], 0
for n in names:
    for i, line in enumerate(open(os.path.join(state, n), encoding="utf-8"), 1):
        try:
            events.append(json.loads(line))
        except ValueError:
            bad += 1
            print(f"BAD {n}:{i}: {line[:200]!r}")
key = lambda e: (e.get("run"), e.get("action"))
closed = {}
for e in events:
    if e["event"] in ("action_end", "interrupted"):
        closed[key(e)] = closed.get(key(e), 0) + 1
# The oldest rotated file may have lost the start of a run whose end it kept: only the
# starts on record are checked.
started = [key(e) for e in events if e["event"] == "action_start"]
unclosed = sum(1 for k in started if closed.get(k, 0) != 1)
count = lambda ev: sum(1 for e in events if e["event"] == ev)
verified = sum(1 for e in events if e["event"] == "verify" and e.get("ok"))
print(f"audit: {len(events) + bad} lines in {len(names)} files, {bad} bad; "
      f"starts {count('start')}, triggers {count('trigger')}, actions {len(started)} "
      f"({count('action_end')} ended, {count('interrupted')} interrupted, "
      f"{unclosed} not closed exactly once), verified back {verified}")
sys.exit(1 if bad or unclosed else 0)
