#!/usr/bin/env bash
# Routing that moves the traffic, end to end: a real LiteLLM proxy under gunicorn
# (`litellm --run_gunicorn`, SIGHUP to the master re-reads its config) in front of three
# loopback backends (Local, Cloud, Spare: one model group, `litellm_params.order` 1, 2, 3),
# watched by `switchboard --headless` with `[routing] apply = "auto"` and a LiteLLM route
# target written by config (template rendered, atomically, then `reload` = SIGHUP).
# A traffic loop sends a chat completion through the proxy every 100 ms; each backend
# logs the requests it serves. The script then checks, and prints:
#   1. Local's backend slowed (3 s an answer): the traffic is on Cloud within
#      3 probe intervals + the probe timeout + 2 s, the change audited and verified;
#   2. Local recovered: the traffic back on Local with exactly one more change;
#   3. a reload that fails: the config restored byte for byte, the rollback audited;
#   4. `apply = "off"`: Local slowed again, nothing changes.
#
# Installs LiteLLM (`pip install 'litellm[proxy]'`) into a venv of its own the first
# time: $SB_LITELLM_VENV, default target/litellm-venv. Needs python3 (and a package index
# for that first install). Usage: scripts/litellm_loop.sh [path/to/switchboard]
set -euo pipefail

source "$(dirname "$0")/lib/litellm_common.sh" "$@"
FAILED=0
"$VENV/bin/python" -c 'import gunicorn' || "$VENV/bin/pip" install --quiet gunicorn
echo "== litellm $("$VENV/bin/pip" show litellm 2>/dev/null | awk '/^Version/{print $2}'), gunicorn $("$VENV/bin/pip" show gunicorn 2>/dev/null | awk '/^Version/{print $2}')"

now() { python3 -c 'import time; print(f"{time.time():.3f}")'; }
ok() { echo "PASS: $*"; }
bad() { echo "FAIL: $*"; FAILED=1; }

# A backend: /v1/models and chat completions answered with its own name, after its base
# delay (Local 5 ms, Cloud 30 ms, Spare 60 ms: a stable ranking), or after 3 s while
# $WORK/slow_<name> exists. Every chat request is logged with its arrival time.
cat > "$WORK/backend.py" <<'PY'
import json, os, sys, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
name, port, delay, work = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
class H(BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def wait(self):
        time.sleep(3.0 if os.path.exists(f"{work}/slow_{name}") else delay)
    def reply(self, body):
        b = json.dumps(body).encode()
        self.send_response(200); self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(b))); self.end_headers(); self.wfile.write(b)
    def do_GET(self):
        self.wait()
        self.reply({"object": "list", "data": [{"id": "fake", "object": "model"}]})
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with open(f"{work}/arrivals.log", "a") as f:
            f.write(f"{time.time():.3f} {name}\n")
        self.wait()
        self.reply({"id": "c", "object": "chat.completion", "created": 0, "model": "fake",
                    "choices": [{"index": 0, "finish_reason": "stop",
                                 "message": {"role": "assistant", "content": name}}],
                    "usage": {"prompt_tokens": 8, "completion_tokens": 1, "total_tokens": 9}})
ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer(("127.0.0.1", port), H).serve_forever()
PY
declare -A PORT
for spec in Local:0.005 Cloud:0.030 Spare:0.060; do
    name=${spec%%:*}
    PORT[$name]=$(free_port)
    # A probe that timed out leaves a broken pipe behind: said in backend.log, not here.
    python3 "$WORK/backend.py" "$name" "${PORT[$name]}" "${spec##*:}" "$WORK" 2>> "$WORK/backend.log" &
    PIDS+=("$!")
done
PROXY_PORT=$(free_port)
export LITELLM_MASTER_KEY="sk-switchboard-$$-$RANDOM"
# LiteLLM fetches its model cost map from the internet at start (and in every worker a
# reload starts); offline, that fetch waits for its timeout while requests queue.
export LITELLM_LOCAL_MODEL_COST_MAP=True

# The template switchboard renders: numbers only, into a config that already loads.
cat > "$WORK/litellm.yaml.in" <<YAML
general_settings:
  master_key: os.environ/LITELLM_MASTER_KEY
litellm_settings:
  num_retries: 0
  request_timeout: 30
