package dev.listkit.core.eval.compositional;

import dev.listkit.core.ConfigException;
import dev.listkit.core.ListkitException;
import dev.listkit.core.eval.compositional.ParsedCaption.NounPhrase;
import dev.listkit.core.eval.compositional.ParsedCaption.Tag;
import dev.listkit.core.lexicon.CaptionWords;
import dev.listkit.core.lexicon.FunctionWords;
import dev.listkit.core.lexicon.Inflection;
import dev.listkit.core.lexicon.WordNet;
import dev.listkit.core.util.Hashing;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Makes a SugarCrepe-style compositionality benchmark from captioned items: for every reference caption
 * (the positive), at most one hard negative per {@link NegativeKind}, made by editing the caption's own words
 * so that it no longer describes the item.
 *
 * <ul>
 *   <li><b>replace-obj / -att / -rel</b>: an object, attribute or relation replaced through WordNet 3.1
 *       (antonyms; sister terms for objects other than people and for colours) or a relation-contrast list
 *       ({@link Alternatives});</li>
 *   <li><b>swap-obj / -att</b>: two objects (same number, different words, not a plain "A and B" list) or two
 *       attributes of different objects trade places;</li>
 *   <li><b>add-obj / -att</b>: {@code and a X} after an object, or an attribute before one, drawn from the
 *       countable objects and the attributes these captions use ({@link Corpus}); an attribute that
 *       contradicts one of the references ({@code white} where a reference says {@code black}) is preferred.</li>
 * </ul>
 *
 * Fluency is kept by construction and checked: edits follow the parse's templates ({@link CaptionParser}:
 * determiner, modifiers, noun; verbs after a noun or auxiliary; prepositions before a noun phrase), forms are
 * inflected ({@code men → women}, {@code sitting → standing}), articles agree ({@code an → a}), subject
 * and verb agree after an added object ({@code is → are}), and every word of the negative must be a word
 * WordNet or the function-word lists know (a caption with a typo or a name makes no negatives). The negative
 * must differ, after normalisation, from every reference caption of its item, and an introduced object or
 * attribute must not be one the references name (nor, for objects, a hypernym, hyponym, part or whole of
 * one; for attributes, a synonym or near-synonym). A verb followed by its object is replaced only by a verb
 * that takes one.
 *
 * <p>Deterministic: each (item, caption, kind) draws from its own stream seeded by the seed and the ids, so
 * the same items and seed give the same benchmark, and one item's pairs do not depend on the others'
 * (except through the {@link Corpus} of added words).
 *
 * <pre>{@code
 * Benchmark b = HardNegativeGenerator.builder().optSeed(0).build().generate(items);
 * b.writeJsonl(dir.resolve("compositionality-heldout.jsonl"));
 * }</pre>
 */
public final class HardNegativeGenerator {
    private final long seed;
    private final int minUseCount;
    private final int minCorpusCount;
    private final Set<NegativeKind> kinds;

    private HardNegativeGenerator(Builder b) {
        this.seed = b.seed;
        this.minUseCount = b.minUseCount;
        this.minCorpusCount = b.minCorpusCount;
        this.kinds = EnumSet.copyOf(b.kinds);
    }

    /** A builder with seed 0, WordNet use count ≥ 1, corpus count ≥ 3 and every kind. */
    public static Builder builder() {
        return new Builder();
    }

    /** Options of the generator (DJL style: every setting optional). */
    public static final class Builder {
        private long seed;
        private int minUseCount = 1;
        private int minCorpusCount = 3;
        private Set<NegativeKind> kinds = EnumSet.allOf(NegativeKind.class);

        private Builder() {
        }

        /** The seed of every random choice (default 0). */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** A WordNet replacement must have at least this tagged-corpus use count (default 1: seen in SemCor). */
        public Builder optMinUseCount(int count) {
            this.minUseCount = count;
            return this;
        }

        /**
         * An added object must be named in at least this many of the captions, and an added attribute that no
         * caption gives the same object must be given to at least this many different objects (default 3).
         */
        public Builder optMinCorpusCount(int count) {
            this.minCorpusCount = count;
            return this;
        }

