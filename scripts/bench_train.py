#!/usr/bin/env python3
"""Reference training-step throughput for the slim log-mel CNN (PANN CNN10-like) in PyTorch.

Same model as dev.listkit.benchmarks.train.TrainBench: 4 blocks (16-32-64-128 channels), each
conv3x3(no bias)+BN+ReLU twice then 2x2 average pooling; mean over frequency, then max+mean over
time; linear head; cross-entropy; AdamW. Input (B, 1, 64, 250) random log-mel, random labels.

Prints `env side=python ...` (versions, BLAS mapped, threads in effect; see bench_ref.py), then
`pytorch samples/s=<median> per-rep=[...] threads=<intra>/<interop>`. --threads N (default 1) pins torch's intra-op
threads and OPENBLAS/OMP/MKL_NUM_THREADS to N; --blas picks the BLAS (default OpenBLAS).
"""
import argparse
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_ref  # noqa: E402

if __name__ == "__main__":
    bench_ref.pin()  # BLAS and thread pins go into the environment before torch loads

import torch  # noqa: E402
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.c1 = nn.Conv2d(cin, cout, 3, padding=1, bias=False)
        self.b1 = nn.BatchNorm2d(cout)
        self.c2 = nn.Conv2d(cout, cout, 3, padding=1, bias=False)
        self.b2 = nn.BatchNorm2d(cout)

    def forward(self, x):
        x = F.relu(self.b1(self.c1(x)))
        x = F.relu(self.b2(self.c2(x)))
        return F.avg_pool2d(x, 2)


class Cnn(nn.Module):
    def __init__(self, widths, classes):
        super().__init__()
        blocks, cin = [], 1
        for w in widths:
            blocks.append(Block(cin, w))
            cin = w
        self.blocks = nn.Sequential(*blocks)
        self.head = nn.Linear(cin, classes)

    def forward(self, x):           # (B, 1, F, T)
        x = self.blocks(x)          # (B, C, F/16, T/16)
        x = x.mean(dim=2)           # (B, C, T')
        x = x.amax(dim=2) + x.mean(dim=2)  # (B, C)
        return self.head(x)         # (B, classes)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--mels", type=int, default=64)
    p.add_argument("--frames", type=int, default=250)
    p.add_argument("--classes", type=int, default=50)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--iters", type=int, default=5, help="timed steps per repetition")
    p.add_argument("--reps", type=int, default=1)
    p.add_argument("--interop", type=int, default=1, help="inter-op threads")
    bench_ref.add_arguments(p)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(a.interop)
    torch.manual_seed(0)
    model = Cnn([16, 32, 64, 128], a.classes)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.01)
    x = torch.randn(a.batch, 1, a.mels, a.frames)
    y = torch.randint(0, a.classes, (a.batch,))

    def step():
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        return loss.item()

    for _ in range(a.warmup):
        step()
    rates = []
    for _ in range(a.reps):
        t0 = time.perf_counter()
        for _ in range(a.iters):
            step()
        rates.append(a.batch * a.iters / (time.perf_counter() - t0))
    print(bench_ref.report(torch), flush=True)
    print("pytorch samples/s=%.2f per-rep=%s threads=%d/%d" % (
        statistics.median(rates), [round(r, 2) for r in rates],
        torch.get_num_threads(), torch.get_num_interop_threads()), flush=True)


if __name__ == "__main__":
    main()
