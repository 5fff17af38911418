#!/usr/bin/env bash
# Installs Debian's etcd (server + etcdctl) for the HA tests. It starts NO cluster: each test
# spawns its own 3-member cluster on free loopback ports with temporary data dirs, because the
# tests must be able to kill and restart members. Idempotent; runs as root after apt-get update.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

if [ -x /usr/bin/etcd ] && [ -x /usr/bin/etcdctl ]; then
  echo "etcd.sh: $(/usr/bin/etcd --version | head -1) already installed" >&2
else
  # Keep the package's service from starting a default member on 2379/2380 during install
  # (policy-rc.d exit 101 = "action forbidden"); remove our temporary policy afterwards.
  policy=/usr/sbin/policy-rc.d
  made_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' > "$policy"
    chmod 755 "$policy"
    made_policy=1
  fi
  trap 'if [ "$made_policy" = 1 ]; then rm -f "$policy"; fi' EXIT
  apt-get install -y -qq --no-install-recommends etcd-server etcd-client >/dev/null
  echo "etcd.sh: installed $(/usr/bin/etcd --version | head -1)" >&2
fi

# openssl makes the TLS test certificates quickly (tests fall back to the JDK's keytool without it).
if ! command -v openssl >/dev/null 2>&1; then
  apt-get install -y -qq --no-install-recommends openssl >/dev/null
fi

# A default member left running (by a service manager on a machine that has one) would hold the
# standard ports and confuse a person reading the logs; tests use their own ports, but stop it anyway.
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  systemctl disable --now etcd >/dev/null 2>&1 || true
fi
if [ -x /etc/init.d/etcd ]; then
  /etc/init.d/etcd stop >/dev/null 2>&1 || true
fi
