#!/usr/bin/env bash
# Builds listkit and runs the main job on the default data root (../shared/data or $LIST_DATA_ROOT):
# the audio-paired-baseline recipe (CoCa training + ESC-50 fold-4 zero-shot), ~15-20 min on 2 cores.
# Extra arguments go to 'listkit train', e.g. --set train.totalSteps=100 for a quick look.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
mvn -q -B -DskipTests package
scripts/listkit train --recipe audio-paired-baseline --run-dir runs/audio-paired-baseline "$@"
