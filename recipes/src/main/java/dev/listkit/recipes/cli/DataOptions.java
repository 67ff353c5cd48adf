package dev.listkit.recipes.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.listkit.core.ListkitException;
import dev.listkit.core.data.Dataset;
import dev.listkit.core.data.DatasetProvider;
import dev.listkit.core.data.DatasetRegistry;
import dev.listkit.core.io.DataRoot;
import dev.listkit.core.modality.Modality;
import dev.listkit.core.modality.ModalityRegistry;
import dev.listkit.core.util.Json;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** Options shared by commands that read a dataset through a modality. */
final class DataOptions {
    private DataOptions() {
    }

    /** Adds {@code --dataset, --data-root, --dataset-dir, --dataset-option, --modality, --preset, --set}. */
    static Options add(Options o) {
        o.addOption(Option.builder().longOpt("dataset").hasArg().argName("ID").required()
                .desc("dataset reader id (see 'listkit datasets')").build());
        o.addOption(Option.builder().longOpt("data-root").hasArg().argName("DIR")
                .desc("root of the datasets (default: $LIST_DATA_ROOT or ../shared/data)").build());
        o.addOption(Option.builder().longOpt("dataset-dir").hasArg().argName("DIR")
                .desc("the dataset's own directory (default: DATA_ROOT/<dataset>)").build());
        o.addOption(Option.builder().longOpt("dataset-option").hasArg().argName("KEY=VALUE")
                .desc("reader option, repeatable, e.g. folds=4").build());
        o.addOption(Option.builder().longOpt("modality").hasArg().argName("ID")
                .desc("modality plugin id (default: the dataset's own)").build());
        o.addOption(Option.builder().longOpt("preset").hasArg().argName("NAME")
                .desc("the modality's preprocessing preset (see 'listkit modalities')").build());
        o.addOption(Option.builder().longOpt("set").hasArg().argName("KEY=VALUE")
                .desc("modality config override, repeatable; VALUE is JSON or a plain string").build());
        return o;
    }

    static Dataset dataset(CommandLine cl) throws ListkitException, UsageException {
        DatasetProvider p = DatasetRegistry.provider(cl.getOptionValue("dataset"));
        Path root = cl.hasOption("data-root") ? Path.of(cl.getOptionValue("data-root")).toAbsolutePath() : DataRoot.get();
        Path dir = cl.hasOption("dataset-dir") ? Path.of(cl.getOptionValue("dataset-dir")).toAbsolutePath()
                : root.resolve(p.defaultDirectory());
        return p.load(dir, keyValues(cl.getOptionValues("dataset-option")));
    }

    static Modality modality(CommandLine cl) throws ListkitException, UsageException {
        String id = cl.getOptionValue("modality");
        if (id == null) {
            id = DatasetRegistry.provider(cl.getOptionValue("dataset")).defaultModality()
                    .orElseThrow(() -> new UsageException("--modality is required for this dataset"));
        }
        return ModalityRegistry.create(id, modalityConfig(cl));
    }

    static JsonNode modalityConfig(CommandLine cl) throws ListkitException, UsageException {
        ObjectNode cfg = Json.object();
        if (cl.hasOption("preset")) {
            cfg.put("preset", cl.getOptionValue("preset"));
        }
        for (Map.Entry<String, String> e : keyValues(cl.getOptionValues("set")).entrySet()) {
            JsonNode v;
            try {
                v = Json.parse(e.getValue());
            } catch (ListkitException notJson) {
                v = Json.MAPPER.getNodeFactory().textNode(e.getValue());
            }
            cfg.set(e.getKey(), v);
        }
        return cfg;
    }

    static Map<String, String> keyValues(String[] values) throws UsageException {
        Map<String, String> out = new LinkedHashMap<>();
        if (values == null) {
            return out;
        }
        for (String kv : values) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("expected KEY=VALUE, got '" + kv + "'");
            }
            out.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return out;
    }
}
