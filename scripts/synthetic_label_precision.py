#!/usr/bin/env python3
"""How often a LIST round's synthetic captions name the hidden label of their clip.

Reads every arms/list/seed-*/round-*/engine/manifest.jsonl of an esc50-list run and the ESC-50 /
UrbanSound8K metadata under the data root; a caption "names" the label when all words of the label
(e.g. "dog bark" for dog_bark) occur in it. Prints accepted / rejected precision per round.

usage: scripts/synthetic_label_precision.py RUN_DIR [DATA_ROOT]
"""
import csv
import glob
import json
import os
import re
import sys

run = sys.argv[1]
root = sys.argv[2] if len(sys.argv) > 2 else os.environ.get("LIST_DATA_ROOT", "../shared/data")
labels = {}
with open(os.path.join(root, "esc50/meta/esc50.csv")) as f:
    for r in csv.DictReader(f):
        labels["esc50:" + r["filename"].rsplit(".", 1)[0]] = r["category"]
with open(os.path.join(root, "urbansound8k/metadata/UrbanSound8K.csv")) as f:
    for r in csv.DictReader(f):
        labels["urbansound8k:" + r["slice_file_name"].rsplit(".", 1)[0]] = r["class"]


def names(caption, label):
    words = set(re.findall(r"[a-z]+", caption.lower()))
    return all(w in words for w in re.findall(r"[a-z]+", label.lower().replace("_", " ")))


print("seed round | accepted: n, names label | rejected: n, names label | best candidate names label")
for path in sorted(glob.glob(os.path.join(run, "arms/list/seed-*/round-*/engine/manifest.jsonl"))):
    parts = path.split(os.sep)
    seed, rnd = parts[-4], parts[-3]
    acc = [0, 0]
    rej = [0, 0]
    any_cand = [0, 0]
    for line in open(path):
        m = json.loads(line)
        label = labels.get(m["id"])
        if label is None or m["status"] == "skipped":
            continue
        hit = m["caption"] is not None and names(m["caption"], label)
        bucket = acc if m["status"] == "accepted" else rej
        bucket[0] += 1
        bucket[1] += hit
        any_cand[0] += 1
        any_cand[1] += any(names(c, label) for c in m["candidates"])
    pct = lambda b: 100.0 * b[1] / b[0] if b[0] else float("nan")
    print(f"{seed} {rnd} | {acc[0]}, {pct(acc):.1f} % | {rej[0]}, {pct(rej):.1f} % | any of k: {pct(any_cand):.1f} %")
