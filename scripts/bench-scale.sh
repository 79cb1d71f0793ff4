#!/usr/bin/env bash
# Whole-portfolio scale benchmark (issue #12), release build, on synthetic portfolios made by
# examples/synth_portfolio.rs (each company: 3 sources, ~3 allegations, 1–2 designations,
# ~3 cloud offerings; 1 in 4 a restriction). For each size it measures, with hyperfine:
#   import    bundle import into a fresh empty database (--prepare makes the database)
#   index     the search index catching up with that import (`riskbrief index` right after it:
#             the import commits its records and leaves them to the search backlog)
#   floor     the floor under that import (examples/import_floor.rs): SQLite alone storing what the
#             import stored (records, audit rows, search backlog) into a fresh database by
#             INSERT … SELECT, with no JSON, hash, check or comparison; the table gives the
#             import as a multiple of it
#   reimport  the same bundle imported again into the database it was imported into (every
#             record already stored and the same: nothing written)
#   list      list --json
#   show-name show <legal name>   (the name path, not the slug)
#   show-alias show <alias>
#   show-slug show <slug>         (a per-company reference point)
#   search    search technology   (a word in thousands of names)
#   export    export -o - > /dev/null
#   portfolio brief --portfolio -o FILE --force
#   screen    screen --all, run again (after one run against the OFAC SDN list)
#   biglist   a 200 MB OFAC-format list imported into a fresh empty database, once per run (not
#             per size): the real sdn.csv's rows repeated with new entry numbers and numbered
#             names until the file holds BIGLIST_MB megabytes (default 200)
# and the peak RSS of each in a separate single run (/usr/bin/time -f %M), which also warms the
# page cache. In the same run it times `riskbrief --version` (process start) as the baseline,
# and prints a markdown table: median time, the time as a multiple of the baseline, CPU time, peak RSS,
# and the growth exponent between consecutive sizes, log(t2/t1)/log(n2/n1) (1 = linear).
#
# usage: scripts/bench-scale.sh [SIZES...]     (default: 1000 10000)
#   100000 is opt-in: at 41a583c its import takes 3 minutes a run and 1.5 GB, the whole run far longer.
# environment:
#   OPS="list show-name"  only these operations (import always runs once, to make the database)
#   RUNS=3                hyperfine runs per operation (1 warmup for those under 10 s)
#   SEED=12               generator seed
#   LISTS=DIR             official lists (default ../shared/data/lists; the OFAC SDN csv files)
#   RESULTS=DIR           keep hyperfine's JSON, the RSS figures and the table there
# Needs: hyperfine, python3, GNU time (/usr/bin/time); apt-get install -y hyperfine time.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in hyperfine python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench-scale: $tool is missing (apt-get install -y hyperfine time python3)" >&2; exit 2; }
done
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
for n in "${sizes[@]}"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "bench-scale: size $n is not a positive number" >&2; exit 2; }
done
all_ops="import index floor reimport list show-name show-alias show-slug search export portfolio screen biglist"
ops=${OPS:-$all_ops}
for op in $ops; do
  [[ " $all_ops " == *" $op "* ]] || { echo "bench-scale: unknown operation $op (one of: $all_ops)" >&2; exit 2; }
done
runs=${RUNS:-3}
seed=${SEED:-12}
lists=$(realpath "${LISTS:-../shared/data/lists}")
latest() { # PATTERN: the last file of LISTS matching it
  # shellcheck disable=SC2206 # the pattern is meant to glob
  local files=("$lists"/$1)
  [ -f "${files[-1]}" ] || { echo "bench-scale: no $1 in $lists" >&2; exit 2; }
  echo "${files[-1]}"
}
sdn=$(latest 'ofac-sdn-*.csv')
alt=$(latest 'ofac-alt-*.csv')
add=$(latest 'ofac-add-*.csv')

cargo build --release --locked --quiet -p riskbrief --bin riskbrief --example synth_portfolio --example import_floor
target=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
bin=$target/release/riskbrief
gen=$target/release/examples/synth_portfolio
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Keep the binaries this run measures: another build may replace target/release meanwhile.
cp "$bin" "$work/riskbrief"
cp "$gen" "$work/synth_portfolio"
cp "$target/release/examples/import_floor" "$work/import_floor"
bin=$work/riskbrief
gen=$work/synth_portfolio
floor=$work/import_floor
out=$work/results
mkdir -p "$out"

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git status --porcelain -- src Cargo.toml Cargo.lock 2>/dev/null)" ]; then commit="$commit+uncommitted"; fi
{
  echo "date=$(date -u +%Y-%m-%dT%H:%MZ)"
  echo "commit=$commit"
  echo "cpus=$(nproc)"
  echo "cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
  echo "memory=$(free -g | awk '/^Mem:/ {print $2 " GB"}')"
  echo "load=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "machine=$(uname -srm)"
  echo "sizes=${sizes[*]}"
  echo "runs=$runs"
} >"$out/env"

# Peak RSS (KB) and elapsed seconds of one run of a command, to $out/NAME.rss; its output is
# discarded, and a failure stops the script.
rss() { # NAME COMMAND
  /usr/bin/time -f "%M %e" -o "$out/$1.rss" bash -c "$2 >/dev/null 2>&1"
}

