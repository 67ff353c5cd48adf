#!/usr/bin/env bash
# Image decode + preprocess + augment throughput (dev.listkit.benchmarks.vision.ImageBench) on Flickr8k.
# Usage: scripts/bench-images.sh [--images N] [--preset clip-224] [--threads T] [--batch B]
set -euo pipefail
cd "$(dirname "$0")/.."
CP=$(scripts/bench-classpath.sh)
exec java -Dlistkit.dataRoot="${LIST_DATA_ROOT:-$PWD/../shared/data}" \
    -cp "$CP" \
    dev.listkit.benchmarks.vision.ImageBench "$@"
