#!/usr/bin/python3
"""Reference log-mel arrays for MelParityTest, computed with torchaudio.

Command (from the repository root; writes modality-audio/src/test/resources/mel-reference/):

    /usr/bin/python3 scripts/mel_reference.py [DATA_ROOT]        # DATA_ROOT defaults to ../shared/data

For every preset of dev.listkit.audio.mel.MelPresets (plus two non-preset variants that cover the
other window, padding, scale, norm, power and log options) and for each of three real clips (two
16 kHz ESC-50 clips, one 44.1 kHz original), it takes a fixed 1 s slice of the decoded samples
(the loudest 1 s, offset recorded), computes torchaudio.transforms.MelSpectrogram in float64
(the module's window and filter bank are built by torchaudio in float32 and cast with .double();
STFT, mel product and log run in float64), then the preset's log stage, and stores the result as
float32 little-endian (nMels, frames), row-major, in <name>__<clip>.f32, indexed by index.json.

Beside each reference the same computation in float32 (what the models see; torchaudio's own float path) is
compared with it and its largest deviation recorded in index.json: float32MaxAbsDiffDb (dB presets, over the cells
within 80 dB of the maximum, as MelParityTest compares) or float32MaxAbsDiff (efficientat, output units). It says how
far torch itself is from the float64 reference, next to listkit's deviation in MelParityTest.

The "efficientat" entries follow EfficientAT's own front end (models/preprocess.py AugmentMelSTFT in eval
mode) rather than MelSpectrogram: conv1d pre-emphasis [-0.97, 1], torch.stft with a symmetric Hann window
of 800 in n_fft 1024, power, torchaudio.compliance.kaldi.get_mel_banks + one zero column, ln(x + 1e-5),
(x + 4.5) / 5. It runs in float64 too (the Kaldi filter bank, built by torchaudio in float32, is cast);
the float32 run that the model actually saw is recorded beside it as float32MaxAbsDiff.

The check is of the mel function, not of the resampler: samples are fed as they are with the
preset's parameters, so the nominal rate of a clip (16 or 44.1 kHz) is ignored here.
WAV files are read with Python's wave module + numpy (16-bit PCM, channels averaged, / 32768),
independently of the Java decoder.
"""
import json
import math
import os
import sys
import wave

import numpy as np
import torch
import torchaudio

CLIPS = [
    "esc50/audio/4-102844-A-49.wav",
    "esc50/audio/4-164064-C-1.wav",
    "esc50/original-44k/4-132816-A-26.wav",
]
SLICE_SECONDS = 1.0

# name -> torchaudio MelSpectrogram kwargs + log stage. Must match MelPresets / MelParityTest.
SLANEY = dict(norm="slaney", mel_scale="slaney")
CONFIGS = {
    "default-16k": dict(sample_rate=16000, n_fft=512, win_length=400, hop_length=160, n_mels=64,
                        f_min=50.0, f_max=8000.0, power=2.0, **SLANEY,
                        log=dict(mode="DB", amin=1e-10, ref=1.0, top_db=80.0)),
    "laion-clap": dict(sample_rate=48000, n_fft=1024, win_length=1024, hop_length=480, n_mels=64,
                       f_min=50.0, f_max=14000.0, power=2.0, **SLANEY,
                       log=dict(mode="DB", amin=1e-10, ref=1.0, top_db=None)),
    "ms-clap-2023": dict(sample_rate=44100, n_fft=1024, win_length=1024, hop_length=320, n_mels=64,
                         f_min=50.0, f_max=8000.0, power=2.0, **SLANEY,
                         log=dict(mode="DB", amin=1e-10, ref=1.0, top_db=None)),
    "wavcaps": dict(sample_rate=32000, n_fft=1024, win_length=1024, hop_length=320, n_mels=64,
                    f_min=50.0, f_max=14000.0, power=2.0, **SLANEY,
                    log=dict(mode="DB", amin=1e-10, ref=1.0, top_db=None)),
    "whisper": dict(sample_rate=16000, n_fft=400, win_length=400, hop_length=160, n_mels=80,
                    f_min=0.0, f_max=8000.0, power=2.0, **SLANEY,
                    log=dict(mode="WHISPER"), drop_last=True),
    # Non-preset variants: periodic Hamming, constant padding, HTK scale, no norm, magnitude, ln(x + eps).
    "variant-htk-log": dict(sample_rate=22050, n_fft=1024, win_length=1024, hop_length=256, n_mels=40,
                            f_min=0.0, f_max=11025.0, power=1.0, norm=None, mel_scale="htk",
                            window="hamming", pad_mode="constant", log=dict(mode="LOG", eps=1e-6)),
    # EfficientAT mn04_as (see the module docstring); log in natural-log units, then (x + 4.5) / 5.
    "efficientat": dict(sample_rate=32000, n_fft=1024, win_length=800, hop_length=320, n_mels=128,
                        f_min=0.0, f_max=15000.0, power=2.0, norm=None, mel_scale="kaldi",
                        window="hann_symmetric", preemphasis=0.97,
                        log=dict(mode="LOG", eps=1e-5, affine_shift=4.5, affine_divisor=5.0)),
    # Symmetric Hann shorter than n_fft, not centred, odd FFT size, dB with ref 10 and amin 1e-5.
    "variant-sym-nocenter": dict(sample_rate=16000, n_fft=511, win_length=300, hop_length=100, n_mels=32,
                                 f_min=100.0, f_max=7000.0, power=2.0, **SLANEY, window="hann_symmetric",
                                 center=False, log=dict(mode="DB", amin=1e-5, ref=10.0, top_db=None)),
}


