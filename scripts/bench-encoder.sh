#!/usr/bin/env bash
# Vision encoder forward / forward+backward samples/s (dev.listkit.vision.bench.EncoderBench).
# Usage: scripts/bench-encoder.sh [--preset clip-64] [--encoder JSON] [--batch 64] [--steps 10] [--warmup 2]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -o -q -B -pl modality-vision -am package -DskipTests \
    dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
exec java -Dai.djl.pytorch.num_interop_threads=1 \
    -cp "modality-vision/target/modality-vision-0.1.0-SNAPSHOT.jar:$(cat modality-vision/target/classpath.txt)" \
    dev.listkit.vision.bench.EncoderBench "$@"
