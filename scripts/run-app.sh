#!/usr/bin/env bash
# Builds and launches the RiskBrief desktop app on the shared database (created from the bundled
# sample on first launch; RISKBRIEF_DB=PATH points it elsewhere). Installs what it needs first.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh app
(cd ui && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent)
cargo build -p riskbrief-desktop
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "run-app: no display; starting under Xvfb (install xvfb if missing)" >&2
  exec xvfb-run -a target/debug/riskbrief-desktop
fi
exec target/debug/riskbrief-desktop
