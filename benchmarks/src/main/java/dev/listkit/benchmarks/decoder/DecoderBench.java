package dev.listkit.benchmarks.decoder;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.listkit.core.ConfigException;
import dev.listkit.core.nn.BeamSearch;
import dev.listkit.core.nn.BeamSearchConfig;
import dev.listkit.core.nn.CaptionDecoder;
import dev.listkit.core.nn.CaptionDecoderConfig;
import dev.listkit.core.nn.GreedySearch;
import dev.listkit.core.nn.NucleusConfig;
import dev.listkit.core.nn.NucleusSampler;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * Micro-benchmark: caption decoder tokens/s, greedy with and without the KV cache, plus beam search and
 * nucleus sampling with the cache, on a randomly initialised decoder (D=256, 4 layers, 4 heads, MiniLM
 * vocabulary 30522, 50 modality tokens, batch 16, 30 new tokens). Random weights almost never emit EOS,
 * so every row decodes the full 30 tokens; the printed token counts confirm it.
 *
 * <p>Usage: {@code DecoderBench [repeats (default 3)]}. PyTorch threads follow
 * {@code -Dai.djl.pytorch.num_threads}.
 */
public final class DecoderBench {
    private static final int BATCH = 16;
    private static final int NEW_TOKENS = 30;
    private static final int MEMORY_TOKENS = 50;

    private DecoderBench() {
    }

    public static void main(String[] args) throws ConfigException {
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Engine.getInstance().setRandomSeed(1);
        CaptionDecoderConfig cfg = new CaptionDecoderConfig(30522, 256, 4, 4, 4f, 32, 256, 101, 102, 0);
        try (NDManager manager = NDManager.newBaseManager()) {
            CaptionDecoder decoder = new CaptionDecoder(cfg);
            decoder.initialize(manager, DataType.FLOAT32, new Shape(BATCH, 8), new Shape(BATCH, MEMORY_TOKENS, 256));
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray memory = manager.randomNormal(new Shape(BATCH, MEMORY_TOKENS, 256)); // (B, T_m, D_m)
            System.out.printf("caption decoder: D=%d layers=%d heads=%d V=%d T_m=%d batch=%d new tokens=%d,"
                    + " engine %s, %d PyTorch threads requested%n", cfg.dim(), cfg.layers(), cfg.heads(),
                    cfg.vocabSize(), MEMORY_TOKENS, BATCH, NEW_TOKENS, Engine.getInstance().getEngineName(),
                    Integer.getInteger("ai.djl.pytorch.num_threads", -1));
            System.out.println("| mode | tokens decoded | median s | tokens/s |");
            System.out.println("|---|---|---|---|");
            run("greedy, KV cache", repeats, () -> count(GreedySearch.generate(decoder, ps, memory, null,
                    NEW_TOKENS, true)));
            run("greedy, no cache", repeats, () -> count(GreedySearch.generate(decoder, ps, memory, null,
                    NEW_TOKENS, false)));
            run("beam 4, KV cache (tokens of best beam)", repeats, () -> BeamSearch.generate(decoder, ps, memory,
                    null, new BeamSearchConfig(4, 1f, NEW_TOKENS)).stream().mapToInt(h -> h.tokens().length).sum());
            run("nucleus p=0.9, k=4, KV cache (all candidates)", repeats, () -> NucleusSampler.generate(decoder, ps,
                    memory, null, new NucleusConfig(0.9f, 1f, 4, 7, NEW_TOKENS)).stream().flatMap(List::stream)
                    .mapToInt(h -> h.tokens().length).sum());
        }
    }

    private static int count(List<long[]> captions) {
        return captions.stream().mapToInt(c -> c.length).sum();
    }

    private static void run(String name, int repeats, IntSupplier work) {
        work.getAsInt(); // warm-up
        double[] seconds = new double[repeats];
        int tokens = 0;
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            tokens = work.getAsInt();
            seconds[i] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(seconds);
        double median = seconds[repeats / 2];
        System.out.printf("| %s | %d | %.3f | %.0f |%n", name, tokens, median, tokens / median);
    }
}