def read_wav(path):
    with wave.open(path, "rb") as w:
        assert w.getsampwidth() == 2, path
        ch = w.getnchannels()
        rate = w.getframerate()
        x = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float64) / 32768.0
    # average channels as the Java decoder does (float32 per sample, as Java stores them)
    x = x.reshape(-1, ch).mean(axis=1).astype(np.float32)
    return x, rate


def loudest_slice(x, length):
    if len(x) <= length:
        return 0
    energy = np.convolve(x.astype(np.float64) ** 2, np.ones(length), mode="valid")
    step = 1000  # coarse grid keeps offsets round and readable
    cands = list(range(0, len(x) - length + 1, step))
    return int(max(cands, key=lambda o: energy[o]))


def window_fn(name):
    if name == "hann_symmetric":
        return torch.hann_window, dict(periodic=False)
    if name == "hamming":
        return torch.hamming_window, None
    return torch.hann_window, None


def efficientat(cfg, samples, dtype):
    """EfficientAT AugmentMelSTFT.forward in eval mode, in dtype (as in models/preprocess.py)."""
    x = torch.as_tensor(samples.astype(np.float64), dtype=dtype).unsqueeze(0)  # (1, N)
    kernel = torch.as_tensor([[[-cfg["preemphasis"], 1.0]]], dtype=dtype)
    x = torch.nn.functional.conv1d(x.unsqueeze(1), kernel).squeeze(1)  # (1, N - 1)
    window = torch.hann_window(cfg["win_length"], periodic=False).to(dtype)  # built in float32, as the model's
    x = torch.stft(x, cfg["n_fft"], hop_length=cfg["hop_length"], win_length=cfg["win_length"], center=True,
                   normalized=False, window=window, return_complex=False)
    x = (x ** 2).sum(dim=-1)  # (1, n_fft // 2 + 1, T) power
    banks, _ = torchaudio.compliance.kaldi.get_mel_banks(cfg["n_mels"], cfg["n_fft"], cfg["sample_rate"],
                                                         cfg["f_min"], cfg["f_max"], vtln_low=100.0,
                                                         vtln_high=-500.0, vtln_warp_factor=1.0)
    banks = torch.nn.functional.pad(banks, (0, 1), mode="constant", value=0).to(dtype)  # (n_mels, n_fft // 2 + 1)
    mel = torch.matmul(banks, x)
    log = cfg["log"]
    mel = (mel + log["eps"]).log()
    return ((mel + log["affine_shift"]) / log["affine_divisor"])[0]  # (n_mels, T)


