#!/usr/bin/env bash
# Builds listkit and runs the main job on the default data and models roots (../shared/data or $LIST_DATA_ROOT,
# ../shared/models or $LISTKIT_MODELS): the esc50-list-pretrained recipe, the LIST self-training loop on audio with
# a frozen AudioSet-pretrained EfficientAT mn04 tower in the novel-class regime (paired / LIST / oracle arms,
# 5 seeds, rounds 0-2, a data-engine round per LIST round, ESC-50 zero-shot after every round) into
# runs/esc50-list-pretrained. Wall time and results: RESULTS.md. Extra arguments go to 'listkit train', e.g.
# --set 'selfTraining.seeds=[1]' for one seed, or --resume to continue a killed run.
# Then: scripts/listkit report runs/esc50-list-pretrained
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
mvn -q -B -DskipTests package
scripts/listkit train --recipe esc50-list-pretrained --run-dir runs/esc50-list-pretrained --engine-threads 1 "$@"
