#!/bin/bash
# Regenerates Deploy/sparrow.1 and Deploy/sparrow-console.1 from the commands' own help with swift-argument-parser's generate-manual plugin.
# Run it after changing a command, an option or a help text; DocumentationTests fails while the page is stale.
set -euo pipefail
cd "$(dirname "$0")/.."
swift package plugin generate-manual --configuration debug --date 2026-12-02 \
  --authors "Sparrow developers<dev@sparrow.invalid>"
for page in sparrow sparrow-console; do
  cp ".build/plugins/GenerateManual/outputs/$page/$page.1" "Deploy/$page.1"
  echo "wrote Deploy/$page.1"
done
