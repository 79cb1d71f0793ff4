#!/usr/bin/env bash
# Runs every test: the UI (svelte-check, Vitest, Playwright against the built UI in Debian's
# Chromium), the Rust core and CLI, the TypeScript bindings' freshness, the real desktop app
# end to end through WebDriver under Xvfb, and the Linux packages (built, installed, run and
# removed). On a fresh Debian machine (root) it installs what it needs first.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh test
step() { echo; echo "== $*"; }

step "UI: type check, component tests, build, browser end to end"
(cd ui && npm ci --no-audit --no-fund --loglevel=error && npm run check && npm run format:check && npm test && npm run build && npm run e2e)

step "tauri-driver (WebDriver for the desktop app)"
command -v tauri-driver >/dev/null || [ -x "$HOME/.cargo/bin/tauri-driver" ] \
  || cargo install tauri-driver --version '^2' --locked --quiet

step "Licences, bans and sources of every crate (cargo deny, deny.toml)"
command -v cargo-deny >/dev/null || [ -x "$HOME/.cargo/bin/cargo-deny" ] \
  || cargo install cargo-deny --version '^0.20' --locked --quiet
PATH="$HOME/.cargo/bin:$PATH" cargo deny --workspace check licenses bans sources

step "Rust style: rustfmt (rustfmt.toml) and clippy without warnings"
cargo fmt --all --check
cargo clippy --locked --workspace --all-targets -- -D warnings

# One cargo invocation for the whole workspace, so the core is compiled once with one feature set.
step "Rust: core, CLI, brief and desktop end to end (cargo test --workspace, under Xvfb)"
xvfb-run -a cargo test --locked --workspace --all-targets

step "Crash safety: SIGKILL during list import, bundle import, the search catch-up, register import, restore, brief --all and an edit burst"
# The CLI and the workload (target/debug) with the workspace's features, as the step above
# built them: only the examples are linked (28 s); `-p riskbrief` alone would unify dependency
# features differently and compile everything again (6.6 min).
cargo build --locked --workspace --bins --examples
python3 scripts/crash_harness.py --trials 3

step "TypeScript bindings are up to date"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  stale=$(git status --porcelain -- ui/src/lib/bindings)
  if [ -n "$stale" ]; then
    echo "ui/src/lib/bindings differ from the Rust types (cargo test regenerated them); commit them:"; echo "$stale"
    exit 1
  fi
fi
step "Packages: build the .deb and .rpm, lint, install, run, upgrade and remove the .deb (scripts/test-package.sh)"
scripts/test-package.sh

echo "all tests passed"
