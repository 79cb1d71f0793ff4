#!/usr/bin/env bash
# Runs every test: the Rust core and CLI, the TypeScript bindings' freshness, the UI (svelte-check,
# Vitest, Playwright against the built UI in Debian's Chromium) and the real desktop app end to end
# through WebDriver under Xvfb. On a fresh Debian machine (root) it installs what it needs first.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh test
step() { echo; echo "== $*"; }

step "core and CLI (cargo test)"
cargo test --locked --all-targets

step "TypeScript bindings are up to date"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  stale=$(git status --porcelain -- ui/src/lib/bindings)
  if [ -n "$stale" ]; then
    echo "ui/src/lib/bindings differ from the Rust types (cargo test regenerated them); commit them:"; echo "$stale"
    exit 1
  fi
fi

step "UI: type check, component tests, build, browser end to end"
(cd ui && npm ci --no-audit --no-fund --loglevel=error && npm run check && npm test && npm run build && npm run e2e)

step "desktop app end to end (WebDriver)"
command -v tauri-driver >/dev/null || cargo install tauri-driver --version '^2' --locked --quiet
cargo build --locked -p riskbrief-desktop
xvfb-run -a cargo test --locked -p riskbrief-desktop --test e2e -- --test-threads=1
