package dev.listkit.core.list;

import ai.djl.engine.Engine;
import ai.onnxruntime.OrtEnvironment;
import dev.listkit.core.ConfigException;
import dev.listkit.core.config.Recipe;
import dev.listkit.core.data.DatasetRegistry;
import dev.listkit.core.modality.Modality;
import dev.listkit.core.train.EngineThreads;
import dev.listkit.core.util.BuildInfo;
import dev.listkit.core.util.Hashing;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a run came from ({@code provenance.json}): recipe name and hash, the listkit build (version and the
 * git revision it was built from, see {@link BuildInfo}), seeds, the libraries loaded, the JVM, the platform,
 * the threads, the modality fingerprint; jobs add their data fingerprints and the dataset directories they read
 * (the only places, besides the run directory, a report copies media from).
 */
public final class Provenance {
    /** Provenance keys of dataset directories: {@code dataRoot.<dataset>} (the report reads this prefix). */
    public static final String DATA_ROOT_PREFIX = "dataRoot.";

    private Provenance() {
    }

    /**
     * The provenance every training application records first, in this order: {@code recipe},
     * {@code recipeSha256} (of {@code recipeJson}), {@code listkitVersion}, {@code gitRevision} (of the build),
     * {@code seedKey}, {@code djl}, {@code pytorch}, {@code onnxRuntime}, {@code java}, {@code os}, {@code cpus},
     * {@code maxHeap}, {@code threads}, {@code modalityFingerprint}. Mutable: the job adds its data entries.
     *
     * @param preprocessingThreads the run's preprocessing threads ({@code --threads})
     */
    static Map<String, String> start(Recipe recipe, String recipeJson, String seedKey, String seeds,
            Modality modality, int preprocessingThreads) {
        BuildInfo b = BuildInfo.current();
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("recipe", recipe.name());
        provenance.put("recipeSha256", Hashing.sha256(recipeJson));
        provenance.put("listkitVersion", b.version());
        provenance.put("gitRevision", b.gitRevision());
        provenance.put(seedKey, seeds);
        provenance.put("djl", Engine.getDjlVersion());
        provenance.put("pytorch", Engine.getEngine("PyTorch").getVersion());
        String ort = OrtEnvironment.class.getPackage().getImplementationVersion();
        provenance.put("onnxRuntime", (ort == null ? b.onnxRuntime() : ort) + " (" + b.onnxRuntimeArtifact() + ")");
        provenance.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vm.vendor") + " "
                + System.getProperty("java.vm.name") + ")");
        provenance.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        Runtime rt = Runtime.getRuntime();
        provenance.put("cpus", Integer.toString(rt.availableProcessors()));
        provenance.put("maxHeap", String.format(Locale.ROOT, "%.0f MiB", rt.maxMemory() / 1048576.0));
        provenance.put("threads", String.format(Locale.ROOT, "preprocessing %d, PyTorch intra-op %d, inter-op %d",
                preprocessingThreads, EngineThreads.intraOp(), EngineThreads.interOp()));
        provenance.put("modalityFingerprint", modality.fingerprint());
        return provenance;
    }

    /**
     * The real path of every dataset directory the recipe reads (training, pool and zero-shot sources), as
     * {@code dataRoot.<dataset>} entries; a second directory of the same dataset gets {@code .2}, ....
     */
    static Map<String, String> dataRoots(Recipe recipe, Path dataRoot) throws ConfigException {
        List<String[]> sources = new ArrayList<>();
        recipe.data().train().forEach(s -> sources.add(new String[] {s.dataset(), s.directory()}));
        recipe.data().pool().forEach(s -> sources.add(new String[] {s.dataset(), s.directory()}));
        recipe.eval().zeroShot().forEach(z -> sources.add(new String[] {z.dataset(), z.directory()}));
        Map<String, String> out = new LinkedHashMap<>();
        for (String[] s : sources) {
            String dir = s[1] != null ? s[1] : DatasetRegistry.provider(s[0]).defaultDirectory();
            Path p = dataRoot.resolve(dir).toAbsolutePath().normalize();
            try {
                p = p.toRealPath();
            } catch (IOException e) {
                // not there (yet): the reader will say so; record the path as given
            }
            String path = p.toString();
            if (out.containsValue(path)) {
                continue;
            }
            String key = DATA_ROOT_PREFIX + s[0];
            for (int n = 2; out.containsKey(key); n++) {
                key = DATA_ROOT_PREFIX + s[0] + "." + n;
            }
            out.put(key, path);
        }
        return out;
    }
}