model_list:
YAML
for name in Local Cloud Spare; do
    id=b-$(echo "$name" | tr '[:upper:]' '[:lower:]')
    cat >> "$WORK/litellm.yaml.in" <<YAML
  - model_name: chat
    litellm_params:
      model: openai/fake
      api_base: http://127.0.0.1:${PORT[$name]}/v1
      api_key: sk-fake
      order: {{order:$name}}
    model_info:
      id: $id
YAML
done
sed -e 's/{{order:Local}}/1/' -e 's/{{order:Cloud}}/2/' -e 's/{{order:Spare}}/3/' \
    "$WORK/litellm.yaml.in" > "$WORK/litellm.yaml"

# `reload`: SIGHUP to the gunicorn master. It refuses once while $WORK/fail_reload
# exists (a reload that fails), then works again.
cat > "$WORK/reload.sh" <<SH
#!/bin/sh
if [ -f "$WORK/fail_reload" ]; then
    rm -f "$WORK/fail_reload"
    echo "reload refused: the test made it fail" >&2
    exit 4
fi
kill -HUP "\$(cat "$WORK/proxy.pid")"
SH
chmod +x "$WORK/reload.sh"

echo "== starting the proxy (gunicorn, 1 worker) on :$PROXY_PORT"
"$VENV/bin/litellm" --config "$WORK/litellm.yaml" --host 127.0.0.1 --port "$PROXY_PORT" \
    --run_gunicorn --num_workers 1 > "$WORK/proxy.log" 2>&1 &
echo $! > "$WORK/proxy.pid"
PIDS+=("$(cat "$WORK/proxy.pid")")
for _ in $(seq 1 180); do
    curl -fsS -H "Authorization: Bearer $LITELLM_MASTER_KEY" \
        "http://127.0.0.1:$PROXY_PORT/model/info" > /dev/null 2>&1 && break
    sleep 1
done
if ! curl -fsS -H "Authorization: Bearer $LITELLM_MASTER_KEY" \
    "http://127.0.0.1:$PROXY_PORT/model/info" > /dev/null 2>&1; then
    echo "!! the proxy did not start:"; tail -40 "$WORK/proxy.log"; exit 1
fi
orders() {
    curl -fsS -H "Authorization: Bearer $LITELLM_MASTER_KEY" "http://127.0.0.1:$PROXY_PORT/model/info" |
        python3 -c 'import json,sys; d=json.load(sys.stdin)["data"]; print(" ".join("%s=%s" % (m["model_info"]["id"], m["litellm_params"].get("order")) for m in d if m["model_name"]=="chat"))'
}
echo "== proxy up; orders: $(orders)"

