#!/usr/bin/env bash
# Installs HAProxy (Debian's 2.6) for providers/haproxy's tests. Installs only: the tests start
# their own haproxy processes, each with its own configuration file and admin socket in a temporary
# folder, so the system service is neither needed nor touched. Idempotent.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
if command -v haproxy >/dev/null 2>&1; then
  echo ".ci/engines/haproxy.sh: $(haproxy -v 2>&1 | head -n 1) already present" >&2
  exit 0
fi
# Other engine scripts may hold the dpkg lock: wait for it rather than fail.
# policy-rc.d keeps the package from starting the system service on a box without systemd.
apt-get install -y -qq -o DPkg::Lock::Timeout=900 --no-install-recommends haproxy >/dev/null
echo ".ci/engines/haproxy.sh: installed $(haproxy -v 2>&1 | head -n 1)" >&2
