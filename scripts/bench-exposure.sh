#!/usr/bin/env bash
# Exposure benchmark (issue #13), release build. Makes a 10,000-row register workbook
# (examples/exposure_bench.rs: a title row, usual headers, vendors spelt as people spell them,
# typos and vendors not in the database, dates as date cells) and measures with hyperfine:
#   openpyxl   reading the same workbook with Python openpyxl (read-only, every row): the baseline
#   dry-run    riskbrief exposure import FILE --dry-run   (read, map, parse, resolve vendors)
#   import     riskbrief exposure import FILE             (the same, written in one transaction,
#              audited, into a copy of the sample database made by --prepare)
# and, in process, the verdicts of every deployment of the imported register against reading the
# register from SQLite (exposure_bench verdicts). Targets: import < 1 s, verdicts < 50 ms.
# Then a scenario (issue #14) over 10,000 companies (examples/synth_portfolio.rs added to the
# sample) and the 10,000-deployment register: "DeepSeek added to the BIS Entity List", run in
# process against reading the register (exposure_bench scenario). Target: < 200 ms.
#
# usage: scripts/bench-exposure.sh [ROWS]      (default 10000)
# environment: RUNS=10 hyperfine runs; RESULTS=DIR keeps hyperfine's JSON and the table.
# Needs: hyperfine, python3 with openpyxl (apt-get install -y hyperfine python3-openpyxl).
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-10000}
runs=${RUNS:-10}
for tool in hyperfine python3; do
  command -v "$tool" >/dev/null || { echo "bench-exposure: $tool is missing (apt-get install -y hyperfine python3-openpyxl)" >&2; exit 2; }
done
# The Python that has openpyxl: the first python3 on PATH, else Debian's (python3-openpyxl).
py=""
for p in python3 /usr/bin/python3; do
  if command -v "$p" >/dev/null && "$p" -c 'import openpyxl' 2>/dev/null; then py=$(command -v "$p"); break; fi
done
[ -n "$py" ] || { echo "bench-exposure: no python3 with openpyxl (apt-get install -y python3-openpyxl)" >&2; exit 2; }
cargo build --release -q -p riskbrief --bin riskbrief --example exposure_bench --example synth_portfolio
bin=$PWD/target/release/riskbrief
gen=$PWD/target/release/examples/exposure_bench
synth=$PWD/target/release/examples/synth_portfolio
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
results=${RESULTS:-$work}
mkdir -p "$results"
cd "$work"
"$gen" register --rows "$rows" -o register.xlsx
"$bin" --db sample.db init >/dev/null
cat > read.py <<'PY'
import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1], read_only=True, data_only=True)
n = sum(1 for row in wb.worksheets[0].iter_rows(values_only=True) if any(c is not None for c in row))
assert n > 0
PY
hyperfine -N --runs "$runs" --warmup 1 --export-json "$results/exposure.json" \
  -n openpyxl "$py read.py register.xlsx" \
  -n dry-run "$bin --db sample.db exposure import register.xlsx --dry-run" \
  -n import --prepare "cp sample.db fresh.db" "$bin --db fresh.db exposure import register.xlsx" >/dev/null
cp sample.db fresh.db
"$bin" --db fresh.db exposure import register.xlsx >/dev/null
verdicts=$("$gen" verdicts --db fresh.db)
"$synth" --companies 10000 -o portfolio.json >/dev/null
"$bin" --db fresh.db import portfolio.json --allow-unsigned >/dev/null
scenario=$("$gen" scenario --db fresh.db --name "DeepSeek added to the BIS Entity List")
python3 - "$results/exposure.json" "$rows" "$verdicts" "$scenario" <<'PY' | tee "$results/exposure.md"
import json, sys
runs = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
base = runs["openpyxl"]["median"]
v = json.loads(sys.argv[3])
print(f"Exposure benchmark: a {int(sys.argv[2]):,}-row register workbook (median of hyperfine runs)\n")
print("| operation | median | × openpyxl read | target |")
print("|---|---|---|---|")
for name, target in [("openpyxl", "baseline"), ("dry-run", ""), ("import", "< 1 s")]:
    m = runs[name]["median"]
    print(f"| {name} | {m*1000:.0f} ms | {m/base:.2f} | {target} |")
print(f"| verdicts, {v['deployments']:,} deployments (in process) | {v['verdicts_ms']:.1f} ms | {v['verdicts_over_read']:.2f} × reading the register from SQLite ({v['read_ms']:.1f} ms) | < 50 ms |")
s = json.loads(sys.argv[4])
print(f"| scenario over {s['companies']:,} companies and {s['deployments']:,} deployments ({s['changed']:,} change) | {s['scenario_ms']:.1f} ms | {s['scenario_over_read']:.2f} × reading the register ({s['read_ms']:.1f} ms) | < 200 ms |")
ok = runs["import"]["median"] < 1.0 and v["verdicts_ms"] < 50 and s["scenario_ms"] < 200
print("\ntargets met" if ok else "\nTARGET MISSED")
sys.exit(0 if ok else 1)
PY
