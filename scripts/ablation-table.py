#!/usr/bin/env python3
"""One Markdown row per self-training run: LIST vs paired at the last round, from RUN/results.json.

usage: scripts/ablation-table.py METRIC RUN_DIR [RUN_DIR ...]
  e.g. scripts/ablation-table.py zeroshot/esc50/esc50/top1 runs/esc50-list-pretrained runs/abl-*

Per run: the LIST arm's mean ± std over seeds, LIST - paired (mean ± std, paired t, seeds above), the share of
the paired -> oracle gap closed (the paired and oracle arms of ablation runs are those of the base run), and the
pseudo-label precision of the last engine round (accepted captions naming the hidden label; nearest label in
the text tower's space is the hidden one).
"""
import json
import statistics
import sys


def pct(values):
    return f"{100 * statistics.mean(values):.2f} ± {100 * statistics.stdev(values) if len(values) > 1 else 0:.2f}"


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    metric = argv[1]
    print("| run | LIST % | LIST − paired (points) | paired t | seeds above | gap closed | precision accepted %"
          " | nearest label accepted % |")
    print("|---|---|---|---|---|---|---|---|")
    for run in argv[2:]:
        with open(f"{run}/results.json", encoding="utf-8") as f:
            results = json.load(f)
        rows = [c for c in results["comparisons"] if c["metric"] == metric]
        if not rows:
            print(f"| {run} | no comparison for {metric} | | | | | | |")
            continue
        c = max(rows, key=lambda r: r["round"])
        last = [r for r in results["rounds"] if r["arm"] == "list" and r["round"] == c["round"]]
        prec = [r["metrics"].get("engine/precision/accepted") for r in last]
        near = [r["metrics"].get("engine/nearestLabel/accepted") for r in last]
        prec_s = pct(prec) if all(p is not None for p in prec) and prec else "—"
        near_s = pct(near) if all(p is not None for p in near) and near else "—"
        diff = c["difference"]
        t = "—" if c["t"] is None else f"{c['t']:.2f}"
        gap = "—" if c.get("gapClosed") is None else f"{100 * c['gapClosed']:.0f} %"
        print(f"| {run.rstrip('/').split('/')[-1]} | {pct(c['list'])} | {100 * statistics.mean(diff):+.2f} ± "
              f"{100 * (statistics.stdev(diff) if len(diff) > 1 else 0):.2f} | {t} | {c['seedsAbove']} of "
              f"{len(diff)} | {gap} | {prec_s} | {near_s} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
