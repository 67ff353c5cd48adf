package dev.listkit.core.inference.ort;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.listkit.core.ConfigException;
import dev.listkit.core.tower.OrtProviders;
import java.util.List;

/**
 * ONNX Runtime session settings: intra-op threads, graph optimisation level and whether to try the CUDA
 * execution provider. CUDA is used when the {@code onnxruntime_gpu} artifact (Maven profile {@code gpu})
 * and a GPU are present; otherwise the CPU provider, and the choice is logged.
 *
 * @param threads intra-op threads (0 = ONNX Runtime's default: one per core)
 * @param optimization {@code none}, {@code basic}, {@code extended} or {@code all}
 * @param cuda try the CUDA execution provider first
 */
public record OrtOptions(int threads, String optimization, boolean cuda) {
    /** Accepted optimisation levels. */
    public static final List<String> LEVELS = List.of("none", "basic", "extended", "all");

    /** All cores, all optimisations, CUDA when available. */
    public static OrtOptions defaults() {
        return new OrtOptions(0, "all", true);
    }

    /** Checks the values. */
    public OrtOptions validate() throws ConfigException {
        if (threads < 0) {
            throw new ConfigException("ONNX Runtime threads must be >= 0, got " + threads);
        }
        if (!LEVELS.contains(optimization)) {
            throw new ConfigException("ONNX Runtime optimisation level '" + optimization + "' is not one of " + LEVELS);
        }
        return this;
    }

    /**
     * New session options (the caller closes them) and the provider they select.
     *
     * @return the options, and in {@code provider[0]} "CUDA" or "CPU"
     */
    OrtSession.SessionOptions sessionOptions(String[] provider) throws OrtException {
        OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        try {
            if (threads > 0) {
                o.setIntraOpNumThreads(threads);
            }
            o.setOptimizationLevel(switch (optimization) {
                case "none" -> OrtSession.SessionOptions.OptLevel.NO_OPT;
                case "basic" -> OrtSession.SessionOptions.OptLevel.BASIC_OPT;
                case "extended" -> OrtSession.SessionOptions.OptLevel.EXTENDED_OPT;
                default -> OrtSession.SessionOptions.OptLevel.ALL_OPT;
            });
            provider[0] = OrtProviders.choose(o, cuda); // CUDA when present, else the CPU
            return o;
        } catch (OrtException | RuntimeException e) {
            o.close();
            throw e;
        }
    }
}
