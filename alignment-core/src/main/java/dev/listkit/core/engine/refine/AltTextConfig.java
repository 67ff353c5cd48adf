package dev.listkit.core.engine.refine;

import dev.listkit.core.ConfigException;
import java.util.List;

/**
 * Configuration of the {@code alttext} refiner.
 *
 * <pre>{@code {"id": "alttext", "metadataKeys": ["tags"], "template": "the sound of {}", "margin": 0.05}
 * {"id": "alttext", "template": "the sound of {}", "tagCaptions": true, "secondTagRatio": 0.5}}</pre>
 *
 * @param metadataKeys   metadata keys read as noisy alt-text (e.g. {@code title}, {@code tags}, {@code file})
 * @param template       prompt each concept is scored with, and the form of a tag caption; one {@code {}}
 *                       (default {@code "{}"})
 * @param margin         keep concepts scoring at least (best − margin) (default 0.1)
 * @param maxConcepts    keep at most this many concepts (default 4)
 * @param maxAppended    append at most this many metadata-only concepts (default 2)
 * @param tagCaptions    caption a sample with its tagger's tags (default false): the top tag in {@code template}
 *                       becomes the caption, the next ones alternatives while their score is at least
 *                       {@code secondTagRatio} × the top one's; the tagger's confidence is {@code scores.tagger}.
 *                       For concepts the captioner cannot name (classes without a paired example) the tags are
 *                       the only source of a correct caption
 * @param tagsKey        metadata key of the tag names, joined by {@code ;} (default {@code tags})
 * @param tagScoresKey   metadata key of their scores, same order (default {@code tagScores})
 * @param minTagScore    tag captions only when the top tag scores at least this (default 0)
 * @param secondTagRatio a further tag becomes an alternative caption when its score is >= this × the top
 *                       tag's (default 0.5)
 * @param maxTagCaptions at most this many tag captions per sample (default 2)
 * @param keepConfirmed  with {@code tagCaptions}: when the captioner's caption already names a concept of one of
 *                       the sample's tags (the model knows the concept and the tagger confirms it), keep that
 *                       caption and add the tag captions as alternatives (default false: the tag caption wins)
 * @param keepCaption    with {@code tagCaptions}: always keep the captioner's caption and add the tag captions as
 *                       alternatives, so that the sample trains on the captioner's sentence and on its tags (default
 *                       false). For images, whose human-like captions name people, actions and colours that no
 *                       tag names while the tags name objects and breeds the captioner misses, both carry
 *                       information (RESULTS.md, flickr8k-list)
 */
public record AltTextConfig(List<String> metadataKeys, String template, Double margin, Integer maxConcepts,
                            Integer maxAppended, Boolean tagCaptions, String tagsKey, String tagScoresKey,
                            Double minTagScore, Double secondTagRatio, Integer maxTagCaptions, Boolean keepConfirmed,
                            Boolean keepCaption) {
    public AltTextConfig {
        metadataKeys = metadataKeys == null ? List.of() : List.copyOf(metadataKeys);
        template = template == null ? "{}" : template;
        margin = margin == null ? 0.1 : margin;
        maxConcepts = maxConcepts == null ? 4 : maxConcepts;
        maxAppended = maxAppended == null ? 2 : maxAppended;
        tagCaptions = tagCaptions != null && tagCaptions;
        tagsKey = tagsKey == null ? "tags" : tagsKey;
        tagScoresKey = tagScoresKey == null ? "tagScores" : tagScoresKey;
        minTagScore = minTagScore == null ? 0.0 : minTagScore;
        secondTagRatio = secondTagRatio == null ? 0.5 : secondTagRatio;
        maxTagCaptions = maxTagCaptions == null ? 2 : maxTagCaptions;
        keepConfirmed = keepConfirmed != null && keepConfirmed;
        keepCaption = keepCaption != null && keepCaption;
    }

    AltTextConfig validate() throws ConfigException {
        if (template.indexOf("{}") < 0 || template.indexOf("{}") != template.lastIndexOf("{}")) {
            throw new ConfigException("alttext: template needs exactly one {}: '" + template + "'");
        }
        if (!(margin >= 0) || maxConcepts < 1 || maxAppended < 0) {
            throw new ConfigException("alttext: margin >= 0, maxConcepts >= 1, maxAppended >= 0 required");
        }
        if (!(minTagScore >= 0) || !(secondTagRatio >= 0) || maxTagCaptions < 1) {
            throw new ConfigException("alttext: minTagScore >= 0, secondTagRatio >= 0, maxTagCaptions >= 1 required, got "
                    + minTagScore + ", " + secondTagRatio + ", " + maxTagCaptions);
        }
        if (!tagCaptions && keepConfirmed) {
            throw new ConfigException("alttext: keepConfirmed applies to tag captions: set tagCaptions true as well");
        }
        if (!tagCaptions && keepCaption) {
            throw new ConfigException("alttext: keepCaption applies to tag captions: set tagCaptions true as well");
        }
        if (keepCaption && keepConfirmed) {
            throw new ConfigException("alttext: keepCaption keeps every caption, keepConfirmed only confirmed ones:"
                    + " set one of them");
        }
        return this;
    }
}