        /** The kinds to make (default: all). */
        public Builder optKinds(Set<NegativeKind> kinds) {
            this.kinds = kinds;
            return this;
        }

        /** Builds the generator; counts below 0 (use count) or 1 (corpus count) or no kind are errors. */
        public HardNegativeGenerator build() throws ConfigException {
            if (minUseCount < 0 || minCorpusCount < 1) {
                throw new ConfigException("hard negatives: minUseCount must be >= 0 and minCorpusCount >= 1, got "
                        + minUseCount + " and " + minCorpusCount);
            }
            if (kinds == null || kinds.isEmpty()) {
                throw new ConfigException("hard negatives: choose at least one kind of " + List.of(NegativeKind.values()));
            }
            return new HardNegativeGenerator(this);
        }
    }

    /** One way to edit the caption: the negative and what changed, or null when it does not apply after all. */
    @FunctionalInterface
    private interface Attempt {
        String[] make() throws ListkitException;
    }

    /** What one generation run shares: WordNet, the parser, caches and the corpus. */
    private final class Run {
        final WordNet wordNet;
        final CaptionParser parser;
        final Alternatives alternatives;
        final Map<String, ParsedCaption> parsed = new HashMap<>();
        final Map<String, Boolean> known = new HashMap<>();
        final Map<String, Boolean> related = new HashMap<>();
        Corpus corpus;

        Run() throws ListkitException {
            wordNet = WordNet.get();
            parser = new CaptionParser(wordNet);
            alternatives = new Alternatives(wordNet, parser, minUseCount);
        }

        ParsedCaption parse(String caption) throws ListkitException {
            ParsedCaption p = parsed.get(caption);
            if (p == null) {
                p = parser.parse(caption);
                parsed.put(caption, p);
            }
            return p;
        }

        /** True when every word is a function word, a number or a WordNet word. */
        boolean allKnown(List<String> words) throws ListkitException {
            for (String w : words) {
                Boolean k = known.get(w);
                if (k == null) {
                    k = w.chars().allMatch(Character::isDigit) || FunctionWords.isAny(w) || CaptionWords.isStopWord(w)
                            || wordNet.knows(w);
                    known.put(w, k);
                }
                if (!k) {
                    return false;
                }
            }
            return true;
        }

        /**
         * True when the nouns {@code a} and {@code b} may name the same thing or overlap (equal, hypernym,
         * hyponym, synonym, part of the other: {@code face} and {@code head}).
         */
        boolean relatedNouns(String a, String b) throws ListkitException {
            if (a.equals(b)) {
                return true;
            }
            String key = a + "|" + b;
            Boolean r = related.get(key);
            if (r == null) {
                r = wordNet.hasAncestor(a, WordNet.Pos.NOUN, b) || wordNet.hasAncestor(b, WordNet.Pos.NOUN, a)
                        || wordNet.sameOrSimilar(a, b, WordNet.Pos.NOUN) || wordNet.isPartOf(a, b)
                        || wordNet.isPartOf(b, a);
                related.put(key, r);
            }
            return r;
        }

        boolean similarAdjectives(String a, String b) throws ListkitException {
            if (a.equals(b)) {
                return true;
            }
            String key = "a:" + a + "|" + b;
            Boolean r = related.get(key);
            if (r == null) {
                r = wordNet.sameOrSimilar(a, b, WordNet.Pos.ADJECTIVE);
                related.put(key, r);
            }
            return r;
        }
    }

    /** What the reference captions of one item say. */
    private record References(Set<String> normalised, Set<String> words, Set<String> nouns, Set<String> adjectives) {
        static References of(List<ParsedCaption> refs) {
            Set<String> normalised = new HashSet<>();
            Set<String> words = new HashSet<>();
            Set<String> nouns = new HashSet<>();
            Set<String> adjectives = new HashSet<>();
            for (ParsedCaption p : refs) {
                normalised.add(CaptionWords.normalise(p.text()));
                for (int i = 0; i < p.size(); i++) {
                    words.add(p.word(i));
                    words.add(CaptionWords.singular(p.word(i)));
                }
                for (NounPhrase np : p.phrases()) {
                    nouns.add(np.headLemma());
                    words.add(np.headLemma());
                    np.adjectives().forEach(a -> adjectives.add(p.word(a)));
                }
            }
            return new References(normalised, words, nouns, adjectives);
        }
    }

