package dev.listkit.recipes.cli;

import dev.listkit.core.inference.CocaRun;
import dev.listkit.core.inference.ort.OnnxExporter;
import dev.listkit.core.inference.ort.OnnxModelManifest;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code listkit export --run RUN_DIR --out MODEL_DIR}: the trained towers and decoder as ONNX graphs. */
final class ExportCommand implements Command {
    private static final Logger LOG = LoggerFactory.getLogger(ExportCommand.class);

    @Override
    public String name() {
        return "export";
    }

    @Override
    public String summary() {
        return "export a trained run to ONNX (modality tower, text tower, KV-cached caption decoder) + model.json";
    }

    @Override
    public Options options() {
        Options o = new Options();
        o.addOption(Option.builder().longOpt("run").hasArg().argName("DIR").required()
                .desc("a training run directory (its latest checkpoint is exported)").build());
        o.addOption(Option.builder().longOpt("out").hasArg().argName("DIR").required()
                .desc("model directory to write (graphs, model.json, recipe.json, vocabulary.json)").build());
        o.addOption(Option.builder().longOpt("cache-dir").hasArg().argName("DIR")
                .desc("text-embedding cache (default: cache)").build());
        return o;
    }

    @Override
    public int run(CommandLine cl, PrintStream out, PrintStream err) throws Exception {
        Path outDir = Path.of(cl.getOptionValue("out"));
        try (CocaRun run = CocaRun.open(Path.of(cl.getOptionValue("run")), RunOptions.cacheDir(cl))) {
            long t0 = System.nanoTime();
            OnnxModelManifest m = OnnxExporter.export(run, outDir);
            LOG.info(String.format(Locale.ROOT, "exported step %d of %s in %.1f s: %s (opset %d)", m.modelVersion(),
                    run.runDir(), (System.nanoTime() - t0) / 1e9, String.join(", ", m.graphs().values()), m.opset()));
            out.println(outDir.toAbsolutePath()); // the result: the model directory
        }
        return Listkit.OK;
    }
}
