#!/usr/bin/env bash
# Training-step throughput: PyTorch (scripts/bench_train.py, /usr/bin/python3) vs DJL (TrainBench),
# run interleaved in one go so that both see the same machine load; prints medians and ratios.
#
#   scripts/bench_train.sh [REPS]            # default 3 rounds
#   MODES="djl-default djl-1t listkit listkit-2t" PY_MODES="pytorch pytorch-2t" scripts/bench_train.sh 5
#
# PyTorch modes: pytorch = torch's default threads (Debian's torch 1.13 picks 1 here);
#                pytorch-2t = torch.set_num_threads(2).
# Java modes: djl-default = DJL Trainer + Optimizer.adamW, engine default threads (2 intra, 2 inter);
#             djl-1t      = the same with 1 intra-op / 1 inter-op thread;
#             listkit     = dev.listkit.core.train.Trainer, 1 intra-op / 1 inter-op thread;
#             listkit-2t  = the same with 2 intra-op threads.
set -euo pipefail
cd "$(dirname "$0")/.."
REPS=${1:-3}
MODES=${MODES:-"djl-default djl-1t listkit listkit-2t"}
PY_MODES=${PY_MODES:-"pytorch pytorch-2t"}
ITERS=${ITERS:-5}
PY=${PYTHON:-/usr/bin/python3}
CP=$(scripts/bench-classpath.sh)

declare -A RESULTS
run_java() { # mode
  local props=() mode=$1 bench_mode=$1
  case $1 in
    djl-default) bench_mode=djl ;;
    djl-1t) bench_mode=djl; props=(-Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1) ;;
    listkit) props=(-Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1) ;;
    listkit-2t) bench_mode=listkit; props=(-Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=1) ;;
  esac
  java "${props[@]}" -cp "$CP" dev.listkit.benchmarks.train.TrainBench --mode "$bench_mode" --iters "$ITERS" 2>/dev/null \
    | sed -n 's/.*samples\/s=\([0-9.]*\).*/\1/p'
}
for ((r = 1; r <= REPS; r++)); do
  for m in $PY_MODES; do
    threads=0; [[ $m == pytorch-2t ]] && threads=2
    v=$("$PY" scripts/bench_train.py --iters "$ITERS" --threads $threads | sed -n 's/.*samples\/s=\([0-9.]*\).*/\1/p')
    RESULTS[$m]+="$v "; echo "round $r $m $v"
  done
  for m in $MODES; do
    v=$(run_java "$m"); RESULTS[$m]+="$v "; echo "round $r $m $v"
  done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
PT=$(echo "${RESULTS[pytorch]}" | median)
echo "== medians over $REPS interleaved rounds (batch 32, (1, 64, 250), $ITERS timed steps after 3 warm-up) =="
for m in $PY_MODES $MODES; do
  v=$(echo "${RESULTS[$m]}" | median)
  printf '%-12s %8.2f samples/s  ratio vs pytorch %.2f\n' "$m" "$v" "$(echo "$v / $PT" | bc -l)"
done
