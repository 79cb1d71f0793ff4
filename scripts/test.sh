#!/usr/bin/env bash
# Runs every test. On a fresh Debian machine it first installs what the tests use:
# qpdf and poppler-utils (PDF checks) and fonts-noto-cjk (CJK rendering).
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v qpdf >/dev/null || need+=(qpdf)
command -v pdftotext >/dev/null || need+=(poppler-utils)
[ -e /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || need+=(fonts-noto-cjk)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "test.sh: please install: ${need[*]}" >&2; exit 1
  fi
fi
cargo test --locked --all-targets
