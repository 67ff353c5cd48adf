#!/usr/bin/env bash
# The quick start: builds listkit, then runs a small end-to-end demo on the shared data and models:
#   1. train   a locked-tower CoCa model (frozen AudioSet-pretrained EfficientAT mn04 + frozen MiniLM, trainable
#              heads and caption decoder) on the captioned audio (OpenSFX, Tux Paint, Clotho, UrbanSound8K labels
#              as captions) for 100 steps, with ESC-50 fold-4 zero-shot (the audio modality's own prompts) and
#              held-out caption scores;
#   2. eval    ESC-50 fold-4 zero-shot again with two built-in prompt sets: the result JSON on stdout (and in
#              RUN/zeroshot.json), log lines on stderr;
#   3. report  the static HTML report, RUN/report/index.html.
# About 2 minutes on 2 busy CPU cores after the build (README, "Quick start"). CI runs it (QuickStartDemoTest).
#
#   scripts/demo.sh              build (mvn -q -B -DskipTests package), then the demo into runs/demo
#   scripts/demo.sh --no-build   the demo only
# Environment: LIST_DATA_ROOT (default ../shared/data), LISTKIT_MODELS (default ../shared/models), DEMO_DIR
# (default runs/demo; replaced when it holds an earlier demo), DEMO_CACHE (feature and text caches, default
# cache), LISTKIT (the listkit command, default scripts/listkit).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
if [[ "${1:-}" == "--no-build" ]]; then
  shift
else
  mvn -q -B -DskipTests package
fi
read -r -a listkit <<< "${LISTKIT:-scripts/listkit}"
run="${DEMO_DIR:-runs/demo}"
cache="${DEMO_CACHE:-cache}"
if [[ -e "$run" ]]; then
  if [[ ! -f "$run/recipe.json" ]]; then
    echo "demo: $run exists and is not a listkit run; set DEMO_DIR to another directory" >&2
    exit 2
  fi
  rm -rf "$run"
fi

"${listkit[@]}" train --recipe audio-paired-baseline-pretrained --run-dir "$run" --cache-dir "$cache" \
  --engine-threads 1 --set train.totalSteps=100 --set train.warmupSteps=10 --set train.checkpointEvery=100 \
  --set 'eval.zeroShot=[{"dataset": "esc50", "options": {"folds": "4"}}]'
"${listkit[@]}" eval zeroshot --run "$run" --cache-dir "$cache" --dataset esc50 --dataset-option folds=4 \
  --templates ms-clap,esc50 | tee "$run/zeroshot.json"
"${listkit[@]}" report "$run"
