#!/usr/bin/env bash
# A real LiteLLM proxy in front of a fake OpenAI-compatible backend, watched by
# `switchboard --serve` with the completion probe (`check = "completion"`) and a restart
# action. The proxy is killed with SIGKILL; the script reports the time from the kill to
# the verified recovery in the audit log, and prints what an operator sees at each step
# (the daemon's log, /healthz, the recovery metrics). Then the backend behind the proxy
# is killed: the proxy still answers /v1/models, and the completion probe says so.
#
# Installs LiteLLM (`pip install 'litellm[proxy]'`) into a venv of its own the first
# time: $SB_LITELLM_VENV, default target/litellm-venv. Needs python3 and the network
# for that first install. Usage: scripts/litellm_proxy.sh [path/to/switchboard]
set -euo pipefail

source "$(dirname "$0")/lib/litellm_common.sh" "$@"

BACKEND_PORT=$(free_port)
PROXY_PORT=$(free_port)

# The fake backend: /v1/models and a chat completion that always answers "p".
cat > "$WORK/backend.py" <<'PY'
import json, sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
class H(BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def reply(self, body):
        b = json.dumps(body).encode()
        self.send_response(200); self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(b))); self.end_headers(); self.wfile.write(b)
    def do_GET(self):
        self.reply({"object": "list", "data": [{"id": "fake", "object": "model"}]})
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.reply({"id": "c", "object": "chat.completion", "created": 0, "model": "fake",
                    "choices": [{"index": 0, "finish_reason": "length",
                                 "message": {"role": "assistant", "content": "p"}}],
                    "usage": {"prompt_tokens": 8, "completion_tokens": 1, "total_tokens": 9}})
ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
PY
python3 "$WORK/backend.py" "$BACKEND_PORT" &
BACKEND=$!
PIDS+=("$BACKEND")

# The proxy refuses to start without a master key; switchboard sends it as its bearer
# key (`api_key_env`), never showing it.
export SB_LITELLM_KEY="sk-switchboard-$$-$RANDOM"
cat > "$WORK/litellm.yaml" <<YAML
general_settings:
  master_key: $SB_LITELLM_KEY
model_list:
  - model_name: fake
    litellm_params:
      model: openai/fake
      api_base: http://127.0.0.1:$BACKEND_PORT/v1
      api_key: sk-fake
YAML

# The restart action: start the proxy in the background and return (the executor then
# verifies through the probe). Used for the first start too.
cat > "$WORK/start_proxy.sh" <<SH
#!/bin/sh
# A restart: the previous proxy (if it still runs, e.g. with a dead backend) goes first.
[ -f "$WORK/proxy.pid" ] && kill "\$(cat "$WORK/proxy.pid")" 2>/dev/null
nohup "$PWD/$VENV/bin/litellm" --config "$WORK/litellm.yaml" --host 127.0.0.1 --port $PROXY_PORT \
    > "$WORK/proxy.log" 2>&1 &
echo \$! > "$WORK/proxy.pid"
SH
chmod +x "$WORK/start_proxy.sh"
"$WORK/start_proxy.sh"

cat > "$WORK/c.toml" <<TOML
[poll]
interval = "1s"
window = "2m"

[recovery]
auto = true
cooldown = "10s"
verify_timeout = "90s"
max_attempts = 3

[[action]]
name = "restart_proxy"
command = ["$WORK/start_proxy.sh"]
timeout = "10s"

[[channel]]
name = "Gateway"
probe = "openai"
url = "http://127.0.0.1:$PROXY_PORT"
model = "fake"
check = "completion"
api_key_env = "SB_LITELLM_KEY"
timeout = "900ms"
actions = ["restart_proxy"]
TOML

echo "== waiting for the proxy to answer"
for _ in $(seq 1 120); do
    curl -fsS -H "Authorization: Bearer $SB_LITELLM_KEY" "http://127.0.0.1:$PROXY_PORT/v1/models" > /dev/null 2>&1 && break
    sleep 1
done
"$SB" --check --config "$WORK/c.toml" --state-dir "$WORK/state" || true

"$SB" --serve 127.0.0.1:0 --config "$WORK/c.toml" --state-dir "$WORK/state" 2> "$WORK/daemon.log" &
PIDS+=("$!")
for _ in $(seq 1 50); do grep -q "serving http" "$WORK/daemon.log" && break; sleep 0.2; done
ADDR=$(grep -o 'http://127.0.0.1:[0-9]*' "$WORK/daemon.log" | head -1)
sleep 4
echo "== before: /healthz"; curl -s "$ADDR/healthz"

AUDIT="$WORK/state/audit.jsonl"
KILL_MS=$(date +%s%3N)
kill -9 "$(cat "$WORK/proxy.pid")"
echo "== proxy killed (SIGKILL) at $(date -u +%T.%3N)"
VERIFIED=""
for _ in $(seq 1 1200); do
    if grep -q '"event":"verify".*"ok":true' "$AUDIT" 2>/dev/null; then
        VERIFIED=$(grep '"event":"verify".*"ok":true' "$AUDIT" | tail -1)
        break
    fi
    sleep 0.1
done
if [ -z "$VERIFIED" ]; then
    echo "!! no verified recovery within 120 s"; cat "$WORK/daemon.log"; exit 1
fi
VERIFY_MS=$(python3 -c "import json,datetime,sys; t=json.loads(sys.argv[1])['ts']; print(int(datetime.datetime.fromisoformat(t.replace('Z','+00:00')).timestamp()*1000))" "$VERIFIED")
echo "== kill -> verified: $(( VERIFY_MS - KILL_MS )) ms"
echo "== what the operator saw (daemon log):"
cat "$WORK/daemon.log"
echo "== after: /healthz"; curl -s "$ADDR/healthz"
echo "== after: recovery metrics"; curl -s "$ADDR/metrics" | grep -E '^switchboard_(recovery|dry_run|channel_up)'

echo "== the backend dies behind a live proxy"
kill -9 "$BACKEND"
# Within about two probe intervals, before the daemon's restart of the proxy (which
# cannot help here) replaces it.
sleep 2.5
curl -s -o /dev/null -w "proxy /v1/models still answers: HTTP %{http_code}\n" \
    -H "Authorization: Bearer $SB_LITELLM_KEY" "http://127.0.0.1:$PROXY_PORT/v1/models" || true
curl -s "$ADDR/context" | python3 -c "import json,sys; c=json.load(sys.stdin)['channels'][0]; print('Gateway', c['health'], '-', c.get('last_error'))" || true
