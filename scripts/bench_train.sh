#!/usr/bin/env bash
# Training-step throughput: PyTorch (scripts/bench_train.py, /usr/bin/python3) vs DJL (TrainBench), interleaved in
# one process tree by scripts/bench_interleave.py (order rotated per round); prints each side's environment (torch,
# numpy, DJL, libtorch versions; BLAS mapped; threads in effect), medians with [min - max], and per-round ratios.
#
#   scripts/bench_train.sh [ROUNDS] [--json FILE]     # default 5 rounds
#   MODES="pytorch listkit" RATIOS="listkit/pytorch" scripts/bench_train.sh 5
#
# The PyTorch side is pinned (bench_ref.py): Debian's OpenBLAS selected explicitly, OPENBLAS/OMP/MKL_NUM_THREADS and
# torch.set_num_threads equal to the Java side's intra-op threads, inter-op 1; the script fails if another BLAS loads.
# Modes:  pytorch     1 intra-op / 1 inter-op thread        pytorch-2t  2 / 1
#         listkit     dev.listkit.core.train.Trainer, 1 / 1 listkit-2t  2 / 1
#         djl-1t      DJL Trainer + Optimizer.adamW, 1 / 1  djl-2t      2 / 1
#         djl-default DJL Trainer, engine default threads (2 / 2 here; compare with pytorch-2t only)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-5}
shift || true
MODES=${MODES:-"pytorch listkit djl-1t pytorch-2t listkit-2t"}
RATIOS=${RATIOS:-"listkit/pytorch djl-1t/pytorch listkit-2t/pytorch-2t"}
ITERS=${ITERS:-5}
PY=${PYTHON:-/usr/bin/python3}
CP=$(scripts/bench-classpath.sh)
args=()
for m in $MODES; do
  threads=1; [[ $m == *-2t ]] && threads=2
  case $m in
    pytorch*) cmd="$PY scripts/bench_train.py --iters $ITERS --threads $threads --interop 1" ;;
    djl-default) cmd="java -cp '$CP' dev.listkit.benchmarks.train.TrainBench --mode djl --iters $ITERS 2>/dev/null" ;;
    djl*|listkit*) cmd="java -Dai.djl.pytorch.num_threads=$threads -Dai.djl.pytorch.num_interop_threads=1 -cp '$CP' \
dev.listkit.benchmarks.train.TrainBench --mode ${m%%-*} --iters $ITERS 2>/dev/null" ;;
    *) echo "unknown mode $m" >&2; exit 2 ;;
  esac
  args+=(--mode "$m=$cmd")
done
for r in $RATIOS; do args+=(--ratio "$r"); done
exec "$PY" scripts/bench_interleave.py --rounds "$ROUNDS" "${args[@]}" "$@"
