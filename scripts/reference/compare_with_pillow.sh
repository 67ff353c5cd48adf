#!/usr/bin/env bash
# Compares the vision modality's decode and clip-224 preprocessing with Pillow (CLIP's reference path:
# PIL decode, resize bicubic, /255, normalise) on the first N Flickr8k images. Needs Debian's
# python3-pil and python3-numpy at /usr/bin/python3.
# Usage: scripts/reference/compare_with_pillow.sh [N]
set -euo pipefail
cd "$(dirname "$0")/../.."
N="${1:-5}"
DATA="${LIST_DATA_ROOT:-$PWD/../shared/data}"
mvn -o -q -B -pl modality-vision -am package -DskipTests \
    dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
CP="modality-vision/target/modality-vision-0.1.0-SNAPSHOT.jar:$(cat modality-vision/target/classpath.txt)"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
cat > "$TMP/Dump.java" <<'JAVA'
import dev.listkit.core.modality.ModalityRegistry;
import dev.listkit.core.util.Json;
import java.io.*;
import java.nio.file.Path;
public class Dump {
    public static void main(String[] a) throws Exception {
        float[] dec = dev.listkit.vision.io.ImageDecoder.decode(Path.of(a[0])).data();
        float[] pre = ModalityRegistry.create("vision", Json.object().put("preset", "clip-224")).load(Path.of(a[0])).data();
        for (String[] f : new String[][] {{a[1], "dec"}, {a[2], "pre"}}) {
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(f[0])))) {
                for (float v : f[1].equals("dec") ? dec : pre) out.writeFloat(v);
            }
        }
    }
}
JAVA
for F in $(ls "$DATA"/flickr8k/images/*.jpg | head -n "$N"); do
    java -cp "$CP" "$TMP/Dump.java" "$F" "$TMP/dec.bin" "$TMP/pre.bin"
    /usr/bin/python3 - "$F" "$TMP/dec.bin" "$TMP/pre.bin" <<'PY'
import sys
import numpy as np
from PIL import Image
f, dec, pre = sys.argv[1:]
img = Image.open(f).convert("RGB")
w, h = img.size
pil = np.asarray(img, dtype=np.float64).transpose(2, 0, 1) / 255
ours = np.fromfile(dec, dtype=">f4").reshape(pil.shape)
mean = np.array([0.48145466, 0.4578275, 0.40821073]).reshape(3, 1, 1)
std = np.array([0.26862954, 0.26130258, 0.27577711]).reshape(3, 1, 1)
s = 224  # shorter side to 224 (int(224 * long / short) for the other), centre crop, as torchvision
nw, nh = (s, int(s * h / w)) if w <= h else (int(s * w / h), s)
r = img.resize((nw, nh), Image.BICUBIC)
x0, y0 = int(round((nw - s) / 2.0)), int(round((nh - s) / 2.0))
ref = (np.asarray(r.crop((x0, y0, x0 + s, y0 + s)), dtype=np.float64).transpose(2, 0, 1) / 255 - mean) / std
got = np.fromfile(pre, dtype=">f4").reshape(3, s, s)
d = np.abs(got - ref) * std * 255
print("%s: decode max diff %.0f/255; clip-224 preprocess max %.2f/255, mean %.3f/255"
      % (f.split("/")[-1], np.abs(ours - pil).max() * 255, d.max(), d.mean()))
PY
done
