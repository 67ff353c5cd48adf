#!/usr/bin/env bash
# One ablation of a self-training recipe, re-running only its list arm:
#   scripts/ablate.sh BASE_RUN NEW_RUN RECIPE --set KEY=VALUE [--set ...]
# The paired and oracle arms of BASE_RUN are copied into NEW_RUN and reused by --resume, so only use overrides
# that leave them untouched (selfTraining.engine.* keys, recaptionPaired). NEW_RUN/recipe.json is the recipe
# with the overrides (listkit recipes --print), so --resume accepts them. Then compare, e.g.:
#   scripts/ablation-table.py zeroshot/esc50/esc50/top1 BASE_RUN NEW_RUN
set -euo pipefail
if [[ $# -lt 3 ]]; then
  sed -n '2,7p' "$0" >&2
  exit 2
fi
base=$1; shift; run=$1; shift; recipe=$1; shift
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [[ -e "$run" ]]; then
  echo "ablate.sh: $run exists; choose another directory" >&2
  exit 2
fi
mkdir -p "$run/arms"
cp -r "$base/arms/paired" "$base/arms/oracle" "$run/arms/"
"$here/listkit" recipes --print "$recipe" "$@" > "$run/recipe.json"
"$here/listkit" train --recipe "$recipe" --run-dir "$run" --resume --engine-threads 1 "$@"
