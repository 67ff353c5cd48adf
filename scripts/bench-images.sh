#!/usr/bin/env bash
# Image decode + preprocess + augment throughput (dev.listkit.vision.bench.ImageBench) on Flickr8k.
# Usage: scripts/bench-images.sh [--images N] [--preset clip-224] [--threads T] [--batch B]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -o -q -B -pl modality-vision -am package -DskipTests \
    dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
exec java -Dlistkit.dataRoot="${LIST_DATA_ROOT:-$PWD/../shared/data}" \
    -cp "modality-vision/target/modality-vision-0.1.0-SNAPSHOT.jar:$(cat modality-vision/target/classpath.txt)" \
    dev.listkit.vision.bench.ImageBench "$@"
