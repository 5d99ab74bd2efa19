# Sourced by the scripts that run a real LiteLLM proxy: the switchboard binary, a work
# directory removed on exit (kept with KEEP=1), the processes started (stopped newest
# first, so that no restart action starts a proxy after cleanup), and LiteLLM installed
# into a venv of its own the first time: $SB_LITELLM_VENV, default target/litellm-venv.
# Usage, after `set -euo pipefail`: source "$(dirname "$0")/lib/litellm_common.sh" "$@"

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
SB=${1:-target/debug/switchboard}
VENV=${SB_LITELLM_VENV:-target/litellm-venv}
WORK=$(mktemp -d)
PIDS=()
cleanup() {
    for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
        kill "${PIDS[i]}" 2>/dev/null || true
        wait "${PIDS[i]}" 2>/dev/null || true
    done
    [ -f "$WORK/proxy.pid" ] && kill "$(cat "$WORK/proxy.pid")" 2>/dev/null || true
    sleep 0.5
    [ -n "${KEEP:-}" ] && echo "(kept $WORK)" || rm -rf "$WORK"
}
trap cleanup EXIT

[ -x "$SB" ] || cargo build --quiet
if [ ! -x "$VENV/bin/litellm" ]; then
    echo "== installing litellm[proxy] into $VENV (first run only)"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet 'litellm[proxy]'
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
