#!/usr/bin/env bash
# Vision encoder forward / forward+backward samples/s (dev.listkit.benchmarks.vision.EncoderBench).
# Usage: scripts/bench-encoder.sh [--preset clip-64] [--encoder JSON] [--batch 64] [--steps 10] [--warmup 2]
set -euo pipefail
cd "$(dirname "$0")/.."
CP=$(scripts/bench-classpath.sh)
exec java -Dai.djl.pytorch.num_interop_threads=1 \
    -cp "$CP" \
    dev.listkit.benchmarks.vision.EncoderBench "$@"
