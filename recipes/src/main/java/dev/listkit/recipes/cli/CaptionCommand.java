package dev.listkit.recipes.cli;

import dev.listkit.core.config.CaptionStrategy;
import dev.listkit.core.data.SampleRef;
import dev.listkit.core.features.SampleSets;
import dev.listkit.core.inference.InferenceModel;
import dev.listkit.core.io.AtomicFiles;
import dev.listkit.core.util.Json;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code listkit caption --run DIR --dataset ID --out FILE.jsonl}: captions every sample of a dataset. */
final class CaptionCommand implements Command {
    private static final Logger LOG = LoggerFactory.getLogger(CaptionCommand.class);

    @Override
    public String name() {
        return "caption";
    }

    @Override
    public String summary() {
        return "caption every sample of a dataset with a trained run (greedy, beam or nucleus) into JSONL";
    }

    @Override
    public Options options() {
        Options o = RunOptions.add(new Options(), true);
        o.addOption(Option.builder().longOpt("out").hasArg().argName("FILE").required()
                .desc("output JSONL: {id, media, captions[]} per sample").build());
        RunOptions.addStrategy(o);
        return o;
    }

    @Override
    public int run(CommandLine cl, PrintStream out, PrintStream err) throws Exception {
        try (InferenceModel run = RunOptions.open(cl)) {
            var ctx = RunOptions.context(cl, Path.of("."));
            CaptionStrategy strategy = RunOptions.strategy(cl, run.recipe().model().decoder().maxLength() - 1);
            SampleSets.Loaded l = SampleSets.load(cl.getOptionValue("dataset"), cl.getOptionValue("dataset-dir"),
                    DataOptions.keyValues(cl.getOptionValues("dataset-option")), ctx.dataRoot(), run.modality(),
                    ctx.cacheDir().resolve("features"), ctx.threads());
            List<List<String>> captions = run.captions(l.features(), 16, strategy);
            StringBuilder jsonl = new StringBuilder();
            for (int i = 0; i < l.samples().size(); i++) {
                SampleRef r = l.samples().get(i);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", r.id());
                row.put("media", r.media().toString());
                row.put("captions", captions.get(i));
                jsonl.append(Json.write(row)).append('\n');
            }
            Path file = Path.of(cl.getOptionValue("out"));
            AtomicFiles.writeString(file, jsonl.toString());
            LOG.info("{} samples captioned ({}), {} failed to load", l.samples().size(), strategy.kind(),
                    l.failures().size());
            out.println(file.toAbsolutePath()); // the result: the JSONL file
        }
        return Listkit.OK;
    }
}