# hyperfine over a command (its output discarded), its JSON to $out/NAME.json: RUNS runs, one
# warmup when the single run took under 10 s. Without PREPARE the command runs without a shell
# (-N), so that the few milliseconds of `show` are measured exactly; with it, PREPARE (a shell
# command) runs before each run.
bench() { # NAME COMMAND [PREPARE]
  local secs warmup=1
  secs=$(cut -d' ' -f2 "$out/$1.rss")
  if python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) >= 10 else 1)" "$secs"; then warmup=0; fi
  local args=(--warmup "$warmup" --runs "$runs" --export-json "$out/$1.json" --command-name "$1" --style basic)
  if [ $# -ge 3 ]; then args+=(--prepare "$3"); else args+=(-N); fi
  hyperfine "${args[@]}" "$2" >/dev/null
}

want() { [[ " $ops " == *" $1 "* ]]; }

echo "== baseline: riskbrief --version"
rss baseline "$bin --version"
hyperfine --warmup 3 --runs 20 -N --export-json "$out/baseline.json" --command-name baseline "$bin --version" >/dev/null

for n in "${sizes[@]}"; do
  bundle=$work/portfolio-$n.json
  db=$work/db-$n.db
  echo "== $n companies"
  "$gen" --companies "$n" --seed "$seed" -o "$bundle" >"$out/gen-$n.json"
  IFS=$'\t' read -r name alias slug < <(python3 -c '
import json, sys, shlex
p = json.load(open(sys.argv[1]))["probe"]
print("\t".join(shlex.quote(p[k]) for k in ("legal_name", "alias", "slug")))' "$out/gen-$n.json")
  echo "   bundle $(du -h "$bundle" | cut -f1), probe $name / $alias"
  fresh="rm -f $db $db-wal $db-shm && $bin --db $db init --empty >/dev/null"
  import="$bin --db $db import $bundle --allow-unsigned"
  # The single run under /usr/bin/time leaves the database imported; hyperfine's runs each
  # start from a fresh one and leave it imported again.
  eval "$fresh"
  rss "import-$n" "$import"
  if want import; then
    echo "   import"
    bench "import-$n" "$import" "$fresh"
  fi
  # Every other operation runs on the database as a search leaves it: indexed.
  index="$bin --db $db index"
  rss "index-$n" "$index"
  if want index; then
    echo "   index"
    bench "index-$n" "$index" "$fresh && $import >/dev/null"
  fi
  if want floor; then
    echo "   floor"
    copy=$work/floor-$n.db
    fresh_copy="rm -f $copy $copy-wal $copy-shm && $bin --db $copy init --empty >/dev/null"
    eval "$fresh_copy"
    rss "floor-$n" "$floor $db $copy"
    bench "floor-$n" "$floor $db $copy" "$fresh_copy"
    rm -f "$copy" "$copy-wal" "$copy-shm"
  fi
  run() { # OP COMMAND
    if want "$1"; then
      echo "   $1"
      rss "$1-$n" "$2"
      bench "$1-$n" "$2"
    fi
  }
  run reimport "$import"
  run list "$bin --db $db --json list"
  run show-name "$bin --db $db show $name"
  run show-alias "$bin --db $db show $alias"
  run show-slug "$bin --db $db show $slug"
  run search "$bin --db $db search technology"
  run export "$bin --db $db export -o -"
  run portfolio "$bin --db $db brief --portfolio -o $work/portfolio-$n.pdf --force"
  if want screen; then
    "$bin" --db "$db" lists import --format ofac --as-of 2026-01-01 "$sdn" "$alt" "$add" >/dev/null 2>&1
    "$bin" --db "$db" screen --all >/dev/null 2>&1
    "$bin" --db "$db" --json hits | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))' >"$out/hits-$n"
    echo "   screen (the first run kept $(cat "$out/hits-$n") hits)"
    run screen "$bin --db $db screen --all"
  fi
  rm -f "$db" "$db-wal" "$db-shm" "$bundle" "$work/portfolio-$n.pdf"
done

if want biglist; then
  big=$work/sdn-big.csv
  python3 - "$sdn" "$big" "$((${BIGLIST_MB:-200} * 1000000))" >"$out/biglist.rows" <<'PY'
import csv, io, sys
src, dst, size = sys.argv[1], sys.argv[2], int(sys.argv[3])
rows = [r for r in csv.reader(open(src, newline="", encoding="utf-8")) if r and r[0].strip().isdigit()]
step = max(int(r[0]) for r in rows) + 1
written = count = copy = 0
with open(dst, "w", newline="", encoding="utf-8") as f:
    while written < size:
        for r in rows:
            r = [str(int(r[0]) + copy * step), f"{r[1]} {copy}" if copy else r[1]] + r[2:]
            line = io.StringIO()
            csv.writer(line, lineterminator="\r\n").writerow(r)
            written += f.write(line.getvalue())
            count += 1
        copy += 1
