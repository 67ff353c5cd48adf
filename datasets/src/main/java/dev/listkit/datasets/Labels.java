package dev.listkit.datasets;

import java.util.Locale;

/** Turns raw class names into text that reads well in a prompt. */
public final class Labels {
    private Labels() {
    }

    /**
     * A prompt-friendly form of a raw class name: underscores and hyphens become spaces, runs of
     * white space collapse, and the result is lower case ({@code "chirping_birds"} becomes
     * {@code "chirping birds"}, {@code "Dog_Bark"} becomes {@code "dog bark"}).
     */
    public static String readable(String category) {
        return category.replace('_', ' ').replace('-', ' ').trim().replaceAll("\\s+", " ")
                .toLowerCase(Locale.ROOT);
    }
}
