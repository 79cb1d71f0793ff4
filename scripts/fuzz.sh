#!/usr/bin/env bash
# Fuzzes every target in fuzz/ (each list parser, the bundle reader, the date and grade parsers,
# the search query builder) for SECONDS each (default 60), starting from the seed corpus in
# fuzz/corpus. A crash is copied to fuzz/regressions/<target>/, which `cargo test` replays
# (tests/it/fuzz_corpus.rs), so every crash found becomes a regression test. Not run in CI.
# Usage: scripts/fuzz.sh [SECONDS] [TARGET…]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
shift || true
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
# cargo fuzz passes flags that stable rustc accepts only with this; the machine has one toolchain.
export RUSTC_BOOTSTRAP=1
targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(cargo fuzz list --fuzz-dir fuzz)
failed=0
for t in "${targets[@]}"; do
  work=fuzz/corpus-work/$t
  mkdir -p "$work" "fuzz/regressions/$t"
  rm -rf "fuzz/artifacts/$t"
  echo "== $t: ${secs} s"
  if ! cargo fuzz run --fuzz-dir fuzz --sanitizer none "$t" "$work" "fuzz/corpus/$t" -- \
      -max_total_time="$secs" -max_len=65536 -rss_limit_mb=4096 -print_final_stats=1 2>&1 | tail -n 12; then
    failed=1
  fi
  for crash in fuzz/artifacts/"$t"/crash-* fuzz/artifacts/"$t"/oom-* fuzz/artifacts/"$t"/timeout-*; do
    [ -e "$crash" ] || continue
    cp "$crash" "fuzz/regressions/$t/" && echo "   $crash -> fuzz/regressions/$t/ (add the fix, then commit it)"
    failed=1
  done
done
exit $failed
