#!/usr/bin/env bash
# Precision and recall of list screening at the default threshold on the real list files:
# SDN aliases against their entry's primary name (true matches), hits on other entries and
# 1260H/FCC company names screened against the SDN (non-matches). See docs/screening.md.
# usage: scripts/accuracy.sh [LISTS_DIR] [THRESHOLD]   (default ../shared/data/lists, 85)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --release --quiet --example lists_eval -- accuracy "$(realpath "${1:-../shared/data/lists}")" ${2:-}
