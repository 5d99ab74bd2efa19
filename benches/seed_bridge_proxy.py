#!/usr/bin/env python3
"""A minimal re-implementation of the replaced Python bridge's snapshot path (docs/rules.md),
used only as a *lower bound* for its whole-process time in benches/whole_process.sh:
interpreter start, json.load, the rules, json.dumps. The real bridge imported more and
measured 55-125 ms; if switchboard beats this proxy by 20x it beats the original by more."""
import json
import sys


def health(m):
    a = m.get("Availability", 0)
    mean = m.get("Mean", 999)
    alerts = m.get("BaselineAlerts", 0)
    if a == 0:
        return "OFFLINE"
    if a >= 99 and mean < 100 and alerts == 0:
        return "EXCELLENT"
    if a >= 95 and mean < 200:
        return "GOOD"
    if a >= 90:
        return "DEGRADED"
    return "POOR"


def priority(h, trend, optional):
    p = {"EXCELLENT": 2, "GOOD": 2, "DEGRADED": 3, "POOR": 4, "OFFLINE": 5}[h]
    if h == "EXCELLENT" and trend == "IMPROVING":
        p = 1
    if optional and p < 4:
        p += 1
    return p


def decide(data):
    """The decisions of docs/rules.md for one metrics document (also the oracle that
    tests/fixtures/golden/make.py writes the golden files' expectations with)."""
    chans = []
    for optional, key in ((False, "Channels"), (True, "OptionalChannels")):
        for name, m in (data.get(key) or {}).items():
            h = health(m)
            trend = (m.get("Trend") or {}).get("Direction", "STABLE")
            chans.append({"name": name, "health": h, "availability": m.get("Availability", 0),
                          "mean_latency_ms": m.get("Mean", 999),
                          "routing_priority": priority(h, trend, optional), "optional": optional})
    core = sorted([c for c in chans if not c["optional"]],
                  key=lambda c: (c["routing_priority"], c["mean_latency_ms"]))
    primary = core[0]["name"] if core else None
    fallback = core[1]["name"] if len(core) > 1 else primary
    overall = data.get("OverallHealth") or (data.get("Health") or {}).get("Status", "UNKNOWN")
    reason = ""
    down = [c for c in core if c["health"] in ("POOR", "OFFLINE")]
    prim = next((c for c in core if c["name"] == primary), None)
    if overall in ("DEGRADED", "POOR", "CRITICAL"):
        reason = f"Overall health is {overall}"
    elif len(down) >= 2:
        reason = f"{len(down)} channels are POOR or OFFLINE"
    elif prim and prim["health"] in ("DEGRADED", "POOR", "OFFLINE"):
        reason = f"Primary channel {primary} is {prim['health']}"
    return {"overall_health": overall, "channels": chans,
            "routing": {"recommended_primary": primary, "recommended_fallback": fallback,
                        "fallback_channels": [c["name"] for c in chans
                                              if c["health"] in ("EXCELLENT", "GOOD")
                                              and c["name"] != primary]},
            "recovery": {"should_trigger": bool(reason), "reason": reason,
                         "recommended_actions": ["restart_worker", "check_gateway"] if reason else []}}


def main(path):
    with open(path, encoding="utf-8-sig") as f:
        data = json.load(f)
    print(json.dumps(decide(data), indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1])
