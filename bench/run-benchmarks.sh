#!/usr/bin/env bash
# The benchmarks of issues 4 and 15, printed, never asserted. Figures that are compared are
# measured in the same run, one right after the other, and printed as ratios, with the load
# average, since the machine may be shared. Each sweep starts from an empty artifact store.
#   1. training loop: edgesweep's per-core GFLOP/s beside DJL's own matmul on the same shapes
#      (bench/TrainingLoopBenchmark.java, one intra-op thread); then evaluation of a parent's
#      leaves one at a time and together, beside the GEMM rate (bench/EvaluationBenchmark.java);
#      and K students trained one at a time and together (bench/TrainTogetherBenchmark.java).
#   2. demo: sweeps/demo.yaml on fashion-mnist-mini, embedded Flink.
#   3. fashion-mlp-bench (needs the full data and teacher, see sweeps/fashion-mlp-bench.yaml):
#      the whole command's wall time beside bench/pytorch_reference.py's (Debian's python3-torch;
#      the faster of 1 and 2 threads), as a ratio, with GFLOP/s per stage of both (edgesweep's from
#      the sweep's own "model arithmetic" line); ITEM1_ROUNDS (default 3)
#      rounds in alternating order, each ratio and their median.
#   4. report.html of 12,960 variants (the demo's rows widened in code, bench/ReportBenchmark.java):
#      bytes, and headless Chromium's time to open and screenshot it beside a blank page's.
#   5. re-run: fashion-mlp-bench (demo without the full data) run twice, the second time as a
#      ratio of the first, and once more with --rerun (the job runs, every stage reused).
#   6. store: sweeps/mini-12960.yaml (12,960 variants; about 2 minutes on a quiet machine), du -s,
#      and its re-run; then the first run's fixed costs phase by phase (bench/startup-and-rerun.sh).
# Needs `mvn -B -q -o package -DskipTests` first (it compiles the test classes the report bench uses).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
load() { cut -d' ' -f1-3 /proc/loadavg; }
now() { date +%s.%N; }
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load average $(load)"

if [[ ! -d pipeline/target/test-classes || ! -f pipeline/target/runtime-classpath.txt ]]; then
  echo "build first: mvn -B -q -o package -DskipTests" >&2
  exit 2
fi
cp="$root/pipeline/target/classes:$root/transforms/target/classes:$(cat pipeline/target/runtime-classpath.txt):$root/pipeline/target/test-classes"
# As bin/edgesweep does: the serial collector (java_run); MKL's strict reproducibility from its first product (TorchRuntime).
export MKL_CBWR="${MKL_CBWR:-AUTO,STRICT}"
export ONEDNN_MAX_CPU_ISA="${ONEDNN_MAX_CPU_ISA:-SSE41}" # as bin/edgesweep (correct convolutions on AVX-512)
java_run() { java -XX:+UseSerialGC -Dai.djl.offline=true -Xss4m -cp "$cp" "$@" 2> >(grep -v -e WARN -e 'Warning: AutoNonVariableTypeMode' >&2); }

echo "== training loop vs DJL matmul, one core (bench/TrainingLoopBenchmark.java; load $(load))"
java_run bench/TrainingLoopBenchmark.java 300

# Issue 15 item 4: the quantized leaves of one parent evaluated one at a time and together
# (model/VariantBatch), LeNet-300-100 on 5,000 images, beside DJL's GEMM rate in the same run
# (target: together >= 0.40 of it); then the sweep's student shape, for information.
echo "== evaluation, leaves of one parent one at a time vs together, one core (bench/EvaluationBenchmark.java; load $(load))"
split=datasets/fashion-mnist/validation.parquet
[[ -f "$split" ]] || split=datasets/fashion-mnist-mini/validation.parquet # 1,000 images only
java_run bench/EvaluationBenchmark.java "$split" mlp:784-300-100-10 mlp:784-100-10 4 8

