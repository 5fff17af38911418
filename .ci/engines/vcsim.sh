#!/usr/bin/env bash
# Installs Go and govmomi's sources from Debian, builds our vSphere API simulator launcher
# (providers/vsphere/src/test/vcsim/main.go: govmomi's vcsim with a known inventory) and starts it
# on https://127.0.0.1:8989/sdk for the vSphere provider's tests. Idempotent: an up-to-date
# launcher that answers is left alone; a changed main.go is rebuilt and restarted.
# Needs root (run by .ci/run). Files: /var/cache/infrakit/vcsim (binary, TLS CA, log).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

SRC=providers/vsphere/src/test/vcsim/main.go
CACHE=${INFRAKIT_VCSIM_CACHE:-/var/cache/infrakit/vcsim}
LISTEN=${INFRAKIT_VCSIM_LISTEN:-127.0.0.1:8989}
BIN=$CACHE/infrakit-vcsim
LOG=$CACHE/vcsim.log
PIDFILE=$CACHE/vcsim.pid
# The test user; the simulator refuses any other (tests check a wrong password is refused).
USER_NAME=infrakit
PASSWORD=vcsim-secret

say() { echo ".ci/engines/vcsim.sh: $*" >&2; }
mkdir -p "$CACHE"

# 1. Packages: Debian's Go and govmomi 0.24 sources (its simulator package) in /usr/share/gocode.
need=()
for p in golang-go golang-github-vmware-govmomi-dev golang-github-google-uuid-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need+=("$p")
done
command -v openssl >/dev/null 2>&1 || need+=(openssl)
command -v curl >/dev/null 2>&1 || need+=(curl)
if ((${#need[@]})); then
  say "apt-get install ${need[*]}"
  apt-get install -y -qq -o DPkg::Lock::Timeout=900 --no-install-recommends "${need[@]}" >/dev/null
fi

# 2. TLS: a test CA and a server certificate for 127.0.0.1, so that tests verify the server
# against a CA file as users would (ca.pem is what --opt vsphere.ca-file points at).
if [ ! -s "$CACHE/ca.pem" ] || [ ! -s "$CACHE/server.pem" ]; then
  work=$(mktemp -d)
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/ca-key.pem" -out "$work/ca.pem" -days 3650 \
    -subj "/CN=InfraKit vcsim test CA" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -keyout "$work/server-key.pem" -out "$work/server.csr" -subj "/CN=127.0.0.1" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n' >"$work/ext"
  openssl x509 -req -in "$work/server.csr" -CA "$work/ca.pem" -CAkey "$work/ca-key.pem" -CAcreateserial \
    -out "$work/server.pem" -days 3650 -extfile "$work/ext" 2>/dev/null
  install -m 0644 "$work/ca.pem" "$work/server.pem" "$CACHE/"
  install -m 0600 "$work/server-key.pem" "$CACHE/"
  rm -rf "$work"
  rm -f "$BIN.sha256" # a new certificate needs a restart
fi

# 3. Build in GOPATH mode against Debian's sources (no network); about a minute on 2 cores.
sum=$(sha256sum "$SRC" | cut -d' ' -f1)
if [ ! -x "$BIN" ] || [ "$(cat "$BIN.sha256" 2>/dev/null)" != "$sum" ]; then
  say "building $BIN from $SRC"
  build=$(mktemp -d)
  cp "$SRC" "$build/main.go"
  (cd "$build" && GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE="$CACHE/gocache" GOFLAGS= \
    go build -o "$BIN.new" main.go)
  rm -rf "$build"
  mv "$BIN.new" "$BIN"
  # An older launcher still running must give way to the new one.
  if [ -s "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
    say "stopping the previous launcher (pid $(cat "$PIDFILE"))"
    old=$(cat "$PIDFILE")
    kill "$old" || true
    for _ in $(seq 1 20); do kill -0 "$old" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$old" 2>/dev/null; then kill -9 "$old" || true; sleep 0.5; fi
  fi
  echo "$sum" >"$BIN.sha256"
fi

answers() { curl -s -o /dev/null --max-time 2 --cacert "$CACHE/ca.pem" "https://$LISTEN/about"; }

# 4. Start it in the background unless it already answers.
if answers; then
  say "vcsim already answers on https://$LISTEN/sdk"
  exit 0
fi
# vcsim logs every object change: start a long-lived log afresh when it has grown past 50 MB.
if [ -f "$LOG" ] && [ "$(stat -c %s "$LOG")" -gt 52428800 ]; then
  mv -f "$LOG" "$LOG.1"
fi
say "starting vcsim on https://$LISTEN/sdk, log in $LOG"
seen=$(wc -l <"$LOG" 2>/dev/null || echo 0) # only this start's "ready" line counts
setsid nohup "$BIN" -listen "$LISTEN" -username "$USER_NAME" -password "$PASSWORD" \
  -cert "$CACHE/server.pem" -key "$CACHE/server-key.pem" >>"$LOG" 2>&1 &
echo $! >"$PIDFILE"
for _ in $(seq 1 60); do
  if answers && tail -n +"$((seen + 1))" "$LOG" | grep -q "infrakit-vcsim ready"; then
    say "vcsim is up (pid $(cat "$PIDFILE"))"
    exit 0
  fi
  sleep 0.5
done
say "ERROR: vcsim did not answer on $LISTEN within 30 s; last lines of $LOG:"
tail -n 30 "$LOG" >&2 || true
exit 1
