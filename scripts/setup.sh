#!/bin/bash
# Installs the system packages Sparrow builds against (Debian 12) and resolves the Swift packages.
# Safe to run again; skips apt when everything is already installed.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"

packages=(git pkg-config libc6-dev libstdc++-12-dev libxml2-dev libsqlite3-dev libsystemd-dev zlib1g-dev tzdata util-linux)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})" >&2
    exit 1
  fi
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
python3 -c "import jsonschema" 2>/dev/null || python3 -m pip install --quiet jsonschema
swift package resolve
