"""Pins and reports the PyTorch/numpy reference side of a benchmark (imported by bench_train.py, bench_coca.py).

    import bench_ref
    if __name__ == "__main__":
        bench_ref.pin()          # before torch or numpy is imported
    import torch
    ...
    print(bench_ref.report(torch))

pin() reads --threads N (default 1) and --blas openblas|reference (default openblas) from the command line and,
unless already done, re-executes the script with OPENBLAS_NUM_THREADS=N, OMP_NUM_THREADS=N, MKL_NUM_THREADS=N and
LD_LIBRARY_PATH on Debian's chosen BLAS (the pins must be in the environment before the libraries load).
report() sets nothing: it checks in /proc/self/maps that the requested BLAS is the one loaded (exit 2 if not) and
returns one line `env side=python ...` with versions, torch's BLAS build line, the BLAS/OpenMP libraries mapped,
OpenBLAS's own configuration and thread count, and torch's intra-op/inter-op threads in effect.
The same checks as scripts/bench_mel.py, which keeps its own copy (its JSON output records them).
"""
import argparse
import ctypes
import os
import platform
import re
import sys

BLAS_DIRS = {  # libblas.so.3 (and liblapack.so.3, which links BLAS too) of each Debian alternative
    "openblas": ["/usr/lib/x86_64-linux-gnu/openblas-pthread"],
    "reference": ["/usr/lib/x86_64-linux-gnu/blas", "/usr/lib/x86_64-linux-gnu/lapack"],
}
THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def _requested():
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--blas", choices=sorted(BLAS_DIRS), default="openblas")
    a, _ = p.parse_known_args()
    if a.threads < 1:
        sys.exit("--threads must be >= 1 (the reference is pinned, never left at torch's default)")
    return a


def add_arguments(parser):
    """Declares --threads and --blas on the script's own parser (pin() has already read them)."""
    parser.add_argument("--threads", type=int, default=1, help="intra-op threads = BLAS/OpenMP threads (pinned)")
    parser.add_argument("--blas", choices=sorted(BLAS_DIRS), default="openblas",
                        help="BLAS that torch/numpy load (Debian alternatives, selected by LD_LIBRARY_PATH)")


def pin():
    a = _requested()
    tag = f"{a.blas}:{a.threads}"
    if os.environ.get("BENCH_REF_PINNED") == tag:
        return
    dirs = BLAS_DIRS[a.blas]
    if not os.path.exists(os.path.join(dirs[0], "libblas.so.3")):
        sys.exit(f"BLAS '{a.blas}' not installed: {dirs[0]}/libblas.so.3 missing "
                 f"(apt-get install {'libopenblas0-pthread' if a.blas == 'openblas' else 'libblas3 liblapack3'})")
    env = dict(os.environ, BENCH_REF_PINNED=tag, **{k: str(a.threads) for k in THREAD_VARS})
    env["LD_LIBRARY_PATH"] = ":".join(dirs + ([env["LD_LIBRARY_PATH"]] if env.get("LD_LIBRARY_PATH") else []))
    os.execve(sys.executable, [sys.executable] + sys.argv, env)


def _mapped(pattern):
    with open("/proc/self/maps") as f:
        paths = {line.split()[-1] for line in f if "/" in line}
    return sorted(p for p in paths if re.search(pattern, os.path.basename(p)))


def report(torch):
    a = _requested()
    (torch.randn(64, 257) @ torch.randn(257, 65)).sum().item()  # BLAS is loaded lazily: load it before looking
    import numpy as np
    libs = _mapped(r"blas|lapack|mkl|gomp|iomp")
    want = BLAS_DIRS[a.blas]
    other = [d for k, v in BLAS_DIRS.items() if k != a.blas for d in v]
    if not any(p.startswith(want[0] + "/") for p in libs) or any(p.startswith(d + "/") for p in libs for d in other):
        print(f"requested BLAS {want} is not (only) the one loaded: {libs}", file=sys.stderr)
        sys.exit(2)
    ob_config, ob_threads = "-", "-"
    for p in libs:
        if "openblas" in p:
            try:
                lib = ctypes.CDLL(p)
                lib.openblas_get_config.restype = ctypes.c_char_p
                ob_config = lib.openblas_get_config().decode().replace(" ", "_")
                ob_threads = lib.openblas_get_num_threads()
                break
            except (OSError, AttributeError):
                continue
    config = torch.__config__.show()
    build = ",".join(re.findall(r"\b(?:BLAS_INFO|LAPACK_INFO|USE_MKLDNN|USE_OPENMP)=[^,\s]+", config)
                     + [f"cpu_capability={m}" for m in re.findall(r"CPU capability usage: (\S+)", config)]) or "-"
    return (f"env side=python python={platform.python_version()} torch={torch.__version__} numpy={np.__version__} "
            f"cores={os.cpu_count()} load={','.join(open('/proc/loadavg').read().split()[:3])} "
            f"intra_op_threads={torch.get_num_threads()} inter_op_threads={torch.get_num_interop_threads()} "
            + " ".join(f"{k}={os.environ.get(k)}" for k in THREAD_VARS)
            + f" blas={a.blas} openblas_threads={ob_threads} openblas_config={ob_config} torch_build={build}"
            f" native={','.join(os.path.basename(p) for p in libs)}")
