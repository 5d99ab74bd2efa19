#!/usr/bin/env bash
# Key press to redrawn frame (bar ≤ 16 ms): runs the release console in a pseudo-terminal
# (120×40) on a metrics file whose modification time is hours old, so that nothing but
# keys makes it draw; presses j/k N times (default 200) and times from writing the key to
# the first and to the last byte of the frame it causes. Also times typing into the prompt.
# Usage: benches/tui_latency.sh [presses]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-200}
cargo build --release --quiet
bin=${CARGO_TARGET_DIR:-target}/release/switchboard
python3 - "$bin" "$n" <<'PY'
import fcntl, os, pty, select, struct, sys, tempfile, termios, time

binary, presses = sys.argv[1], int(sys.argv[2])
example = open("assets/example-metrics.json").read()
tmp = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)
tmp.write(example); tmp.close()
old = time.time() - 3 * 3600
os.utime(tmp.name, (old, old))

pid, fd = pty.fork()
if pid == 0:
    os.environ["TERM"] = "xterm-256color"
    os.execv(binary, [binary, "--metrics-file", tmp.name])
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))

def drain(quiet):
    """Reads until nothing arrives for `quiet` seconds; returns (first, last) byte times."""
    first = last = None
    while True:
        r, _, _ = select.select([fd], [], [], quiet)
        if not r:
            return first, last
        try:
            data = os.read(fd, 1 << 16)
        except OSError:
            return first, last
        now = time.perf_counter()
        first = first or now
        last = now

drain(1.0)  # the first frame
def measure(keys):
    firsts, lasts = [], []
    for i in range(presses):
        k = keys[i % len(keys)]
        t = time.perf_counter()
        os.write(fd, k)
        first, last = drain(0.05)
        if first is None:
            continue
        firsts.append((first - t) * 1000)
        lasts.append((last - t) * 1000)
    return firsts, lasts

def report(name, firsts, lasts):
    firsts.sort(); lasts.sort()
    pick = lambda v, q: v[min(len(v) - 1, int(q * len(v)))]
    print(f"{name}: {len(firsts)} frames; first byte median {pick(firsts, .5):.2f} ms, "
          f"p95 {pick(firsts, .95):.2f} ms; frame complete median {pick(lasts, .5):.2f} ms, "
          f"p95 {pick(lasts, .95):.2f} ms, max {lasts[-1]:.2f} ms (bar 16 ms)")

report("select j/k", *measure([b"j", b"k"]))
os.write(fd, b"/"); drain(0.2)
report("type into the prompt", *measure([b"a", b"\x7f"]))
os.write(fd, b"\x1b"); time.sleep(0.1); os.write(fd, b"q")
_, status = os.waitpid(pid, 0)
os.unlink(tmp.name)
print(f"exit status {os.waitstatus_to_exitcode(status)}")
PY
