#!/usr/bin/env bash
# Soak test: `--headless` on loopback HTTP servers and a file-reading command
# probe, with faults injected every few seconds for DURATION seconds (default 300): servers
# that die, hang, turn slow or fail; the probed file replaced, broken, turned into a FIFO or
# removed; SIGHUP and SIGTERM (restarted like a service manager would);
# floods of idle connections to its `--serve` port while it runs with a 512-descriptor
# limit; every other start with a stderr whose reader quits after 1200 bytes. Prints what
# it survived: process alive between signals and clean exits on them, /healthz answering
# after every flood, every audit line parses and every action closes once, RSS bounded,
# no orphan processes.
#
# usage: scripts/soak.sh [DURATION_SECONDS]   (SWITCHBOARD=path/to/binary)
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-300}
bin=${SWITCHBOARD:-target/debug/switchboard}
[ -x "$bin" ] || { echo "no binary at $bin: cargo build first" >&2; exit 2; }
bin=$(realpath "$bin")
dir=$(mktemp -d /tmp/switchboard-soak.XXXXXX)
servers=3
declare -a spid port
pid=

cat > "$dir/server.py" <<'PY'
# One loopback server; its behaviour is read from a file at each request.
import http.server, os, socketserver, sys, time
mode_file = sys.argv[2]
class H(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def do_GET(self):
        try:
            mode = open(mode_file).read().strip()
        except OSError:
            mode = "ok"
        if mode == "hang":
            time.sleep(3600)
        if mode == "slow":
            time.sleep(0.8)
        code = 500 if mode == "500" else 200
        body = b'{"data":[]}'
        self.send_response(code)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
class S(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True
S(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
PY

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
start_server() { python3 "$dir/server.py" "${port[$1]}" "$dir/mode-$1" 2>>"$dir/servers.log" & spid[$1]=$!; }

for i in $(seq 0 $((servers - 1))); do
  port[$i]=$(free_port); echo ok > "$dir/mode-$i"; start_server "$i"
done
echo ok > "$dir/probed"

{
  printf '[poll]\ninterval = "1s"\nwindow = "2m"\n\n'
  printf '[recovery]\nauto = true\ncooldown = "5s"\nbackoff_max = "20s"\nmax_attempts = 1000\nverify_timeout = "5s"\naudit_max_size = 65536\n\n'
  for i in $(seq 0 $((servers - 1))); do
    printf '[[action]]\nname = "restart_%s"\ncommand = ["sh", "-c", "sleep 0.5; echo ok > %s/mode-%s"]\ntimeout = "5s"\n\n' "$i" "$dir" "$i"
    printf '[[channel]]\nname = "Server%s"\nprobe = "http"\nurl = "http://127.0.0.1:%s/v1/models"\ntimeout = "500ms"\nactions = ["restart_%s"]\n\n' "$i" "${port[$i]}" "$i"
  done
  printf '[[channel]]\nname = "File"\nprobe = "command"\ncommand = ["sh", "-c", "grep -q ok %s/probed"]\ntimeout = "500ms"\n' "$dir"
} > "$dir/c.toml"

serve_port=$(free_port)
# Every other start gets a stderr that is closed after 1200 bytes: logging must never
# stop the daemon. All of them run with the descriptor limit a service manager gives.
start() {
  if [ $((starts % 2)) = 1 ]; then
    ( ulimit -n 512; exec "$bin" --serve "127.0.0.1:$serve_port" --config "$dir/c.toml" \
        --state-dir "$dir/state" 2> >(head -c 1200 >/dev/null) ) & pid=$!
  else
    ( ulimit -n 512; exec "$bin" --serve "127.0.0.1:$serve_port" --config "$dir/c.toml" \
        --state-dir "$dir/state" 2>>"$dir/stderr.log" ) & pid=$!
  fi
  starts=$((starts + 1))
}

# Opens N idle connections to the serve port and holds them for T seconds.
flood() {
  python3 - "$serve_port" "$1" "$2" <<'PY'
import socket, sys, time
port, n, hold = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
held = []
for _ in range(n):
    try:
        held.append(socket.create_connection(("127.0.0.1", port), timeout=1))
    except OSError:
        pass
time.sleep(hold)
PY
}

# Whether /healthz answers (200 or 503: either way the daemon is there) within 20 s.
healthz_answers() {
  python3 - "$serve_port" <<'PY'
import sys, time, urllib.request, urllib.error
url = "http://127.0.0.1:%s/healthz" % sys.argv[1]
end = time.time() + 20
while time.time() < end:
    try:
        urllib.request.urlopen(url, timeout=15).read(); sys.exit(0)
    except urllib.error.HTTPError:
        sys.exit(0)
    except OSError:
        time.sleep(0.5)
sys.exit(1)
PY
}

starts=0; signals=0; bad_exits=0; died=0; max_rss=0; faults=0; floods=0; unanswered=0
start
end=$((SECONDS + duration))
next_fault=$((SECONDS + 3))
while [ $SECONDS -lt $end ]; do
  sleep 1
  if ! kill -0 "$pid" 2>/dev/null; then
    died=$((died + 1)); echo "switchboard died unexpectedly" >&2; wait "$pid" || true; start
  fi
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
  [ "${rss:-0}" -gt "$max_rss" ] && max_rss=$rss
  [ $SECONDS -lt $next_fault ] && continue
  next_fault=$((SECONDS + 2 + RANDOM % 4)); faults=$((faults + 1))
  i=$((RANDOM % servers))
  case $((RANDOM % 11)) in
    10) # 1,100 idle connections for 4 s (the descriptor limit is 512).
       floods=$((floods + 1)); flood 1100 4
       healthz_answers || { unanswered=$((unanswered + 1)); echo "/healthz silent after a flood" >&2; } ;;
    0|1) echo hang > "$dir/mode-$i" ;;
    2) echo slow > "$dir/mode-$i" ;;
    3) echo 500 > "$dir/mode-$i" ;;
    4) # A server dies and comes back a while later.
       if kill -0 "${spid[$i]}" 2>/dev/null; then kill "${spid[$i]}"; wait "${spid[$i]}" 2>/dev/null || true
       else start_server "$i"; fi ;;
    5) # The probed file replaced: atomically, with garbage, by a FIFO, or removed.
       rm -f "$dir/probed"
       case $((RANDOM % 4)) in
         0) echo ok > "$dir/probed.new"; mv "$dir/probed.new" "$dir/probed" ;;
         1) head -c 4096 /dev/urandom > "$dir/probed" ;;
         2) mkfifo "$dir/probed" ;;
         3) : ;;
       esac ;;
    6) # SIGHUP or SIGTERM: a clean stop with exit 0, then restarted.
       sig=$([ $((RANDOM % 2)) = 0 ] && echo HUP || echo TERM)
       kill -"$sig" "$pid"; signals=$((signals + 1))
       if wait "$pid"; then rc=0; else rc=$?; fi
       # SIGHUP ends the process as the signal asks; what matters is an orderly stop.
       if [ "$sig" = TERM ] && [ "$rc" != 0 ]; then bad_exits=$((bad_exits + 1)); echo "exit $rc on SIG$sig" >&2; fi
       start ;;
    *) for k in $(seq 0 $((servers - 1))); do
         kill -0 "${spid[$k]}" 2>/dev/null || start_server "$k"; echo ok > "$dir/mode-$k"
       done
       rm -f "$dir/probed"; echo ok > "$dir/probed" ;;
  esac
