#!/usr/bin/env bash
# Installs and starts libvirt + QEMU for the libvirt provider's end-to-end tests.
# Idempotent; runs as root on a fresh Debian machine after `apt-get update`; needs no systemd.
# Tests use domain type 'qemu' (TCG software emulation): /dev/kvm may exist but is not relied upon.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

packages=(
  libvirt-daemon-system libvirt0 libvirt-clients qemu-system-x86 qemu-utils
  qemu-guest-agent      # its binary is copied into the test guest's initramfs
  linux-image-amd64     # the test guest's kernel (/boot/vmlinuz-*) and modules (/lib/modules)
  busybox-static cpio   # the test guest's userland and the initramfs archiver
  e2fsprogs             # mke2fs -d: the test guest's root disk (a base image for template outputs)
  genisoimage           # isoinfo, to cross-check the cidata ISO written in Java
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  # Other engine scripts may be running apt at the same time: wait for the dpkg lock.
  apt-get install -y -qq -o DPkg::Lock::Timeout=900 "${missing[@]}" >/dev/null
fi

# Without systemd the daemons are started in the background; each is skipped when already running.
mkdir -p /run/libvirt /var/log/libvirt
pgrep -x virtlogd >/dev/null || virtlogd -d
pgrep -x virtlockd >/dev/null || virtlockd -d || true
pgrep -x libvirtd >/dev/null || libvirtd -d

for _ in $(seq 1 60); do
  virsh -c qemu:///system version >/dev/null 2>&1 && break
  sleep 1
done
virsh -c qemu:///system version >/dev/null

# The provider keeps root-disk clones and cidata ISOs in a storage pool; 'default' is a dir pool.
if ! virsh -c qemu:///system pool-info default >/dev/null 2>&1; then
  mkdir -p /var/lib/libvirt/images
  virsh -c qemu:///system pool-define-as default dir --target /var/lib/libvirt/images >/dev/null
  virsh -c qemu:///system pool-autostart default >/dev/null
fi
pool_state=$(virsh -c qemu:///system pool-info default)  # captured: grep -q under pipefail would SIGPIPE virsh
if ! grep -q 'State:.*running' <<<"$pool_state"; then
  virsh -c qemu:///system pool-start default >/dev/null
fi
echo "libvirt: $(virsh -c qemu:///system version | grep -i 'running hypervisor' || true); pool default running" >&2