def reference(cfg, samples):
    if cfg["mel_scale"] == "kaldi":
        with torch.no_grad():
            y = efficientat(cfg, samples, torch.float64)
            y32 = efficientat(cfg, samples, torch.float32)
        # output unit = affine_divisor natural-log units of power = divisor * 10 / ln 10 dB
        db_per_unit = cfg["log"]["affine_divisor"] * 10.0 / math.log(10.0)
        return y.numpy(), db_per_unit, float((y32.double() - y).abs().max())
    y64, db_per_unit = mel_db(cfg, samples, torch.float64)
    y32, _ = mel_db(cfg, samples, torch.float32)
    keep = y64 * db_per_unit > (y64 * db_per_unit).max() - 80.0
    return y64, db_per_unit, float((np.abs(y32.astype(np.float64) - y64) * db_per_unit)[keep].max())


def mel_db(cfg, samples, dtype):
    """torchaudio MelSpectrogram (window and filters built in float32, as torchaudio does) + the log stage, in dtype."""
    fn, wkw = window_fn(cfg.get("window", "hann"))
    ms = torchaudio.transforms.MelSpectrogram(
        sample_rate=cfg["sample_rate"], n_fft=cfg["n_fft"], win_length=cfg["win_length"],
        hop_length=cfg["hop_length"], f_min=cfg["f_min"], f_max=cfg["f_max"], n_mels=cfg["n_mels"],
        window_fn=fn, wkwargs=wkw, power=cfg["power"], center=cfg.get("center", True),
        pad_mode=cfg.get("pad_mode", "reflect"), norm=cfg["norm"], mel_scale=cfg["mel_scale"]).to(dtype)
    with torch.no_grad():
        mel = ms(torch.from_numpy(samples.astype(np.float64)).to(dtype)).double()  # (n_mels, frames)
        if cfg.get("drop_last"):
            mel = mel[:, :-1]
        log = cfg["log"]
        if log["mode"] == "DB":
            stype = "power" if cfg["power"] == 2.0 else "magnitude"
            out = torchaudio.transforms.AmplitudeToDB(stype=stype, top_db=log["top_db"])
            out.amin = log["amin"]
            out.ref_value = log["ref"]
            out.db_multiplier = math.log10(max(log["amin"], log["ref"]))
            y = out(mel)
            db_per_unit = 1.0
        elif log["mode"] == "LOG":
            y = torch.log(mel + log["eps"])
            db_per_unit = 10.0 * cfg["power"] / math.log(10.0)
        else:  # Whisper's log_mel_spectrogram
            y = torch.clamp(mel, min=1e-10).log10()
            y = torch.maximum(y, y.max() - 8.0)
            y = (y + 4.0) / 4.0
            db_per_unit = 40.0
    return y.numpy(), db_per_unit


def main():
    data_root = sys.argv[1] if len(sys.argv) > 1 else "../shared/data"
    out_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                           "modality-audio/src/test/resources/mel-reference")
    os.makedirs(out_dir, exist_ok=True)
    index = {"torch": torch.__version__, "torchaudio": torchaudio.__version__, "dtype": "float64",
             "sliceSeconds": SLICE_SECONDS, "entries": []}
    clips = []
    for rel in CLIPS:
        x, rate = read_wav(os.path.join(data_root, rel))
        length = int(SLICE_SECONDS * rate)
        off = loudest_slice(x, length)
        clips.append((rel, rate, off, x[off:off + length]))
    for name, cfg in CONFIGS.items():
        for rel, rate, off, s in clips:
            y, db_per_unit, f32_diff = reference(cfg, s)
            clip_id = os.path.splitext(os.path.basename(rel))[0]
            fname = f"{name}__{clip_id}.f32"
            y.astype("<f4").tofile(os.path.join(out_dir, fname))
            params = {k: v for k, v in cfg.items() if k != "log"}
            index["entries"].append({
                "config": name, "clip": rel, "clipRateHz": rate, "offsetSamples": off,
                "lengthSamples": len(s), "shape": [1, y.shape[0], y.shape[1]], "file": fname,
                "dbPerUnit": db_per_unit, "params": params, "log": cfg["log"]})
            key = "float32MaxAbsDiff" if cfg["mel_scale"] == "kaldi" else "float32MaxAbsDiffDb"
            index["entries"][-1][key] = f32_diff
            print(f"{name:22s} {rel:40s} shape {y.shape} max {y.max():.3f} float32 vs float64 max |diff| {f32_diff:.2e}")
    with open(os.path.join(out_dir, "index.json"), "w") as f:
        json.dump(index, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
