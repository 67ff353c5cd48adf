#!/usr/bin/env bash
# Builds the benchmarks module (and what it depends on) and prints its run-time class path, for
#   java -cp "$(scripts/bench-classpath.sh)" dev.listkit.benchmarks.<package>.<Bench> ...
# Run from anywhere; the class path is absolute.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -o -q -B -pl benchmarks -am package -DskipTests \
    dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime >&2
echo "$PWD/benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar:$(cat benchmarks/target/classpath.txt)"
