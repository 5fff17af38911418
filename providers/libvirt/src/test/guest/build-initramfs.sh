#!/usr/bin/env bash
# Builds a tiny test guest for the libvirt provider's end-to-end tests, from Debian packages only
# (linux-image-amd64, busybox-static, qemu-guest-agent; .ci/engines/libvirt.sh installs them):
#   OUT/vmlinuz        the host's Debian kernel
#   OUT/initramfs.gz   busybox + the kernel modules for a SATA cdrom, ISO 9660, virtio-serial,
#                      virtio disks and ext4 + qemu-ga
#   OUT/rootfs.img     the same files as an ext4 file system (raw, 64 MiB): a base image whose
#                      changes persist, for RootDisk.BaseVolume and template outputs
# The guest's /init, when the first virtio disk (/dev/vda) holds that file system, mounts it and
# switch_roots into it, so that what commands write survives a power-off and is in a template
# made of the disk. Without a disk it runs from the initramfs as before. Either way it mounts the
# disk labelled 'cidata' (the NoCloud seed InfraKit uploads), prints its meta-data, runs its
# user-data with output on the serial console, then starts qemu-ga. qemu-ga's guest-shutdown runs
# /sbin/shutdown: ours syncs, remounts the disk read-only and powers off.
# Usage: build-initramfs.sh OUT_DIR      (idempotent; rebuilt when the script is newer)
set -euo pipefail
out=${1:?usage: build-initramfs.sh OUT_DIR}
mkdir -p "$out"
if [[ -s "$out/initramfs.gz" && -s "$out/vmlinuz" && -s "$out/rootfs.img" && "$out/initramfs.gz" -nt "${BASH_SOURCE[0]}" ]]; then
  exit 0
fi
kernel=$(ls /boot/vmlinuz-* 2>/dev/null | sort -V | tail -1)
[[ -n "$kernel" ]] || { echo "no /boot/vmlinuz-*: apt-get install linux-image-amd64" >&2; exit 1; }
kver=${kernel#/boot/vmlinuz-}
mke2fs=$(command -v mke2fs || echo /usr/sbin/mke2fs)
[[ -x "$mke2fs" ]] || { echo "no mke2fs: apt-get install e2fsprogs" >&2; exit 1; }
busybox=$(command -v busybox) || { echo "no busybox: apt-get install busybox-static" >&2; exit 1; }
qga=$(command -v qemu-ga || echo /usr/sbin/qemu-ga)
[[ -x "$qga" ]] || { echo "no qemu-ga: apt-get install qemu-guest-agent" >&2; exit 1; }

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,sbin,dev,proc,sys,tmp,run,mnt/cidata,newroot,etc,var/run,lib/modules,usr/bin,usr/sbin}
cp "$busybox" "$root/bin/busybox"
for applet in $("$busybox" --list); do
  [[ -e "$root/bin/$applet" ]] || ln -s busybox "$root/bin/$applet"
done

# Kernel modules in dependency order (Debian builds these as modules, not into the kernel).
: > "$root/lib/modules/load-order"
for module in sr_mod isofs ahci ata_piix virtio_pci virtio_console virtio_blk crc32c_generic ext4; do
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
# Run twice when there is a root disk: from the initramfs, then from the disk after switch_root.
mounted() { grep -qs " $1 " /proc/mounts; }
mounted /proc || mount -t proc proc /proc
mounted /sys || mount -t sysfs sys /sys
mounted /dev || mount -t devtmpfs dev /dev
mkdir -p /dev/pts /dev/virtio-ports && { mounted /dev/pts || mount -t devpts devpts /dev/pts; }
if [ ! -e /etc/infrakit-root-disk ]; then
  for m in $(cat /lib/modules/load-order); do insmod /lib/modules/$m 2>/dev/null; done
  echo "infrakit-guest: booted $(uname -r)"
  # A virtio block device (id 0x0002) is the root disk when it holds our file system.
  if grep -qs 0x0002 /sys/bus/virtio/devices/*/device; then
    for i in $(seq 1 50); do [ -b /dev/vda ] && break; sleep 0.1; done
    if mount -t ext4 /dev/vda /newroot 2>/dev/null; then
      if [ -e /newroot/etc/infrakit-root-disk ]; then
        echo "infrakit-guest: root disk /dev/vda"
        mount --move /dev /newroot/dev && mount --move /proc /newroot/proc && mount --move /sys /newroot/sys
        exec switch_root /newroot /init
      fi
      umount /newroot
    fi
    echo "infrakit-guest: /dev/vda is not a root disk of ours; running from the initramfs"
  fi
fi

# The NoCloud seed: the first cdrom or disk whose ISO 9660 volume id (sector 16, offset 40) is cidata.
label() { dd if="$1" bs=1 skip=32808 count=6 2>/dev/null; }
seed=""
tries=100
# From the root disk the drivers were loaded long ago: without a cdrom there is no seed to wait for.
[ -e /etc/infrakit-root-disk ] && ! ls /sys/block | grep -q '^sr' && tries=1
for i in $(seq 1 $tries); do
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

# qemu-ga's guest-shutdown runs /sbin/shutdown with no environment; the power-off comes after it answered.
cat > "$root/sbin/shutdown" <<'SHUTDOWN'
#!/bin/sh
export PATH=/bin:/sbin
(sleep 1; sync; mount -o remount,ro / 2>/dev/null; sync; poweroff -f) >/dev/null 2>&1 &
exit 0
SHUTDOWN
chmod +x "$root/sbin/shutdown"

cp "$kernel" "$out/vmlinuz.tmp" && mv "$out/vmlinuz.tmp" "$out/vmlinuz"
(cd "$root" && find . -print0 | cpio --null -o -H newc --quiet) | gzip -6 > "$out/initramfs.gz.tmp"

# The root disk: the same files, marked, as ext4 (mke2fs -d copies a folder into the new file system).
touch "$root/etc/infrakit-root-disk"
"$mke2fs" -q -F -t ext4 -L infrakit-root -d "$root" "$out/rootfs.img.tmp" 64M >/dev/null
mv "$out/rootfs.img.tmp" "$out/rootfs.img"
mv "$out/initramfs.gz.tmp" "$out/initramfs.gz"
echo "test guest: $out/vmlinuz ($kver), $out/initramfs.gz ($(du -h "$out/initramfs.gz" | cut -f1)), $out/rootfs.img" >&2
