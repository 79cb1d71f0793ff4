#!/usr/bin/env bash
# Measures the desktop app (release build, under Xvfb): cold start to first data on screen, and
# memory at idle as PSS summed over the app and its WebKit processes, beside an empty Tauri
# window measured the same way in the same run. Needs: xvfb (apt-get install -y xvfb).
# DB=FILE measures on that database (e.g. a synthetic portfolio from examples/synth_portfolio.rs)
# instead of a fresh copy of the sample; the app opens it as it is.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-5}
(cd ui && npm run build --silent)
cargo build --release --quiet --bin riskbrief
cargo build --release --quiet -p riskbrief-desktop --features custom-protocol --bin riskbrief-desktop --example empty_window
work=$(mktemp -d)
disp=:$((150 + RANDOM % 50))
Xvfb "$disp" -screen 0 1440x900x24 -nolisten tcp >/dev/null 2>&1 & xvfb=$!
trap 'kill $xvfb 2>/dev/null; rm -rf "$work"' EXIT
if [ -n "${DB:-}" ]; then
  export RISKBRIEF_DB="$DB"
else
  export RISKBRIEF_DB="$work/measure.db"
  target/release/riskbrief init >/dev/null
fi

pss_tree() {  # PSS in kB of a process and all its descendants
  local pids="$1" all="" next
  while [ -n "$pids" ]; do
    all="$all $pids"; next=""
    for p in $pids; do next="$next $(pgrep -P "$p" | tr '\n' ' ')"; done
    pids=$(echo $next)
  done
  local sum=0 v
  for p in $all; do v=$(awk '/^Pss:/{s+=$2} END{print s+0}' "/proc/$p/smaps_rollup" 2>/dev/null || echo 0); sum=$((sum + ${v:-0})); done
  echo "$sum"
}

# run BINARY WAIT_FOR_LINE -> prints "start_ms pss_kB data_ms" (data_ms: the portfolio's rows,
# from the screen asking for them to their being drawn)
run() {
  local bin=$1 line=$2 log="$work/log" start now ms="" data=""
  start=$(date +%s%N)
  DISPLAY="$disp" "$bin" >"$log" 2>&1 & local pid=$!
  for _ in $(seq 1 200); do
    if [ -n "$line" ] && grep -q "$line" "$log"; then
      ms=$(grep -o "after [0-9]* ms" "$log" | grep -o "[0-9]*")
      data=$(grep -o "its data [0-9]* ms" "$log" | grep -o "[0-9]*" || true)
      break
    fi
    sleep 0.1
  done
  sleep 5   # idle
  echo "${ms:-0} $(pss_tree "$pid") ${data:-0}"
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
}

app_ms=(); app_pss=(); empty_pss=(); data_ms=()
for _ in $(seq 1 "$runs"); do
  read -r ms pss data < <(run target/release/riskbrief-desktop "first data on screen")
  app_ms+=("$ms"); app_pss+=("$pss"); data_ms+=("$data")
  read -r _ pss < <(run target/release/examples/empty_window "")
  empty_pss+=("$pss")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
m_ms=$(median "${app_ms[@]}"); m_app=$(median "${app_pss[@]}"); m_empty=$(median "${empty_pss[@]}")
echo "cold start to first data on screen (median of $runs): ${m_ms} ms"
echo "portfolio's first rows on screen, from the screen asking for them (median): $(median "${data_ms[@]}") ms"
echo "memory at idle, PSS app + WebKit (median): RiskBrief $((m_app / 1024)) MB, empty Tauri window $((m_empty / 1024)) MB, difference $(((m_app - m_empty) / 1024)) MB"
