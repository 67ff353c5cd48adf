#!/usr/bin/env bash
# One full CoCa training step of recipe audio-paired-baseline: PyTorch (scripts/bench_coca.py, /usr/bin/python3) vs
# listkit (dev.listkit.benchmarks.audio.CocaBench: CocaModel + CnnEncoder through dev.listkit.core.train.Trainer),
# interleaved in one process tree by scripts/bench_interleave.py (order rotated per round); prints each side's
# environment (versions, BLAS mapped, threads in effect), medians with [min - max], per-round ratios and per-phase
# medians.
#
#   scripts/bench_coca.sh [ROUNDS] [--json FILE]      # default 5 rounds, 3 warm-up + ITERS (5) timed steps each
#   MODES="pytorch listkit" RATIOS="listkit/pytorch" scripts/bench_coca.sh 5
#
# The PyTorch side is pinned (bench_ref.py): Debian's OpenBLAS selected explicitly, OPENBLAS/OMP/MKL_NUM_THREADS and
# torch.set_num_threads equal to the Java side's intra-op threads, inter-op 1; the script fails if another BLAS loads.
# Modes (inter-op threads always 1):
#   pytorch / listkit          1 intra-op thread, full step
#   pytorch-2t / listkit-2t    2 intra-op threads, full step
#   pytorch-enc / listkit-enc  1 intra-op thread, encoder + projections + InfoNCE only (no decoder)
#   pytorch-refblas            as pytorch, but on Debian's reference (netlib) BLAS: what the first version of this
#                              benchmark compared against (~3-4 GFLOP/s matmuls); for restating old claims only
# Phases (ms per step, median over timed steps): PyTorch fwd / bwd / opt (clip + AdamW + zero_grad);
# listkit fwd (step function) / rest (backward + clip + AdamW + zeroing) / opt (clip + AdamW, timed apart).
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-5}
shift || true
MODES=${MODES:-"pytorch listkit pytorch-refblas pytorch-enc listkit-enc pytorch-2t listkit-2t"}
RATIOS=${RATIOS:-"listkit/pytorch listkit/pytorch-refblas listkit-enc/pytorch-enc listkit-2t/pytorch-2t"}
ITERS=${ITERS:-5}
PY=${PYTHON:-/usr/bin/python3}
CP=$(scripts/bench-classpath.sh)
args=()
for m in $MODES; do
  threads=1 variant=full blas=openblas
  [[ $m == *-2t ]] && threads=2
  [[ $m == *-enc ]] && variant=contrastive
  [[ $m == *-refblas ]] && blas=reference
  case $m in
    pytorch*) cmd="$PY scripts/bench_coca.py --iters $ITERS --threads $threads --interop 1 --variant $variant --blas $blas" ;;
    listkit*) cmd="java -Dai.djl.pytorch.num_threads=$threads -Dai.djl.pytorch.num_interop_threads=1 -cp '$CP' \
dev.listkit.benchmarks.audio.CocaBench --iters $ITERS --variant $variant 2>/dev/null" ;;
    *) echo "unknown mode $m" >&2; exit 2 ;;
  esac
  args+=(--mode "$m=$cmd")
done
for r in $RATIOS; do args+=(--ratio "$r"); done
exec "$PY" scripts/bench_interleave.py --rounds "$ROUNDS" "${args[@]}" "$@"
