#!/usr/bin/python3
"""Log-mel throughput: listkit (Java) against torchaudio and a best-kernel bound, interleaved, one process tree.

    /usr/bin/python3 scripts/bench_mel.py --classpath CP [--data DIR] [--rounds 5] [--blas openblas]
                                          [--presets default-16k,...] [--java-threads 1,2] [--json out.json]

(scripts/bench_mel.sh builds the benchmarks module and passes --classpath.)

What runs, per preset, on the same decoded samples (the 414 ESC-50 clips at 16 kHz by default, fed as they are:
each preset's nominal rate is ignored, so every side does the same work):
- torch: each model's own published front end on torch/torchaudio in float32: torchaudio MelSpectrogram +
  AmplitudeToDB for the CLAP-family presets and default-16k; whisper/audio.py log_mel_spectrogram (torch.stft,
  filters @ |X|^2, log10, clamp, (x + 4) / 4); EfficientAT's AugmentMelSTFT in eval mode (conv1d pre-emphasis,
  torch.stft, power, Kaldi mel matrix precomputed once, ln(x + 1e-5), (x + 4.5) / 5).
- bound: the same arithmetic from the fastest kernels available here, with nothing else: framing with a strided
  view, one batched real FFT per clip, |X|^2, one dense matmul with the mel matrix, one log. Two kernel sets are
  timed every round, numpy (pocketfft, float64 FFT; OpenBLAS sgemm) and torch (pocketfft float32 FFT; torch
  matmul), and the bound is the faster of the two in that round.
- java: dev.listkit.benchmarks.audio.MelBench --serve, a child process kept warm, asked for one pass at a time.

Fairness: before torch or numpy is imported this script re-executes itself with OPENBLAS_NUM_THREADS=1,
OMP_NUM_THREADS=1, MKL_NUM_THREADS=1 and LD_LIBRARY_PATH pointing at the chosen BLAS (--blas openblas: Debian's
libopenblas0-pthread, /usr/lib/x86_64-linux-gnu/openblas-pthread; --blas reference: Debian's reference BLAS and
LAPACK, /usr/lib/x86_64-linux-gnu/blas and .../lapack), sets torch.set_num_threads(1), then checks in
/proc/self/maps which BLAS was really loaded and fails if it is not (only) the requested one. It prints versions, torch's build configuration, the
BLAS libraries mapped, OpenBLAS's own configuration and thread count, and the JVM's vector settings.

Timing: one pass = every clip once. Each round runs torch, bound and java passes for every preset in an order
rotated from round to round (so drifting machine load hits all sides alike); the first --warmup-rounds rounds
(default 2) are not counted: the JVM recompiles shared code as later presets exercise it. Times are CPU seconds of the working thread (process_time in Python, the thread's CPU time in Java),
which a busy machine disturbs far less than wall time; wall times are recorded too. Ratios are formed per round
(sides measured minutes apart are not compared) and reported as median [min - max] over rounds.
"""
import argparse
import ctypes
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time

BLAS_DIRS = {  # libblas.so.3 (and liblapack.so.3, which links BLAS too) of each Debian alternative
    "openblas": ["/usr/lib/x86_64-linux-gnu/openblas-pthread"],
    "reference": ["/usr/lib/x86_64-linux-gnu/blas", "/usr/lib/x86_64-linux-gnu/lapack"],
}
PINNED = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--classpath", required=True, help="class path of the benchmarks module")
    p.add_argument("--data", default="../shared/data/esc50/audio")
    p.add_argument("--rounds", type=int, default=5, help="counted rounds")
    p.add_argument("--warmup-rounds", type=int, default=2, help="uncounted rounds first (JIT, caches)")
    p.add_argument("--blas", choices=sorted(BLAS_DIRS), default="openblas")
    p.add_argument("--presets", default="default-16k,laion-clap,ms-clap-2023,wavcaps,whisper,efficientat")
    p.add_argument("--java-threads", default="1", help="comma-separated Java thread counts, e.g. 1,2")
    p.add_argument("--json", help="write every pass and the environment here")
    return p.parse_args()


def pin_and_reexec(args):
    """Re-executes this script with the BLAS and thread pins in the environment (they must precede loading)."""
    if os.environ.get("BENCH_MEL_PINNED") == args.blas:
        return
    lib_dirs = BLAS_DIRS[args.blas]
    if not os.path.exists(os.path.join(lib_dirs[0], "libblas.so.3")):
        sys.exit(f"BLAS '{args.blas}' not installed: {lib_dirs[0]}/libblas.so.3 missing "
                 f"(apt-get install {'libopenblas0-pthread' if args.blas == 'openblas' else 'libblas3 liblapack3'})")
    env = dict(os.environ, **PINNED, BENCH_MEL_PINNED=args.blas)
    env["LD_LIBRARY_PATH"] = ":".join(lib_dirs + ([env["LD_LIBRARY_PATH"]] if env.get("LD_LIBRARY_PATH") else []))
    os.execve(sys.executable, [sys.executable] + sys.argv, env)


