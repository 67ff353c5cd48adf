#!/usr/bin/env bash
# Downloads the full public datasets into a data root laid out as listkit's readers expect
# (the same layout as ../shared/data). For machines with internet access; nothing here runs in CI.
#
#   scripts/download-datasets.sh DATA_ROOT esc50 urbansound8k clotho flickr8k cifar10
#
# Licences differ per dataset (several are non-commercial); read them before use.
# Written without network access to test it: URLs are the datasets' published locations as of 2026.
set -euo pipefail
root="${1:?usage: $0 DATA_ROOT DATASET...}"; shift
mkdir -p "$root"; tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT

fetch() { curl -fL --retry 3 -o "$2" "$1"; }

esc50() {  # K. J. Piczak, CC BY-NC 3.0
  fetch https://github.com/karolpiczak/ESC-50/archive/refs/heads/master.zip "$tmp/esc50.zip"
  unzip -q "$tmp/esc50.zip" -d "$tmp" && mkdir -p "$root/esc50"
  cp -r "$tmp/ESC-50-master/audio" "$tmp/ESC-50-master/meta" "$root/esc50/"
}
urbansound8k() {  # Salamon et al., CC BY-NC 3.0
  fetch https://zenodo.org/records/1203745/files/UrbanSound8K.tar.gz "$tmp/us8k.tgz"
  tar -xzf "$tmp/us8k.tgz" -C "$tmp" && mkdir -p "$root/urbansound8k"
  cp -r "$tmp/UrbanSound8K/audio" "$tmp/UrbanSound8K/metadata" "$root/urbansound8k/"
}
clotho() {  # Drossos et al.; Freesound licences
  mkdir -p "$root/clotho/audio"
  for split in development evaluation; do
    fetch "https://zenodo.org/records/4783391/files/clotho_audio_${split}.7z" "$tmp/$split.7z"
    fetch "https://zenodo.org/records/4783391/files/clotho_captions_${split}.csv" "$tmp/captions_$split.csv"
    7z x -y -o"$tmp" "$tmp/$split.7z" >/dev/null && mv "$tmp/$split"/*.wav "$root/clotho/audio/"
  done
  { cat "$tmp/captions_development.csv"; tail -n +2 "$tmp/captions_evaluation.csv"; } > "$root/clotho/clotho_captions.csv"
}
flickr8k() {  # Hodosh et al.; research use only
  fetch https://github.com/jbrownlee/Datasets/releases/download/Flickr8k/Flickr8k_Dataset.zip "$tmp/f8k.zip"
  fetch https://github.com/jbrownlee/Datasets/releases/download/Flickr8k/Flickr8k_text.zip "$tmp/f8k_text.zip"
  unzip -q "$tmp/f8k.zip" -d "$tmp" && unzip -q "$tmp/f8k_text.zip" -d "$tmp"
  mkdir -p "$root/flickr8k/images" && mv "$tmp/Flicker8k_Dataset"/*.jpg "$root/flickr8k/images/"
  { echo "image,caption"; sed -E 's/#[0-9]+\t/\t/' "$tmp/Flickr8k.token.txt" \
      | awk -F'\t' '{gsub(/"/, "\"\"", $2); printf "%s,\"%s\"\n", $1, $2}'; } > "$root/flickr8k/captions.txt"
}
cifar10() {  # Krizhevsky; test split as class folders of PNGs (needs python3 + numpy + pillow)
  fetch https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz "$tmp/c10.tgz"
  tar -xzf "$tmp/c10.tgz" -C "$tmp"
  python3 - "$tmp/cifar-10-batches-py" "$root/cifar10/test" <<'PY'
import os, pickle, sys
import numpy as np
from PIL import Image
src, dst = sys.argv[1], sys.argv[2]
names = pickle.load(open(os.path.join(src, "batches.meta"), "rb"))["label_names"]
d = pickle.load(open(os.path.join(src, "test_batch"), "rb"), encoding="bytes")
for i, (img, label) in enumerate(zip(d[b"data"], d[b"labels"])):
    out = os.path.join(dst, names[label]); os.makedirs(out, exist_ok=True)
    Image.fromarray(img.reshape(3, 32, 32).transpose(1, 2, 0)).save(os.path.join(out, f"{i:05d}.png"))
PY
}

for ds in "$@"; do
  case "$ds" in
    esc50|urbansound8k|clotho|flickr8k|cifar10) echo "== $ds"; "$ds" ;;
    *) echo "unknown dataset '$ds' (esc50 urbansound8k clotho flickr8k cifar10)" >&2; exit 2 ;;
  esac
done
