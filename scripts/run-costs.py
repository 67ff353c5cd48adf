#!/usr/bin/env python3
"""Where the time of a self-training run went: sums the per-round costs in RUN/results.json.

usage: scripts/run-costs.py RUN_DIR [RUN_DIR ...]

Prints, per run, the seconds summed over every (arm, seed, round) for training, the data engine (captioning,
scoring, refining, filtering of the unpaired pool), the separate captioner's training and evaluation, and the
data sizes (paired samples and unpaired pool per seed). The rest of a run's wall time is start-up, tower and
text-tower outputs (cached after the first run) and writing files.
"""
import glob
import json
import statistics
import sys


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    for run in argv[1:]:
        with open(f"{run}/results.json", encoding="utf-8") as f:
            rounds = json.load(f)["rounds"]
        sums = {}
        for r in rounds:
            for key in ("trainSeconds", "engineSeconds", "captionerSeconds", "evalSeconds"):
                sums[key] = sums.get(key, 0.0) + (r.get(key) or 0.0)
        paired = [r["pairedSamples"] for r in rounds if r["arm"] == "paired" and r["round"] == 0]
        pool = [r["poolSize"] for r in rounds if r["arm"] == "paired" and r["round"] == 0]
        synthetic = [r["syntheticPairs"] for r in rounds if r["arm"] == "list" and r["round"] > 0]
        print(f"{run}: {len(rounds)} evaluated rounds")
        for key, value in sums.items():
            print(f"  {key:17s} {value:8.1f} s")
        if paired:
            print(f"  paired samples per seed  {statistics.mean(paired):.1f} (min {min(paired)}, max {max(paired)})")
            print(f"  unpaired pool per seed   {statistics.mean(pool):.1f} (min {min(pool)}, max {max(pool)})")
        if synthetic:
            print(f"  synthetic pairs per list round {statistics.mean(synthetic):.1f}")
        engine_rounds = sorted(glob.glob(f"{run}/arms/*/seed-*/round-*/engine/summary.json"))
        stages, pool, wall = {}, 0, 0.0
        for path in engine_rounds:
            with open(path, encoding="utf-8") as f:
                summary = json.load(f)
            pool += summary.get("pool", 0)
            wall += summary.get("wallSeconds", 0.0)
            for stage, seconds in summary.get("stageSeconds", {}).items():
                stages[stage] = stages.get(stage, 0.0) + seconds
        if engine_rounds and wall > 0:
            print(f"  data engine: {len(engine_rounds)} rounds, {pool} pool samples in {wall:.1f} s wall = "
                  f"{pool / wall:.0f} samples/s end to end; per stage:")
            for stage, seconds in stages.items():
                print(f"    {stage:20s} {seconds:7.2f} s  {pool / seconds if seconds > 0 else float('inf'):9.0f} samples/s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
