#!/usr/bin/env bash
# Issue 15 items 2 and 3: one spec from an empty store on the plain loop (the stages called in a
# loop on one thread, `sweep --runner plain`), on the DirectRunner and on embedded Flink, one right
# after the other, with the whole command's and the job's wall time, the ratios to the plain loop
# and to direct, where flink-local's extra time goes, and each stage's CPU use. With ROUNDS=2 the
# runners go plain, direct, flink-local, then back in reverse order (so a load that drifts during
# the runs weighs on each alike), and each runner's faster round is compared.
# Usage: [ROUNDS=2] bench/compare-runners.sh [spec] [extra sweep flags...]   (build first: mvn -B -q -o package -DskipTests)
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
declare -A best
runners=(plain direct flink-local)
order=("${runners[@]}")
if [[ "${ROUNDS:-1}" == 2 ]]; then order=(plain direct flink-local flink-local direct plain); fi
name=$(grep -m1 '^name:' "$spec" | awk '{print $2}')
round=0
for runner in "${order[@]}"; do
  round=$((round + 1))
  echo "-- $runner (load before $(load))"
  start=$(now)
  bin/edgesweep sweep --spec "$spec" --runner "$runner" --out "$scratch/$round-$runner" "$@" 2>/dev/null \
    | grep -E '^(stage time|CPU use|done in)' || true
  seconds=$(echo "$(now) - $start" | bc -l)
  job_seconds=$(jq -r '.wall_seconds' "$scratch/$round-$runner/$name/run.json")
  echo "   whole command $(printf %.1f "$seconds") s, job $(printf %.1f "$job_seconds") s"
  if [[ -z "${best[$runner]:-}" ]] || (( $(echo "$job_seconds < $(jq -r '.wall_seconds' "$scratch/${best[$runner]}/$name/run.json")" | bc -l) )); then
    best[$runner]="$round-$runner"
    whole[$runner]=$seconds
  fi
done
job() { jq -r '.wall_seconds' "$scratch/${best[$1]}/$name/run.json"; }
outside() { jq -r '.stage_cpu_use.stages["(no stage task)"].wall_seconds // 0' "$scratch/${best[$1]}/$name/run.json"; }
echo "each runner's faster round:"
echo "runner       whole s   job s  outside-stage s  job/plain  job/direct"
for runner in "${runners[@]}"; do
  printf '%-12s %7.1f %7.1f %16.1f %10.2f %11.2f\n' "$runner" "${whole[$runner]}" "$(job "$runner")" "$(outside "$runner")" \
    "$(echo "$(job "$runner") / $(job plain)" | bc -l)" "$(echo "$(job "$runner") / $(job direct)" | bc -l)"
done
echo "CPU use per stage (process CPU / (wall x cores), from run.json stage_cpu_use):"
for runner in "${runners[@]}"; do
  printf '  %-12s %s\n' "$runner" "$(jq -r '.stage_cpu_use.stages | to_entries | map("\(.key) \(.value.cpu_use * 100 | round)% of \(.value.wall_seconds * 100 | round / 100) s") | join(", ")' "$scratch/${best[$runner]}/$name/run.json")"
done
echo "load average after: $(load)"
