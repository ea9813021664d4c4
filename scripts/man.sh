#!/bin/bash
# Regenerates Deploy/sparrow.1 from the command's own help with swift-argument-parser's generate-manual plugin.
# Run it after changing a command, an option or a help text; DocumentationTests fails while the page is stale.
set -euo pipefail
cd "$(dirname "$0")/.."
swift package plugin generate-manual --configuration debug --date 2026-12-02 \
  --authors "Sparrow developers<dev@sparrow.invalid>"
cp .build/plugins/GenerateManual/outputs/sparrow/sparrow.1 Deploy/sparrow.1
echo "wrote Deploy/sparrow.1"
