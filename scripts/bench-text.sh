#!/usr/bin/env bash
# Frozen MiniLM text tower captions/s against its one-caption-per-run reference (dev.listkit.benchmarks.text.TextTowerBench).
# Usage: scripts/bench-text.sh [--data ../shared/data] [--limit 6000] [--rounds 3] [--batch 64] [--diagnose]
#        [--compare-model all-minilm-l6-v2.onnx]
set -euo pipefail
cd "$(dirname "$0")/.."
CP=$(scripts/bench-classpath.sh)
exec java -cp "$CP" dev.listkit.benchmarks.text.TextTowerBench "$@"
