package dev.listkit.core.list;

import ai.djl.engine.Engine;
import ai.onnxruntime.OrtEnvironment;
import dev.listkit.core.config.Recipe;
import dev.listkit.core.modality.Modality;
import dev.listkit.core.train.EngineThreads;
import dev.listkit.core.util.BuildInfo;
import dev.listkit.core.util.Hashing;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Where a run came from ({@code provenance.json}): recipe name and hash, the listkit build (version and the
 * git revision it was built from, see {@link BuildInfo}), seeds, the libraries loaded, the JVM, the platform,
 * the threads, the modality fingerprint; jobs add their data fingerprints.
 */
final class Provenance {
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
}
