#!/usr/bin/env bash
# Locked-tower training throughput (dev.listkit.benchmarks.train.LockedTowerBench): one training step of the
# *-pretrained recipes on cached frozen-tower outputs, one PyTorch intra-op and one inter-op thread, modes
# interleaved over ROUNDS rounds; prints medians.
#
#   scripts/bench_locked.sh [ROUNDS]                         # default 3
#   MODES=t8-b128:8:128,t64-b128:64:128 scripts/bench_locked.sh 5
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
CP="$(scripts/bench-classpath.sh)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
java -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 -cp "$CP" \
  dev.listkit.benchmarks.train.LockedTowerBench --rounds "$ROUNDS" ${MODES:+--modes "$MODES"} 2>&1 | grep -v SLF4J
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
