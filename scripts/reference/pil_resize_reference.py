#!/usr/bin/python3
"""Reference values for dev.listkit.vision.transform.Resampler, computed with Pillow.

Pillow resamples mode "F" (32-bit float) images without rounding, with the same separable,
antialiased algorithm listkit's Resampler implements, so the two should agree to float precision.
The input is a synthetic image given by a formula (repeated in PillowReferenceTest), so no data
file is needed. Run with Debian's python3-pil:

    /usr/bin/python3 scripts/reference/pil_resize_reference.py \
        > modality-vision/src/test/resources/reference/pil-resize.json
"""
import json
import math

import PIL
from PIL import Image

W, H = 23, 17


def value(x, y):
    # smooth-ish but not separable, kept inside [0.1, 0.9] so bicubic overshoot never clamps
    return 0.5 + 0.2 * math.sin(0.7 * x + 0.3 * y) + 0.15 * math.cos(0.45 * x * y / 7.0)


img = Image.new("F", (W, H))
img.putdata([value(x, y) for y in range(H) for x in range(W)])
cases = []
for name, flt in (("bilinear", Image.BILINEAR), ("bicubic", Image.BICUBIC)):
    for (ow, oh) in ((7, 5), (11, 17), (40, 31), (64, 9)):
        out = img.resize((ow, oh), flt)
        cases.append({"filter": name, "width": ow, "height": oh,
                      "values": [round(v, 7) for v in out.getdata()]})
    # a box (crop region) resample, as RandomResizedCrop uses
    out = img.resize((12, 10), flt, box=(3.5, 2.25, 19.0, 15.5))
    cases.append({"filter": name, "width": 12, "height": 10, "box": [3.5, 2.25, 19.0, 15.5],
                  "values": [round(v, 7) for v in out.getdata()]})
print(json.dumps({"generator": "scripts/reference/pil_resize_reference.py",
                  "pillow": PIL.__version__, "width": W, "height": H, "cases": cases}, indent=1))