print(count)
PY
  echo "== biglist: $(du -h "$big" | cut -f1), $(cat "$out/biglist.rows") rows"
  fresh="rm -f $work/big.db $work/big.db-wal $work/big.db-shm && $bin --db $work/big.db init --empty >/dev/null"
  listimport="$bin --db $work/big.db lists import --format ofac --as-of 2026-01-01 $big"
  eval "$fresh"
  rss biglist "$listimport"
  bench biglist "$listimport" "$fresh"
  rm -f "$big" "$work/big.db" "$work/big.db-wal" "$work/big.db-shm"
fi

echo "load_end=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$out/env"
python3 - "$out" "$ops" "${sizes[@]}" >"$out/table.md" <<'PY'
import json, math, os, sys

out, ops, sizes = sys.argv[1], sys.argv[2].split(), [int(s) for s in sys.argv[3:]]
env = dict(l.rstrip("\n").split("=", 1) for l in open(os.path.join(out, "env")))
labels = {
    "import": "bundle import (fresh DB)",
    "index": "search index catching up with it (`index`)",
    "floor": "floor under the import: SQLite alone, `INSERT … SELECT`",
    "reimport": "the same bundle imported again (nothing new)",
    "list": "`list --json`",
    "show-name": "`show` by legal name",
    "show-alias": "`show` by alias",
    "show-slug": "`show` by slug",
    "search": "`search technology`",
    "export": "`export -o -`",
    "portfolio": "`brief --portfolio`",
    "screen": "`screen --all`, run again",
}

def result(name):
    p = os.path.join(out, name + ".json")
    return json.load(open(p))["results"][0] if os.path.exists(p) else None

def median(name):
    r = result(name)
    return r and r["median"]

def cpu(name):
    r = result(name)
    return r and r["user"] + r["system"]

def rss_mb(name):
    p = os.path.join(out, name + ".rss")
    return int(open(p).read().split()[0]) / 1024 if os.path.exists(p) else None

def fmt_t(t):
    return f"{t * 1000:.0f} ms" if t < 1 else f"{t:.2f} s" if t < 100 else f"{t:.0f} s"

base = median("baseline")
print(f"Measured {env['date']} at {env['commit']} on {env['machine']}, {env['cpus']} cores ({env['cpu']}), "
      f"{env['memory']}; load average {env['load']} at the start, {env['load_end']} at the end. "
      f"Hyperfine, {env['runs']} run(s) per operation; peak RSS of one run.")
print(f"Baseline in the same run: `riskbrief --version` {base * 1000:.1f} ms, {rss_mb('baseline'):.0f} MB. "
      "Each cell: median wall time (× = multiple of the baseline; CPU = mean user + system time), peak RSS.")
print()
head = "| operation | " + " | ".join(f"{n:,} companies" for n in sizes)
head += "".join(f" | exponent {a:,}→{b:,}" for a, b in zip(sizes, sizes[1:]))
print(head + " |")
print("|---" * (1 + len(sizes) + len(sizes) - 1) + "|")
for op in [o for o in labels if o in ops]:
    cells, times = [], []
    for n in sizes:
        t, m = median(f"{op}-{n}"), rss_mb(f"{op}-{n}")
        times.append(t)
        c = cpu(f"{op}-{n}")
        cells.append("—" if t is None else f"{fmt_t(t)} (×{t / base:,.0f}; CPU {fmt_t(c)}), {m:,.0f} MB")
    exps = []
    for (a, ta), (b, tb) in zip(zip(sizes, times), zip(sizes[1:], times[1:])):
        exps.append("—" if ta is None or tb is None else f"{math.log(tb / ta) / math.log(b / a):.2f}")
    print(f"| {labels[op]} | " + " | ".join(cells + exps) + " |")
if "import" in ops and "floor" in ops:
    ratios = [(n, median(f"import-{n}"), median(f"floor-{n}")) for n in sizes]
    ratios = [f"{i / f:.2f}× at {n:,}" for n, i, f in ratios if i and f]
    if ratios:
        print()
        print("Bundle import as a multiple of its floor (the same records, audit rows and search backlog "
              "stored by SQLite alone): " + ", ".join(ratios) + ".")
if "biglist" in ops and result("biglist"):
    rows = int(open(os.path.join(out, "biglist.rows")).read())
    t = median("biglist")
    print()
    print(f"A {rows:,}-row OFAC-format list (sdn.csv's rows repeated), imported into a fresh empty database: "
          f"{fmt_t(t)} (×{t / base:,.0f}; CPU {fmt_t(cpu('biglist'))}), peak RSS {rss_mb('biglist'):,.0f} MB.")
hits = [(n, open(os.path.join(out, f"hits-{n}")).read().strip()) for n in sizes
        if os.path.exists(os.path.join(out, f"hits-{n}"))]
if hits:
    print()
    print("Screening hits kept against the OFAC SDN list (11,853 entries): "
          + ", ".join(f"{h} at {n:,} companies" for n, h in hits) + ".")
PY
cat "$out/table.md"
if [ -n "${RESULTS:-}" ]; then
  mkdir -p "$RESULTS"
  cp "$out"/* "$RESULTS"/
  echo "(results kept in $RESULTS)"
fi
