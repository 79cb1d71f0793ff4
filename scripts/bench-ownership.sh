#!/usr/bin/env bash
# Ownership benchmark (issue #15): effective ownership of every company, with the OFAC 50 %
# rule applied to each, over 100,000 companies and 300,000 relations (examples/ownership_bench.rs:
# corporate groups, persons' holdings, founders and controllers, 1 % of companies listed).
# Baseline, same run: indexing the relations by company, one pass. Target: all owners < 1 s.
#
# usage: scripts/bench-ownership.sh [COMPANIES] [RELATIONS]   (default 100000 300000)
set -euo pipefail
cd "$(dirname "$0")/.."
companies=${1:-100000}
relations=${2:-300000}
cargo build --release -q -p riskbrief --example ownership_bench
out=$(target/release/examples/ownership_bench --companies "$companies" --relations "$relations")
echo "$out"
python3 - "$out" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
ok = r["all_owners_ms"] < 1000
print(f'{r["companies"]:,} companies, {r["relations"]:,} relations: every company\'s owners and the OFAC rule '
      f'in {r["all_owners_ms"]:.0f} ms (target < 1,000 ms: {"met" if ok else "MISSED"}); '
      f'{r["ratio"]:.1f}× the {r["baseline_ms"]:.0f} ms baseline of indexing the relations once.')
sys.exit(0 if ok else 1)
PY
