#!/usr/bin/env bash
# Produces the pretrained model files of the *-pretrained recipes in a models root laid out as listkit reads it
# (the same layout as ../shared/models), from the models' own published releases. For machines with internet
# access; nothing here runs in CI, and nothing in listkit downloads at run time.
#
#   scripts/download-models.sh MODELS_ROOT [efficientat-mn04] [mobilenetv2]     # default: both
#   scripts/listkit train --recipe audio-paired-baseline-pretrained --models-root MODELS_ROOT
#
# Needs curl and Python 3 with the onnx package (Debian: python3-onnx) to add the one extra output listkit reads
# (the last feature map before pooling, as an Identity output named feature_map; the weights are unchanged).
# Written without network access, so the downloads are untested: the URLs are the releases' published locations
# as of 2026. What was checked here: add_feature_map_output.py, run on the shared files with their feature_map
# output removed, gives back both shared .onnx files byte for byte. The script prints each file's SHA-256 beside
# the one of the files listkit was measured with.
#
# Licences: EfficientAT (mn04_as weights and code) MIT; AudioSet class labels (Google) CC BY-SA 4.0;
# MobileNetV2 from the ONNX Model Zoo Apache-2.0; ImageNet class names as published in pytorch/hub (BSD-3-Clause).
set -euo pipefail
root="${1:?usage: $0 MODELS_ROOT [efficientat-mn04] [mobilenetv2]}"; shift
models=("$@"); [[ ${#models[@]} -gt 0 ]] || models=(efficientat-mn04 mobilenetv2)
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PY=${PYTHON:-python3}
fetch() { curl -fL --retry 3 -o "$2" "$1"; }
check() { # file expected-sha256
  local got; got=$(sha256sum "$1" | cut -d' ' -f1)
  if [[ "$got" == "$2" ]]; then echo "ok  $1"; else echo "note $1: sha256 $got (measured with $2)"; fi
}

efficientat-mn04() {
  # EfficientAT mn04_as (F. Schmid et al., ICASSP 2023; weights: github.com/fschmid56/EfficientAT release v0.0.1,
  # mn04_as_mAP_432.pt), as exported to ONNX (opset 18, external weights) by github.com/Nek1tt/Sound-Detector at
  # commit 0b2528de; the models root adds the output feature_map = the HardSwish output 'hardswish_19' that the
  # model mean-pools into 'features'. To export from the EfficientAT release yourself instead: clone
  # fschmid56/EfficientAT, build get_mobilenet(width_mult=0.4, pretrained_name="mn04_as"), and export with
  # torch.onnx.export(..., dynamo=True) returning (logits, features, the last feature map) with dynamic batch and
  # time axes; listkit needs the input named 'spec' (B, 1, 128, T) and those three outputs.
  local dir="$root/efficientat-mn04" sha=0b2528de28b94533a7fb1fd77afaf061b4c8cb91
  mkdir -p "$dir"
  fetch "https://github.com/Nek1tt/Sound-Detector/raw/$sha/exports/mn04_as.onnx" "$dir/mn04_as.onnx"
  fetch "https://github.com/Nek1tt/Sound-Detector/raw/$sha/exports/mn04_as.onnx.data" "$dir/mn04_as.onnx.data"
  "$PY" "$here/add_feature_map_output.py" "$dir/mn04_as.onnx" hardswish_19 batch 384 4 time_frames_32
  # The AudioSet ontology's 527 classes in output order (index,mid,display_name).
  fetch http://storage.googleapis.com/us_audioset/youtube_corpus/v1/csv/class_labels_indices.csv \
    "$dir/audioset_labels.csv"
  check "$dir/mn04_as.onnx" b17606827b9a21044b614a93a50580e2c62d683a1c5ce034c10e6f44eee0ea1f
  check "$dir/mn04_as.onnx.data" b0089be316d1a45d6c5645f156837196167a91fdc63e1f5d62f8b47f064d3f5c
  check "$dir/audioset_labels.csv" fb5c4a6cdb124ebce2840afbe56b53b72b71f3366c507cea9336b58d05f218a5
}

mobilenetv2() {
  # MobileNetV2-1.0, int8, from the ONNX Model Zoo (mobilenetv2-12-int8); the models root adds the output
  # feature_map = the dequantised last feature map '627' (B, 1280, 7, 7) before global average pooling.
  local dir="$root/mobilenetv2"
  mkdir -p "$dir"
  fetch https://github.com/onnx/models/raw/main/validated/vision/classification/mobilenet/model/mobilenetv2-12-int8.onnx \
    "$dir/mobilenetv2-12-int8.onnx"
  "$PY" "$here/add_feature_map_output.py" "$dir/mobilenetv2-12-int8.onnx" 627 batch_size 1280 7 7
  fetch https://raw.githubusercontent.com/pytorch/hub/master/imagenet_classes.txt "$dir/imagenet_classes.txt"
  check "$dir/mobilenetv2-12-int8.onnx" e99054de83f5666025e5c60ac20141c5edfad6b0064fd2216a591a46a960c008
  check "$dir/imagenet_classes.txt" 1f386e0d1cb6e28b9c2dac651c3dea6801e98ad1b41a14ce6bb1a093d72069f5
}

for m in "${models[@]}"; do
  case "$m" in
    efficientat-mn04|mobilenetv2) "$m" ;;
    *) echo "unknown model '$m'; models: efficientat-mn04 mobilenetv2" >&2; exit 2 ;;
  esac
done
