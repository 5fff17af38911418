#!/usr/bin/env bash
# Prometheus and promtool (Debian's prometheus) for cli's PrometheusScrapeTest: each test starts its
# own Prometheus on a free loopback port with a config pointing at its test daemon, so nothing is
# left running here. prometheus-pushgateway comes along for people trying alert setups locally.
set -euo pipefail
if command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1; then
  echo "prometheus engine: $(prometheus --version 2>&1 | head -1) already present" >&2
  exit 0
fi
apt-get install -y -qq -o DPkg::Lock::Timeout=900 --no-install-recommends prometheus prometheus-pushgateway >/dev/null
# The packages may start their own services (:9090, :9091) with configs of their own; the tests do not use them.
for svc in prometheus prometheus-pushgateway; do
  if pgrep -x "$svc" >/dev/null 2>&1; then
    if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$svc" 2>/dev/null; then
      systemctl stop "$svc" >/dev/null 2>&1 || true
    elif [ -x "/etc/init.d/$svc" ]; then
      "/etc/init.d/$svc" stop >/dev/null 2>&1 || true
    fi
  fi
done
prometheus --version 2>&1 | head -1 >&2
