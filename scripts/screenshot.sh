#!/usr/bin/env bash
# Renders the HTML dashboard to PNG with headless Chromium, at desktop (1280 px) and
# phone (390 px) widths, so a person can look at it before calling a change done.
#
#   scripts/screenshot.sh [METRICS_FILE] [OUT_DIR]
#
# METRICS_FILE defaults to the biggest shared fixture (../shared/fixtures/metrics),
# else the embedded example; OUT_DIR defaults to target/screenshots (never committed).
# Installs chromium with apt-get when it is missing (Debian's package is `chromium`).
set -euo pipefail
cd "$(dirname "$0")/.."

metrics="${1:-}"
if [[ -z "$metrics" ]]; then
  metrics="$(ls -S ../shared/fixtures/metrics/*.json 2>/dev/null | head -n 1 || true)"
  [[ -n "$metrics" ]] || metrics=assets/example-metrics.json
fi
out="${2:-target/screenshots}"
mkdir -p "$out"

browser="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
if [[ -z "$browser" ]]; then
  echo "chromium is missing: installing it (apt-get)" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >&2
  browser="$(command -v chromium)"
fi

CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-1}" cargo build --release --quiet
page="$(realpath "$out")/dashboard.html"
# A state dir of its own: the page must not show this machine's real audit log.
state="$(mktemp -d)"
trap 'rm -rf "$state"' EXIT
./target/release/switchboard --metrics-file "$metrics" --state-dir "$state" --export-html "$page" >/dev/null

shoot() { # WIDTH HEIGHT NAME [extra chromium flags…]
  local w="$1" h="$2" name="$3"; shift 3
  "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --user-data-dir="$state/chromium" "$@" \
    --window-size="$w,$h" --screenshot="$(realpath "$out")/$name" "file://$page" >/dev/null 2>&1
  echo "$out/$name"
}
shoot 1280 2000 dashboard-1280.png
shoot 390 2400 dashboard-390.png
shoot 1280 2000 dashboard-1280-dark.png --force-dark-mode --blink-settings=preferredColorScheme=0
