#!/usr/bin/env bash
# Issue 15 item 9: one spec on the local session cluster with 1, 2 and 3 TaskManagers (one slot,
# one PyTorch thread each; flink-conf/config.yaml), each from an empty store, on free ports; every
# cluster is stopped before the next starts. Prints the measured job times beside what
# `cluster predict` (ScalingModel) predicts from the 1-TaskManager run, then its prediction for
# 10 and 100 TaskManagers. Usage: bench/cluster-scaling.sh [spec]   (build first)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
spec="${1:-sweeps/fashion-mlp-bench.yaml}"
scratch="$(mktemp -d)"
current=""
cleanup() {
  if [[ -n "$current" ]]; then bin/edgesweep cluster stop --work-dir "$current" > /dev/null 2>&1 || true; fi
  rm -rf "$scratch"
}
trap cleanup EXIT
load() { cut -d' ' -f1-3 /proc/loadavg; }
name=$(grep -m1 '^name:' "$spec" | awk '{print $2}')
declare -A measured
for n in 1 2 3; do
  current="$scratch/cluster-$n"
  bin/edgesweep cluster start --taskmanagers "$n" --work-dir "$current" --rest-port 0 --rpc-port 0 2>/dev/null | grep -E '^cluster ready' || true
  master=$(jq -r '"localhost:\(.restPort)"' "$current/cluster.json")
  echo "-- $n TaskManager(s) at $master (load before $(load))"
  bin/edgesweep sweep --spec "$spec" --runner flink --flink-master "$master" --out "$scratch/tm$n" 2>/dev/null | grep -E '^(stage time|done in)' || true
  measured[$n]=$(jq -r '.wall_seconds' "$scratch/tm$n/$name/run.json")
  bin/edgesweep cluster stop --work-dir "$current" > /dev/null 2>&1 || true
  current=""
done
echo "measured job seconds: 1 TM ${measured[1]}, 2 TMs ${measured[2]}, 3 TMs ${measured[3]} (load after $(load))"
echo "== prediction from the 1-TaskManager run (bin/edgesweep cluster predict --run <run folder>):"
bin/edgesweep cluster predict --run "$scratch/tm1/$name" --slots 1,2,3,10,100 2>/dev/null
echo "== the same, for TaskManagers sharing this machine's $(nproc) cores (--cores $(nproc)):"
bin/edgesweep cluster predict --run "$scratch/tm1/$name" --slots 1,2,3 --cores "$(nproc)" 2>/dev/null | tail -3
echo "== prediction from the 2-TaskManager run:"
bin/edgesweep cluster predict --run "$scratch/tm2/$name" --slots 1,2,3,10,100 2>/dev/null
