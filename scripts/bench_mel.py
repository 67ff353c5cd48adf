#!/usr/bin/python3
"""torchaudio side of scripts/bench_mel.sh: log-mel throughput, single-threaded, decode excluded.

    /usr/bin/python3 scripts/bench_mel.py DIR [passes]

Reads every WAV in DIR with wave + numpy into float32 tensors first, then times passes of
MelSpectrogram + AmplitudeToDB (float32, torch.set_num_threads(1)) per clip, for the same two
parameter sets as MelBench (default-16k and laion-clap), printing one line per timed pass.
"""
import glob
import os
import sys
import time
import wave

import numpy as np
import torch
import torchaudio

torch.set_num_threads(1)

PRESETS = {
    "default-16k": (dict(sample_rate=16000, n_fft=512, win_length=400, hop_length=160, n_mels=64,
                         f_min=50.0, f_max=8000.0), 80.0),
    "laion-clap": (dict(sample_rate=48000, n_fft=1024, win_length=1024, hop_length=480, n_mels=64,
                        f_min=50.0, f_max=14000.0), None),
}


def load(d):
    out = []
    for p in sorted(glob.glob(os.path.join(d, "*.wav"))):
        with wave.open(p, "rb") as w:
            x = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float32) / 32768.0
            x = x.reshape(-1, w.getnchannels()).mean(axis=1)
        out.append(torch.from_numpy(np.ascontiguousarray(x, dtype=np.float32)))
    return out


def main():
    d = sys.argv[1]
    passes = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    clips = load(d)
    for name, (kw, top_db) in PRESETS.items():
        mel = torchaudio.transforms.MelSpectrogram(power=2.0, norm="slaney", mel_scale="slaney", **kw)
        db = torchaudio.transforms.AmplitudeToDB(stype="power", top_db=top_db)
        with torch.inference_mode():
            for p in range(passes + 1):  # first pass is warm-up
                t0 = time.perf_counter()
                c0 = time.process_time()
                for c in clips:
                    db(mel(c))
                s = time.perf_counter() - t0
                cpu = time.process_time() - c0
                if p > 0:
                    print(f"torch preset={name} threads=1 clips={len(clips)} seconds={s:.4f} "
                          f"clips_per_s={len(clips) / s:.1f} cpu_clips_per_s={len(clips) / cpu:.1f}", flush=True)


if __name__ == "__main__":
    main()
