#!/usr/bin/env bash
# Log-mel throughput: torchaudio (1 thread) vs Java MelBench (1 thread and all cores), decode excluded.
# Usage (from the repository root):  scripts/bench_mel.sh [DATA_DIR] [ROUNDS] [PASSES]
#   DATA_DIR defaults to ../shared/data/esc50/audio (414 ESC-50 clips, 5 s at 16 kHz).
# Runs are interleaved (torch, java, torch, java, ...) because the machine is shared; prints every
# pass and then a Markdown table of medians (clips/s) and the Java/torch ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA="${1:-../shared/data/esc50/audio}"
ROUNDS="${2:-3}"
PASSES="${3:-3}"
# package in the reactor (no install into ~/.m2) and print the benchmarks module's class path
CP=$(scripts/bench-classpath.sh)
LOG=$(mktemp)
for r in $(seq 1 "$ROUNDS"); do
  /usr/bin/python3 scripts/bench_mel.py "$DATA" "$PASSES" | tee -a "$LOG"
  java -cp "$CP" dev.listkit.benchmarks.audio.MelBench "$DATA" "$PASSES" default-16k laion-clap | tee -a "$LOG"
done
/usr/bin/python3 - "$LOG" <<'PY'
import re, statistics, sys
rows, cpu = {}, {}
for line in open(sys.argv[1]):
    m = re.match(r"(\w+) preset=(\S+) threads=(\d+) .* clips_per_s=([\d.]+) cpu_clips_per_s=(\S+)", line)
    if m:
        rows.setdefault((m[2], m[1], int(m[3])), []).append(float(m[4]))
        if m[5] != "na":
            cpu.setdefault((m[2], m[1]), []).append(float(m[5]))
print("\n| parameter set | torchaudio 1 thread | Java 1 thread | Java all cores | Java 1 thread / torchaudio | same, from CPU time |")
print("|---|---|---|---|---|---|")
for preset in sorted({k[0] for k in rows}):
    t = statistics.median(rows[(preset, "torch", 1)])
    j1 = statistics.median(rows[(preset, "java", 1)])
    jn = [statistics.median(v) for k, v in rows.items() if k[0] == preset and k[1] == "java" and k[2] > 1]
    cores = [k[2] for k in rows if k[0] == preset and k[1] == "java" and k[2] > 1]
    jn_s = f"{jn[0]:.0f} ({cores[0]} threads)" if jn else "n/a"
    tc = statistics.median(cpu[(preset, "torch")])
    jc = statistics.median(cpu[(preset, "java")])
    print(f"| {preset} | {t:.0f} | {j1:.0f} | {jn_s} | {j1 / t:.2f} | {jc:.0f} / {tc:.0f} = {jc / tc:.2f} |")
print(f"\nmedians over {sum(len(v) for v in rows.values())} timed passes, clips/s (higher is better)")
PY
rm -f "$LOG"
