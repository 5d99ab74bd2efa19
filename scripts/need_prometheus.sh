# Sourced by the Prometheus scripts: makes sure `prometheus` and `promtool` are on PATH,
# installing the distribution's package when we are root, else exiting 0 with SKIPPED.
# With need_blackbox=1 set before, blackbox_exporter too, its path in $blackbox.
if ! command -v prometheus >/dev/null || ! command -v promtool >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq prometheus >/dev/null
  else
    echo "SKIPPED: Prometheus is not installed (apt-get install prometheus)"; exit 0
  fi
fi
if [ -n "${need_blackbox:-}" ]; then
  blackbox=$(command -v prometheus-blackbox-exporter || command -v blackbox_exporter || true)
  if [ -z "$blackbox" ]; then
    if [ "$(id -u)" = 0 ]; then
      apt-get install -y -qq prometheus-blackbox-exporter >/dev/null
      blackbox=$(command -v prometheus-blackbox-exporter)
    else
      echo "SKIPPED: blackbox_exporter is not installed (apt-get install prometheus-blackbox-exporter)"; exit 0
    fi
  fi
fi
