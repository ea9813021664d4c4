#!/bin/bash
# Runs every test. This is the README's test command and exactly what CI runs after setup and lint:
#   1. the record schema check, and the terminology catalog against its converter;
#   2. unit, integration and daemon tests (Swift Testing), today and again with the clock a year ahead;
#   3. the journal tests inside a private journald (../shared/tools/journald-sandbox);
#   4. the console in headless Chromium (Selenium) behind a real nginx (Tests/System/console-browser-test.sh);
#   5. the system test inside a booted systemd container (../shared/tools/systemd-container), with the static
#      release binary.
# Steps 3 and 5 need root and ../shared/tools (as on CI); elsewhere they are skipped with a message.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
tools=${SPARROW_TOOLS:-../shared/tools}

python3 scripts/check-schema.py
# The committed terminology catalog is exactly what the converter makes from the CDC IG data in ../shared.
terminology=${SPARROW_TERMINOLOGY_SOURCE:-../shared/reference/terminology}
if [ -d "$terminology" ]; then
  python3 scripts/import-terminology.py --check --source "$terminology"
elif [ "${CI:-}" = true ]; then
  echo "CI must check the terminology catalog: $terminology is missing" >&2
  exit 1
else
  echo "skipped: terminology catalog check ($terminology is missing)"
fi
# One debug build for everything below, with CI's strict flags (warnings are errors, undeclared imports fail): the
# same flags as .ci/run's build, so CI builds the debug tree once, not once per set of flags.
swift build --build-tests -Xswiftc -warnings-as-errors --explicit-target-dependency-import-check error
swift test --disable-xctest --skip-build
# Test-only calendar check: the same suite with the daemon's and the CLI's clock a year ahead (debug builds honour
# SPARROW_TEST_CLOCK_OFFSET_DAYS; see WallClock). No expectation may depend on the day the suite runs.
echo "== the suite again, with the clock one year ahead"
SPARROW_TEST_CLOCK_OFFSET_DAYS=365 swift test --disable-xctest --skip-build
scripts/fuzz.sh "${SPARROW_FUZZ_SECONDS:-60}"

# The console in a real browser: headless Chromium through Selenium, behind a real nginx on loopback.
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] && command -v nginx >/dev/null; then
  echo "== the console in headless Chromium behind nginx"
  Tests/System/console-browser-test.sh
elif [ "${CI:-}" = true ]; then
  echo "CI must run the console's browser test: need chromium, chromium-driver and nginx (.ci/run installs them)" >&2
  exit 1
else
  echo "skipped: the console's browser test (apt-get install chromium chromium-driver nginx python3-venv)"
fi

if [ "$(id -u)" = 0 ] && [ -x "$tools/journald-sandbox" ] && [ -x "$tools/systemd-container" ]; then
  echo "== journal tests in a private journald"
  "$tools/journald-sandbox" env SPARROW_JOURNAL_SANDBOX=1 swift test --disable-xctest --skip-build --filter JournalTests
  "$tools/journald-sandbox" env SPARROW_JOURNAL_SANDBOX=1 SPARROW_TEST_CLOCK_OFFSET_DAYS=365 \
    swift test --disable-xctest --skip-build --filter JournalTests
  echo "== system test in a systemd container"
  swift build -c release -Xswiftc -static-stdlib --product sparrow
  swift build -c release -Xswiftc -static-stdlib --product sparrow-console
  "$tools/systemd-container" run \
    --install .build/release/sparrow:/root/src/sparrow \
    --install .build/release/sparrow-console:/root/src/sparrow-console \
    --install Deploy:/root/src/Deploy \
    --install Policies:/root/src/Policies \
    --install README.md:/root/src/README.md \
    --install docs:/root/src/docs \
    --install Tests/Fixtures/records:/root/src/Tests/Fixtures/records \
    -- ./Tests/System/service-test.sh
elif [ "${CI:-}" = true ]; then
  echo "CI must run the journald and systemd tests: need root and $tools" >&2
  exit 1
else
  echo "skipped: journald-sandbox and systemd-container tests (need root and $tools)"
fi
