#!/bin/bash
# Builds sparrow_VERSION_amd64.deb with dpkg-deb (no debhelper needed). Usage: Deploy/build-deb.sh [OUTDIR]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-.}
version=$(grep -o 'current = "[^"]*"' Sources/SparrowCore/Support/SparrowVersion.swift | cut -d'"' -f2)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
chmod 0755 "$stage"
DESTDIR="$stage" Deploy/install.sh
strip --strip-unneeded "$stage/usr/bin/sparrow" "$stage/usr/bin/sparrow-console"
mkdir -p "$stage/DEBIAN"
cat > "$stage/DEBIAN/control" <<CONTROL
Package: sparrow
Version: $version
Architecture: amd64
Maintainer: Sparrow developers <dev@sparrow.invalid>
Depends: libc6 (>= 2.36), libstdc++6, libsqlite3-0, libsystemd0, zlib1g, systemd
Section: misc
Priority: optional
Description: opioid-sparing decision support daemon
 Computes opioid load (MME/day), side-effect and tolerance risk for dropped patient
 medication files, evaluates versioned policy files and records ketamine-alternative
 advisories for pharmacists. Decision support only: it never orders anything.
CONTROL
find "$stage/etc" -type f | sed "s|^$stage||" > "$stage/DEBIAN/conffiles"
cat > "$stage/DEBIAN/postinst" <<'POSTINST'
#!/bin/sh
set -e
systemd-sysusers sparrow.conf
systemd-tmpfiles --create sparrow.conf
journalctl --update-catalog || true
systemctl daemon-reload || true
if systemctl is-active --quiet sparrow.service; then systemctl restart sparrow.service; fi
if systemctl is-active --quiet sparrow-console.service; then systemctl restart sparrow-console.service; fi
POSTINST
cat > "$stage/DEBIAN/prerm" <<'PRERM'
#!/bin/sh
set -e
if [ "$1" = remove ]; then systemctl disable --now sparrow-console.service sparrow.service || true; fi
PRERM
chmod 0755 "$stage/DEBIAN/postinst" "$stage/DEBIAN/prerm"
dpkg-deb --root-owner-group --build "$stage" "$out/sparrow_${version}_amd64.deb"
