#!/usr/bin/env bash
# Installs and starts a Docker engine for the integration tests of providers/docker, then builds
# the local test images infrakit-test/busybox:1 and :2 without any registry (none is reachable here).
# Idempotent: run it again and it only does what is missing. Needs root (run by .ci/run).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

SOCK=/var/run/docker.sock
LOG=${INFRAKIT_DOCKERD_LOG:-/var/log/infrakit-dockerd.log}
WAIT=${INFRAKIT_DOCKERD_WAIT:-60}
IMAGE=infrakit-test/busybox
# Bump when the image content changes: an older image is then rebuilt.
REV=2

say() { echo ".ci/engines/docker.sh: $*" >&2; }

# 1. Packages. busybox-static gives a self-contained /bin/busybox to build the image from.
need=()
command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
dpkg -s busybox-static >/dev/null 2>&1 || need+=(busybox-static)
command -v iptables >/dev/null 2>&1 || need+=(iptables)
if [ ${#need[@]} -gt 0 ]; then
  say "apt-get install ${need[*]}"
  # Other engine scripts may hold the dpkg lock: wait for it rather than fail.
  apt-get install -y -qq -o DPkg::Lock::Timeout=600 --no-install-recommends "${need[@]}" >/dev/null
fi

# Prefer the engine's own client; another docker binary on PATH may be of a different vintage.
DOCKER=/usr/bin/docker
[ -x "$DOCKER" ] || DOCKER=$(command -v docker)

# 2. The daemon. No systemd here: start it in the background, logging to a file.
if ! "$DOCKER" -H "unix://$SOCK" info >/dev/null 2>&1; then
  # A daemon that died leaves its pid files behind, and a new one refuses to start over them.
  for pidfile in /var/run/docker.pid /var/run/docker/containerd/containerd.pid; do
    if [ -f "$pidfile" ] && ! kill -0 "$(cat "$pidfile" 2>/dev/null)" 2>/dev/null; then
      rm -f "$pidfile"
    fi
  done
  say "starting dockerd (storage driver vfs), log in $LOG"
  # containerd is started by dockerd itself when no system containerd runs.
  # setsid: its own session, so the end of the shell that started it does not take it down.
  setsid nohup dockerd --host="unix://$SOCK" --storage-driver=vfs >>"$LOG" 2>&1 &
  deadline=$((SECONDS + WAIT))
  until "$DOCKER" -H "unix://$SOCK" info >/dev/null 2>&1; do
    if [ $SECONDS -ge $deadline ]; then
      say "ERROR: dockerd did not answer on $SOCK within ${WAIT}s; last lines of $LOG:"
      tail -n 30 "$LOG" >&2 || true
      exit 1
    fi
    sleep 0.5
  done
  say "dockerd is up"
else
  say "dockerd already answers on $SOCK"
fi

# 3. Test images, built from busybox-static with docker import: no pull, no registry.
current() { # true when image $1 exists and is of revision $REV
  "$DOCKER" -H "unix://$SOCK" image inspect -f '{{range .Config.Env}}{{println .}}{{end}}' "$1" 2>/dev/null \
    | grep -qx "INFRAKIT_TEST_REV=$REV"
}
if current "$IMAGE:1" && current "$IMAGE:2"; then
  say "images $IMAGE:1 and :2 already present"
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root="$work/rootfs"
mkdir -p "$root/bin" "$root/sbin" "$root/etc" "$root/tmp" "$root/proc" "$root/sys" "$root/dev" "$root/root"
chmod 1777 "$root/tmp"
cp /bin/busybox "$root/bin/busybox"
for applet in $("$root/bin/busybox" --list); do
  [ "$applet" = busybox ] || ln -sf busybox "$root/bin/$applet"
done
echo 'root:x:0:0:root:/root:/bin/sh' >"$root/etc/passwd"
echo 'root:x:0:' >"$root/etc/group"
# Default command: idle until stopped, and exit at once on TERM so that docker stop is quick
# (a plain sleep as PID 1 ignores TERM and waits for the stop timeout).
cat >"$root/bin/idle" <<'IDLE'
#!/bin/sh
trap 'exit 0' TERM INT
while :; do sleep 3600 & wait $!; done
IDLE
chmod 755 "$root/bin/idle"
build() { # $1 tag, $2 version written into /etc/infrakit-test-version
  echo "$2" >"$root/etc/infrakit-test-version"
  tar -C "$root" -c . | "$DOCKER" -H "unix://$SOCK" import \
    --change 'CMD ["/bin/idle"]' --change 'ENV PATH=/bin:/sbin' --change "ENV INFRAKIT_TEST_REV=$REV" \
    - "$1" >/dev/null
  say "built $1"
}
# The two tags differ in content so that a rolling update really changes the image ID.
current "$IMAGE:1" || build "$IMAGE:1" 1
current "$IMAGE:2" || build "$IMAGE:2" 2
