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
# The package starts its own service on :9090 with a config of its own; the tests do not use it.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet prometheus 2>/dev/null; then
  systemctl stop prometheus prometheus-pushgateway >/dev/null 2>&1 || true
fi
prometheus --version 2>&1 | head -1 >&2
