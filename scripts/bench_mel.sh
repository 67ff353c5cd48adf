#!/usr/bin/env bash
# Log-mel throughput: listkit (Java, 1 thread) vs torchaudio (1 thread, pinned BLAS) vs a best-kernel bound,
# interleaved in one process tree (scripts/bench_mel.py drives a warm Java child; see its header).
# Usage (from the repository root):
#   scripts/bench_mel.sh [--data DIR] [--rounds N] [--blas openblas|reference] [--presets a,b] [--java-threads 1,2]
#                        [--json FILE]
# DIR defaults to ../shared/data/esc50/audio (414 ESC-50 clips, 5 s at 16 kHz).
set -euo pipefail
cd "$(dirname "$0")/.."
# package in the reactor (no install into ~/.m2) and print the benchmarks module's class path
CP=$(scripts/bench-classpath.sh)
exec /usr/bin/python3 scripts/bench_mel.py --classpath "$CP" "$@"
