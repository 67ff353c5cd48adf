#!/usr/bin/env python3
"""Reference time of one full CoCa training step (recipe audio-paired-baseline) in PyTorch.

Same model and batch as dev.listkit.benchmarks.audio.CocaBench (the Java half of scripts/bench_coca.sh):

  x (32, 1, 64, 250) log-mel -> CNN10-like encoder (widths 16-32-64-128; conv3x3 no bias + BN + ReLU
      twice, 2x2 avg-pool per block) -> maps (B, 128, 4, 15)
      tokens = maps.mean(freq).transpose -> (B, 15, 128); pooled = tokens.max(time) + tokens.mean(time)
  a = modality projection 128->128 (no bias) of pooled
  b = text projection 384->128 (no bias) of frozen random text features (32, 384)
  contrastive = CLIP symmetric InfoNCE on L2-normalised a, b with scale min(exp(t), 100), t learnable
  caption decoder: dim 128, 2 pre-norm blocks (causal self-attn, cross-attn to tokens, GELU MLP x2),
      4 heads, token + position embeddings (vocab 406, max length 20), final LayerNorm, LM head no bias;
      teacher forced on tokens[:, :-1] -> logits (32, 19, 406), CE vs tokens[:, 1:] with label smoothing
      0.1, pad id 0 ignored
  total = 1.0 * contrastive + 1.0 * caption; clip_grad_norm_(1.0); AdamW lr 1e-3, betas (0.9, 0.98),
      eps 1e-6, weight decay 0.05 on tensors with 2+ dimensions only.

Prints `env side=python ...` (versions, BLAS mapped, threads in effect; see bench_ref.py), then
`pytorch samples/s=<median> per-rep=[...] threads=<intra>/<interop> fwd_ms=.. bwd_ms=..
opt_ms=..` (phases: median per step over the timed steps; opt = clip + AdamW + zero_grad).
`--variant contrastive` drops the decoder (encoder + projections + InfoNCE only). --threads N (default 1) pins
torch's intra-op threads and OPENBLAS/OMP/MKL_NUM_THREADS to N; --blas picks the BLAS (default OpenBLAS; `reference`
is Debian's netlib BLAS, what the old `pytorch` mode measured when that was the system default).
"""
import argparse
import math
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_ref  # noqa: E402

if __name__ == "__main__":
    bench_ref.pin()  # BLAS and thread pins go into the environment before torch loads

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

NEG = -1e9  # additive mask value of dev.listkit.core.nn.Masks


# The conv block is the one the CNN-only benchmark uses (same directory), so both benches time one model.
from bench_train import Block as ConvBlock  # noqa: E402


class CnnEncoder(nn.Module):
    def __init__(self, widths):
        super().__init__()
        blocks, cin = [], 1
        for w in widths:
            blocks.append(ConvBlock(cin, w))
            cin = w
        self.body = nn.Sequential(*blocks)

    def forward(self, x):                                  # (B, 1, F, T)
        maps = self.body(x)                                # (B, D, F', T')
        tokens = maps.mean(dim=2).transpose(1, 2)          # (B, T', D)
        pooled = tokens.amax(dim=1) + tokens.mean(dim=1)   # (B, D)
        return pooled, tokens


class MultiHeadAttention(nn.Module):
    """Separate q/k/v/o projections with bias, explicit softmax(qk^T/sqrt(hd) + mask) v, as in listkit."""

    def __init__(self, dim, heads, kv_dim=None):
        super().__init__()
        self.heads, self.hd = heads, dim // heads
        kv_dim = kv_dim or dim
        self.q = nn.Linear(dim, dim)
        self.k = nn.Linear(kv_dim, dim)
        self.v = nn.Linear(kv_dim, dim)
        self.o = nn.Linear(dim, dim)

    def split(self, x):                                    # (B, T, D) -> (B, H, T, hd)
        b, t, _ = x.shape
        return x.reshape(b, t, self.heads, self.hd).transpose(1, 2)

    def forward(self, x, kv, mask=None):
        q, k, v = self.split(self.q(x)), self.split(self.k(kv)), self.split(self.v(kv))
        scores = q @ k.transpose(2, 3) * (1.0 / math.sqrt(self.hd))  # (B, H, Tq, Tk)
        if mask is not None:
            scores = scores + mask
        out = scores.softmax(-1) @ v                       # (B, H, Tq, hd)
        b, h, t, hd = out.shape
        return self.o(out.transpose(1, 2).reshape(b, t, h * hd))


class Block(nn.Module):
    def __init__(self, dim, heads, mlp_ratio, mem_dim):
        super().__init__()
        self.n1, self.sa = nn.LayerNorm(dim), MultiHeadAttention(dim, heads)
        self.n2, self.ca = nn.LayerNorm(dim), MultiHeadAttention(dim, heads, mem_dim)
        self.n3 = nn.LayerNorm(dim)
        hidden = round(dim * mlp_ratio)
        self.up, self.down = nn.Linear(dim, hidden), nn.Linear(hidden, dim)

    def forward(self, x, memory, causal):
        h = self.n1(x)
        x = x + self.sa(h, h, causal)
        x = x + self.ca(self.n2(x), memory)
        return x + self.down(F.gelu(self.up(self.n3(x))))