# Issue 15 item 4, training: K same-shaped students trained one at a time and together (one pass,
# first layers as one wide product; the bits are checked equal), one epoch of the train split.
echo "== students trained one at a time vs together, one core (bench/TrainTogetherBenchmark.java; load $(load))"
train=datasets/fashion-mnist/train.parquet
[[ -f "$train" ]] || train=datasets/fashion-mnist-mini/train.parquet
java_run bench/TrainTogetherBenchmark.java "$train" mlp:784-100-10 mlp:784-300-100-10 3 6

echo "== demo (sweeps/demo.yaml, flink-local, empty store; load $(load))"
bin/edgesweep sweep --spec sweeps/demo.yaml --out "$scratch/demo" 2>/dev/null | grep -E '^stage runs|^done in'

if [[ -d datasets/fashion-mnist && -d models/fashion-mlp-teacher ]]; then
  echo "== fashion-mlp-bench (48 variants on the full Fashion-MNIST, flink-local, empty store; load $(load))"
  start=$(now)
  # With the stages' model arithmetic and its rate (GFLOP/s per CPU-second of the stage's task
  # threads, and of the whole process while it ran), to set beside the reference's per stage below.
  bin/edgesweep sweep --spec sweeps/fashion-mlp-bench.yaml --out "$scratch/bench" 2>/dev/null | grep -E '^stage runs|^model arithmetic|^done in'
  edgesweep_seconds=$(echo "$(now) - $start" | bc -l)
  printf 'edgesweep whole command: %.1f s (load after %s)\n' "$edgesweep_seconds" "$(load)"
  if /usr/bin/python3 -c 'import torch' 2>/dev/null; then
    bin/edgesweep datasets export-npy --data datasets/fashion-mnist --out "$scratch/npy" > /dev/null
    echo "== bench/pytorch_reference.py (Debian's PyTorch $(/usr/bin/python3 -c 'import torch; print(torch.__version__)'), same machine, right after; load $(load))"
    # Debian's python3-torch does its matrix products in whatever libblas.so.3 the alternatives
    # system points at; the reference BLAS is some 40 times slower than OpenBLAS, which a user
    # would install (apt-get install libopenblas0-serial), and makes the comparison meaningless.
    blas="$(readlink -f /etc/alternatives/libblas.so.3-x86_64-linux-gnu 2>/dev/null || true)"
    if [[ "$blas" != *openblas* && "$blas" != *mkl* && "$blas" != *blis* ]]; then
      echo "warning: libblas.so.3 is ${blas:-unknown} (not OpenBLAS, BLIS or MKL): PyTorch's products run on the reference BLAS here, so the reference is far slower than a user's would be; install libopenblas0-serial"
    fi
    /usr/bin/python3 -u bench/pytorch_reference.py --npy "$scratch/npy" --teacher models/fashion-mlp-teacher --threads 1,2 | tee "$scratch/reference.txt"
    # The reference's whole command with its faster thread count, timed as edgesweep's was; then
    # more rounds in the other order (reference first), since one pair on a shared machine can
    # be off by 10-20% either way. The ratio of each round, and their median, are the figures.
    threads=$(grep -o 'threads=[0-9]*' "$scratch/reference.txt" | cut -d= -f2)
    reference_whole() {
      local start; start=$(now)
      /usr/bin/python3 -u bench/pytorch_reference.py --npy "$scratch/npy" --teacher models/fashion-mlp-teacher --threads "$threads" > /dev/null \
        || { echo "bench/pytorch_reference.py failed" >&2; return 1; }
      echo "$(now) - $start" | bc -l
    }
    edgesweep_whole() {
      local start; start=$(now)
      rm -rf "$scratch/bench-again"
      bin/edgesweep sweep --spec sweeps/fashion-mlp-bench.yaml --out "$scratch/bench-again" > "$scratch/bench-again.log" 2>&1 \
        || { echo "edgesweep sweep failed (round of item 1):" >&2; tail -5 "$scratch/bench-again.log" >&2; return 1; }
      echo "$(now) - $start" | bc -l
    }
    reference_seconds=$(reference_whole)
    ratios=()
    ratio=$(echo "$edgesweep_seconds / $reference_seconds" | bc -l)
    ratios+=("$ratio")
    printf 'round 1 (edgesweep first): edgesweep %.1f s, PyTorch reference (%s thread(s)) %.1f s: %.2f (load %s)\n' \
      "$edgesweep_seconds" "$threads" "$reference_seconds" "$ratio" "$(load)"
    for round in $(seq 2 "${ITEM1_ROUNDS:-3}"); do
      if (( round % 2 == 0 )); then
        r=$(reference_whole); e=$(edgesweep_whole); order="reference first"
      else
        e=$(edgesweep_whole); r=$(reference_whole); order="edgesweep first"
      fi
      ratio=$(echo "$e / $r" | bc -l)
      ratios+=("$ratio")
      printf 'round %d (%s): edgesweep %.1f s, PyTorch reference %.1f s: %.2f (load %s)\n' "$round" "$order" "$e" "$r" "$ratio" "$(load)"
    done
    median=$(printf '%s\n' "${ratios[@]}" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
    printf 'whole command: edgesweep/reference = %.2f, the median of %d rounds (target 1.0, then 0.5)\n' "$median" "${#ratios[@]}"
    flop=$(grep -o 'flop=[0-9.e+]*' "$scratch/reference.txt" | cut -d= -f2)
    printf 'grid: %s FLOP; edgesweep %.1f GFLOP/s over its whole command, the reference %.1f (load %s)\n' "$flop" \
      "$(awk -v f="$flop" -v s="$edgesweep_seconds" 'BEGIN { print f / s / 1e9 }')" \
      "$(awk -v f="$flop" -v s="$reference_seconds" 'BEGIN { print f / s / 1e9 }')" "$(load)"
    # The training stages' rates side by side: edgesweep's per CPU-second of its task threads (the
    # first run's run.json), the reference's with one thread (its first block), as a ratio.
    /usr/bin/python3 - "$scratch/bench/fashion-mlp-bench/run.json" "$scratch/reference.txt" <<'PY' || echo "(the training stages' rates could not be compared)"
import json, re, sys
stages = json.load(open(sys.argv[1]))["stage_times"]
reference, block = {}, 0
for line in open(sys.argv[2]):
    block += line.startswith("torch ")
    m = re.match(r"\s+(\S+)\s+runs.*?([0-9.]+) GFLOP/s", line)
    if m and block == 1:
        reference[m.group(1)] = float(m.group(2))
parts = [f"{s} {stages[s]['gflop_per_cpu_second']:.1f} / {reference[s]:.1f} = {stages[s]['gflop_per_cpu_second'] / reference[s]:.2f}"
         for s in ("distill", "prune") if s in reference and "gflop_per_cpu_second" in stages.get(s, {})]
print("training stages, GFLOP/s per CPU-second, edgesweep (task threads) / the reference (one thread): " + ", ".join(parts))
PY
  else
    echo "(python3-torch not installed: no PyTorch reference in this run)"
  fi
else
  echo "== fashion-mlp-bench skipped: import the full data and train models/fashion-mlp-teacher first (README)"
fi

echo "== report.html of 12,960 variants (demo rows widened in code; load $(load))"
run_folder="$scratch/demo/demo"
java_run bench/ReportBenchmark.java "$run_folder" "$scratch/report-12960.html" 12960
if [[ -x /usr/bin/chromium ]]; then
  echo '<!DOCTYPE html><html><body><p>blank</p></body></html>' > "$scratch/blank.html"
  chromium_open() {
    local profile start
    profile="$(mktemp -d "$scratch/chromium-XXXX")"
    start=$(now)
    /usr/bin/chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
      --disable-component-update --disable-sync --user-data-dir="$profile" --window-size=1280,2000 \
      --screenshot="$profile/shot.png" "file://$1" > /dev/null 2>&1
    echo "$(now) - $start" | bc -l
  }
  best() { local b=999; for _ in 1 2 3; do t=$(chromium_open "$1"); b=$(echo "if ($t < $b) $t else $b" | bc -l); done; echo "$b"; }
  blank=$(best "$scratch/blank.html")
  report=$(best "$scratch/report-12960.html")
  printf 'headless Chromium, open and screenshot (best of 3): report %.2f s, blank page %.2f s, the report itself %.2f s (target: opens in <= 3 s; load %s)\n' \
    "$report" "$blank" "$(echo "$report - $blank" | bc -l)" "$(load)"
else
  echo "(chromium not installed: no render time)"
fi

# Issue 15 items 5 and 6 (the store): a re-run of a finished sweep against its first run, and the
# store a 12,960-variant sweep leaves. Both start from an empty store.
rerun_spec=sweeps/demo.yaml
if [[ -d datasets/fashion-mnist && -d models/fashion-mlp-teacher ]]; then rerun_spec=sweeps/fashion-mlp-bench.yaml; fi
echo "== re-run of a finished sweep ($rerun_spec, flink-local; load $(load))"
start=$(now); bin/edgesweep sweep --spec "$rerun_spec" --out "$scratch/rerun" > /dev/null 2>&1; first=$(echo "$(now) - $start" | bc -l)
start=$(now); bin/edgesweep sweep --spec "$rerun_spec" --out "$scratch/rerun" 2>&1 | grep -o 'up to date: [^ ]*' || true
again=$(echo "$(now) - $start" | bc -l)
start=$(now); bin/edgesweep sweep --spec "$rerun_spec" --out "$scratch/rerun" --rerun > /dev/null 2>&1; forced=$(echo "$(now) - $start" | bc -l)
printf 'whole command: first run %.1f s; the same command again %.1f s = %.1f%% of the first (target <= 5%%); with --rerun (job runs, every stage reused) %.1f s = %.1f%%; load %s\n' \
  "$first" "$again" "$(echo "100 * $again / $first" | bc -l)" "$forced" "$(echo "100 * $forced / $first" | bc -l)" "$(load)"

echo "== store of a 12,960-variant sweep (sweeps/mini-12960.yaml on fashion-mnist-mini, empty store; load $(load))"
start=$(now)
bin/edgesweep sweep --spec sweeps/mini-12960.yaml --out "$scratch/mini" 2>/dev/null | grep -E '^done in'
mini_first=$(echo "$(now) - $start" | bc -l)
printf 'whole command %.1f s; store %s MB on disk (du -s; target <= 500), %s MB of file bytes; load %s\n' "$mini_first" \
  "$(( $(du -s --block-size=1 "$scratch/mini/artifacts" | cut -f1) / 1000000 ))" \
  "$(( $(du -s --apparent-size --block-size=1 "$scratch/mini/artifacts" | cut -f1) / 1000000 ))" "$(load)"
start=$(now); bin/edgesweep sweep --spec sweeps/mini-12960.yaml --out "$scratch/mini" > /dev/null 2>&1; again=$(echo "$(now) - $start" | bc -l)
printf 're-run of the 12,960-variant sweep: %.2f s = %.1f%% of its first run (target <= 5%%); load %s\n' "$again" "$(echo "100 * $again / $mini_first" | bc -l)" "$(load)"
echo "load average after: $(load)"

# Issue 15 item 1: where a first run's fixed costs go (seconds from the process start to its first
# log line, the plan, the PyTorch engine loaded, the job done, the picks printed), and its re-run.
echo "== fixed costs of the whole command, and its re-run (bench/startup-and-rerun.sh $rerun_spec; load $(load))"
bench/startup-and-rerun.sh "$rerun_spec"

# Issue 15 items 2, 3 and 9 (runners, CPU use per stage, scaling): the full benchmark grid when its
# data and teacher are here, else the demo.
runner_spec=sweeps/demo.yaml
if [[ -d datasets/fashion-mnist && -d models/fashion-mlp-teacher ]]; then runner_spec=sweeps/fashion-mlp-bench.yaml; fi
echo "== runners side by side on $runner_spec: plain loop, direct, flink-local, each from an empty store (bench/compare-runners.sh; load $(load))"
bench/compare-runners.sh "$runner_spec"
echo "== a runner's fixed cost: an empty job of the sweep's shape (pipeline test sources: EmptyJobBenchmark; load $(load))"
java_run io.edgesweep.pipeline.EmptyJobBenchmark 3
echo "== scaling on $runner_spec: 1, 2, 3 TaskManagers of the local cluster, and the prediction for 10 and 100 (bench/cluster-scaling.sh; load $(load))"
bench/cluster-scaling.sh "$runner_spec"
