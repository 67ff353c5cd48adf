package dev.listkit.core.train;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Loads only the parameters of a trainer checkpoint into an initialised block, for inference. The file
 * is verified first (hash, then every parameter's name and shape), so a corrupt checkpoint or one from
 * another architecture is never half-loaded.
 */
public final class CheckpointWeights {
    private CheckpointWeights() {
    }

    /**
     * Copies the checkpoint's parameters into {@code block}.
     *
     * @return the training step the checkpoint was written at
     * @throws CheckpointException corrupt file, or a parameter missing / extra / of another shape (named)
     */
    public static long loadInto(Block block, Path file) throws CheckpointException {
        Checkpoint ckpt = CheckpointFile.read(file);
        Map<String, Parameter> params = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            params.put(p.getKey(), p.getValue());
        }
        new ArchitectureCheck(file).verify(params, ckpt.tensors());
        NoGrad noGrad = new NoGrad();
        try {
            params.forEach((name, p) -> ckpt.tensors().get(Checkpoint.PARAM + name).copyInto(p.getArray()));
        } finally {
            noGrad.close();
        }
        return ckpt.step();
    }

    /** The SHA-256 of a checkpoint's weights and optimiser state, read from its header (cheap). */
    public static String payloadSha256(Path file) throws CheckpointException {
        return CheckpointFile.payloadSha256(file);
    }

    /** The checkpoint that {@code runDir/checkpoints/latest} points to. */
    public static Path latest(Path runDir) throws CheckpointException {
        Path latest = runDir.resolve("checkpoints").resolve("latest");
        try {
            return latest.resolveSibling(java.nio.file.Files.readString(latest).strip());
        } catch (java.io.IOException e) {
            throw new CheckpointException(latest, "no checkpoint in " + runDir + " (" + e.getMessage() + ")", e);
        }
    }
}
