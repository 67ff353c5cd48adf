#!/usr/bin/env bash
# Builds listkit and runs the main job on the default data root (../shared/data or $LIST_DATA_ROOT):
# the esc50-list recipe, the LIST self-training loop on audio (paired / LIST / oracle arms, 3 seeds,
# rounds 0-2, ESC-50 zero-shot every round) -- 43 min on 2 shared CPU cores (RESULTS.md).
# Extra arguments go to 'listkit train', e.g. --set 'selfTraining.seeds=[1]' for one seed (~15 min),
# or --resume to continue a killed run. Then: scripts/listkit report runs/esc50-list
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
mvn -q -B -DskipTests package
scripts/listkit train --recipe esc50-list --run-dir runs/esc50-list --engine-threads 1 "$@"
