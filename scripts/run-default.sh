#!/usr/bin/env bash
# Builds listkit and runs the default job on the default data root (../shared/data or $LIST_DATA_ROOT).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
mvn -q -B -DskipTests package
scripts/listkit features --dataset esc50 --preset laion-clap --out out/features/esc50-laion-clap
