package dev.listkit.recipes.cli;

import dev.listkit.core.features.SampleSets;
import dev.listkit.core.inference.InferenceModel;
import dev.listkit.core.io.AtomicFiles;
import dev.listkit.core.util.Json;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code listkit embed --run DIR (--dataset ID | --text T...) --out FILE.jsonl}: joint-space embeddings. */
final class EmbedCommand implements Command {
    private static final Logger LOG = LoggerFactory.getLogger(EmbedCommand.class);

    @Override
    public String name() {
        return "embed";
    }

    @Override
    public String summary() {
        return "write L2-normalised joint-space embeddings of a dataset's samples or of texts to JSONL";
    }

    @Override
    public Options options() {
        Options o = RunOptions.add(new Options(), false);
        o.addOption(Option.builder().longOpt("dataset").hasArg().argName("ID").desc("embed this dataset's samples")
                .build());
        o.addOption(Option.builder().longOpt("dataset-dir").hasArg().argName("DIR").desc("dataset directory").build());
        o.addOption(Option.builder().longOpt("dataset-option").hasArg().argName("KEY=VALUE").desc("reader option")
                .build());
        o.addOption(Option.builder().longOpt("text").hasArg().argName("TEXT").desc("embed this text, repeatable")
                .build());
        o.addOption(Option.builder().longOpt("out").hasArg().argName("FILE").required()
                .desc("output JSONL: {id|text, embedding[]} per line").build());
        return o;
    }

    @Override
    public int run(CommandLine cl, PrintStream out, PrintStream err) throws Exception {
        if (cl.hasOption("dataset") == cl.hasOption("text")) {
            throw new UsageException("give either --dataset or --text");
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        try (InferenceModel run = RunOptions.open(cl)) {
            if (cl.hasOption("text")) {
                List<String> texts = Arrays.asList(cl.getOptionValues("text"));
                float[][] e = run.embed(texts);
                for (int i = 0; i < texts.size(); i++) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("text", texts.get(i));
                    row.put("embedding", e[i]);
                    rows.add(row);
                }
            } else {
                var ctx = RunOptions.context(cl, Path.of("."));
                SampleSets.Loaded l = SampleSets.load(cl.getOptionValue("dataset"), cl.getOptionValue("dataset-dir"),
                        DataOptions.keyValues(cl.getOptionValues("dataset-option")), ctx.dataRoot(), run.modality(),
                        ctx.cacheDir().resolve("features"), ctx.threads());
                float[][] e = run.embedModality(l.features(), 16);
                for (int i = 0; i < e.length; i++) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("id", l.samples().get(i).id());
                    row.put("embedding", e[i]);
                    rows.add(row);
                }
            }
        }
        StringBuilder jsonl = new StringBuilder();
        for (Map<String, Object> r : rows) {
            jsonl.append(Json.write(r)).append('\n');
        }
        Path file = Path.of(cl.getOptionValue("out"));
        AtomicFiles.writeString(file, jsonl.toString());
        LOG.info("{} embeddings written", rows.size());
        out.println(file.toAbsolutePath()); // the result: the JSONL file
        return Listkit.OK;
    }
}