# The traffic: a request every 100 ms, each in a thread of its own.
cat > "$WORK/traffic.py" <<'PY'
import json, os, sys, threading, time, urllib.request
port, key = sys.argv[1], os.environ["LITELLM_MASTER_KEY"]
def one():
    req = urllib.request.Request(f"http://127.0.0.1:{port}/v1/chat/completions",
        data=json.dumps({"model": "chat", "messages": [{"role": "user", "content": "hi"}],
                         "max_tokens": 1}).encode(),
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
    try:
        urllib.request.urlopen(req, timeout=10).read()
    except Exception as e:
        with open(sys.argv[2], "a") as f:
            f.write(f"{time.time():.3f} {e}\n")
while True:
    threading.Thread(target=one, daemon=True).start()
    time.sleep(0.1)
PY
"$VENV/bin/python" "$WORK/traffic.py" "$PROXY_PORT" "$WORK/traffic_errors.log" &
PIDS+=("$!")

# A reload replaces gunicorn's workers; on a loaded machine the proxy can take more than
# the default 15 s to answer again (see the report), so verification gets 40 s here.
INTERVAL=1 TIMEOUT=1 VERIFY_TIMEOUT=${SB_VERIFY_TIMEOUT:-40}
write_config() {
    cat > "$WORK/c.toml" <<TOML
[poll]
interval = "${INTERVAL}s"
window = "10s"
down_after = 2
up_after = 2

[routing]
apply = "$1"
min_interval = "20s"
verify_timeout = "${VERIFY_TIMEOUT}s"

[[channel]]
name = "Local"
probe = "http"
url = "http://127.0.0.1:${PORT[Local]}/v1/models"
timeout = "${TIMEOUT}s"

[[channel]]
name = "Cloud"
probe = "http"
url = "http://127.0.0.1:${PORT[Cloud]}/v1/models"
timeout = "${TIMEOUT}s"

[[channel]]
name = "Spare"
probe = "http"
url = "http://127.0.0.1:${PORT[Spare]}/v1/models"
timeout = "${TIMEOUT}s"

[[route_target]]
name = "proxy"
kind = "litellm"
url = "http://127.0.0.1:$PROXY_PORT"
admin_key_env = "LITELLM_MASTER_KEY"
model_group = "chat"
deployments = { Local = "b-local", Cloud = "b-cloud", Spare = "b-spare" }
write = "config"
template = "$WORK/litellm.yaml.in"
config = "$WORK/litellm.yaml"
reload = ["$WORK/reload.sh"]
TOML
}
write_config auto
echo "== switchboard --check"
"$SB" --check --config "$WORK/c.toml" --state-dir "$WORK/state" || true

"$SB" --headless --config "$WORK/c.toml" --state-dir "$WORK/state" 2> "$WORK/daemon.log" &
SBPID=$!
PIDS+=("$SBPID")
AUDIT="$WORK/state/audit.jsonl"
count() { grep -c "\"event\":\"$1\"" "$AUDIT" 2>/dev/null || true; }
served_by() { awk -v t="$1" '$1 >= t {print $2}' "$WORK/arrivals.log" | sort | uniq -c | tr '\n' ' '; }
first_on() { awk -v t="$1" -v n="$2" '$1 >= t && $2 == n {print $1; exit}' "$WORK/arrivals.log"; }
wait_for() { # wait_for SECONDS CMD...: until CMD succeeds
    local end=$(( $(date +%s) + $1 )); shift
    until "$@"; do [ "$(date +%s)" -ge "$end" ] && return 1; sleep 0.2; done
}

echo "== one full window (10 s) of probes before anything may change"
sleep 12
T=$(now)
sleep 2
echo "   traffic before: $(served_by "$T")  orders: $(orders)"
[ "$(count route_apply)" = 0 ] && ok "no change while Local is the primary" || bad "changed with nothing wrong"

echo "== 1. Local's backend slowed (3 s an answer)"
T0=$(now)
echo "   slowed at $(date -u +%T.%3N)"
touch "$WORK/slow_Local"
BUDGET=$(( 3 * INTERVAL + TIMEOUT + 2 ))
wait_for 60 sh -c "awk -v t=$T0 '\$1 >= t && \$2 == \"Cloud\"' '$WORK/arrivals.log' | grep -q ." || true
wait_for 60 sh -c "grep -q route_verify '$AUDIT'" || true
FIRST=$(first_on "$T0" Cloud)
APPLIED=$(grep -m1 '"event":"route_apply"' "$AUDIT" | python3 -c 'import json,sys,datetime; print(datetime.datetime.fromisoformat(json.load(sys.stdin)["ts"].replace("Z","+00:00")).timestamp())' 2>/dev/null || echo "")
# within_budget WHAT WHEN: WHEN (epoch seconds, may be empty) within the budget of T0.
within_budget() {
    if [ -z "$2" ]; then
        bad "$1: never"
        return
    fi
    local after
    after=$(python3 -c "print(f'{$2 - $T0:.2f}')")
    if python3 -c "import sys; sys.exit(0 if $2 - $T0 <= $BUDGET else 1)"; then
        ok "$1 ${after} s after the slowdown (budget ${BUDGET} s = 3 intervals + timeout + 2 s)"
    else
        bad "$1 only ${after} s after the slowdown (budget ${BUDGET} s)"
    fi
}
within_budget "change to Cloud written" "$APPLIED"
within_budget "traffic on Cloud" "$FIRST"
sleep 2
T1=$(now); sleep 2
echo "   traffic after: $(served_by "$T1")  orders: $(orders)"
N=$(count route_apply)
[ "$N" = 1 ] && ok "one change audited" || bad "$N changes audited"
LAST_VERIFY=$(grep '"event":"route_verify"' "$AUDIT" | tail -1)
echo "$LAST_VERIFY" | grep -q '"ok":true' && ok "verified: $LAST_VERIFY" || bad "not verified: $LAST_VERIFY"

echo "== 2. Local recovered: back after min_interval (20 s) with exactly one more change"
T2=$(now)
rm -f "$WORK/slow_Local"
wait_for 90 sh -c "[ \$(grep -c 'route_verify' '$AUDIT') -ge 2 ]" || true
sleep 3
T3=$(now); sleep 2
AFTER=$(served_by "$T3")
echo "   traffic after: $AFTER  orders: $(orders)"
N=$(count route_apply)
BACK=$(python3 -c "print(f'{$(now) - $T2:.0f}')")
[ "$N" = 2 ] && ok "exactly one more change (checked ${BACK} s after recovery)" || bad "$N changes in all"
if echo "$AFTER" | grep -q Local && ! echo "$AFTER" | grep -qE 'Cloud|Spare'; then
    ok "all traffic back on Local"
else
    bad "traffic after recovery: $AFTER"
fi
LAST_VERIFY=$(grep '"event":"route_verify"' "$AUDIT" | tail -1)
echo "$LAST_VERIFY" | grep -q '"ok":true' && ok "verified: $LAST_VERIFY" || bad "not verified: $LAST_VERIFY"

echo "== 3. a reload that fails is rolled back byte for byte"
sleep 21 # past min_interval since the last change: only the failing reload can stop it
cp "$WORK/litellm.yaml" "$WORK/before.yaml"
touch "$WORK/fail_reload"
touch "$WORK/slow_Local"
wait_for 60 sh -c "grep -q route_rollback '$AUDIT'" || true
rm -f "$WORK/slow_Local"
ROLLBACK=$(grep '"event":"route_rollback"' "$AUDIT" | tail -1)
echo "   $ROLLBACK"
echo "$ROLLBACK" | grep -q '"ok":true' && ok "rollback audited and verified" || bad "rollback: $ROLLBACK"
if cmp -s "$WORK/before.yaml" "$WORK/litellm.yaml"; then
    ok "config restored byte for byte (sha256 $(sha256sum < "$WORK/litellm.yaml" | cut -c1-16))"
else
    bad "config differs after the rollback"
fi
FAILED_VERIFY=$(grep '"event":"route_verify"' "$AUDIT" | tail -1)
echo "$FAILED_VERIFY" | grep -q 'reload refused' && ok "the reload's own words audited: $FAILED_VERIFY" ||
    bad "no failed route_verify with the reload's error: $FAILED_VERIFY"
echo "   orders: $(orders)"

echo "== 4. apply = \"off\": Local slowed, nothing changes"
kill -TERM "$SBPID"; wait "$SBPID" 2>/dev/null || true
echo "   first daemon stopped: $(tail -1 "$WORK/daemon.log")"
write_config off
sleep 21 # past min_interval of the rollback, so only "off" can hold the change back
cp "$WORK/litellm.yaml" "$WORK/before_off.yaml"
BEFORE=$(orders)
"$SB" --headless --config "$WORK/c.toml" --state-dir "$WORK/state-off" 2> "$WORK/daemon-off.log" &
PIDS+=("$!")
sleep 11
touch "$WORK/slow_Local"
sleep 10
[ "$(grep -c '"event":"route_' "$WORK/state-off/audit.jsonl" 2>/dev/null || true)" = 0 ] &&
    ok "no route event recorded" || bad "route events with apply = off"
cmp -s "$WORK/before_off.yaml" "$WORK/litellm.yaml" && [ "$(orders)" = "$BEFORE" ] &&
    ok "config and orders unchanged ($BEFORE)" || bad "changed with apply = off"
rm -f "$WORK/slow_Local"

echo "== route events (first daemon)"
grep '"event":"route_' "$AUDIT" || true
echo "== the first daemon's log"
grep -E 'route|routing|proxy' "$WORK/daemon.log" | head -40 || true
echo "== failed requests through the proxy: $(wc -l < "$WORK/traffic_errors.log" 2>/dev/null || echo 0)"
[ "$FAILED" = 0 ] && echo "ALL PASSED" || { echo "SOME CHECKS FAILED"; exit 1; }