class CaptionDecoder(nn.Module):
    def __init__(self, vocab, dim, layers, heads, mlp_ratio, max_len, mem_dim):
        super().__init__()
        self.tok = nn.Parameter(torch.randn(vocab, dim) * 0.02)
        self.pos = nn.Parameter(torch.randn(max_len, dim) * 0.01)
        self.blocks = nn.ModuleList(Block(dim, heads, mlp_ratio, mem_dim) for _ in range(layers))
        self.norm = nn.LayerNorm(dim)
        self.head = nn.Linear(dim, vocab, bias=False)

    def forward(self, tokens, memory):                     # (B, T), (B, Tm, Dm)
        t = tokens.shape[1]
        x = F.embedding(tokens, self.tok) + F.embedding(torch.arange(t), self.pos)  # (B, T, D)
        q = torch.arange(t).reshape(t, 1)
        causal = (torch.arange(t).reshape(1, t) > q).float() * NEG  # (T, T), built per step as in Masks
        for blk in self.blocks:
            x = blk(x, memory, causal)
        return self.head(self.norm(x))                     # (B, T, V)


class Coca(nn.Module):
    def __init__(self, text_dim=384, embed=128, vocab=406):
        super().__init__()
        self.encoder = CnnEncoder([16, 32, 64, 128])
        self.mproj = nn.Linear(128, embed, bias=False)
        self.tproj = nn.Linear(text_dim, embed, bias=False)
        self.decoder = CaptionDecoder(vocab, 128, 2, 4, 2.0, 20, 128)
        self.logit_scale = nn.Parameter(torch.full((1,), math.log(1 / 0.07)))


def clip_loss(a, b, log_scale, max_scale=100.0):
    an, bn = F.normalize(a, dim=1), F.normalize(b, dim=1)
    logits = an @ bn.t() * log_scale.exp().clamp(max=max_scale)  # (B, B)
    labels = torch.arange(a.shape[0])
    return (F.cross_entropy(logits, labels) + F.cross_entropy(logits.t(), labels)) / 2


def random_tokens(gen, batch, length, vocab):
    """BOS, 3..length-2 random content ids, EOS, then padding (0), as CaptionVocabulary.encode gives."""
    tok = torch.zeros(batch, length, dtype=torch.long)
    for i in range(batch):
        n = int(torch.randint(3, length - 1, (1,), generator=gen))
        tok[i, 0] = 1
        tok[i, 1:n + 1] = torch.randint(4, vocab, (n,), generator=gen)
        tok[i, n + 1] = 2
    return tok


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--iters", type=int, default=5, help="timed steps per repetition")
    p.add_argument("--reps", type=int, default=1)
    p.add_argument("--interop", type=int, default=1, help="inter-op threads")
    bench_ref.add_arguments(p)
    p.add_argument("--variant", default="full", choices=["full", "contrastive"])
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(a.interop)
    torch.manual_seed(0)
    model = Coca()
    decay = [w for w in model.parameters() if w.dim() >= 2]
    no_decay = [w for w in model.parameters() if w.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.05}, {"params": no_decay, "weight_decay": 0.0}],
                            lr=1e-3, betas=(0.9, 0.98), eps=1e-6)
    gen = torch.Generator().manual_seed(1)
    x = torch.randn(a.batch, 1, 64, 250, generator=gen)
    text = torch.randn(a.batch, 384, generator=gen)  # frozen text features
    tokens = random_tokens(gen, a.batch, 20, 406)
    phases = {"fwd": [], "bwd": [], "opt": []}

    def step():
        t0 = time.perf_counter()
        emb, mem = model.encoder(x)
        za = model.mproj(emb)
        zb = model.tproj(text)
        loss = clip_loss(za, zb, model.logit_scale)
        if a.variant == "full":
            logits = model.decoder(tokens[:, :-1], mem)            # (B, 19, V)
            cap = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), tokens[:, 1:].reshape(-1),
                                  ignore_index=0, label_smoothing=0.1)
            loss = 1.0 * loss + 1.0 * cap
        t1 = time.perf_counter()
        loss.backward()
        t2 = time.perf_counter()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        opt.zero_grad(set_to_none=True)
        value = loss.item()
        t3 = time.perf_counter()
        return value, (t1 - t0, t2 - t1, t3 - t2)

    for _ in range(a.warmup):
        step()
    rates = []
    for _ in range(a.reps):
        t0 = time.perf_counter()
        for _ in range(a.iters):
            _, (f, b, o) = step()
            phases["fwd"].append(f)
            phases["bwd"].append(b)
            phases["opt"].append(o)
        rates.append(a.batch * a.iters / (time.perf_counter() - t0))
    ms = {k: 1000 * statistics.median(v) for k, v in phases.items()}
    print(bench_ref.report(torch), flush=True)
    print("pytorch samples/s=%.2f per-rep=%s threads=%d/%d fwd_ms=%.1f bwd_ms=%.1f opt_ms=%.1f" % (
        statistics.median(rates), [round(r, 2) for r in rates], torch.get_num_threads(),
        torch.get_num_interop_threads(), ms["fwd"], ms["bwd"], ms["opt"]), flush=True)


if __name__ == "__main__":
    main()
