package dev.listkit.vision.transform;

/** How an image of any aspect ratio becomes the square {@code S × S} input of an encoder. */
public enum ResizeMode {
    /** Shorter side to S (aspect kept), then the centre S × S (CLIP, torchvision eval). */
    CROP,
    /** Longer side to S (aspect kept), centred on an S × S canvas of the mean colour (letterbox). */
    PAD,
    /** Both sides to S; the aspect ratio changes. */
    STRETCH;

    /** Parses {@code "crop"}, {@code "pad"} or {@code "stretch"} (case-insensitive). */
    public static ResizeMode parse(String name) {
        for (ResizeMode m : values()) {
            if (m.name().equalsIgnoreCase(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown resize mode '" + name + "'; accepted: [crop, pad, stretch]");
    }
}
