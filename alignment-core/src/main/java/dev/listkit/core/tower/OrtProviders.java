package dev.listkit.core.tower;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Execution provider choice for ONNX Runtime sessions: CUDA when the {@code onnxruntime_gpu} artifact
 * (Maven profile {@code gpu}) and a GPU are present, otherwise the CPU; the choice is logged.
 */
public final class OrtProviders {
    private static final Logger LOG = LoggerFactory.getLogger(OrtProviders.class);

    private OrtProviders() {
    }

    /**
     * Adds the CUDA provider to {@code options} when it can run here.
     *
     * @param tryCuda false to keep the CPU
     * @return {@code "CUDA"} or {@code "CPU"}
     */
    public static String choose(OrtSession.SessionOptions options, boolean tryCuda) {
        if (tryCuda && OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
            try {
                options.addCUDA(0);
                return "CUDA";
            } catch (OrtException | RuntimeException e) { // no GPU or no CUDA libraries
                LOG.info("ONNX Runtime CUDA provider unavailable ({}); using the CPU", e.getMessage());
            }
        }
        return "CPU";
    }
}
