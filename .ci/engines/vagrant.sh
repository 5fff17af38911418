#!/usr/bin/env bash
# Installs Debian's vagrant for the integration tests of providers/vagrant, which run Vagrant's
# built-in Docker provider on the local Docker engine (started by docker.sh), and builds their
# image infrakit-test/vagrant:1 with docker import: no registry, no box download, all offline.
# Idempotent: run it again and it only does what is missing. Needs root (run by .ci/run).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

IMAGE=infrakit-test/vagrant:1
# Bump when the image content changes: an older image is then rebuilt.
REV=1
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

say() { echo ".ci/engines/vagrant.sh: $*" >&2; }

# 1. Packages. Other engine scripts may hold the dpkg lock: wait for it rather than fail.
need=()
command -v vagrant >/dev/null 2>&1 || need+=(vagrant)
dpkg -s busybox-static >/dev/null 2>&1 || need+=(busybox-static)
if [ ${#need[@]} -gt 0 ]; then
  say "apt-get install ${need[*]}"
  apt-get install -y -qq -o DPkg::Lock::Timeout=900 --no-install-recommends "${need[@]}" >/dev/null
fi
say "$(VAGRANT_CHECKPOINT_DISABLE=1 vagrant --version)"

# 2. The Docker engine Vagrant's Docker provider drives (docker.sh starts it when it is down).
DOCKER=/usr/bin/docker
[ -x "$DOCKER" ] || DOCKER=$(command -v docker)
if ! "$DOCKER" info >/dev/null 2>&1; then
  bash "$here/docker.sh"
fi

# 3. The test image, from busybox-static with docker import.
if "$DOCKER" image inspect -f '{{range .Config.Env}}{{println .}}{{end}}' "$IMAGE" 2>/dev/null | grep -qx "INFRAKIT_TEST_REV=$REV"; then
  say "image $IMAGE already present"
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
echo vagrant >"$root/etc/infrakit-test-version"
# PID 1 idles and exits at once on TERM, so that vagrant destroy (docker stop) is quick.
cat >"$root/bin/idle" <<'IDLE'
#!/bin/sh
trap 'exit 0' TERM INT
while :; do sleep 3600 & wait $!; done
IDLE
chmod 755 "$root/bin/idle"
tar -C "$root" -c . | "$DOCKER" import \
  --change 'CMD ["/bin/idle"]' --change 'ENV PATH=/bin:/sbin' --change "ENV INFRAKIT_TEST_REV=$REV" \
  - "$IMAGE" >/dev/null
say "built $IMAGE"
