#!/usr/bin/env bash
# Builds a tiny test guest for the libvirt provider's end-to-end tests, from Debian packages only
# (linux-image-amd64, busybox-static, qemu-guest-agent; .ci/engines/libvirt.sh installs them):
#   OUT/vmlinuz        the host's Debian kernel
#   OUT/initramfs.gz   busybox + the kernel modules for a SATA cdrom, ISO 9660 and virtio-serial + qemu-ga
# The guest's /init mounts the disk labelled 'cidata' (the NoCloud seed InfraKit uploads), prints
# its meta-data, runs its user-data with output on the serial console, then starts qemu-ga.
# Usage: build-initramfs.sh OUT_DIR      (idempotent; rebuilt when the script is newer)
set -euo pipefail
out=${1:?usage: build-initramfs.sh OUT_DIR}
mkdir -p "$out"
if [[ -s "$out/initramfs.gz" && -s "$out/vmlinuz" && "$out/initramfs.gz" -nt "${BASH_SOURCE[0]}" ]]; then
  exit 0
fi
kernel=$(ls /boot/vmlinuz-* 2>/dev/null | sort -V | tail -1)
[[ -n "$kernel" ]] || { echo "no /boot/vmlinuz-*: apt-get install linux-image-amd64" >&2; exit 1; }
kver=${kernel#/boot/vmlinuz-}
busybox=$(command -v busybox) || { echo "no busybox: apt-get install busybox-static" >&2; exit 1; }
qga=$(command -v qemu-ga || echo /usr/sbin/qemu-ga)
[[ -x "$qga" ]] || { echo "no qemu-ga: apt-get install qemu-guest-agent" >&2; exit 1; }

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,sbin,dev,proc,sys,tmp,run,mnt/cidata,etc,var/run,lib/modules,usr/bin,usr/sbin}
cp "$busybox" "$root/bin/busybox"
for applet in $("$busybox" --list); do
  [[ -e "$root/bin/$applet" ]] || ln -s busybox "$root/bin/$applet"
done

# Kernel modules in dependency order (Debian builds these as modules, not into the kernel).
: > "$root/lib/modules/load-order"
for module in sr_mod isofs ahci ata_piix virtio_pci virtio_console; do
  modprobe -S "$kver" --show-depends "$module" | while read -r kind path _; do
    [[ "$kind" == insmod ]] || continue
    name=$(basename "$path")
    if [[ ! -e "$root/lib/modules/$name" ]]; then
      case "$path" in
        *.ko.xz) xz -dc "$path" > "$root/lib/modules/${name%.xz}"; name=${name%.xz} ;;
        *.ko.zst) zstd -qdc "$path" > "$root/lib/modules/${name%.zst}"; name=${name%.zst} ;;
        *) cp "$path" "$root/lib/modules/$name" ;;
      esac
      echo "$name" >> "$root/lib/modules/load-order"
    fi
  done
done

# qemu-ga and the shared libraries ldd lists for it (with the dynamic loader).
cp "$qga" "$root/usr/sbin/qemu-ga"
ldd "$qga" | grep -oE '/[^ ]+' | sort -u | while read -r lib; do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done

cat > "$root/init" <<'INIT'
#!/bin/sh
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mkdir -p /dev/pts /dev/virtio-ports && mount -t devpts devpts /dev/pts
for m in $(cat /lib/modules/load-order); do insmod /lib/modules/$m 2>/dev/null; done
echo "infrakit-guest: booted $(uname -r)"

# The NoCloud seed: the first cdrom or disk whose ISO 9660 volume id (sector 16, offset 40) is cidata.
label() { dd if="$1" bs=1 skip=32808 count=6 2>/dev/null; }
seed=""
for i in $(seq 1 100); do
  for dev in /dev/sr* /dev/vd? /dev/sd?; do
    [ -b "$dev" ] && [ "$(label "$dev")" = cidata ] && seed=$dev && break
  done
  [ -n "$seed" ] && break
  sleep 0.2
done
if [ -n "$seed" ] && mount -t iso9660 -o ro "$seed" /mnt/cidata; then
  echo "infrakit-guest: cidata on $seed: $(ls /mnt/cidata | tr '\n' ' ')"
  sed 's/^/infrakit-guest: meta-data: /' /mnt/cidata/meta-data
  hostname "$(sed -n "s/^local-hostname: '\(.*\)'$/\1/p" /mnt/cidata/meta-data)"
  echo "infrakit-guest: running user-data"
  sh /mnt/cidata/user-data 2>&1
  echo "infrakit-guest: user-data exited $?"
else
  echo "infrakit-guest: no cidata seed found"
fi

# The guest agent: udev would create /dev/virtio-ports/NAME; without udev, link them by hand.
for port in /sys/class/virtio-ports/*; do
  [ -e "$port/name" ] && ln -sf "/dev/$(basename "$port")" "/dev/virtio-ports/$(cat "$port/name")"
done
if [ -e /dev/virtio-ports/org.qemu.guest_agent.0 ]; then
  mkdir -p /var/run /var/lib/qemu-ga
  /usr/sbin/qemu-ga -m virtio-serial -p /dev/virtio-ports/org.qemu.guest_agent.0 -t /var/lib/qemu-ga -d -f /var/run/qemu-ga.pid \
    && echo "infrakit-guest: qemu-ga started"
fi
echo "infrakit-guest: ready"
while true; do sleep 3600; done
INIT
chmod +x "$root/init"

cp "$kernel" "$out/vmlinuz.tmp" && mv "$out/vmlinuz.tmp" "$out/vmlinuz"
(cd "$root" && find . -print0 | cpio --null -o -H newc --quiet) | gzip -6 > "$out/initramfs.gz.tmp"
mv "$out/initramfs.gz.tmp" "$out/initramfs.gz"
echo "test guest: $out/vmlinuz ($kver), $out/initramfs.gz ($(du -h "$out/initramfs.gz" | cut -f1))" >&2
