#!/usr/bin/env bash
# Issue 15 items 2 and 3: one spec from an empty store on the plain loop (the stages called in a
# loop on one thread, `sweep --runner plain`), on the DirectRunner and on embedded Flink, one right
# after the other, with the whole command's and the job's wall time, the ratios to the plain loop
# and to direct, where flink-local's extra time goes, and each stage's CPU use.
# Usage: bench/compare-runners.sh [spec] [extra sweep flags...]   (build first: mvn -B -q -o package -DskipTests)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
spec="${1:-sweeps/fashion-mlp-bench.yaml}"
shift || true
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
load() { cut -d' ' -f1-3 /proc/loadavg; }
now() { date +%s.%N; }
declare -A whole
runners=(plain direct flink-local)
for runner in "${runners[@]}"; do
  echo "-- $runner (load before $(load))"
  start=$(now)
  bin/edgesweep sweep --spec "$spec" --runner "$runner" --out "$scratch/$runner" "$@" 2>/dev/null \
    | grep -E '^(stage time|CPU use|done in)' || true
  whole[$runner]=$(echo "$(now) - $start" | bc -l)
done
name=$(grep -m1 '^name:' "$spec" | awk '{print $2}')
job() { jq -r '.wall_seconds' "$scratch/$1/$name/run.json"; }
outside() { jq -r '.stage_cpu_use.stages["(no stage task)"].wall_seconds // 0' "$scratch/$1/$name/run.json"; }
echo "runner       whole s   job s  outside-stage s  job/plain  job/direct"
for runner in "${runners[@]}"; do
  printf '%-12s %7.1f %7.1f %16.1f %10.2f %11.2f\n' "$runner" "${whole[$runner]}" "$(job "$runner")" "$(outside "$runner")" \
    "$(echo "$(job "$runner") / $(job plain)" | bc -l)" "$(echo "$(job "$runner") / $(job direct)" | bc -l)"
done
echo "CPU use per stage (process CPU / (wall x cores), from run.json stage_cpu_use):"
for runner in "${runners[@]}"; do
  printf '  %-12s %s\n' "$runner" "$(jq -r '.stage_cpu_use.stages | to_entries | map("\(.key) \(.value.cpu_use * 100 | floor)% of \(.value.wall_seconds * 10 | floor / 10) s") | join(", ")' "$scratch/$runner/$name/run.json")"
done
echo "load average after: $(load)"
