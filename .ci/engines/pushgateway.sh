#!/usr/bin/env bash
# Installs Prometheus and the Prometheus pushgateway (Debian's) for the autoscaling tests of
# module controllers. Installs only: each test starts its own prometheus and pushgateway on free
# loopback ports with its own configuration and data folder, and stops them. Idempotent.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
need=()
command -v prometheus >/dev/null 2>&1 || need+=(prometheus)
command -v prometheus-pushgateway >/dev/null 2>&1 || need+=(prometheus-pushgateway)
if [ ${#need[@]} -eq 0 ]; then
  echo ".ci/engines/pushgateway.sh: prometheus and prometheus-pushgateway already present" >&2
  exit 0
fi
apt-get install -y -qq -o DPkg::Lock::Timeout=900 --no-install-recommends "${need[@]}" >/dev/null
echo ".ci/engines/pushgateway.sh: installed ${need[*]}" >&2
