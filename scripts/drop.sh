#!/bin/bash
# Drops files into a Sparrow spool the way a pipeline must: write a temporary name, then rename.
# Usage: scripts/drop.sh SPOOL FILE...   (e.g. scripts/drop.sh var/spool Tests/Fixtures/records/*.json)
set -euo pipefail
spool=${1:?usage: scripts/drop.sh SPOOL FILE...}
shift
for file in "$@"; do
  name=$(basename "$file")
  cp "$file" "$spool/incoming/.$name.tmp"
  mv "$spool/incoming/.$name.tmp" "$spool/incoming/$name"
done
echo "dropped $# file(s) into $spool/incoming"
