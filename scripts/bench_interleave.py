#!/usr/bin/python3
"""Runs benchmark commands alternately in one process tree and reports medians, spreads and per-round ratios.

    /usr/bin/python3 scripts/bench_interleave.py --rounds 5 \\
        --mode 'pytorch=/usr/bin/python3 scripts/bench_train.py --threads 1' \\
        --mode 'listkit=java -cp CP dev.listkit.benchmarks.train.TrainBench --mode listkit' \\
        --ratio listkit/pytorch [--json out.json]

(scripts/bench_train.sh and scripts/bench_coca.sh call it with their modes.)

Each --mode NAME=COMMAND is a shell command that prints a line containing `samples/s=<rate>` (optionally
`<phase>_ms=<ms>` fields) and may print `env ...` lines describing its side (versions, BLAS, threads); the env
line of each mode's first run is printed once. Every round runs every mode once, the order rotated by one from
round to round (A B C, B C A, C A B, ...) so that drifting machine load hits all modes alike. Reported per mode:
median and [min - max] over rounds; per --ratio A/B: the ratio A/B formed within each round (sides measured
minutes apart are never divided) as median [min - max]. The load average is printed before and after, and with
every run. A run that fails or prints no rate stops the benchmark (its stderr is shown): no silent holes.
"""
import argparse
import json
import re
import statistics
import subprocess
import sys
import time


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def spread(values):
    return "%.2f [%.2f - %.2f]" % (statistics.median(values), min(values), max(values))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--mode", action="append", required=True, help="NAME=COMMAND (shell)")
    p.add_argument("--ratio", action="append", default=[], help="A/B: per-round ratio of mode A's rate to B's")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--json", help="write every run here")
    a = p.parse_args()
    modes = []
    for spec in a.mode:
        name, _, cmd = spec.partition("=")
        if not cmd:
            sys.exit(f"--mode needs NAME=COMMAND, got {spec!r}")
        modes.append((name, cmd))
    names = [n for n, _ in modes]
    ratios = []
    for r in a.ratio:
        x, _, y = r.partition("/")
        if x not in names or y not in names:
            sys.exit(f"--ratio {r}: both sides must be modes ({', '.join(names)})")
        ratios.append((x, y))
    if a.rounds < 3:
        print(f"warning: {a.rounds} rounds; at least 3 are needed for a spread worth reading", file=sys.stderr)
    print(f"start {time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime())} UTC, load average before: {loadavg()}",
          flush=True)
    rates = {n: [] for n in names}
    phases = {n: {} for n in names}
    envs = {}
    runs = []
    for r in range(a.rounds):
        order = modes[r % len(modes):] + modes[:r % len(modes)]
        for name, cmd in order:
            t0 = time.time()
            proc = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True)
            line = next((l for l in proc.stdout.splitlines() if "samples/s=" in l), None)
            if proc.returncode != 0 or line is None:
                sys.stderr.write(proc.stdout[-2000:] + proc.stderr[-4000:])
                sys.exit(f"mode {name} failed (exit {proc.returncode}) or printed no samples/s line: {cmd}")
            env = [l for l in proc.stdout.splitlines() if l.startswith("env ")]
            if name not in envs:
                envs[name] = env
                for l in env:
                    print(f"[{name}] {l}", flush=True)
            rate = float(re.search(r"samples/s=([0-9.]+)", line).group(1))
            rates[name].append(rate)
            for k, v in re.findall(r"\b(\w+)_ms=([0-9.]+)", line):
                phases[name].setdefault(k, []).append(float(v))
            runs.append({"round": r + 1, "mode": name, "rate": rate, "line": line, "env": env,
                         "seconds": round(time.time() - t0, 1), "load": loadavg()})
            print(f"round {r + 1} {name:<15} {rate:8.2f} samples/s  ({time.time() - t0:5.1f} s, load {loadavg()})",
                  flush=True)
    after = loadavg()
    print(f"end {time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime())} UTC, load average after: {after}")
    print(f"== {a.rounds} interleaved rounds: median [min - max] ==")
    for n in names:
        ph = " ".join(f"{k}_ms={statistics.median(v):.1f}" for k, v in phases[n].items())
        print(f"{n:<15} {spread(rates[n])} samples/s  {ph}")
    out_ratios = {}
    for x, y in ratios:
        q = [rx / ry for rx, ry in zip(rates[x], rates[y])]
        out_ratios[f"{x}/{y}"] = q
        print(f"ratio {x}/{y}: {spread(q)} (per round: {', '.join('%.2f' % v for v in q)})")
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"modes": dict(modes), "envs": envs, "runs": runs, "ratios": out_ratios,
                       "load_after": after}, f, indent=1)


if __name__ == "__main__":
    main()
