#!/usr/bin/env bash
# Data-engine throughput: local runner vs the Spark runner in local[2], same pool, model, recipe and seed.
# Usage: scripts/bench-engine-spark.sh POOL_JSONL MODEL_DIR WORK_DIR [DATA_ROOT]
# Needs: mvn -o -q -pl engine-spark -am package -DskipTests (engine-spark/target/lib holds the class path).
set -euo pipefail
pool=$1; model=$2; work=$3; root=${4:-../shared/data}
here=$(cd "$(dirname "$0")/.." && pwd)
cp="$here/engine-spark/target/engine-spark-0.1.0-SNAPSHOT.jar:$here/engine-spark/target/lib/*"
# Java 17 flags Spark 3.5 needs (the same list as engine-spark's surefire argLine).
opens="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
 --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
 --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
 --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
 --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
 --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED
 --add-opens=java.base/sun.util.calendar=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false"
rm -rf "$work"/out-* "$work"/cache-*
run() { # name runner ort-threads
  local t0 t1
  t0=$(date +%s.%N)
  # shellcheck disable=SC2086
  java $opens -cp "$cp" dev.listkit.recipes.cli.Listkit engine --runner "$2" --master 'local[2]' --pool "$pool" \
    --model "$model" --recipe esc50-list --seed 1 --round 1 --out "$work/out-$1" --cache-dir "$work/cache-$1" \
    --data-root "$root" --ort-cpu --ort-threads "$3" > "$work/$1.json" 2> "$work/$1.log"
  t1=$(date +%s.%N)
  n=$(wc -l < "$work/out-$1/manifest.jsonl")
  python3 -c "import json,sys; s=json.load(open('$work/out-$1/summary.json')); w=$t1-$t0; \
print(f'$1: $n samples, process wall {w:.1f} s ({$n/w:.2f} samples/s), engine wall {s[\"wallSeconds\"]:.1f} s, '\
f'accepted {s[\"accepted\"]}, stage s {s[\"stageSeconds\"]}')"
}
uptime
run local-ort2 local 0
run local-ort1 local 1
run spark-local2 spark 1
uptime
for a in local-ort2 spark-local2; do
  if cmp -s "$work/out-local-ort1/manifest.jsonl" "$work/out-$a/manifest.jsonl"; then
    echo "manifest $a == local-ort1"; else echo "manifest $a differs from local-ort1"; fi
done
