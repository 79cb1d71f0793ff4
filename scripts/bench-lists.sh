#!/usr/bin/env bash
# List import and screening benchmark (release build), on the real OFAC files:
#   1. import sdn.csv + alt.csv + add.csv into a fresh database (hyperfine, 10 runs);
#   2. screen 10,000 company names (half of them variants of SDN entity names) with
#      `riskbrief screen --names`, and, in the same run, a Python baseline with rapidfuzz
#      (process.extractOne, token_sort_ratio, same threshold) on the same names;
#      report time, recall and false positives side by side.
# Needs: hyperfine, python3 with venv (rapidfuzz is installed into target/bench-venv).
# usage: scripts/bench-lists.sh [LISTS_DIR]   (default ../shared/data/lists)
set -euo pipefail
cd "$(dirname "$0")/.."
lists=$(realpath "${1:-../shared/data/lists}")
sdn=$(ls "$lists"/ofac-sdn-*.csv | tail -1); alt=$(ls "$lists"/ofac-alt-*.csv | tail -1); add=$(ls "$lists"/ofac-add-*.csv | tail -1)
threshold=85
cargo build --release --quiet --bin riskbrief --example lists_eval
if [ ! -x target/bench-venv/bin/python ]; then
  python3 -m venv target/bench-venv
  target/bench-venv/bin/pip install --quiet rapidfuzz
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bin=target/release/riskbrief
target/release/examples/lists_eval names "$lists" "$work/names.csv" 10000

echo "== import SDN + alt + add ($(wc -l < "$sdn") entries)"
hyperfine --warmup 1 --runs 10 --export-json "$work/import.json" \
  --prepare "rm -f $work/i.db $work/i.db-wal $work/i.db-shm && $bin --db $work/i.db init --empty >/dev/null" \
  "$bin --db $work/i.db lists import --format ofac $sdn $alt $add" >/dev/null
python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results'][0]; print(f'import: mean {r[\"mean\"]*1000:.0f} ms, max {r[\"max\"]*1000:.0f} ms (target: under 1 s)')" "$work/import.json"

echo "== screen 10,000 names"
export RISKBRIEF_DB="$work/s.db"
$bin init --empty >/dev/null
$bin lists import --format ofac "$sdn" "$alt" "$add" >/dev/null
hyperfine --warmup 1 --runs 5 --export-json "$work/screen.json" \
  "$bin --json screen --names $work/names.csv --threshold $threshold > $work/hits.json" >/dev/null
secs=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['results'][0]['mean'])" "$work/screen.json")
target/bench-venv/bin/python scripts/bench_lists_baseline.py "$work/names.csv" "$sdn" "$alt" "$work/hits.json" "$secs" "$threshold"
