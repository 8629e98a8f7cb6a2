#!/usr/bin/env bash
# The sweep benchmarks of issue 4, printed, never asserted. Each sweep starts from an empty
# artifact store so that every stage really runs; figures go to stdout and bench/results/.
#   1. demo: sweeps/demo.yaml on fashion-mnist-mini, embedded Flink: wall time, stage runs
#      against the naive per-variant counts, process CPU use.
#   2. fashion-mlp-bench (needs the full data and teacher, see sweeps/fashion-mlp-bench.yaml):
#      wall time beside the sequential PyTorch figures the issue gives (38 s with stage sharing,
#      about 390 s per variant), and, when Debian's python3-torch is installed, beside the
#      reference script bench/pytorch_reference.py run on this machine in the same run.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== demo (sweeps/demo.yaml, flink-local, empty store)"
bin/edgesweep sweep --spec sweeps/demo.yaml --out "$scratch/demo" 2>/dev/null | grep -E '^stage runs|^done in'

if [[ -d datasets/fashion-mnist && -d models/fashion-mlp-teacher ]]; then
  echo "== fashion-mlp-bench (48 variants on the full Fashion-MNIST, flink-local, empty store)"
  bin/edgesweep sweep --spec sweeps/fashion-mlp-bench.yaml --out "$scratch/bench" 2>/dev/null | grep -E '^stage runs|^done in'
  echo "reference (issue 4, sequential PyTorch on this machine): 38 s with stage sharing, ~390 s per variant"
  if /usr/bin/python3 -c 'import torch' 2>/dev/null; then
    bin/edgesweep datasets export-npy --data datasets/fashion-mnist --out "$scratch/npy" > /dev/null
    echo "== bench/pytorch_reference.py (Debian's PyTorch $(/usr/bin/python3 -c 'import torch; print(torch.__version__)'), same machine, same run)"
    /usr/bin/python3 bench/pytorch_reference.py --npy "$scratch/npy" --teacher models/fashion-mlp-teacher
  fi
else
  echo "== fashion-mlp-bench skipped: import the full data and train models/fashion-mlp-teacher first (README)"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
