#!/usr/bin/env bash
# The sweep command's fixed costs and its re-run (issue 15, items 1 and 5), side by side.
#
# For each spec: a first run from an empty store, then the same command again (nothing changed: it
# must say "up to date" and run nothing), with this checkout's bin/edgesweep and, when BEFORE names
# another built checkout (e.g. a worktree of main after `mvn -B -q -o package -DskipTests`), with
# that one too, alternating which goes first. Prints whole-command seconds, the re-run's share of
# the first run (target <= 5%), the load average, and for first runs when each phase's line
# appeared (seconds from the process start: first log line, plan, PyTorch engine loaded, job
# done, picks printed).
#
# Usage: [BEFORE=/path/to/other/checkout] [ROUNDS=1] bench/startup-and-rerun.sh [spec ...]
# Default specs: sweeps/fashion-mlp-bench.yaml (needs the full Fashion-MNIST and the teacher,
# see README) and sweeps/mini-12960.yaml (shipped data).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
specs=("$@")
[[ ${#specs[@]} -gt 0 ]] || specs=(sweeps/fashion-mlp-bench.yaml sweeps/mini-12960.yaml)
builds=("$here")
[[ -n "${BEFORE:-}" ]] && builds=("$BEFORE" "$here")
work="$(mktemp -d "${TMPDIR:-/tmp}/edgesweep-startup.XXXXXX")"
trap 'rm -rf "$work"' EXIT
load() { cut -d' ' -f1-3 /proc/loadavg; }

# Runs one command, printing each output line prefixed with the seconds since it started.
stamped() {
  local t0; t0=$(date +%s%N)
  "$@" 2>&1 | while IFS= read -r line; do
    printf '%7.2f %s\n' "$(( $(date +%s%N) - t0 ))e-9" "$line"
  done
}

for spec in "${specs[@]}"; do
  if [[ "$spec" == *fashion-mlp-bench* && ! -f "$here/datasets/fashion-mnist/train.parquet" ]]; then
    echo "$spec: skipped (needs datasets/fashion-mnist and models/fashion-mlp-teacher, see README)"
    continue
  fi
  for round in $(seq 1 "${ROUNDS:-1}"); do
    order=("${builds[@]}")
    if (( round % 2 == 0 && ${#builds[@]} == 2 )); then order=("${builds[1]}" "${builds[0]}"); fi
    for build in "${order[@]}"; do
      label=$([[ "$build" == "$here" ]] && echo "this checkout" || echo "BEFORE ($build)")
      out="$work/out"; rm -rf "$out"
      # The spec as seen from the build being measured (its own sweeps/, data and teacher links).
      s="$build/$spec"
      # Warm the build once (an AppCDS archive is made at a build's first use, in the background).
      "$build/bin/edgesweep" --help >/dev/null 2>&1 || true
      sleep 5
      l0=$(load)
      t0=$(date +%s%N)
      stamped "$build/bin/edgesweep" sweep --spec "$s" --out "$out" > "$work/first.log"
      first=$(( ($(date +%s%N) - t0) / 1000000 ))
      t0=$(date +%s%N)
      "$build/bin/edgesweep" sweep --spec "$s" --out "$out" > "$work/again.log" 2>&1
      again=$(( ($(date +%s%N) - t0) / 1000000 ))
      grep -q "up to date" "$work/again.log" || echo "WARNING: the second run was not up to date ($label)"
      phases=$(awk '/INFO  running /{a=$1} /INFO  sweep .* variants from/{b=$1} /LegacyTypeDispatch|Warning: /{if(!c)c=$1} /progress: .*variants evaluated/{d=$1} /^ *[0-9.]+ done in/{e=$1} END{printf "first log line %s, plan %s, engine loaded %s, last progress %s, done line %s", a, b, c, d, e}' "$work/first.log")
      printf '%s, %s: first run %.1f s, again %.2f s = %.1f%% of the first (target <= 5%%); load %s -> %s\n' \
        "$(basename "$spec" .yaml)" "$label" "$first"e-3 "$again"e-3 "$(echo "scale=2; 100 * $again / $first" | bc)" "$l0" "$(load)"
      echo "    first run phases (s from start): $phases"
    done
  done
done