def mapped_libraries(pattern):
    with open("/proc/self/maps") as f:
        paths = {line.split()[-1] for line in f if "/" in line}
    return sorted(p for p in paths if re.search(pattern, os.path.basename(p)))


def environment(args, torch, torchaudio, np):
    a = torch.randn(64, 257) @ torch.randn(257, 501)  # make sure BLAS is loaded before looking
    del a
    blas = mapped_libraries(r"blas|lapack|mkl|gomp")
    want = BLAS_DIRS[args.blas]
    other = [d for k, v in BLAS_DIRS.items() if k != args.blas for d in v]
    if not any(p.startswith(want[0] + "/") for p in blas) or any(p.startswith(d + "/") for p in blas for d in other):
        sys.exit(f"requested BLAS {want} is not (only) the one loaded: {blas}")
    info = {
        "python": platform.python_version(), "torch": torch.__version__, "torchaudio": torchaudio.__version__,
        "numpy": np.__version__, "torch_threads": torch.get_num_threads(),
        "torch_interop_threads": torch.get_num_interop_threads(),
        "env": {k: os.environ.get(k) for k in list(PINNED) + ["LD_LIBRARY_PATH"]},
        "blas_requested": args.blas, "blas_mapped": blas,
        "torch_build": [l.strip() for l in torch.__config__.show().splitlines() if "BLAS" in l or "CPU capability" in l],
        "cpu": next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?"),
        "nproc": os.cpu_count(), "loadavg_start": open("/proc/loadavg").read().split()[:3],
    }
    for p in blas:
        if "openblas" in p:
            try:
                lib = ctypes.CDLL(p)
                lib.openblas_get_config.restype = ctypes.c_char_p
                info["openblas_config"] = lib.openblas_get_config().decode()
                info["openblas_threads"] = lib.openblas_get_num_threads()
                break
            except (OSError, AttributeError):
                continue
    try:
        alt = subprocess.run(["update-alternatives", "--query", "libblas.so.3-x86_64-linux-gnu"],
                             capture_output=True, text=True).stdout
        info["system_libblas"] = next((l.split(":", 1)[1].strip() for l in alt.splitlines() if l.startswith("Value:")),
                                      "?")
    except OSError:
        info["system_libblas"] = "?"
    return info


def load_clips(d, np):
    import glob
    import wave
    out = []
    for p in sorted(glob.glob(os.path.join(d, "*.wav"))):
        with wave.open(p, "rb") as w:
            x = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float32) / 32768.0
            x = x.reshape(-1, w.getnchannels()).mean(axis=1)
        out.append(np.ascontiguousarray(x, dtype=np.float32))
    return out


