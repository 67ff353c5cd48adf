package dev.listkit.core.engine.refine;

import dev.listkit.core.engine.EngineItem;
import dev.listkit.core.engine.RefineStep;
import dev.listkit.core.engine.Words;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Tag captions of the {@code alttext} refiner: a sample's tagger tags (metadata {@code tags} = names joined by
 * {@code ;}, {@code tagScores} = their scores in the same order) turned into captions in the refiner's template.
 */
final class TagCaptions {
    /** Score key of the tagger's confidence in the caption's tag. */
    static final String SCORE = "tagger";

    private TagCaptions() {
    }

    /** One tag with its score. */
    record Tag(String name, double score) {
    }

    /** The sample's tags, best first as written; empty when the metadata has none or the scores do not parse. */
    static List<Tag> of(Map<String, String> metadata, String tagsKey, String scoresKey) {
        String names = metadata.get(tagsKey);
        String scores = metadata.get(scoresKey);
        if (names == null || names.isBlank()) {
            return List.of();
        }
        String[] n = names.split(";");
        String[] s = scores == null ? new String[0] : scores.split(";");
        List<Tag> out = new ArrayList<>();
        for (int i = 0; i < n.length; i++) {
            double score;
            try {
                score = i < s.length ? Double.parseDouble(s[i].strip()) : Double.NaN;
            } catch (NumberFormatException e) {
                score = Double.NaN;
            }
            String name = n[i].strip();
            if (!name.isEmpty()) {
                out.add(new Tag(name, score));
            }
        }
        return out;
    }

    /**
     * A tag name as caption words: lower case, a parenthesised qualifier as one more comma-separated name
     * ("Fire engine, fire truck (siren)" → "fire engine, fire truck, siren"), "etc." dropped.
     */
    static String clean(String tag) {
        String t = tag.toLowerCase(Locale.ROOT).replace("etc.", "").replace("(", ", ").replace(")", "");
        t = t.replaceAll("\\s+", " ").replaceAll("\\s*,(\\s*,)*\\s*", ", ").strip();
        while (t.endsWith(",") || t.endsWith(".")) {
            t = t.substring(0, t.length() - 1).strip();
        }
        while (t.startsWith(",")) {
            t = t.substring(1).strip();
        }
        return t;
    }

    /**
     * Captions {@code item} from its tags when the top one scores at least {@code config.minTagScore()}; returns
     * false (item untouched) when it has no usable tags.
     */
    static boolean apply(EngineItem item, AltTextConfig config, Set<String> medium, String refinerId) {
        List<Tag> tags = of(item.metadata(), config.tagsKey(), config.tagScoresKey());
        if (tags.isEmpty() || !(tags.get(0).score() >= config.minTagScore())) {
            return false;
        }
        double top = tags.get(0).score();
        List<String> captions = new ArrayList<>();
        for (Tag t : tags) {
            if (captions.size() == config.maxTagCaptions() || (!captions.isEmpty() && !(t.score() >= config.secondTagRatio() * top))) {
                break;
            }
            String c = config.template().replace("{}", clean(t.name()));
            if (!captions.contains(c)) {
                captions.add(c);
            }
        }
        String before = item.caption();
        boolean confirmed = config.keepCaption() && before != null;
        if (config.keepConfirmed() && before != null) {
            List<String> voters = tags.stream().map(t -> clean(t.name())).toList();
            for (String c : Words.concepts(before, medium)) {
                confirmed |= Words.votes(c, voters, medium) > 0;
            }
        }
        item.scores().put(SCORE, top);
        String after;
        if (confirmed) {
            after = before;
            captions.stream().filter(c -> !c.equals(before)).forEach(item.alternatives()::add);
        } else {
            after = captions.get(0);
            item.setCaption(after);
            captions.subList(1, captions.size()).forEach(item.alternatives()::add);
        }
        item.steps().add(new RefineStep(refinerId, before, after, (config.keepCaption() && confirmed ? "caption kept, tags as alternatives; "
                : confirmed ? "caption confirmed by a tag; " : "tag caption; ")
                + "tags " + tags.stream().map(t -> t.name() + " " + t.score()).toList()
                + (item.alternatives().isEmpty() ? "" : ", alternatives " + item.alternatives()), false));
        return true;
    }
}
