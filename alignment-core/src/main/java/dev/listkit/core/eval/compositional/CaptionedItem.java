package dev.listkit.core.eval.compositional;

import java.util.List;

/**
 * An item (an image, a clip) with its reference captions, the input of the benchmark generator.
 *
 * @param id       the item's id
 * @param captions its reference captions: each is a positive, and no negative may equal any of them
 */
public record CaptionedItem(String id, List<String> captions) {
    public CaptionedItem {
        captions = List.copyOf(captions);
    }
}