    /** Generates the benchmark of {@code items}, in their order. */
    public Benchmark generate(List<CaptionedItem> items) throws ListkitException {
        Run run = new Run();
        for (CaptionedItem item : items) {
            for (String c : item.captions()) {
                if (c != null && !c.isBlank()) {
                    run.parse(c);
                }
            }
        }
        run.corpus = Corpus.of(run.parsed.values());
        List<HardNegative> pairs = new ArrayList<>();
        Map<String, Integer> generated = new LinkedHashMap<>();
        for (NegativeKind k : NegativeKind.values()) {
            if (kinds.contains(k)) {
                generated.put(k.id(), 0);
            }
        }
        int positives = 0;
        int unknown = 0;
        for (CaptionedItem item : items) {
            List<ParsedCaption> refs = new ArrayList<>();
            for (String c : item.captions()) {
                if (c != null && !c.isBlank()) {
                    refs.add(run.parse(c));
                }
            }
            References references = References.of(refs);
            for (int c = 0; c < item.captions().size(); c++) {
                String positive = item.captions().get(c);
                if (positive == null || positive.isBlank()) {
                    continue;
                }
                positives++;
                ParsedCaption pc = run.parse(positive);
                if (!run.allKnown(CaptionWords.words(positive))) {
                    unknown++;
                    continue;
                }
                for (NegativeKind kind : NegativeKind.values()) {
                    if (!kinds.contains(kind)) {
                        continue;
                    }
                    SplittableRandom rnd = new SplittableRandom(streamSeed(item.id(), c, kind));
                    HardNegative h = first(attempts(kind, pc, references, run, rnd), item.id(), pc, kind, references,
                            run);
                    if (h != null) {
                        pairs.add(h);
                        generated.merge(kind.id(), 1, Integer::sum);
                    }
                }
            }
        }
        return new Benchmark(seed, items.size(), positives, unknown, generated, pairs);
    }

    /** The stream seed of one (item, caption, kind): the first 8 bytes of SHA-256("seed/item/caption/kind"). */
    long streamSeed(String item, int caption, NegativeKind kind) {
        return Long.parseUnsignedLong(Hashing.sha256(seed + "/" + item + "/" + caption + "/" + kind.id())
                .substring(0, 16), 16);
    }

    /** The first attempt whose negative passes the checks, or null. */
    private static HardNegative first(List<Attempt> attempts, String item, ParsedCaption positive, NegativeKind kind,
            References refs, Run run) throws ListkitException {
        String norm = CaptionWords.normalise(positive.text());
        for (Attempt a : attempts) {
            String[] made = a.make();
            if (made == null) {
                continue;
            }
            String negative = made[0];
            String n = CaptionWords.normalise(negative);
            List<String> words = CaptionWords.words(negative);
            if (n.equals(norm) || refs.normalised().contains(n) || !run.allKnown(words)
                    || doubled(words) > doubled(CaptionWords.words(positive.text()))) {
                continue;
            }
            return new HardNegative(item, positive.text(), negative, kind.id(), made[1]);
        }
        return null;
    }

    private static int doubled(List<String> words) {
        int d = 0;
        for (int i = 1; i < words.size(); i++) {
            d += words.get(i).equals(words.get(i - 1)) ? 1 : 0;
        }
        return d;
    }

