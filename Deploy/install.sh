#!/bin/bash
# Installs Sparrow from a release build: binary, unit, policies, configuration, sysusers, tmpfiles, catalog.
#   Deploy/install.sh              install (as root), keeping an existing /etc/sparrow/ untouched
#   Deploy/install.sh --uninstall  stop, disable and remove the program files (keeps /etc, the database, the spool)
#   DESTDIR=stage Deploy/install.sh   stage the files only (used by Deploy/build-deb.sh)
# The binary comes from SPARROW_BINARY (default .build/release/sparrow; build it with
# `swift build -c release -Xswiftc -static-stdlib`).
set -euo pipefail
cd "$(dirname "$0")/.."
root=${DESTDIR:-}
files=(/usr/bin/sparrow /usr/lib/systemd/system/sparrow.service /usr/lib/sysusers.d/sparrow.conf
  /usr/lib/tmpfiles.d/sparrow.conf /usr/lib/systemd/catalog/sparrow.catalog /usr/share/doc/sparrow/README.md)
# The documentation: the README and docs/ (operations, record format, policies, the pharmacist's guide…).
docs=(docs/*.md)

if [ "${1:-}" = "--uninstall" ]; then
  systemctl disable --now sparrow.service 2>/dev/null || true
  for file in "${files[@]}"; do rm -f "$root$file"; done
  rm -rf "$root/usr/share/doc/sparrow/docs"
  systemctl daemon-reload 2>/dev/null || true
  echo "removed the program files; /etc/sparrow, /var/lib/sparrow and /var/spool/sparrow are kept"
  exit 0
fi

binary=${SPARROW_BINARY:-.build/release/sparrow}
[ -x "$binary" ] || { echo "no binary at $binary: swift build -c release -Xswiftc -static-stdlib" >&2; exit 1; }
install -D -m 0755 "$binary" "$root/usr/bin/sparrow"
install -D -m 0644 Deploy/sparrow.service "$root/usr/lib/systemd/system/sparrow.service"
install -D -m 0644 Deploy/sparrow.sysusers "$root/usr/lib/sysusers.d/sparrow.conf"
install -D -m 0644 Deploy/sparrow.tmpfiles "$root/usr/lib/tmpfiles.d/sparrow.conf"
install -D -m 0644 Deploy/sparrow.catalog "$root/usr/lib/systemd/catalog/sparrow.catalog"
install -D -m 0644 README.md "$root/usr/share/doc/sparrow/README.md"
for doc in "${docs[@]}"; do install -D -m 0644 "$doc" "$root/usr/share/doc/sparrow/$doc"; done
# Configuration and policies belong to the site: installed once, never overwritten.
[ -e "$root/etc/sparrow/sparrow.yaml" ] || install -D -m 0644 Deploy/sparrow.yaml "$root/etc/sparrow/sparrow.yaml"
if [ ! -e "$root/etc/sparrow/policies" ]; then
  mkdir -p "$root/etc/sparrow/policies"
  cp -R Policies/. "$root/etc/sparrow/policies/"
fi

if [ -z "$root" ]; then
  systemd-sysusers sparrow.conf
  systemd-tmpfiles --create sparrow.conf
  journalctl --update-catalog || true
  systemctl daemon-reload
  echo "installed; start with: systemctl enable --now sparrow"
fi
