#!/usr/bin/env python3
"""Writes the tiny ONNX image backbone used by modality-vision's OnnxBackboneTest, and its reference outputs.

Usage: /usr/bin/python3 scripts/make_tiny_onnx.py [OUT_DIR]
(default OUT_DIR: modality-vision/src/test/resources/onnx). Needs torch (1.13 has torch.onnx.export).

tiny-backbone.onnx: input "pixels" (B, 3, 16, 16), normalised with ImageNet's mean/std;
  outputs "tokens" (B, 16, 8): a 4x4-stride-4 convolution + tanh, one token per 4x4 patch (row-major),
  and "pooled" (B, 8): the token mean followed by a linear layer.
tiny-backbone-reference.json: for a fixed uint8 image (the "raw" RGB values in [0, 1]), the outputs the
  model gives after ImageNet normalisation, so Java can check its pre-processing and read-out.
"""
import json
import os
import sys

import torch

MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]


class Tiny(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.patch = torch.nn.Conv2d(3, 8, kernel_size=4, stride=4)
        self.head = torch.nn.Linear(8, 8)

    def forward(self, pixels):
        maps = torch.tanh(self.patch(pixels))          # (B, 8, 4, 4)
        tokens = maps.flatten(2).transpose(1, 2)       # (B, 16, 8)
        return tokens, self.head(tokens.mean(dim=1))   # (B, 16, 8), (B, 8)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "modality-vision/src/test/resources/onnx"
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(0)
    model = Tiny().eval()
    example = torch.zeros(1, 3, 16, 16)
    torch.onnx.export(model, example, os.path.join(out, "tiny-backbone.onnx"), input_names=["pixels"],
                      output_names=["tokens", "pooled"], opset_version=13,
                      dynamic_axes={"pixels": {0: "batch"}, "tokens": {0: "batch"}, "pooled": {0: "batch"}})
    # A fixed image: raw[c][y][x] = ((7c + 3y + 5x) mod 17) / 16, RGB values in [0, 1].
    raw = torch.tensor([[[((7 * c + 3 * y + 5 * x) % 17) / 16.0 for x in range(16)] for y in range(16)]
                        for c in range(3)])
    norm = (raw - torch.tensor(MEAN).view(3, 1, 1)) / torch.tensor(STD).view(3, 1, 1)
    with torch.no_grad():
        tokens, pooled = model(norm.unsqueeze(0))
    ref = {"mean": MEAN, "std": STD, "tokens": tokens[0].tolist(), "pooled": pooled[0].tolist()}
    with open(os.path.join(out, "tiny-backbone-reference.json"), "w") as f:
        json.dump(ref, f)


if __name__ == "__main__":
    main()
