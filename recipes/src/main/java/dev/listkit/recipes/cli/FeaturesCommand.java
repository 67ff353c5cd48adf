package dev.listkit.recipes.cli;

import dev.listkit.core.data.Dataset;
import dev.listkit.core.features.FeatureCache;
import dev.listkit.core.features.FeatureIndex;
import dev.listkit.core.modality.Modality;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code listkit features}: preprocesses a whole dataset into a feature cache (parallel, atomic,
 * reused when nothing changed). Exits 1 only when no sample succeeded.
 */
final class FeaturesCommand implements Command {
    private static final Logger LOG = LoggerFactory.getLogger(FeaturesCommand.class);

    @Override
    public String name() {
        return "features";
    }

    @Override
    public String summary() {
        return "compute a modality's features (e.g. log-mels) for a whole dataset into a reusable cache";
    }

    @Override
    public Options options() {
        Options o = DataOptions.add(new Options());
        o.addOption(Option.builder().longOpt("out").hasArg().argName("DIR").required()
                .desc("cache directory (index.json + tensors/)").build());
        o.addOption(Option.builder().longOpt("threads").hasArg().argName("N")
                .desc("worker threads (default: all cores)").build());
        return o;
    }

    @Override
    public int run(CommandLine cl, PrintStream out, PrintStream err) throws Exception {
        int threads = Runtime.getRuntime().availableProcessors();
        if (cl.hasOption("threads")) {
            try {
                threads = Integer.parseInt(cl.getOptionValue("threads"));
            } catch (NumberFormatException e) {
                throw new UsageException("--threads must be an integer, got '" + cl.getOptionValue("threads") + "'");
            }
            if (threads < 1) {
                throw new UsageException("--threads must be >= 1");
            }
        }
        Modality modality = DataOptions.modality(cl);
        Dataset dataset = DataOptions.dataset(cl);
        for (String s : dataset.skipped()) {
            LOG.warn("skipped: {}", s);
        }
        Path outDir = Path.of(cl.getOptionValue("out"));
        FeatureCache.Summary s = FeatureCache.build(dataset, modality, outDir, threads);
        double secs = s.elapsed().toMillis() / 1000.0;
        LOG.info(String.format(Locale.ROOT, "%s: %d computed, %d reused, %d failed in %.1f s (%.1f samples/s"
                + " computed, %d threads)", dataset.name(), s.computed(), s.reused(), s.failures().size(), secs,
                secs > 0 ? s.computed() / secs : 0.0, threads));
        for (FeatureIndex.Failure f : s.failures()) {
            LOG.warn("failed: {}", f.reason());
        }
        out.println(outDir.resolve(FeatureCache.INDEX_FILE).toAbsolutePath()); // the result: the cache index
        return s.index().entries().isEmpty() ? Listkit.FAILURE : Listkit.OK;
    }
}