    /** Every applicable edit of one kind, in a seeded random order (preferred ones first for add-att). */
    private List<Attempt> attempts(NegativeKind kind, ParsedCaption pc, References refs, Run run,
            SplittableRandom rnd) throws ListkitException {
        return switch (kind) {
            case REPLACE_OBJ -> shuffled(replaceObject(pc, refs, run), rnd);
            case REPLACE_ATT -> shuffled(replaceAttribute(pc, refs, run), rnd);
            case REPLACE_REL -> shuffled(replaceRelation(pc, refs, run), rnd);
            case SWAP_OBJ -> shuffled(swapObjects(pc), rnd);
            case SWAP_ATT -> shuffled(swapAttributes(pc), rnd);
            case ADD_OBJ -> shuffled(addObject(pc, refs, run), rnd);
            case ADD_ATT -> addAttribute(pc, refs, run, rnd);
        };
    }

    private static List<Attempt> shuffled(List<Attempt> attempts, SplittableRandom rnd) {
        for (int i = attempts.size() - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            Attempt t = attempts.get(i);
            attempts.set(i, attempts.get(j));
            attempts.set(j, t);
        }
        return attempts;
    }

    private static List<Attempt> replaceObject(ParsedCaption pc, References refs, Run run) throws ListkitException {
        List<Attempt> out = new ArrayList<>();
        for (NounPhrase np : pc.phrases()) {
            if (np.compound() || np.position()) {
                continue;
            }
            String word = pc.word(np.head());
            for (String c : run.alternatives.objects(np.headLemma())) {
                out.add(() -> {
                    if (refs.words().contains(c) || anyRelated(c, refs.nouns(), run)) {
                        return null;
                    }
                    String form = np.plural() ? Inflection.nounPlural(c) : c;
                    return new String[] {new CaptionEdit(pc).replace(np.head(), form).render(), word + " → " + form};
                });
            }
        }
        return out;
    }

    private static boolean anyRelated(String noun, Set<String> nouns, Run run) throws ListkitException {
        for (String n : nouns) {
            if (run.relatedNouns(noun, n)) {
                return true;
            }
        }
        return false;
    }

    private static List<Attempt> replaceAttribute(ParsedCaption pc, References refs, Run run)
            throws ListkitException {
        List<Attempt> out = new ArrayList<>();
        for (NounPhrase np : pc.phrases()) {
            Set<String> own = new HashSet<>();
            np.adjectives().forEach(a -> own.add(pc.word(a)));
            for (int a : np.adjectives()) {
                String word = pc.word(a);
                for (String c : run.alternatives.attributes(word)) {
                    if (own.contains(c)) {
                        continue;
                    }
                    out.add(() -> refs.words().contains(c) ? null
                            : new String[] {new CaptionEdit(pc).replace(a, c).render(), word + " → " + c});
                }
            }
        }
        return out;
    }

    private static List<Attempt> replaceRelation(ParsedCaption pc, References refs, Run run)
            throws ListkitException {
        List<Attempt> out = new ArrayList<>();
        String[] words = new String[pc.size()];
        for (int i = 0; i < words.length; i++) {
            words[i] = pc.word(i);
        }
        Set<Integer> starts = new HashSet<>();
        pc.phrases().forEach(np -> starts.add(np.start()));
        for (int i = 0; i < words.length; i++) {
            for (Map.Entry<String, List<String>> e : run.alternatives.relations().entrySet()) {
                String[] phrase = e.getKey().split(" ");
                int end = i + phrase.length;
                if (end > words.length || !CaptionParser.matches(words, pc.breaks(), i, phrase)
                        || !starts.contains(end) || pc.breaks()[end]) {
                    continue; // a relation here must be followed by the noun phrase it relates to
                }
                boolean prepositions = true;
                for (int k = i; k < end; k++) {
                    prepositions &= pc.tags().get(k) == Tag.PREPOSITION;
                }
                if (!prepositions) {
                    continue;
                }
                int at = i;
                for (String c : e.getValue()) {
                    out.add(() -> {
                        CaptionEdit edit = new CaptionEdit(pc).replace(at, c);
                        for (int k = at + 1; k < end; k++) {
                            edit.drop(k);
                        }
                        return new String[] {edit.render(), e.getKey() + " → " + c};
                    });
                }
            }
            if (pc.tags().get(i) == Tag.VERB) {
                WordNet.Sense verb = run.parser.verb(words[i]);
                if (verb == null) {
                    continue;
                }
                int at = i;
                String word = words[i];
                boolean hasObject = starts.contains(i + 1) && !pc.breaks()[i + 1];
                for (String c : run.alternatives.verbs(verb.lemma())) {
                    String form = Inflection.like(word, verb.lemma(), c, false);
                    // "leaving one dog behind" cannot become "arriving one dog behind"
                    if (form != null && !refs.words().contains(form) && (!hasObject || run.wordNet.transitive(c))) {
                        out.add(() -> new String[] {new CaptionEdit(pc).replace(at, form).render(), word + " → " + form});
                    }
                }
            }
        }
        return out;
    }

