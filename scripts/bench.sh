#!/usr/bin/env bash
# Brief rendering benchmark. Prints criterion's in-process figures, then times the release CLI
# against headless Chromium printing the HTML rendering of the same brief, with hyperfine, in
# one run, and reports the ratio. Needs: chromium hyperfine (apt-get install -y chromium hyperfine).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench --bench brief -- --noplot 2>&1 | grep -E "^deepseek|time:"
cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export RISKBRIEF_DB="$work/bench.db"
bin=target/release/riskbrief
$bin init >/dev/null
$bin brief deepseek --as-of 2026-11-28 --html -o "$work/deepseek.html"
chrome="chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir=$work/chrome --no-pdf-header-footer"
hyperfine --warmup 3 --runs 20 --export-json "$work/h.json" \
  -n riskbrief "$bin brief deepseek --as-of 2026-11-28 --force -o $work/a.pdf" \
  -n chromium "$chrome --print-to-pdf=$work/b.pdf file://$work/deepseek.html" >/dev/null 2>&1
python3 - "$work/h.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
a, b = r["riskbrief"]["mean"], r["chromium"]["mean"]
print(f"riskbrief CLI (process start, database open, fonts, DeepSeek PDF): {a*1000:.1f} ms")
print(f"headless Chromium --print-to-pdf of the same brief's HTML:        {b*1000:.1f} ms")
print(f"ratio: Chromium takes {b/a:.1f}x as long")
PY
