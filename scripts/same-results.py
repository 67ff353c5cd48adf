#!/usr/bin/python3
"""Checks that two runs of one listkit command gave the same numbers.

    scripts/same-results.py RUN_DIR_A RUN_DIR_B

Compares results.json / report.json at the top of both run directories and every metrics.jsonl below
them (step by step: loss, its parts, learning rate, gradient norm), leaving out wall-clock fields (keys
ending in "Seconds" or "_s", e.g. trainSeconds, elapsed_s, samples_per_s, and the "cost/*Seconds" rows
of results.json) and the "provenance" block (build revision, paths, JVM: not results), so two builds can be
compared. Prints the first difference of each file and exits 1 if any, else prints what was
compared and exits 0. Standard library only.
"""
import json
import math
import sys
from pathlib import Path


def timing(key):
    return key.endswith("Seconds") or key.endswith("_s")


def strip(value):
    if isinstance(value, dict):
        return {k: strip(v) for k, v in value.items() if not timing(k) and k != "provenance"}
    if isinstance(value, list):
        return [strip(v) for v in value]
    return value


def first_difference(a, b, path="$"):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                return f"{path}.{k}: only in {'B' if k not in a else 'A'}"
            d = first_difference(a[k], b[k], f"{path}.{k}")
            if d:
                return d
        return None
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} vs {len(b)} items"
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_difference(x, y, f"{path}[{i}]")
            if d:
                return d
        return None
    same = a == b or (isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b))
    return None if same else f"{path}: {a!r} vs {b!r}"


def metrics(file):
    return [strip(json.loads(line)) for line in file.read_text().splitlines() if line.strip()]


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    a, b = Path(argv[1]), Path(argv[2])
    problems, compared = [], []
    for name in ("results.json", "report.json"):
        if (a / name).exists() or (b / name).exists():
            if not ((a / name).exists() and (b / name).exists()):
                problems.append(f"{name}: only in one run")
                continue
            d = first_difference(strip(json.loads((a / name).read_text())), strip(json.loads((b / name).read_text())))
            compared.append(name)
            if d:
                problems.append(f"{name}: {d}")
    logs_a = sorted(p.relative_to(a) for p in a.rglob("metrics.jsonl"))
    logs_b = sorted(p.relative_to(b) for p in b.rglob("metrics.jsonl"))
    if logs_a != logs_b:
        problems.append(f"metrics.jsonl files differ: {[str(p) for p in logs_a]} vs {[str(p) for p in logs_b]}")
    steps = 0
    for rel in sorted(set(logs_a) & set(logs_b)):
        la, lb = metrics(a / rel), metrics(b / rel)
        steps += len(la)
        d = first_difference(la, lb, str(rel))
        if d:
            problems.append(d)
    for p in problems:
        print("DIFFERENT " + p)
    if problems:
        return 1
    print(f"same numbers: {', '.join(compared) or 'no results/report file'}, {len(logs_a)} metrics.jsonl"
          f" ({steps} logged steps), wall-clock fields left out")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
