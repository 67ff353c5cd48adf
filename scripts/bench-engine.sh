#!/usr/bin/env bash
# One data-engine round end to end, today's build (a git revision, default: the base of the engine work) against
# this checkout, interleaved; see dev.listkit.benchmarks.engine.EngineBench.
# Usage: scripts/bench-engine.sh RUN_DIR ONNX_MODEL WORK_DIR [ROUNDS] [TODAY_REV] [extra EngineBench --key value ...]
#   RUN_DIR     a self-training run of esc50-list-pretrained (its recipe.json, arms/list/seed-1/pool.jsonl, the
#               round-0 model arms/paired/seed-1/round-0, and cache/text/minilm.lkte in CACHE_DIR below)
#   ONNX_MODEL  'listkit export' of that round-0 model
# Environment: CACHE_DIR (the run's cache dir, default cache), DATA_ROOT (../shared/data), MODELS_ROOT (../shared/models)
set -euo pipefail
run=$(cd "$1" && pwd); model=$(cd "$2" && pwd); work=$3; rounds=${4:-3}; rev=${5:-c882531}
shift $(( $# < 5 ? $# : 5 ))
here=$(cd "$(dirname "$0")/.." && pwd)
cache=$(cd "${CACHE_DIR:-cache}" && pwd)
root=$(cd "${DATA_ROOT:-$here/../shared/data}" && pwd)
models=$(cd "${MODELS_ROOT:-$here/../shared/models}" && pwd)
mkdir -p "$work"; work=$(cd "$work" && pwd)
today="$work/today-src"
if [[ ! -f "$today/recipes/target/listkit.jar" ]]; then
  echo "building today's listkit ($rev) in $today" >&2
  rm -rf "$today"; mkdir -p "$today"
  git -C "$here" archive "$rev" | tar -x -C "$today"
  (cd "$today" && mvn -o -q -B -DskipTests package -pl recipes -am >&2)
fi
cp=$("$here/scripts/bench-classpath.sh")
echo "today: $rev; this build: $(git -C "$here" rev-parse --short HEAD)$(git -C "$here" diff --quiet || echo +changes)" >&2
echo "java: $(java -version 2>&1 | head -1); cores: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
exec java -cp "$cp" dev.listkit.benchmarks.engine.EngineBench --pool "$run/arms/list/seed-1/pool.jsonl" \
  --recipe "$run/recipe.json" --onnx-model "$model" --djl-model "$run/arms/paired/seed-1/round-0" \
  --today-jar "$today/recipes/target/listkit.jar" --new-jar "$here/recipes/target/listkit.jar" \
  --data-root "$root" --models-root "$models" --text-cache "$cache/text/minilm.lkte" --work "$work" \
  --rounds "$rounds" --out "$work/engine-bench.json" "$@"
