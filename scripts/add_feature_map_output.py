#!/usr/bin/env python3
"""Adds a graph output 'feature_map' (an Identity of an existing value) to an ONNX model, in place.

Usage: add_feature_map_output.py MODEL.onnx VALUE DIM...   (e.g. mn04_as.onnx hardswish_19 batch 384 4 time_frames_32)
Each DIM is a number (fixed) or a name (dynamic axis). External weights stay where they are (next to the model).
Used by scripts/download-models.sh; needs the onnx package (Debian: python3-onnx).
"""
import sys

import onnx
from onnx import TensorProto, helper


def main():
    path, value, dims = sys.argv[1], sys.argv[2], sys.argv[3:]
    model = onnx.load(path, load_external_data=False)
    graph = model.graph
    if any(o.name == "feature_map" for o in graph.output):
        print(f"{path}: already has a feature_map output")
        return
    produced = {o for n in graph.node for o in n.output}
    if value not in produced:
        sys.exit(f"{path}: no value '{value}' in the graph; is this the expected release?")
    graph.node.append(helper.make_node("Identity", [value], ["feature_map"], name="feature_map_out"))
    shape = [int(d) if d.isdigit() else d for d in dims]
    graph.output.append(helper.make_tensor_value_info("feature_map", TensorProto.FLOAT, shape))
    onnx.save(model, path)
    print(f"{path}: added feature_map = {value} {shape}")


if __name__ == "__main__":
    main()
