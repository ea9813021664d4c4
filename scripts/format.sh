#!/bin/bash
# Formats the Swift sources in place, or with --lint checks them without changing anything (as CI does).
set -euo pipefail
cd "$(dirname "$0")/.."
paths=(Package.swift Sources Tests)
if [ "${1:-}" = "--lint" ]; then
  swift format lint --strict --recursive --parallel "${paths[@]}"
else
  swift format format --in-place --recursive --parallel "${paths[@]}"
fi