def sides(torch, torchaudio, np, configs):
    """name -> (torch_fn, [bound_fns]) taking one float32 numpy clip; built once per preset."""
    import math
    F = torch.nn.functional
    out = {}
    for name, cfg in configs.items():
        n_fft, hop, win = cfg["n_fft"], cfg["hop_length"], cfg["win_length"]
        symmetric = cfg.get("window") == "hann_symmetric"
        window = torch.hann_window(win, periodic=not symmetric)
        if cfg["mel_scale"] == "kaldi":
            fb, _ = torchaudio.compliance.kaldi.get_mel_banks(cfg["n_mels"], n_fft, cfg["sample_rate"], cfg["f_min"],
                                                              cfg["f_max"], vtln_low=100.0, vtln_high=-500.0,
                                                              vtln_warp_factor=1.0)
            fb = F.pad(fb, (0, 1), mode="constant", value=0)  # (n_mels, n_fft // 2 + 1)
        else:
            fb = torchaudio.functional.melscale_fbanks(n_fft // 2 + 1, cfg["f_min"], cfg["f_max"], cfg["n_mels"],
                                                       cfg["sample_rate"], cfg["norm"], cfg["mel_scale"]).T.contiguous()
        log = cfg["log"]
        pre = cfg.get("preemphasis", 0.0)

        if name == "efficientat":
            kernel = torch.as_tensor([[[-pre, 1.0]]])

            def torch_fn(x, kernel=kernel, window=window, fb=fb, n_fft=n_fft, hop=hop, win=win, log=log):
                t = torch.from_numpy(x).unsqueeze(0)
                t = F.conv1d(t.unsqueeze(1), kernel).squeeze(1)
                s = torch.stft(t, n_fft, hop_length=hop, win_length=win, center=True, normalized=False,
                               window=window, return_complex=False)
                s = (s ** 2).sum(dim=-1)
                m = torch.matmul(fb, s)
                m = (m + log["eps"]).log()
                return (m + log["affine_shift"]) / log["affine_divisor"]
        elif log["mode"] == "WHISPER":
            def torch_fn(x, window=window, fb=fb, n_fft=n_fft, hop=hop):
                s = torch.stft(torch.from_numpy(x), n_fft, hop, window=window, return_complex=True)
                mag = s[..., :-1].abs() ** 2
                m = fb @ mag
                y = torch.clamp(m, min=1e-10).log10()
                y = torch.maximum(y, y.max() - 8.0)
                return (y + 4.0) / 4.0
        else:
            ms = torchaudio.transforms.MelSpectrogram(
                sample_rate=cfg["sample_rate"], n_fft=n_fft, win_length=win, hop_length=hop, f_min=cfg["f_min"],
                f_max=cfg["f_max"], n_mels=cfg["n_mels"], power=cfg["power"], norm=cfg["norm"],
                mel_scale=cfg["mel_scale"])
            db = torchaudio.transforms.AmplitudeToDB(stype="power", top_db=log["top_db"])

            def torch_fn(x, ms=ms, db=db):
                return db(ms(torch.from_numpy(x)))

        # bound: the kernels only (frame view, window multiply, one rfft, |X|^2, one matmul, one log)
        wpad = torch.zeros(n_fft)
        left = (n_fft - win) // 2
        wpad[left:left + win] = window
        logf_t = torch.log10 if log["mode"] in ("DB", "WHISPER") else torch.log
        logf_n = np.log10 if log["mode"] in ("DB", "WHISPER") else np.log
        fb_n = fb.numpy()
        w_n = wpad.numpy()
        floor = log.get("amin", log.get("eps", 1e-10))

        def bound_torch(x, wpad=wpad, fb=fb, n_fft=n_fft, hop=hop, pre=pre, logf=logf_t, floor=floor):
            t = torch.from_numpy(x)
            if pre:
                t = t[1:] - pre * t[:-1]
            t = F.pad(t[None, None], (n_fft // 2, n_fft // 2), mode="reflect")[0, 0]
            X = torch.fft.rfft(t.unfold(0, n_fft, hop) * wpad)  # (T, n_fft // 2 + 1)
            p = X.real ** 2 + X.imag ** 2
            return logf(fb @ p.T + floor)

        def bound_numpy(x, w=w_n, fb=fb_n, n_fft=n_fft, hop=hop, pre=pre, logf=logf_n, floor=floor):
            if pre:
                x = x[1:] - np.float32(pre) * x[:-1]
            xp = np.pad(x, n_fft // 2, mode="reflect")
            frames = np.lib.stride_tricks.sliding_window_view(xp, n_fft)[::hop] * w
            X = np.fft.rfft(frames)
            p = (X.real ** 2 + X.imag ** 2).astype(np.float32)
            return logf(fb @ p.T + np.float32(floor))

        out[name] = (torch_fn, [("torch-kernels", bound_torch), ("numpy-kernels", bound_numpy)])
    return out


def timed_pass(fn, clips):
    w0, c0 = time.perf_counter(), time.process_time()
    for x in clips:
        fn(x)
    return time.perf_counter() - w0, time.process_time() - c0


def main():
    args = parse_args()
    pin_and_reexec(args)
    import numpy as np
    import torch
    import torchaudio
    torch.set_num_threads(1)
    torch.set_num_interop_threads(1)
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from mel_reference import CONFIGS

    presets = args.presets.split(",")
    unknown = [p for p in presets if p not in CONFIGS]
    if unknown:
        sys.exit(f"unknown presets {unknown}; known: {list(CONFIGS)}")
    java_threads = [int(t) for t in args.java_threads.split(",")]
    env = environment(args, torch, torchaudio, np)
    for k, v in env.items():
        print(f"env {k}: {v}", flush=True)
    clips = load_clips(args.data, np)
    fns = sides(torch, torchaudio, np, {p: CONFIGS[p] for p in presets})

    java = subprocess.Popen(["java", "-cp", args.classpath, "dev.listkit.benchmarks.audio.MelBench", "--serve",
                             args.data], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
    ready = java.stdout.readline().strip()
    print("env java:", ready, flush=True)
    if not ready.startswith("ready") or f"clips={len(clips)}" not in ready:
        sys.exit(f"Java side did not start as expected: {ready!r}")
    env["java"] = ready

    def java_pass(preset, threads):
        java.stdin.write(f"run {preset} {threads}\n")
        java.stdin.flush()
        line = java.stdout.readline().strip()
        m = re.search(r"seconds=([\d.]+) cpu_seconds=([\d.]+)", line)
        if not m:
            sys.exit(f"bad answer from Java: {line!r}")
        return float(m[1]), float(m[2])

    passes = []  # dicts: round, preset, side, threads, wall, cpu
    order_base = ["torch", "bound", "java"]
    with torch.inference_mode():
        for r in range(args.warmup_rounds + args.rounds):  # the first warmup_rounds are not counted
            for i, preset in enumerate(presets):
                torch_fn, bounds = fns[preset]
                k = (r + i) % 3
                for side in order_base[k:] + order_base[:k]:
                    if side == "torch":
                        runs = [("torch", 1, timed_pass(torch_fn, clips))]
                    elif side == "bound":
                        runs = [(label, 1, timed_pass(fn, clips)) for label, fn in bounds]
                    else:
                        runs = []
                        for t in java_threads:
                            if r == 0:
                                java_pass(preset, t)  # extra JIT warm-up
                            runs.append(("java", t, java_pass(preset, t)))
                    for label, t, (wall, cpu) in runs:
                        passes.append(dict(round=r, counted=r >= args.warmup_rounds, preset=preset, side=label,
                                           threads=t, wall=wall, cpu=cpu))
                        print(f"round {r} {preset:13s} {label:14s} threads={t} wall={wall:.3f}s cpu={cpu:.3f}s "
                              f"({cpu / len(clips) * 1e3:.3f} ms/clip)", flush=True)
    java.stdin.close()
    java.wait()
    env["loadavg_end"] = open("/proc/loadavg").read().split()[:3]

    rows = summarise(passes, presets, java_threads, len(clips))
    print(f"\nloadavg start {env['loadavg_start']} end {env['loadavg_end']}; {args.rounds} counted rounds, "
          f"{len(clips)} clips; CPU ms per clip (median over rounds); ratios per round, median [min - max]")
    print("\n| preset | torch | bound (kernels) | Java 1 thread | Java vs torch (×, CPU) | Java / bound (CPU) "
          "| Java vs torch (×, wall) |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['preset']} | {r['torch_ms']:.3f} | {r['bound_ms']:.3f} ({r['bound_kind']}) | {r['java_ms']:.3f} "
              f"| {fmt(r['speedup_cpu'])} | {fmt(r['java_over_bound_cpu'])} | {fmt(r['speedup_wall'])} |")
    for t in java_threads:
        if t > 1:
            print(f"\nJava {t} threads, wall speedup over Java 1 thread (per round): " + ", ".join(
                f"{r['preset']} {fmt(r['scaling'][t])}" for r in rows))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"env": env, "passes": passes, "summary": rows}, f, indent=1)
        print(f"\nwrote {args.json}")


def fmt(stats):
    return f"{stats[0]:.2f} [{stats[1]:.2f} - {stats[2]:.2f}]"


def spread(values):
    return statistics.median(values), min(values), max(values)


def summarise(passes, presets, java_threads, n_clips):
    rows = []
    for preset in presets:
        counted = [p for p in passes if p["preset"] == preset and p["counted"]]
        rounds = sorted({p["round"] for p in counted})

        def get(r, side, threads=1, key="cpu"):
            return next(p[key] for p in counted if p["round"] == r and p["side"] == side and p["threads"] == threads)

        sp_cpu, sp_wall, over_bound, torch_ms, java_ms, bound_ms, kinds = [], [], [], [], [], [], []
        scaling = {t: [] for t in java_threads if t > 1}
        for r in rounds:
            tc, jc = get(r, "torch"), get(r, "java")
            bc = {k: get(r, k) for k in ("torch-kernels", "numpy-kernels")}
            kind = min(bc, key=bc.get)
            sp_cpu.append(tc / jc)
            sp_wall.append(get(r, "torch", key="wall") / get(r, "java", key="wall"))
            over_bound.append(jc / bc[kind])
            torch_ms.append(tc / n_clips * 1e3)
            java_ms.append(jc / n_clips * 1e3)
            bound_ms.append(bc[kind] / n_clips * 1e3)
            kinds.append(kind)
            for t in scaling:
                scaling[t].append(get(r, "java", key="wall") / get(r, "java", t, key="wall"))
        rows.append(dict(preset=preset, torch_ms=statistics.median(torch_ms), java_ms=statistics.median(java_ms),
                         bound_ms=statistics.median(bound_ms), bound_kind=statistics.mode(kinds),
                         speedup_cpu=spread(sp_cpu), speedup_wall=spread(sp_wall),
                         java_over_bound_cpu=spread(over_bound), scaling={t: spread(v) for t, v in scaling.items()}))
    return rows


if __name__ == "__main__":
    main()
