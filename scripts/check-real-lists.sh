#!/usr/bin/env bash
# Reads the whole real list files in ../shared/data/lists/ (not in the repository: the tests use
# excerpts of them) with the UN, Denied Persons and OFAC non-SDN readers, and checks what the
# published files hold: the UN list of 2026-02-27 has 730 individuals and 273 entities, 615
# aliases of "Low" quality; the Denied Persons List has 581 rows, as of 2022-09-02.
#
# usage: scripts/check-real-lists.sh [LISTS_DIR]   (default ../shared/data/lists)
set -euo pipefail
cd "$(dirname "$0")/.."
lists=$(realpath "${1:-../shared/data/lists}")
cargo build -q -p riskbrief
rb=target/debug/riskbrief
db=$(mktemp -d)/check.db
$rb --db "$db" init --empty >/dev/null
$rb --db "$db" --json lists import --format un_xml "$lists/un-consolidated-2026-02-27.xml" > "$db.un.json"
$rb --db "$db" --json lists import --format bis_dpl "$lists/bis-denied-persons-list.txt" > "$db.dpl.json"
$rb --db "$db" --json lists import --format ofac_consolidated --as-of 2026-01-01 \
  "$lists/ofac-cons-prim.csv" "$lists/ofac-cons-alt.csv" "$lists/ofac-cons-add.csv" > "$db.cons.json"
python3 - "$db" <<'PY'
import json, sqlite3, sys
db = sys.argv[1]
un, dpl, cons = (json.load(open(f"{db}.{k}.json")) for k in ("un", "dpl", "cons"))
c = sqlite3.connect(db)
def types(list_key):
    rows = c.execute("""SELECT json_extract(e.entry, '$.entity_type'), count(*),
                               sum(json_array_length(coalesce(json_extract(e.entry, '$.weak_aliases'), '[]')))
                        FROM list_entries e JOIN list_snapshots s ON s.id = e.snapshot_id
                        WHERE s.list = ? GROUP BY 1""", (list_key,)).fetchall()
    return {t: (n, w) for t, n, w in rows}
t = types("un_sc")
checks = [
    ("UN as of 2026-02-27", un["snapshot"]["as_of"] == "2026-02-27"),
    ("UN 730 individuals", t.get("individual", (0, 0))[0] == 730),
    ("UN 273 entities", t.get("entity", (0, 0))[0] == 273),
    ("UN 615 Low-quality aliases kept as weak", sum(w for _, w in t.values()) == 615),
    ("DPL as of 2022-09-02", dpl["snapshot"]["as_of"] == "2022-09-02"),
    ("DPL 581 rows read", any("581 rows read" in n for n in dpl["notes"])),
    ("DPL typing errors named", any("3017-08-22" in n for n in dpl["notes"])),
    ("OFAC non-SDN entries", cons["snapshot"]["entry_count"] > 0 and cons["snapshot"]["list"] == "ofac_non_sdn"),
]
for name, ok in checks:
    print(("ok    " if ok else "FAILED"), name)
print(f'UN {un["snapshot"]["entry_count"]} entries; DPL {dpl["snapshot"]["entry_count"]} entries; '
      f'OFAC non-SDN {cons["snapshot"]["entry_count"]} entries')
sys.exit(0 if all(ok for _, ok in checks) else 1)
PY
