#!/usr/bin/env bash
# Monitoring benchmark (issue #16; examples/monitoring_bench.rs), on the real list files:
# the incremental re-screen after a 1 %-changed SDN import against a full re-screen of every
# company, measured in the same run (with storing the snapshot alone as the baseline); the UN
# list's import; a list pack's size and import time. Target: a pack of the SDN and UN lists
# under 5 MB; the incremental re-screen cheaper than the full one.
#
# usage: scripts/bench-monitoring.sh [LISTS_DIR] [COMPANIES]   (default ../shared/data/lists 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
lists=$(realpath "${1:-../shared/data/lists}")
companies=${2:-10000}
cargo build --release -q -p riskbrief --example monitoring_bench
out=$(target/release/examples/monitoring_bench "$lists" --companies "$companies")
echo "$out"
python3 - "$out" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
small = r["pack_bytes"] < 5_000_000
faster = r["ratio"] > 1
print(f'{r["companies"]:,} companies, SDN {r["sdn_entries"]:,} entries, 1 % changed: importing it with the incremental '
      f're-screen {r["incremental_import_ms"]:.0f} ms ({r["entries_screened_incrementally"]} entries screened, '
      f'{r["hits_carried"]} hits carried) vs importing it and re-screening in full {r["import_then_full_rescreen_ms"]:.0f} ms '
      f'(storing alone {r["store_only_baseline_ms"]:.0f} ms, full re-screen {r["full_rescreen_ms"]:.0f} ms): '
      f'{r["ratio"]:.1f}× ({"met" if faster else "MISSED"}).')
print(f'UN list import {r["un_import_ms"]:.0f} ms; pack of SDN + UN {r["pack_bytes"]/1e6:.2f} MB '
      f'(target < 5 MB: {"met" if small else "MISSED"}), imported into a fresh database in {r["pack_import_ms"]:.0f} ms.')
sys.exit(0 if small and faster else 1)
PY
