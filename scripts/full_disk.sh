#!/usr/bin/env bash
# Full disk for the audit log: the state dir on a 64 KiB tmpfs, filled up while
# `--headless` acts on tests/fixtures/slow_action.toml; then room is made again. Checks
# that the process stays up, says so on stderr (and again when writing resumes), that
# every audit line parses and every started action is closed once (the ends that could
# not be written are written later). Needs root (mount); tests/durability.rs covers the
# same path without root through a file size limit.
#
# usage: sudo scripts/full_disk.sh   (SWITCHBOARD=path/to/binary, default target/debug)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${SWITCHBOARD:-target/debug/switchboard}
[ -x "$bin" ] || { echo "no binary at $bin: cargo build first" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "needs root to mount a tmpfs" >&2; exit 2; }
dir=$(mktemp -d)
mnt="$dir/state"
mkdir "$mnt"
mount -t tmpfs -o size=64k tmpfs "$mnt"
cleanup() { [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null; umount "$mnt" 2>/dev/null; rm -rf "$dir"; }
trap cleanup EXIT
lines() { cat "$mnt"/audit.jsonl* 2>/dev/null | wc -l; }
"$bin" --headless --config tests/fixtures/slow_action.toml --state-dir "$mnt" \
  2>"$dir/stderr.log" & pid=$!
sleep 3
# Fill what is left, leaving the audit log no room.
dd if=/dev/zero of="$mnt/filler" bs=1k 2>/dev/null || true
echo "full: $(df -k --output=avail "$mnt" | tail -1 | tr -d ' ') KiB free"
sleep 10
full=$(lines)
alive=no; kill -0 "$pid" 2>/dev/null && alive=yes
rm "$mnt/filler"
echo "room again"
sleep 5
kill -TERM "$pid"; wait "$pid" && rc=0 || rc=$?
pid=
said=$(grep -c "No space left on device; recovery actions wait" "$dir/stderr.log" || true)
resumed=$(grep -c "audit log: writing again" "$dir/stderr.log" || true)
echo "alive while full: $alive, exit: $rc, 'No space left' lines: $said," \
  "'writing again' lines: $resumed, audit lines while full: $full, at the end: $(lines)"
ok=0; scripts/audit_check.py "$mnt" || ok=1
[ "$alive" = yes ] && [ "$rc" = 0 ] && [ "$said" -ge 1 ] && [ "$resumed" -ge 1 ] \
  && [ "$(lines)" -gt "$full" ] || ok=1
[ $ok = 0 ] && echo PASS || echo FAIL
exit $ok