done

alive=no; kill -0 "$pid" 2>/dev/null && alive=yes
kill -TERM "$pid"; if wait "$pid"; then rc=0; else rc=$?; fi
for k in $(seq 0 $((servers - 1))); do kill "${spid[$k]}" 2>/dev/null || true; done
# A FIFO left in place would hold a probe that is already gone; let the last ones end.
rm -f "$dir/probed"; sleep 1
orphans=$(pgrep -f "$dir" | grep -v "^$$\$" || true)
orphan_count=$(echo -n "$orphans" | grep -c . || true)
[ -n "$orphans" ] && ps -o pid,ppid,pgid,etime,cmd -p $(echo $orphans | tr ' ' ,) >&2 || true

status=0
echo "soak: $duration s, $faults faults, $signals SIGHUP/SIGTERM, $starts starts" \
  "(half with a stderr closed early), $floods idle-connection floods"
echo "process: alive at the end $alive, final exit $rc, unexpected deaths $died," \
  "unclean stops on SIGTERM $bad_exits"
echo "max RSS: $((max_rss / 1024)) MiB; orphan processes: $orphan_count;" \
  "/healthz silent after a flood: $unanswered"
scripts/audit_check.py "$dir/state" || status=1
[ "$alive" = yes ] && [ "$rc" = 0 ] && [ "$died" = 0 ] && [ "$bad_exits" = 0 ] \
  && [ "$orphan_count" = 0 ] && [ "$max_rss" -le $((64 * 1024)) ] \
  && [ "$unanswered" = 0 ] || status=1
[ $status = 0 ] && echo PASS || echo FAIL
rm -rf "$dir"
exit $status
