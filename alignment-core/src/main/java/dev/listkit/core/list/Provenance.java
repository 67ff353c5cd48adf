package dev.listkit.core.list;

import ai.djl.engine.Engine;
import ai.onnxruntime.OrtEnvironment;
import dev.listkit.core.train.EngineThreads;
import dev.listkit.core.util.BuildInfo;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Where a run came from, for {@code provenance.json}: the listkit build (version and the git revision it was
 * built from, see {@link BuildInfo}), the libraries loaded, the JVM, the platform and the threads.
 */
final class Provenance {
    private Provenance() {
    }

    /**
     * The build, library, JVM, platform and thread entries.
     *
     * @param preprocessingThreads the run's preprocessing threads ({@code --threads})
     */
    static Map<String, String> environment(int preprocessingThreads) {
        BuildInfo b = BuildInfo.current();
        Map<String, String> out = new LinkedHashMap<>();
        out.put("listkitVersion", b.version());
        out.put("gitRevision", b.gitRevision());
        out.put("djl", Engine.getDjlVersion());
        out.put("pytorch", Engine.getEngine("PyTorch").getVersion());
        String ort = OrtEnvironment.class.getPackage().getImplementationVersion();
        out.put("onnxRuntime", (ort == null ? b.onnxRuntime() : ort) + " (" + b.onnxRuntimeArtifact() + ")");
        out.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vm.vendor") + " "
                + System.getProperty("java.vm.name") + ")");
        out.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        Runtime rt = Runtime.getRuntime();
        out.put("cpus", Integer.toString(rt.availableProcessors()));
        out.put("maxHeap", String.format(Locale.ROOT, "%.0f MiB", rt.maxMemory() / 1048576.0));
        out.put("threads", String.format(Locale.ROOT, "preprocessing %d, PyTorch intra-op %d, inter-op %d",
                preprocessingThreads, EngineThreads.intraOp(), EngineThreads.interOp()));
        return out;
    }
}