    private static List<Attempt> swapObjects(ParsedCaption pc) {
        List<Attempt> out = new ArrayList<>();
        List<NounPhrase> nps = pc.phrases();
        for (int a = 0; a < nps.size(); a++) {
            for (int b = a + 1; b < nps.size(); b++) {
                NounPhrase p = nps.get(a);
                NounPhrase q = nps.get(b);
                if (p.position() || q.position() || p.compound() || q.compound() || p.plural() != q.plural()
                        || p.headLemma().equals(q.headLemma()) || coordinated(pc, p, q)) {
                    continue;
                }
                String x = pc.word(p.head());
                String y = pc.word(q.head());
                out.add(() -> new String[] {new CaptionEdit(pc).replace(p.head(), y).replace(q.head(), x).render(),
                        x + " ↔ " + y});
            }
        }
        return out;
    }

    /** True when only "and"/"or" (or punctuation) stands between the two phrases: a list, whose order says nothing. */
    private static boolean coordinated(ParsedCaption pc, NounPhrase p, NounPhrase q) {
        for (int i = p.head() + 1; i < q.start(); i++) {
            String w = pc.word(i);
            if (!(w.equals("and") || w.equals("or"))) {
                return false;
            }
        }
        return true;
    }

    private static List<Attempt> swapAttributes(ParsedCaption pc) {
        List<Attempt> out = new ArrayList<>();
        List<NounPhrase> nps = pc.phrases();
        for (int a = 0; a < nps.size(); a++) {
            for (int b = a + 1; b < nps.size(); b++) {
                NounPhrase p = nps.get(a);
                NounPhrase q = nps.get(b);
                // One attribute each ("a large painted rainbow" would become "a large little rainbow").
                if (p.modifiers().size() != 1 || q.modifiers().size() != 1 || p.adjectives().size() != 1
                        || q.adjectives().size() != 1 || p.headLemma().equals(q.headLemma())) {
                    continue;
                }
                int i = p.adjectives().get(0);
                int j = q.adjectives().get(0);
                String x = pc.word(i);
                String y = pc.word(j);
                if (x.equals(y) || x.endsWith("ing") || y.endsWith("ing")) {
                    continue; // "smiling boy ↔ blue jeans": a state, not an attribute to trade
                }
                out.add(() -> new String[] {new CaptionEdit(pc).replace(i, y).replace(j, x).render(),
                        x + " " + pc.word(p.head()) + " ↔ " + y + " " + pc.word(q.head())});
            }
        }
        return out;
    }

