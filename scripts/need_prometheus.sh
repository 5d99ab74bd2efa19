# Sourced by the Prometheus scripts: makes sure `prometheus` and `promtool` are on PATH,
# installing the distribution's package when we are root, else exiting 0 with SKIPPED.
if ! command -v prometheus >/dev/null || ! command -v promtool >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq prometheus >/dev/null
  else
    echo "SKIPPED: Prometheus is not installed (apt-get install prometheus)"; exit 0
  fi
fi
