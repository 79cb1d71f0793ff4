#!/usr/bin/env bash
# Builds and launches the RiskBrief desktop app on the shared database (created from the bundled
# sample on first launch; RISKBRIEF_DB=PATH points it elsewhere). Installs what it needs first.
# A debug build by default (minutes to build on two cores); `--release` builds the optimised app
# the packages hold (slower to build, faster to use).
# Usage: scripts/run-app.sh [--release] [FILE]   (FILE: a .riskbrief bundle to preview for import)
set -euo pipefail
cd "$(dirname "$0")/.."
profile=debug
if [ "${1:-}" = --release ]; then profile=release; shift; fi
scripts/deps.sh app
(cd ui && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent)
cargo build -p riskbrief-desktop $([ $profile = release ] && echo --release)
# Cargo's target folder (CARGO_TARGET_DIR, or the workspace's target/), from cargo itself.
target=$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
app="$target/$profile/riskbrief-desktop"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "run-app: no display; starting under Xvfb (install xvfb if missing)" >&2
  exec xvfb-run -a "$app" "$@"
fi
exec "$app" "$@"