    private List<Attempt> addObject(ParsedCaption pc, References refs, Run run) throws ListkitException {
        List<Attempt> out = new ArrayList<>();
        Set<String> heads = new HashSet<>();
        pc.phrases().forEach(np -> heads.add(np.headLemma()));
        List<String> nouns = run.corpus.nouns(minCorpusCount);
        for (NounPhrase np : pc.phrases()) {
            if (np.position()) {
                continue;
            }
            int next = np.head() + 1;
            // At the end or before punctuation anything goes ("A frog." → "A frog and a cow."). Before a
            // preposition only an object (after a verb or preposition): a subject's verb comes later and could
            // not be made plural ("a boy in a red shirt is"); before a verb, its number is fixed here.
            boolean object = np.start() > 0 && (pc.tags().get(np.start() - 1) == Tag.PREPOSITION
                    || pc.tags().get(np.start() - 1) == Tag.VERB);
            String agree = null; // the verb form after "X and a Y" when the phrase is a singular subject
            if (next < pc.size() && !pc.breaks()[next]) {
                String w = pc.word(next);
                Tag t = pc.tags().get(next);
                WordNet.Sense verb = t == Tag.VERB ? run.parser.verb(w) : null;
                if (w.equals("is") || w.equals("was")) {
                    agree = w.equals("is") ? "are" : "were";
                } else if (verb != null && !w.equals(verb.lemma()) && w.equals(Inflection.plural(verb.lemma()))) {
                    agree = verb.lemma(); // "a dog runs" → "a dog and a cat run"
                } else if (!(t == Tag.PREPOSITION && object || t == Tag.VERB && w.endsWith("ing") || w.equals("are")
                        || w.equals("were"))) {
                    continue;
                }
            }
            String verbForm = agree;
            for (String noun : nouns) {
                if (heads.contains(noun) || refs.words().contains(noun) || !addable(noun, run)) {
                    continue;
                }
                out.add(() -> {
                    if (anyRelated(noun, refs.nouns(), run) || anyRelated(noun, heads, run)) {
                        return null;
                    }
                    CaptionEdit edit = new CaptionEdit(pc).insertAfter(np.head(),
                            "and " + Inflection.article(noun) + " " + noun);
                    if (verbForm != null) {
                        edit.replace(next, verbForm);
                    }
                    return new String[] {edit.render(), "+ " + noun + " (after " + pc.word(np.head()) + ")"};
                });
            }
        }
        return out;
    }

    /**
     * True when {@code noun} can be added as {@code a noun}: a common noun (more noun than adjective or verb,
     * used at least {@code minUseCount} times), singular as written (not {@code glasses}), three letters or
     * more, not a position.
     */
    private boolean addable(String noun, Run run) throws ListkitException {
        WordNet.Sense n = run.parser.noun(noun);
        boolean pluralOnly = noun.endsWith("s") && !noun.endsWith("ss") && !noun.endsWith("us");
        return noun.length() >= 3 && !pluralOnly && n != null && n.useCount() >= minUseCount
                && run.parser.mostlyNoun(noun) && !FunctionWords.is(FunctionWords.Kind.POSITION, noun);
    }

    /**
     * Attributes added to objects that have none; attributes that contradict a reference (an alternative of
     * one of its attributes: {@code white} where a reference says {@code black}) are tried first.
     */
    private List<Attempt> addAttribute(ParsedCaption pc, References refs, Run run, SplittableRandom rnd)
            throws ListkitException {
        List<Attempt> contradicting = new ArrayList<>();
        List<Attempt> others = new ArrayList<>();
        Set<String> alternativesOfReferences = new HashSet<>();
        for (String a : refs.adjectives()) {
            alternativesOfReferences.addAll(run.alternatives.attributes(a));
        }
        for (NounPhrase np : pc.phrases()) {
            if (!np.modifiers().isEmpty() || np.position()) {
                continue;
            }
            List<String> candidates = run.corpus.adjectivesWith(np.headLemma());
            if (candidates.isEmpty()) {
                candidates = run.corpus.adjectives(minCorpusCount);
            }
            String head = pc.word(np.head());
            for (String adj : candidates) {
                if (refs.words().contains(adj)) {
                    continue;
                }
                Attempt a = () -> {
                    for (String r : refs.adjectives()) {
                        if (run.similarAdjectives(adj, r)) {
                            return null;
                        }
                    }
                    return new String[] {new CaptionEdit(pc).insertBefore(np.head(), adj).render(),
                            "+ " + adj + " (before " + head + ")"};
                };
                (alternativesOfReferences.contains(adj) ? contradicting : others).add(a);
            }
        }
        List<Attempt> out = shuffled(contradicting, rnd);
        out.addAll(shuffled(others, rnd));
        return out;
    }
}
