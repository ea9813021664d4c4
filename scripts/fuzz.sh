#!/bin/bash
# Builds the libFuzzer harnesses (-sanitize=fuzzer,address) and runs each for SECONDS (default 60), seeded with
# the fixtures. A crash fails the run and is saved in Fuzz/regressions/<harness>/ to be committed and replayed.
# Usage: scripts/fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
seconds=${1:-60}
scratch=.build-fuzz
for product in FuzzRecords FuzzPolicy; do
  swift build --scratch-path "$scratch" --product "$product" -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -DSPARROW_FUZZ
done
corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
mkdir -p "$corpus/records" "$corpus/policy"
for directory in records invalid fhir; do
  for file in Tests/Fixtures/$directory/*.json; do cp "$file" "$corpus/records/$directory-$(basename "$file")"; done
done
cp Fuzz/regressions/records/* "$corpus/records/" 2>/dev/null || true
find Policies Tests/Fixtures/policies config Deploy -name '*.yaml' | while read -r file; do
  cp "$file" "$corpus/policy/$(echo "$file" | tr / -)"
done
cp Fuzz/regressions/policy/* "$corpus/policy/" 2>/dev/null || true
run() { # harness corpus regressions
  echo "== fuzzing $1 for ${seconds}s"
  local status=0
  "$scratch/debug/$1" "$2" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -timeout=10 \
    -artifact_prefix="$3/" -print_final_stats=1 > "$corpus/$1.log" 2>&1 || status=$?
  grep -E "^(Done|stat::number_of_executed_units|==[0-9]+==ERROR|SUMMARY)" "$corpus/$1.log" || true
  if [ "$status" != 0 ]; then
    tail -n 30 "$corpus/$1.log" >&2
    echo "$1 found a crash (exit $status): the input is in $3/" >&2
    return 1
  fi
}
run FuzzRecords "$corpus/records" Fuzz/regressions/records
run FuzzPolicy "$corpus/policy" Fuzz/regressions/policy
echo "fuzzing: no crash"
