#!/usr/bin/env bash
# One full CoCa training step of recipe audio-paired-baseline: PyTorch (scripts/bench_coca.py,
# /usr/bin/python3) vs listkit (dev.listkit.benchmarks.audio.CocaBench: CocaModel + CnnEncoder through
# dev.listkit.core.train.Trainer), run interleaved in one go so that both see the same machine load;
# prints per-round numbers, medians, ratios at equal thread counts and per-phase medians.
#
#   scripts/bench_coca.sh [ROUNDS]              # default 3 rounds, 3 warm-up + ITERS (5) timed steps each
#   MODES="pytorch listkit pytorch-enc listkit-enc" scripts/bench_coca.sh 5
#
# Modes (inter-op threads always 1):
#   pytorch / listkit         1 intra-op thread, full step
#   pytorch-2t / listkit-2t   2 intra-op threads, full step
#   pytorch-enc / listkit-enc 1 intra-op thread, encoder + projections + InfoNCE only (no decoder)
#   pytorch-ob, pytorch-ob-2t, pytorch-ob-enc: the same PyTorch modes with OpenBLAS preloaded instead of
#       the reference BLAS that Debian's torch 1.13 links (BLAS_INFO=generic -> netlib libblas.so.3,
#       ~3-4 GFLOP/s for the decoder's matmuls; OpenBLAS ~60). Needs OPENBLAS_DIR, a directory holding
#       OpenBLAS's libblas.so.3, made without touching the system:
#         (cd /tmp && apt-get download libopenblas0-pthread && dpkg-deb -x libopenblas0-pthread_*.deb oblas)
#         OPENBLAS_DIR=/tmp/oblas/usr/lib/x86_64-linux-gnu/openblas-pthread scripts/bench_coca.sh 5
# Phases (ms per step, median over timed steps): PyTorch fwd / bwd / opt (clip + AdamW + zero_grad);
# listkit fwd (step function) / rest (backward + clip + AdamW + zeroing) / opt (clip + AdamW, timed apart).
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
OPENBLAS_DIR=${OPENBLAS_DIR:-}
if [[ -n $OPENBLAS_DIR ]]; then
  MODES=${MODES:-"pytorch pytorch-ob listkit pytorch-2t pytorch-ob-2t listkit-2t pytorch-ob-enc listkit-enc"}
else
  MODES=${MODES:-"pytorch listkit pytorch-2t listkit-2t pytorch-enc listkit-enc"}
fi
ITERS=${ITERS:-5}
PY=${PYTHON:-/usr/bin/python3}
CP=$(scripts/bench-classpath.sh)

declare -A RATE PHASE
run_mode() { # mode -> one output line of the bench
  local m=$1 threads=1 variant=full
  [[ $m == *-2t ]] && threads=2
  [[ $m == *-enc ]] && variant=contrastive
  case $m in
    pytorch-ob*) LD_LIBRARY_PATH=$OPENBLAS_DIR OPENBLAS_NUM_THREADS=$threads \
                "$PY" scripts/bench_coca.py --iters "$ITERS" --threads $threads --interop 1 --variant $variant ;;
    pytorch*) "$PY" scripts/bench_coca.py --iters "$ITERS" --threads $threads --interop 1 --variant $variant ;;
    listkit*) java -Dai.djl.pytorch.num_threads=$threads -Dai.djl.pytorch.num_interop_threads=1 -cp "$CP" \
                dev.listkit.benchmarks.audio.CocaBench --iters "$ITERS" --variant $variant 2>/dev/null ;;
  esac
}
echo "start $(date -u +%H:%M:%S) load: $(uptime | sed 's/.*load average: //')"
for ((r = 1; r <= ROUNDS; r++)); do
  for m in $MODES; do
    line=$(run_mode "$m")
    v=$(echo "$line" | sed -n 's/.*samples\/s=\([0-9.]*\).*/\1/p')
    RATE[$m]+="$v "
    for p in fwd bwd rest opt; do
      pv=$(echo "$line" | sed -n "s/.* ${p}_ms=\([0-9.]*\).*/\1/p")
      [[ -n $pv ]] && PHASE[$m.$p]+="$pv "
    done
    echo "round $r $(date -u +%H:%M:%S) load $(cut -d' ' -f1 /proc/loadavg) $m: $line"
  done
done
echo "end $(date -u +%H:%M:%S) load: $(uptime | sed 's/.*load average: //')"
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
echo "== medians over $ROUNDS interleaved rounds (batch 32, (1, 64, 250), $ITERS timed steps after 3 warm-up) =="
for m in $MODES; do
  v=$(echo "${RATE[$m]}" | median)
  phases=""
  for p in fwd bwd rest opt; do
    [[ -n ${PHASE[$m.$p]:-} ]] && phases+=" ${p}_ms=$(echo "${PHASE[$m.$p]}" | median)"
  done
  ratio=""
  if [[ $m == listkit* ]]; then
    for ref in pytorch${m#listkit} pytorch-ob${m#listkit}; do
      if [[ -n ${RATE[$ref]:-} ]]; then
        ratio+=$(printf ' vs %s %.2f' "$ref" "$(echo "$v / $(echo "${RATE[$ref]}" | median)" | bc -l)")
      fi
    done
  fi
  printf '%-15s %8.2f samples/s  %-40s%s\n' "$m" "$v" "$ratio" "$phases"
done
