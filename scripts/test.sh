#!/bin/bash
# Runs every test: unit and CLI tests (Swift Testing). This is the README's test command and what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
swift build
python3 scripts/check-schema.py
swift test --disable-xctest
